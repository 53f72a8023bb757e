//! `AtlasClient`: a core session plus the host's transport, with async calls, paging and the
//! sans-IO functions for hosts that move the bytes themselves.

use crate::catalog::VersionInfo;
use crate::config::{CallOptions, ClientConfig};
use crate::driver::drive;
use crate::error::AtlasError;
use crate::payload::Payload;
use crate::rng::Rng;
use crate::transport::{HttpHeader, HttpRequest, HttpResponse, HttpTransport};
use crate::warning::{self, WarningListener};
use atlas_admin::Session;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// A client for the Atlas Administration API v2. Thread-safe: share one per app; calls may run
/// concurrently and share the Digest nonce / OAuth token.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct AtlasClient {
    session: Session,
    transport: Arc<dyn HttpTransport>,
    rng: Arc<Rng>,
    on_warning: Option<Arc<dyn WarningListener>>,
}

impl std::fmt::Debug for AtlasClient {
    // The session's Debug shows the credentials' public parts only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AtlasClient")
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

fn params(json: Option<String>) -> Result<Value, AtlasError> {
    match json.as_deref().map(str::trim) {
        None | Some("") => Ok(Value::Null),
        Some(text) => serde_json::from_str(text)
            .map_err(|e| AtlasError::build(format!("params are not valid JSON: {e}"))),
    }
}

fn body(json: Option<String>) -> Result<Option<Value>, AtlasError> {
    match json.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => serde_json::from_str(text)
            .map(Some)
            .map_err(|e| AtlasError::build(format!("body is not valid JSON: {e}"))),
    }
}

#[uniffi::export]
impl AtlasClient {
    #[uniffi::constructor]
    pub fn new(config: ClientConfig, transport: Arc<dyn HttpTransport>) -> Arc<Self> {
        Arc::new(AtlasClient {
            session: Session::with_retry_policy(
                config.core(),
                config.credentials.0.clone(),
                config.retry(),
            ),
            transport,
            rng: Arc::new(Rng::new(config.random_seed)),
            on_warning: config.on_warning,
        })
    }

    /// Calls `operation_id` (any of the operation's names: `listGroupClusters`,
    /// `listClusters`, `list_clusters`, ...) with parameters and body as JSON text
    /// (`null`/empty for none), authenticating, retrying and reading the reply. Its warnings
    /// go to `ClientConfig.on_warning` before anything is sent.
    #[uniffi::method(default(params_json = None, body_json = None))]
    pub async fn call(
        &self,
        operation_id: String,
        params_json: Option<String>,
        body_json: Option<String>,
    ) -> Result<Payload, AtlasError> {
        self.call_with(operation_id, params_json, body_json, CallOptions::default())
            .await
    }

    /// [`AtlasClient::call`] with per-call overrides (an exact version, a response format).
    #[uniffi::method(default(params_json = None, body_json = None))]
    pub async fn call_with(
        &self,
        operation_id: String,
        params_json: Option<String>,
        body_json: Option<String>,
        options: CallOptions,
    ) -> Result<Payload, AtlasError> {
        let (params, body, options) = (params(params_json)?, body(body_json)?, options.core()?);
        let mut call = self
            .session
            .call_with(&operation_id, &params, body.as_ref(), &options);
        self.warn(call.warnings(SystemTime::now()));
        let parsed = drive(&mut call, self.transport.as_ref(), &self.rng).await?;
        Ok(parsed.into())
    }

    /// Sends a request for an endpoint the spec lacks, with the client's authentication and
    /// retries. `url` must be absolute.
    #[uniffi::method(default(headers = []))]
    pub async fn call_raw(
        &self,
        method: String,
        url: String,
        headers: Vec<HttpHeader>,
        body: Vec<u8>,
    ) -> Result<Payload, AtlasError> {
        let mut builder = http::Request::builder()
            .method(method.as_str())
            .uri(url.as_str());
        for h in &headers {
            builder = builder.header(h.name.as_str(), h.value.as_str());
        }
        let request = builder
            .body(body)
            .map_err(|e| AtlasError::build(format!("raw request is not valid HTTP: {e}")))?;
        let mut call = self.session.call_raw(request);
        let parsed = drive(&mut call, self.transport.as_ref(), &self.rng).await?;
        Ok(parsed.into())
    }

    /// Every item of a list operation, following pages, as one JSON array; fails with
    /// `Usage` rather than hold more than `max_items` (default 10,000).
    #[uniffi::method(default(params_json = None, max_items = 10000))]
    pub async fn collect_all(
        &self,
        operation_id: String,
        params_json: Option<String>,
        max_items: u32,
    ) -> Result<String, AtlasError> {
        let params = params(params_json)?;
        let mut call = self
            .session
            .collect_all(&operation_id, &params, max_items as usize);
        self.warn(call.warnings(SystemTime::now()));
        let parsed = drive(&mut call, self.transport.as_ref(), &self.rng).await?;
        Ok(parsed.into_json().unwrap_or(Value::Null).to_string())
    }

