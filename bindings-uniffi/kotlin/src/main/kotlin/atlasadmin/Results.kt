package atlasadmin

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.contentOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.longOrNull

// What calls return and report, decoded from the core's JSON (the native side hands over the
// core's own serialization: `Metadata`, `Event`, warnings, the catalog, `ErrorReport`).

/** What a successful call returned. JSON stays text for the host's own parser. */
sealed class Payload {
    data class Json(val json: String) : Payload()

    /** CSV or YAML. */
    data class Text(val text: String) : Payload()

    data class Bytes(val bytes: ByteArray) : Payload()

    /** 202/204 or an empty body. */
    data object Empty : Payload()
}

/** A payload with the metadata of the reply it came from. */
data class CallResult(val payload: Payload, val metadata: CallMetadata?)

/**
 * Facts about the reply a call ended with: every header (names lower-case, in the order
 * received), the version its content type names, the attempts made, and `RateLimit-Limit` /
 * `RateLimit-Remaining` when the reply carried them.
 */
data class CallMetadata(
    val operation: String,
    val status: Int,
    val headers: List<HttpHeader>,
    val version: String?,
    val attempts: Int,
    val rateLimitLimit: Long?,
    val rateLimitRemaining: Long?,
) {
    internal companion object {
        fun decode(json: String): CallMetadata = parseObject(json).run {
            val rate = get("rateLimit") as? JsonObject
            val headers = list("headers").map { it.jsonArray.run { HttpHeader(text(0), text(1)) } }
            CallMetadata(
                str("operation")!!, int("status")!!, headers, str("version"), int("attempts")!!,
                rate?.get("limit")?.jsonPrimitive?.longOrNull, rate?.get("remaining")?.jsonPrimitive?.longOrNull,
            )
        }
    }
}

internal fun Reply.payload(): Payload = when (kind) {
    "json" -> Payload.Json(body.decodeToString())
    "text" -> Payload.Text(body.decodeToString())
    "bytes" -> Payload.Bytes(body)
    else -> Payload.Empty
}

/**
 * Something a call did ([kind]: `requestSent`, `replyReceived`, `waiting`, `retrying`,
 * `tokenFetched`), its one-line [message] and all its fields as [json]. Never a secret.
 *
 * @property level how much it matters, as the core ranks it for loggers: `debug` (requests,
 *   replies), `info` (waits, tokens) or `warning` (retries).
 */
data class AtlasEvent(val kind: String, val message: String, val json: String, val level: String) {
    internal companion object {
        fun decode(json: String) = parseObject(json).run { AtlasEvent(str("event")!!, str("message")!!, json, str("level")!!) }
    }
}

/** Something a call does that works today and may not tomorrow; never stops the call. */
sealed class AtlasWarning {
    /** The canonical id of the operation the warning is about. */
    abstract val operation: String

    /** The core's one-line sentence for this warning. */
    abstract val message: String

    /** Atlas no longer lists the operation; [lastListed] is the last spec that did. */
    data class Removed(
        override val operation: String,
        val lastListed: String,
        override val message: String,
    ) : AtlasWarning()

    /** The version called is past its announced sunset by the host's clock. */
    data class PastSunset(
        override val operation: String,
        val version: String,
        val sunset: String,
        val newest: String?,
        override val message: String,
    ) : AtlasWarning()

    internal companion object {
        /** The core's warning and the facts of its kind. */
        fun decode(json: String): AtlasWarning = parseObject(json).run {
            val (operation, message) = str("operation")!! to str("message")!!
            when (str("kind")) {
                "removed" -> Removed(operation, str("lastListed")!!, message)
                else -> PastSunset(operation, str("version")!!, str("sunset")!!, str("newest"), message)
            }
        }
    }
}

/**
 * Receives each call's warnings ([ClientConfig.onWarning]), once per warning, before the call
 * sends anything, on the thread that runs the call. Whatever it throws is dropped: a warning
 * never changes the call's outcome.
 *
 * ```
 * val log = java.util.logging.Logger.getLogger("atlas")
 * ClientConfig(credentials = creds, onWarning = WarningListener { log.warning(it.message) })
 * ```
 */
fun interface WarningListener {
    fun onWarning(warning: AtlasWarning)
}

