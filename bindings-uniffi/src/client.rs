//! `NativeClient` (a core `Session`) starts calls; the host's loop drives each `NativeCall`.

use crate::config::{call_args, invalid, json_arg, Credentials};
use crate::error::AtlasError;
use crate::transport::{lock, millis, HttpHeader, HttpRequest, HttpResponse};
use atlas_admin::{Action, Call, Config, Parsed, SavedToken, Session};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// The host's clock, milliseconds since the epoch, as the core's time.
fn clock(now_millis: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_millis(now_millis)
}

/// What a successful call returned: `kind` (`json`, `text` for CSV or YAML, `bytes`, or
/// `empty` for 202/204) and the body (JSON stays text, for the host's own parser).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Reply {
    pub kind: String,
    pub body: Vec<u8>,
}

impl From<Parsed> for Reply {
    fn from(parsed: Parsed) -> Self {
        let (kind, body) = parsed.into_parts();
        Reply { kind: kind.into(), body }
    }
}

/// What the host does next for a call (the core's `Action`).
#[derive(uniffi::Enum)]
pub enum Step {
    /// Send `request` with the host's transport, then feed back what came of it.
    Send { request: Arc<HttpRequest> },
    /// Wait this long with the host's timer, then ask again.
    Wait { millis: u64 },
    /// One page of a paging call: its items, JSON text each.
    Items { items: Vec<String> },
    /// The call ended with this reply (`NativeCall::metadata` describes it).
    Done { reply: Reply },
}

/// A client's settings, credentials and the auth state its calls share. Thread-safe.
#[derive(uniffi::Object)]
pub struct NativeClient(Session);

#[uniffi::export]
impl NativeClient {
    /// `config_json`: the core's `Config`; no `credentials`, and settings left at their defaults,
    /// come from `env` (the process environment) by the core's rules. Replies stay JSON text.
    #[uniffi::constructor]
    pub fn new(
        config_json: String, credentials: Option<Arc<Credentials>>, env: HashMap<String, String>,
    ) -> Result<Self, AtlasError> {
        let chosen = credentials.map_or(Default::default(), |c| c.0.clone());
        let config = Config::from_json(config_json.as_bytes())?;
        Ok(NativeClient(Session::for_host(config, chosen, |name| env.get(name).cloned())?))
    }
    /// Calls `operation_id` (any name) with params, body, options as JSON; `wait_json` (the
    /// core's `WaitOptions`) then waits as the spec says; `goal_json` polls a GET until its goal.
    pub fn call(
        &self, operation_id: String, params_json: Option<String>, body_json: Option<String>,
        options_json: Option<String>, wait_json: Option<String>, goal_json: Option<String>,
    ) -> Result<Arc<NativeCall>, AtlasError> {
        let (params, body, options) = call_args(params_json, body_json, options_json)?;
        let (id, body, session) = (&operation_id, body.as_ref(), &self.0);
        Ok(in_flight(match (json_arg("goal", goal_json)?, json_arg("wait", wait_json)?) {
            (Some(goal), wait) => session.wait_until(id, &params, goal, &wait.unwrap_or_default()),
            (None, Some(wait)) => session.call_and_wait(id, &params, body, &options, &wait),
            (None, None) => session.call_with(id, &params, body, &options),
        }))
    }
    /// A list operation, page by page (`Step::Items`), or with `max_items` every item as one
    /// JSON array that fails rather than hold more.
    pub fn pages(
        &self, operation_id: String, params_json: Option<String>, options_json: Option<String>,
        max_items: Option<u32>,
    ) -> Result<Arc<NativeCall>, AtlasError> {
        let (params, _, options) = call_args(params_json, None, options_json)?;
        let (id, session) = (&operation_id, &self.0);
        Ok(in_flight(match max_items {
            Some(max) => session.collect_all_with(id, &params, max as usize, &options),
            None => session.pages_with(id, &params, &options),
        }))
    }
    /// An endpoint the spec lacks, with the client's authentication and retries.
    pub fn call_raw(
        &self, method: String, url: String, headers: Vec<HttpHeader>, body: Vec<u8>,
    ) -> Result<Arc<NativeCall>, AtlasError> {
        let builder = http::Request::builder().method(method.as_str()).uri(url);
        let builder = headers.into_iter().fold(builder, |b, h| b.header(h.name, h.value));
        let not_http = |e| invalid("request", format!("is not valid HTTP: {e}"));
        let request = builder.body(body).map_err(not_http)?;
        Ok(in_flight(self.0.call_raw(request)))
    }
    /// Revokes the service-account token the client holds, if any.
    pub fn revoke_token(&self) -> Arc<NativeCall> {
        in_flight(self.0.revoke_token())
    }
    /// Drops the Digest nonce and OAuth token, so the next call authenticates afresh.
    pub fn forget_auth(&self) {
        self.0.forget_auth()
    }
    /// The service-account token held, as saved-token JSON (with the token: for a cache file only).
    pub fn export_token(&self) -> Option<String> {
        self.0.export_token().map(|t| t.to_json())
    }
    /// Adopts an exported token if it is this client's account and base URL and fresh now.
    pub fn import_token(&self, json: String, now_millis: u64) -> Result<bool, AtlasError> {
        Ok(self.0.import_token(&SavedToken::from_json(json.as_bytes())?, clock(now_millis)))
    }
    /// The name a token cache keeps this client's token under (`atlas-token-<32 hex>`).
    pub fn token_cache_key(&self) -> Option<String> {
        self.0.token_cache_key()
    }
    /// Sans-IO: the request for an operation, checked and encoded, without authentication.
    pub fn build_request(
        &self, operation_id: String, params_json: Option<String>, body_json: Option<String>,
        options_json: Option<String>,
    ) -> Result<Arc<HttpRequest>, AtlasError> {
        let (params, body, options) = call_args(params_json, body_json, options_json)?;
        let (config, id, body) = (self.0.config(), &operation_id, body.as_ref());
        let request = atlas_admin::build_request_with(config, id, &params, body, &options)?;
        Ok(Arc::new(HttpRequest(request, options.timeout.or(config.timeout))))
    }
    /// The version a call of `operation_id` would use with this client's pin and options (the
    /// core's JSON: `name`, `sunset`...), with the `warnings` such a call has on the host's date.
    pub fn chosen_version(
        &self, operation_id: String, options_json: Option<String>, now_millis: u64,
    ) -> Result<String, AtlasError> {
        let (_, _, options) = call_args(None, None, options_json)?;
        let version = atlas_admin::chosen_version(self.0.config(), &operation_id, &options)?;
        let op = atlas_admin::find_operation(&operation_id)?;
        let warnings = atlas_admin::warnings(op, version, clock(now_millis));
        let mut json = atlas_admin::version_json(version);
        json["warnings"] = serde_json::to_value(warnings).unwrap_or_default();
        Ok(json.to_string())
    }
    /// Sans-IO: a response to `operation_id` as a reply or error; `now_millis` dates Retry-After.
    pub fn parse_response(
        &self, operation_id: String, response: HttpResponse, now_millis: u64,
    ) -> Result<Reply, AtlasError> {
        let response = response.into_http().map_err(|e| invalid("response", e))?;
        let parsed = atlas_admin::parse_response(&operation_id, &response);
        parsed.map(Reply::from).map_err(|e| AtlasError::of(&e, None, clock(now_millis)))
    }
}

