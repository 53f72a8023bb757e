//! One request carried to its end: authentication round trips, token fetches and retries.

use crate::auth::digest::Challenge;
use crate::auth::{oauth, AuthError, Credentials, DigestNonce, HeldToken, Secret};
use crate::error::{ApiError, Error, RetryAfter};
use crate::response::{api_error, parse_response, Parsed};
use crate::retry::{classify, Retryable};
use crate::session::SessionInner;
use crate::spec::{Operation, Version};
use http::header::{HeaderValue, AUTHORIZATION, RETRY_AFTER, WWW_AUTHENTICATE};
use std::sync::{Arc, MutexGuard};
use std::time::{Duration, SystemTime};

/// What the host must do next for a call.
#[derive(Debug)]
pub enum Action {
    /// Send this request and feed back its response (`feed_response`) or the failure to get
    /// one (`feed_transport_error`).
    Send(http::Request<Vec<u8>>),
    /// Sleep this long, then ask again.
    Wait(Duration),
    /// The call is over.
    Done(Result<Parsed, Error>),
}

/// Stale-nonce re-challenges answered within one call; a server that keeps calling every nonce
/// stale would otherwise loop forever.
const MAX_STALE: u32 = 3;

pub(crate) enum Target {
    Operation {
        op: &'static Operation,
        version: &'static Version,
        request: http::Request<Vec<u8>>,
    },
    /// A request built by the caller (an endpoint the spec lacks); read by content type.
    Raw {
        request: http::Request<Vec<u8>>,
    },
    Revoke,
}

enum State {
    Ready,
    AwaitingToken {
        asked_at: SystemTime,
    },
    AwaitingResponse {
        bearer: Option<Secret>,
    },
    Backoff {
        retry_after: Option<RetryAfter>,
        /// What to report if the wait turns out longer than the policy allows.
        error: Option<Box<ApiError>>,
    },
    Finished(Option<Result<Parsed, Error>>),
}

pub(crate) struct Exchange {
    session: Arc<SessionInner>,
    target: Target,
    state: State,
    attempts: u32,
    fresh_attempt: bool,
    challenge_answered: bool,
    stale_answered: u32,
    token_refreshed: bool,
    retry_non_idempotent: bool,
}

fn clone_request(r: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut out = http::Request::new(r.body().clone());
    *out.method_mut() = r.method().clone();
    *out.uri_mut() = r.uri().clone();
    *out.version_mut() = r.version();
    *out.headers_mut() = r.headers().clone();
    out
}

fn hex64(x: u64) -> String {
    format!("{x:016x}")
}

impl Exchange {
    pub(crate) fn new(
        session: Arc<SessionInner>,
        target: Target,
        retry_non_idempotent: bool,
    ) -> Self {
        let retry_non_idempotent = retry_non_idempotent || session.retry.retry_non_idempotent;
        Exchange {
            session,
            target,
            state: State::Ready,
            attempts: 0,
            fresh_attempt: true,
            challenge_answered: false,
            stale_answered: 0,
            token_refreshed: false,
            retry_non_idempotent,
        }
    }

    pub(crate) fn failed(session: Arc<SessionInner>, error: Error) -> Self {
        let mut e = Exchange::new(session, Target::Revoke, false);
        e.state = State::Finished(Some(Err(error)));
        e
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.attempts
    }

