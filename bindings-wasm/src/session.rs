//! A session, the requests it prepares and the calls it starts, driven from JS (`js/client.js`
//! holds the call loop, `js/sansio.js` keeps the prepared requests).

use crate::convert::{
    build_error, call_args, head, millis_to_time, parsed_to_js, refused, report, request_to_js,
    response, set, value,
};
use atlas_admin::{
    Action, Call, CallOptions, Config, Credentials, Event, PreparedRequest, Session, WaitGoal,
    WaitOptions,
};
use js_sys::Object;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// A core `Session`: settings, credentials and the auth state its calls share. The sans-IO
/// functions use one without credentials, so settings are read once per client, not per call.
#[wasm_bindgen]
pub struct Client(Session);

#[wasm_bindgen]
impl Client {
    /// `config` and `credentials`: the core's `Config` and `Credentials` as JSON; `env`: a JSON
    /// object of the host's environment variables (Node's `process.env`), which fill what the
    /// client left out by the core's rules.
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str, credentials: &str, env: Option<String>) -> Result<Client, JsValue> {
        let env = env.as_deref().map(value).transpose()?.unwrap_or_default();
        let get = |name: &str| env.get(name)?.as_str().map(str::to_owned);
        let config = Config::from_json(config.as_bytes()).map_err(build_error)?;
        let chosen = Credentials::from_json(credentials.as_bytes()).map_err(build_error)?;
        Session::for_host(config, chosen, get).map(Client).map_err(build_error)
    }

    /// One call; with `paged`, a walk through its pages that yields `{items}` per page; with
    /// `wait` (the core's `WaitOptions` as JSON), the call then the wait its spec watcher
    /// describes (the core refuses an operation without one before any I/O).
    pub fn call(
        &self, operation_id: &str, params: &str, body: Option<String>, options: &str, paged: bool,
        wait: Option<String>,
    ) -> Result<CallHandle, JsValue> {
        let (params, body, options) = call_args(params, body, options)?;
        Ok(CallHandle(match (paged, wait) {
            (true, _) => self.0.pages_with(operation_id, &params, &options),
            (false, Some(wait)) => {
                let wait = WaitOptions::from_json(wait.as_bytes()).map_err(build_error)?;
                self.0.call_and_wait(operation_id, &params, body.as_ref(), &options, &wait)
            }
            (false, None) => self.0.call_with(operation_id, &params, body.as_ref(), &options),
        }))
    }

    /// Polls the GET `operation_id` with `params` until `goal` (the core's `WaitGoal` as JSON:
    /// `{"state": {path, done, failed}}` or `{"status": 404}`); `wait` as for `call`.
    #[wasm_bindgen(js_name = waitUntil)]
    pub fn wait_until(
        &self, operation_id: &str, params: &str, goal: &str, wait: &str,
    ) -> Result<CallHandle, JsValue> {
        let params = value(params)?;
        let goal = WaitGoal::from_json(goal.as_bytes()).map_err(build_error)?;
        let wait = WaitOptions::from_json(wait.as_bytes()).map_err(build_error)?;
        Ok(CallHandle(self.0.wait_until(operation_id, &params, goal, &wait)))
    }

    /// What every request of `operation_id` with `options` sends, checked once (the core's
    /// `PreparedRequest`); fails as `buildRequest` would.
    pub fn prepare(&self, operation_id: &str, options: &str) -> Result<Prepared, JsValue> {
        let options = CallOptions::from_json(options.as_bytes()).map_err(build_error)?;
        self.0.prepare(operation_id, &options).map(Prepared).map_err(build_error)
    }

    /// The version a call would use (`2024-08-05`, `preview`).
    #[wasm_bindgen(js_name = chosenVersion)]
    pub fn chosen_version(&self, operation_id: &str, options: &str) -> Result<String, JsValue> {
        let options = CallOptions::from_json(options.as_bytes()).map_err(build_error)?;
        atlas_admin::chosen_version(self.0.config(), operation_id, &options)
            .map(|v| v.name.into())
            .map_err(build_error)
    }

    /// A request the caller built, sent with the session's auth and retries (`headers` flat).
    pub fn raw(
        &self, method: &str, url: &str, headers: Vec<String>, body: Vec<u8>,
    ) -> Result<CallHandle, JsValue> {
        let request = crate::convert::request(method, url, &headers, body)
            .map_err(|e| refused("InvalidRequest", format!("not a valid request: {e}")))?;
        Ok(CallHandle(self.0.call_raw(request)))
    }

    /// Revokes a held service-account token; a no-op call when none is held.
    #[wasm_bindgen(js_name = revokeToken)]
    pub fn revoke_token(&self) -> CallHandle {
        CallHandle(self.0.revoke_token())
    }

    /// The held service-account token as the core's `SavedToken` JSON (for a cache file only).
    #[wasm_bindgen(js_name = exportToken)]
    pub fn export_token(&self) -> Option<String> {
        self.0.export_token().map(|t| t.to_json())
    }

    /// Adopts a saved token if the core accepts it (same account and base URL, fresh at `now_ms`).
    #[wasm_bindgen(js_name = importToken)]
    pub fn import_token(&self, json: &str, now_ms: f64) -> Result<bool, JsValue> {
        let token = atlas_admin::SavedToken::from_json(json.as_bytes()).map_err(build_error)?;
        Ok(self.0.import_token(&token, millis_to_time(now_ms)))
    }

    /// The token cache key (`atlas-token-<32 hex>`), for service-account credentials only.
    #[wasm_bindgen(js_name = tokenCacheKey)]
    pub fn token_cache_key(&self) -> Option<String> {
        self.0.token_cache_key()
    }
}

