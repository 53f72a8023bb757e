package atlasadmin

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Credentials and defaults where users keep them: a [ClientConfig] without credentials reads
 *  the Atlas CLI's variables from the client's environment (here given, in an app
 *  `System.getenv()`), finding none refuses before sending; [Credentials.none] is explicit. */
class EnvironmentTest {
    private val group = "32b6e34b3d91647abb20e7b8"

    /** [MockTransport], also noting each URL asked for (the mock notes paths only). */
    private class Recording(val mock: MockTransport = MockTransport()) : HttpTransport by mock {
        val urls = mutableListOf<String>()
        override suspend fun send(request: HttpRequest): HttpResponse = mock.send(request.also { urls += it.url() })
    }

    @Test
    fun `no credentials anywhere - a call fails before sending, saying where they are looked for`() = runBlocking<Unit> {
        val t = Recording()
        val client = AtlasClient(ClientConfig(), t, environment = emptyMap())
        val e = assertThrows<AuthError> { runBlocking { client.call("getProject", """{"groupId":"$group"}""") } }
        assertTrue("MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET" in e.message!!, e.message)
        assertTrue("MONGODB_ATLAS_PUBLIC_API_KEY" in e.message!!, e.message)
        assertEquals(emptyList<String>(), t.urls, "nothing was sent")
    }

    @Test
    fun `the Atlas CLI variables give the service account, the base URL and the default project`() = runBlocking<Unit> {
        val t = Recording().also { it.mock.atlas.requireOauth("mdb_sa_env", "env-secret", 3600uL) }
        val env = mapOf(
            "MONGODB_ATLAS_CLIENT_ID" to "mdb_sa_env", "MONGODB_ATLAS_CLIENT_SECRET" to "env-secret",
            "MONGODB_ATLAS_OPS_MANAGER_URL" to "https://cloud-qa.mongodb.com", "MONGODB_ATLAS_PROJECT_ID" to group,
        )
        AtlasClient(ClientConfig(), t, environment = env).call("getProject", "{}")
        assertEquals(listOf(200, 200), t.mock.atlas.statuses().map { it.toInt() }, "a token, then the GET")
        assertEquals("https://cloud-qa.mongodb.com/api/atlas/v2/groups/$group", t.urls.last())
        // What the config says wins over the environment.
        val mine = Recording().also { it.mock.atlas.requireDigest("pub", "priv") }
        val config = ClientConfig(Credentials.apiKey("pub", "priv"), baseUrl = "http://127.0.0.1:9")
        AtlasClient(config, mine, environment = env).call("getProject", """{"groupId":"$group"}""")
        assertEquals(listOf(401, 200), mine.mock.atlas.statuses().map { it.toInt() }, "Digest, not the env's account")
        assertTrue(mine.urls.all { it.startsWith("http://127.0.0.1:9/") }, mine.urls.toString())
    }

    @Test
    fun `Credentials none sends none, even with credentials in the environment`() = runBlocking<Unit> {
        val t = Recording().also { it.mock.atlas.requireOauth("mdb_sa_env", "env-secret", 3600uL) }
        val env = mapOf("MONGODB_ATLAS_CLIENT_ID" to "mdb_sa_env", "MONGODB_ATLAS_CLIENT_SECRET" to "env-secret")
        val client = AtlasClient(ClientConfig(Credentials.none(), retry = RetryOptions(maxAttempts = 1)), t, environment = env)
        assertThrows<Unauthorized> { runBlocking { client.call("getProject", """{"groupId":"$group"}""") } }
        assertEquals(1, t.urls.size, "no token was asked for")
        assertFalse("oauth" in t.urls.single(), t.urls.single())
    }

    @Test
    fun `half a pair is refused when the client is created, naming the variables and no secret`() {
        val env = mapOf("MONGODB_ATLAS_PUBLIC_API_KEY" to "pub", "MONGODB_ATLAS_CLIENT_SECRET" to "half-secret")
        val e = assertThrows<BuildError> { AtlasClient(ClientConfig(), MockTransport(), environment = env) }
        assertTrue("MONGODB_ATLAS_PUBLIC_API_KEY is set but MONGODB_ATLAS_PRIVATE_KEY is not" in e.message!!, e.message)
        assertFalse("half-secret" in e.message!!, e.message)
    }
}
