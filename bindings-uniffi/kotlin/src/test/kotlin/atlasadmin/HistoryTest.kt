package atlasadmin

import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.fail
import java.net.URI
import java.time.LocalDate
import java.time.ZoneOffset

/**
 * Nothing dropped silently: the first release's calls still build, operations Atlas removed
 * still build and say so, a version past its sunset still works and says so, and 410
 * VERSION_GONE names the version to move to.
 */
class HistoryTest {
    private val group = "32b6e34b3d91647abb20e7b8"

    private fun client(log: WarningLog, transport: HttpTransport = ScriptedTransport(), pin: String? = null) =
        AtlasClient(
            ClientConfig(credentials = Credentials.bearer("T"), baseUrl = "http://atlas.test", versionPin = pin, onWarning = log),
            transport,
        )

    /** `template` with each `{name}` replaced by that parameter's value, as a decoded path. */
    private fun expand(template: String, params: String): String {
        val values = json(params).jsonObjectOrEmpty()
        return Regex("""\{([^}]+)}""").replace(template) { m ->
            values[m.groupValues[1]] ?: fail("no value for path parameter ${m.groupValues[1]} in $params")
        }
    }

    private fun kotlinx.serialization.json.JsonElement.jsonObjectOrEmpty(): Map<String, String> =
        (this as? kotlinx.serialization.json.JsonObject).orEmpty()
            .mapValues { (_, v) -> (v as? kotlinx.serialization.json.JsonPrimitive)?.content ?: v.toString() }

    /**
     * First-release calls that the 2026-08-21 spec's own rules refuse (a body field it made
     * required, a new minimum), by canonical id, with the parameter or field the refusal must
     * name. The name still resolves to the 2025 method and path; only these calls' values no
     * longer pass. Any other refusal fails the test.
     */
    private val stricterIn2026 = mapOf(
        "getGroupDbAccessHistoryCluster" to "`end`",
        "getGroupDbAccessHistoryProcess" to "`end`",
        "createGroupClusterGlobalWriteCustomZoneMapping" to "`customZoneMappings`",
        "createGroupDatabaseUser" to "`roles`",
        "updateGroupDatabaseUser" to "`roles`",
        "createUser" to "`roles`",
        "updateGroupClusterBackupSchedule" to "`policies`",
        "createFederationSettingConnectedOrgConfigRoleMapping" to "`roleAssignments`",
        "updateFederationSettingConnectedOrgConfigRoleMapping" to "`roleAssignments`",
        "updateGroupTeam" to "`roleNames`",
        "addGroupTeams" to "`[0].roleNames`",
        "createGroupLiveMigration" to "`migrationHosts`",
        "validateGroupLiveMigrations" to "`migrationHosts`",
        "createGroupClusterIndexRollingIndex" to "`keys`",
    )

    @TestFactory
    fun `every call of the first release still builds, to the 2025 spec's method and path`(): List<DynamicTest> {
        val calls = Data.requests2025
        assertEquals(466, calls.size)
        val client = client(WarningLog())
        return calls.map { call ->
            DynamicTest.dynamicTest(call.operationId) {
                val spec = Data.spec2025.getValue(call.operationId)
                if (call.operationId == "removeUserFromTeam") {
                    // The one 2025 id that is now another operation's short name: refused, never
                    // resolved to either (NamesTest checks the message names both).
                    assertThrows<BuildError> { client.buildRequest(call.operationId, call.params, call.body) }
                    return@dynamicTest
                }
                val op = findOperation(call.operationId)
                assertEquals(spec.method to spec.path, op.method to op.path, call.operationId)
                val field = stricterIn2026[op.id]
                if (field != null) {
                    val e = assertThrows<BuildError> { client.buildRequest(call.operationId, call.params, call.body) }
                    assertTrue(field in e.message, "${op.id}: expected a refusal naming $field: ${e.message}")
                    return@dynamicTest
                }
                val req = client.buildRequest(call.operationId, call.params, call.body)
                assertEquals(spec.method, req.method(), call.operationId)
                assertEquals(expand(spec.path, call.params), URI(req.url()).path, call.operationId)
            }
        }
    }

    @TestFactory
    fun `each removed operation builds and reports that Atlas no longer lists it`(): List<DynamicTest> {
        val removed = operations().filter { it.removed != null }.associateBy { it.id }
        val calls = Data.requests.filter { it.operationId in removed }
        assertEquals(35, calls.size)
        return calls.map { call ->
            DynamicTest.dynamicTest(call.operationId) {
                val log = WarningLog()
                val req = client(log).buildRequest(call.operationId, call.params, call.body)
                val op = removed.getValue(call.operationId)
                assertEquals(op.method, req.method())
                assertEquals(expand(op.path, call.params), URI(req.url()).path)
                val w = log.warnings.filterIsInstance<AtlasWarning.Removed>().single()
                assertEquals(call.operationId, w.operation)
                assertEquals("2025-06-05", w.lastListed)
                assertTrue("no longer lists" in w.message, w.message)
            }
        }
    }

    @Test
    fun `a call of a removed operation warns once, before it sends, then goes through`() = runBlocking {
        val call = Data.requests.first { it.operationId == "pausePipeline" }
        val recorder = RecordingTransport(ScriptedTransport(jsonResponse(200, """{"name":"p"}""")))
        val log = WarningLog(recorder)
        val out = client(log, recorder).call(call.operationId, call.params, call.body)
        assertEquals("p", json(out.jsonOrNull!!).jsonObjectOrEmpty()["name"])
        assertEquals(1, log.warnings.count { it is AtlasWarning.Removed }, log.warnings.toString())
        assertTrue(log.warnings.all { it.operation == "pausePipeline" }, log.warnings.toString())
        assertEquals(log.warnings.map { 0 }, log.sentBefore.toList(), "reported before the request went out")
        assertEquals(1, recorder.requests)
    }

