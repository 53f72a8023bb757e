package atlasadmin

import atlasadmin.typed.callTyped
import atlasadmin.typed.clusters
import atlasadmin.typed.projects
import atlasadmin.typed.withMetadata
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.fail
import java.net.http.HttpRequest as JdkRequest
import java.util.concurrent.atomic.AtomicInteger

/**
 * Every operation of the 2026-08-21 spec called through its typed method (codegen's
 * TypedDispatch.kt: the fixture's params and body decoded into the method's argument types)
 * against Prism, with the reply decoded into the typed model. A reply that does not fit its
 * model is a [DecodeError] and fails the operation's test. PrismTest checks the same requests
 * through the dynamic `call`, violation by violation; here a refusal is accepted only for an
 * operation tests/prism/known-limits.json lists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypedPrismTest {
    /** Prism answers an operation's lowest 2xx unless told which (as in PrismTest). */
    private class PreferTransport : JdkHttpClientTransport() {
        @Volatile var preferStatus: Int? = null

        override fun configure(builder: JdkRequest.Builder, request: HttpRequest) {
            preferStatus?.let { builder.setHeader("Prefer", "code=$it") }
        }
    }
    private val prefer = PreferTransport()
    private val recorder = RecordingTransport(prefer)
    private val client by lazy {
        AtlasClient(
            ClientConfig(
                credentials = Credentials.bearer("conformance-test"),
                baseUrl = requiredUrl("prism.url"),
                retry = RetryOptions(maxAttempts = 1),
            ),
            recorder,
        )
    }
    private val decoded = AtomicInteger()
    private val empty = AtomicInteger()
    private val tolerated = AtomicInteger()
    private val prismCouldNot = AtomicInteger()
    /** Prism 5.14 checks these bodies against the 2023-01-01 schema, which requires a member
     *  the default version's (2024-05-30) model does not have; the fixture carries it so the
     *  dynamic PrismTest passes, the typed model cannot send it. */
    private val otherVersionBody = mapOf("createGroupLiveMigration" to "dropEnabled", "validateGroupLiveMigrations" to "dropEnabled")
    private val otherVersionSchema = java.util.concurrent.ConcurrentLinkedQueue<String>()

    @TestFactory
    fun `every operation of the 2026 spec through its typed method against Prism`(): List<DynamicTest> {
        val current = operations().filter { it.removed == null }.map { it.id }.toSet()
        val calls = Data.requests.filter { it.operationId in current }
        assertEquals(current, calls.map { it.operationId }.toSet(), "one fixture call per current operation")
        return calls.map { call -> DynamicTest.dynamicTest(call.operationId) { runBlocking { callOnce(call) } } }
    }

    private suspend fun callOnce(call: FixtureCall) {
        val id = call.operationId
        prefer.preferStatus = client.chosenVersion(id, null).successStatuses.firstOrNull()
        val params = json(call.params) as JsonObject
        val body = call.body?.let(::json)
        val reply = try {
            callTyped(client, id, params, body)
        } catch (e: ApiError) {
            val status = e.status!!
            when {
                // Prism answers 5xx when it cannot make up an example: nothing to decode.
                status in 500..599 -> prismCouldNot.incrementAndGet()
                id in Data.knownLimits.operations -> tolerated.incrementAndGet()
                // Prism checks this body against another version's schema, which requires a
                // member the default version's typed model does not have (the fixture carries
                // it for that reason; the dynamic PrismTest sends it).
                id in otherVersionBody -> {
                    assertTrue(otherVersionBody[id]!! in (body as JsonObject), "$id: the fixture carries ${otherVersionBody[id]}")
                    otherVersionSchema += id
                }
                else -> fail("$id: Prism refused the typed call ($status): ${e.message}")
            }
            return
        }
        if (recorder.lastResponse!!.body.isEmpty()) {
            empty.incrementAndGet()
        } else {
            assertNotNull(reply, "$id: a reply with content decodes to a value")
            decoded.incrementAndGet()
        }
    }

    @Test
    fun `a paged list is a Flow of typed items`() = runBlocking {
        val projects = client.projects.listProjectsItems(itemsPerPage = 2).take(3).toList()
        assertTrue(projects.isNotEmpty(), "Prism's example list has items")
        assertTrue(projects.all { !it.name.isNullOrEmpty() }, "$projects")
    }

    @Test
    fun `a typed call reports its metadata`() = runBlocking {
        val group = "32b6e34b3d91647abb20e7b8"
        val (page, metadata) = withMetadata { client.clusters.listClusters(groupId = group) }
        assertNotNull(page.results)
        assertEquals(200, metadata?.status)
        assertEquals("listGroupClusters", metadata?.operation)
        assertEquals("2024-08-05", metadata?.version, "the version the typed model describes")
    }

    @AfterAll
    fun summary() {
        println("prism typed (kotlin): ${decoded.get()} replies decoded into their typed models, ${empty.get()} without content, ${prismCouldNot.get()} 5xx (Prism had no example), ${tolerated.get()} refused for Prism's known limits")
        println("prism typed (kotlin): ${otherVersionSchema.size} bodies Prism checked against another version's schema: $otherVersionSchema")
        assertTrue(otherVersionSchema.size <= otherVersionBody.size, "$otherVersionSchema")
        assertTrue(tolerated.get() <= Data.knownLimits.operations.size)
        assertTrue(decoded.get() > 400, "most replies decode into a model: ${decoded.get()}")
    }
}
