import Foundation

/// Where clients keep a service account's access token so that several processes (or clients)
/// share one instead of each minting its own: Atlas lets a service account mint 10 tokens a
/// minute and hold 100 at once. Hand one to `AtlasClient(..., tokenCache:)`: the client loads
/// the token under its `tokenCacheKey` before its first call (adopting it only if it is for the
/// same service account and base URL and still fresh) and saves each token it fetches.
///
/// The text is the core's saved-token JSON and holds the token itself: keep it where only its
/// owner can read it. Whatever `load` or `save` throws is dropped: a cache never fails a call.
public protocol TokenCache: AnyObject, Sendable {
    /// The text last saved under `key`, or nil.
    func load(key: String) throws -> String?
    /// Keeps `token` (saved-token JSON) under `key`, replacing what was there.
    func save(key: String, token: String) throws
}

/// A `TokenCache` of files: `<directory>/<key>.json`, mode 0o600, written to a temporary file
/// (created 0o600) then renamed into place atomically, so a reader never sees half a token. A
/// directory this creates is 0o700 (an existing one is left as it is: choose one only you can
/// read).
public final class FileTokenCache: TokenCache {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public func load(key: String) throws -> String? {
        let url = try file(key: key)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try String(contentsOf: url, encoding: .utf8)
    }

    public func save(key: String, token: String) throws {
        let target = try file(key: key)
        let manager = FileManager.default
        if !manager.fileExists(atPath: directory.path) {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true,
                                        attributes: [.posixPermissions: 0o700])
        }
        let temp = directory.appendingPathComponent(".\(key).\(UUID().uuidString).tmp")
        // Created 0o600 before a byte is written: the token is never readable by others.
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { try? manager.removeItem(at: temp) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        try handle.write(contentsOf: Data(token.utf8))
        try handle.synchronize()
        try handle.close()
        // rename(2) replaces the target atomically on the same volume.
        guard rename(temp.path, target.path) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    /// The file of `key`; a key that is not a plain file name (the core's are) is refused.
    public func file(key: String) throws -> URL {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !key.isEmpty, key.count <= 128, !key.hasPrefix("."),
              key.unicodeScalars.allSatisfy(allowed.contains) else {
            throw CocoaError(.fileWriteInvalidFileName)
        }
        return directory.appendingPathComponent("\(key).json")
    }
}
