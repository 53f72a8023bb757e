import Foundation

// The drive loop, as Kotlin's AtlasClient.kt has it: the core (`NativeCall`) decides what each
// call does (authentication, retries, paging); this file runs its steps with the host's
// transport, clock, random numbers and timer, and hands what the call reports to a listener.

/// The host's HTTP client, timer and clock; `URLSessionTransport` is the bundled one.
public protocol HttpTransport: Sendable {
    /// Sends `request` as given (no redirect followed, no auth added) within
    /// `request.timeoutMillis()`, and returns the answer whatever its status. Throws only when
    /// no HTTP answer came (`TransportError.Failed(reason:)` saying why).
    func send(request: HttpRequest) async throws -> HttpResponse
    /// Waits `millis` milliseconds before a retry; a test transport may only record it.
    func sleep(millis: UInt64) async
    /// The time now, milliseconds since the epoch (a wait's deadline, a sunset, a token's
    /// expiry are read on it); a test transport may simulate it along with `sleep`.
    func nowMillis() -> UInt64
}

extension HttpTransport {
    public func sleep(millis: UInt64) async {
        let (nanos, overflow) = millis.multipliedReportingOverflow(by: 1_000_000)
        try? await Task.sleep(nanoseconds: overflow ? UInt64.max : nanos)
    }

    public func nowMillis() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }
}

/// Receives what each call reports, as the core's JSON; never a secret.
public protocol CallListener: AnyObject, Sendable {
    /// A warning, before the call sends anything: `kind` (`removed`, `past_sunset`),
    /// `operation`, the core's `message` and the facts (`lastListed`; `version`, `sunset`,
    /// `newest`).
    func onWarning(json: String)
    /// What the call did, as it did it: the core's `Event` (tagged `event`), `level`, `message`.
    func onEvent(json: String)
}

/// A client for the Atlas Administration API v2 over a host transport. Thread-safe: share one
/// per app. Every failure is an `AtlasError` (`error.info` decodes the core's report).
public final class AtlasClient: Sendable {
    /// The generated binding this class wraps.
    public let native: NativeClient
    private let transport: HttpTransport
    private let listener: CallListener?
    private let tokenCache: TokenCache?
    private let cacheRead = Once()

    /// `tokenCache` (`FileTokenCache`) shares a service account's token between clients and
    /// processes: read before the first call, written when a call fetches a token.
    ///
    /// No `credentials`, and settings `config` leaves at their defaults (the base URL, the
    /// default org and project), are read from `environment`: the Atlas CLI's variables
    /// (`MONGODB_ATLAS_CLIENT_ID`/`MONGODB_ATLAS_CLIENT_SECRET` or
    /// `MONGODB_ATLAS_PUBLIC_API_KEY`/`MONGODB_ATLAS_PRIVATE_API_KEY`). None found, a call that
    /// needs credentials throws an `AuthError` before sending; `Credentials.none()` sends none.
    public init(
        config: ClientConfig = ClientConfig(), credentials: Credentials? = nil,
        listener: CallListener? = nil, transport: HttpTransport = URLSessionTransport(),
        tokenCache: TokenCache? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        native = try NativeClient(configJson: config.json(), credentials: credentials, env: environment)
        self.transport = transport
        self.listener = listener
        self.tokenCache = tokenCache
    }

    /// Calls `operationId` (any of the operation's names) with params and body as JSON text;
    /// the reply (`kind`, `body`) and the core's `Metadata` of it as JSON.
    ///
    /// With `wait` (`WaitOptions()` for the defaults), then waits for the work the call started
    /// as the spec says for it (a cluster created or updated until `stateName` is `IDLE`, a
    /// deleted one until its GET answers 404) and returns the last poll's reply (`kind`
    /// `empty` after a delete). A failed end state or the deadline throws a `WaitError`
    /// (`error.info?.className`); an operation the spec gives no way to wait for throws a
    /// `BuildError` before anything is sent (use `wait(operationId:...)`).
    public func call(
        operationId: String, paramsJson: String? = nil, bodyJson: String? = nil,
        options: CallOptions? = nil, wait: WaitOptions? = nil
    ) async throws -> (reply: Reply, metadata: String?) {
        let call = try start {
            try $0.call(operationId: operationId, paramsJson: paramsJson, bodyJson: bodyJson,
                        optionsJson: options?.json(), waitJson: wait?.json(), goalJson: nil)
        }
        let reply = try await finish(call)
        return (reply, call.metadata())
    }

