//! What a client is set up with, and the listeners it reports to. The option records carry the
//! core's contract fields (`Config`, `CallOptions`, `RetryPolicy`; durations in seconds) and
//! convert through serde_json, so the names and checks are the core's.

use crate::client::{AtlasEvent, AtlasWarning};
use crate::error::AtlasError;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// How the client proves who it is. An object, so no generated `toString` prints a secret.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Credentials(pub(crate) atlas_admin::Credentials);

#[uniffi::export]
impl Credentials {
    /// No `Authorization` header.
    #[uniffi::constructor]
    pub fn none() -> Arc<Self> {
        Arc::new(Credentials(atlas_admin::Credentials::None))
    }
    /// A programmatic API key pair, answered with HTTP Digest.
    #[uniffi::constructor]
    pub fn api_key(public_key: String, private_key: String) -> Arc<Self> {
        Arc::new(Credentials(atlas_admin::Credentials::api_key(
            public_key,
            private_key,
        )))
    }
    /// A service account: OAuth 2 client credentials, exchanged for tokens as needed.
    #[uniffi::constructor]
    pub fn service_account(client_id: String, client_secret: String) -> Arc<Self> {
        let c = atlas_admin::Credentials::service_account(client_id, client_secret);
        Arc::new(Credentials(c))
    }
    /// A token the caller already holds, sent as `Authorization: Bearer`.
    #[uniffi::constructor]
    pub fn bearer(token: String) -> Arc<Self> {
        Arc::new(Credentials(atlas_admin::Credentials::bearer(token)))
    }
}

/// Retries and back-off (the core's `RetryPolicy`); each field left unset keeps its default.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct RetryOptions {
    /// Attempts in all, the first included; 1 disables retries (default 4).
    #[uniffi(default = None)]
    pub max_attempts: Option<i32>,
    /// Seconds before the first retry, doubled for each later one (default 0.5).
    #[uniffi(default = None)]
    pub base_delay: Option<f64>,
    /// The longest back-off in seconds (default 30).
    #[uniffi(default = None)]
    pub max_delay: Option<f64>,
    /// A `Retry-After` longer than this many seconds is not waited for (default 300).
    #[uniffi(default = None)]
    pub max_retry_after: Option<f64>,
    /// Also retry POST/PATCH on 500/502/504 and transport errors (default false).
    #[uniffi(default = None)]
    pub retry_non_idempotent: Option<bool>,
}

/// Client-wide settings: the core's `Config` fields, plus credentials, seed and listeners.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ClientConfig {
    pub credentials: Arc<Credentials>,
    #[uniffi(default = "https://cloud.mongodb.com")]
    pub base_url: String,
    #[uniffi(default = None)]
    pub user_agent: Option<String>,
    /// `YYYY-MM-DD`: each operation uses its newest stable version not after it.
    #[uniffi(default = None)]
    pub version_pin: Option<String>,
    /// Also reject enum values and body fields the spec does not list.
    #[uniffi(default = false)]
    pub strict: bool,
    #[uniffi(default = None)]
    pub retry: Option<RetryOptions>,
    /// Seconds one HTTP exchange may take (`HttpRequest.timeoutMillis`, enforced by the transport).
    #[uniffi(default = None)]
    pub timeout: Option<f64>,
    /// Headers added to every request (not the core's own: `Authorization`, `Accept`...).
    #[uniffi(default)]
    pub headers: HashMap<String, String>,
    /// Seeds the random source (Digest cnonce, jitter); unset seeds from the clock.
    #[uniffi(default = None)]
    pub random_seed: Option<u64>,
    /// Receives each call's warnings before it sends anything.
    #[uniffi(default = None)]
    pub on_warning: Option<Arc<dyn WarningListener>>,
    /// Receives what each call does (requests, replies, waits, retries, tokens); no secrets.
    #[uniffi(default = None)]
    pub on_event: Option<Arc<dyn EventListener>>,
}

/// Overrides for one call (the core's `CallOptions`); unset fields keep the client's setting.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct CallOptions {
    /// An exact version (`2023-01-01`, `preview`); wins over the pin.
    #[uniffi(default = None)]
    pub version: Option<String>,
    /// `json`, `csv`, `gzip` or `yaml`, where an operation offers several.
    #[uniffi(default = None)]
    pub format: Option<String>,
    #[uniffi(default = None)]
    pub strict: Option<bool>,
    #[uniffi(default)]
    pub headers: HashMap<String, String>,
    #[uniffi(default = None)]
    pub retry: Option<RetryOptions>,
    /// Seconds one exchange of this call may take.
    #[uniffi(default = None)]
    pub timeout: Option<f64>,
    /// Retry this POST/PATCH on 500/502/504 and transport errors (safe-to-repeat calls only).
    #[uniffi(default = false)]
    pub retry_non_idempotent: bool,
}

