//! `AtlasClient`: a core session plus the host's transport. Each method starts a core `Call`
//! and drives it (`drive`) with the host's transport, timer and listeners.

use crate::catalog::VersionInfo;
use crate::config::{CallOptions, ClientConfig, EventListener, WarningListener};
use crate::error::AtlasError;
use crate::transport::{HttpHeader, HttpRequest, HttpResponse, HttpTransport};
use atlas_admin::{Action, Call, Error, Parsed, Session};
use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// What a successful call returned. JSON stays text for the host's own parser.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum Payload {
    Json {
        json: String,
    },
    /// CSV or YAML.
    Text {
        text: String,
    },
    Bytes {
        bytes: Vec<u8>,
    },
    /// 202/204 or an empty body.
    Empty,
}

impl From<Parsed> for Payload {
    fn from(p: Parsed) -> Self {
        match p {
            Parsed::Json(v) => Payload::Json {
                json: v.to_string(),
            },
            Parsed::Text(text) => Payload::Text { text },
            Parsed::Bytes(bytes) => Payload::Bytes { bytes },
            Parsed::Empty => Payload::Empty,
            // Checked to be UTF-8 JSON by the core.
            Parsed::JsonText(bytes) => Payload::Json {
                json: String::from_utf8_lossy(&bytes).into_owned(),
            },
        }
    }
}

/// Facts about the reply a call ended with.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CallMetadata {
    pub operation: String,
    pub status: i32,
    /// Every reply header, names lower-case, in the order received.
    pub headers: Vec<HttpHeader>,
    /// The version named by the reply's content type, if any.
    pub version: Option<String>,
    pub attempts: i32,
    /// `RateLimit-Limit` / `RateLimit-Remaining`, when the reply carried them.
    pub rate_limit_limit: Option<i64>,
    pub rate_limit_remaining: Option<i64>,
}

/// A payload with the metadata of the reply it came from.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CallResult {
    pub payload: Payload,
    pub metadata: Option<CallMetadata>,
}

/// Something a call did (`kind`: requestSent, replyReceived, waiting, retrying, tokenFetched),
/// its one-line `message` and all its fields as JSON. Never a secret.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AtlasEvent {
    pub kind: String,
    pub message: String,
    pub json: String,
}

/// Something a call does that works today and may not tomorrow; never stops the call.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum AtlasWarning {
    /// Atlas no longer lists the operation; `last_listed` is the last spec that did.
    Removed {
        operation: String,
        last_listed: String,
        message: String,
    },
    /// The version called is past its announced sunset by the host's clock.
    PastSunset {
        operation: String,
        version: String,
        sunset: String,
        newest: Option<String>,
        message: String,
    },
}

impl From<atlas_admin::Warning> for AtlasWarning {
    fn from(w: atlas_admin::Warning) -> Self {
        let message = w.to_string();
        match w {
            atlas_admin::Warning::Removed {
                operation,
                last_listed,
            } => AtlasWarning::Removed {
                operation: operation.into(),
                last_listed: last_listed.into(),
                message,
            },
            atlas_admin::Warning::PastSunset {
                operation,
                version,
                sunset,
                newest,
            } => AtlasWarning::PastSunset {
                operation: operation.into(),
                version: version.into(),
                sunset: sunset.into(),
                newest: newest.map(str::to_owned),
                message,
            },
        }
    }
}

/// The host side of a drive: transport, randomness, listeners.
struct Host {
    transport: Arc<dyn HttpTransport>,
    rng: AtomicU64,
    on_warning: Option<Arc<dyn WarningListener>>,
    on_event: Option<Arc<dyn EventListener>>,
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

    fn warn(&self, warnings: Vec<atlas_admin::Warning>) {
        for w in warnings.into_iter().filter(|_| self.on_warning.is_some()) {
            let _ = self.on_warning.as_ref().map(|l| l.on_warning(w.into()));
        }
    }

