//! What a client is set up with: credentials (an object: no generated `toString` prints a
//! secret), the core's defaults (for the host's checks), and the JSON a host hands over.

use atlas_admin::{BuildError, CallOptions, Config, RetryPolicy, WaitOptions};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// How the client proves who it is.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Credentials(pub(crate) atlas_admin::Credentials);

#[uniffi::export]
impl Credentials {
    /// No `Authorization` header.
    #[uniffi::constructor]
    pub fn none() -> Self {
        Credentials(atlas_admin::Credentials::None)
    }
    /// A programmatic API key pair, answered with HTTP Digest.
    #[uniffi::constructor]
    pub fn api_key(public_key: String, private_key: String) -> Self {
        Credentials(atlas_admin::Credentials::api_key(public_key, private_key))
    }
    /// A service account: OAuth 2 client credentials, exchanged for tokens as needed.
    #[uniffi::constructor]
    pub fn service_account(client_id: String, client_secret: String) -> Self {
        Credentials(atlas_admin::Credentials::service_account(client_id, client_secret))
    }
    /// A token the caller already holds, sent as `Authorization: Bearer`.
    #[uniffi::constructor]
    pub fn bearer(token: String) -> Self {
        Credentials(atlas_admin::Credentials::bearer(token))
    }
}

/// The defaults of the core's contract types, `{"config", "callOptions", "retry", "wait"}`, so
/// a host can check its own option types carry exactly their fields.
#[uniffi::export]
pub fn contract_defaults_json() -> String {
    let (config, options) = (Config::default(), CallOptions::default());
    let (retry, wait) = (RetryPolicy::default(), WaitOptions::default());
    json!({"config": config, "callOptions": options, "retry": retry, "wait": wait}).to_string()
}

/// A refusal of something the host handed over (params, a body, a raw request or response).
pub(crate) fn invalid(field: &'static str, problem: String) -> BuildError {
    BuildError::InvalidConfig { field, problem }
}

/// Params, a body or a wait's settings as JSON text (absent or blank: none).
pub(crate) fn json_arg<T: DeserializeOwned>(
    field: &'static str, text: Option<String>,
) -> Result<Option<T>, BuildError> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else { return Ok(None) };
    let e = |e| invalid(field, format!("is not valid JSON: {e}"));
    serde_json::from_str(&text).map(Some).map_err(e)
}

/// A call's params, body and options from the host's JSON text (absent options: the client's).
pub(crate) fn call_args(
    params: Option<String>, body: Option<String>, options: Option<String>,
) -> Result<(Value, Option<Value>, CallOptions), BuildError> {
    let options = CallOptions::from_json(options.unwrap_or_default().as_bytes())?;
    Ok((json_arg("params", params)?.unwrap_or_default(), json_arg("body", body)?, options))
}