/// A JSON object of the fields that are set.
fn object(fields: &[(&str, Value)]) -> Value {
    let set = fields.iter().filter(|(_, v)| !v.is_null());
    Value::Object(
        set.map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect::<Map<_, _>>(),
    )
}

fn convert<T: serde::de::DeserializeOwned>(what: &str, v: Value) -> Result<T, AtlasError> {
    serde_json::from_value(v)
        .map_err(|e| AtlasError::build(format!("invalid {what}: {e}"), Some(what)))
}

impl RetryOptions {
    fn json(&self) -> Value {
        let r = self;
        object(&[
            ("maxAttempts", json!(r.max_attempts)),
            ("baseDelay", json!(r.base_delay)),
            ("maxDelay", json!(r.max_delay)),
            ("maxRetryAfter", json!(r.max_retry_after)),
            ("retryNonIdempotent", json!(r.retry_non_idempotent)),
        ])
    }
}

impl ClientConfig {
    pub(crate) fn core(&self) -> Result<atlas_admin::Config, AtlasError> {
        let c = self;
        let v = object(&[
            ("baseUrl", json!(c.base_url)),
            ("userAgent", json!(c.user_agent)),
            ("versionPin", json!(c.version_pin)),
            ("strict", json!(c.strict)),
            (
                "retry",
                c.retry.as_ref().map_or(Value::Null, RetryOptions::json),
            ),
            ("timeout", json!(c.timeout)),
            ("headers", json!(c.headers)),
        ]);
        // Replies go to Kotlin and Swift as JSON text: let the core hand it over unparsed.
        let config: atlas_admin::Config = convert("config", v)?;
        Ok(atlas_admin::Config {
            host_parses_json: true,
            ..config
        })
    }
}

impl CallOptions {
    pub(crate) fn core(&self) -> Result<atlas_admin::CallOptions, AtlasError> {
        let o = self;
        if let Some(f) = o
            .format
            .as_deref()
            .filter(|f| atlas_admin::Format::parse(f).is_none())
        {
            let message = format!("call option `format` {f:?} is not one of json, csv, gzip, yaml");
            return Err(AtlasError::build(message, Some("format")));
        }
        let v = object(&[
            ("version", json!(o.version)),
            ("format", json!(o.format)),
            ("strict", json!(o.strict)),
            ("headers", json!(o.headers)),
            (
                "retry",
                o.retry.as_ref().map_or(Value::Null, RetryOptions::json),
            ),
            ("timeout", json!(o.timeout)),
            ("retryNonIdempotent", json!(o.retry_non_idempotent)),
        ]);
        convert("call option", v)
    }
}

/// The field names of the core's contract types, as the core serializes its defaults.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ContractFields {
    pub config: Vec<String>,
    pub call_options: Vec<String>,
    pub retry: Vec<String>,
}

#[uniffi::export]
pub fn contract_fields() -> ContractFields {
    fn keys(v: impl serde::Serialize) -> Vec<String> {
        let v = serde_json::to_value(v).unwrap_or_default();
        v.as_object()
            .map_or(vec![], |o| o.keys().cloned().collect())
    }
    ContractFields {
        config: keys(atlas_admin::Config::default()),
        call_options: keys(atlas_admin::CallOptions::default()),
        retry: keys(atlas_admin::RetryPolicy::default()),
    }
}

/// Receives each call's warnings (`ClientConfig.onWarning`), on the thread running the call.
/// Whatever it throws is dropped.
#[uniffi::export(foreign)]
pub trait WarningListener: Send + Sync {
    fn on_warning(&self, warning: AtlasWarning) -> Result<(), crate::TransportError>;
}

/// Receives each call's events (`ClientConfig.onEvent`). Whatever it throws is dropped.
#[uniffi::export(foreign)]
pub trait EventListener: Send + Sync {
    fn on_event(&self, event: AtlasEvent) -> Result<(), crate::TransportError>;
}

impl std::fmt::Debug for dyn WarningListener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WarningListener")
    }
}

impl std::fmt::Debug for dyn EventListener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventListener")
    }
}
