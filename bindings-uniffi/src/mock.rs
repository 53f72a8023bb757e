//! The core's in-process Atlas (`atlas_admin::mock`) for hosts' tests (`MockTransport` wraps it).

use crate::transport::{
    headers, lock, millis, HttpHeader, HttpRequest, HttpResponse, TransportError,
};
use atlas_admin::driver::Host;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A simulated Atlas: script replies, demand Digest or OAuth, rate-limit, fail sends.
#[derive(Default, uniffi::Object)]
pub struct MockAtlas(Mutex<atlas_admin::mock::MockAtlas>);

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
        lock(&self.0).respond(&operation_id, status, &h, body);
    }
    /// Demands HTTP Digest with these API keys.
    pub fn require_digest(&self, public_key: String, private_key: String) {
        lock(&self.0).require_digest(&public_key, &private_key);
    }
    /// Demands OAuth tokens from its `/api/oauth/token`, living `lifetime_seconds`.
    pub fn require_oauth(&self, client_id: String, client_secret: String, lifetime_seconds: u64) {
        let lifetime = Duration::from_secs(lifetime_seconds);
        lock(&self.0).require_oauth(&client_id, &client_secret, lifetime);
    }
    /// The next `calls` requests get 429 with `Retry-After: retry_after_seconds`.
    pub fn rate_limit(&self, calls: u32, retry_after_seconds: u64) {
        lock(&self.0).rate_limit(calls, retry_after_seconds);
    }
    /// Every operation draws from one token bucket; `headers`: `RateLimit-*` and `Retry-After`.
    pub fn token_bucket(
        &self, endpoint_set: String, capacity: u64, refill_rate: u64, refill_every_seconds: u64,
        headers: bool,
    ) {
        let every = Duration::from_secs(refill_every_seconds);
        lock(&self.0).token_bucket(&endpoint_set, capacity, refill_rate, every, headers);
    }
    /// The token endpoint mints at most `per_minute` tokens a minute, then answers 429.
    pub fn limit_token_minting(&self, per_minute: u32) {
        lock(&self.0).limit_token_minting(per_minute);
    }
    /// Service-account tokens minted so far.
    pub fn tokens_minted(&self) -> u64 {
        lock(&self.0).tokens_minted()
    }
    /// The next `sends` fail as if the connection dropped.
    pub fn fail_transport(&self, sends: u32) {
        lock(&self.0).fail_transport(sends);
    }
    /// The list operation serves `count` fabricated items across its pages.
    pub fn list_items(&self, operation_id: String, count: u64) {
        lock(&self.0).list_items(&operation_id, count);
    }
    /// Every request answered, as `METHOD path?query`.
    pub fn received(&self) -> Vec<String> {
        lock(&self.0).received().iter().map(|r| format!("{} {}", r.method, r.target)).collect()
    }
    /// The status of every request answered, in order.
    pub fn statuses(&self) -> Vec<u16> {
        lock(&self.0).received().iter().map(|r| r.status).collect()
    }
    /// The simulated clock, milliseconds since the epoch (`HttpTransport.nowMillis`).
    pub fn now_millis(&self) -> u64 {
        millis(lock(&self.0).now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default())
    }
    /// Every wait, in milliseconds.
    pub fn waits(&self) -> Vec<u64> {
        lock(&self.0).waits().iter().copied().map(millis).collect()
    }
    /// `HttpTransport.send`: answers `request` as Atlas would.
    pub fn send(&self, request: Arc<HttpRequest>) -> Result<HttpResponse, TransportError> {
        let sent = Host::send(&mut *lock(&self.0), &request.0, request.1);
        let (parts, body) = sent.map_err(|reason| TransportError::Failed { reason })?.into_parts();
        Ok(HttpResponse { status: parts.status.as_u16(), headers: headers(&parts.headers), body })
    }
    /// `HttpTransport.sleep`: advances the simulated clock.
    pub fn sleep(&self, millis: u64) {
        Host::sleep(&mut *lock(&self.0), Duration::from_millis(millis));
    }
}
