package atlasadmin

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.yaml.snakeyaml.LoaderOptions
import org.yaml.snakeyaml.Yaml
import java.io.File
import java.util.concurrent.ConcurrentLinkedQueue

internal fun json(text: String): JsonElement = Json.parseToJsonElement(text)

internal fun HttpResponse.header(name: String): String? =
    headers.firstOrNull { it.name.equals(name, ignoreCase = true) }?.value

internal fun HttpRequest.header(name: String): String? =
    headers().firstOrNull { it.name.equals(name, ignoreCase = true) }?.value

/** A URL the test suite was handed by test.sh, or a failure naming the property. */
internal fun requiredUrl(property: String): String {
    val url = System.getProperty(property).orEmpty().trim()
    require(url.isNotEmpty()) { "system property $property is not set; run bindings-uniffi/test.sh" }
    return url.trimEnd('/')
}

/** Scripted answers in order (an [HttpResponse] to return or a [Throwable] to throw); records
 *  each request it was sent and each sleep. */
internal class ScriptedTransport(vararg answers: Any) : HttpTransport {
    private val script = ArrayDeque(answers.toList())
    val sent = ConcurrentLinkedQueue<HttpRequest>()
    val slept = ConcurrentLinkedQueue<ULong>()

    override suspend fun send(request: HttpRequest): HttpResponse {
        sent += request
        val next = synchronized(script) { script.removeFirstOrNull() }
            ?: error("transport called more often than scripted: ${request.url()}")
        return when (next) {
            is HttpResponse -> next
            is Throwable -> throw next
            else -> error("not an answer: $next")
        }
    }

    override suspend fun sleep(millis: ULong) {
        slept += millis
    }
}

internal fun jsonResponse(status: Int, body: String, vararg headers: Pair<String, String>) =
    HttpResponse(
        status.toUShort(),
        listOf(HttpHeader("Content-Type", "application/vnd.atlas.2023-01-01+json")) +
            headers.map { HttpHeader(it.first, it.second) },
        body.toByteArray(),
    )

/** Passes every exchange to [inner] and keeps the last reply, for checks on raw headers. */
internal class RecordingTransport(private val inner: HttpTransport) : HttpTransport {
    @Volatile var lastResponse: HttpResponse? = null
    @Volatile var requests = 0

    override suspend fun send(request: HttpRequest): HttpResponse {
        requests++
        return inner.send(request).also { lastResponse = it }
    }

    override suspend fun sleep(millis: ULong) = inner.sleep(millis)
}

/** A [WarningListener] that keeps what it is told, and what the transport had sent by then. */
internal class WarningLog(private val transport: RecordingTransport? = null) : WarningListener {
    val warnings = ConcurrentLinkedQueue<AtlasWarning>()
    /** How many requests had gone out when each warning arrived. */
    val sentBefore = ConcurrentLinkedQueue<Int>()

    override fun onWarning(warning: AtlasWarning) {
        warnings += warning
        sentBefore += transport?.requests ?: 0
    }

    fun clear() {
        warnings.clear()
        sentBefore.clear()
    }
}

/** The snake_case the core accepts for a camelCase name: `_` before each capital that follows
 *  a lower-case letter or a digit, then everything lower-case (`listGroupClusters` ->
 *  `list_group_clusters`). */
internal fun snakeCase(name: String): String = buildString {
    name.forEachIndexed { i, c ->
        if (c.isUpperCase() && i > 0 && (name[i - 1].isLowerCase() || name[i - 1].isDigit())) append('_')
        append(c.lowercaseChar())
    }
}

/** One call of a fixture file: `{"operationId", "params", "body"}`. */
internal data class FixtureCall(val operationId: String, val params: String, val body: String?)

/** The data the suites read: fixtures, Prism's known refusals and both specs, each loaded once
 *  per JVM from the paths the pom passes. */
internal object Data {
    private fun file(property: String): File {
        val path = System.getProperty(property).orEmpty()
        require(path.isNotEmpty()) { "system property $property is not set; run bindings-uniffi/test.sh" }
        return File(path).also { require(it.isFile) { "$property: no file at $it" } }
    }

    private fun calls(property: String): List<FixtureCall> =
        json(file(property).readText()).jsonArray.map { it.jsonObject }.map { f ->
            FixtureCall(
                f["operationId"]!!.jsonPrimitive.content,
                f["params"]!!.toString(),
                f["body"]?.takeIf { it != JsonNull }?.toString(),
            )
        }

    /** tests/fixtures/requests.json: one valid call per operation, by canonical id. */
    val requests by lazy { calls("fixtures") }

    /** tests/fixtures/requests-2025-06-05.json: the first release's calls, by 2025 id. */
    val requests2025 by lazy { calls("fixtures.2025") }

    val knownLimits by lazy { KnownLimits(json(file("prism.known.limits").readText()).jsonObject) }

    /** The 2025-06-05 spec's operations: operationId -> (method, path). */
    val spec2025: Map<String, SpecOperation> by lazy {
        val paths = json(file("spec.2025").readText()).jsonObject["paths"]!!.jsonObject
        paths.flatMap { (path, item) ->
            item.jsonObject.filterKeys { it in httpMethods }.map { (method, op) ->
                val id = op.jsonObject["operationId"]!!.jsonPrimitive.content
                id to SpecOperation(id, null, method.uppercase(), path)
            }
        }.toMap()
    }

    /** The 2026-08-21 spec's operations, read with SnakeYAML (not through the core). */
    val spec2026: List<SpecOperation> by lazy {
        val options = LoaderOptions().apply { codePointLimit = 64 * 1024 * 1024 }
        val root = file("spec.2026").reader().use { Yaml(options).load<Map<String, Any?>>(it) }
        @Suppress("UNCHECKED_CAST")
        val paths = root["paths"] as Map<String, Map<String, Any?>>
        paths.flatMap { (path, item) ->
            item.filterKeys { it in httpMethods }.map { (method, op) ->
                op as Map<*, *>
                SpecOperation(
                    op["operationId"] as String,
                    op["x-xgen-operation-id-override"] as String?,
                    method.uppercase(),
                    path,
                )
            }
        }
    }

    private val httpMethods = setOf("get", "put", "post", "delete", "patch")
}

internal data class SpecOperation(val id: String, val shortName: String?, val method: String, val path: String)

/** tests/prism/known-limits.json: a refusal is tolerated only for a listed operation and only
 *  when every violation Prism reports is of the listed kind. */
internal class KnownLimits(root: JsonObject) {
    private class Kind(val endsWith: List<String>, val contains: List<String>)

    private val kinds = root["kinds"]!!.jsonObject.mapValues { (_, k) ->
        Kind(
            k.jsonObject["endsWith"]!!.jsonArray.map { it.jsonPrimitive.content },
            k.jsonObject["contains"]!!.jsonArray.map { it.jsonPrimitive.content },
        )
    }
    val operations: Map<String, String> =
        root["operations"]!!.jsonObject.mapValues { it.value.jsonPrimitive.content }

    /** The kind of refusal `violations` are for `id`, or null when they are not a known one. */
    fun tolerated(id: String, violations: List<String>): String? {
        val name = operations[id] ?: return null
        val kind = kinds[name] ?: error("known-limits.json: $id names unknown kind $name")
        val fits = { v: String -> kind.endsWith.any { v.endsWith(it) } || kind.contains.any { it in v } }
        return name.takeIf { violations.isNotEmpty() && violations.all(fits) }
    }
}

/** What the host transport reported, as the core's sentence quotes it after the attempts. */
internal val TransportError.reason: String
    get() = message.substringAfter(" attempt: ").substringAfter(" attempts: ")
