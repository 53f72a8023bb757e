//! The core's in-process Atlas (`atlas_admin::mock`) for hosts' tests (`MockTransport` wraps
//! it): it answers from the spec's examples unless told otherwise; its clock moves only in waits.

use crate::transport::{headers, millis, HttpHeader, HttpRequest, HttpResponse, TransportError};
use atlas_admin::driver::Host;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// A simulated Atlas: script replies, demand Digest or OAuth, rate-limit, fail sends.
#[derive(Default, uniffi::Object)]
pub struct MockAtlas(Mutex<atlas_admin::mock::MockAtlas>);

impl MockAtlas {
    fn atlas(&self) -> MutexGuard<'_, atlas_admin::mock::MockAtlas> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[uniffi::export]
impl MockAtlas {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }
    /// The next call of `operation_id` (any name) gets this reply; several go in order.
    pub fn respond(
        &self, operation_id: String, status: u16, headers: Vec<HttpHeader>, body: String,
    ) {
        let h: Vec<(&str, &str)> = headers.iter().map(|h| (&*h.name, &*h.value)).collect();
        self.atlas().respond(&operation_id, status, &h, body);
    }
    /// Demands HTTP Digest with these API keys.
    pub fn require_digest(&self, public_key: String, private_key: String) {
        self.atlas().require_digest(&public_key, &private_key);
    }
    /// Demands OAuth tokens from its `/api/oauth/token`, living `lifetime_seconds`.
    pub fn require_oauth(&self, client_id: String, client_secret: String, lifetime_seconds: u64) {
        let lifetime = Duration::from_secs(lifetime_seconds);
        self.atlas().require_oauth(&client_id, &client_secret, lifetime);
    }
    /// The next `calls` requests get 429 with `Retry-After: retry_after_seconds`.
    pub fn rate_limit(&self, calls: u32, retry_after_seconds: u64) {
        self.atlas().rate_limit(calls, retry_after_seconds);
    }
    /// The next `sends` fail as if the connection dropped.
    pub fn fail_transport(&self, sends: u32) {
        self.atlas().fail_transport(sends);
    }
    /// The list operation serves `count` fabricated items across its pages.
    pub fn list_items(&self, operation_id: String, count: u64) {
        self.atlas().list_items(&operation_id, count);
    }
    /// Every request answered, as `METHOD path?query`.
    pub fn received(&self) -> Vec<String> {
        self.atlas().received().iter().map(|r| format!("{} {}", r.method, r.target)).collect()
    }
    /// The simulated clock, milliseconds since the epoch (`HttpTransport.nowMillis`).
    pub fn now_millis(&self) -> u64 {
        millis(self.atlas().now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default())
    }
    /// Every wait, in milliseconds.
    pub fn waits(&self) -> Vec<u64> {
        self.atlas().waits().iter().copied().map(millis).collect()
    }
    /// `HttpTransport.send`: answers `request` as Atlas would.
    pub fn send(&self, request: Arc<HttpRequest>) -> Result<HttpResponse, TransportError> {
        let sent = Host::send(&mut *self.atlas(), &request.0, request.1);
        let (parts, body) = sent.map_err(|reason| TransportError::Failed { reason })?.into_parts();
        Ok(HttpResponse { status: parts.status.as_u16(), headers: headers(&parts.headers), body })
    }
    /// `HttpTransport.sleep`: advances the simulated clock.
    pub fn sleep(&self, millis: u64) {
        Host::sleep(&mut *self.atlas(), Duration::from_millis(millis));
    }
}
