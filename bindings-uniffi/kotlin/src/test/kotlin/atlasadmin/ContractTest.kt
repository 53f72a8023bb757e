package atlasadmin

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.fail
import java.io.File

/** The binding contract: the shared error table, the option names, metadata and events. */
class ContractTest {
    private val table by lazy {
        val path = System.getProperty("contract.error.cases").orEmpty()
        require(path.isNotEmpty()) { "system property contract.error.cases is not set; run bindings-uniffi/test.sh" }
        json(File(path).readText()).jsonObject
    }

    /** The table's client config, field by field; a field this test does not know fails it. */
    private fun config(credentials: Credentials): ClientConfig {
        var config = ClientConfig(credentials = credentials)
        for ((key, value) in table["config"]!!.jsonObject) {
            config = when (key) {
                "baseUrl" -> config.copy(baseUrl = value.jsonPrimitive.content)
                "retry" -> config.copy(
                    retry = RetryOptions(maxAttempts = value.jsonObject.also {
                        assertEquals(setOf("maxAttempts"), it.keys, "retry fields this test maps")
                    }["maxAttempts"]!!.jsonPrimitive.int),
                )
                else -> fail("error-cases.json config field $key is not mapped by this test")
            }
        }
        return config
    }

    private fun credentials(c: JsonObject): Credentials = when (c["kind"]!!.jsonPrimitive.content) {
        "none" -> Credentials.none()
        "apiKey" -> Credentials.apiKey(c["publicKey"]!!.jsonPrimitive.content, c["privateKey"]!!.jsonPrimitive.content)
        else -> fail("unknown credentials $c")
    }

    private fun reply(r: JsonObject): Any = r["transportError"]?.let { TransportException.Failed(it.jsonPrimitive.content) }
        ?: HttpResponse(
            r["status"]!!.jsonPrimitive.int.toUShort(),
            r["headers"]!!.jsonObject.map { (k, v) -> HttpHeader(k, v.jsonPrimitive.content) },
            (r["body"]!!.let { if (it is JsonPrimitive && it.isString) it.content else it.toString() }).toByteArray(),
        )

    private fun field(e: AtlasError, name: String): JsonElement = when (name) {
        "class" -> JsonPrimitive(e.className)
        "lineage" -> JsonArray(e.lineage.map(::JsonPrimitive))
        "message" -> JsonPrimitive(e.message)
        "operation" -> JsonPrimitive(e.operation)
        "method" -> JsonPrimitive(e.method)
        "url" -> JsonPrimitive(e.url)
        "status" -> JsonPrimitive(e.status)
        "errorCode" -> JsonPrimitive(e.errorCode)
        "detail" -> JsonPrimitive(e.detail)
        "parameters" -> JsonArray(e.parameters.map(::json))
        "parameter" -> JsonPrimitive(e.parameter)
        "retryAfter" -> JsonPrimitive(e.retryAfter)
        "attempts" -> JsonPrimitive(e.attempts)
        "body" -> e.body?.let(::json) ?: JsonNull
        "rateLimit" -> e.rateLimit?.run {
            JsonObject(mapOf("path" to JsonPrimitive(path), "retryAfterSeconds" to JsonPrimitive(retryAfterSeconds),
                "capacity" to JsonPrimitive(capacity), "refillRate" to JsonPrimitive(refillRate),
                "refillDurationSeconds" to JsonPrimitive(refillDurationSeconds)))
        } ?: JsonNull
        else -> fail("expect field $name has no Kotlin counterpart")
    }

    @Test
    fun `every field of the core's error report has its Kotlin counterpart, rateLimit too`() {
        val client = AtlasClient(ClientConfig(credentials = Credentials.none(), baseUrl = "http://atlas.test"), ScriptedTransport())
        val body = """{"error":429,"errorCode":"RATE_LIMITED_TOKEN_BUCKET","detail":"limited",""" +
            """"parameters":["api/atlas/v2/groups",45,10,5,60]}"""
        for (response in listOf(jsonResponse(429, body), jsonResponse(404, """{"error":404,"errorCode":"GROUP_NOT_FOUND"}"""))) {
            val report = try {
                client.native.parseResponse("getProject", response, 0uL)
                fail("no error")
            } catch (e: AtlasException.Failed) {
                json(e.report).jsonObject
            }
            val e = AtlasError.of(ErrorInfo.decode(report.toString()))
            assertTrue("rateLimit" in report.keys, "${report.keys}")
            for ((name, want) in report) assertEquals(want, field(e, name), "field $name")
        }
        val e = assertThrows<RateLimited> { client.parseResponse("getProject", jsonResponse(429, body)) }
        assertEquals(TokenBucket("api/atlas/v2/groups", 45, 10, 5, 60), e.rateLimit)
        assertEquals(45.0, e.retryAfter)
    }

