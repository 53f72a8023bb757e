package atlasadmin

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.double
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.fail
import java.io.File
import java.net.URI

/**
 * The shared fault matrix (tests/contract/faults.json) through the default transport (the JDK's
 * HttpClient), real sockets and all, against the fault server (tests/faults/server.py) on
 * 127.0.0.1. The Rust, Python and JS suites run the same table through theirs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsTest {
    private val tableFile by lazy {
        val path = System.getProperty("contract.faults").orEmpty()
        require(path.isNotEmpty()) { "system property contract.faults is not set; run bindings-uniffi/test.sh" }
        File(path)
    }
    private val table by lazy { json(tableFile.readText()).jsonObject }
    private val server by lazy { FaultServer(tableFile) }

    @AfterAll
    fun stopServer() = server.stop()

    /** tests/faults/server.py on an ephemeral loopback port; closing its stdin stops it. */
    class FaultServer(table: File) {
        private val process: Process = ProcessBuilder(
            "python3", File(table.parentFile.parentFile, "faults/server.py").path, table.path,
        ).redirectError(ProcessBuilder.Redirect.INHERIT).start()
        private val ports = json(process.inputStream.bufferedReader().readLine()).jsonObject
        val port = ports["port"]!!.jsonPrimitive.int
        val refusedPort = ports["refusedPort"]!!.jsonPrimitive.int

        fun baseUrl(case: JsonObject): String {
            val p = if (case["server"]?.jsonPrimitive?.content == "refused") refusedPort else port
            return "http://127.0.0.1:$p/${case.str("id")}"
        }

        fun requests(case: JsonObject): JsonElement =
            json(URI("http://127.0.0.1:$port/${case.str("id")}/_faults/requests").toURL().readText())

        fun stop() {
            process.outputStream.close()
            process.waitFor()
        }
    }

    /** The table's client config, field by field; a field this test does not know fails it. */
    private fun config(case: JsonObject, events: MutableList<AtlasEvent>): ClientConfig {
        var config = ClientConfig(
            credentials = credentials(case["credentials"]!!.jsonObject),
            baseUrl = server.baseUrl(case),
            onEvent = { events.add(it) },
        )
        for ((key, value) in table["config"]!!.jsonObject) {
            config = when (key) {
                "timeout" -> config.copy(timeout = value.jsonPrimitive.double)
                "retry" -> config.copy(retry = retry(value.jsonObject))
                else -> fail("faults.json config field $key is not mapped by this test")
            }
        }
        return config
    }

    private fun retry(r: JsonObject): RetryOptions {
        var retry = RetryOptions()
        for ((key, value) in r) {
            retry = when (key) {
                "maxAttempts" -> retry.copy(maxAttempts = value.jsonPrimitive.int)
                "baseDelay" -> retry.copy(baseDelay = value.jsonPrimitive.double)
                "maxDelay" -> retry.copy(maxDelay = value.jsonPrimitive.double)
                else -> fail("faults.json retry field $key is not mapped by this test")
            }
        }
        return retry
    }

    private fun options(case: JsonObject): CallOptions {
        var options = CallOptions()
        for ((key, value) in case["options"]?.jsonObject ?: JsonObject(emptyMap())) {
            options = when (key) {
                "retryNonIdempotent" -> options.copy(retryNonIdempotent = value.jsonPrimitive.boolean)
                else -> fail("faults.json option $key is not mapped by this test")
            }
        }
        return options
    }

    private fun credentials(c: JsonObject): Credentials = when (c.str("kind")) {
        "none" -> Credentials.none()
        "apiKey" -> Credentials.apiKey(c.str("publicKey"), c.str("privateKey"))
        "serviceAccount" -> Credentials.serviceAccount(c.str("clientId"), c.str("clientSecret"))
        else -> fail("unknown credentials $c")
    }

    private fun field(e: AtlasError, name: String): JsonElement = when (name) {
        "class" -> JsonPrimitive(e.className)
        "status" -> JsonPrimitive(e.status)
        "errorCode" -> JsonPrimitive(e.errorCode)
        "attempts" -> JsonPrimitive(e.attempts)
        else -> fail("expect field $name has no Kotlin counterpart in this test")
    }

    /** The call's result: the reply as JSON, or the listing's item ids. */
    private suspend fun play(case: JsonObject, client: AtlasClient): JsonElement {
        val operation = case.str("operation")
        val params = case["params"]!!.toString()
        if (case["paged"]?.jsonPrimitive?.boolean == true) {
            val ids = mutableListOf<JsonElement>()
            client.paginate(operation, params, options(case)).use { pager ->
                while (true) {
                    val items = pager.nextPage() ?: break
                    items.forEach { ids.add(json(it).jsonObject["id"]!!) }
                }
            }
            return JsonArray(ids)
        }
        return when (val payload = client.call(operation, params, case["body"]?.toString(), options(case))) {
            is Payload.Json -> json(payload.json)
            else -> fail("a reply that is not JSON: $payload")
        }
    }

    @TestFactory
    fun `every fault case ends as the table says`(): List<DynamicTest> = table["cases"]!!.jsonArray.map { element ->
        val case = element.jsonObject
        DynamicTest.dynamicTest(case.str("name")) { runBlocking { check(case) } }
    }

    private suspend fun check(case: JsonObject) {
        val events = mutableListOf<AtlasEvent>()
        val expect = case["expect"]!!.jsonObject
        val texts = mutableListOf<String>()
        val started = System.nanoTime()
        // No transport given: the default one is what is under test.
        AtlasClient(config(case, events)).use { client ->
            val error = expect["error"]?.jsonObject
            if (error != null) {
                val e = try {
                    fail("resolved with ${play(case, client)}")
                } catch (e: AtlasError) {
                    e
                }
                texts += listOf(e.message, e.toString(), e.info.toString())
                for ((name, want) in error) assertEquals(want, field(e, name), "${e.message}: field $name")
            } else {
                val got = play(case, client)
                expect["items"]?.let { assertEquals(it, got, "items") }
                for ((name, want) in expect["result"]?.jsonObject ?: JsonObject(emptyMap())) {
                    assertEquals(want, got.jsonObject[name] ?: JsonNull, "result field $name")
                }
            }
        }
        val took = (System.nanoTime() - started) / 1e9
        assertTrue(took < table["withinSeconds"]!!.jsonPrimitive.double, "took $took s")
        assertEquals(expect["requests"], server.requests(case), "requests the server got")
        assertTrue(events.isNotEmpty(), "no events to look for secrets in")
        texts += events.map { it.json + it.message }
        for (secret in table["secrets"]!!.jsonArray.map { it.jsonPrimitive.content }) {
            for (text in texts) assertFalse(secret in text, "$secret shown in $text")
        }
    }
}

private fun JsonObject.str(key: String): String = this[key]!!.jsonPrimitive.content
