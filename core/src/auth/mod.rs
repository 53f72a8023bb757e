//! Who the client is (credentials) and what it has learnt from the server (auth state shared by
//! every call of a session).

pub mod digest;
pub(crate) mod flow;
pub mod oauth;
mod saved;
mod secret;

pub use saved::SavedToken;
pub use secret::Secret;

use crate::api_error::ApiError;
use crate::build_error::BuildError;
use std::time::{Duration, SystemTime};

pub const ENV_PUBLIC_KEY: &str = "MONGODB_ATLAS_PUBLIC_KEY";
pub const ENV_PRIVATE_KEY: &str = "MONGODB_ATLAS_PRIVATE_KEY";
pub const ENV_CLIENT_ID: &str = "MONGODB_ATLAS_CLIENT_ID";
pub const ENV_CLIENT_SECRET: &str = "MONGODB_ATLAS_CLIENT_SECRET";

/// How a session proves who it is. `Debug` shows public parts only. Bindings hand it over as
/// JSON: `{"apiKey": {"publicKey": …, "privateKey": …}}`, `{"serviceAccount": {"clientId": …,
/// "clientSecret": …}}`, `{"bearer": …}` or `"none"`; it is never serialized (it holds secrets).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Credentials {
    /// No `Authorization` header (for servers that need none).
    #[default]
    None,
    /// Programmatic API key, answered with HTTP Digest.
    ApiKey {
        public_key: String,
        private_key: Secret,
    },
    /// Service account: OAuth 2 client credentials exchanged for short-lived tokens.
    ServiceAccount {
        client_id: String,
        client_secret: Secret,
    },
    /// A token the user already holds, sent as `Authorization: Bearer`.
    Bearer(Secret),
}

impl Credentials {
    pub fn api_key(public_key: impl Into<String>, private_key: impl Into<Secret>) -> Self {
        Credentials::ApiKey {
            public_key: public_key.into(),
            private_key: private_key.into(),
        }
    }

