// What the generated typed layer (Generated/) runs on, written once: JSON values, boxes for
// recursive models, the call that pins the version the types describe, reply decoding, paging
// as an AsyncSequence, and call metadata.
import Foundation

/// Any JSON value: free-form objects, unions Atlas does not tag, and unknown union cases.
public enum JSONValue: Codable, Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// A parameter's value as JSON; nil (left out of the call) when the parameter is.
    public static func of<T: Encodable>(_ value: T?) -> JSONValue? {
        guard let value else { return nil }
        guard let data = try? JSONEncoder().encode(value) else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: data)
    }
}

/// A model field that holds, through its type, a value of the model itself: a struct cannot
/// hold itself inline, so the value is boxed (encoded as the value itself).
public final class Indirect<Value: Codable & Sendable>: Codable, Sendable {
    public let value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public required init(from decoder: Decoder) throws {
        value = try Value(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        try value.encode(to: encoder)
    }
}

/// The discriminator of the object being decoded, or nil when it has none.
func discriminator(_ property: String, in decoder: Decoder) throws -> String? {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
    let object = try decoder.container(keyedBy: Key.self)
    return try object.decodeIfPresent(String.self, forKey: Key(stringValue: property))
}

/// The metadata (the core's `Metadata` JSON) of the last typed call made in `withMetadata`.
public final class MetadataRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var last: String?

    @TaskLocal static var current: MetadataRecorder?

    func record(_ metadata: String?) {
        lock.lock()
        defer { lock.unlock() }
        last = metadata
    }

    var metadata: String? {
        lock.lock()
        defer { lock.unlock() }
        return last
    }
}

/// Runs `body` and returns its value with the metadata of the last typed call it made:
/// `let (clusters, metadata) = try await withMetadata { try await client.clusters.listClusters(groupId: gid) }`.
public func withMetadata<T>(_ body: () async throws -> T) async rethrows -> (value: T, metadata: String?) {
    let recorder = MetadataRecorder()
    let value = try await MetadataRecorder.$current.withValue(recorder) { try await body() }
    return (value, recorder.metadata)
}

/// A reply that does not fit its typed model.
public struct TypedDecodeError: Error, CustomStringConvertible {
    public let operationId: String
    public let reason: String
    public var description: String { "the reply to \(operationId) does not fit its typed model: \(reason)" }
}

func encodeBody<T: Encodable>(_ body: T) throws -> String {
    String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
}

func decodeReply<T: Decodable>(_ type: T.Type, from reply: Reply, of operationId: String) throws -> T {
    // An empty reply reads as JSON null (a `JSONValue.null`, or an error for a model).
    let body = reply.kind == "empty" || reply.body.isEmpty ? Data("null".utf8) : reply.body
    do {
        return try JSONDecoder().decode(T.self, from: body)
    } catch {
        throw TypedDecodeError(operationId: operationId, reason: "\(error)")
    }
}

func decodeReplyIfAny<T: Decodable>(_ type: T.Type, from reply: Reply, of operationId: String) throws -> T? {
    reply.kind == "empty" ? nil : try decodeReply(T.self, from: reply, of: operationId)
}

func replyText(_ reply: Reply, of operationId: String) throws -> String {
    guard reply.kind == "text" else {
        throw TypedDecodeError(operationId: operationId, reason: "expected text, got \(reply.kind)")
    }
    return String(decoding: reply.body, as: UTF8.self)
}

extension CallOptions {
    /// Pins the version the generated types describe, unless the call names one itself.
    func pinned(_ version: String?) -> CallOptions {
        var options = self
        if options.version == nil { options.version = version }
        return options
    }
}

extension AtlasClient {
    /// One typed call: the dynamic `call` with the params and body as JSON; its metadata goes
    /// to an enclosing `withMetadata`.
    func typedCall(
        _ operationId: String, version: String?, params: [String: JSONValue?], body: String?,
        options: CallOptions?, wait: WaitOptions?
    ) async throws -> Reply {
        let (reply, metadata) = try await call(
            operationId: operationId, paramsJson: try paramsJson(params), bodyJson: body,
            options: (options ?? CallOptions()).pinned(version), wait: wait)
        MetadataRecorder.current?.record(metadata)
        return reply
    }

    /// The items of every page of a list operation, each read as `T`.
    func typedItems<T: Decodable & Sendable>(
        _ operationId: String, version: String?, params: [String: JSONValue?], options: CallOptions?,
        as type: T.Type
    ) -> AsyncThrowingStream<T, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let pages = pageStream(
                        operationId: operationId, paramsJson: try paramsJson(params),
                        options: (options ?? CallOptions()).pinned(version))
                    for try await page in pages {
                        for item in page {
                            continuation.yield(try decodeReply(T.self, from: Reply(kind: "json", body: Data(item.utf8)), of: operationId))
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// The params object, without the parameters left out.
private func paramsJson(_ params: [String: JSONValue?]) throws -> String {
    let given = params.compactMapValues { $0 }
    return String(decoding: try JSONEncoder().encode(given), as: UTF8.self)
}
