package atlasadmin

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import java.security.SecureRandom
import java.util.Random

/**
 * The host's HTTP client and timer, both `suspend` (do blocking I/O on a background
 * dispatcher), and its clock. The bundled ones are [JdkHttpClientTransport] and
 * [HttpUrlConnectionTransport].
 */
interface HttpTransport {
    /** Sends [request] as given (no redirect followed, no auth added) within
     *  `request.timeoutMillis()`, and returns the answer whatever its status. Throws only when no
     *  HTTP answer came ([TransportException.Failed] saying why). */
    suspend fun send(request: HttpRequest): HttpResponse

    /** Waits [millis] milliseconds before a retry; a test transport may only record it. */
    suspend fun sleep(millis: ULong) = delay(millis.coerceAtMost(Long.MAX_VALUE.toULong()).toLong())

    /** The time now, milliseconds since the epoch (a wait's deadline, a sunset, a token's
     *  expiry are read on it); a test transport may simulate it along with [sleep]. */
    fun nowMillis(): ULong = System.currentTimeMillis().toULong()
}

/**
 * A client for the Atlas Administration API v2 over a host [transport] (by default
 * [defaultTransport]). Thread-safe: share one per app. Every network call is `suspend`; every
 * failure is an [AtlasError].
 *
 * The core decides what each call does (authentication, retries, paging); this class runs its
 * steps with the [transport], the JVM's clock and random numbers, and hands what the call
 * reports to the listeners of [ClientConfig].
 *
 * ```
 * val client = AtlasClient(ClientConfig(credentials = Credentials.apiKey(pub, priv)))
 * val clusters = client.call("listGroupClusters", """{"groupId":"$groupId"}""")
 * val idle = client.call("createGroupCluster", """{"groupId":"$groupId"}""", body, wait = WaitOptions())
 * ```
 */
