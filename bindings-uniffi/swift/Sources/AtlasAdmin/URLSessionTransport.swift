import Foundation

/// An `HttpTransport` on `URLSession` async/await, for iOS and macOS.
///
/// Requests go out exactly as the core built them: redirects are not followed, and no cache,
/// cookie store or credential store takes part (authentication is the core's job: a Digest
/// challenge must come back to it as a plain 401).
public final class URLSessionTransport: HttpTransport {
    private let session: URLSession

    public init(timeout: TimeInterval = 120) {
        let config = URLSessionConfiguration.ephemeral
        config.urlCache = nil
        config.httpCookieStorage = nil
        config.httpShouldSetCookies = false
        config.urlCredentialStorage = nil
        config.timeoutIntervalForRequest = timeout
        session = URLSession(configuration: config, delegate: NoRedirects(), delegateQueue: nil)
    }

    /// With a caller's own session (its configuration and delegate then decide redirects,
    /// caching and cookies).
    public init(session: URLSession) {
        self.session = session
    }

    public func send(request: HttpRequest) async throws -> HttpResponse {
        let method = request.method()
        guard let url = URL(string: request.url()) else {
            throw TransportError.Failed(reason: "\(method): not a URL")
        }
        var req = URLRequest(url: url)
        req.httpMethod = method
        if let millis = request.timeoutMillis() {
            req.timeoutInterval = TimeInterval(millis) / 1000
        }
        for header in request.headers() {
            req.addValue(header.value, forHTTPHeaderField: header.name)
        }
        let body = request.body()
        if !body.isEmpty {
            req.httpBody = body
        }
        do {
            let (data, response) = try await session.data(for: req)
            guard let http = response as? HTTPURLResponse else {
                throw TransportError.Failed(reason: "\(method) \(url.host ?? ""): not an HTTP response")
            }
            let headers = http.allHeaderFields.map { HttpHeader(name: "\($0.key)", value: "\($0.value)") }
            return HttpResponse(status: UInt16(clamping: http.statusCode), headers: headers, body: data)
        } catch let error as TransportError {
            throw error
        } catch {
            // The URL names only the server and the operation's path: no credential is in it.
            throw TransportError.Failed(reason: "\(method) \(url.host ?? ""): \(error.localizedDescription)")
        }
    }
}

/// Hands redirects and auth challenges back to the caller (the core) untouched.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest
    ) async -> URLRequest? {
        nil
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge
    ) async -> (URLSession.AuthChallengeDisposition, URLCredential?) {
        // Server trust (TLS) is judged by the system as usual; 401 challenges go to the core.
        (.performDefaultHandling, nil)
    }
}
