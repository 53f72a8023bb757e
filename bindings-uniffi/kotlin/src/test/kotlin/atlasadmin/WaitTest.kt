package atlasadmin

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.concurrent.ConcurrentLinkedQueue

/** Waiting for what a call started: `call(..., wait = WaitOptions())` and `client.wait(...)`,
 *  on the core's mock Atlas and its clock (no real time passes). */
class WaitTest {
    private val group = "32b6e34b3d91647abb20e7b8"
    private val clusters = "/api/atlas/v2/groups/$group/clusters"
    private val v2024 = listOf(HttpHeader("content-type", "application/vnd.atlas.2024-08-05+json"))
    private val v2023 = listOf(HttpHeader("content-type", "application/vnd.atlas.2023-01-01+json"))
    private val plain = listOf(HttpHeader("content-type", "application/json"))

    private fun cluster(state: String) = """{"name":"c1","groupId":"$group","stateName":"$state"}"""
    private fun client(mock: MockTransport, onEvent: EventListener? = null) =
        AtlasClient(ClientConfig(credentials = Credentials.bearer("t"), onEvent = onEvent), mock)
    private fun Payload.field(path: String): String? =
        path.split('.').fold(json((this as Payload.Json).json)) { v, k -> v.jsonObject.getValue(k) }.jsonPrimitive.content

    @Test
    fun `a created cluster is waited for until IDLE, through a 503 and a 429`() = runBlocking {
        val mock = MockTransport()
        mock.atlas.respond("createCluster", 201u, v2024, cluster("CREATING"))
        mock.atlas.respond("getCluster", 200u, v2024, cluster("CREATING"))
        mock.atlas.respond("getCluster", 503u, plain, """{"error":503,"errorCode":"SERVICE_UNAVAILABLE"}""")
        mock.atlas.respond("getCluster", 429u, plain + HttpHeader("retry-after", "7"), """{"error":429,"errorCode":"RATE_LIMITED"}""")
        mock.atlas.respond("getCluster", 200u, v2024, cluster("IDLE"))
        val events = ConcurrentLinkedQueue<AtlasEvent>()
        val result = client(mock, EventListener { events += it })
            .callWithMetadata("createCluster", """{"groupId":"$group"}""", """{"name":"c1"}""", wait = WaitOptions())
        assertEquals("IDLE", result.payload.field("stateName"))
        assertEquals(listOf("POST $clusters") + List(4) { "GET $clusters/c1" }, mock.atlas.received())
        val waits = mock.atlas.waits()
        assertEquals(listOf(5000uL, 7500uL), waits.take(2), "$waits")
        assertTrue(7000uL in waits, "Retry-After 7 is waited for: $waits")
        assertEquals(3, result.metadata?.attempts, "the last poll's reply, after its 503 and 429")
        assertEquals("getGroupCluster", result.metadata?.operation)
        val waiting = events.filter { it.kind == "waiting" }.map { it.message }
        assertTrue(waiting.any { "stateName is CREATING" in it }, "$waiting")
    }

    @Test
    fun `a delete is waited for until 404, and returns nothing`() = runBlocking {
        val mock = MockTransport()
        mock.atlas.respond("deleteCluster", 202u, emptyList(), "")
        mock.atlas.respond("getCluster", 200u, v2024, cluster("DELETING"))
        mock.atlas.respond("getCluster", 404u, plain, """{"error":404,"errorCode":"CLUSTER_NOT_FOUND"}""")
        val gone = client(mock).call("deleteCluster", """{"groupId":"$group","clusterName":"c1"}""", wait = WaitOptions(interval = 1.0))
        assertEquals(Payload.Empty, gone)
        assertEquals(listOf("DELETE", "GET", "GET"), mock.atlas.received().map { it.substringBefore(' ') })
        assertEquals(listOf(1000uL, 1500uL), mock.atlas.waits())
    }

