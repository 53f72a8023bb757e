//! `AtlasClient`: a core session plus the host's transport. Each method starts a core `Call`
//! (a `Pending`, after reporting its warnings); `Pending` drives it (`Host::step`) with the
//! host's transport, timer and listener.

use crate::catalog;
use crate::config::{config, json_arg, options, Credentials};
use crate::error::{AtlasError, TransportError};
use crate::transport::{HttpHeader, HttpRequest, HttpResponse, HttpTransport};
use atlas_admin::{Action, Call, CallOptions, Error, Parsed, Session, Warning};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// What a successful call returned: `kind` (`json`, `text` for CSV or YAML, `bytes`, or
/// `empty` for 202/204), the body (JSON stays text, for the host's own parser), and the core's
/// `Metadata` of the reply as JSON (status, headers, version, attempts, rate limit).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Reply {
    pub kind: String,
    pub body: Vec<u8>,
    pub metadata: Option<String>,
}

impl Reply {
    fn of(parsed: Parsed, metadata: Option<String>) -> Self {
        let (kind, body) = match parsed {
            Parsed::Json(v) => ("json", v.to_string().into_bytes()),
            // Checked to be UTF-8 JSON by the core.
            Parsed::JsonText(bytes) => ("json", bytes),
            Parsed::Text(text) => ("text", text.into_bytes()),
            Parsed::Bytes(bytes) => ("bytes", bytes),
            Parsed::Empty => ("empty", Vec::new()),
        };
        Reply { kind: kind.into(), body, metadata }
    }
}

/// Receives what each call reports, as JSON; never a secret. Whatever it throws is dropped.
#[uniffi::export(foreign)]
pub trait CallListener: Send + Sync {
    /// A warning, before the call sends anything: `kind` (`removed`, `past_sunset`),
    /// `operation`, the core's `message` and the facts (`lastListed`; `version`, `sunset`,
    /// `newest`).
    fn on_warning(&self, json: String);
    /// What the call did, as it did it: the core's `Event` (tagged `event`) and its `message`.
    fn on_event(&self, json: String);
}

/// The host side of a drive: transport, randomness, listener.
struct Host {
    transport: Arc<dyn HttpTransport>,
    rng: AtomicU64,
    listener: Option<Arc<dyn CallListener>>,
}

enum Step {
    Items(Vec<Value>),
    Done(Result<Parsed, Error>),
}

