package atlasadmin.typed

import atlasadmin.AtlasClient
import atlasadmin.CallMetadata
import atlasadmin.CallOptions
import atlasadmin.DecodeError
import atlasadmin.ErrorInfo
import atlasadmin.Payload
import atlasadmin.WaitOptions
import atlasadmin.pages
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withContext
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.descriptors.buildClassSerialDescriptor
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.encoding.Encoder
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonDecoder
import kotlinx.serialization.json.JsonEncoder
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.contentOrNull
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.coroutineContext

// What the generated typed layer (src/generated/kotlin/atlasadmin/typed) runs on, written once:
// the JSON settings, the call that pins the version the types describe, reply decoding, paging
// as a Flow, call metadata, and the serializer of discriminated unions.

/**
 * How typed models are read and written: unknown fields are skipped (Atlas adds fields), an
 * unset optional field is left out of a request rather than sent as `null`.
 */
val AtlasJson: Json = Json {
    ignoreUnknownKeys = true
    explicitNulls = false
    encodeDefaults = false
}

/** A typed reply with the [CallMetadata] of the reply it came from. */
data class Typed<T>(val value: T, val metadata: CallMetadata?)

/**
 * Runs [block] and returns its value with the metadata (status, headers, version, attempts, rate
 * limit) of the last typed call it made:
 *
 * ```
 * val (clusters, metadata) = withMetadata { client.clusters.listClusters(groupId = gid) }
 * ```
 */
suspend fun <T> withMetadata(block: suspend () -> T): Typed<T> {
    val recorder = MetadataRecorder()
    val value = withContext(recorder) { block() }
    return Typed(value, recorder.last)
}

private class MetadataRecorder : AbstractCoroutineContextElement(Key) {
    @Volatile var last: CallMetadata? = null

    companion object Key : CoroutineContext.Key<MetadataRecorder>
}

/** Reads a successful call's [Payload] into a method's return type. */
fun interface ReplyDecoder<R> {
    fun decode(operationId: String, payload: Payload): R
}

/** JSON read with [serializer]; an empty reply reads as JSON `null` (a [JsonNull] element, or
 *  an error for a model). */
internal fun <T> json(serializer: KSerializer<T>) = ReplyDecoder { operationId, payload ->
    decoding(operationId) {
        when (payload) {
            is Payload.Json -> AtlasJson.decodeFromString(serializer, payload.json)
            Payload.Empty -> AtlasJson.decodeFromJsonElement(serializer, JsonNull)
            else -> throw SerializationException("expected JSON, got ${payload::class.simpleName}")
        }
    }
}

/** JSON read with [serializer], or null for a reply without content (a 204 the spec allows). */
internal fun <T> jsonOrNull(serializer: KSerializer<T>) = ReplyDecoder<T?> { operationId, payload ->
    if (payload == Payload.Empty) null else json(serializer).decode(operationId, payload)
}

internal val TextReply = ReplyDecoder { operationId, payload ->
    decoding(operationId) { (payload as? Payload.Text)?.text ?: throw SerializationException("expected text, got $payload") }
}

internal val BytesReply = ReplyDecoder { operationId, payload ->
    decoding(operationId) { (payload as? Payload.Bytes)?.bytes ?: throw SerializationException("expected bytes, got $payload") }
}

/** A reply without content; whatever came is dropped. */
internal val EmptyReply = ReplyDecoder<Unit> { _, _ -> }

/** A reply that does not fit the model is the binding's [DecodeError], naming the operation. */
private inline fun <T> decoding(operationId: String, read: () -> T): T = try {
    read()
} catch (e: IllegalArgumentException) { // SerializationException is one
    val message = "the reply to $operationId does not fit its typed model: ${e.message}"
    throw DecodeError(
        ErrorInfo(
            "DecodeError", listOf("DecodeError", "AtlasError"), message, operationId, null, null, null,
            null, null, emptyList(), null, null, null, null,
        ),
    )
}