    pub fn service_account(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        Credentials::ServiceAccount {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }

    pub fn bearer(token: impl Into<Secret>) -> Self {
        Credentials::Bearer(token.into())
    }

    /// Reads `MONGODB_ATLAS_PUBLIC_KEY`/`MONGODB_ATLAS_PRIVATE_KEY` or
    /// `MONGODB_ATLAS_CLIENT_ID`/`MONGODB_ATLAS_CLIENT_SECRET` through `get`, so the host decides
    /// where variables come from (the core never reads the environment). Neither pair set gives
    /// [`Credentials::None`]; half a pair, or both pairs, is an error naming the variables.
    pub fn from_env_vars(get: impl Fn(&str) -> Option<String>) -> Result<Credentials, BuildError> {
        let read = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let pair = |a: &'static str, b: &'static str| match (read(a), read(b)) {
            (Some(x), Some(y)) => Ok(Some((x, y))),
            (None, None) => Ok(None),
            (Some(_), None) => Err(bad(format!("{a} is set but {b} is not"))),
            (None, Some(_)) => Err(bad(format!("{b} is set but {a} is not"))),
        };
        let keys = pair(ENV_PUBLIC_KEY, ENV_PRIVATE_KEY)?;
        let account = pair(ENV_CLIENT_ID, ENV_CLIENT_SECRET)?;
        match (keys, account) {
            (Some(_), Some(_)) => Err(bad(format!(
                "both {ENV_PUBLIC_KEY}/{ENV_PRIVATE_KEY} and {ENV_CLIENT_ID}/{ENV_CLIENT_SECRET} are set; unset one pair"
            ))),
            (Some((p, k)), None) => Ok(Credentials::api_key(p.trim(), k.trim())),
            (None, Some((i, s))) => Ok(Credentials::service_account(i.trim(), s.trim())),
            (None, None) => Ok(Credentials::None),
        }
    }
}

fn bad(problem: String) -> BuildError {
    BuildError::InvalidConfig {
        field: "credentials",
        problem,
    }
}

/// Authentication failures, each saying what to check. Secrets never appear.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AuthError {
    #[error("Atlas refused the API key {public_key}: the Digest answer was rejected ({error}); check the key pair and the access list")]
    KeysRefused {
        public_key: String,
        error: Box<ApiError>,
    },
    /// A 401 with no Digest challenge: Atlas always sends one, so the server at the base URL,
    /// or a proxy before it, is not Atlas.
    #[error("the server answered 401 without a Digest challenge to the API key {public_key} ({error}); check the base URL and any proxy in between: Atlas always challenges")]
    NoChallenge {
        public_key: String,
        error: Box<ApiError>,
    },
    #[error("cannot answer the server's Digest challenge: {0}")]
    Challenge(#[from] digest::ChallengeError),
    #[error("service account {client_id}: {error}")]
    Token {
        client_id: String,
        error: oauth::TokenError,
    },
    #[error("Atlas refused the access token ({error}); it may have expired or been revoked")]
    TokenRefused { error: Box<ApiError> },
    #[error("credentials cannot be sent: {problem}")]
    Unsendable { problem: String },
}

/// The Digest nonce in use and how many requests it has signed.
#[derive(Debug, Clone)]
pub(crate) struct DigestNonce {
    pub challenge: digest::Challenge,
    pub nc: u32,
    /// For `-sess` algorithms, the cnonce the session key was made with.
    pub session_cnonce: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct HeldToken {
    pub token: Secret,
    pub expires_at: SystemTime,
    pub lifetime: Duration,
}

impl HeldToken {
    /// Fresh unless within a margin of expiry, so a token never expires in flight.
    pub fn is_fresh(&self, now: SystemTime) -> bool {
        let margin = (self.lifetime / 2).min(Duration::from_secs(60));
        now.checked_add(margin).is_some_and(|t| t < self.expires_at)
    }
}

/// What a session learnt from the server, shared by its calls.
#[derive(Debug, Default)]
pub(crate) struct AuthState {
    pub digest: Option<DigestNonce>,
    pub token: Option<HeldToken>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn credentials_read_from_the_json_bindings_send() {
        let read = |text: &str| serde_json::from_str::<Credentials>(text);
        let key = read(r#"{"apiKey": {"publicKey": "pub", "privateKey": "priv"}}"#).unwrap();
        assert_eq!(key, Credentials::api_key("pub", "priv"));
        let sa = read(r#"{"serviceAccount": {"clientId": "id", "clientSecret": "s"}}"#).unwrap();
        assert_eq!(sa, Credentials::service_account("id", "s"));
        assert_eq!(
            read(r#"{"bearer": "t"}"#).unwrap(),
            Credentials::bearer("t")
        );
        assert_eq!(read(r#""none""#).unwrap(), Credentials::None);
        // A misspelt field is refused, and the error never echoes a secret.
        let typo = read(r#"{"apiKey": {"publicKey": "pub", "privatekey": "hunter2"}}"#);
        let message = typo.unwrap_err().to_string();
        assert!(message.contains("privatekey"), "{message}");
        assert!(!message.contains("hunter2"), "{message}");
    }

    #[test]
    fn from_env() {
        let c =
            Credentials::from_env_vars(env(&[(ENV_PUBLIC_KEY, "pub"), (ENV_PRIVATE_KEY, "priv")]))
                .unwrap();
        assert_eq!(c, Credentials::api_key("pub", "priv"));
        assert!(!format!("{c:?}").contains("priv\""));
        let c = Credentials::from_env_vars(env(&[(ENV_CLIENT_ID, "id"), (ENV_CLIENT_SECRET, "s")]))
            .unwrap();
        assert_eq!(c, Credentials::service_account("id", "s"));
        assert_eq!(
            Credentials::from_env_vars(env(&[])).unwrap(),
            Credentials::None
        );
        let e = Credentials::from_env_vars(env(&[(ENV_PUBLIC_KEY, "pub")])).unwrap_err();
        assert!(
            e.to_string().contains("MONGODB_ATLAS_PRIVATE_KEY is not"),
            "{e}"
        );
        let e = Credentials::from_env_vars(env(&[
            (ENV_PUBLIC_KEY, "p"),
            (ENV_PRIVATE_KEY, "k"),
            (ENV_CLIENT_ID, "i"),
            (ENV_CLIENT_SECRET, "s"),
        ]))
        .unwrap_err();
        assert!(e.to_string().contains("unset one pair"), "{e}");
    }

    #[test]
    fn debug_redacts() {
        let all = format!(
            "{:?} {:?} {:?}",
            Credentials::api_key("pub", "PRIVATE1"),
            Credentials::service_account("id", "SECRET2"),
            Credentials::bearer("TOKEN3")
        );
        for s in ["PRIVATE1", "SECRET2", "TOKEN3"] {
            assert!(!all.contains(s), "{all}");
        }
        assert!(all.contains("pub") && all.contains("id"));
    }
}
