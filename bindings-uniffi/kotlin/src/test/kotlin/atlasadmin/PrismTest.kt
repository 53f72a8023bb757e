package atlasadmin

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.fail
import java.io.File
import java.net.HttpURLConnection

/**
 * Every fixture call (tests/fixtures/requests.json) made through [AtlasClient.call] and the
 * HttpURLConnection transport against Prism, a mock that validates requests against the spec:
 * a 4xx means we built a request the spec forbids. One dynamic test per operation, so Surefire
 * counts them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrismTest {
    /** Operations Prism itself refuses although the spec allows the request (see
     *  tests/conformance/tests/prism.rs: oneOf-of-enums and discriminator-only oneOfs). */
    private val prismRefuses = setOf(
        "createAlertConfiguration", "updateAlertConfiguration", "updateStreamInstance",
        "createCloudProviderAccessRole", "createEncryptionAtRestPrivateEndpoint",
        "createIdentityProvider", "updateAtlasSearchIndex", "updateAtlasSearchIndexByName",
    )
    /** Prism answers with an operation's lowest 2xx unless told which; a version whose success
     *  status differs (201 in 2024-05-30, 200 in 2023-01-01) has to ask for its own, as the Rust
     *  suite does. */
    private class PreferTransport : HttpUrlConnectionTransport() {
        @Volatile var preferStatus: Int? = null

        override fun configure(connection: HttpURLConnection, request: HttpRequest) {
            preferStatus?.let { connection.setRequestProperty("Prefer", "code=$it") }
        }
    }
    private val prefer = PreferTransport()
    private val recorder = RecordingTransport(prefer)
    private val client by lazy {
        AtlasClient(
            ClientConfig(
                credentials = Credentials.bearer("conformance-test"),
                baseUrl = requiredUrl("prism.url"),
                // A 5xx from Prism (no example to answer with) is read, not retried.
                maxAttempts = 1u,
            ),
            recorder,
        )
    }
    private var passed = 0
    private val responseSchemaDefects = mutableListOf<String>()

    @TestFactory
    fun `every operation against Prism`(): List<DynamicTest> {
        val fixtures = json(File(System.getProperty("fixtures")).readText()).jsonArray
        assertEquals(466, fixtures.size)
        return fixtures.map { it.jsonObject }
            .filter { it["operationId"]!!.jsonPrimitive.content !in prismRefuses }
            .map { f ->
                val id = f["operationId"]!!.jsonPrimitive.content
                DynamicTest.dynamicTest(id) {
                    val params = f["params"]!!.toString()
                    val body = f["body"]?.takeIf { it != JsonNull }?.toString()
                    runBlocking { callOnce(id, params, body) }
                    passed++
                }
            }
    }

    private suspend fun callOnce(id: String, params: String, body: String?) {
        prefer.preferStatus = client.chosenVersion(id, null).successStatuses.firstOrNull()?.toInt()
        try {
            client.call(id, params, body)
        } catch (e: AtlasException.Api) {
            // Prism answers 5xx when it cannot make up an example; the core must still read it.
            if (e.status.toInt() !in 500..599) {
                fail("$id: Prism refused the request: ${e.summary} ${violations().joinToString("; ")}")
            }
        }
        val found = violations()
        val ours = found.filter { it.startsWith("request") }
        if (ours.isNotEmpty()) fail("$id: request violations: ${ours.joinToString("; ")}")
        // Reply violations are the spec's own examples disagreeing with its schemas.
        found.forEach { responseSchemaDefects += "$id: $it" }
    }

    private fun violations(): List<String> {
        val header = recorder.lastResponse?.header("sl-violations") ?: return emptyList()
        // Prism prefixes a long list with "Too many violations! " and may cut it short, so read
        // each entry's location and message rather than parse the whole as JSON.
        return violationRe.findAll(header).map { m ->
            val at = m.groupValues[1].split(',').joinToString(".") { it.trim().trim('"') }
            "$at ${m.groupValues[2]}"
        }.toList()
    }

    private val violationRe = Regex(""""location":\[([^\]]*)\][^{}]*?"message":"((?:[^"\\]|\\.)*)"""")

    @AfterAll
    fun summary() {
        println("prism (kotlin): $passed of ${466 - prismRefuses.size} operations accepted through HttpURLConnection; ${prismRefuses.size} skipped (Prism's own limits)")
        println("prism (kotlin): ${responseSchemaDefects.size} violations Prism found in its replies against the spec's own response schemas (none in requests)")
        assertTrue(passed >= 50, "at least 50 operations must pass, got $passed")
    }
}
