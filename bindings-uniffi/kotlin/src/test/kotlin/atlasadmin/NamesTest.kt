package atlasadmin

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * Every name a user may know resolves to the operation the specs give it: the 2026 operationId,
 * its short name, the 2025 operationId, and the snake_case of each. The specs are read here
 * (SnakeYAML, kotlinx.serialization), not through the core's table.
 */
class NamesTest {
    private val client = AtlasClient(ClientConfig(credentials = Credentials.none()), ScriptedTransport())
    private val group = "32b6e34b3d91647abb20e7b8"
    private val catalog by lazy { operations() }

    /** Names two operations claim: listed under both, accepted by neither. */
    private val ambiguous by lazy {
        catalog.flatMap { op -> op.names.map { it to op.id } }
            .groupBy({ it.first }, { it.second })
            .filterValues { it.size > 1 }
    }

    @Test
    fun `operations() lists each operation once with all its names`() {
        assertEquals(575, catalog.size)
        assertEquals(catalog.size, catalog.map { it.id }.toSet().size, "each operation once")
        assertEquals(operationIds(), catalog.map { it.id })
        val (removed, current) = catalog.partition { it.removed != null }
        assertEquals(540, current.size)
        assertEquals(35, removed.size)
        assertTrue(removed.all { it.removed == "2025-06-05" }, removed.toString())
        for (op in catalog) {
            val camel = listOfNotNull(op.id, op.shortName) + op.formerIds
            val expected = (camel + camel.map(::snakeCase)).toSet()
            assertEquals(expected, op.names.toSet(), op.id)
            assertEquals(op.id, op.names.first(), "${op.id}: the id comes first, then the other names")
        }
        val clusters = catalog.single { it.id == "listGroupClusters" }
        assertEquals("listClusters", clusters.shortName)
        assertTrue("listClusters" in clusters.formerIds && "list_group_clusters" in clusters.names, clusters.toString())
    }

    @Test
    fun `the current operations are exactly the 2026 spec's, with its method, path and short name`() {
        val spec = Data.spec2026
        assertEquals(540, spec.size)
        val current = catalog.filter { it.removed == null }.associateBy { it.id }
        assertEquals(spec.map { it.id }.toSet(), current.keys)
        for (s in spec) {
            val op = current.getValue(s.id)
            assertEquals(s.method to s.path, op.method to op.path, s.id)
            assertEquals(s.shortName, op.shortName, s.id)
        }
    }

    @Test
    fun `every 2026 id and short name, and their snake_case, resolve to the spec's method and path`() {
        var checked = 0
        for (s in Data.spec2026) {
            for (name in listOfNotNull(s.id, s.shortName).flatMap { listOf(it, snakeCase(it)) }) {
                if (name in ambiguous) continue
                val op = findOperation(name)
                assertEquals(Triple(s.id, s.method, s.path), Triple(op.id, op.method, op.path), name)
                assertEquals(op, operationInfo(name), name)
                checked++
            }
        }
        assertTrue(checked > 2 * 540, "checked $checked names")
    }

    @Test
    fun `every 2025 id, and its snake_case, resolves to the 2025 spec's method and path`() {
        val spec = Data.spec2025
        assertEquals(466, spec.size)
        var checked = 0
        for ((id, s) in spec) {
            for (name in listOf(id, snakeCase(id))) {
                if (name in ambiguous) continue
                val op = findOperation(name)
                assertEquals(s.method to s.path, op.method to op.path, name)
                assertTrue(id in op.formerIds || id == op.id, "$name -> ${op.id}: formerIds ${op.formerIds}")
                checked++
            }
        }
        assertEquals(2 * 466 - 2, checked, "all but the one ambiguous 2025 id and its snake_case")
    }

    @Test
    fun `the ambiguous name is refused, naming both canonical ids`() {
        assertEquals(setOf("removeUserFromTeam", "remove_user_from_team"), ambiguous.keys)
        assertEquals(setOf("removeOrgTeamUser", "removeOrgTeamUserFromTeam"), ambiguous.getValue("removeUserFromTeam").toSet())
        for (name in ambiguous.keys) {
            assertNull(operationInfo(name), name)
            for (e in listOf(
                assertThrows<BuildError> { findOperation(name) },
                assertThrows<BuildError> {
                    client.buildRequest(name, """{"orgId":"$group","teamId":"$group","userId":"$group"}""")
                },
            )) {
                assertTrue("`removeOrgTeamUser`" in e.message && "`removeOrgTeamUserFromTeam`" in e.message, e.message)
            }
        }
    }

    @Test
    fun `2026 id, short name, 2025 id and snake_case build the same request`() {
        val params = """{"groupId":"$group","itemsPerPage":5}"""
        val urls = listOf("listGroupClusters", "listClusters", "list_group_clusters", "list_clusters")
            .map { client.buildRequest(it, params).url() }
        assertEquals(listOf("https://cloud.mongodb.com/api/atlas/v2/groups/$group/clusters?itemsPerPage=5"), urls.distinct())
        val created = listOf("createGroup", "createProject", "create_project")
            .map { client.buildRequest(it, null, """{"name":"p","orgId":"$group"}""") }
        assertEquals(setOf("POST https://cloud.mongodb.com/api/atlas/v2/groups"), created.map { "${it.method()} ${it.url()}" }.toSet())
        assertEquals("getGroupSampleDatasetLoad", findOperation("getSampleDatasetLoadStatus").id)
        assertEquals("getGroupSampleDatasetLoad", findOperation("getSampleDatasetLoad").id)
    }

    @Test
    fun `an unknown name suggests close names from every naming`() {
        val e = assertThrows<BuildError> { findOperation("listGroupCluster") }
        assertTrue("listGroupClusters" in e.message, e.message)
    }

    @Test
    fun `projectId is an alias of groupId, and giving both is refused`() {
        val byGroup = client.buildRequest("listGroupClusters", """{"groupId":"$group"}""")
        val byProject = client.buildRequest("listGroupClusters", """{"projectId":"$group"}""")
        assertEquals(byGroup.url(), byProject.url())
        assertTrue(byProject.url().endsWith("/groups/$group/clusters"), byProject.url())
        val both = assertThrows<BuildError> {
            client.buildRequest("listClusters", """{"groupId":"$group","projectId":"$group"}""")
        }
        assertTrue("groupId" in both.message && "projectId" in both.message, both.message)
        // The alias is checked by the same rule as the name it stands for.
        val bad = assertThrows<BuildError> { client.buildRequest("listClusters", """{"projectId":"nope"}""") }
        assertTrue("a-f0-9" in bad.message, bad.message)
    }
}