    /// A pager over a list operation: call `next_page` until it returns `null`/`nil`.
    #[uniffi::method(default(params_json = None))]
    pub fn paginate(
        &self,
        operation_id: String,
        params_json: Option<String>,
    ) -> Result<Arc<Pager>, AtlasError> {
        let params = params(params_json)?;
        let pager = self.session.pages(&operation_id, &params);
        self.warn(pager.warnings(SystemTime::now()));
        Ok(Arc::new(Pager {
            state: Mutex::new(PagerState::Ready(Box::new(pager))),
            transport: self.transport.clone(),
            rng: self.rng.clone(),
        }))
    }

    /// Revokes the service-account token the client holds, if any.
    pub async fn revoke_token(&self) -> Result<(), AtlasError> {
        let mut call = self.session.revoke_token();
        drive(&mut call, self.transport.as_ref(), &self.rng).await?;
        Ok(())
    }

    /// Drops the Digest nonce and OAuth token, so the next call authenticates afresh.
    pub fn forget_auth(&self) {
        self.session.forget_auth()
    }

    /// Sans-IO: the request for an operation, checked and encoded, without authentication
    /// (the host adds its own `Authorization` when it moves the bytes itself). Its warnings go
    /// to `ClientConfig.on_warning`, as a call's do.
    #[uniffi::method(default(params_json = None, body_json = None, options = None))]
    pub fn build_request(
        &self,
        operation_id: String,
        params_json: Option<String>,
        body_json: Option<String>,
        options: Option<CallOptions>,
    ) -> Result<Arc<HttpRequest>, AtlasError> {
        let (params, body) = (params(params_json)?, body(body_json)?);
        let options = options.unwrap_or_default().core()?;
        let request = atlas_admin::build_request_with(
            self.session.config(),
            &operation_id,
            &params,
            body.as_ref(),
            &options,
        )?;
        let op = atlas_admin::find_operation(&operation_id)?;
        let version = atlas_admin::chosen_version(self.session.config(), &operation_id, &options)?;
        self.warn(warning::for_request(op, version));
        Ok(Arc::new(HttpRequest(request)))
    }

    /// The version a call of `operation_id` would use with this client's pin and `options`.
    #[uniffi::method(default(options = None))]
    pub fn chosen_version(
        &self,
        operation_id: String,
        options: Option<CallOptions>,
    ) -> Result<VersionInfo, AtlasError> {
        let options = options.unwrap_or_default().core()?;
        let v = atlas_admin::chosen_version(self.session.config(), &operation_id, &options)?;
        Ok(v.into())
    }

    /// Sans-IO: reads a response to `operation_id` into a payload or an error.
    pub fn parse_response(
        &self,
        operation_id: String,
        response: HttpResponse,
    ) -> Result<Payload, AtlasError> {
        let response = response.into_http().map_err(AtlasError::build)?;
        Ok(atlas_admin::parse_response(&operation_id, &response)?.into())
    }
}

impl AtlasClient {
    fn warn(&self, warnings: Vec<atlas_admin::Warning>) {
        warning::report(self.on_warning.as_ref(), warnings)
    }
}

enum PagerState {
    Ready(Box<atlas_admin::Pager>),
    /// A `next_page` is in flight (or was cancelled mid-flight, which loses the pager).
    Busy,
    Finished,
}

/// Pages of a list operation, fetched one `next_page` at a time.
#[derive(uniffi::Object)]
pub struct Pager {
    state: Mutex<PagerState>,
    transport: Arc<dyn HttpTransport>,
    rng: Arc<Rng>,
}

#[uniffi::export]
impl Pager {
    /// The next page's items (each a JSON object as text), or `null`/`nil` after the last page.
    /// Pages are fetched in order, so call it again only after the previous one returned.
    pub async fn next_page(&self) -> Result<Option<Vec<String>>, AtlasError> {
        // Take the pager out for the await, so no lock is held across it.
        let taken = std::mem::replace(&mut *self.lock(), PagerState::Busy);
        let mut pager = match taken {
            PagerState::Ready(p) => p,
            PagerState::Finished => {
                *self.lock() = PagerState::Finished;
                return Ok(None);
            }
            PagerState::Busy => {
                return Err(AtlasError::usage(
                    "next_page() called while another is in flight (or one was cancelled)",
                ))
            }
        };
        let out = drive(pager.as_mut(), self.transport.as_ref(), &self.rng).await;
        *self.lock() = match &out {
            Ok(Some(_)) => PagerState::Ready(pager),
            _ => PagerState::Finished,
        };
        Ok(out?.map(|items| items.iter().map(Value::to_string).collect()))
    }
}

impl Pager {
    fn lock(&self) -> std::sync::MutexGuard<'_, PagerState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}