    pub(crate) fn operation(&self) -> Option<&'static Operation> {
        self.operation_version().map(|(op, _)| op)
    }

    /// The operation called and the version chosen for it.
    pub(crate) fn operation_version(&self) -> Option<(&'static Operation, &'static Version)> {
        match &self.target {
            Target::Operation { op, version, .. } => Some((op, version)),
            Target::Raw { .. } | Target::Revoke => None,
        }
    }

    pub(crate) fn is_done(&self) -> bool {
        matches!(self.state, State::Finished(_))
    }

    fn finish(&mut self, result: Result<Parsed, Error>) {
        self.state = State::Finished(Some(result));
    }

    fn auth(&self) -> MutexGuard<'_, crate::auth::AuthState> {
        // A panic elsewhere while holding the lock leaves plain data behind; keep using it.
        self.session.auth.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn next(&mut self, now: SystemTime, random: u64) -> Action {
        match std::mem::replace(&mut self.state, State::Ready) {
            State::Finished(result) => {
                self.state = State::Finished(None);
                Action::Done(
                    result.unwrap_or_else(|| Err(Error::Misuse("next() called after Done".into()))),
                )
            }
            State::AwaitingToken { .. } | State::AwaitingResponse { .. } => {
                self.state = State::Finished(None);
                Action::Done(Err(Error::Misuse(
                    "next() called before the response to the last Send was fed".into(),
                )))
            }
            State::Backoff { retry_after, error } => {
                let delay = match retry_after {
                    Some(ra) => ra.delay_from(now),
                    None => self.session.retry.backoff(self.attempts, random),
                };
                if delay > self.session.retry.max_retry_after {
                    if let Some(error) = error {
                        self.state = State::Finished(None);
                        return Action::Done(Err(Error::Retried {
                            error,
                            attempts: self.attempts,
                        }));
                    }
                }
                self.fresh_attempt = true;
                if delay.is_zero() {
                    self.send(now, random)
                } else {
                    Action::Wait(delay)
                }
            }
            State::Ready => self.send(now, random),
        }
    }

    fn send(&mut self, now: SystemTime, random: u64) -> Action {
        if self.fresh_attempt {
            self.attempts += 1;
            self.fresh_attempt = false;
        }
        let config = &self.session.config;
        let base = match config.checked_base_url() {
            Ok(b) => b.to_owned(),
            Err(e) => {
                self.state = State::Finished(None);
                return Action::Done(Err(e.into()));
            }
        };
        let credentials = self.session.credentials.clone();
        let mut req = match &self.target {
            Target::Revoke => return self.send_revoke(&base, &credentials),
            Target::Operation { request, .. } | Target::Raw { request } => clone_request(request),
        };
        let mut bearer = None;
        match &credentials {
            Credentials::None => {}
            Credentials::Bearer(token) => bearer = Some(token.clone()),
            Credentials::ServiceAccount {
                client_id,
                client_secret,
            } => {
                let held = self.auth().token.clone().filter(|t| t.is_fresh(now));
                match held {
                    Some(t) => bearer = Some(t.token),
                    None => {
                        return match oauth::token_request(
                            &base,
                            &config.user_agent,
                            client_id,
                            client_secret,
                        ) {
                            Ok(r) => {
                                self.state = State::AwaitingToken { asked_at: now };
                                Action::Send(r)
                            }
                            Err(problem) => self.done_now(AuthError::Unsendable { problem }.into()),
                        };
                    }
                }
            }
            Credentials::ApiKey {
                public_key,
                private_key,
            } => {
                let mut auth = self.auth();
                if let Some(d) = auth.digest.as_mut() {
                    d.nc = d.nc.wrapping_add(1).max(1);
                    let cnonce = if d.challenge.algorithm.is_session() {
                        d.session_cnonce
                            .get_or_insert_with(|| hex64(random))
                            .clone()
                    } else {
                        hex64(random)
                    };
                    let uri = req
                        .uri()
                        .path_and_query()
                        .map(|p| p.as_str())
                        .unwrap_or("/");
                    let value = d.challenge.authorization(
                        public_key,
                        private_key.expose(),
                        req.method().as_str(),
                        uri,
                        req.body(),
                        d.nc,
                        &cnonce,
                    );
                    drop(auth);
                    if let Err(e) = set_authorization(&mut req, &value, "the public key") {
                        return self.done_now(e.into());
                    }
                }
            }
        }
        if let Some(token) = &bearer {
            let value = format!("Bearer {}", token.expose());
            if let Err(e) = set_authorization(&mut req, &value, "the bearer token") {
                return self.done_now(e.into());
            }
        }
        self.state = State::AwaitingResponse { bearer };
        Action::Send(req)
    }

    fn send_revoke(&mut self, base: &str, credentials: &Credentials) -> Action {
        let Credentials::ServiceAccount {
            client_id,
            client_secret,
        } = credentials
        else {
            return self.done_now_ok();
        };
        let Some(held) = self.auth().token.clone() else {
            return self.done_now_ok();
        };
        match oauth::revoke_request(
            base,
            &self.session.config.user_agent,
            client_id,
            client_secret,
            &held.token,
        ) {
            Ok(r) => {
                self.state = State::AwaitingResponse { bearer: None };
                Action::Send(r)
            }
            Err(problem) => self.done_now(AuthError::Unsendable { problem }.into()),
        }
    }

    fn done_now(&mut self, e: Error) -> Action {
        self.state = State::Finished(None);
        Action::Done(Err(e))
    }

    fn done_now_ok(&mut self) -> Action {
        self.state = State::Finished(None);
        Action::Done(Ok(Parsed::Empty))
    }

    fn is_idempotent(&self) -> bool {
        match &self.target {
            Target::Operation { op, .. } => op.method.is_idempotent(),
            Target::Raw { request } => matches!(
                *request.method(),
                http::Method::GET
                    | http::Method::HEAD
                    | http::Method::PUT
                    | http::Method::DELETE
                    | http::Method::OPTIONS
            ),
            // Revoking twice is harmless.
            Target::Revoke => true,
        }
    }

    pub(crate) fn feed_response(&mut self, response: http::Response<Vec<u8>>) {
        match std::mem::replace(&mut self.state, State::Ready) {
            State::AwaitingToken { asked_at } => self.on_token(asked_at, &response),
            State::AwaitingResponse { bearer } => self.on_response(bearer, response),
            other => {
                self.state = other;
                self.misuse("feed_response() called without a Send waiting for it");
            }
        }
    }

    pub(crate) fn feed_transport_error(&mut self, message: String) {
        let message: String = message.chars().take(500).collect();
        match std::mem::replace(&mut self.state, State::Ready) {
            State::AwaitingToken { .. } | State::AwaitingResponse { .. } => {
                let may_retry = self.is_idempotent() || self.retry_non_idempotent;
                if may_retry && self.attempts < self.session.retry.max_attempts {
                    self.state = State::Backoff {
                        retry_after: None,
                        error: None,
                    };
                } else {
                    self.finish(Err(Error::Transport {
                        message,
                        attempts: self.attempts,
                    }));
                }
            }
            other => {
                self.state = other;
                self.misuse("feed_transport_error() called without a Send waiting for it");
            }
        }
    }

    fn misuse(&mut self, what: &str) {
        if !self.is_done() {
            self.finish(Err(Error::Misuse(what.to_owned())));
        }
    }

    fn client_id(&self) -> String {
        match &self.session.credentials {
            Credentials::ServiceAccount { client_id, .. } => client_id.clone(),
            _ => String::new(),
        }
    }

    fn on_token(&mut self, asked_at: SystemTime, response: &http::Response<Vec<u8>>) {
        let status = response.status().as_u16();
        if classify(status) != Retryable::Never && self.attempts < self.session.retry.max_attempts {
            self.state = State::Backoff {
                retry_after: retry_after(response),
                error: Some(Box::new(self.plain_error(response))),
            };
            return;
        }
        match oauth::parse_token_response(status, response.body()) {
            Ok(token) => {
                let expires_at = asked_at.checked_add(token.expires_in).unwrap_or(asked_at);
                self.auth().token = Some(HeldToken {
                    token: token.access_token,
                    expires_at,
                    lifetime: token.expires_in,
                });
                self.state = State::Ready;
            }
            Err(error) => self.finish(Err(AuthError::Token {
                client_id: self.client_id(),
                error,
            }
            .into())),
        }
    }

    fn on_response(&mut self, bearer: Option<Secret>, response: http::Response<Vec<u8>>) {
        let status = response.status().as_u16();
        let op = match &self.target {
            Target::Operation { op, version, .. } => Some((*op, *version)),
            Target::Raw { .. } => None,
            Target::Revoke => {
                let result = if response.status().is_success() {
                    self.auth().token = None;
                    Ok(Parsed::Empty)
                } else {
                    Err(self.plain_error(&response).into())
                };
                return self.finish(result);
            }
        };
        if status == 401 && self.on_unauthorized(bearer, &response) {
            return;
        }
        let retryable = match classify(status) {
            Retryable::NotProcessed => true,
            Retryable::MaybeProcessed => self.is_idempotent() || self.retry_non_idempotent,
            Retryable::Never => false,
        };
        if retryable {
            let ra = retry_after(&response);
            let too_long = ra.is_some_and(|ra| match ra {
                RetryAfter::Delay(d) => d > self.session.retry.max_retry_after,
                RetryAfter::At(_) => false,
            });
            let error = Box::new(self.plain_error(&response));
            if self.attempts < self.session.retry.max_attempts && !too_long {
                self.state = State::Backoff {
                    retry_after: ra,
                    error: Some(error),
                };
                return;
            }
            return self.finish(Err(Error::Retried {
                error,
                attempts: self.attempts,
            }));
        }
        let result = match op {
            Some((op, version)) => parse_response(op.id, &response)
                .map_err(|e| crate::error::version_gone(e, op, version)),
            None => self.parse_raw(response),
        };
        self.finish(result);
    }

    /// A response to a raw request: by its content type, since no operation says what it is.
    fn parse_raw(&self, response: http::Response<Vec<u8>>) -> Result<Parsed, Error> {
        if !response.status().is_success() {
            return Err(self.plain_error(&response).into());
        }
        let is_json = response
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.to_ascii_lowercase().contains("json"));
        let body = response.into_body();
        if body.is_empty() {
            return Ok(Parsed::Empty);
        }
        if is_json {
            if let Ok(v) = serde_json::from_slice(&body) {
                return Ok(Parsed::Json(v));
            }
        }
        Ok(match String::from_utf8(body) {
            Ok(text) => Parsed::Text(text),
            Err(e) => Parsed::Bytes(e.into_bytes()),
        })
    }

    /// Handles a 401; true when the request will be sent again.
    fn on_unauthorized(
        &mut self,
        bearer: Option<Secret>,
        response: &http::Response<Vec<u8>>,
    ) -> bool {
        match &self.session.credentials {
            Credentials::ApiKey { public_key, .. } => {
                let values: Vec<&str> = response
                    .headers()
                    .get_all(WWW_AUTHENTICATE)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .collect();
                let refused = |this: &Self| {
                    Error::from(AuthError::KeysRefused {
                        public_key: public_key.clone(),
                        error: Box::new(this.plain_error(response)),
                    })
                };
                if values.is_empty() {
                    let e = refused(self);
                    self.finish(Err(e));
                    return true;
                }
                let challenge = match Challenge::parse(values) {
                    Ok(c) => c,
                    Err(e) => {
                        self.finish(Err(AuthError::Challenge(e).into()));
                        return true;
                    }
                };
                if challenge.stale && self.stale_answered < MAX_STALE {
                    // Right keys, old nonce: answer again without counting it as a refusal.
                    self.stale_answered += 1;
                } else if self.challenge_answered {
                    let e = refused(self);
                    self.finish(Err(e));
                    return true;
                } else {
                    self.challenge_answered = true;
                }
                let mut auth = self.auth();
                // Calls racing the first challenge all receive the same nonce: keep its count
                // going, or two of them would sign with the same `nc` and one be a replay.
                let same_nonce = auth
                    .digest
                    .as_ref()
                    .is_some_and(|d| d.challenge.nonce == challenge.nonce && !challenge.stale);
                if !same_nonce {
                    auth.digest = Some(DigestNonce {
                        challenge,
                        nc: 0,
                        session_cnonce: None,
                    });
                }
                drop(auth);
                self.state = State::Ready;
                true
            }
            Credentials::ServiceAccount { .. } => {
                if !self.token_refreshed && says_token_expired(response) {
                    self.token_refreshed = true;
                    let mut auth = self.auth();
                    // Another call may already have replaced the token; only drop the one we sent.
                    if auth.token.as_ref().map(|t| &t.token) == bearer.as_ref() {
                        auth.token = None;
                    }
                    drop(auth);
                    self.state = State::Ready;
                    return true;
                }
                let e = AuthError::TokenRefused {
                    error: Box::new(self.plain_error(response)),
                };
                self.finish(Err(e.into()));
                true
            }
            Credentials::Bearer(_) => {
                let e = AuthError::TokenRefused {
                    error: Box::new(self.plain_error(response)),
                };
                self.finish(Err(e.into()));
                true
            }
            Credentials::None => false,
        }
    }

    fn plain_error(&self, response: &http::Response<Vec<u8>>) -> ApiError {
        let ct = response
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        api_error(
            response.status().as_u16(),
            ct,
            retry_after(response),
            response.body(),
        )
    }
}

fn retry_after(response: &http::Response<Vec<u8>>) -> Option<RetryAfter> {
    response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(RetryAfter::parse)
}

/// A 401 that blames the token's age rather than the account: RFC 6750's `invalid_token` in
/// `WWW-Authenticate`, or an error body that says the token expired.
fn says_token_expired(response: &http::Response<Vec<u8>>) -> bool {
    let in_header = response
        .headers()
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.len() <= 4096 && v.to_ascii_lowercase().contains("invalid_token"));
    let body = &response.body()[..response.body().len().min(4096)];
    let text = String::from_utf8_lossy(body).to_ascii_lowercase();
    in_header || text.contains("expired")
}

/// Puts a credential in `Authorization`, marked sensitive so HTTP stacks keep it out of logs.
fn set_authorization(
    req: &mut http::Request<Vec<u8>>,
    value: &str,
    what: &str,
) -> Result<(), AuthError> {
    let mut v = HeaderValue::from_str(value).map_err(|_| AuthError::Unsendable {
        problem: format!("{what} holds characters a header cannot carry"),
    })?;
    v.set_sensitive(true);
    req.headers_mut().insert(AUTHORIZATION, v);
    Ok(())
}