impl Host {
    /// SplitMix64 over an atomic counter: lock-free, never the same value twice.
    fn random(&self) -> u64 {
        let mut z = self.rng.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn warn(&self, warnings: Vec<Warning>) {
        let Some(listener) = &self.listener else { return };
        for w in warnings {
            let mut v = match w {
                Warning::Removed { last_listed, .. } => json!({ "lastListed": last_listed }),
                Warning::PastSunset { version, sunset, newest, .. } => {
                    json!({ "version": version, "sunset": sunset, "newest": newest })
                }
            };
            v["kind"] = w.kind().into();
            v["operation"] = w.operation().into();
            v["message"] = w.to_string().into();
            listener.on_warning(v.to_string());
        }
    }

    fn events(&self, call: &mut Call) {
        let events = call.take_events();
        let Some(listener) = &self.listener else { return };
        for e in events {
            let mut v = serde_json::to_value(&e).unwrap_or_default();
            v["message"] = e.message().into();
            listener.on_event(v.to_string());
        }
    }

    /// Drives `call` until it yields a page's items or ends; nothing blocks a thread.
    async fn step(&self, call: &mut Call) -> Step {
        loop {
            let action = call.next(SystemTime::now(), self.random());
            self.events(call);
            match action {
                Action::Send(r) => {
                    let request = Arc::new(HttpRequest(r, call.timeout()));
                    let sent = self.transport.send(request).await;
                    match sent.map(HttpResponse::into_http) {
                        Ok(Ok(response)) => call.feed_response(response),
                        Ok(Err(reason)) | Err(TransportError::Failed { reason }) => {
                            call.feed_transport_error(reason)
                        }
                    }
                }
                Action::Wait(d) => {
                    let millis = d.as_millis().min(u64::MAX.into()) as u64;
                    self.transport.sleep(millis).await
                }
                Action::Items(items) => return Step::Items(items),
                Action::Done(result) => return Step::Done(result),
            }
        }
    }
}

/// A client for the Atlas Administration API v2. Thread-safe: share one per app.
#[derive(uniffi::Object)]
pub struct AtlasClient {
    session: Session,
    host: Arc<Host>,
}

/// Params as JSON text (absent: none) and the call's options.
fn args(params: Option<String>, opts: Option<String>) -> Result<(Value, CallOptions), AtlasError> {
    Ok((json_arg("params", params)?.unwrap_or_default(), options(opts)?))
}

impl AtlasClient {
    /// Reports the call's warnings, before anything is sent, and hands it over to be driven.
    fn start(&self, call: Call) -> Arc<Pending> {
        self.host.warn(call.warnings(SystemTime::now()));
        Arc::new(Pending { call: Mutex::new(Some(call)), host: self.host.clone() })
    }
}

#[uniffi::export]
impl AtlasClient {
    /// `config_json`: the core's `Config` (absent fields keep its defaults); `random_seed`
    /// seeds the Digest cnonce and back-off jitter (absent: the clock).
    #[uniffi::constructor]
    pub fn new(
        config_json: String, credentials: Arc<Credentials>, random_seed: Option<u64>,
        listener: Option<Arc<dyn CallListener>>, transport: Arc<dyn HttpTransport>,
    ) -> Result<Arc<Self>, AtlasError> {
        let seed = random_seed.unwrap_or_else(|| {
            let t = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH);
            t.map_or(0, |d| d.as_nanos() as u64) ^ (Arc::as_ptr(&transport) as *const u8 as u64)
        });
        let session = Session::new(config(config_json)?, credentials.0.clone());
        let host = Arc::new(Host { transport, rng: AtomicU64::new(seed), listener });
        Ok(Arc::new(AtlasClient { session, host }))
    }

    /// Calls `operation_id` (any of its names) with params, body and options as JSON text.
    #[uniffi::method(default(params_json = None, body_json = None, options_json = None))]
    pub fn call(
        &self, operation_id: String, params_json: Option<String>, body_json: Option<String>,
        options_json: Option<String>,
    ) -> Result<Arc<Pending>, AtlasError> {
        let (params, options) = args(params_json, options_json)?;
        let body = json_arg("body", body_json)?;
        Ok(self.start(self.session.call_with(&operation_id, &params, body.as_ref(), &options)))
    }

    /// A list operation, page by page (`Pending.next_page`), or every item as one JSON array
    /// (`Pending.finish`) that fails rather than hold more than `max_items`.
    #[uniffi::method(default(params_json = None, options_json = None, max_items = None))]
    pub fn pages(
        &self, operation_id: String, params_json: Option<String>, options_json: Option<String>,
        max_items: Option<u32>,
    ) -> Result<Arc<Pending>, AtlasError> {
        let (params, options) = args(params_json, options_json)?;
        let id = &operation_id;
        let call = match max_items {
            Some(max) => self.session.collect_all_with(id, &params, max as usize, &options),
            None => self.session.pages_with(id, &params, &options),
        };
        Ok(self.start(call))
    }

    /// An endpoint the spec lacks, with the client's authentication and retries.
    #[uniffi::method(default(headers = []))]
    pub fn call_raw(
        &self, method: String, url: String, headers: Vec<HttpHeader>, body: Vec<u8>,
    ) -> Result<Arc<Pending>, AtlasError> {
        let mut builder = http::Request::builder().method(method.as_str()).uri(url);
        for h in headers {
            builder = builder.header(h.name, h.value);
        }
        let request = builder.body(body).map_err(|e| {
            AtlasError::refused("request", format!("raw request is not valid HTTP: {e}"))
        })?;
        Ok(self.start(self.session.call_raw(request)))
    }

