//! A session: settings, credentials, retry policy and the auth state its calls share.

use crate::auth::{AuthState, Credentials};
use crate::call::exchange::{Exchange, Target};
use crate::call::Call;
use crate::config::{CallOptions, Config};
use crate::paging::Pager;
use crate::request::build;
use crate::retry::RetryPolicy;
use serde_json::Value;
use std::fmt;
use std::sync::{Arc, Mutex};

pub(crate) struct SessionInner {
    pub config: Config,
    pub credentials: Credentials,
    pub retry: RetryPolicy,
    pub auth: Mutex<AuthState>,
}

/// Settings and credentials for talking to Atlas, plus what was learnt while doing so (the
/// Digest nonce, the OAuth token), shared by every [`Call`] it starts. Cheap to clone; clones
/// share that state. `Send + Sync`, so one session can serve many threads.
#[derive(Clone)]
pub struct Session {
    inner: Arc<SessionInner>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("config", &self.inner.config)
            .field("credentials", &self.inner.credentials)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl Session {
    pub fn new(config: Config, credentials: Credentials) -> Session {
        Session::with_retry_policy(config, credentials, RetryPolicy::default())
    }

    pub fn with_retry_policy(
        config: Config,
        credentials: Credentials,
        retry: RetryPolicy,
    ) -> Session {
        Session {
            inner: Arc::new(SessionInner {
                config,
                credentials,
                retry,
                auth: Mutex::new(AuthState::default()),
            }),
        }
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Drops the Digest nonce and the OAuth token, so the next call starts afresh.
    pub fn forget_auth(&self) {
        let mut auth = self.inner.auth.lock().unwrap_or_else(|e| e.into_inner());
        *auth = AuthState::default();
    }

    /// Whether an OAuth access token is held (it may still be near expiry).
    pub fn has_token(&self) -> bool {
        let auth = self.inner.auth.lock().unwrap_or_else(|e| e.into_inner());
        auth.token.is_some()
    }

    /// Starts a call of `operation_id`. The request is built (and checked) at once: a bad
    /// parameter makes the first `next()` return `Done(Err(Error::Build(..)))` without I/O.
    pub fn call(&self, operation_id: &str, params: &Value, body: Option<&Value>) -> Call {
        self.call_with(operation_id, params, body, &CallOptions::default())
    }

    /// [`Session::call`] with per-call overrides.
    pub fn call_with(
        &self,
        operation_id: &str,
        params: &Value,
        body: Option<&Value>,
        options: &CallOptions,
    ) -> Call {
        Call::one(self.exchange(operation_id, params, body, options))
    }

    pub(crate) fn exchange(
        &self,
        operation_id: &str,
        params: &Value,
        body: Option<&Value>,
        options: &CallOptions,
    ) -> Exchange {
        // One lookup: the operation and version the request was built for travel with it.
        let built = build(&self.inner.config, operation_id, params, body, options).map(
            |(op, version, request)| Target::Operation {
                op,
                version,
                request,
            },
        );
        match built {
            Ok(target) => Exchange::new(self.inner.clone(), target, options.retry_non_idempotent),
            Err(e) => Exchange::failed(self.inner.clone(), e.into()),
        }
    }

    /// Sends a request the caller built (for an endpoint this spec lacks) with the session's
    /// authentication and retries. The result is read by content type: JSON, text or bytes.
    pub fn call_raw(&self, request: http::Request<Vec<u8>>) -> Call {
        Call::one(Exchange::new(
            self.inner.clone(),
            Target::Raw { request },
            false,
        ))
    }

    /// Pages through a list operation (see [`Pager`]).
    pub fn pages(&self, operation_id: &str, params: &Value) -> Pager {
        self.pages_with(operation_id, params, &CallOptions::default())
    }

    pub fn pages_with(&self, operation_id: &str, params: &Value, options: &CallOptions) -> Pager {
        Pager::new(self.clone(), operation_id, params, options)
    }

    /// A call whose result is every item of a list operation, as one JSON array, following
    /// pages; it fails with [`Error::TooManyItems`] rather than hold more than `cap` items.
    pub fn collect_all(&self, operation_id: &str, params: &Value, cap: usize) -> Call {
        Call::collect(self.pages(operation_id, params), cap)
    }

    /// Revokes the service-account token the session holds (`POST /api/oauth/revoke`) and
    /// forgets it. Done at once, without I/O, when no token is held.
    pub fn revoke_token(&self) -> Call {
        Call::one(Exchange::new(self.inner.clone(), Target::Revoke, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_send_sync_static<T: Send + Sync + 'static>() {}

    #[test]
    fn shareable_across_threads() {
        is_send_sync_static::<Session>();
        is_send_sync_static::<Call>();
        is_send_sync_static::<Pager>();
    }
}
