package atlasadmin

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.net.ServerSocket

/**
 * The two bundled transports on this (stock: no `--add-opens`) JVM: [JdkHttpClientTransport]
 * sends every method the core builds, PATCH and GET-with-body included, against Prism and
 * httpbin; [HttpUrlConnectionTransport] refuses PATCH with its clear error; failures name the
 * method and host, never a credential.
 */
class TransportTest {
    private val prism by lazy { requiredUrl("prism.url") }
    private val httpbin by lazy { requiredUrl("httpbin.url") }

    private val cluster = """{"groupId":"32b6e34b3d91647abb20e7b8","clusterName":"rv"}"""
    private val paused = """{"paused":true}"""
    /** Without it HttpURLConnection labels a body form-encoded, and httpbin reads it as a form. */
    private val jsonType = HttpHeader("Content-Type", "application/json")

    private fun config(base: String, credentials: Credentials = Credentials.bearer("conformance-test")) =
        ClientConfig(credentials = credentials, baseUrl = base, retry = RetryOptions(maxAttempts = 1))

    /** The suite's premise: nothing opened java.net to us, as on a stock JVM. */
    private fun assertStockJvm() {
        assertFalse(
            Any::class.java.module.isOpen("java.net", TransportTest::class.java.module),
            "the tests must run without --add-opens java.base/java.net (pom.xml has no argLine)",
        )
    }

    @Test
    fun `the JDK transport PATCHes a cluster against Prism`() = runBlocking {
        assertStockJvm()
        val recorder = RecordingTransport(JdkHttpClientTransport())
        val client = AtlasClient(config(prism), recorder)
        val built = client.buildRequest("updateGroupCluster", cluster, paused)
        assertEquals("PATCH", built.method())
        assertTrue(built.url().endsWith("/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/rv"), built.url())

        val reply = client.call("updateGroupCluster", cluster, paused)
        val status = recorder.lastResponse!!.status.toInt()
        assertTrue(status in 200..299, "status $status")
        assertEquals(1, recorder.requests)
        // Prism validated the request: no violation of severity error in it. (Violations in
        // the reply are the spec's own examples disagreeing with its schemas.)
        val violations = recorder.lastResponse!!.header("sl-violations")?.let { json(it).jsonArray } ?: JsonArray(emptyList())
        val ours = violations.map { it.jsonObject }.filter {
            it["location"]!!.jsonArray.first().jsonPrimitive.content == "request" &&
                it["severity"]?.jsonPrimitive?.content != "Warning"
        }
        assertTrue(ours.isEmpty(), ours.toString())
        // The reply is a cluster description, decoded as JSON.
        val body = json(reply.jsonOrNull ?: error("not JSON: $reply")) as JsonObject
        assertTrue(body.isNotEmpty(), "an empty cluster description")
        assertTrue(body.keys.any { it in setOf("name", "clusterType", "stateName", "paused") }, body.keys.toString())
    }

    @Test
    fun `AtlasClient(config) uses the JDK transport and PATCHes with no JVM flag`() = runBlocking {
        assertStockJvm()
        assertTrue(defaultTransport() is JdkHttpClientTransport, defaultTransport().javaClass.name)
        val reply = AtlasClient(config(prism)).call("updateGroupCluster", cluster, paused)
        assertTrue(json(reply.jsonOrNull!!) is JsonObject, reply.toString())
    }

    @Test
    fun `HttpURLConnection refuses PATCH on a stock JVM, saying what to do`() {
        assertStockJvm()
        val e = assertThrows<TransportError> {
            runBlocking { AtlasClient(config(prism), HttpUrlConnectionTransport()).call("updateGroupCluster", cluster, paused) }
        }
        val reason = e.reason
        assertTrue(reason.startsWith("PATCH 127.0.0.1: ProtocolException: "), reason)
        assertTrue("refuses PATCH" in reason, reason)
        assertTrue("--add-opens java.base/java.net=ALL-UNNAMED" in reason, reason)
        assertTrue("JdkHttpClientTransport" in reason, reason)
        assertFalse("conformance-test" in reason + e.message, reason)
    }

    @Test
    fun `HttpURLConnection still sends GET and POST on a stock JVM`() = runBlocking {
        val transport = HttpUrlConnectionTransport()
        val client = AtlasClient(config(httpbin, Credentials.none()), transport)
        for (method in listOf("GET", "POST")) {
            val body = if (method == "GET") ByteArray(0) else """{"m":"$method"}""".toByteArray()
            val out = json(client.callRaw(method, "$httpbin/anything", listOf(jsonType), body).jsonOrNull!!).jsonObject
            assertEquals(method, out["method"]!!.jsonPrimitive.content)
            assertEquals(body.decodeToString(), out["data"]!!.jsonPrimitive.content)
        }
    }