    /// Revokes the service-account token the client holds, if any.
    pub fn revoke_token(&self) -> Arc<Pending> {
        self.start(self.session.revoke_token())
    }

    /// Drops the Digest nonce and OAuth token, so the next call authenticates afresh.
    pub fn forget_auth(&self) {
        self.session.forget_auth()
    }

    /// Sans-IO: the request for an operation, checked and encoded, without authentication.
    #[uniffi::method(default(params_json = None, body_json = None, options_json = None))]
    pub fn build_request(
        &self, operation_id: String, params_json: Option<String>, body_json: Option<String>,
        options_json: Option<String>,
    ) -> Result<Arc<HttpRequest>, AtlasError> {
        let (params, options) = args(params_json, options_json)?;
        let id = &operation_id;
        let (body, config) = (json_arg("body", body_json)?, self.session.config());
        let request =
            atlas_admin::build_request_with(config, id, &params, body.as_ref(), &options)?;
        let op = atlas_admin::find_operation(id)?;
        let version = atlas_admin::chosen_version(config, id, &options)?;
        self.host.warn(atlas_admin::warnings(op, version, SystemTime::now()));
        Ok(Arc::new(HttpRequest(request, options.timeout.or(config.timeout))))
    }

    /// The version a call of `operation_id` would use with this client's pin and options, as
    /// JSON: `name`, `stable`, `sunset`, `successStatuses`.
    #[uniffi::method(default(options_json = None))]
    pub fn chosen_version(
        &self, operation_id: String, options_json: Option<String>,
    ) -> Result<String, AtlasError> {
        let options = options(options_json)?;
        let config = self.session.config();
        Ok(catalog::version(atlas_admin::chosen_version(config, &operation_id, &options)?))
    }

    /// Sans-IO: reads a response to `operation_id` into a reply (no metadata) or an error.
    pub fn parse_response(
        &self, operation_id: String, response: HttpResponse,
    ) -> Result<Reply, AtlasError> {
        let response = (response.into_http()).map_err(|m| AtlasError::refused("response", m))?;
        let parsed = atlas_admin::parse_response(&operation_id, &response)?;
        Ok(Reply::of(parsed, None))
    }
}

/// A call the client started: `finish` drives it to its end (a paging call's items are
/// dropped), `next_page` one page at a time.
#[derive(uniffi::Object)]
pub struct Pending {
    /// Taken out while it is driven; `None` once done (or a drive was cancelled).
    call: Mutex<Option<Call>>,
    host: Arc<Host>,
}

impl Pending {
    fn take(&self) -> Option<Call> {
        self.call.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

#[uniffi::export]
impl Pending {
    /// The reply the call ends with.
    pub async fn finish(&self) -> Result<Reply, AtlasError> {
        let mut call = self.take().ok_or_else(|| {
            AtlasError::refused("call", "this call was already driven to its end".into())
        })?;
        loop {
            if let Step::Done(result) = self.host.step(&mut call).await {
                let parsed = result.map_err(|e| AtlasError::of(&e, Some(&call)))?;
                let metadata = call.metadata().and_then(|m| serde_json::to_string(m).ok());
                return Ok(Reply::of(parsed, metadata));
            }
        }
    }

    /// The next page's items (JSON text each), or null/nil after the last page.
    pub async fn next_page(&self) -> Result<Option<Vec<String>>, AtlasError> {
        let Some(mut call) = self.take() else { return Ok(None) };
        match self.host.step(&mut call).await {
            Step::Items(items) => {
                *self.call.lock().unwrap_or_else(|e| e.into_inner()) = Some(call);
                Ok(Some(items.iter().map(Value::to_string).collect()))
            }
            Step::Done(Ok(_)) => Ok(None),
            Step::Done(Err(e)) => Err(AtlasError::of(&e, Some(&call))),
        }
    }
}