    @Test
    fun `a current operation at its default version carries no warning`() = runBlocking {
        val log = WarningLog()
        val t = ScriptedTransport(jsonResponse(200, """{"results":[],"totalCount":0}"""))
        client(log, t).call("listGroupClusters", """{"groupId":"$group"}""")
        assertTrue(log.warnings.isEmpty(), log.warnings.toString())
    }

    @Test
    fun `pagers and collectAll report a removed list operation's warning once`() = runBlocking {
        val paged = operations().first { it.removed != null && it.paged }
        val params = Data.requests.first { it.operationId == paged.id }.params
        fun page() = jsonResponse(200, """{"results":[{"i":1}],"totalCount":1}""")
        val log = WarningLog()
        client(log, ScriptedTransport(page())).pages(paged.id, params).toList()
        client(log, ScriptedTransport(page())).collectAll(paged.id, params)
        assertEquals(listOf(paged.id, paged.id), log.warnings.filterIsInstance<AtlasWarning.Removed>().map { it.operation })
        assertTrue(log.warnings.all { it.operation == paged.id }, log.warnings.toString())
    }

    @Test
    fun `a version past its sunset still builds, with a warning naming the sunset and the newest version`() {
        val today = LocalDate.now(ZoneOffset.UTC).toString()
        val byId = Data.requests.associateBy { it.operationId }
        val probe = client(WarningLog())
        // Every dated version of a current operation that is past its sunset by this clock.
        val past = operations().filter { it.removed == null && it.id in byId }
            .flatMap { op -> op.versions.map { op to probe.chosenVersion(op.id, CallOptions(version = it)) } }
            .filter { (_, v) -> v.stable && v.sunset != null && v.sunset!! < today }
        assertTrue(past.isNotEmpty(), "no version of the table is past its sunset on $today")
        var withNewest = 0
        for ((op, version) in past) {
            val call = byId.getValue(op.id)
            val log = WarningLog()
            val req = client(log).buildRequest(op.id, call.params, call.body, CallOptions(version = version.name))
            assertTrue(version.name in req.header("accept").orEmpty() + req.header("content-type").orEmpty(), req.toString())
            val w = log.warnings.filterIsInstance<AtlasWarning.PastSunset>().single()
            assertEquals(Triple(op.id, version.name, version.sunset), Triple(w.operation, w.version, w.sunset))
            assertTrue(version.sunset!! in w.message, w.message)
            val newest = w.newest ?: continue
            assertTrue(newest > version.name && newest in op.versions, "${op.id}: $newest of ${op.versions}")
            assertTrue("use version $newest" in w.message, w.message)
            withNewest++
        }
        assertTrue(withNewest > 0, "no past-sunset version names a newer one")
    }

    @Test
    fun `410 VERSION_GONE is an Api error naming the operation, the version and the newest`() {
        val t = ScriptedTransport(
            jsonResponse(410, """{"error":410,"errorCode":"VERSION_GONE","reason":"Gone","detail":"gone"}"""),
        )
        val e = assertThrows<ApiError> {
            runBlocking { client(WarningLog(), t, pin = "2023-01-31").call("listClusters", """{"groupId":"$group"}""") }
        }
        assertEquals(410, e.status)
        assertEquals("VERSION_GONE", e.errorCode)
        assertTrue(e is VersionGone, e.className)
        assertEquals("listGroupClusters", e.operation)
        val newest = Regex("use version (\\S+),").find(e.message)?.groupValues?.get(1) ?: fail("no newest version named: ${e.message}")
        assertTrue(newest > "2023-01-01", newest)
        assertTrue("2023-01-01" in e.message && newest in e.message && "listGroupClusters" in e.message, e.message)
        // Any other 410 stays a plain Api error.
        val other = assertThrows<ApiError> {
            runBlocking {
                client(WarningLog(), ScriptedTransport(jsonResponse(410, """{"error":410,"errorCode":"GONE"}""")))
                    .call("listClusters", """{"groupId":"$group"}""")
            }
        }
        assertFalse(other is VersionGone, other.className)
    }

    @Test
    fun `a lambda is a warning listener`() {
        val seen = mutableListOf<String>()
        val client = AtlasClient(
            ClientConfig(credentials = Credentials.none(), onWarning = WarningListener { seen += it.message }),
            ScriptedTransport(),
        )
        val call = Data.requests.first { it.operationId == "pausePipeline" }
        client.buildRequest(call.operationId, call.params, call.body)
        assertTrue(seen.isNotEmpty() && seen.all { it.startsWith("pausePipeline: ") }, seen.toString())
        assertTrue(seen.any { "no longer lists" in it }, seen.toString())
    }

    @Test
    fun `a listener that throws changes nothing about the call`() = runBlocking {
        val call = Data.requests.first { it.operationId == "pausePipeline" }
        val t = ScriptedTransport(jsonResponse(200, """{"name":"p"}"""))
        var calls = 0
        val client = AtlasClient(
            ClientConfig(
                credentials = Credentials.none(),
                baseUrl = "http://atlas.test",
                onWarning = WarningListener { calls++; error("logger down") },
            ),
            t,
        )
        client.buildRequest(call.operationId, call.params, call.body)
        val out = client.call(call.operationId, call.params, call.body)
        assertEquals("p", json(out.jsonOrNull!!).jsonObjectOrEmpty()["name"])
        assertTrue(calls >= 2, "the listener was called for both: $calls")
        assertEquals(1, t.sent.size)
    }
}