    fn events(&self, call: &mut Call) {
        for e in call
            .take_events()
            .into_iter()
            .filter(|_| self.on_event.is_some())
        {
            let v = serde_json::to_value(&e).unwrap_or_default();
            let kind = v["event"].as_str().unwrap_or_default().to_owned();
            let event = AtlasEvent {
                kind,
                message: e.message(),
                json: v.to_string(),
            };
            let _ = self.on_event.as_ref().map(|l| l.on_event(event));
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
                    match self
                        .transport
                        .send(request)
                        .await
                        .map(HttpResponse::into_http)
                    {
                        Ok(Ok(response)) => call.feed_response(response),
                        Ok(Err(message)) => call.feed_transport_error(message),
                        Err(crate::TransportError::Failed { reason }) => {
                            call.feed_transport_error(reason)
                        }
                    }
                }
                Action::Wait(d) => {
                    self.transport
                        .sleep(d.as_millis().min(u64::MAX as u128) as u64)
                        .await
                }
                Action::Items(items) => return Step::Items(items),
                Action::Done(result) => return Step::Done(result),
            }
        }
    }

    /// Warns, then drives `call` to its end (a paging call's items are dropped).
    async fn run(&self, mut call: Call) -> Result<CallResult, AtlasError> {
        self.warn(call.warnings(SystemTime::now()));
        loop {
            if let Step::Done(result) = self.step(&mut call).await {
                let metadata = call.metadata().map(|m| CallMetadata {
                    operation: m.operation.into(),
                    status: m.status.into(),
                    headers: m
                        .headers
                        .iter()
                        .map(|(n, v)| HttpHeader::new(n, v))
                        .collect(),
                    version: m.version.clone(),
                    attempts: m.attempts as i32,
                    rate_limit_limit: m.rate_limit.and_then(|r| r.limit).map(|n| n as i64),
                    rate_limit_remaining: m.rate_limit.and_then(|r| r.remaining).map(|n| n as i64),
                });
                let payload = result.map_err(|e| AtlasError::of(&e, Some(&call)))?.into();
                return Ok(CallResult { payload, metadata });
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

fn json_arg(what: &str, text: Option<String>) -> Result<Option<Value>, AtlasError> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => serde_json::from_str(t)
            .map(Some)
            .map_err(|e| AtlasError::build(format!("{what} are not valid JSON: {e}"), Some(what))),
    }
}

fn params(text: Option<String>) -> Result<Value, AtlasError> {
    Ok(json_arg("params", text)?.unwrap_or(Value::Null))
}

#[uniffi::export]
impl AtlasClient {
    #[uniffi::constructor]
    pub fn new(
        config: ClientConfig,
        transport: Arc<dyn HttpTransport>,
    ) -> Result<Arc<Self>, AtlasError> {
        let seed = config.random_seed.unwrap_or_else(|| {
            let t = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH);
            t.map_or(0, |d| d.as_nanos() as u64) ^ (Arc::as_ptr(&transport) as *const u8 as u64)
        });
        let host = Host {
            transport,
            rng: AtomicU64::new(seed),
            on_warning: config.on_warning.clone(),
            on_event: config.on_event.clone(),
        };
        let session = Session::new(config.core()?, config.credentials.0.clone());
        Ok(Arc::new(AtlasClient {
            session,
            host: Arc::new(host),
        }))
    }

    /// Calls `operation_id` (any of its names) with params and body as JSON text; the payload
    /// and the reply's metadata.
    #[uniffi::method(default(params_json = None, body_json = None, options = None))]
    pub async fn call(
        &self,
        operation_id: String,
        params_json: Option<String>,
        body_json: Option<String>,
        options: Option<CallOptions>,
    ) -> Result<CallResult, AtlasError> {
        let (params, body) = (params(params_json)?, json_arg("body", body_json)?);
        let options = options.unwrap_or_default().core()?;
        let call = self
            .session
            .call_with(&operation_id, &params, body.as_ref(), &options);
        self.host.run(call).await
    }

    /// An endpoint the spec lacks, with the client's authentication and retries.
    #[uniffi::method(default(headers = []))]
    pub async fn call_raw(
        &self,
        method: String,
        url: String,
        headers: Vec<HttpHeader>,
        body: Vec<u8>,
    ) -> Result<CallResult, AtlasError> {
        let mut builder = http::Request::builder()
            .method(method.as_str())
            .uri(url.as_str());
        for h in &headers {
            builder = builder.header(h.name.as_str(), h.value.as_str());
        }
        let request = builder
            .body(body)
            .map_err(|e| AtlasError::build(format!("raw request is not valid HTTP: {e}"), None))?;
        self.host.run(self.session.call_raw(request)).await
    }

    /// Every item of a list operation as one JSON array; fails rather than hold more than
    /// `max_items`.
    #[uniffi::method(default(params_json = None, max_items = 10000, options = None))]
    pub async fn collect_all(
        &self,
        operation_id: String,
        params_json: Option<String>,
        max_items: u32,
        options: Option<CallOptions>,
    ) -> Result<String, AtlasError> {
        let (params, options) = (params(params_json)?, options.unwrap_or_default().core()?);
        let call =
            self.session
                .collect_all_with(&operation_id, &params, max_items as usize, &options);
        match self.host.run(call).await?.payload {
            Payload::Json { json } => Ok(json),
            _ => Ok("[]".into()),
        }
    }

    /// A pager over a list operation: `next_page` until it returns null/nil.
    #[uniffi::method(default(params_json = None, options = None))]
    pub fn paginate(
        &self,
        operation_id: String,
        params_json: Option<String>,
        options: Option<CallOptions>,
    ) -> Result<Arc<Pager>, AtlasError> {
        let (params, options) = (params(params_json)?, options.unwrap_or_default().core()?);
        let call = self.session.pages_with(&operation_id, &params, &options);
        self.host.warn(call.warnings(SystemTime::now()));
        Ok(Arc::new(Pager {
            call: Mutex::new(Some(call)),
            host: self.host.clone(),
        }))
    }

    /// Revokes the service-account token the client holds, if any.
    pub async fn revoke_token(&self) -> Result<(), AtlasError> {
        self.host.run(self.session.revoke_token()).await.map(|_| ())
    }

    /// Drops the Digest nonce and OAuth token, so the next call authenticates afresh.
    pub fn forget_auth(&self) {
        self.session.forget_auth()
    }

    /// Sans-IO: the request for an operation, checked and encoded, without authentication.
    #[uniffi::method(default(params_json = None, body_json = None, options = None))]
    pub fn build_request(
        &self,
        operation_id: String,
        params_json: Option<String>,
        body_json: Option<String>,
        options: Option<CallOptions>,
    ) -> Result<Arc<HttpRequest>, AtlasError> {
        let (params, body) = (params(params_json)?, json_arg("body", body_json)?);
        let options = options.unwrap_or_default().core()?;
        let config = self.session.config();
        let request = atlas_admin::build_request_with(
            config,
            &operation_id,
            &params,
            body.as_ref(),
            &options,
        )?;
        let op = atlas_admin::find_operation(&operation_id)?;
        let version = atlas_admin::chosen_version(config, &operation_id, &options)?;
        self.host
            .warn(atlas_admin::warnings(op, version, SystemTime::now()));
        let timeout = options.timeout.or(config.timeout);
        Ok(Arc::new(HttpRequest(request, timeout)))
    }

    /// The version a call of `operation_id` would use with this client's pin and `options`.
    #[uniffi::method(default(options = None))]
    pub fn chosen_version(
        &self,
        operation_id: String,
        options: Option<CallOptions>,
    ) -> Result<VersionInfo, AtlasError> {
        let options = options.unwrap_or_default().core()?;
        Ok(atlas_admin::chosen_version(self.session.config(), &operation_id, &options)?.into())
    }

    /// Sans-IO: reads a response to `operation_id` into a payload or an error.
    pub fn parse_response(
        &self,
        operation_id: String,
        response: HttpResponse,
    ) -> Result<Payload, AtlasError> {
        let response = response
            .into_http()
            .map_err(|m| AtlasError::build(m, None))?;
        Ok(atlas_admin::parse_response(&operation_id, &response)?.into())
    }
}

/// Pages of a list operation, one `next_page` at a time.
#[derive(uniffi::Object)]
pub struct Pager {
    /// Taken out while a page is fetched; `None` once done (or a fetch was cancelled).
    call: Mutex<Option<Call>>,
    host: Arc<Host>,
}

#[uniffi::export]
impl Pager {
    /// The next page's items (JSON text each), or null/nil after the last page.
    pub async fn next_page(&self) -> Result<Option<Vec<String>>, AtlasError> {
        let taken = self.call.lock().unwrap_or_else(|e| e.into_inner()).take();
        let Some(mut call) = taken else {
            return Ok(None);
        };
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