    @ParameterizedTest
    @ValueSource(strings = ["GET", "POST", "PUT", "PATCH", "DELETE"])
    fun `the JDK transport sends each method with its body and skips the headers the JDK owns`(method: String) = runBlocking {
        val client = AtlasClient(config(httpbin, Credentials.none()), JdkHttpClientTransport())
        val body = """{"method":"$method","n":1}""".toByteArray()
        val headers = listOf(
            HttpHeader("X-Probe", "kept"),
            jsonType,
            // Each of these makes the JDK throw IllegalArgumentException when set by hand.
            HttpHeader("Host", "elsewhere.invalid"),
            HttpHeader("Content-Length", "999"),
            HttpHeader("Connection", "close"),
            HttpHeader("Expect", "100-continue"),
            HttpHeader("Upgrade", "h2c"),
        )
        assertEquals(JdkHttpClientTransport.RESTRICTED_HEADERS, headers.drop(2).map { it.name.lowercase() }.toSet())
        val out = json(client.callRaw(method, "$httpbin/anything", headers, body).jsonOrNull!!).jsonObject
        assertEquals(method, out["method"]!!.jsonPrimitive.content)
        assertEquals(body.decodeToString(), out["data"]!!.jsonPrimitive.content)
        val echoed = out["headers"]!!.jsonObject.mapValues { it.value.jsonPrimitive.content }
        assertEquals("kept", echoed["X-Probe"])
        assertEquals(body.size.toString(), echoed["Content-Length"])
        assertEquals(httpbin.removePrefix("http://"), echoed["Host"])
    }

    @Test
    fun `the JDK transport sends a bodiless GET and DELETE`() = runBlocking {
        val client = AtlasClient(config(httpbin, Credentials.none()), JdkHttpClientTransport())
        for (method in listOf("GET", "DELETE")) {
            val out = json(client.callRaw(method, "$httpbin/anything", body = ByteArray(0)).jsonOrNull!!).jsonObject
            assertEquals(method, out["method"]!!.jsonPrimitive.content)
            assertEquals("", out["data"]!!.jsonPrimitive.content)
        }
    }

    @Test
    fun `the JDK transport reads statuses and headers, and follows no redirect`() = runBlocking {
        val recorder = RecordingTransport(JdkHttpClientTransport())
        val client = AtlasClient(config(httpbin, Credentials.none()), recorder)
        runCatching { client.callRaw("GET", "$httpbin/redirect-to?url=/get&status_code=302", body = ByteArray(0)) }
        val reply = recorder.lastResponse!!
        assertEquals(302, reply.status.toInt())
        assertEquals("/get", reply.header("Location"))
        assertEquals(1, recorder.requests, "the redirect is the core's to see, not the JDK's to follow")

        client.callRaw("GET", "$httpbin/response-headers?X-Multi=a&X-Multi=b", body = ByteArray(0))
        assertEquals(listOf("a", "b"), recorder.lastResponse!!.headers.filter { it.name.equals("X-Multi", true) }.map { it.value })
        val bytes = recorder.lastResponse!!.body
        assertTrue(json(bytes.decodeToString()).jsonObject["X-Multi"]!!.jsonArray.size == 2)
    }

    @Test
    fun `a failed connection names method and host, never the token`() {
        val closedPort = ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()).use { it.localPort }
        val client = AtlasClient(
            config("http://127.0.0.1:$closedPort", Credentials.bearer("SECRET-TOKEN-4711")),
            JdkHttpClientTransport(),
        )
        val e = assertThrows<TransportError> {
            runBlocking { client.call("listGroupClusters", """{"groupId":"32b6e34b3d91647abb20e7b8"}""") }
        }
        assertTrue(e.reason.startsWith("GET 127.0.0.1: ConnectException"), e.reason)
        for (text in listOf(e.reason, e.message, e.message.orEmpty(), e.toString())) {
            assertFalse("SECRET-TOKEN-4711" in text, text)
            assertFalse("Bearer" in text, text)
        }
    }

    @Test
    fun `a reply slower than the request timeout fails as a timeout`() {
        val client = AtlasClient(config(httpbin, Credentials.none()), JdkHttpClientTransport(requestTimeoutMillis = 300))
        val e = assertThrows<TransportError> {
            runBlocking { client.callRaw("GET", "$httpbin/delay/3", body = ByteArray(0)) }
        }
        assertTrue(e.reason.startsWith("GET 127.0.0.1: HttpTimeoutException"), e.reason)
    }
}
