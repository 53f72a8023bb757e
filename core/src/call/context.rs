//! What every call of a session shares: its settings, credentials and what it learnt from the
//! server (the Digest nonce, the OAuth token). The session is a façade over one of these.

use crate::auth::flow::Authenticator;
use crate::auth::{AuthState, Credentials};
use crate::config::{Checked, Config};
use std::sync::Mutex;

pub(crate) struct Context {
    pub config: Config,
    /// The config's settings every request takes, checked once for all the session's calls.
    pub checked: Checked,
    pub credentials: Credentials,
    pub auth: Mutex<AuthState>,
}

impl Context {
    pub fn new(config: Config, credentials: Credentials) -> Context {
        Context {
            checked: Checked::new(&config),
            config,
            credentials,
            auth: Mutex::new(AuthState::default()),
        }
    }

    /// The authenticator for requests to `base_url` (the config's, already checked).
    pub fn authenticator<'a>(&'a self, base_url: &'a str) -> Authenticator<'a> {
        Authenticator {
            credentials: &self.credentials,
            state: &self.auth,
            base_url,
            user_agent: &self.config.user_agent,
        }
    }
}
