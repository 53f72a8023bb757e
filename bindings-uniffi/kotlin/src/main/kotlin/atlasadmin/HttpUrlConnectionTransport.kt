package atlasadmin

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.io.IOException
import java.net.HttpURLConnection
import java.net.ProtocolException
import java.net.URI

/**
 * An [HttpTransport] on `java.net.HttpURLConnection`: the one for Android (which has no
 * `java.net.http`). On a JVM prefer [JdkHttpClientTransport] (what [defaultTransport] picks):
 * the JDK's `HttpURLConnection` refuses PATCH, and turns a GET with a body into a POST, unless
 * the JVM is started with `--add-opens java.base/java.net=ALL-UNNAMED` (and
 * `java.base/sun.net.www.protocol.https=ALL-UNNAMED` for HTTPS); without them such a request
 * fails with [TransportException.Failed] naming the flag, before anything is sent.
 *
 * Blocking I/O runs on [dispatcher] (default [Dispatchers.IO]), so `client.call(...)` is safe
 * to call from the main thread. Requests are sent exactly as the core built them: no redirects
 * followed, no caching, no authentication of its own. Subclass and override [configure] to set
 * a proxy-free TLS socket factory, certificate pinning or extra headers.
 */
open class HttpUrlConnectionTransport(
    private val connectTimeoutMillis: Int = 30_000,
    private val readTimeoutMillis: Int = 120_000,
    private val dispatcher: CoroutineDispatcher = Dispatchers.IO,
) : HttpTransport {

    override suspend fun send(request: HttpRequest): HttpResponse = withContext(dispatcher) {
        val method = request.method()
        val url = request.url()
        try {
            exchange(request, method, url)
        } catch (e: IOException) {
            // The URL names only the server and the operation's path; no credential is in it.
            throw TransportException.Failed("$method ${URI(url).host}: ${e.javaClass.simpleName}: ${e.message}")
        }
    }

    /** Called with each connection before it is sent; the default does nothing. */
    protected open fun configure(connection: HttpURLConnection, request: HttpRequest) {}

    private fun exchange(request: HttpRequest, method: String, url: String): HttpResponse {
        val conn = URI(url).toURL().openConnection() as HttpURLConnection
        conn.instanceFollowRedirects = false
        conn.useCaches = false
        conn.connectTimeout = connectTimeoutMillis
        conn.readTimeout = request.timeoutMillis()?.toInt() ?: readTimeoutMillis
        conn.setMethod(method)
        for (h in request.headers()) conn.addRequestProperty(h.name, h.value)
        configure(conn, request)
        val body = request.body()
        if (body.isNotEmpty()) {
            // Buffered, not fixed-length streaming: in streaming mode the JDK turns a 401 into
            // HttpRetryException and drops the Digest challenge the core needs to read.
            conn.doOutput = true
            conn.outputStream.use { it.write(body) }
            // Opening the output stream silently turns a GET into a POST; a few Atlas
            // operations are GETs with a body, so put the method back before the request is
            // written (that happens at responseCode in buffered mode).
            if (conn.requestMethod != method) conn.forceMethod(method)
        }
        val status = conn.responseCode
        val headers = conn.headerFields.flatMap { (name, values) ->
            // The null key is the status line.
            if (name == null) emptyList() else values.map { HttpHeader(name, it) }
        }
        val stream = if (status >= 400) conn.errorStream else conn.inputStream
        // Reading to the end (and closing) hands the connection back to the keep-alive pool.
        val bytes = stream?.use { it.readBytes() } ?: ByteArray(0)
        return HttpResponse(status.toUShort(), headers, bytes)
    }
}

/**
 * Sets the request method, PATCH included. The JDK's HttpURLConnection has a fixed method list
 * without PATCH, so that one is set by reflection (needs
 * `--add-opens java.base/java.net=ALL-UNNAMED`, and `.../sun.net.www.protocol.https` for
 * HTTPS); Android's implementation accepts PATCH directly and never gets here.
 */
internal fun HttpURLConnection.setMethod(method: String) {
    try {
        requestMethod = method
    } catch (e: ProtocolException) {
        if (method != "PATCH") throw e
        forceMethod(method)
    }
}

/** Writes the method field itself, past the JDK's checks (see [setMethod]). */
private fun HttpURLConnection.forceMethod(method: String) {
    try {
        val field = HttpURLConnection::class.java.getDeclaredField("method")
        field.isAccessible = true
        field.set(this, method)
        // HttpsURLConnectionImpl forwards to a delegate connection that holds its own method.
        val delegate = javaClass.declaredFields.firstOrNull { it.name == "delegate" }
        if (delegate != null) {
            delegate.isAccessible = true
            field.set(delegate.get(this), method)
        }
    } catch (e: Exception) {
        throw ProtocolException(
            "this JVM's HttpURLConnection refuses $method here and could not be opened for it " +
                "(run with --add-opens java.base/java.net=ALL-UNNAMED, or use JdkHttpClientTransport): $e",
        )
    }
}
