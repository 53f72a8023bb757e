package atlasadmin

/**
 * A [WarningListener] from a lambda, for [ClientConfig.onWarning]:
 *
 * ```
 * val log = java.util.logging.Logger.getLogger("atlas")
 * ClientConfig(credentials = creds, onWarning = WarningListener { log.warning(it.message) })
 * ```
 *
 * The block runs once per warning, before the call sends anything, on the thread that runs the
 * call. Whatever it throws is dropped: a warning never changes the call's outcome.
 */
fun WarningListener(block: (AtlasWarning) -> Unit): WarningListener = object : WarningListener {
    override fun onWarning(warning: AtlasWarning) = block(warning)
}

/** The core's one-line sentence for this warning, whatever its kind. */
val AtlasWarning.message: String
    get() = when (this) {
        is AtlasWarning.Removed -> message
        is AtlasWarning.PastSunset -> message
    }

/** The canonical id of the operation the warning is about. */
val AtlasWarning.operation: String
    get() = when (this) {
        is AtlasWarning.Removed -> operation
        is AtlasWarning.PastSunset -> operation
    }