internal fun <T> encodeBody(serializer: KSerializer<T>, body: T): String? =
    body?.let { AtlasJson.encodeToString(serializer, it) }

/** Pins the version the generated types describe, unless the call names one itself. */
private fun CallOptions?.pinned(version: String?): CallOptions? = when {
    version == null || this?.version != null -> this
    this == null -> CallOptions(version = version)
    else -> copy(version = version)
}

/** One typed call: the dynamic [AtlasClient.callWithMetadata] with the params and body as JSON,
 *  the reply read by [reply], the metadata handed to an enclosing [withMetadata]. */
internal suspend fun <R> AtlasClient.typedCall(
    operationId: String,
    version: String?,
    params: JsonObject,
    body: String?,
    options: CallOptions?,
    wait: WaitOptions?,
    reply: ReplyDecoder<R>,
): R {
    // A wait ends with the polled GET's reply, in the version its watcher names: no pin there.
    val result = callWithMetadata(operationId, params.toString(), body, options.pinned(version), wait)
    coroutineContext[MetadataRecorder]?.last = result.metadata
    return reply.decode(operationId, result.payload)
}

/** The items of every page of a list operation, each read with [item]. */
internal fun <T> AtlasClient.typedItems(
    operationId: String,
    version: String?,
    params: JsonObject,
    options: CallOptions?,
    item: KSerializer<T>,
): Flow<T> = flow {
    pages(operationId, params.toString(), options.pinned(version)).collect { page ->
        page.forEach { emit(json(item).decode(operationId, Payload.Json(it))) }
    }
}

/** The case of a discriminated union for a discriminator value the spec does not list. */
interface UnknownCase {
    val json: JsonObject
}

/** One case of a discriminated union: the discriminator values that select it, and how its
 *  model is read, wrapped and unwrapped. */
class Case<T : Any, V>(
    private val tags: List<String>,
    private val serializer: KSerializer<V>,
    private val wrap: (V) -> T,
    private val unwrap: (T) -> V?,
) {
    internal fun matches(tag: String?) = tag in tags

    internal fun read(json: Json, obj: JsonObject): T = wrap(json.decodeFromJsonElement(serializer, obj))

    /** The value as JSON with its discriminator (the first value that selects this case when
     *  the model leaves it unset), or null when [value] is another case. */
    internal fun write(json: Json, property: String, value: T): JsonObject? {
        val model = unwrap(value) ?: return null
        val obj = json.encodeToJsonElement(serializer, model) as JsonObject
        return if (property in obj) obj else JsonObject(obj + (property to JsonPrimitive(tags.first())))
    }
}

/**
 * The serializer of a `oneOf` Atlas tells apart by a discriminator [property]: the case whose
 * values hold it, else the union's [UnknownCase] with the object as it came (so a kind Atlas adds
 * later still reads, and writes back unchanged).
 */
abstract class DiscriminatedSerializer<T : Any>(
    name: String,
    private val property: String,
    private val cases: List<Case<T, *>>,
    private val unknown: (JsonObject) -> T,
) : KSerializer<T> {
    override val descriptor: SerialDescriptor = buildClassSerialDescriptor(name)

    override fun deserialize(decoder: Decoder): T {
        val input = decoder as? JsonDecoder ?: throw SerializationException("${descriptor.serialName} is read from JSON only")
        val obj = input.decodeJsonElement() as? JsonObject
            ?: throw SerializationException("${descriptor.serialName}: expected an object")
        val tag = (obj[property] as? JsonPrimitive)?.contentOrNull
        return cases.firstOrNull { it.matches(tag) }?.read(input.json, obj) ?: unknown(obj)
    }

    override fun serialize(encoder: Encoder, value: T) {
        val output = encoder as? JsonEncoder ?: throw SerializationException("${descriptor.serialName} is written as JSON only")
        val obj = (value as? UnknownCase)?.json
            ?: cases.firstNotNullOfOrNull { it.write(output.json, property, value) }
            ?: throw SerializationException("${descriptor.serialName}: no case for $value")
        output.encodeJsonElement(obj)
    }
}
