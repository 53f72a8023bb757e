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

use crate::env;

pub const ENV_PUBLIC_KEY: &str = env::PUBLIC_KEY[0];
pub const ENV_PRIVATE_KEY: &str = env::PRIVATE_KEY[0];
pub const ENV_CLIENT_ID: &str = env::CLIENT_ID[0];
pub const ENV_CLIENT_SECRET: &str = env::CLIENT_SECRET[0];

/// How a session proves who it is. `Debug` shows public parts only. Bindings hand it over as
/// JSON: `{"apiKey": {"publicKey": …, "privateKey": …}}`, `{"serviceAccount": {"clientId": …,
/// "clientSecret": …}}`, `{"bearer": …}`, `"none"` or `"missing"`; it is never serialized (it
/// holds secrets).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Credentials {
    /// No `Authorization` header: the explicit choice of no authentication (for servers, or
    /// operations, that need none).
    None,
    /// None given and none found where they are looked for ([`Credentials::from_env_vars`]):
    /// a call that needs credentials fails with [`AuthError::NoCredentials`], before any I/O,
    /// instead of going out unauthenticated.
    #[default]
    Missing,
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

    /// Credentials from a binding's JSON (the forms above; empty text: `Missing`). A refusal
    /// names the field serde could not read, never a value.
    pub fn from_json(json: &[u8]) -> Result<Credentials, BuildError> {
        crate::config::from_json("credentials", json)
    }

    /// Reads an API key (`MONGODB_ATLAS_PUBLIC_KEY`/`MONGODB_ATLAS_PRIVATE_KEY`, or the Atlas
    /// CLI's `MONGODB_ATLAS_PUBLIC_API_KEY`/`MONGODB_ATLAS_PRIVATE_API_KEY`) or a service account
    /// (`MONGODB_ATLAS_CLIENT_ID`/`MONGODB_ATLAS_CLIENT_SECRET`) through `get`, so the host
    /// decides where variables come from (the core never reads the environment). Neither set
    /// gives [`Credentials::Missing`]; half a pair, or both kinds, is an error naming the
    /// variables.
    pub fn from_env_vars(get: impl Fn(&str) -> Option<String>) -> Result<Credentials, BuildError> {
        let pair = |a: &[&'static str], b: &[&'static str]| match (
            env::first_set(&get, a),
            env::first_set(&get, b),
        ) {
            (Some((_, x)), Some((_, y))) => Ok(Some((x, y))),
            (None, None) => Ok(None),
            (Some((set, _)), None) => Err(bad(format!("{set} is set but {} is not", b[0]))),
            (None, Some((set, _))) => Err(bad(format!("{set} is set but {} is not", a[0]))),
        };
        let keys = pair(&env::PUBLIC_KEY, &env::PRIVATE_KEY)?;
        let account = pair(&env::CLIENT_ID, &env::CLIENT_SECRET)?;
        match (keys, account) {
            (Some(_), Some(_)) => Err(bad(format!(
                "both an API key ({ENV_PUBLIC_KEY}/{ENV_PRIVATE_KEY}) and a service account ({ENV_CLIENT_ID}/{ENV_CLIENT_SECRET}) are set; unset one"
            ))),
            (Some((p, k)), None) => Ok(Credentials::api_key(p, k)),
            (None, Some((i, s))) => Ok(Credentials::service_account(i, s)),
            (None, None) => Ok(Credentials::Missing),
        }
    }

    /// These credentials, or when none were given ([`Credentials::Missing`]) what
    /// [`Credentials::from_env_vars`] finds through `get`: what a binding does with a client
    /// created without credentials. An explicit choice, `None` included, is kept as it is.
    pub fn or_env_vars(
        self,
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Credentials, BuildError> {
        match self {
            Credentials::Missing => Credentials::from_env_vars(get),
            chosen => Ok(chosen),
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
    #[error("no credentials were given or found: {}", env::CREDENTIALS_HELP)]
    NoCredentials,
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
        let read = |text: &str| Credentials::from_json(text.as_bytes());
        assert_eq!(read(" ").unwrap(), Credentials::Missing, "none given");
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
            Credentials::Missing
        );
        let cli = [
            ("MONGODB_ATLAS_PUBLIC_API_KEY", "pub"),
            ("MONGODB_ATLAS_PRIVATE_API_KEY", " priv "),
        ];
        let c = Credentials::from_env_vars(env(&cli)).unwrap();
        assert_eq!(c, Credentials::api_key("pub", "priv"));
        let e = Credentials::from_env_vars(env(&cli[..1])).unwrap_err();
        assert!(
            e.to_string().contains(
                "MONGODB_ATLAS_PUBLIC_API_KEY is set but MONGODB_ATLAS_PRIVATE_KEY is not"
            ),
            "{e}"
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
        assert!(e.to_string().contains("unset one"), "{e}");
    }

    #[test]
    fn the_environment_fills_only_credentials_left_out() {
        let keys = env(&[(ENV_PUBLIC_KEY, "pub"), (ENV_PRIVATE_KEY, "priv")]);
        let found = Credentials::Missing.or_env_vars(&keys).unwrap();
        assert_eq!(found, Credentials::api_key("pub", "priv"));
        assert_eq!(
            Credentials::None.or_env_vars(&keys).unwrap(),
            Credentials::None
        );
        let mine = Credentials::bearer("t");
        assert_eq!(mine.clone().or_env_vars(&keys).unwrap(), mine);
        let nothing = Credentials::Missing.or_env_vars(env(&[])).unwrap();
        assert_eq!(nothing, Credentials::Missing);
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