/** Receives each call's events ([ClientConfig.onEvent]). Whatever it throws is dropped. */
fun interface EventListener {
    fun onEvent(event: AtlasEvent)
}

/**
 * One operation: of the current spec, or one Atlas removed ([removed] is set).
 *
 * @property id the canonical id: the current spec's operationId (`listGroupClusters`); for a
 *   removed operation, the id of the last spec that listed it.
 * @property shortName the short name MongoDB's SDKs and CLI use (`listClusters`), if any.
 * @property formerIds ids it had in earlier specs (`listClusters`, `createProject`).
 * @property names every name a call accepts for it (id, short name, former ids, the snake_case
 *   of each), sorted. A name two operations share is listed under both and accepted by neither.
 * @property removed for an operation Atlas no longer lists: the date of the last spec that
 *   listed it. It can still be called; each call reports an [AtlasWarning.Removed].
 * @property path the path template, e.g. `/api/atlas/v2/groups/{groupId}/clusters`.
 * @property paged a list operation `paginate` / `collectAll` can page through.
 * @property versions the versions it is served in, oldest first.
 */
data class OperationInfo(
    val id: String,
    val shortName: String?,
    val formerIds: List<String>,
    val names: List<String>,
    val removed: String?,
    val method: String,
    val path: String,
    val tag: String,
    val summary: String,
    val docsUrl: String,
    val deprecated: Boolean,
    val paged: Boolean,
    val versions: List<String>,
) {
    internal companion object {
        fun decode(o: JsonObject) = OperationInfo(
            o.str("operationId")!!, o.str("shortName"), o.strings("formerIds"), o.strings("names"), o.str("removed"),
            o.str("method")!!, o.str("path")!!, o.str("tag")!!, o.str("summary")!!, o.str("docsUrl")!!,
            o.bool("deprecated")!!, o.bool("paged")!!, o.list("versions").map { (it as JsonObject).str("name")!! },
        )
    }
}

/** The version a call would use, and its 2xx statuses, lowest first. */
data class VersionInfo(val name: String, val stable: Boolean, val sunset: String?, val successStatuses: List<Int>) {
    internal companion object {
        fun decode(json: String) = parseObject(json).run {
            val statuses = list("successStatuses").map { it.jsonPrimitive.intOrNull!! }
            VersionInfo(str("name")!!, bool("stable")!!, str("sunset"), statuses)
        }
    }
}

/** Every operation the client knows, once each with all its names: the current spec's (540),
 *  then those Atlas removed, each sorted by id. */
fun operations(): List<OperationInfo> = list(operationsJson()).map { OperationInfo.decode(it as JsonObject) }

/** The canonical ids of [operations], in the same order. */
fun operationIds(): List<String> = operations().map { it.id }

/** The operation called [name] (any of its names), or a [BuildError] saying why there is none:
 *  an ambiguous name lists the ids it could mean, an unknown one the closest names. */
fun findOperation(name: String): OperationInfo = OperationInfo.decode(parseObject(mapped { operationJson(name) }))

/** Facts about the operation called [operationId] (any of its names), or null for an unknown
 *  or ambiguous name ([findOperation] says which). */
fun operationInfo(operationId: String): OperationInfo? =
    try { findOperation(operationId) } catch (e: BuildError) { null }

internal fun JsonObject.str(key: String): String? = get(key)?.takeIf { it != JsonNull }?.jsonPrimitive?.contentOrNull
internal fun JsonObject.int(key: String): Int? = get(key)?.jsonPrimitive?.intOrNull
internal fun JsonObject.bool(key: String): Boolean? = get(key)?.jsonPrimitive?.booleanOrNull
internal fun JsonObject.double(key: String): Double? = get(key)?.jsonPrimitive?.doubleOrNull
internal fun JsonObject.list(key: String): List<JsonElement> = (get(key) as? JsonArray).orEmpty()
internal fun JsonObject.strings(key: String): List<String> = list(key).map { it.jsonPrimitive.content }
private fun JsonArray.text(i: Int) = get(i).jsonPrimitive.content
private fun list(json: String) = kotlinx.serialization.json.Json.parseToJsonElement(json).jsonArray
