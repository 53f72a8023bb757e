package atlasadmin

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import java.util.concurrent.ConcurrentLinkedQueue

internal fun json(text: String): JsonElement = Json.parseToJsonElement(text)

internal fun HttpResponse.header(name: String): String? =
    headers.firstOrNull { it.name.equals(name, ignoreCase = true) }?.value

internal fun HttpRequest.header(name: String): String? =
    headers().firstOrNull { it.name.equals(name, ignoreCase = true) }?.value

/** A URL the test suite was handed by test.sh, or a failure naming the property. */
internal fun requiredUrl(property: String): String {
    val url = System.getProperty(property).orEmpty().trim()
    require(url.isNotEmpty()) { "system property $property is not set; run bindings-uniffi/test.sh" }
    return url.trimEnd('/')
}

/** Scripted answers in order (an [HttpResponse] to return or a [Throwable] to throw); records
 *  each request it was sent and each sleep. */
internal class ScriptedTransport(vararg answers: Any) : HttpTransport {
    private val script = ArrayDeque(answers.toList())
    val sent = ConcurrentLinkedQueue<HttpRequest>()
    val slept = ConcurrentLinkedQueue<ULong>()

    override suspend fun send(request: HttpRequest): HttpResponse {
        sent += request
        val next = synchronized(script) { script.removeFirstOrNull() }
            ?: error("transport called more often than scripted: ${request.url()}")
        return when (next) {
            is HttpResponse -> next
            is Throwable -> throw next
            else -> error("not an answer: $next")
        }
    }

    override suspend fun sleep(millis: ULong) {
        slept += millis
    }
}

internal fun jsonResponse(status: Int, body: String, vararg headers: Pair<String, String>) =
    HttpResponse(
        status.toUShort(),
        listOf(HttpHeader("Content-Type", "application/vnd.atlas.2023-01-01+json")) +
            headers.map { HttpHeader(it.first, it.second) },
        body.toByteArray(),
    )

/** Passes every exchange to [inner] and keeps the last reply, for checks on raw headers. */
internal class RecordingTransport(private val inner: HttpTransport) : HttpTransport {
    @Volatile var lastResponse: HttpResponse? = null
    @Volatile var requests = 0

    override suspend fun send(request: HttpRequest): HttpResponse {
        requests++
        return inner.send(request).also { lastResponse = it }
    }

    override suspend fun sleep(millis: ULong) = inner.sleep(millis)
}
