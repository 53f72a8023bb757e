package atlasadmin

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import kotlin.streams.toList

/** Atlas's limits through [MockTransport] (simulated time): token buckets, and service-account
 *  tokens shared ([AtlasClient.exportToken], [TokenCache]) instead of minted per client. */
class LimitsTest {
    private val group = "32b6e34b3d91647abb20e7b8"
    private val params = """{"groupId":"$group"}"""
    private fun account() = Credentials.serviceAccount("mdb_sa_id", "sa-secret")
    private fun client(mock: MockTransport, credentials: Credentials = Credentials.none(), attempts: Int? = null,
                       cache: TokenCache? = null, onEvent: EventListener? = null) =
        AtlasClient(ClientConfig(credentials, retry = attempts?.let { RetryOptions(maxAttempts = it) }, onEvent = onEvent, tokenCache = cache), mock)
    private fun oauthMock() = MockTransport().also { it.atlas.requireOauth("mdb_sa_id", "sa-secret", 3600uL) }
    private fun posix(path: Path) = "posix" in path.fileSystem.supportedFileAttributeViews()
    private fun mode(path: Path) = PosixFilePermissions.toString(Files.getPosixFilePermissions(path))

    @Test
    fun `fifty calls to a bucket of ten meet one 429, then wait for each refill`() = runBlocking<Unit> {
        for (headers in listOf(true, false)) {
            val mock = MockTransport().also { it.atlas.tokenBucket("api/atlas/v2/groups", 10uL, 5uL, 60uL, headers) }
            val events = mutableListOf<AtlasEvent>()
            val c = client(mock, onEvent = EventListener { events += it })
            repeat(50) { c.call("getProject", params) }
            val statuses = mock.atlas.statuses().map { it.toInt() }
            assertEquals(51, statuses.size, "headers: $headers")
            assertEquals(listOf(10), statuses.indices.filter { statuses[it] == 429 }, "headers: $headers: only the 11th meets a 429")
            // 10 at once, then 5 a minute: 8 more minutes for the other 40, and no wait wasted.
            assertEquals(List(8) { 60_000uL }, mock.atlas.waits(), "headers: $headers")
            val refills = events.filter { it.kind == "waiting" }
                .map { json(it.json).jsonObject["reason"]!!.jsonPrimitive.content }
                .filter { "rate limit of api/atlas/v2/groups" in it }
            assertEquals(7, refills.size, "headers: $headers: the session waited for the refill itself")
            val metadata = c.callWithMetadata("getProject", params).metadata!!
            assertEquals(if (headers) 10L else null, metadata.rateLimitLimit, "headers: $headers")
        }
    }

    @Test
    fun `a token-bucket 429 given up on carries the bucket, and retryAfter from its body`() = runBlocking<Unit> {
        val mock = MockTransport().also { it.atlas.tokenBucket("api/atlas/v2/groups", 1uL, 1uL, 45uL, false) }
        client(mock).call("getProject", params)
        val e = assertThrows<RateLimited> { runBlocking { client(mock, attempts = 1).call("getProject", params) } }
        assertEquals(TokenBucket("api/atlas/v2/groups", 45, 1, 1, 45), e.rateLimit)
        assertEquals(45.0, e.retryAfter, "no Retry-After header: the body's figure")
        assertEquals(429, e.status)
        assertEquals("RATE_LIMITED_TOKEN_BUCKET", e.errorCode)
        assertTrue(mock.atlas.waits().isEmpty())
        // Any other error has none.
        val plain = MockTransport().also { it.atlas.respond("getProject", 429u, emptyList(), """{"error":429,"errorCode":"RATE_LIMITED"}""") }
        assertNull(assertThrows<RateLimited> { runBlocking { client(plain, attempts = 1).call("getProject", params) } }.rateLimit)
    }

