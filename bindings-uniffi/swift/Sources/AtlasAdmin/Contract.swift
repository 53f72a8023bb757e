import Foundation

// The core's contract types cross the FFI as JSON text. These are their Swift mirrors (Kotlin
// has the same in Options.kt and Results.kt): settings encode to the core's `Config` and
// `CallOptions` (a field left nil keeps the core's default), replies and errors decode from
// the core's `Metadata` and `ErrorReport`.

/// Retries and back-off (the core's `RetryPolicy`); durations are seconds.
public struct RetryOptions: Codable, Equatable, Sendable {
    public var maxAttempts: Int?
    public var baseDelay: Double?
    public var maxDelay: Double?
    public var maxRetryAfter: Double?
    public var retryNonIdempotent: Bool?

    public init(
        maxAttempts: Int? = nil, baseDelay: Double? = nil, maxDelay: Double? = nil,
        maxRetryAfter: Double? = nil, retryNonIdempotent: Bool? = nil
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.retryNonIdempotent = retryNonIdempotent
    }
}

/// Client-wide settings (the core's `Config`), for `AtlasClient(configJson: config.json(), ...)`.
public struct ClientConfig: Codable, Equatable, Sendable {
    public var baseUrl: String?
    public var userAgent: String?
    /// `YYYY-MM-DD`: each operation uses its newest stable version not after it.
    public var versionPin: String?
    public var strict: Bool?
    public var retry: RetryOptions?
    /// Seconds one HTTP exchange may take (`HttpRequest.timeoutMillis()`).
    public var timeout: Double?
    public var headers: [String: String]?
    /// The organization and project of calls that leave `orgId`/`groupId` out.
    public var defaultOrgId: String?
    public var defaultGroupId: String?

    public init(
        baseUrl: String? = nil, userAgent: String? = nil, versionPin: String? = nil,
        strict: Bool? = nil, retry: RetryOptions? = nil, timeout: Double? = nil,
        headers: [String: String]? = nil, defaultOrgId: String? = nil, defaultGroupId: String? = nil
    ) {
        self.baseUrl = baseUrl
        self.userAgent = userAgent
        self.versionPin = versionPin
        self.strict = strict
        self.retry = retry
        self.timeout = timeout
        self.headers = headers
        self.defaultOrgId = defaultOrgId
        self.defaultGroupId = defaultGroupId
    }

    /// The core's `Config` as JSON.
    public func json() -> String { contractJson(self) }
}

/// Overrides for one call (the core's `CallOptions`), for the `optionsJson` arguments.
public struct CallOptions: Codable, Equatable, Sendable {
    /// An exact version (`2023-01-01`, `preview`); wins over the pin.
    public var version: String?
    /// `json`, `csv`, `gzip` or `yaml`, where an operation offers several.
    public var format: String?
    public var strict: Bool?
    public var headers: [String: String]?
    public var retry: RetryOptions?
    public var timeout: Double?
    public var retryNonIdempotent: Bool?

    public init(
        version: String? = nil, format: String? = nil, strict: Bool? = nil,
        headers: [String: String]? = nil, retry: RetryOptions? = nil, timeout: Double? = nil,
        retryNonIdempotent: Bool? = nil
    ) {
        self.version = version
        self.format = format
        self.strict = strict
        self.headers = headers
        self.retry = retry
        self.timeout = timeout
        self.retryNonIdempotent = retryNonIdempotent
    }

    /// The core's `CallOptions` as JSON.
    public func json() -> String { contractJson(self) }
}

/// How long and how often a wait polls (the core's `WaitOptions`), for `call(..., wait:)` and
/// `wait(...)`; a field left nil keeps its default. Durations are seconds.
public struct WaitOptions: Codable, Equatable, Sendable {
    /// The longest the wait may take, from the end of the call that started the work (3600).
    public var timeout: Double?
    /// The first pause before polling; each next one is half as long again (5).
    public var interval: Double?
    /// The longest pause between polls (60).
    public var maxInterval: Double?

    public init(timeout: Double? = nil, interval: Double? = nil, maxInterval: Double? = nil) {
        self.timeout = timeout
        self.interval = interval
        self.maxInterval = maxInterval
    }

    /// The core's `WaitOptions` as JSON.
    public func json() -> String { contractJson(self) }
}

/// The core's report of a failed call (`AtlasError.Failed(summary:report:)`, decoded): the
/// class (`NotFound`), its lineage up to `AtlasError`, the sentence and the class's fields.
/// `parameters` and `body` are JSON of any shape: read them from the report text.
public struct ErrorInfo: Decodable, Equatable, Sendable {
    public let className: String
    public let lineage: [String]
    public let message: String
    public let operation: String?
    public let method: String?
    public let url: String?
    public let status: Int?
    public let errorCode: String?
    public let detail: String?
    public let parameter: String?
    /// Seconds to wait before trying again, when Atlas said (`Retry-After`, else the bucket).
    public let retryAfter: Double?
    public let attempts: Int?
    /// The token bucket a `RATE_LIMITED_TOKEN_BUCKET` 429 described, else nil.
    public let rateLimit: TokenBucket?

    enum CodingKeys: String, CodingKey {
        case className = "class"
        case lineage, message, operation, method, url, status, errorCode, detail, parameter
        case retryAfter, attempts, rateLimit
    }
}

/// What Atlas said about an endpoint set's token bucket in a `RATE_LIMITED_TOKEN_BUCKET` 429
/// (read by the core): the set (`api/atlas/v2/groups`), seconds until the next request is let
/// through, the requests it holds when full, and how many come back every
/// `refillDurationSeconds`. A client remembers the bucket and waits for its refill itself.
public struct TokenBucket: Decodable, Equatable, Sendable {
    public let path: String
    public let retryAfterSeconds: UInt64
    public let capacity: UInt64
    public let refillRate: UInt64
    public let refillDurationSeconds: UInt64
}

extension AtlasError {
    /// The core's report of this failure.
    public var info: ErrorInfo? {
        guard case let .Failed(_, report) = self else { return nil }
        return try? JSONDecoder().decode(ErrorInfo.self, from: Data(report.utf8))
    }
}

private func contractJson<T: Encodable>(_ value: T) -> String {
    // Encoding a struct of strings, numbers and maps cannot fail.
    String(decoding: (try? JSONEncoder().encode(value)) ?? Data("{}".utf8), as: UTF8.self)
}
