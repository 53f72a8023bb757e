//! What a client is set up with: credentials (an object, so no generated `toString` prints a
//! secret), and the core's contract types (`Config`, `CallOptions`, `RetryPolicy`) as JSON
//! text, read with serde so that their names, defaults and checks are the core's.

use crate::error::AtlasError;
use atlas_admin::{CallOptions, Config, RetryPolicy};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::sync::Arc;

/// How the client proves who it is.
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
        let c = atlas_admin::Credentials::api_key(public_key, private_key);
        Arc::new(Credentials(c))
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

/// The defaults of the core's contract types, `{"config", "callOptions", "retry"}`, so a host
/// can check its own option types carry exactly their fields.
#[uniffi::export]
pub fn contract_defaults_json() -> String {
    let (config, options) = (Config::default(), CallOptions::default());
    let retry = RetryPolicy::default();
    json!({"config": config, "callOptions": options, "retry": retry}).to_string()
}

/// JSON text (params, a body, settings); absent or blank for none.
pub(crate) fn json_arg(
    what: &'static str, text: Option<String>,
) -> Result<Option<Value>, AtlasError> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => serde_json::from_str(t)
            .map(Some)
            .map_err(|e| AtlasError::refused(what, format!("{what}: not valid JSON: {e}"))),
    }
}

/// The client's `Config`, from the host's JSON.
pub(crate) fn config(text: String) -> Result<Config, AtlasError> {
    let config: Config = decode("config", json_arg("config", Some(text))?)?;
    // Replies go to Kotlin and Swift as JSON text: let the core hand it over unparsed.
    Ok(Config { host_parses_json: true, ..config })
}

/// A call's `CallOptions`, from the host's JSON (absent: the client's settings).
pub(crate) fn options(text: Option<String>) -> Result<CallOptions, AtlasError> {
    decode("options", json_arg("options", text)?)
}

/// A contract type from its JSON object (absent: its defaults); unknown fields are refused.
/// serde's message names no field, so the one it refuses is found and named.
fn decode<T: DeserializeOwned + Default>(
    what: &'static str, v: Option<Value>,
) -> Result<T, AtlasError> {
    let Some(v) = v else { return Ok(T::default()) };
    serde_json::from_value(v.clone()).map_err(|e| {
        let refused =
            |(k, x): &(&String, &Value)| serde_json::from_value::<T>(json!({ *k: x })).is_err();
        let field = v.as_object().into_iter().flatten().find(refused);
        let message = match field {
            Some((k, _)) => format!("invalid {what} `{k}`: {e}"),
            None => format!("invalid {what}: {e}"),
        };
        AtlasError::refused(what, message)
    })
}