    @Test
    fun `a hundred calls over two clients sharing a token through a file cache mint one`(@TempDir tmp: Path) = runBlocking<Unit> {
        val mock = oauthMock()
        val dir = tmp.resolve("tokens")
        val first = client(mock, account(), cache = FileTokenCache(dir))
        repeat(50) { first.call("listProjects") }
        val second = client(mock, account(), cache = FileTokenCache(dir))
        repeat(50) { second.call("listProjects") }
        assertEquals(1uL, mock.atlas.tokensMinted())
        assertEquals(101, mock.atlas.received().size, "one token request and 100 calls")

        val key = first.tokenCacheKey!!
        assertEquals(key, second.tokenCacheKey)
        assertTrue(Regex("atlas-token-[0-9a-f]{32}").matches(key), key)
        val file = dir.resolve("$key.json")
        assertEquals(listOf(file), Files.list(dir).use { it.toList() }, "the token's file only, no temporary left")
        if (posix(file)) {
            assertEquals("rw-------", mode(file))
            assertEquals("rwx------", mode(dir))
        }
        assertEquals(json(first.exportToken()!!), json(Files.readString(file)))
        assertEquals(json(first.exportToken()!!), json(second.exportToken()!!))
    }

    @Test
    fun `a token endpoint that limits minting fails with AuthError saying to share tokens`() = runBlocking<Unit> {
        val mock = oauthMock().also { it.atlas.limitTokenMinting(1u) }
        client(mock, account()).call("listProjects")
        val e = assertThrows<AuthError> { runBlocking { client(mock, account(), attempts = 2).call("listProjects") } }
        assertTrue("limited to 1 requests every 1 minutes" in e.message, e.message)
        assertTrue("share one token between processes" in e.message, e.message)
        assertEquals(1uL, mock.atlas.tokensMinted())
        assertEquals(listOf(10_000uL), mock.atlas.waits(), "one retry, after Atlas's 10 s")
    }

    @Test
    fun `a token goes out and comes back for the same account, base URL and while fresh`() = runBlocking<Unit> {
        val mock = oauthMock()
        val first = client(mock, account())
        assertNull(first.exportToken(), "nothing before the first call")
        first.call("listProjects")
        val saved = first.exportToken()!!
        val second = client(mock, account())
        assertTrue(second.importToken(saved))
        second.call("listProjects")
        assertEquals(1uL, mock.atlas.tokensMinted())
        assertEquals(listOf("POST /api/oauth/token", "GET /api/atlas/v2/groups", "GET /api/atlas/v2/groups"), mock.atlas.received())

        assertFalse(client(mock, Credentials.serviceAccount("other", "s")).importToken(saved))
        assertFalse(AtlasClient(ClientConfig(account(), baseUrl = "https://cloud-qa.mongodb.com"), mock).importToken(saved))
        val keys = client(mock, Credentials.apiKey("p", "k"))
        assertNull(keys.tokenCacheKey)
        assertNull(keys.exportToken())
        assertFalse(keys.importToken(saved))
        val e = assertThrows<BuildError> { second.importToken("""{"accessToken":"tok-never-shown"}""") }
        assertFalse("tok-never-shown" in e.message, e.message)
        // On the transport's clock: an hour later the token is no longer fresh.
        mock.atlas.sleep(3_600_000uL)
        assertFalse(client(mock, account()).importToken(saved))
    }

    @Test
    fun `a failing cache or a stale entry never fails a call`(@TempDir tmp: Path) = runBlocking<Unit> {
        val mock = oauthMock()
        val broken = object : TokenCache {
            override fun load(key: String): String? = error("disk gone")
            override fun save(key: String, token: String) = error("disk full")
        }
        client(mock, account(), cache = broken).call("listProjects")
        val cache = FileTokenCache(tmp)
        val key = client(mock, account()).tokenCacheKey!!
        Files.writeString(cache.file(key), "not a token")
        val c = client(mock, account(), cache = cache)
        c.call("listProjects")
        assertEquals(2uL, mock.atlas.tokensMinted(), "the unreadable entry was not used...")
        assertEquals(json(c.exportToken()!!), json(cache.load(key)!!), "...and was replaced")
        assertThrows<IllegalArgumentException> { cache.file("../elsewhere") }
        assertNull(cache.load("atlas-token-none"))
    }
}