    /// Polls the GET operation `operationId` with `paramsJson` until the member at `path`
    /// (dotted: `stateName`, `status.phase`) is one of `values`, and returns that reply; with
    /// `gone`, until it answers 404 (`kind` `empty`). A value of `failed`, or running past
    /// `options.timeout`, throws a `WaitError`; an operation that is not a GET, or no `path`
    /// and `values` without `gone`, throws a `BuildError` before anything is sent.
    public func wait(
        operationId: String, paramsJson: String? = nil, path: String? = nil, values: [String] = [],
        failed: [String] = [], gone: Bool = false, options: WaitOptions = WaitOptions()
    ) async throws -> Reply {
        // The core's `WaitGoal`; it refuses a state goal without a path or values.
        let state: [String: Any] = ["path": path ?? "", "done": values, "failed": failed]
        let goal: [String: Any] = gone ? ["status": 404] : ["state": state]
        let goalJson = try String(decoding: JSONSerialization.data(withJSONObject: goal), as: UTF8.self)
        let call = try start {
            try $0.call(operationId: operationId, paramsJson: paramsJson, bodyJson: nil, optionsJson: nil,
                        waitJson: options.json(), goalJson: goalJson)
        }
        return try await finish(call)
    }

    /// An endpoint the spec lacks, with the client's authentication and retries.
    public func callRaw(method: String, url: String, headers: [HttpHeader] = [], body: Data) async throws -> Reply {
        let call = try start { try $0.callRaw(method: method, url: url, headers: headers, body: body) }
        return try await finish(call)
    }

    /// Every item of a list operation, as one JSON array (text); fails past `maxItems`.
    public func collectAll(
        operationId: String, paramsJson: String? = nil, maxItems: UInt32 = 10_000, options: CallOptions? = nil
    ) async throws -> String {
        let call = try start {
            try $0.pages(operationId: operationId, paramsJson: paramsJson, optionsJson: options?.json(),
                         maxItems: maxItems)
        }
        let reply = try await finish(call)
        return String(decoding: reply.body, as: UTF8.self)
    }

