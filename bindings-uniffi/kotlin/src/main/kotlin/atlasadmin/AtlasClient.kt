package atlasadmin

/**
 * A client for the Atlas Administration API v2 over a host [transport] (by default
 * [defaultTransport]). Thread-safe: share one per app. Every network call is `suspend`; every
 * failure is an [AtlasError].
 *
 * ```
 * val client = AtlasClient(ClientConfig(credentials = Credentials.apiKey(pub, priv)))
 * val clusters = client.call("listGroupClusters", """{"groupId":"$groupId"}""")
 * ```
 */
class AtlasClient @JvmOverloads constructor(
    config: ClientConfig,
    transport: HttpTransport = defaultTransport(),
) : AutoCloseable {
    /** The generated binding this class wraps (its errors are `AtlasException`, its settings
     *  and results the core's JSON). */
    val native: NativeClient = mapped {
        val listeners = if (config.onWarning == null && config.onEvent == null) null
        else Listeners(config.onWarning, config.onEvent)
        NativeClient(config.coreJson(), config.credentials, config.randomSeed, listeners, transport)
    }

    /** Calls [operationId] (any of the operation's names) with params and body as JSON text. */
    suspend fun call(
        operationId: String,
        paramsJson: String? = null,
        bodyJson: String? = null,
        options: CallOptions? = null,
    ): Payload = callWithMetadata(operationId, paramsJson, bodyJson, options).payload

    /** [call] with per-call [options]. */
    suspend fun callWith(operationId: String, paramsJson: String?, bodyJson: String?, options: CallOptions): Payload =
        call(operationId, paramsJson, bodyJson, options)

    /** [call], also returning the reply's [CallMetadata] (status, headers, version, attempts,
     *  rate limit). */
    suspend fun callWithMetadata(
        operationId: String,
        paramsJson: String? = null,
        bodyJson: String? = null,
        options: CallOptions? = null,
    ): CallResult = finish { native.call(operationId, paramsJson, bodyJson, options?.coreJson()) }.result()

    /** An endpoint the spec lacks, with the client's authentication and retries. */
    suspend fun callRaw(method: String, url: String, headers: List<HttpHeader> = emptyList(), body: ByteArray): Payload =
        finish { native.callRaw(method, url, headers, body) }.payload()

    /** Every item of a list operation, as one JSON array (text); fails past [maxItems]. */
    suspend fun collectAll(
        operationId: String,
        paramsJson: String? = null,
        maxItems: UInt = 10_000u,
        options: CallOptions? = null,
    ): String = finish { native.pages(operationId, paramsJson, options?.coreJson(), maxItems) }.body.decodeToString()

    /** Pages of a list operation, one [AtlasPager.nextPage] at a time (see also [pages]). */
    fun paginate(operationId: String, paramsJson: String? = null, options: CallOptions? = null): AtlasPager =
        AtlasPager(mapped { native.pages(operationId, paramsJson, options?.coreJson(), null) })

    suspend fun revokeToken() {
        finish { native.revokeToken() }
    }

    fun forgetAuth() = native.forgetAuth()

    /** Sans-IO: the request, checked and encoded, without authentication. */
    fun buildRequest(
        operationId: String,
        paramsJson: String? = null,
        bodyJson: String? = null,
        options: CallOptions? = null,
    ): HttpRequest = mapped { native.buildRequest(operationId, paramsJson, bodyJson, options?.coreJson()) }

    fun chosenVersion(operationId: String, options: CallOptions? = null): VersionInfo =
        VersionInfo.decode(mapped { native.chosenVersion(operationId, options?.coreJson()) })

    /** Sans-IO: a response to [operationId] read into a payload, or its [AtlasError]. */
    fun parseResponse(operationId: String, response: HttpResponse): Payload =
        mapped { native.parseResponse(operationId, response) }.payload()

    override fun close() = native.close()

    /** Starts a call and drives it to its reply. */
    private suspend fun finish(start: () -> Pending): Reply = mapped(start).use { mapped { it.finish() } }
}

/** Pages of a list operation; [nextPage] returns null after the last one. */
class AtlasPager internal constructor(private val native: Pending) : AutoCloseable {
    suspend fun nextPage(): List<String>? = mapped { native.nextPage() }
    override fun close() = native.close()
}

/**
 * An [HttpTransport] that is the core's simulated Atlas ([MockAtlas]): replies from the spec's
 * examples unless scripted, Digest/OAuth on demand, rate limits, failed sends, list items;
 * its waits advance a simulated clock instead of sleeping.
 */
class MockTransport(val atlas: MockAtlas = MockAtlas()) : HttpTransport {
    override suspend fun send(request: HttpRequest): HttpResponse = atlas.send(request)
    override suspend fun sleep(millis: ULong) = atlas.sleep(millis)
}
