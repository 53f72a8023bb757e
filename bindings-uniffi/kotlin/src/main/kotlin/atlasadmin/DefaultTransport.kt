package atlasadmin

/**
 * The transport to use when the app has no HTTP stack of its own: [JdkHttpClientTransport] on a
 * JVM that has `java.net.http` (JDK 11+; sends PATCH and GET-with-body with no JVM flags), else
 * [HttpUrlConnectionTransport] (Android, whose `HttpURLConnection` accepts PATCH). A new
 * transport each call; the JDK one shares [JdkHttpClientTransport.sharedClient].
 */
fun defaultTransport(): HttpTransport =
    if (hasJavaNetHttp) JdkHttpClientTransport() else HttpUrlConnectionTransport()

/** Whether `java.net.http.HttpClient` exists here (not on Android). Checked by name, so this
 *  file loads on Android without touching [JdkHttpClientTransport]. */
private val hasJavaNetHttp: Boolean by lazy {
    runCatching { Class.forName("java.net.http.HttpClient", false, HttpTransport::class.java.classLoader) }.isSuccess
}
