//! A session: settings, credentials, retry policy and the auth state its calls share.

use crate::auth::{AuthState, Credentials, SavedToken};
use crate::build_error::BuildError;
use crate::call::context::Context;
use crate::call::{Call, JsonReply, WaitGoal, WaitOptions};
use crate::config::{CallOptions, Config};
use crate::request::PreparedRequest;
use crate::retry::RetryPolicy;
use serde_json::Value;
use std::fmt;
use std::sync::{Arc, MutexGuard};
use std::time::SystemTime;

/// Settings and credentials for talking to Atlas, plus what was learnt while doing so (the
/// Digest nonce, the OAuth token), shared by every [`Call`] it starts. Cheap to clone; clones
/// share that state. `Send + Sync`, so one session can serve many threads.
#[derive(Clone)]
pub struct Session {
    inner: Arc<Context>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("config", &self.inner.config)
            .field("credentials", &self.inner.credentials)
            .finish_non_exhaustive()
    }
}

impl Session {
    pub fn new(config: Config, credentials: Credentials) -> Session {
        Session {
            inner: Arc::new(Context::new(config, credentials)),
        }
    }

    /// A binding's session: the settings and credentials its host handed over, what they leave
    /// out read from the host's environment through `get` ([`Config::with_env_vars`],
    /// [`Credentials::or_env_vars`]), and JSON replies left as text for the host's own parser.
    pub fn for_host(
        config: Config,
        credentials: Credentials,
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Session, BuildError> {
        let credentials = credentials.or_env_vars(&get)?;
        let config = Config {
            host_parses_json: true,
            ..config.with_env_vars(get)
        };
        Ok(Session::new(config, credentials))
    }

    /// [`Session::new`] with `retry` in place of the config's retry policy.
    pub fn with_retry_policy(
        config: Config,
        credentials: Credentials,
        retry: RetryPolicy,
    ) -> Session {
        Session::new(config.with_retry(retry), credentials)
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.config.retry
    }

    fn auth(&self) -> MutexGuard<'_, AuthState> {
        // A panic elsewhere while holding the lock leaves plain data behind; keep using it.
        self.inner.auth.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Drops the Digest nonce and the OAuth token, so the next call starts afresh.
    pub fn forget_auth(&self) {
        *self.auth() = AuthState::default();
    }

    /// Whether an OAuth access token is held (it may still be near expiry).
    pub fn has_token(&self) -> bool {
        self.auth().token.is_some()
    }

    /// The base URL and client id a service-account token of this session is minted for.
    fn token_owner(&self) -> Option<(&str, &str)> {
        let Credentials::ServiceAccount { client_id, .. } = &self.inner.credentials else {
            return None;
        };
        let base_url = self.inner.checked.base_url().ok()?;
        Some((base_url, client_id))
    }

    /// The service-account token this session holds, to hand to another session or keep for
    /// another process (a token cache); `None` when it holds none, or its credentials are not
    /// a service account.
    pub fn export_token(&self) -> Option<SavedToken> {
        let (base_url, client_id) = self.token_owner()?;
        let auth = self.auth();
        Some(SavedToken::of(base_url, client_id, auth.token.as_ref()?))
    }

    /// Adopts `token`, exported by another session, so that this one mints none of its own.
    /// Only a token of this session's service account and base URL, still fresh at `now`, is
    /// adopted; returns whether it was. A token the session holds that lives longer is kept.
    pub fn import_token(&self, token: &SavedToken, now: SystemTime) -> bool {
        let Some((base_url, client_id)) = self.token_owner() else {
            return false;
        };
        let Some(held) = token.to_held(base_url, client_id, now) else {
            return false;
        };
        let mut auth = self.auth();
        if auth
            .token
            .as_ref()
            .is_some_and(|t| t.expires_at >= held.expires_at)
        {
            return false;
        }
        auth.token = Some(held);
        true
    }

    /// The name a token cache keeps this session's token under ([`SavedToken::cache_key`]);
    /// `None` unless its credentials are a service account.
    pub fn token_cache_key(&self) -> Option<String> {
        let (base_url, client_id) = self.token_owner()?;
        Some(SavedToken::cache_key(base_url, client_id))
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
        let json = JsonReply::of(&self.inner.config);
        Call::single(&self.inner, operation_id, params, body, options, json)
    }

    /// [`Session::call_with`] whose JSON success comes back as bytes, for a reader that
    /// deserializes them straight into a model (the typed layer).
    #[cfg(feature = "models")]
    pub(crate) fn call_json_text(
        &self,
        operation_id: &str,
        params: &Value,
        body: Option<&Value>,
        options: &CallOptions,
    ) -> Call {
        Call::single(
            &self.inner,
            operation_id,
            params,
            body,
            options,
            JsonReply::Checked,
        )
    }

    /// Starts a typed call (feature `models`): `endpoint` is built and checked as
    /// [`crate::typed::Endpoint::to_request`] would, then sent with the session's
    /// authentication, retries and timeout; [`crate::typed::TypedCall::finish`] (or `run`) reads
    /// the reply into the endpoint's output model.
    #[cfg(feature = "models")]
    pub fn call_typed<E: crate::typed::Endpoint>(
        &self,
        endpoint: &E,
    ) -> crate::typed::TypedCall<E> {
        crate::typed::TypedCall::start(self, endpoint)
    }

    /// The request a call of `operation_id` would send first, before authentication: what
    /// [`crate::build_request_with`] gives with this session's config, without checking the
    /// config's settings again on each build.
    pub fn build_request(
        &self,
        operation_id: &str,
        params: &Value,
        body: Option<&Value>,
        options: &CallOptions,
    ) -> Result<http::Request<Vec<u8>>, BuildError> {
        let (config, checked) = (&self.inner.config, &self.inner.checked);
        crate::request::build(config, checked, operation_id, params, body, options)
            .map(|(_, _, request)| request)
    }

    /// What every request of `operation_id` with `options` shares, checked once: a binding
    /// that builds many requests keeps it and reads only the parameters on each
    /// ([`PreparedRequest::request`], [`PreparedRequest::target`]). It fails as
    /// [`Session::build_request`] would for any parameters.
    pub fn prepare(
        &self,
        operation_id: &str,
        options: &CallOptions,
    ) -> Result<PreparedRequest, BuildError> {
        let (config, checked) = (&self.inner.config, &self.inner.checked);
        crate::request::prepare(config, checked, operation_id, options)
    }

    /// Sends a request the caller built (for an endpoint this spec lacks) with the session's
    /// authentication and retries. The result is read by content type: JSON, text or bytes.
    pub fn call_raw(&self, request: http::Request<Vec<u8>>) -> Call {
        Call::raw(&self.inner, request)
    }

    /// A call that walks a list operation page by page: each page's items come as
    /// [`crate::Action::Items`], then `Done(Ok(Parsed::Empty))`. It stops after the last page:
    /// on an empty page, when `totalCount` is reached, or (without `totalCount`, as with
    /// `includeCount=false`) when the page's `links` have no `next`. A reply with neither ends
    /// on a short page; a full one then costs one more request to learn that nothing follows.
    pub fn pages(&self, operation_id: &str, params: &Value) -> Call {
        self.pages_with(operation_id, params, &CallOptions::default())
    }

    pub fn pages_with(&self, operation_id: &str, params: &Value, options: &CallOptions) -> Call {
        Call::pages(&self.inner, operation_id, params, options)
    }

    /// A call whose result is every item of a list operation, as one JSON array, following
    /// pages; it fails with [`crate::Error::TooManyItems`] rather than hold more than `cap` items.
    pub fn collect_all(&self, operation_id: &str, params: &Value, cap: usize) -> Call {
        self.collect_all_with(operation_id, params, cap, &CallOptions::default())
    }

    pub fn collect_all_with(
        &self,
        operation_id: &str,
        params: &Value,
        cap: usize,
        options: &CallOptions,
    ) -> Call {
        Call::collect(&self.inner, operation_id, params, options, cap)
    }

    /// Calls `operation_id` as [`Session::call_with`] does, then waits for the work it started
    /// (a cluster created, a snapshot taken, a cluster deleted) as the spec's watcher for it
    /// says: one GET polled until a state is reached (the result is then that GET's reply) or
    /// a 404 answers (the result is empty). A state that means failure (a backup export
    /// `Failed`) is [`crate::Error::WaitFailed`]; past `wait.timeout`,
    /// [`crate::Error::WaitTimedOut`]. An operation with no watcher is refused before any I/O
    /// ([`crate::BuildError::NoWatcher`]): use [`Session::wait_until`].
    pub fn call_and_wait(
        &self,
        operation_id: &str,
        params: &Value,
        body: Option<&Value>,
        options: &CallOptions,
        wait: &WaitOptions,
    ) -> Call {
        Call::and_wait(&self.inner, operation_id, params, body, options, wait)
    }

    /// Polls the GET operation `operation_id` with `params` until `goal`: a wait for what the
    /// spec gives no watcher for.
    pub fn wait_until(
        &self,
        operation_id: &str,
        params: &Value,
        goal: WaitGoal,
        wait: &WaitOptions,
    ) -> Call {
        let options = CallOptions::default();
        Call::wait_until(&self.inner, operation_id, params, goal, &options, wait)
    }

    /// Revokes the service-account token the session holds (`POST /api/oauth/revoke`) and
    /// forgets it. Done at once, without I/O, when no token is held.
    pub fn revoke_token(&self) -> Call {
        Call::revoke(&self.inner)
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
    }

    /// The settings a session checks once give the same requests, and the same first error, as
    /// the free function that checks them on each build.
    #[test]
    fn builds_as_the_free_function_does() {
        let params = serde_json::json!({"groupId": "32b6e34b3d91647abb20e7b8"});
        let options = CallOptions::default();
        let configs = [
            Config::default().with_header("X-Trace", "1"),
            Config::default().with_base_url("ftp://example.com"),
            Config::default().with_user_agent("line\nbreak"),
            Config::default().with_header("Accept", "text/plain"),
        ];
        for config in configs {
            let session = Session::new(config.clone(), Credentials::None);
            for id in ["getProject", "noSuchOperation"] {
                let free = crate::build_request_with(&config, id, &params, None, &options);
                let held = session.build_request(id, &params, None, &options);
                match (free, held) {
                    (Ok(a), Ok(b)) => {
                        assert_eq!((a.uri(), a.headers()), (b.uri(), b.headers()));
                    }
                    (a, b) => assert_eq!(a.err(), b.err(), "{config:?} {id}"),
                }
            }
        }
    }
}
