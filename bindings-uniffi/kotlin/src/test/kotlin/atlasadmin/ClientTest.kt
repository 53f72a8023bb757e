package atlasadmin

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The async loop over a scripted host transport: auth headers, retries, sleeps, paging, errors. */
class ClientTest {
    private val group = "32b6e34b3d91647abb20e7b8"
    private val listParams = """{"groupId":"$group"}"""

    private fun client(transport: HttpTransport, attempts: Int? = null) = AtlasClient(
        ClientConfig(
            credentials = Credentials.bearer("TOKEN-XYZ"),
            baseUrl = "http://atlas.test",
            retry = attempts?.let { RetryOptions(maxAttempts = it) },
            randomSeed = 42uL,
        ),
        transport,
    )

    @Test
    fun `a call sends the bearer token and returns JSON`() = runBlocking {
        val t = ScriptedTransport(jsonResponse(200, """{"results":[{"name":"c0"}],"totalCount":1}"""))
        val out = client(t).call("listClusters", listParams, null)
        val body = json(out.jsonOrNull!!).jsonObject
        assertEquals("c0", body["results"]!!.jsonArray[0].jsonObject["name"]!!.jsonPrimitive.content)
        val req = t.sent.single()
        assertEquals("http://atlas.test/api/atlas/v2/groups/$group/clusters", req.url())
        assertEquals("Bearer TOKEN-XYZ", req.header("authorization"))
        assertFalse("TOKEN-XYZ" in req.toString(), "toString is the redacted curl: $req")
    }

    @Test
    fun `a service account gets a token through the host transport, then uses it`() = runBlocking {
        val t = ScriptedTransport(
            HttpResponse(
                200u,
                listOf(HttpHeader("Content-Type", "application/json")),
                """{"access_token":"ACCESS-1","token_type":"Bearer","expires_in":3600}""".toByteArray(),
            ),
            jsonResponse(200, """{"results":[],"totalCount":0}"""),
            jsonResponse(200, """{"results":[],"totalCount":0}"""),
        )
        val client = AtlasClient(
            ClientConfig(credentials = Credentials.serviceAccount("mdb_sa_id_1", "CLIENT-SECRET"), baseUrl = "http://atlas.test"),
            t,
        )
        client.call("listClusters", listParams, null)
        client.call("listClusters", listParams, null)
        val (token, first, second) = t.sent.toList()
        assertEquals("POST", token.method())
        assertEquals("http://atlas.test/api/oauth/token", token.url())
        assertTrue(token.header("authorization")!!.startsWith("Basic "))
        assertFalse("CLIENT-SECRET" in token.toString() || "CLIENT-SECRET" in token.header("authorization")!!)
        assertEquals("Bearer ACCESS-1", first.header("authorization"))
        assertEquals("Bearer ACCESS-1", second.header("authorization"), "the token is reused, not fetched again")
    }

    @Test
    fun `503 with Retry-After is waited out through the host's sleep, then retried`() = runBlocking {
        val t = ScriptedTransport(
            jsonResponse(503, """{"error":503,"errorCode":"SERVICE_UNAVAILABLE"}""", "Retry-After" to "2"),
            jsonResponse(200, """{"results":[],"totalCount":0}"""),
        )
        client(t).call("listClusters", listParams, null)
        assertEquals(listOf(2000uL), t.slept.toList())
        assertEquals(2, t.sent.size)
    }

    @Test
    fun `a transport that keeps failing gives a Transport error with the attempts`() = runBlocking {
        val t = ScriptedTransport(
            TransportException.Failed("connection refused"),
            TransportException.Failed("connection refused"),
        )
        val e = assertThrows<TransportError> { runBlocking { client(t, attempts = 2).call("listClusters", listParams, null) } }
        assertEquals(2, e.attempts)
        assertEquals("connection refused", e.reason)
        assertEquals(1, t.slept.size, "one back-off between the two attempts")
    }