    @Test
    fun `every error case gives the tabled class, message and fields`() {
        val cases = table["cases"]!!.jsonArray.map { it.jsonObject }
        assertTrue(cases.size >= 8, "${cases.size} cases")
        for (case in cases) {
            val name = case["name"]!!.jsonPrimitive.content
            val transport = ScriptedTransport(*case["replies"]!!.jsonArray.map { reply(it.jsonObject) }.toTypedArray())
            val client = AtlasClient(config(credentials(case["credentials"]!!.jsonObject)), transport)
            val e = assertThrows<AtlasError>(name) {
                runBlocking {
                    client.call(case["operation"]!!.jsonPrimitive.content, case["params"]!!.toString(), case["body"]?.toString())
                }
            }
            val expect = case["expect"]!!.jsonObject
            val kotlinClass = e::class.simpleName
            assertEquals(expect["class"]!!.jsonPrimitive.content, kotlinClass, "$name: Kotlin class")
            assertEquals(expect["lineage"]!!.jsonArray.map { it.jsonPrimitive.content }.dropLast(1),
                generateSequence<Class<*>>(e.javaClass) { it.superclass }.map { it.simpleName }
                    .takeWhile { it != "AtlasError" }.toList(), "$name: Kotlin class hierarchy")
            for ((f, want) in expect) assertEquals(want, field(e, f), "$name: field $f")
            assertEquals(expect["message"]!!.jsonPrimitive.content, e.message, "$name: message")
            assertTrue(e is AtlasError && e is Exception)
            assertFalse("private-key-never-shown" in e.message + e.info.toString(), name)
        }
    }

    @Test
    fun `the option records carry exactly the core's contract fields`() {
        val core = contractFields()
        fun names(c: Class<*>) = c.declaredFields.filter { !java.lang.reflect.Modifier.isStatic(it.modifiers) }.map { it.name }.toSet()
        assertEquals(core.config.toSet() + setOf("credentials", "randomSeed", "onWarning", "onEvent", "tokenCache"), names(ClientConfig::class.java))
        assertEquals(core.callOptions.toSet(), names(CallOptions::class.java))
        assertEquals(core.retry.toSet(), names(RetryOptions::class.java))
        assertEquals(core.wait.toSet(), names(WaitOptions::class.java))
        assertTrue("maxRetryAfter" in core.retry && "timeout" in core.callOptions, "$core")
        // What crosses to the core: with every field set, each record's JSON has exactly them.
        val retry = RetryOptions(1, 0.1, 1.0, 2.0, true)
        val options = CallOptions("2023-01-01", "csv", true, mapOf("x" to "y"), retry, 1.0, true)
        val config = ClientConfig(Credentials.none(), "http://atlas.test", "ua", "2023-01-01", true, retry, 1.0, mapOf("x" to "y"), "o1", "g1")
        assertEquals(core.retry.toSet(), retry.coreJson().keys)
        assertEquals(core.callOptions.toSet(), json(options.coreJson()).jsonObject.keys)
        assertEquals(core.config.toSet(), json(config.coreJson()).jsonObject.keys)
        assertEquals(core.wait.toSet(), json(WaitOptions(60.0, 1.0, 10.0).coreJson()).jsonObject.keys)
    }

    private val group = "32b6e34b3d91647abb20e7b8"
    private fun ok(vararg h: Pair<String, String>) = jsonResponse(200, """{"results":[],"totalCount":0}""", *h)

