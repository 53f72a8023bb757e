package atlasadmin

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.CsvSource
import org.junit.jupiter.api.assertThrows

/** HTTP Digest (API keys) against httpbin, through callRaw and each bundled transport. */
class DigestTest {
    private val base by lazy { requiredUrl("httpbin.url") }

    private fun client(privateKey: String, recorder: RecordingTransport) = AtlasClient(
        ClientConfig(credentials = Credentials.apiKey("user", privateKey), baseUrl = base, retry = RetryOptions(maxAttempts = 1)),
        recorder,
    )

    private suspend fun AtlasClient.get(path: String) = callRaw("GET", "$base$path", body = ByteArray(0))

    @ParameterizedTest
    @CsvSource("MD5,jdk", "SHA-256,jdk", "MD5,urlconnection", "SHA-256,urlconnection")
    fun `digest answers the challenge, then reuses the nonce`(algorithm: String, transport: String) = runBlocking {
        val recorder = RecordingTransport(if (transport == "jdk") JdkHttpClientTransport() else HttpUrlConnectionTransport())
        val client = client("passwd", recorder)
        val path = "/digest-auth/auth/user/passwd/$algorithm"
        val out = json(client.get(path).jsonOrNull!!).jsonObject
        assertEquals("true", out["authenticated"]!!.jsonPrimitive.content)
        assertEquals("user", out["user"]!!.jsonPrimitive.content)
        assertEquals(2, recorder.requests, "challenge + answer")
        client.get(path)
        assertEquals(3, recorder.requests, "a warm session signs with the known nonce: one round trip")
    }

    @Test
    fun `a wrong key is an AuthError with the 401 that never shows the key`() {
        val recorder = RecordingTransport(JdkHttpClientTransport())
        val e = assertThrows<AuthError> {
            runBlocking { client("WRONG-SECRET-KEY", recorder).get("/digest-auth/auth/user/passwd/MD5") }
        }
        assertEquals(401, e.status)
        for (text in listOf(e.message.orEmpty(), e.message, e.toString())) {
            assertFalse("WRONG-SECRET-KEY" in text, text)
        }
    }
}
