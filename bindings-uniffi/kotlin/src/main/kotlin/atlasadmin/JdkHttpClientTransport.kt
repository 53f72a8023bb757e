package atlasadmin

import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withTimeout
import java.io.IOException
import java.net.URI
import java.net.URISyntaxException
import java.net.http.HttpClient
import java.time.Duration
import java.net.http.HttpRequest as JdkRequest
import java.net.http.HttpResponse as JdkResponse

/**
 * An [HttpTransport] on `java.net.http.HttpClient` (JDK 11+), the default on the JVM (see
 * [defaultTransport]). Unlike the JDK's `HttpURLConnection` it sends every method the core
 * builds (PATCH, and GET/DELETE with a body) with no `--add-opens` flags. Not on Android, which
 * has no `java.net.http`: use [HttpUrlConnectionTransport] there.
 *
 * Non-blocking: the exchange runs on [client]'s own executor and the coroutine suspends on it,
 * so `client.call(...)` is safe from the main thread, and cancelling the coroutine cancels the
 * exchange. Requests are sent exactly as the core built them: no redirects followed (with the
 * default client), no caching, no authentication of its own; only the headers the JDK writes
 * itself ([RESTRICTED_HEADERS]) are left to it.
 *
 * @param client the `HttpClient` to send with; the default is one client shared by every
 *   transport built without one ([sharedClient]: HTTP/1.1, redirects never followed, 30 s connect
 *   timeout). Pass your own ([newHttpClient] or `HttpClient.newBuilder()`) for a proxy, an
 *   `SSLContext` or another connect timeout; keep `Redirect.NEVER` so an `Authorization` header
 *   never follows a redirect to another host.
 * @param requestTimeoutMillis how long the whole exchange may take (status, headers and body)
 *   when the call sets no `timeout` (`request.timeoutMillis()`); a reply slower than that is a
 *   transport failure.
 */
open class JdkHttpClientTransport(
    private val client: HttpClient = sharedClient,
    private val requestTimeoutMillis: Long = 120_000,
) : HttpTransport {

    override suspend fun send(request: HttpRequest): HttpResponse {
        val method = request.method()
        val url = request.url()
        // The URL names only the server and the operation's path; no credential is in it.
        // Headers (Authorization) are never part of the message.
        fun failed(what: String) = TransportException.Failed("$method ${hostOf(url)}: $what")
        val jdkRequest = try {
            build(request, method, url)
        } catch (e: URISyntaxException) {
            throw failed("the URL is not valid (${e.reason})")
        } catch (e: IllegalArgumentException) {
            // A URL or header the JDK refuses. Its message may quote a header's value: not shown.
            throw failed("the JDK's HttpClient refuses this request (${e.javaClass.simpleName}: a URL or header it does not accept)")
        }
        // The JDK's own timeout (set in build) ends once the headers are in; a body that stalls
        // after them would hold the call past its deadline, so the whole exchange is bounded too
        // (cancelling the await cancels the exchange). Named as the JDK names its own timeout.
        val timeoutMillis = request.timeoutMillis()?.toLong() ?: requestTimeoutMillis
        val reply = try {
            withTimeout(timeoutMillis) { client.sendAsync(jdkRequest, JdkResponse.BodyHandlers.ofByteArray()).await() }
        } catch (e: TimeoutCancellationException) {
            throw failed("HttpTimeoutException: no whole reply within $timeoutMillis ms")
        } catch (e: IOException) {
            throw failed("${e.javaClass.simpleName}: ${e.message ?: "no detail"}")
        }
        val headers = reply.headers().map().flatMap { (name, values) ->
            // HTTP/2 pseudo-headers (":status") are not headers of the reply.
            if (name.startsWith(":")) emptyList() else values.map { HttpHeader(name, it) }
        }
        return HttpResponse(reply.statusCode().toUShort(), headers, reply.body() ?: ByteArray(0))
    }

    /** Called with each request's builder before it is built; the default does nothing. Add
     *  headers here (`builder.setHeader(...)`); the method, URL and body are already set. */
    protected open fun configure(builder: JdkRequest.Builder, request: HttpRequest) {}

    private fun build(request: HttpRequest, method: String, url: String): JdkRequest {
        val builder = JdkRequest.newBuilder(URI(url))
            .timeout(Duration.ofMillis(request.timeoutMillis()?.toLong() ?: requestTimeoutMillis))
        val body = request.body()
        when {
            // No body: the JDK's own bodiless GET and DELETE.
            body.isEmpty() && method == "GET" -> builder.GET()
            body.isEmpty() && method == "DELETE" -> builder.DELETE()
            body.isEmpty() -> builder.method(method, JdkRequest.BodyPublishers.noBody())
            // Any method, a GET or DELETE with a body included: `method` takes them all.
            else -> builder.method(method, JdkRequest.BodyPublishers.ofByteArray(body))
        }
        for (h in request.headers()) {
            if (h.name.lowercase() !in RESTRICTED_HEADERS) builder.header(h.name, h.value)
        }
        configure(builder, request)
        return builder.build()
    }

    companion object {
        /**
         * Headers the JDK's HttpClient writes itself and refuses from the caller
         * (`IllegalArgumentException: restricted header name`, unless the JVM is started with
         * `-Djdk.httpclient.allowRestrictedHeaders`): `Host` (from the URL), `Content-Length`
         * (from the body), `Connection`, `Expect` and `Upgrade` (the JDK's connection handling).
         * The transport leaves them out of what it copies from the core's request; lower case.
         */
        val RESTRICTED_HEADERS: Set<String> = setOf("connection", "content-length", "expect", "host", "upgrade")

        /** A client as the default one: HTTP/1.1, redirects never followed, the given connect
         *  timeout. Every `HttpClient` owns a selector thread and a connection pool: build one
         *  and share it between transports. */
        fun newHttpClient(connectTimeoutMillis: Long = 30_000): HttpClient =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofMillis(connectTimeoutMillis))
                .build()

        /** The client every transport built without one shares (made on first use). */
        val sharedClient: HttpClient by lazy { newHttpClient() }

        private fun hostOf(url: String): String =
            runCatching { URI(url).host }.getOrNull() ?: "(unparsable URL)"
    }
}
