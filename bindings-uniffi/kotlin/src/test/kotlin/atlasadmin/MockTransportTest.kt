package atlasadmin

import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** [MockTransport]: the core's simulated Atlas behind the client. */
class MockTransportTest {
    private val group = "32b6e34b3d91647abb20e7b8"
    private fun client(mock: MockTransport, credentials: Credentials = Credentials.none(), attempts: Int = 4) =
        AtlasClient(ClientConfig(credentials = credentials, retry = RetryOptions(maxAttempts = attempts)), mock)

    @Test
    fun `answers from the spec's examples, or as scripted`() = runBlocking {
        val mock = MockTransport()
        val example = client(mock).call("getProject", """{"groupId":"$group"}""")
        assertTrue(json((example as Payload.Json).json).jsonObject.containsKey("name"), example.json)
        mock.atlas.respond("getProject", 404u, listOf(HttpHeader("content-type", "application/json")),
            """{"error":404,"errorCode":"GROUP_NOT_FOUND","detail":"no such group"}""")
        val e = assertThrows<NotFound> { runBlocking { client(mock).call("getProject", """{"groupId":"$group"}""") } }
        assertEquals("GROUP_NOT_FOUND", e.errorCode)
        assertEquals(listOf("GET /api/atlas/v2/groups/$group", "GET /api/atlas/v2/groups/$group"), mock.atlas.received())
    }

    @Test
    fun `requires Digest, and refuses the wrong key`() = runBlocking {
        val mock = MockTransport().also { it.atlas.requireDigest("pub", "priv") }
        client(mock, Credentials.apiKey("pub", "priv")).call("getProject", """{"groupId":"$group"}""")
        assertEquals(2, mock.atlas.received().size, "challenge, then the signed request")
        val e = assertThrows<AuthError> { runBlocking { client(mock, Credentials.apiKey("pub", "wrong")).call("getProject", """{"groupId":"$group"}""") } }
        assertEquals(401, e.status)
    }

    @Test
    fun `requires OAuth, the token is fetched once and reused`() = runBlocking {
        val mock = MockTransport().also { it.atlas.requireOauth("mdb_sa_id_1", "s3cret", 3600uL) }
        val c = client(mock, Credentials.serviceAccount("mdb_sa_id_1", "s3cret"))
        c.call("getProject", """{"groupId":"$group"}""")
        c.call("getProject", """{"groupId":"$group"}""")
        assertEquals(listOf("POST /api/oauth/token", "GET /api/atlas/v2/groups/$group", "GET /api/atlas/v2/groups/$group"), mock.atlas.received())
    }

    @Test
    fun `rate limits are waited out in simulated time, transport failures are retried`() = runBlocking {
        val mock = MockTransport().also { it.atlas.rateLimit(2u, 5uL) }
        client(mock).call("getProject", """{"groupId":"$group"}""")
        assertEquals(listOf(5000uL, 20000uL), mock.atlas.waits(), "Retry-After, then Atlas's 20 s for a repeated 429")
        mock.atlas.failTransport(1u)
        client(mock).call("getProject", """{"groupId":"$group"}""")
        mock.atlas.failTransport(2u)
        val e = assertThrows<TransportError> { runBlocking { client(mock, attempts = 2).call("getProject", """{"groupId":"$group"}""") } }
        assertEquals(2, e.attempts)
        assertEquals("connection reset by peer (simulated)", e.reason)
    }

    @Test
    fun `list items come page by page`() = runBlocking {
        val mock = MockTransport().also { it.atlas.listItems("listProjects", 7uL) }
        val pages = client(mock).pages("listProjects", """{"itemsPerPage":3}""").toList()
        assertEquals(listOf(3, 3, 1), pages.map { it.size })
        assertEquals(7, json(client(mock).collectAll("listProjects", """{"itemsPerPage":3}""")).jsonArray.size)
    }
}