class AtlasClient @JvmOverloads constructor(
    config: ClientConfig,
    private val transport: HttpTransport = defaultTransport(),
    environment: Map<String, String> = System.getenv(),
) : AutoCloseable {
    /** The generated binding this class wraps (its errors are `AtlasException`, its settings
     *  and results the core's JSON). What [config] leaves out (credentials, the base URL, the
     *  default org and project) it reads from [environment], the Atlas CLI's variables. */
    val native: NativeClient = mapped { NativeClient(config.coreJson(), config.credentials, environment) }
    private val onWarning = config.onWarning
    private val onEvent = config.onEvent
    private val tokenCache = config.tokenCache
    private val cacheLock = Any()
    private var cacheRead = tokenCache == null

    /** Seeds the Digest cnonce and the back-off jitter; both thread-safe. */
    private val random: Random = config.randomSeed?.let { Random(it.toLong()) } ?: SecureRandom()

    /**
     * Calls [operationId] (any of the operation's names) with params and body as JSON text.
     *
     * With [wait] (`WaitOptions()` for the defaults), then waits for the work the call started
     * as the spec says for it (a cluster created or updated until `stateName` is `IDLE`, a
     * deleted one until its GET answers 404) and returns the last poll's reply ([Payload.Empty]
     * after a delete). A failed end state or the deadline throws [WaitError]; an operation the
     * spec gives no way to wait for throws [BuildError] before anything is sent (use [wait]).
     */
    suspend fun call(
        operationId: String,
        paramsJson: String? = null,
        bodyJson: String? = null,
        options: CallOptions? = null,
        wait: WaitOptions? = null,
    ): Payload = callWithMetadata(operationId, paramsJson, bodyJson, options, wait).payload

    /** [call] with per-call [options]. */
    suspend fun callWith(operationId: String, paramsJson: String?, bodyJson: String?, options: CallOptions): Payload =
        call(operationId, paramsJson, bodyJson, options)

    /** [call], also returning the reply's [CallMetadata] (status, headers, version, attempts,
     *  rate limit); after a [wait], of the last poll's reply. */
    suspend fun callWithMetadata(
        operationId: String,
        paramsJson: String? = null,
        bodyJson: String? = null,
        options: CallOptions? = null,
        wait: WaitOptions? = null,
    ): CallResult = start { it.call(operationId, paramsJson, bodyJson, options?.coreJson(), wait?.coreJson(), null) }.use { call ->
        CallResult(finish(call).payload(), call.metadata()?.let(CallMetadata::decode))
    }

    /**
     * Polls the GET operation [operationId] with [paramsJson] until the member at [path] (dotted:
     * `stateName`, `status.phase`) is one of [values], and returns that reply; with [gone], until
     * it answers 404 ([Payload.Empty]). A value of [failed], or running past [options]`.timeout`,
     * throws [WaitError]; an operation that is not a GET, or no [path] and [values] without
     * [gone], throws [BuildError] before anything is sent. For what the spec describes,
     * `call(..., wait = WaitOptions())` needs none of this.
     */
    suspend fun wait(
        operationId: String,
        paramsJson: String? = null,
        path: String? = null,
        values: List<String> = emptyList(),
        failed: List<String> = emptyList(),
        gone: Boolean = false,
        options: WaitOptions = WaitOptions(),
    ): Payload {
        // The core's `WaitGoal`; the core refuses a state goal without a path or values.
        val state = jsonOf("path" to (path ?: ""), "done" to values, "failed" to failed)
        val goal = if (gone) jsonOf("status" to 404) else jsonOf("state" to state)
        return start { it.call(operationId, paramsJson, null, null, options.coreJson(), goal.toString()) }
            .use { finish(it).payload() }
    }

    /** An endpoint the spec lacks, with the client's authentication and retries. */
    suspend fun callRaw(method: String, url: String, headers: List<HttpHeader> = emptyList(), body: ByteArray): Payload =
        start { it.callRaw(method, url, headers, body) }.use { finish(it).payload() }

    /** Every item of a list operation, as one JSON array (text); fails past [maxItems]. */
    suspend fun collectAll(
        operationId: String,
        paramsJson: String? = null,
        maxItems: UInt = 10_000u,
        options: CallOptions? = null,
    ): String = start { it.pages(operationId, paramsJson, options?.coreJson(), maxItems) }.use { finish(it).body.decodeToString() }

    /** Pages of a list operation, one [AtlasPager.nextPage] at a time (see also [pages]). */
    fun paginate(operationId: String, paramsJson: String? = null, options: CallOptions? = null): AtlasPager =
        AtlasPager(this, start { it.pages(operationId, paramsJson, options?.coreJson(), null) })

    suspend fun revokeToken() {
        start { it.revokeToken() }.use { finish(it) }
    }

    fun forgetAuth() = native.forgetAuth()

    /**
     * The service-account token this client holds, as the core's saved-token JSON (base URL,
     * client id, token, expiry), for another client's [importToken]; null before a call has
     * fetched one, or without a service account. It holds the token: write it only where its
     * owner alone can read it (as [FileTokenCache] does), never to a log.
     */
    fun exportToken(): String? = native.exportToken()

    /**
     * Adopts a token another client exported, so this one mints none; true if adopted: only a
     * token of this client's service account and base URL, still fresh on the transport's clock
     * (a token this client holds that lives longer is kept). Text that is not a saved token
     * throws [BuildError] (never repeating the text).
     */
    fun importToken(json: String): Boolean = mapped { native.importToken(json, now()) }

    /** The name a [TokenCache] keeps this client's token under (`atlas-token-<32 hex>`, from the
     *  base URL and client id, the same in every binding); null without a service account. */
    val tokenCacheKey: String? get() = native.tokenCacheKey()

    /** Sans-IO: the request, checked and encoded, without authentication. Its warnings go to
     *  [ClientConfig.onWarning] as a call's would. */
    fun buildRequest(
        operationId: String,
        paramsJson: String? = null,
        bodyJson: String? = null,
        options: CallOptions? = null,
    ): HttpRequest = mapped {
        native.buildRequest(operationId, paramsJson, bodyJson, options?.coreJson()).also {
            val version = parseObject(native.chosenVersion(operationId, options?.coreJson(), now()))
            warn(version.list("warnings").map { it.toString() })
        }
    }

    fun chosenVersion(operationId: String, options: CallOptions? = null): VersionInfo =
        VersionInfo.decode(mapped { native.chosenVersion(operationId, options?.coreJson(), now()) })

    /** Sans-IO: a response to [operationId] read into a payload, or its [AtlasError]. */
    fun parseResponse(operationId: String, response: HttpResponse): Payload =
        mapped { native.parseResponse(operationId, response, now()) }.payload()

    override fun close() = native.close()

    /** Starts a call and reports its warnings, before anything is sent; the first reads the
     *  token cache. */
    private fun start(begin: (NativeClient) -> NativeCall): NativeCall {
        loadToken()
        return mapped { begin(native) }.also { warn(it.warnings(now())) }
    }

    // A cache never changes a call's outcome: whatever it (or a stale entry) throws is dropped.
    private fun loadToken() {
        val cache = tokenCache ?: return
        synchronized(cacheLock) {
            if (cacheRead) return
            cacheRead = true
            val key = tokenCacheKey ?: return
            runCatching { cache.load(key)?.let(::importToken) }
        }
    }

    private fun saveToken() {
        val cache = tokenCache ?: return
        val key = tokenCacheKey ?: return
        exportToken()?.let { token -> runCatching { cache.save(key, token) } }
    }

    /** Drives [call] to its reply (a paging call's items are dropped). */
    private suspend fun finish(call: NativeCall): Reply {
        while (true) (step(call) as? Step.Done)?.let { return it.reply }
    }

    /** Runs [call]'s steps until it yields a page's items or ends: sends with the transport,
     *  waits with its timer; what the call did goes to the event listener as it happens. */
    internal suspend fun step(call: NativeCall): Step {
        while (true) {
            val step = try {
                mapped { call.next(now(), random.nextLong().toULong()) }
            } finally {
                events(call.takeEvents())
            }
            when (step) {
                is Step.Send -> send(call, step.request)
                is Step.Wait -> transport.sleep(step.millis)
                is Step.Items, is Step.Done -> return step
            }
        }
    }

    private suspend fun send(call: NativeCall, request: HttpRequest) {
        val response = try {
            transport.send(request)
        } catch (e: CancellationException) {
            throw e
        } catch (e: TransportException.Failed) {
            return call.feedTransportError(e.reason)
        } catch (e: Exception) {
            // A transport that throws something else still ends the attempt as a transport failure.
            return call.feedTransportError("transport threw: $e")
        }
        call.feedResponse(response)
    }

    // A listener never changes a call's outcome: whatever it (or a decode) throws is dropped.
    private fun warn(warnings: List<String>) {
        val listener = onWarning ?: return
        warnings.forEach { runCatching { listener.onWarning(AtlasWarning.decode(it)) } }
    }

    /** Hands [events] to the listener; one saying a token was fetched has it saved to the cache. */
    private fun events(events: List<String>) {
        if (onEvent == null && tokenCache == null) return
        val decoded = events.mapNotNull { runCatching { AtlasEvent.decode(it) }.getOrNull() }
        onEvent?.let { listener -> decoded.forEach { runCatching { listener.onEvent(it) } } }
        if (decoded.any { it.kind == "tokenFetched" }) saveToken()
    }

    private fun now(): ULong = transport.nowMillis()
}

/** Pages of a list operation; [nextPage] returns null after the last one (or a failed one). */
class AtlasPager internal constructor(private val client: AtlasClient, private val call: NativeCall) : AutoCloseable {
    private var done = false

    suspend fun nextPage(): List<String>? {
        if (done) return null
        done = true // until this page's items come: the end or an error finishes the pager
        return (client.step(call) as? Step.Items)?.items?.also { done = false }
    }

    override fun close() = call.close()
}

/**
 * An [HttpTransport] that is the core's simulated Atlas ([MockAtlas]): replies from the spec's
 * examples unless scripted, Digest/OAuth on demand, rate limits, failed sends, list items;
 * its waits advance a simulated clock instead of sleeping, and that clock is the client's
 * (no real time passes in a wait).
 */
class MockTransport(val atlas: MockAtlas = MockAtlas()) : HttpTransport {
    override suspend fun send(request: HttpRequest): HttpResponse = atlas.send(request)
    override suspend fun sleep(millis: ULong) = atlas.sleep(millis)
    override fun nowMillis(): ULong = atlas.nowMillis()
}
