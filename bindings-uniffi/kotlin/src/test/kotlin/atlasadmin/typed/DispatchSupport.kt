package atlasadmin.typed

import kotlinx.serialization.KSerializer
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject

// How the generated TypedDispatch.kt reads a fixture's params and body into a typed method's
// arguments: with the same JSON settings as the typed layer, so a fixture value that does not fit
// the method's type fails here, naming it.

internal fun <T> JsonObject.required(serializer: KSerializer<T>, name: String): T =
    AtlasJson.decodeFromJsonElement(serializer, get(name) ?: error("the fixture has no parameter $name"))

internal fun <T> JsonObject.optional(serializer: KSerializer<T>, name: String): T? =
    get(name)?.let { AtlasJson.decodeFromJsonElement(serializer, it) }

internal fun <T> requiredBody(serializer: KSerializer<T>, body: JsonElement?): T =
    AtlasJson.decodeFromJsonElement(serializer, body ?: error("the fixture has no body"))

internal fun <T> optionalBody(serializer: KSerializer<T>, body: JsonElement?): T? =
    body?.let { AtlasJson.decodeFromJsonElement(serializer, it) }
