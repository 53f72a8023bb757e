package atlasadmin

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonArray
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
import java.net.http.HttpRequest as JdkRequest
import java.util.concurrent.atomic.AtomicInteger

/**
 * Every operation of the 2026-08-21 spec, called with its fixture (tests/fixtures/requests.json)
 * through [AtlasClient.call] and [JdkHttpClientTransport] (the JVM default: PATCH with no JVM
 * flags) against Prism started with that spec, a mock that validates requests: a 4xx means we built a request the spec forbids, unless
 * tests/prism/known-limits.json lists the operation and every violation is of its kind. One
 * dynamic test per operation, so Surefire counts them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrismTest {
    /** Prism answers with an operation's lowest 2xx unless told which; a version whose success
     *  status differs (201 in 2024-05-30, 200 in 2023-01-01) has to ask for its own, as the Rust
     *  suite does. */
    private class PreferTransport : JdkHttpClientTransport() {
        @Volatile var preferStatus: Int? = null

        override fun configure(builder: JdkRequest.Builder, request: HttpRequest) {
            preferStatus?.let { builder.setHeader("Prefer", "code=$it") }
        }
    }
    private val prefer = PreferTransport()
    private val recorder = RecordingTransport(prefer)
    private val warnings = WarningLog(recorder)
    private val client by lazy {
        AtlasClient(
            ClientConfig(
                credentials = Credentials.bearer("conformance-test"),
                baseUrl = requiredUrl("prism.url"),
                // A 5xx from Prism (no example to answer with) is read, not retried.
                retry = RetryOptions(maxAttempts = 1),
                onWarning = warnings,
            ),
            recorder,
        )
    }
    private val sent = AtomicInteger()
    private val accepted = AtomicInteger()
    /** Accepted and parsed, by HTTP method: PATCH among them shows no JVM flag is needed. */
    private val acceptedByMethod = java.util.concurrent.ConcurrentHashMap<String, Int>()
    private val tolerated = mutableMapOf<String, Int>()
    private val pastSunset = mutableListOf<String>()
    private val responseSchemaDefects = mutableListOf<String>()
    private val requestWarnings = mutableListOf<String>()

    @TestFactory
    fun `every operation of the 2026 spec against Prism`(): List<DynamicTest> {
        val current = operations().filter { it.removed == null }.map { it.id }.toSet()
        assertEquals(540, current.size)
        val calls = Data.requests.filter { it.operationId in current }
        assertEquals(current, calls.map { it.operationId }.toSet(), "one fixture call per current operation")
        assertTrue(current.containsAll(Data.knownLimits.operations.keys), "known-limits.json names current ids")
        return calls.map { call ->
            DynamicTest.dynamicTest(call.operationId) { runBlocking { callOnce(call) } }
        }
    }

    private suspend fun callOnce(call: FixtureCall) {
        val id = call.operationId
        prefer.preferStatus = client.chosenVersion(id, null).successStatuses.firstOrNull()?.toInt()
        warnings.clear()
        sent.incrementAndGet()
        try {
            client.call(id, call.params, call.body)
        } catch (e: ApiError) {
            val status = e.status!!
            // Prism answers 5xx when it cannot make up an example; the core must still read it.
            if (status !in 500..599) {
                val found = violations(refusal = true).filter { it.error }.map { it.text }
                val kind = Data.knownLimits.tolerated(id, found)
                    ?: fail("$id: Prism refused the request ($status): ${e.message} ${found.joinToString("; ")}")
                synchronized(tolerated) { tolerated.merge(kind, 1, Int::plus) }
                return
            }
        }
        accepted.incrementAndGet()
        acceptedByMethod.merge(operationInfo(id)!!.method, 1, Int::plus)
        val (request, reply) = violations(refusal = false).partition { it.text.startsWith("request") }
        val ours = request.filter { it.error }.map { it.text }
        if (ours.isNotEmpty()) fail("$id: request violations: ${ours.joinToString("; ")}")
        // Prism's warnings on a request it accepts: a parameter the spec marks deprecated.
        request.filterNot { it.error }.forEach { requestWarnings += "$id: ${it.text}" }
        // Reply violations are the spec's own examples disagreeing with its schemas.
        reply.forEach { responseSchemaDefects += "$id: ${it.text}" }
        // A current operation is never reported removed. Its default version is past its sunset
        // only when the operation has no other version to move to (serverless operations): the
        // default never picks a sunset version over a newer one.
        assertTrue(warnings.warnings.none { it is AtlasWarning.Removed }, "$id: ${warnings.warnings}")
        assertTrue(warnings.warnings.filterIsInstance<AtlasWarning.PastSunset>().all { it.newest == null }, "$id: ${warnings.warnings}")
        warnings.warnings.filterIsInstance<AtlasWarning.PastSunset>().forEach { pastSunset += "${it.operation} ${it.version} (sunset ${it.sunset}, newest ${it.newest})" }
        assertTrue(warnings.sentBefore.all { it == recorder.requests - 1 }, "$id: warnings come before sending")
    }

    private class Violation(val text: String, val error: Boolean)

    /** The violations Prism reports: in the `sl-violations` header, or in a refusal's body
     *  (`validation`). Prism prefixes a long header list with "Too many violations! " and may
     *  cut it short; such a list is read entry by entry (possessive patterns, so no input makes
     *  the matcher recurse deeply). */
    private fun violations(refusal: Boolean): List<Violation> {
        val reply = recorder.lastResponse ?: return emptyList()
        val text = reply.header("sl-violations") ?: if (refusal) reply.body.decodeToString() else return emptyList()
        val parsed = runCatching {
            val root = json(text.removePrefix("Too many violations! "))
            (root as? JsonArray ?: root.jsonObject["validation"]!!.jsonArray).map { v ->
                val o = v.jsonObject
                val at = o["location"]!!.jsonArray.joinToString(".") { it.jsonPrimitive.content }
                Violation("$at ${o["message"]?.jsonPrimitive?.content.orEmpty()}", o["severity"]?.jsonPrimitive?.content != "Warning")
            }
        }.getOrNull()
        return parsed ?: entryRe.findAll(text).map { entry ->
            val e = entry.value
            val at = locationRe.find(e)!!.groupValues[1].split(',').joinToString(".") { it.trim().trim('"') }
            val message = messageRe.find(e)?.groupValues?.get(1).orEmpty()
            Violation("$at $message", severityRe.find(e)?.groupValues?.get(1) != "Warning")
        }.toList()
    }

    private val entryRe = Regex("""\{[^{}]*+"location"[^{}]*+\}""")
    private val locationRe = Regex(""""location":\[([^\]]*+)\]""")
    private val messageRe = Regex(""""message":"((?:[^"\\]++|\\.)*+)"""")
    private val severityRe = Regex(""""severity":"([A-Za-z]++)"""")

    @AfterAll
    fun summary() {
        val refused = tolerated.values.sum()
        val kinds = tolerated.entries.sortedBy { it.key }.joinToString { "${it.key} ${it.value}" }
        println("prism (kotlin): ${sent.get()} operations of the 2026 spec sent through java.net.http.HttpClient, ${accepted.get()} accepted and parsed, $refused refused for Prism's known limits ($kinds)")
        println("prism (kotlin): accepted by method: ${acceptedByMethod.toSortedMap()}")
        println("prism (kotlin): ${responseSchemaDefects.size} violations Prism found in its replies against the spec's own response schemas (none in requests)")
        println("prism (kotlin): ${pastSunset.size} calls at their default version reported past its sunset by this clock: ${pastSunset.joinToString("; ")}")
        println("prism (kotlin): ${requestWarnings.size} Prism warnings on accepted requests: ${requestWarnings.joinToString("; ")}")
        assertTrue(refused <= Data.knownLimits.operations.size, "tolerated $refused refusals")
        assertTrue(accepted.get() + refused <= sent.get())
        // Every PATCH went through java.net.http on a JVM started without --add-opens.
        assertTrue((acceptedByMethod["PATCH"] ?: 0) > 0, "PATCH operations accepted: $acceptedByMethod")
    }
}
