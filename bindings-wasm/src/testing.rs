//! `MockAtlas` for `js/testing.js` (feature `testing`: a separate .wasm, examples and all).

use crate::convert::{message_to_js, pairs, request};
use atlas_admin::{driver::Host, mock::MockAtlas};
use std::time::{Duration, UNIX_EPOCH};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_name = MockAtlas)]
pub struct Mock(MockAtlas);

#[wasm_bindgen(js_class = MockAtlas)]
impl Mock {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Mock {
        Mock(MockAtlas::new())
    }
    /// The next call of `operation` gets this reply (`headers` flat); several queue in order.
    pub fn respond(
        &mut self, operation: &str, status: u16, headers: Vec<String>, body: Vec<u8>,
    ) -> Result<(), JsValue> {
        atlas_admin::find_operation(operation).map_err(|e| JsValue::from_str(&e.to_string()))?;
        self.0.respond(operation, status, &pairs(&headers).collect::<Vec<_>>(), body);
        Ok(())
    }
    #[wasm_bindgen(js_name = requireDigest)]
    pub fn require_digest(&mut self, public_key: &str, private_key: &str) {
        self.0.require_digest(public_key, private_key);
    }
    #[wasm_bindgen(js_name = requireOAuth)]
    pub fn require_oauth(&mut self, client_id: &str, secret: &str, lifetime_secs: f64) {
        self.0.require_oauth(client_id, secret, seconds_to_duration(lifetime_secs));
    }
    #[wasm_bindgen(js_name = rateLimit)]
    pub fn rate_limit(&mut self, calls: u32, retry_after_secs: u32) {
        self.0.rate_limit(calls, retry_after_secs.into());
    }
    #[wasm_bindgen(js_name = tokenBucket)]
    pub fn token_bucket(
        &mut self, endpoint_set: &str, capacity: u32, refill_rate: u32, refill_every_secs: f64,
        headers: bool,
    ) {
        let every = seconds_to_duration(refill_every_secs);
        self.0.token_bucket(endpoint_set, capacity.into(), refill_rate.into(), every, headers);
    }
    #[wasm_bindgen(js_name = limitTokenMinting)]
    pub fn limit_token_minting(&mut self, per_minute: u32) {
        self.0.limit_token_minting(per_minute);
    }
    #[wasm_bindgen(js_name = tokensMinted)]
    pub fn tokens_minted(&self) -> f64 {
        self.0.tokens_minted() as f64
    }
    #[wasm_bindgen(js_name = failTransport)]
    pub fn fail_transport(&mut self, sends: u32) {
        self.0.fail_transport(sends);
    }
    #[wasm_bindgen(js_name = listItems)]
    pub fn list_items(&mut self, operation: &str, count: u32) {
        self.0.list_items(operation, count.into());
    }
    /// Answers one request (status and headers, and body, as `message_to_js` sends them) or
    /// throws a simulated transport failure.
    pub fn handle(
        &mut self, method: &str, url: &str, headers: Vec<String>, body: Vec<u8>,
    ) -> Result<JsValue, JsValue> {
        let req = request(method, url, &headers, body).map_err(|e| e.to_string())?;
        let reply = self.0.send(&req, None)?;
        Ok(message_to_js(reply.status().as_str().into(), reply.headers(), reply.body()))
    }
    /// The simulated clock, in milliseconds since the epoch (as `Date.now()`).
    pub fn now(&self) -> f64 {
        self.0.now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
    /// A wait on the simulated clock: recorded (`waits`), and the clock moves on by it.
    pub fn sleep(&mut self, seconds: f64) {
        self.0.sleep(seconds_to_duration(seconds));
    }
    /// Moves the simulated clock on without recording a wait.
    pub fn advance(&mut self, seconds: f64) {
        self.0.advance(seconds_to_duration(seconds));
    }
    /// Every wait slept on the simulated clock, in seconds.
    pub fn waits(&self) -> Vec<f64> {
        self.0.waits().iter().map(Duration::as_secs_f64).collect()
    }
    /// Every request received: `[{method, target, operation, status, authScheme}]` as JSON.
    pub fn received(&self) -> String {
        serde_json::to_string(self.0.received()).unwrap_or_default()
    }
}

/// Seconds from JS: none for a negative number or NaN, at most 30 years (the clock must not overflow).
fn seconds_to_duration(seconds: f64) -> Duration {
    let seconds = if seconds.is_nan() { 0.0 } else { seconds.clamp(0.0, 1e9) };
    Duration::from_secs_f64(seconds)
}
