package atlasadmin

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject

/**
 * Client-wide settings: the core's `Config` fields under the core's names ([contractFields]
 * lists them), plus [credentials], [randomSeed] and the listeners. Each field left unset keeps
 * the core's default.
 *
 * @property credentials `null` reads them from the environment: `MONGODB_ATLAS_CLIENT_ID` and
 *   `MONGODB_ATLAS_CLIENT_SECRET` (a service account) or `MONGODB_ATLAS_PUBLIC_API_KEY` and
 *   `MONGODB_ATLAS_PRIVATE_API_KEY` (an API key); none found, a call that needs credentials fails
 *   with an `AuthError` before sending. [Credentials.none] is the explicit choice of none.
 * @property baseUrl left at its default, `MONGODB_ATLAS_OPS_MANAGER_URL` when set.
 * @property versionPin `YYYY-MM-DD`: each operation uses its newest stable version not after it.
 * @property strict also reject enum values and body fields the spec does not list.
 * @property timeout seconds one HTTP exchange may take (`HttpRequest.timeoutMillis()`, enforced
 *   by the transport).
 * @property headers added to every request (not the core's own: `Authorization`, `Accept`...).
 * @property defaultOrgId the organization of calls that leave `orgId` out (else
 *   `MONGODB_ATLAS_ORG_ID`).
 * @property defaultGroupId the project of calls that leave `groupId` out (else
 *   `MONGODB_ATLAS_PROJECT_ID`).
 * @property randomSeed seeds the random numbers (Digest cnonce, jitter) for reproducible runs;
 *   unset draws them from a `SecureRandom`.
 * @property onWarning receives each call's warnings before it sends anything.
 * @property onEvent receives what each call does (requests, replies, waits, retries, tokens).
 * @property tokenCache shares a service account's token between clients and processes
 *   ([FileTokenCache]): read before the first call, written when a call fetches a token.
 */
data class ClientConfig(
    val credentials: Credentials? = null,
    val baseUrl: String = "https://cloud.mongodb.com",
    val userAgent: String? = null,
    val versionPin: String? = null,
    val strict: Boolean = false,
    val retry: RetryOptions? = null,
    val timeout: Double? = null,
    val headers: Map<String, String> = emptyMap(),
    val defaultOrgId: String? = null,
    val defaultGroupId: String? = null,
    val randomSeed: ULong? = null,
    val onWarning: WarningListener? = null,
    val onEvent: EventListener? = null,
    val tokenCache: TokenCache? = null,
) {
    /** The core's `Config` as JSON. */
    internal fun coreJson(): String = jsonOf(
        "baseUrl" to baseUrl, "userAgent" to userAgent, "versionPin" to versionPin, "strict" to strict,
        "retry" to retry?.coreJson(), "timeout" to timeout, "headers" to headers,
        "defaultOrgId" to defaultOrgId, "defaultGroupId" to defaultGroupId,
    ).toString()
}

/**
 * Overrides for one call (the core's `CallOptions`); each field left unset keeps the client's.
 *
 * @property version an exact version (`2023-01-01`, `preview`); wins over the pin.
 * @property format `json`, `csv`, `gzip` or `yaml`, where an operation offers several.
 * @property headers sent after the client's (a name given in both takes this value).
 * @property timeout seconds one exchange of this call may take.
 * @property retryNonIdempotent retry this POST/PATCH on 500/502/504 and transport errors (for
 *   calls safe to repeat).
 */
data class CallOptions(
    val version: String? = null,
    val format: String? = null,
    val strict: Boolean? = null,
    val headers: Map<String, String> = emptyMap(),
    val retry: RetryOptions? = null,
    val timeout: Double? = null,
    val retryNonIdempotent: Boolean = false,
) {
    /** The core's `CallOptions` as JSON. */
    internal fun coreJson(): String = jsonOf(
        "version" to version, "format" to format, "strict" to strict, "headers" to headers,
        "retry" to retry?.coreJson(), "timeout" to timeout, "retryNonIdempotent" to retryNonIdempotent,
    ).toString()
}

/**
 * Retries and back-off (the core's `RetryPolicy`); each field left unset keeps its default.
 * Durations are seconds.
 *
 * @property maxAttempts attempts in all, the first included; 1 disables retries (default 4).
 * @property baseDelay before the first retry, doubled for each later one (default 0.5).
 * @property maxDelay the longest back-off (default 30).
 * @property maxRetryAfter a `Retry-After` longer than this is not waited for (default 300).
 * @property retryNonIdempotent also retry POST/PATCH on 500/502/504 and transport errors.
 */
data class RetryOptions(
    val maxAttempts: Int? = null,
    val baseDelay: Double? = null,
    val maxDelay: Double? = null,
    val maxRetryAfter: Double? = null,
    val retryNonIdempotent: Boolean? = null,
) {
    internal fun coreJson(): JsonObject = jsonOf(
        "maxAttempts" to maxAttempts, "baseDelay" to baseDelay, "maxDelay" to maxDelay,
        "maxRetryAfter" to maxRetryAfter, "retryNonIdempotent" to retryNonIdempotent,
    )
}

/**
 * How long and how often a wait polls (the core's `WaitOptions`); each field left unset keeps
 * its default. Durations are seconds.
 *
 * @property timeout the longest the wait may take, from the end of the call that started the
 *   work (default 3600).
 * @property interval the first pause before polling; each next one is half as long again
 *   (default 5).
 * @property maxInterval the longest pause between polls (default 60).
 */
data class WaitOptions(
    val timeout: Double? = null,
    val interval: Double? = null,
    val maxInterval: Double? = null,
) {
    /** The core's `WaitOptions` as JSON. */
    internal fun coreJson(): String =
        jsonOf("timeout" to timeout, "interval" to interval, "maxInterval" to maxInterval).toString()
}

/** The field names of the core's contract types, as the core serializes their defaults. */
data class ContractFields(
    val config: List<String>,
    val callOptions: List<String>,
    val retry: List<String>,
    val wait: List<String>,
)

/** The field names of the core's `Config`, `CallOptions`, `RetryPolicy` and `WaitOptions`,
 *  which the option classes above carry (a test checks them). */
fun contractFields(): ContractFields {
    val defaults = parseObject(contractDefaultsJson())
    fun keys(type: String) = defaults.getValue(type).jsonObject.keys.toList()
    return ContractFields(keys("config"), keys("callOptions"), keys("retry"), keys("wait"))
}

/** A JSON object of the fields that are set: an unset (null) one keeps the core's default. */
internal fun jsonOf(vararg fields: Pair<String, Any?>): JsonObject =
    JsonObject(fields.mapNotNull { (name, value) -> value?.let { name to element(it) } }.toMap())

private fun element(value: Any?): JsonElement = when (value) {
    null -> JsonNull
    is JsonElement -> value
    is String -> JsonPrimitive(value)
    is Number -> JsonPrimitive(value)
    is Boolean -> JsonPrimitive(value)
    is Map<*, *> -> JsonObject(value.entries.associate { (k, v) -> k.toString() to element(v) })
    is List<*> -> JsonArray(value.map(::element))
    else -> error("not a JSON value: ${value::class}")
}

internal fun parseObject(json: String): JsonObject = Json.parseToJsonElement(json).jsonObject
