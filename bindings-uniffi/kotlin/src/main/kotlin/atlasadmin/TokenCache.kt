package atlasadmin

import java.nio.file.AtomicMoveNotSupportedException
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.StandardCopyOption.ATOMIC_MOVE
import java.nio.file.StandardCopyOption.REPLACE_EXISTING
import java.nio.file.attribute.FileAttribute
import java.nio.file.attribute.PosixFilePermissions

/**
 * Where clients keep a service account's access token so that several processes (or clients)
 * share one instead of each minting its own: Atlas lets a service account mint 10 tokens a
 * minute and hold 100 at once. Give one to [ClientConfig.tokenCache]: the client [load]s the
 * token under its [AtlasClient.tokenCacheKey] before its first call (adopting it only if it is
 * for the same service account and base URL and still fresh) and [save]s each token it fetches.
 *
 * The text is the core's saved-token JSON and holds the token itself: keep it where only its
 * owner can read it. Whatever [load] or [save] throws is dropped: a cache never fails a call.
 * Both run on the calling thread.
 */
interface TokenCache {
    /** The text last saved under [key], or null. */
    fun load(key: String): String?

    /** Keeps [token] (saved-token JSON) under [key], replacing what was there. */
    fun save(key: String, token: String)
}

/**
 * A [TokenCache] of files: `<dir>/<key>.json`, written to a temporary file then moved into
 * place atomically, so a reader never sees half a token. Where the file system has POSIX
 * permissions the file is `rw-------` and a [dir] this creates `rwx------` (an existing [dir]
 * is left as it is: choose one only you can read).
 */
class FileTokenCache(val dir: Path) : TokenCache {
    override fun load(key: String): String? = try {
        Files.readString(file(key))
    } catch (e: NoSuchFileException) {
        null
    }

    override fun save(key: String, token: String) {
        val target = file(key)
        if (!Files.isDirectory(dir)) Files.createDirectories(dir, *permissions("rwx------"))
        val temp = Files.createTempFile(dir, ".$key.", ".tmp", *permissions("rw-------"))
        try {
            Files.writeString(temp, token)
            try {
                Files.move(temp, target, ATOMIC_MOVE, REPLACE_EXISTING)
            } catch (e: AtomicMoveNotSupportedException) {
                Files.move(temp, target, REPLACE_EXISTING)
            }
        } finally {
            Files.deleteIfExists(temp)
        }
    }

    /** The file of [key]; a key that is not a plain file name (the core's are) is refused. */
    fun file(key: String): Path {
        require(KEY.matches(key)) { "not a token cache key: $key" }
        return dir.resolve("$key.json")
    }

    private fun permissions(mode: String): Array<FileAttribute<*>> =
        if ("posix" in dir.fileSystem.supportedFileAttributeViews()) {
            arrayOf(PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)))
        } else {
            emptyArray()
        }

    private companion object {
        val KEY = Regex("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")
    }
}
