package atlasadmin

import atlasadmin.typed.AWSRegionConfig20240805
import atlasadmin.typed.AtlasJson
import atlasadmin.typed.CloudRegionConfig20240805
import atlasadmin.typed.ClusterDescription20240805
import atlasadmin.typed.ClusterDescription20240805Input
import atlasadmin.typed.ClusterDescription20240805StateName
import atlasadmin.typed.clusters
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The typed models' rules (open enums, discriminated unions, request shapes) and the typed
 *  methods' waits and errors, on the core's simulated Atlas. */
class TypedModelsTest {
    private val group = "32b6e34b3d91647abb20e7b8"
    private val v2024 = listOf(HttpHeader("content-type", "application/vnd.atlas.2024-08-05+json"))
    private fun client(mock: MockTransport) = AtlasClient(ClientConfig(credentials = Credentials.bearer("t")), mock)

    @Test
    fun `an enum value the spec does not list is kept, and written back as it came`() {
        val cluster = AtlasJson.decodeFromString<ClusterDescription20240805>("""{"name":"c1","stateName":"HIBERNATING"}""")
        assertEquals("HIBERNATING", cluster.stateName?.value)
        assertFalse(cluster.stateName in ClusterDescription20240805StateName.entries)
        assertEquals(ClusterDescription20240805StateName.IDLE, AtlasJson.decodeFromString<ClusterDescription20240805>("""{"stateName":"IDLE"}""").stateName)
        val written = AtlasJson.encodeToJsonElement(ClusterDescription20240805.serializer(), cluster).jsonObject
        assertEquals("HIBERNATING", written["stateName"]?.jsonPrimitive?.content)
        assertFalse("groupId" in written, "an unset field is left out, not sent as null: $written")
    }

    @Test
    fun `a discriminated union reads its case, and keeps a kind it does not know`() {
        val spec = """{"replicationSpecs":[{"regionConfigs":[
            {"providerName":"AWS","regionName":"US_EAST_1","priority":7},
            {"providerName":"MARS","regionName":"OLYMPUS","priority":1}]}]}"""
        val configs = AtlasJson.decodeFromString<ClusterDescription20240805>(spec).replicationSpecs!!.single().regionConfigs!!
        val aws = configs[0] as CloudRegionConfig20240805.AWSRegionConfig20240805
        assertEquals("US_EAST_1", aws.value.regionName?.value)
        val unknown = configs[1] as CloudRegionConfig20240805.Unknown
        assertEquals("OLYMPUS", unknown.json["regionName"]?.jsonPrimitive?.content)
        // Written back: the unknown object unchanged, a known case with its discriminator.
        val again = AtlasJson.encodeToJsonElement(CloudRegionConfig20240805.serializer(), unknown)
        assertEquals(unknown.json, again)
        val made = CloudRegionConfig20240805.AWSRegionConfig20240805(AWSRegionConfig20240805(priority = 7))
        val json = AtlasJson.encodeToJsonElement(CloudRegionConfig20240805.serializer(), made) as JsonObject
        assertEquals("AWS", json["providerName"]?.jsonPrimitive?.content)
    }

    @Test
    fun `a request shape has no read-only field`() {
        val reply = ClusterDescription20240805::class.java.declaredFields.map { it.name }.toSet()
        val request = ClusterDescription20240805Input::class.java.declaredFields.map { it.name }.toSet()
        assertTrue("id" in reply && "stateName" in reply, "$reply")
        assertFalse("id" in request || "stateName" in request || "createDate" in request, "$request")
        assertTrue("name" in request && "replicationSpecs" in request, "$request")
    }

    @Test
    fun `a typed create waits until IDLE and returns the polled cluster`() = runBlocking {
        val mock = MockTransport()
        mock.atlas.respond("createCluster", 201u, v2024, """{"name":"c1","groupId":"$group","stateName":"CREATING"}""")
        mock.atlas.respond("getCluster", 200u, v2024, """{"name":"c1","groupId":"$group","stateName":"IDLE"}""")
        val idle = client(mock).clusters.createCluster(
            groupId = group, body = ClusterDescription20240805Input(name = "c1"), wait = WaitOptions(),
        )
        assertEquals(ClusterDescription20240805StateName.IDLE, idle.stateName)
        assertEquals(listOf("POST", "GET"), mock.atlas.received().map { it.substringBefore(' ') })
    }

    @Test
    fun `a typed delete with wait returns once the cluster is gone`() = runBlocking {
        val mock = MockTransport()
        mock.atlas.respond("deleteCluster", 202u, emptyList(), "")
        mock.atlas.respond("getCluster", 404u, listOf(HttpHeader("content-type", "application/json")), """{"error":404,"errorCode":"CLUSTER_NOT_FOUND"}""")
        client(mock).clusters.deleteCluster(groupId = group, clusterName = "c1", wait = WaitOptions(interval = 1.0))
        assertEquals(listOf("DELETE", "GET"), mock.atlas.received().map { it.substringBefore(' ') })
    }

    @Test
    fun `a reply that does not fit its model is a DecodeError naming the operation`() = runBlocking {
        val mock = MockTransport()
        mock.atlas.respond("getCluster", 200u, v2024, """{"name":{"not":"a string"}}""")
        val e = assertThrows<DecodeError> { runBlocking { client(mock).clusters.getCluster(groupId = group, clusterName = "c1") } }
        assertTrue("getGroupCluster" in e.message!!, e.message)
    }
}
