//! The host side of I/O: the request to send, the response it got, and the foreign trait a host
//! implements to move them.

use crate::error::TransportError;
use std::sync::Arc;

/// One header; names are lower-case as sent.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

/// A request the core built, ready to send. An object rather than a record so that printing
/// it (`toString`, `description`) shows the redacted curl rendering, never the
/// `Authorization` value; the value itself is only read through `headers()` to send it.
#[derive(uniffi::Object)]
#[uniffi::export(Display)]
pub struct HttpRequest(pub(crate) http::Request<Vec<u8>>);

impl std::fmt::Display for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&atlas_admin::to_curl(&self.0))
    }
}

#[uniffi::export]
impl HttpRequest {
    /// `GET`, `POST`, `PATCH`, `PUT` or `DELETE`.
    pub fn method(&self) -> String {
        self.0.method().as_str().to_owned()
    }

    /// The absolute URL, path segments and query already percent-encoded.
    pub fn url(&self) -> String {
        self.0.uri().to_string()
    }

    pub fn headers(&self) -> Vec<HttpHeader> {
        self.0
            .headers()
            .iter()
            .map(|(name, value)| HttpHeader {
                name: name.as_str().to_owned(),
                // The core only builds visible-ASCII header values.
                value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
            })
            .collect()
    }

    /// Empty when the request has no body.
    pub fn body(&self) -> Vec<u8> {
        self.0.body().clone()
    }

    /// A `curl` command for logs and bug reports, secrets redacted.
    pub fn to_curl(&self) -> String {
        atlas_admin::to_curl(&self.0)
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
    /// The core's view of the response. Headers that are not valid HTTP are dropped rather
    /// than failing the whole response: the core reads only a few (content type, auth, retry).
    pub(crate) fn into_http(self) -> Result<http::Response<Vec<u8>>, String> {
        let mut builder = http::Response::builder().status(self.status);
        for h in &self.headers {
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(h.name.trim().as_bytes()),
                http::HeaderValue::from_str(h.value.trim()),
            ) {
                builder = builder.header(name, value);
            }
        }
        builder.body(self.body).map_err(|e| {
            format!(
                "host returned an unusable response (status {}): {e}",
                self.status
            )
        })
    }
}

/// The host's HTTP client and timer. Implement it with `HttpURLConnection` and `delay` in
/// Kotlin, `URLSession` and `Task.sleep` in Swift. Both methods are `suspend`/`async`: UniFFI
/// awaits them from the host's executor, so do blocking I/O on a background dispatcher.
#[uniffi::export(foreign)]
#[async_trait::async_trait]
pub trait HttpTransport: Send + Sync {
    /// Sends `request` exactly as given (no redirects followed, no auth added) and returns the
    /// answer, whatever its status. Fails only when no HTTP answer came.
    async fn send(&self, request: Arc<HttpRequest>) -> Result<HttpResponse, TransportError>;

    /// Waits `millis` milliseconds before a retry (`Retry-After`, back-off).
    async fn sleep(&self, millis: u64);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_redacts_authorization() {
        let req = http::Request::builder()
            .uri("https://cloud.mongodb.com/api/atlas/v2/groups")
            .header("authorization", "Bearer SECRET-TOKEN")
            .body(Vec::new())
            .unwrap();
        let r = HttpRequest(req);
        assert!(!r.to_string().contains("SECRET-TOKEN"), "{r}");
        assert!(r.headers().iter().any(|h| h.value == "Bearer SECRET-TOKEN"));
    }

    #[test]
    fn bad_headers_are_dropped_not_fatal() {
        let r = HttpResponse {
            status: 200,
            headers: vec![
                HttpHeader {
                    name: "bad name".into(),
                    value: "x".into(),
                },
                HttpHeader {
                    name: "Content-Type".into(),
                    value: "application/json".into(),
                },
            ],
            body: b"{}".to_vec(),
        }
        .into_http()
        .unwrap();
        assert_eq!(r.headers().len(), 1);
        assert_eq!(r.headers()["content-type"], "application/json");
    }
}
