//! The bytes a host moves: requests, responses, and what a transport throws when none came.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// One header; names are lower-case as sent.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

/// The headers of a core request or of the mock's response, in order.
pub(crate) fn headers(map: &http::HeaderMap) -> Vec<HttpHeader> {
    let text = |v: &http::HeaderValue| String::from_utf8_lossy(v.as_bytes()).into_owned();
    map.iter().map(|(n, v)| HttpHeader { name: n.as_str().to_owned(), value: text(v) }).collect()
}

/// A lock poisoned by a panic is taken over: each step of a call or the mock is all or nothing.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Milliseconds for the host, saturating.
pub(crate) fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// A request the core built and the time its exchange may take; an object, so printing it
/// shows the redacted `curl` rendering (logs, bug reports), never the `Authorization` value.
#[derive(uniffi::Object)]
#[uniffi::export(Display)]
pub struct HttpRequest(pub(crate) http::Request<Vec<u8>>, pub(crate) Option<Duration>);

impl std::fmt::Display for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&atlas_admin::to_curl(&self.0))
    }
}

#[uniffi::export]
impl HttpRequest {
    pub fn method(&self) -> String {
        self.0.method().as_str().to_owned()
    }
    /// The absolute URL, already percent-encoded.
    pub fn url(&self) -> String {
        self.0.uri().to_string()
    }
    pub fn headers(&self) -> Vec<HttpHeader> {
        headers(self.0.headers())
    }
    /// Empty when the request has no body.
    pub fn body(&self) -> Vec<u8> {
        self.0.body().clone()
    }
    /// The longest this exchange may take (the call's `timeout`, else the client's), for the
    /// transport to enforce; null/nil leaves it to the transport.
    pub fn timeout_millis(&self) -> Option<u64> {
        self.1.map(millis)
    }
}

/// What the host received. Repeated headers may appear as several entries.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<HttpHeader>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The core's view; headers that are not valid HTTP are dropped, not fatal.
    pub(crate) fn into_http(self) -> Result<http::Response<Vec<u8>>, String> {
        let headers = self.headers.into_iter().map(|h| (h.name, h.value));
        atlas_admin::response_from_parts(self.status, headers, self.body)
    }
}

/// What a host transport (and the mock) throws when a request got no HTTP answer; the host's
/// loop hands its `reason` to the call (`NativeCall::feed_transport_error`).
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum TransportError {
    /// Refused, reset, timed out, TLS failure...: `reason` says which.
    #[error("{reason}")]
    Failed { reason: String },
}
