package atlasadmin

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * The pages of a list operation as a cold [Flow]: each collection walks the pages afresh, one
 * request per page, as the collector asks for them. Items are JSON objects as text.
 *
 * ```
 * client.pages("listProjects").collect { page -> page.forEach(::println) }
 * ```
 */
fun AtlasClient.pages(operationId: String, paramsJson: String? = null, options: CallOptions? = null): Flow<List<String>> = flow {
    paginate(operationId, paramsJson, options).use { pager ->
        while (true) {
            val page = pager.nextPage() ?: break
            emit(page)
        }
    }
}

/** The JSON text of a successful payload, or null when it was CSV, bytes or empty. */
val Payload.jsonOrNull: String?
    get() = (this as? Payload.Json)?.json