    @Test
    fun `an unexpected exception from the transport is a transport failure, not a crash`() = runBlocking {
        val t = ScriptedTransport(IllegalStateException("boom"))
        val e = assertThrows<TransportError> { runBlocking { client(t, attempts = 1).call("listClusters", listParams, null) } }
        assertTrue("boom" in e.reason, e.reason)
    }

    @Test
    fun `an error answer is an Api error and is not retried when the method is not idempotent`() = runBlocking {
        val t = ScriptedTransport(jsonResponse(500, """{"error":500,"errorCode":"UNEXPECTED_ERROR","detail":"x"}"""))
        val e = assertThrows<ApiError> {
            runBlocking { client(t).call("createProject", null, """{"name":"p","orgId":"$group"}""") }
        }
        assertEquals(500, e.status)
        assertEquals("UNEXPECTED_ERROR", e.errorCode)
        assertEquals(1, t.sent.size)
        assertFalse("TOKEN-XYZ" in e.message!!)
    }

    @Test
    fun `a bad parameter fails before any I-O`() = runBlocking {
        val t = ScriptedTransport()
        assertThrows<BuildError> { runBlocking { client(t).call("listClusters", """{"groupId":"x"}""", null) } }
        assertTrue(t.sent.isEmpty())
    }

    @Test
    fun `pages are followed until totalCount, as a Flow and as collectAll`() = runBlocking {
        fun pages() = arrayOf<Any>(
            jsonResponse(200, """{"results":[{"i":1},{"i":2}],"totalCount":3}"""),
            jsonResponse(200, """{"results":[{"i":3}],"totalCount":3}"""),
        )
        val t = ScriptedTransport(*pages())
        val seen = client(t).pages("listClusters", """{"groupId":"$group","itemsPerPage":2}""").toList()
        assertEquals(listOf(2, 1), seen.map { it.size })
        assertEquals("3", json(seen[1][0]).jsonObject["i"]!!.jsonPrimitive.content)
        assertTrue(t.sent.last().url().contains("pageNum=2"), t.sent.last().url())

        val all = client(ScriptedTransport(*pages())).collectAll("listClusters", """{"groupId":"$group","itemsPerPage":2}""", 10u)
        assertEquals(3, json(all).jsonArray.size)
        val capped = assertThrows<AtlasError> {
            runBlocking { client(ScriptedTransport(*pages())).collectAll("listClusters", """{"groupId":"$group","itemsPerPage":2}""", 2u) }
        }
        assertTrue("more than 2 items" in capped.message, capped.message)
        assertEquals(AtlasError::class, capped::class, "the core's class AtlasError, raised as itself")
    }

    @Test
    fun `cancelling the caller cancels the host's request`() = runBlocking {
        val started = CompletableDeferred<Unit>()
        val cancelled = CompletableDeferred<Unit>()
        val hanging = object : HttpTransport {
            override suspend fun send(request: HttpRequest): HttpResponse {
                started.complete(Unit)
                try {
                    awaitCancellation()
                } finally {
                    cancelled.complete(Unit)
                }
            }

            override suspend fun sleep(millis: ULong) {}
        }
        val job = launch(Dispatchers.Default) { client(hanging).call("listClusters", listParams) }
        withTimeout(5_000) { started.await() }
        job.cancelAndJoin()
        withTimeout(5_000) { cancelled.await() }
    }

    @Test
    fun `a finished pager keeps answering null`() = runBlocking {
        val t = ScriptedTransport(jsonResponse(200, """{"results":[],"totalCount":0}"""))
        val pager = client(t).paginate("listClusters", listParams)
        assertNull(pager.nextPage())
        assertNull(pager.nextPage())
        assertEquals(1, t.sent.size)
    }

    @Test
    fun `paging a non-list operation is an AtlasError itself`() = runBlocking {
        val e = assertThrows<AtlasError> {
            runBlocking { client(ScriptedTransport()).paginate("getCluster", """{"groupId":"$group","clusterName":"c"}""").nextPage() }
        }
        assertTrue("not a list operation" in e.message, e.message)
        assertEquals(AtlasError::class, e::class)
        assertEquals(listOf("AtlasError"), e.lineage)
    }
}