/// A request without its parameters: `js/sansio.js` keeps one per operation, reads `head`
/// once and asks `target` for each request, so a build reads only what the caller gave.
#[wasm_bindgen]
pub struct Prepared(PreparedRequest);

#[wasm_bindgen]
impl Prepared {
    /// The method, then the headers every request sends (a head as `message_to_js` writes it).
    pub fn head(&self) -> String {
        head(self.0.method().as_str().into(), self.0.headers())
    }

    /// The URL for `params` (JSON text), then the header parameters given, if any, each on
    /// lines of their own. Fails as `request` with no body would.
    pub fn target(&self, params: &str) -> Result<String, JsValue> {
        let target = self.0.target(&value(params)?).map_err(build_error)?;
        Ok(head(target.url, target.headers.iter().map(|(name, value)| (name, value))))
    }

    /// The whole request for `params` and `body` (JSON text), as `message_to_js` sends it,
    /// without credentials.
    pub fn request(&self, params: &str, body: Option<String>) -> Result<JsValue, JsValue> {
        let (params, body) = (value(params)?, body.as_deref().map(value).transpose()?);
        self.0.request(&params, body.as_ref()).map(|r| request_to_js(&r)).map_err(build_error)
    }
}

/// One call in flight: `next` answers `{send}`, `{wait: ms}`, `{items: json}` or `{done}`.
#[wasm_bindgen]
pub struct CallHandle(Call);

#[wasm_bindgen]
impl CallHandle {
    /// `random` seeds the Digest cnonce and back-off jitter (from `crypto.getRandomValues`).
    pub fn next(&mut self, now_ms: f64, random: u64) -> Result<Object, JsValue> {
        let now = millis_to_time(now_ms);
        let out = Object::new();
        match self.0.next(now, random) {
            Action::Send(r) => set(&out, "send", request_to_js(&r)),
            Action::Wait(d) => set(&out, "wait", d.as_secs_f64() * 1000.0),
            Action::Items(items) => set(&out, "items", Value::Array(items).to_string()),
            Action::Done(Ok(p)) => set(&out, "done", parsed_to_js(p)),
            Action::Done(Err(e)) => return Err(report(&e, Some(&self.0), now)),
        }
        Ok(out)
    }

    /// The core's warnings by the host's clock: JSON `[{kind, operation, message, …facts}]`.
    pub fn warnings(&self, now_ms: f64) -> String {
        serde_json::to_string(&self.0.warnings(millis_to_time(now_ms))).unwrap_or_default()
    }

    /// The events since the last ask, as a JSON array (`[]` when none), each with its `level`
    /// and `message`.
    #[wasm_bindgen(js_name = takeEvents)]
    pub fn take_events(&mut self) -> String {
        let events = self.0.take_events().iter().map(Event::to_json).collect();
        Value::Array(events).to_string()
    }

    /// Facts about the last reply as JSON (status, headers, version, attempts, rateLimit).
    pub fn metadata(&self) -> Option<String> {
        self.0.metadata().and_then(|m| serde_json::to_string(m).ok())
    }

    /// Seconds one exchange may take (the call's option, else the client's).
    pub fn timeout(&self) -> Option<f64> {
        self.0.timeout().map(|d| d.as_secs_f64())
    }

    /// The response to the last `send`; `headers` is a flat `[name, value, …]` list.
    #[wasm_bindgen(js_name = feedResponse)]
    pub fn feed_response(&mut self, status: u16, headers: Vec<String>, body: Vec<u8>) {
        match response(status, &headers, body) {
            Ok(r) => self.0.feed_response(r),
            Err(problem) => self.0.feed_transport_error(problem),
        }
    }

    /// The last `send` got no response (network failure, CORS refusal, timeout).
    #[wasm_bindgen(js_name = feedTransportError)]
    pub fn feed_transport_error(&mut self, message: &str) {
        self.0.feed_transport_error(message);
    }
}
