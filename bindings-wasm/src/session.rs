//! A session and the calls it starts, driven from JS (`js/client.js` holds the loop).

use crate::convert::{
    headers_from_pairs, json_arg, millis_to_time, parsed_to_js, request_to_js, response, set,
};
use crate::errors::{descriptor, error_to_js};
use atlas_admin::{
    Action, Call, CallOptions, Config, Credentials, Format, PageStep, Pager, RetryPolicy, Session,
    Warning,
};
use js_sys::Object;
use serde_json::{json, Value};
use std::time::Duration;
use wasm_bindgen::prelude::*;

fn invalid(field: &str, problem: &str) -> JsValue {
    descriptor(json!({
        "kind": "build",
        "code": "InvalidConfig",
        "parameter": field,
        "message": format!("config `{field}` {problem}"),
    }))
}

fn text<'v>(v: &'v Value, key: &str) -> Result<Option<&'v str>, JsValue> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(invalid(key, "must be a string")),
    }
}

fn millis(v: &Value, key: &str) -> Result<Option<Duration>, JsValue> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(n) => n
            .as_f64()
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map(|n| Some(Duration::from_millis(n as u64)))
            .ok_or_else(|| invalid(key, "must be a number of milliseconds ≥ 0")),
    }
}

/// `{baseUrl, userAgent, version, strict}` → the core's config. `version` is the client-wide pin.
pub(crate) fn config_from(v: &Value) -> Result<Config, JsValue> {
    let mut config = Config::default();
    if let Some(url) = text(v, "baseUrl")? {
        config.base_url = url.to_owned();
    }
    if let Some(ua) = text(v, "userAgent")? {
        config.user_agent = ua.to_owned();
    }
    config.version_pin = text(v, "version")?.map(str::to_owned);
    config.strict = v.get("strict").and_then(Value::as_bool).unwrap_or(false);
    Ok(config)
}