    /// The pages of a list operation, each page's items as JSON text.
    public func pageStream(
        operationId: String, paramsJson: String? = nil, options: CallOptions? = nil
    ) -> AsyncThrowingStream<[String], Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let call = try self.start {
                        try $0.pages(operationId: operationId, paramsJson: paramsJson,
                                     optionsJson: options?.json(), maxItems: nil)
                    }
                    while case .items(let items) = try await self.step(call) {
                        continuation.yield(items)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func revokeToken() async throws {
        _ = try await finish(native.revokeToken())
    }

    public func forgetAuth() {
        native.forgetAuth()
    }

    /// The service-account token this client holds, as the core's saved-token JSON (base URL,
    /// client id, token, expiry), for another client's `importToken`; nil before a call has
    /// fetched one, or without a service account. It holds the token: write it only where its
    /// owner alone can read it (as `FileTokenCache` does), never to a log.
    public func exportToken() -> String? {
        native.exportToken()
    }

    /// Adopts a token another client exported, so this one mints none; true if adopted: only a
    /// token of this client's service account and base URL, still fresh on the transport's
    /// clock. Text that is not a saved token throws a `BuildError` (never repeating the text).
    public func importToken(json: String) throws -> Bool {
        try native.importToken(json: json, nowMillis: now())
    }

    /// The name a `TokenCache` keeps this client's token under (`atlas-token-<32 hex>`, the same
    /// in every binding); nil without a service account.
    public var tokenCacheKey: String? {
        native.tokenCacheKey()
    }

    /// Sans-IO: the request, checked and encoded, without authentication; its warnings go to
    /// the listener as a call's would.
    public func buildRequest(
        operationId: String, paramsJson: String? = nil, bodyJson: String? = nil, options: CallOptions? = nil
    ) throws -> HttpRequest {
        let request = try native.buildRequest(
            operationId: operationId, paramsJson: paramsJson, bodyJson: bodyJson, optionsJson: options?.json())
        let version = try chosenVersion(operationId: operationId, options: options)
        let object = try JSONSerialization.jsonObject(with: Data(version.utf8)) as? [String: Any]
        for warning in object?["warnings"] as? [Any] ?? [] {
            let json = try JSONSerialization.data(withJSONObject: warning)
            listener?.onWarning(json: String(decoding: json, as: UTF8.self))
        }
        return request
    }

    /// The version a call would use, as the core's JSON (`name`, `stable`, `sunset`,
    /// `successStatuses`, `warnings`...).
    public func chosenVersion(operationId: String, options: CallOptions? = nil) throws -> String {
        try native.chosenVersion(operationId: operationId, optionsJson: options?.json(), nowMillis: now())
    }

    /// Sans-IO: a response to `operationId` read into a reply, or its `AtlasError`.
    public func parseResponse(operationId: String, response: HttpResponse) throws -> Reply {
        try native.parseResponse(operationId: operationId, response: response, nowMillis: now())
    }

    /// Starts a call and reports its warnings, before anything is sent; the first reads the
    /// token cache.
    private func start(_ begin: (NativeClient) throws -> NativeCall) throws -> NativeCall {
        loadToken()
        let call = try begin(native)
        call.warnings(nowMillis: now()).forEach { listener?.onWarning(json: $0) }
        return call
    }

    /// Drives `call` to its reply (a paging call's items are dropped).
    private func finish(_ call: NativeCall) async throws -> Reply {
        while true {
            if case .done(let reply) = try await step(call) { return reply }
        }
    }

    /// Runs `call`'s steps until it yields a page's items or ends: sends with the transport,
    /// waits with its timer; what the call did goes to the listener as it happens.
    private func step(_ call: NativeCall) async throws -> Step {
        while true {
            try Task.checkCancellation()
            let step: Step
            do {
                defer { report(call.takeEvents()) }
                step = try call.next(nowMillis: now(), random: UInt64.random(in: .min ... .max))
            }
            switch step {
            case .send(let request):
                do {
                    let response = try await transport.send(request: request)
                    call.feedResponse(response: response)
                } catch is CancellationError {
                    throw CancellationError()
                } catch TransportError.Failed(let reason) {
                    call.feedTransportError(reason: reason)
                } catch {
                    // A transport that throws something else still ends the attempt as a
                    // transport failure.
                    call.feedTransportError(reason: "transport threw: \(error)")
                }
            case .wait(let millis):
                await transport.sleep(millis: millis)
            case .items, .done:
                return step
            }
        }
    }

    /// Hands `events` to the listener; one saying a token was fetched has it saved to the cache.
    private func report(_ events: [String]) {
        events.forEach { listener?.onEvent(json: $0) }
        guard tokenCache != nil else { return }
        let fetched = events.contains {
            let object = try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            return object?["event"] as? String == "tokenFetched"
        }
        if fetched { saveToken() }
    }

    // A cache never changes a call's outcome: whatever it (or a stale entry) throws is dropped.
    private func loadToken() {
        guard let cache = tokenCache else { return }
        cacheRead.run {
            guard let key = tokenCacheKey, let saved = try? cache.load(key: key) else { return }
            _ = try? importToken(json: saved)
        }
    }

    private func saveToken() {
        guard let cache = tokenCache, let key = tokenCacheKey, let token = exportToken() else { return }
        try? cache.save(key: key, token: token)
    }

    /// The transport's clock (a mock's is simulated).
    private func now() -> UInt64 {
        transport.nowMillis()
    }
}

/// Runs a block once; a caller arriving meanwhile waits for it to finish.
private final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func run(_ body: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        if done { return }
        done = true
        body()
    }
}

/// An `HttpTransport` that is the core's simulated Atlas (`MockAtlas`): replies from the spec's
/// examples unless scripted; its waits advance a simulated clock instead of sleeping, and that
/// clock is the client's (no real time passes in a wait).
public final class MockTransport: HttpTransport {
    public let atlas: MockAtlas

    public init(atlas: MockAtlas = MockAtlas()) {
        self.atlas = atlas
    }

    public func send(request: HttpRequest) async throws -> HttpResponse {
        try atlas.send(request: request)
    }

    public func sleep(millis: UInt64) async {
        atlas.sleep(millis: millis)
    }

    public func nowMillis() -> UInt64 {
        atlas.nowMillis()
    }
}
