//! What every call of a session shares: its settings, credentials and what it learnt from the
//! server (the Digest nonce, the OAuth token, the rate-limit buckets). The session is a façade
//! over one of these.

use crate::auth::flow::Authenticator;
use crate::auth::{AuthState, Credentials};
use crate::config::{Checked, Config};
use crate::rate_limit::RateLimits;
use std::sync::{Arc, Mutex, MutexGuard};

pub(crate) struct Context {
    pub config: Config,
    /// The config's settings every request takes, checked once for all the session's calls.
    pub checked: Arc<Checked>,
    pub credentials: Credentials,
    pub auth: Mutex<AuthState>,
    rate_limits: Mutex<RateLimits>,
}

impl Context {
    pub fn new(config: Config, credentials: Credentials) -> Context {
        Context {
            checked: Arc::new(Checked::new(&config)),
            config,
            credentials,
            auth: Mutex::new(AuthState::default()),
            rate_limits: Mutex::new(RateLimits::default()),
        }
    }

    /// What the session's calls have learnt of Atlas's rate-limit buckets.
    pub fn rate_limits(&self) -> MutexGuard<'_, RateLimits> {
        // A panic elsewhere while holding the lock leaves plain data behind; keep using it.
        self.rate_limits.lock().unwrap_or_else(|e| e.into_inner())
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
