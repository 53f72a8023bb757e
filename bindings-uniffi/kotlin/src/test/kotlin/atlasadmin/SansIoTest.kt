package atlasadmin

import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** buildRequest / parseResponse: the core's sans-IO path, no transport involved. */
class SansIoTest {
    private val client = AtlasClient(
        ClientConfig(credentials = Credentials.bearer("TOKEN-SANS-IO")),
        ScriptedTransport(),
    )
    private val group = "32b6e34b3d91647abb20e7b8"

    @Test
    fun `knows every operation of the spec, and those Atlas removed`() {
        val ids = operationIds()
        assertEquals(575, ids.size)
        assertTrue("listGroupClusters" in ids && "createGroupCluster" in ids && "pausePipeline" in ids)
    }

    @Test
    fun `builds a checked, encoded request`() {
        val req = client.buildRequest("listClusters", """{"groupId":"$group","itemsPerPage":10}""")
        assertEquals("GET", req.method())
        assertEquals("https://cloud.mongodb.com/api/atlas/v2/groups/$group/clusters?itemsPerPage=10", req.url())
        assertEquals("application/vnd.atlas.2024-08-05+json", req.header("accept"))
        assertEquals(0, req.body().size)
        // Sans-IO requests carry no credentials: the host adds its own.
        assertNull(req.header("authorization"))
    }

    @Test
    fun `encodes a body and honours a version override`() {
        val req = client.buildRequest(
            "createProject", null, """{"name":"p1","orgId":"4888442a3354817a7320eb61"}""",
            CallOptions(version = "2023-01-01"),
        )
        assertEquals("POST", req.method())
        assertEquals("application/vnd.atlas.2023-01-01+json", req.header("content-type"))
        assertEquals("p1", json(req.body().decodeToString()).jsonObject["name"]!!.jsonPrimitive.content)
    }

    @Test
    fun `version pin picks the newest version not after it`() {
        val pinned = AtlasClient(
            ClientConfig(credentials = Credentials.none(), versionPin = "2023-01-31"),
            ScriptedTransport(),
        )
        val req = pinned.buildRequest("listClusters", """{"groupId":"$group"}""", null, null)
        assertEquals("application/vnd.atlas.2023-01-01+json", req.header("accept"))
        assertEquals("2023-01-01", pinned.chosenVersion("listClusters").name)
        assertEquals("2023-02-01", pinned.chosenVersion("listClusters", CallOptions(version = "2023-02-01")).name)
    }

    @Test
    fun `operation facts`() {
        val info = operationInfo("listClusters")!!
        assertEquals("listGroupClusters", info.id)
        assertEquals(null, info.removed)
        assertEquals("GET", info.method)
        assertEquals("/api/atlas/v2/groups/{groupId}/clusters", info.path)
        assertTrue(info.paged && "2023-02-01" in info.versions, info.toString())
        assertNull(operationInfo("nope"))
        assertEquals(listOf(200), client.chosenVersion("listClusters", null).successStatuses)
    }

    @Test
    fun `bad input is a Build error naming the parameter and rule`() {
        val e = assertThrows<BuildError> {
            client.buildRequest("listClusters", """{"groupId":"nope"}""", null, null)
        }
        assertTrue("groupId" in e.message && "a-f0-9" in e.message, e.message)
        val missing = assertThrows<BuildError> { client.buildRequest("listClusters") }
        assertTrue("missing required" in missing.message, missing.message)
        val unknown = assertThrows<BuildError> { client.buildRequest("listClustrs", null, null, null) }
        assertTrue("listClusters" in unknown.message, unknown.message)
        val notJson = assertThrows<BuildError> { client.buildRequest("listClusters", "{groupId:", null, null) }
        assertTrue("not valid JSON" in notJson.message, notJson.message)
        val format = assertThrows<BuildError> {
            client.buildRequest("listClusters", """{"groupId":"$group"}""", null, CallOptions(format = "xml"))
        }
        assertTrue("format" in format.message, format.message)
    }

    @Test
    fun `path segments cannot smuggle a path or query`() {
        val req = client.buildRequest("getProjectByName", """{"groupName":"a/../b?x=1"}""", null, null)
        assertTrue(req.url().endsWith("/groups/byName/a%2F..%2Fb%3Fx%3D1"), req.url())
    }

    @Test
    fun `parses success payloads`() {
        val ok = client.parseResponse("listClusters", jsonResponse(200, """{"results":[],"totalCount":0,"extra":1}"""))
        val body = json((ok as Payload.Json).json).jsonObject
        assertEquals("0", body["totalCount"]!!.jsonPrimitive.content)
        assertEquals("1", body["extra"]!!.jsonPrimitive.content, "unknown fields are kept")
        assertEquals(Payload.Empty, client.parseResponse("deleteProject", HttpResponse(204u, emptyList(), ByteArray(0))))
    }

    @Test
    fun `an error status is an Api error with the Atlas fields`() {
        val e = assertThrows<ApiError> {
            client.parseResponse(
                "getCluster",
                jsonResponse(
                    400,
                    """{"detail":"Bad name","error":400,"errorCode":"INVALID_PARAMETER","reason":"Bad Request",""" +
                        """"parameters":["clusterName"],"badRequestDetail":{"fields":[{"field":"name","description":"x"}]}}""",
                    "Retry-After" to "30",
                ),
            )
        }
        assertEquals(400, e.status)
        assertEquals("INVALID_PARAMETER", e.errorCode)
        assertEquals("Bad name", e.detail)
        assertTrue(e is BadRequest, e.className)
        assertEquals(listOf("BadRequest", "ApiError", "AtlasError"), e.lineage)
        assertEquals(listOf("\"clusterName\""), e.parameters)
        assertTrue(e.body!!.contains("\"badRequestDetail\":{\"fields\":[{\"field\":\"name\""), e.body)
        assertEquals(30.0, e.retryAfter)
        assertTrue(e.message.startsWith("400"), e.message)
    }

    @Test
    fun `bytes that do not fit are a Decode error with a snippet`() {
        val e = assertThrows<DecodeError> {
            client.parseResponse("listClusters", jsonResponse(200, "{not json"))
        }
        assertEquals(200, e.status)
        assertTrue("{not json" in e.message, e.message)
        assertTrue("invalid JSON" in e.message, e.message)
    }

    @Test
    fun `secrets never show in toString`() {
        val shown = listOf(
            Credentials.apiKey("pub", "PRIVATE-1"),
            Credentials.serviceAccount("mdb_sa_id", "SECRET-2"),
            Credentials.bearer("TOKEN-3"),
            ClientConfig(credentials = Credentials.apiKey("pub", "PRIVATE-4")),
            client,
        ).joinToString { it.toString() }
        for (s in listOf("PRIVATE-1", "SECRET-2", "TOKEN-3", "PRIVATE-4", "TOKEN-SANS-IO")) {
            assertFalse(s in shown, shown)
        }
        assertTrue("pub" in shown && "mdb_sa_id" in shown, "public parts stay visible: $shown")
    }
}