/// `{version, format, retryNonIdempotent}` → per-call options.
pub(crate) fn options_from(v: &Value) -> Result<CallOptions, JsValue> {
    let format = match text(v, "format")? {
        None => None,
        Some(f) => Some(
            Format::parse(f).ok_or_else(|| invalid("format", "must be json, csv, gzip or yaml"))?,
        ),
    };
    Ok(CallOptions {
        version: text(v, "version")?.map(str::to_owned),
        format,
        retry_non_idempotent: v
            .get("retryNonIdempotent")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

fn retry_from(v: &Value) -> Result<RetryPolicy, JsValue> {
    let mut policy = RetryPolicy::default();
    let Some(r) = v.get("retry").filter(|r| !r.is_null()) else {
        return Ok(policy);
    };
    if let Some(n) = r.get("maxAttempts").filter(|n| !n.is_null()) {
        policy.max_attempts = n
            .as_u64()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| invalid("retry.maxAttempts", "must be an integer from 1 to 100"))?
            as u32;
    }
    if let Some(d) = millis(r, "baseDelayMs")? {
        policy.base_delay = d;
    }
    if let Some(d) = millis(r, "maxDelayMs")? {
        policy.max_delay = d;
    }
    if let Some(d) = millis(r, "maxRetryAfterMs")? {
        policy.max_retry_after = d;
    }
    if let Some(b) = r.get("retryNonIdempotent").and_then(Value::as_bool) {
        policy.retry_non_idempotent = b;
    }
    Ok(policy)
}

fn credentials(kind: &str, id: String, secret: String) -> Result<Credentials, JsValue> {
    Ok(match kind {
        "none" => Credentials::None,
        "digest" => Credentials::api_key(id, secret),
        "serviceAccount" => Credentials::service_account(id, secret),
        "bearer" => Credentials::bearer(secret),
        _ => {
            return Err(invalid(
                "auth",
                "must come from digest(), serviceAccount() or bearer()",
            ))
        }
    })
}

/// A core `Session`: settings, credentials and the auth state its calls share.
#[wasm_bindgen]
pub struct Client {
    session: Session,
}

#[wasm_bindgen]
impl Client {
    /// `config_json` as in `config_from` plus `retry`; the secret goes straight into the core's
    /// `Secret`, which never prints it.
    #[wasm_bindgen(constructor)]
    pub fn new(
        config_json: &str,
        auth_kind: &str,
        auth_id: String,
        auth_secret: String,
    ) -> Result<Client, JsValue> {
        let v = json_arg(config_json)?;
        let session = Session::with_retry_policy(
            config_from(&v)?,
            credentials(auth_kind, auth_id, auth_secret)?,
            retry_from(&v)?,
        );
        Ok(Client { session })
    }

    pub fn call(
        &self,
        operation_id: &str,
        params_json: &str,
        body_json: Option<String>,
        options_json: &str,
    ) -> Result<CallHandle, JsValue> {
        let params = json_arg(params_json)?;
        let body = body_json.as_deref().map(json_arg).transpose()?;
        let options = options_from(&json_arg(options_json)?)?;
        let call = self
            .session
            .call_with(operation_id, &params, body.as_ref(), &options);
        Ok(CallHandle {
            inner: Inner::Call(call),
            last_body: Vec::new(),
        })
    }

    pub fn pages(
        &self,
        operation_id: &str,
        params_json: &str,
        options_json: &str,
    ) -> Result<CallHandle, JsValue> {
        let params = json_arg(params_json)?;
        let options = options_from(&json_arg(options_json)?)?;
        Ok(CallHandle {
            inner: Inner::Pages(Box::new(self.session.pages_with(
                operation_id,
                &params,
                &options,
            ))),
            last_body: Vec::new(),
        })
    }

    /// A request the caller built (an endpoint the spec lacks), sent with the session's
    /// authentication and retries; read by its content type. `headers` is `[name, value, …]`.
    pub fn raw(
        &self,
        method: &str,
        url: &str,
        headers: Vec<String>,
        body: Vec<u8>,
    ) -> Result<CallHandle, JsValue> {
        let mut builder = http::Request::builder().method(method).uri(url);
        for (name, value) in headers_from_pairs(&headers) {
            builder = builder.header(name, value);
        }
        let request = builder.body(body).map_err(|e| {
            descriptor(json!({
                "kind": "build",
                "code": "InvalidRequest",
                "message": format!("not a valid request: {e}"),
            }))
        })?;
        Ok(CallHandle {
            inner: Inner::Call(self.session.call_raw(request)),
            last_body: Vec::new(),
        })
    }

    /// Revokes a held service-account token; a no-op call when none is held.
    #[wasm_bindgen(js_name = revokeToken)]
    pub fn revoke_token(&self) -> CallHandle {
        CallHandle {
            inner: Inner::Call(self.session.revoke_token()),
            last_body: Vec::new(),
        }
    }

    #[wasm_bindgen(js_name = forgetAuth)]
    pub fn forget_auth(&self) {
        self.session.forget_auth();
    }
}

/// One of the core's warnings for JS: its kind (`removed`, `past_sunset`), the operation, the
/// core's sentence, and the facts behind it.
fn warning_json(w: &Warning) -> Value {
    let mut v = match w {
        Warning::Removed { last_listed, .. } => json!({ "lastListed": last_listed }),
        Warning::PastSunset {
            version,
            sunset,
            newest,
            ..
        } => json!({ "version": version, "sunset": sunset, "newest": newest }),
    };
    v["kind"] = json!(w.kind());
    v["operation"] = json!(w.operation());
    v["message"] = json!(w.to_string());
    v
}

enum Inner {
    Call(Call),
    Pages(Box<Pager>),
}

/// One call (or one pager) in flight. `next` answers `{send: request}`, `{wait: ms}`,
/// `{items: json}` (a page's items) or `{done: parsed}`, or throws an error descriptor.
#[wasm_bindgen]
pub struct CallHandle {
    inner: Inner,
    /// The last body fed, so a JSON result the core did not reshape goes back as its own text.
    last_body: Vec<u8>,
}

#[wasm_bindgen]
impl CallHandle {
    /// `random` seeds the Digest cnonce and back-off jitter (JS draws it from
    /// `crypto.getRandomValues`).
    pub fn next(&mut self, now_ms: f64, random: u64) -> Result<Object, JsValue> {
        let now = millis_to_time(now_ms);
        let out = Object::new();
        match &mut self.inner {
            Inner::Call(call) => match call.next(now, random) {
                Action::Send(r) => set(&out, "send", request_to_js(&r)),
                Action::Wait(d) => set(&out, "wait", d.as_secs_f64() * 1000.0),
                Action::Done(Ok(p)) => {
                    let received = std::mem::take(&mut self.last_body);
                    set(&out, "done", parsed_to_js(p, Some(&received)))
                }
                Action::Done(Err(e)) => return Err(error_to_js(&e, now)),
            },
            Inner::Pages(pager) => match pager.next(now, random) {
                PageStep::Send(r) => set(&out, "send", request_to_js(&r)),
                PageStep::Wait(d) => set(&out, "wait", d.as_secs_f64() * 1000.0),
                PageStep::Items(items) => set(&out, "items", Value::Array(items).to_string()),
                PageStep::Done(Ok(())) => set(&out, "done", Object::new()),
                PageStep::Done(Err(e)) => return Err(error_to_js(&e, now)),
            },
        }
        Ok(out)
    }

    /// What this call does that works today and may not tomorrow, by the host's clock: a
    /// JSON array of `{kind, operation, message, …}` (see `warning_json`); `[]` for most calls.
    pub fn warnings(&self, now_ms: f64) -> String {
        let now = millis_to_time(now_ms);
        let warnings = match &self.inner {
            Inner::Call(call) => call.warnings(now),
            Inner::Pages(pager) => pager.warnings(now),
        };
        Value::Array(warnings.iter().map(warning_json).collect()).to_string()
    }

    /// The response to the last `send`; `headers` is a flat `[name, value, …]` list.
    #[wasm_bindgen(js_name = feedResponse)]
    pub fn feed_response(&mut self, status: u16, headers: Vec<String>, body: Vec<u8>) {
        if matches!(self.inner, Inner::Call(_)) {
            self.last_body.clone_from(&body);
        }
        match response(status, &headers, body) {
            Ok(r) => match &mut self.inner {
                Inner::Call(call) => call.feed_response(r),
                Inner::Pages(pager) => pager.feed_response(r),
            },
            Err(problem) => self.feed_transport_error(&problem),
        }
    }

    /// The last `send` got no response (network failure, CORS refusal, abort).
    #[wasm_bindgen(js_name = feedTransportError)]
    pub fn feed_transport_error(&mut self, message: &str) {
        match &mut self.inner {
            Inner::Call(call) => call.feed_transport_error(message),
            Inner::Pages(pager) => pager.feed_transport_error(message),
        }
    }
}