    @Test
    fun `a failed export throws WaitError naming the state`() = runBlocking {
        val mock = MockTransport()
        val export = """{"id":"6500000000000000000000aa","state":"%s"}"""
        mock.atlas.respond("createGroupClusterBackupExport", 200u, v2023, export.format("InProgress"))
        mock.atlas.respond("getGroupClusterBackupExport", 200u, v2023, export.format("Failed"))
        val body = """{"snapshotId":"6500000000000000000000bb","exportBucketId":"6500000000000000000000cc"}"""
        val e = assertThrows<WaitError> {
            runBlocking { client(mock).call("createGroupClusterBackupExport", """{"groupId":"$group","clusterName":"c1"}""", body, wait = WaitOptions()) }
        }
        assertTrue("`state` became Failed" in e.message, e.message)
        assertEquals("createGroupClusterBackupExport", e.operation)
        assertEquals(listOf("WaitError", "AtlasError"), e.lineage)
        assertTrue(mock.atlas.received().last().endsWith("/backup/exports/6500000000000000000000aa"), "${mock.atlas.received()}")
    }

    @Test
    fun `a deadline throws WaitError naming the last state, after exactly the timeout`() = runBlocking {
        val mock = MockTransport()
        repeat(10) { mock.atlas.respond("getCluster", 200u, v2024, cluster("UPDATING")) }
        val start = mock.atlas.nowMillis()
        val e = assertThrows<WaitError> {
            runBlocking {
                client(mock).wait("getCluster", """{"groupId":"$group","clusterName":"c1"}""", path = "stateName",
                    values = listOf("IDLE"), options = WaitOptions(timeout = 30.0))
            }
        }
        assertTrue("after 30 s: polling getGroupCluster, the last state seen was UPDATING" in e.message, e.message)
        assertEquals(30_000uL, mock.atlas.nowMillis() - start)
        assertEquals(30_000uL, mock.atlas.waits().sum())
    }

    @Test
    fun `a generic wait reads a nested path`() = runBlocking {
        val mock = MockTransport()
        mock.atlas.respond("getCluster", 200u, v2024, """{"status":{"phase":"RUNNING"}}""")
        mock.atlas.respond("getCluster", 200u, v2024, """{"status":{"phase":"DONE"}}""")
        val done = client(mock).wait("getCluster", """{"groupId":"$group","clusterName":"c1"}""", path = "status.phase",
            values = listOf("DONE"), failed = listOf("ERROR"))
        assertEquals("DONE", done.field("status.phase"))
        assertEquals(2, mock.atlas.received().size)
        assertEquals(listOf(5000uL), mock.atlas.waits(), "polled at once, then after the interval")
    }

    @Test
    fun `a wait on a non-GET, without a goal, or on an operation without watcher is refused before any request`() = runBlocking {
        val mock = MockTransport()
        val c = client(mock)
        val params = """{"groupId":"$group"}"""
        val notGet = assertThrows<BuildError> { runBlocking { c.wait("createCluster", params, path = "stateName", values = listOf("IDLE")) } }
        assertTrue("not a GET" in notGet.message, notGet.message)
        val noGoal = assertThrows<BuildError> { runBlocking { c.wait("getCluster", """{"groupId":"$group","clusterName":"c1"}""") } }
        assertTrue("path" in noGoal.message, noGoal.message)
        val noWatcher = assertThrows<BuildError> { runBlocking { c.call("listClusters", params, wait = WaitOptions()) } }
        assertTrue("no way to wait" in noWatcher.message, noWatcher.message)
        val badOptions = assertThrows<BuildError> { runBlocking { c.call("deleteCluster", params, wait = WaitOptions(timeout = -1.0)) } }
        assertTrue("wait" in badOptions.message, badOptions.message)
        assertEquals(emptyList<String>(), mock.atlas.received())
    }

    @Test
    fun `a PATCH waits by polling its GET`() = runBlocking {
        val mock = MockTransport()
        mock.atlas.respond("updateGroupCluster", 200u, v2024, cluster("UPDATING"))
        mock.atlas.respond("getGroupCluster", 200u, v2024, cluster("IDLE"))
        val idle = client(mock).call("updateGroupCluster", """{"groupId":"$group","clusterName":"c1"}""", """{"paused":true}""", wait = WaitOptions())
        assertEquals("IDLE", idle.field("stateName"))
        assertEquals(listOf("PATCH $clusters/c1", "GET $clusters/c1"), mock.atlas.received())
    }
}
