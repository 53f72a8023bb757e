package atlasadmin

import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long

/**
 * The core's report of a failed call (its `ErrorReport`): the class (`NotFound`), its lineage
 * up to `AtlasError`, the message sentence and the fields the class carries. No field ever
 * holds a secret.
 *
 * @property parameters Atlas's `parameters`, each as JSON text.
 * @property parameter for a build error: the parameter, body field or setting that was wrong.
 * @property retryAfter seconds to wait before trying again, when Atlas said.
 * @property body Atlas's whole error body as JSON text, when it was JSON.
 * @property rateLimit the token bucket a `RATE_LIMITED_TOKEN_BUCKET` 429 described.
 */
data class ErrorInfo(
    val className: String,
    val lineage: List<String>,
    val message: String,
    val operation: String?,
    val method: String?,
    val url: String?,
    val status: Int?,
    val errorCode: String?,
    val detail: String?,
    val parameters: List<String>,
    val parameter: String?,
    val retryAfter: Double?,
    val attempts: Int?,
    val body: String?,
    val rateLimit: TokenBucket? = null,
) {
    internal companion object {
        fun decode(json: String): ErrorInfo = parseObject(json).run {
            ErrorInfo(
                str("class")!!, strings("lineage"), str("message")!!, str("operation"), str("method"), str("url"),
                int("status"), str("errorCode"), str("detail"), list("parameters").map { it.toString() },
                str("parameter"), double("retryAfter"), int("attempts"),
                body = get("body")?.takeIf { it != JsonNull }?.toString(),
                rateLimit = (get("rateLimit") as? JsonObject)?.let(TokenBucket::decode),
            )
        }
    }
}

/**
 * What Atlas said about the token bucket of an endpoint set in a `RATE_LIMITED_TOKEN_BUCKET` 429
 * (its `parameters`, read by the core): the set ([path], `api/atlas/v2/groups`), seconds until
 * the next request is let through, the requests it holds when full, and how many come back
 * every [refillDurationSeconds]. A client remembers the bucket and waits for its refill itself.
 */
data class TokenBucket(
    val path: String,
    val retryAfterSeconds: Long,
    val capacity: Long,
    val refillRate: Long,
    val refillDurationSeconds: Long,
) {
    internal companion object {
        fun decode(o: JsonObject) = TokenBucket(
            o.str("path")!!, o["retryAfterSeconds"]!!.jsonPrimitive.long, o["capacity"]!!.jsonPrimitive.long,
            o["refillRate"]!!.jsonPrimitive.long, o["refillDurationSeconds"]!!.jsonPrimitive.long,
        )
    }
}

/**
 * Every failure of a call, one class per kind of the core's taxonomy (the same names in every
 * language):
 *
 * ```
 * AtlasError            also thrown itself: a pager driven out of order, an item cap exceeded
 * ├── BuildError        refused before any I/O; `parameter` names what was wrong
 * ├── ApiError          Atlas answered with an error status
 * │   ├── BadRequest  Unauthorized  Forbidden  NotFound  Conflict
 * │   └── VersionGone  RateLimited  ServerError
 * ├── AuthError         the credentials were refused, or could not be used
 * ├── DecodeError       a reply that does not fit what the operation promises
 * ├── TransportError    no reply at all
 * └── WaitError         a wait saw the work fail, or ran out of time
 * ```
 *
 * [message] is the core's sentence (operation, request, what went wrong), never a secret; the
 * other fields are the core's `ErrorReport` ([info]).
 */
open class AtlasError(val info: ErrorInfo) : Exception(info.message) {
    override val message: String get() = info.message
    /** The core's class name (`NotFound`), and its lineage up to `AtlasError`. */
    val className: String get() = info.className
    val lineage: List<String> get() = info.lineage
    val operation: String? get() = info.operation
    val method: String? get() = info.method
    val url: String? get() = info.url
    val status: Int? get() = info.status
    val errorCode: String? get() = info.errorCode
    val detail: String? get() = info.detail
    /** Atlas's `parameters`, each as JSON text. */
    val parameters: List<String> get() = info.parameters
    val parameter: String? get() = info.parameter
    /** Seconds to wait before trying again, when Atlas said (`Retry-After`, else the body's bucket). */
    val retryAfter: Double? get() = info.retryAfter
    /** The token bucket a `RATE_LIMITED_TOKEN_BUCKET` 429 described, else null. */
    val rateLimit: TokenBucket? get() = info.rateLimit
    val attempts: Int? get() = info.attempts
    /** Atlas's error body as JSON text (`badRequestDetail` and all). */
    val body: String? get() = info.body

    companion object {
        /** The exception of the class the core reported. */
        fun of(info: ErrorInfo): AtlasError = when (info.className) {
            "BuildError" -> BuildError(info)
            "ApiError" -> ApiError(info)
            "BadRequest" -> BadRequest(info)
            "Unauthorized" -> Unauthorized(info)
            "Forbidden" -> Forbidden(info)
            "NotFound" -> NotFound(info)
            "Conflict" -> Conflict(info)
            "VersionGone" -> VersionGone(info)
            "RateLimited" -> RateLimited(info)
            "ServerError" -> ServerError(info)
            "AuthError" -> AuthError(info)
            "DecodeError" -> DecodeError(info)
            "TransportError" -> TransportError(info)
            "WaitError" -> WaitError(info)
            else -> AtlasError(info)
        }
    }
}

class BuildError(info: ErrorInfo) : AtlasError(info)
open class ApiError(info: ErrorInfo) : AtlasError(info)
class BadRequest(info: ErrorInfo) : ApiError(info)
class Unauthorized(info: ErrorInfo) : ApiError(info)
class Forbidden(info: ErrorInfo) : ApiError(info)
class NotFound(info: ErrorInfo) : ApiError(info)
class Conflict(info: ErrorInfo) : ApiError(info)
class VersionGone(info: ErrorInfo) : ApiError(info)
class RateLimited(info: ErrorInfo) : ApiError(info)
class ServerError(info: ErrorInfo) : ApiError(info)
class AuthError(info: ErrorInfo) : AtlasError(info)
class DecodeError(info: ErrorInfo) : AtlasError(info)
class TransportError(info: ErrorInfo) : AtlasError(info)
class WaitError(info: ErrorInfo) : AtlasError(info)

/** Runs [block], throwing the generated binding's error as its [AtlasError] class. */
internal inline fun <T> mapped(block: () -> T): T =
    try {
        block()
    } catch (e: AtlasException.Failed) {
        throw AtlasError.of(ErrorInfo.decode(e.report))
    }
