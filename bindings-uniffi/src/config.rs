//! What a client is set up with. Credentials are an object, not a record, so that no
//! generated `toString()`/`description` can print a secret: theirs is the core's redacted
//! `Debug`.

use atlas_admin::Format;
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
        Arc::new(Credentials(atlas_admin::Credentials::api_key(
            public_key,
            private_key,
        )))
    }

    /// A service account: OAuth 2 client credentials, exchanged for tokens as needed.
    #[uniffi::constructor]
    pub fn service_account(client_id: String, client_secret: String) -> Arc<Self> {
        Arc::new(Credentials(atlas_admin::Credentials::service_account(
            client_id,
            client_secret,
        )))
    }

    /// A token the caller already holds, sent as `Authorization: Bearer`.
    #[uniffi::constructor]
    pub fn bearer(token: String) -> Arc<Self> {
        Arc::new(Credentials(atlas_admin::Credentials::bearer(token)))
    }
}

/// Client-wide settings.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ClientConfig {
    pub credentials: Arc<Credentials>,
    /// Scheme and host (optionally a path prefix).
    #[uniffi(default = "https://cloud.mongodb.com")]
    pub base_url: String,
    /// `YYYY-MM-DD`: each operation uses its newest stable version not after it.
    #[uniffi(default = None)]
    pub version_pin: Option<String>,
    #[uniffi(default = None)]
    pub user_agent: Option<String>,
    /// Also reject enum values and body fields the spec does not list.
    #[uniffi(default = false)]
    pub strict: bool,
    /// Attempts per call, the first included (1 disables retries); the core's default if unset.
    #[uniffi(default = None)]
    pub max_attempts: Option<u32>,
    /// Seeds the binding's non-cryptographic random source (Digest cnonce, back-off jitter).
    /// Pass one from the platform's secure generator; unset seeds from the clock.
    #[uniffi(default = None)]
    pub random_seed: Option<u64>,
    /// Receives each call's warnings (an operation Atlas removed, a version past its sunset)
    /// before the call sends anything; unset, warnings are not reported.
    #[uniffi(default = None)]
    pub on_warning: Option<Arc<dyn crate::WarningListener>>,
}

impl ClientConfig {
    pub(crate) fn core(&self) -> atlas_admin::Config {
        let mut c = atlas_admin::Config::default().with_base_url(self.base_url.clone());
        c.version_pin = self.version_pin.clone();
        if let Some(ua) = &self.user_agent {
            c.user_agent = ua.clone();
        }
        c.strict = self.strict;
        c
    }

    pub(crate) fn retry(&self) -> atlas_admin::RetryPolicy {
        let mut r = atlas_admin::RetryPolicy::default();
        if let Some(n) = self.max_attempts {
            r.max_attempts = n.max(1);
        }
        r
    }
}

/// Overrides for one call.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct CallOptions {
    /// An exact version the operation serves (`2023-01-01`, `preview`); wins over the pin.
    #[uniffi(default = None)]
    pub version: Option<String>,
    /// The response format where an operation offers several: `json`, `csv`, `gzip`, `yaml`.
    #[uniffi(default = None)]
    pub format: Option<String>,
    /// Retry POST/PATCH on 500/502/504 and transport errors too (only for safe-to-repeat calls).
    #[uniffi(default = false)]
    pub retry_non_idempotent: bool,
}

impl CallOptions {
    pub(crate) fn core(&self) -> Result<atlas_admin::CallOptions, crate::AtlasError> {
        let format = match &self.format {
            None => None,
            Some(f) => Some(Format::parse(f).ok_or_else(|| {
                crate::AtlasError::build(format!(
                    "call option `format` {f:?} is not one of json, csv, gzip, yaml"
                ))
            })?),
        };
        Ok(atlas_admin::CallOptions {
            version: self.version.clone(),
            format,
            retry_non_idempotent: self.retry_non_idempotent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secrets() {
        let shown = format!(
            "{:?} {:?} {:?}",
            Credentials::api_key("pub".into(), "PRIV-1".into()),
            Credentials::service_account("id".into(), "SECRET-2".into()),
            Credentials::bearer("TOKEN-3".into())
        );
        for s in ["PRIV-1", "SECRET-2", "TOKEN-3"] {
            assert!(!shown.contains(s), "{shown}");
        }
    }
}
