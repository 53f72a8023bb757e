// A user's test: builds a request sans-IO and calls listClusters through AtlasClient(config) (the
// JVM's default transport) against a JDK HttpServer on 127.0.0.1 that answers as Atlas does. The native core is loaded by JNA from the jar (no jna.library.path is set).
import atlasadmin.AtlasClient
import atlasadmin.ClientConfig
import atlasadmin.Credentials
import atlasadmin.Payload
import com.sun.net.httpserver.HttpServer
import java.io.File
import java.net.InetSocketAddress
import java.util.Collections
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class UseAtlasAdminTest {
    private val media = "application/vnd.atlas.2024-08-05+json"
    private val group = "5f1e2d3c4b5a697887766554"

    @Test
    fun `list clusters through the packaged jar`() {
        assertNull(System.getProperty("jna.library.path"), "the native library must come from the jar")
        val seen = Collections.synchronizedList(mutableListOf<String>())
        val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        server.createContext("/") { ex ->
            seen += "${ex.requestMethod} ${ex.requestURI} ${ex.requestHeaders.getFirst("Accept")} ${ex.requestHeaders.getFirst("Authorization")}"
            val ok = ex.requestURI.toString() == "/api/atlas/v2/groups/$group/clusters?itemsPerPage=5" &&
                ex.requestHeaders.getFirst("Accept") == media
            val body = if (ok) {
                """{"results":[{"id":"aaaaaaaaaaaaaaaaaaaaaaaa","groupId":"$group","name":"jar-cluster","stateName":"IDLE"}],"totalCount":1,"links":[]}"""
            } else {
                """{"error":404,"errorCode":"NOT_FOUND","detail":"unexpected request"}"""
            }.toByteArray()
            ex.responseHeaders.add("Content-Type", media)
            ex.sendResponseHeaders(if (ok) 200 else 404, body.size.toLong())
            ex.responseBody.use { it.write(body) }
        }
        server.start()
        try {
            val base = "http://127.0.0.1:${server.address.port}"
            val client = AtlasClient(ClientConfig(credentials = Credentials.bearer("jar-token"), baseUrl = base))
            val params = """{"groupId":"$group","itemsPerPage":5}"""
            val request = client.buildRequest("listClusters", params, null, null)
            assertEquals("GET", request.method())
            assertEquals("$base/api/atlas/v2/groups/$group/clusters?itemsPerPage=5", request.url())
            assertTrue(request.headers().any { it.name.equals("accept", true) && it.value == media }, "${request.headers()}")

            val reply = runBlocking { client.call("listClusters", params, null) }
            val json = (reply as Payload.Json).json
            assertTrue(json.contains("\"name\":\"jar-cluster\""), json)
            assertEquals(listOf("GET /api/atlas/v2/groups/$group/clusters?itemsPerPage=5 $media Bearer jar-token"), seen.toList())
            File(System.getProperty("result.file")).writeText("listClusters -> $json\n")
        } finally {
            server.stop(0)
        }
    }
}