/// One call in flight: the host asks `next` until `Done` (or an error), feeding back what each
/// `Send` got. The lock is never held across the host's I/O.
#[derive(uniffi::Object)]
pub struct NativeCall(Mutex<Call>);

fn in_flight(call: Call) -> Arc<NativeCall> {
    Arc::new(NativeCall(Mutex::new(call)))
}

#[uniffi::export]
impl NativeCall {
    /// The next step at the host's time (ms since epoch); `random` seeds cnonce and jitter. Throws.
    pub fn next(&self, now_millis: u64, random: u64) -> Result<Step, AtlasError> {
        let mut call = lock(&self.0);
        Ok(match call.next(clock(now_millis), random) {
            Action::Send(r) => Step::Send { request: Arc::new(HttpRequest(r, call.timeout())) },
            Action::Wait(d) => Step::Wait { millis: millis(d) },
            Action::Items(v) => Step::Items { items: v.iter().map(Value::to_string).collect() },
            Action::Done(Ok(parsed)) => Step::Done { reply: parsed.into() },
            Action::Done(Err(e)) => return Err(AtlasError::of(&e, Some(&call), clock(now_millis))),
        })
    }
    /// The answer to the last `Send`.
    pub fn feed_response(&self, response: HttpResponse) {
        match response.into_http() {
            Ok(response) => lock(&self.0).feed_response(response),
            Err(problem) => lock(&self.0).feed_transport_error(problem),
        }
    }
    /// The last `Send` got no answer; `reason` says why (it ends up in the error).
    pub fn feed_transport_error(&self, reason: String) {
        lock(&self.0).feed_transport_error(reason)
    }
    /// The call's warnings on the host's date (JSON each), to report before anything is sent.
    pub fn warnings(&self, now_millis: u64) -> Vec<String> {
        let warnings = lock(&self.0).warnings(clock(now_millis));
        warnings.iter().map(|w| serde_json::to_string(w).unwrap_or_default()).collect()
    }
    /// The core's events since last asked, as JSON (`event`, its fields, `level`, `message`).
    pub fn take_events(&self) -> Vec<String> {
        lock(&self.0).take_events().iter().map(|e| e.to_json().to_string()).collect()
    }
    /// The core's `Metadata` of the last reply as JSON; null/nil before any reply.
    pub fn metadata(&self) -> Option<String> {
        lock(&self.0).metadata().and_then(|m| serde_json::to_string(m).ok())
    }
}