    @Test
    fun `client and call options reach the request and the retry loop`() = runBlocking {
        val t = ScriptedTransport(
            jsonResponse(503, """{"error":503}""", "Retry-After" to "1"),
            ok(),
            ok(),
        )
        val client = AtlasClient(
            ClientConfig(
                credentials = Credentials.bearer("T"),
                baseUrl = "http://atlas.test",
                userAgent = "ua-test/1",
                versionPin = "2023-01-31",
                timeout = 12.5,
                headers = mapOf("x-trace" to "client", "x-other" to "o"),
                retry = RetryOptions(maxAttempts = 2, baseDelay = 0.25, maxDelay = 1.0, maxRetryAfter = 60.0),
            ),
            t,
        )
        client.call("listClusters", """{"groupId":"$group"}""")
        val (first, second) = t.sent.toList()
        assertEquals("http://atlas.test/api/atlas/v2/groups/$group/clusters", first.url())
        assertEquals("ua-test/1", first.header("user-agent"))
        assertEquals("client", first.header("x-trace"))
        assertEquals(12_500uL, first.timeoutMillis())
        assertEquals("application/vnd.atlas.2023-01-01+json", first.header("accept"))
        assertEquals(listOf(1000uL), t.slept.toList())
        assertEquals(first.url(), second.url())

        client.call(
            "listClusters", """{"groupId":"$group"}""", null,
            CallOptions(version = "2023-02-01", headers = mapOf("x-trace" to "call"), timeout = 3.0, strict = true),
        )
        val third = t.sent.last()
        assertEquals("call", third.header("x-trace"))
        assertEquals("o", third.header("x-other"))
        assertEquals(3_000uL, third.timeoutMillis())
        assertEquals("application/vnd.atlas.2023-02-01+json", third.header("accept"))

        // defaultGroupId: a call that leaves groupId out goes to that project.
        val t3 = ScriptedTransport(ok())
        AtlasClient(ClientConfig(Credentials.none(), "http://atlas.test", defaultGroupId = group), t3).call("listClusters")
        assertEquals("http://atlas.test/api/atlas/v2/groups/$group/clusters", t3.sent.single().url())

        // maxRetryAfter: a Retry-After beyond it is not waited for.
        val t2 = ScriptedTransport(jsonResponse(429, """{"error":429}""", "Retry-After" to "120"))
        val e = assertThrows<RateLimited> {
            runBlocking {
                AtlasClient(ClientConfig(credentials = Credentials.none(), baseUrl = "http://atlas.test"), t2)
                    .call("listClusters", """{"groupId":"$group"}""", null, CallOptions(retry = RetryOptions(maxRetryAfter = 60.0)))
            }
        }
        assertEquals(120.0, e.retryAfter)
        assertTrue(t2.slept.isEmpty())
        // format and an unknown option value are checked by the core.
        assertThrows<BuildError> { client.buildRequest("listClusters", """{"groupId":"$group"}""", null, CallOptions(format = "xml")) }
        assertThrows<BuildError> { client.buildRequest("listClusters", """{"groupId":"$group"}""", null, CallOptions(headers = mapOf("Authorization" to "x"))) }
        val pinned = client.buildRequest("getInvoice", """{"orgId":"$group","invoiceId":"$group"}""", null, CallOptions(format = "csv"))
        assertTrue(pinned.header("accept")!!.endsWith("+csv"), pinned.header("accept"))
    }

    @Test
    fun `retryNonIdempotent retries a POST on 500, per call and per policy`() = runBlocking {
        for (options in listOf(CallOptions(retryNonIdempotent = true), CallOptions(retry = RetryOptions(retryNonIdempotent = true)))) {
            val t = ScriptedTransport(jsonResponse(500, """{"error":500}"""), jsonResponse(200, """{"id":"p"}"""))
            AtlasClient(ClientConfig(credentials = Credentials.none(), baseUrl = "http://atlas.test"), t)
                .call("createProject", null, """{"name":"p","orgId":"$group"}""", options)
            assertEquals(2, t.sent.size, "$options")
        }
    }

    @Test
    fun `a call returns its metadata, and its events go to the listener without secrets`() = runBlocking {
        val events = mutableListOf<AtlasEvent>()
        val t = ScriptedTransport(
            jsonResponse(503, """{"error":503}""", "Retry-After" to "1"),
            ok("RateLimit-Limit" to "100", "RateLimit-Remaining" to "99", "X-Request-Id" to "r1"),
        )
        val client = AtlasClient(
            ClientConfig(credentials = Credentials.bearer("SECRET-TOKEN"), baseUrl = "http://atlas.test", onEvent = EventListener { events += it }),
            t,
        )
        val result = client.callWithMetadata("listClusters", """{"groupId":"$group"}""")
        val m = result.metadata ?: fail("no metadata")
        assertEquals(200, m.status)
        assertEquals(2, m.attempts)
        assertEquals("2023-01-01", m.version)
        assertEquals("listGroupClusters", m.operation)
        assertEquals(100L, m.rateLimitLimit)
        assertEquals(99L, m.rateLimitRemaining)
        assertTrue(m.headers.any { it.name == "x-request-id" && it.value == "r1" }, "${m.headers}")
        assertTrue(result.payload is Payload.Json)
        assertEquals(listOf("requestSent", "replyReceived", "retrying", "waiting", "requestSent", "replyReceived"), events.map { it.kind })
        assertTrue(events.all { json(it.json).jsonObject["event"]!!.jsonPrimitive.content == it.kind })
        assertTrue("/groups/$group/clusters" in events[0].message, events[0].message)
        assertFalse(events.any { "SECRET-TOKEN" in it.toString() }, "$events")
    }

    @Test
    fun `a listener that throws does not change the call`() = runBlocking {
        val t = ScriptedTransport(ok())
        val client = AtlasClient(
            ClientConfig(credentials = Credentials.none(), baseUrl = "http://atlas.test", onEvent = EventListener { error("logger down") }),
            t,
        )
        assertTrue(client.call("listClusters", """{"groupId":"$group"}""") is Payload.Json)
    }
}
