//! One request carried to its end. Only the transitions live here; what credentials do is
//! `auth::flow`, whether to retry is `retry`, what a reply means is `response`.
//!
//! ```text
//!            ┌──────────── token fetched ◀──── AwaitingToken ◀── no fresh token ──┐
//!            ▼                                                                     │
//!  ──▶ Ready ──── send (signed, or unsigned to learn a challenge) ──▶ AwaitingResponse
//!        ▲  ▲                                                          │   │    │
//!        │  └──── 401 answered (challenge, stale nonce, expired token) ┘   │    │
//!        │                                                                 │    │
//!        └── wait over ── Backoff ◀── 429/503, or 5xx/no answer if idempotent   │
//!                           │                                                   │
//!                           └── too long or attempts spent ──▶ Finished ◀── reply
//! ```
//!
//! | state            | input                 | next                                     |
//! |------------------|-----------------------|------------------------------------------|
//! | Ready            | `next`                | AwaitingToken (Send token request), AwaitingResponse (Send), Finished |
//! | AwaitingToken    | token reply           | Ready, Backoff, Finished                 |
//! | AwaitingResponse | reply                 | Ready (401 answered), Backoff, Finished  |
//! | AwaitingToken/Response | transport error | Backoff, Finished                        |
//! | Backoff          | `next`                | Wait, then Ready; Finished if the wait is too long |
//! | Finished         | `next`                | Done once, then `Misuse`                 |

use super::context::Context;
use crate::api_error::ApiError;
use crate::auth::flow::{Authorize, Tries, Unauthorized};
use crate::auth::Secret;
use crate::config::Config;
use crate::error::Error;
use crate::event::Event;
use crate::metadata::Metadata;
use crate::response::{
    api_error_of, classify, classify_unscanned, content_type_of, parse_parts, parse_raw,
    parse_response, retry_after_of, Parsed, Reply,
};
use crate::retry::{Decision, Failure, RetryPolicy};
use crate::spec::{Operation, Version};
use crate::RetryAfter;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// What the host must do next for a call.
#[derive(Debug)]
pub enum Action {
    /// Send this request and feed back its response (`feed_response`) or the failure to get
    /// one (`feed_transport_error`).
    Send(http::Request<Vec<u8>>),
    /// Sleep this long, then ask again.
    Wait(Duration),
    /// The items (`results`) of one page of a paging call (never empty); ask again for more.
    Items(Vec<Value>),
    /// The call is over. A paging call ends with `Ok(Parsed::Empty)` after its last items.
    Done(Result<Parsed, Error>),
}

/// How a call hands back a JSON success.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonReply {
    /// Read by the core ([`Parsed::Json`]).
    Tree,
    /// As bytes for the host's parser ([`Parsed::JsonText`]), checked by the core's one pass
    /// over them ([`classify`]).
    Checked,
    /// As bytes the core has not read ([`classify_unscanned`]): the host's parser checks them,
    /// and gives back to [`Exchange::reread`] what it refuses or finds to be an envelope.
    Unchecked,
}

impl JsonReply {
    /// What the session's host asked for (`Config::host_parses_json`, `host_checks_json`).
    pub(crate) fn of(config: &Config) -> JsonReply {
        match (config.host_parses_json, config.host_checks_json) {
            (false, _) => JsonReply::Tree,
            (true, false) => JsonReply::Checked,
            (true, true) => JsonReply::Unchecked,
        }
    }
}

pub(crate) enum Target {
    Operation {
        op: &'static Operation,
        version: &'static Version,
        request: http::Request<Vec<u8>>,
        json: JsonReply,
    },
    /// A request built by the caller (an endpoint the spec lacks); read by content type.
    Raw {
        request: http::Request<Vec<u8>>,
    },
    Revoke,
    /// The request could not be built; the exchange starts finished.
    Unbuilt,
}

enum State {
    Ready,
    AwaitingToken {
        asked_at: SystemTime,
    },
    AwaitingResponse {
        bearer: Option<Secret>,
        sent_at: SystemTime,
    },
    Backoff {
        retry_after: Option<RetryAfter>,
        error: Option<Box<ApiError>>,
    },
    Finished(Option<Result<Parsed, Error>>),
}

pub(crate) struct Exchange {
    ctx: Arc<Context>,
    target: Target,
    retry: RetryPolicy,
    retry_non_idempotent: bool,
    state: State,
    attempts: u32,
    fresh_attempt: bool,
    /// 429s in a row, for Atlas's advice to wait longer on each.
    throttled: u32,
    tries: Tries,
    events: Vec<Event>,
    metadata: Option<Metadata>,
}

impl Exchange {
    pub(crate) fn new(
        ctx: Arc<Context>,
        target: Target,
        retry: Option<&RetryPolicy>,
        retry_non_idempotent: bool,
    ) -> Self {
        let retry = retry.unwrap_or(&ctx.config.retry).clone();
        let retry_non_idempotent = retry_non_idempotent || retry.retry_non_idempotent;
        Exchange {
            ctx,
            target,
            retry,
            retry_non_idempotent,
            state: State::Ready,
            attempts: 0,
            fresh_attempt: true,
            throttled: 0,
            tries: Tries::default(),
            events: Vec::new(),
            metadata: None,
        }
    }

    pub(crate) fn failed(ctx: Arc<Context>, error: Error) -> Self {
        let mut e = Exchange::new(ctx, Target::Unbuilt, None, false);
        e.state = State::Finished(Some(Err(error)));
        e
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The operation called and the version chosen for it.
    pub(crate) fn operation_version(&self) -> Option<(&'static Operation, &'static Version)> {
        match &self.target {
            Target::Operation { op, version, .. } => Some((op, version)),
            _ => None,
        }
    }

    /// The request as built, before credentials: what an error report names.
    pub(crate) fn request(&self) -> Option<&http::Request<Vec<u8>>> {
        match &self.target {
            Target::Operation { request, .. } | Target::Raw { request } => Some(request),
            Target::Revoke | Target::Unbuilt => None,
        }
    }

    /// What events and logs call this exchange.
    pub(crate) fn label(&self) -> &'static str {
        match &self.target {
            Target::Operation { op, .. } => op.id,
            Target::Raw { .. } => "request",
            Target::Revoke => "revokeToken",
            Target::Unbuilt => "",
        }
    }

    /// Keeps an event for the host; with the `log` feature, also hands it to the `log` facade.
    fn record(&mut self, event: Event) {
        #[cfg(feature = "log")]
        event.log();
        self.events.push(event);
    }

    pub(crate) fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    pub(crate) fn metadata(&self) -> Option<&Metadata> {
        self.metadata.as_ref()
    }

    /// The body of this call's last reply, an unchecked JSON success the host's parser refused
    /// (or found to be an envelope), read as [`parse_response`] reads any reply.
    pub(crate) fn reread(&self, body: &[u8]) -> Result<Parsed, Error> {
        let (Target::Operation { op, version, .. }, Some(metadata)) =
            (&self.target, &self.metadata)
        else {
            return Err(Error::Misuse(
                "reread() is for the reply to an operation".into(),
            ));
        };
        let content_type = metadata.header("content-type").unwrap_or("");
        parse_parts(op, metadata.status, content_type, None, body)
            .map_err(|e| crate::error::version_gone(e, op, version))
    }

    fn is_done(&self) -> bool {
        matches!(self.state, State::Finished(_))
    }

    fn finish(&mut self, result: Result<Parsed, Error>) {
        self.state = State::Finished(Some(result));
    }

    fn done_now(&mut self, result: Result<Parsed, Error>) -> Action {
        self.state = State::Finished(None);
        Action::Done(result)
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
            Target::Revoke | Target::Unbuilt => true,
        }
    }

    fn may_repeat(&self) -> bool {
        self.is_idempotent() || self.retry_non_idempotent
    }

    pub(crate) fn next(&mut self, now: SystemTime, random: u64) -> Action {
        match std::mem::replace(&mut self.state, State::Ready) {
            State::Finished(result) => self.done_now(
                result.unwrap_or_else(|| Err(Error::Misuse("next() called after Done".into()))),
            ),
            State::AwaitingToken { .. } | State::AwaitingResponse { .. } => self.done_now(Err(
                Error::Misuse("next() called before the response to the last Send was fed".into()),
            )),
            State::Backoff { retry_after, error } => {
                let delay =
                    self.retry
                        .wait(self.attempts, retry_after, now, random, self.throttled);
                if let Some(error) = error.filter(|_| delay > self.retry.max_retry_after) {
                    let attempts = self.attempts;
                    return self.done_now(Err(Error::Retried { error, attempts }));
                }
                self.fresh_attempt = true;
                if delay.is_zero() {
                    return self.send(now, random);
                }
                let reason = match (self.throttled, retry_after) {
                    (1.., _) => "Atlas's rate limit",
                    (0, Some(_)) => "the server's Retry-After",
                    (0, None) => "back-off",
                };
                self.record(Event::Waiting {
                    operation: self.label(),
                    seconds: delay.as_secs_f64(),
                    reason: reason.into(),
                });
                Action::Wait(delay)
            }
            State::Ready => self.send(now, random),
        }
    }

    fn send(&mut self, now: SystemTime, random: u64) -> Action {
        if let Some((delay, set)) = self.rate_limit_wait(now) {
            self.record(Event::Waiting {
                operation: self.label(),
                seconds: delay.as_secs_f64(),
                reason: format!("the rate limit of {set}: no requests left until it refills"),
            });
            return Action::Wait(delay);
        }
        if self.fresh_attempt {
            self.attempts += 1;
            self.fresh_attempt = false;
        }
        let ctx = self.ctx.clone();
        let base = match ctx.checked.base_url() {
            Ok(b) => b,
            Err(e) => return self.done_now(Err(e.into())),
        };
        let auth = ctx.authenticator(base);
        let mut req = match &self.target {
            Target::Operation { request, .. } | Target::Raw { request } => clone_request(request),
            Target::Revoke => match auth.revoke_request() {
                Ok(Some(r)) => r,
                Ok(None) => return self.done_now(Ok(Parsed::Empty)),
                Err(e) => return self.done_now(Err(e.into())),
            },
            Target::Unbuilt => return self.done_now(Err(Error::Misuse("nothing to send".into()))),
        };
        let authorized = match &self.target {
            // Revoking carries the client's own Basic credentials; an anonymous operation none.
            Target::Revoke => Ok(Authorize::Send { bearer: None }),
            Target::Operation { op, .. } if op.anonymous => Ok(Authorize::Send { bearer: None }),
            _ => auth.authorize(&mut req, now, random),
        };
        match authorized {
            Ok(Authorize::Send { bearer }) => {
                self.state = State::AwaitingResponse {
                    bearer,
                    sent_at: now,
                };
            }
            Ok(Authorize::FetchToken(fetch)) => {
                self.state = State::AwaitingToken { asked_at: now };
                req = *fetch;
            }
            Err(e) => return self.done_now(Err(e.into())),
        }
        self.record(Event::RequestSent {
            operation: self.label(),
            method: req.method().to_string(),
            url: req.uri().to_string(),
            attempt: self.attempts,
        });
        Action::Send(req)
    }

    pub(crate) fn feed_response(&mut self, response: http::Response<Vec<u8>>) {
        let awaiting = matches!(
            self.state,
            State::AwaitingToken { .. } | State::AwaitingResponse { .. }
        );
        if awaiting {
            self.record(Event::ReplyReceived {
                operation: self.label(),
                status: response.status().as_u16(),
                attempt: self.attempts,
            });
        }
        match std::mem::replace(&mut self.state, State::Ready) {
            State::AwaitingToken { asked_at } => self.on_token(asked_at, &response),
            State::AwaitingResponse { bearer, sent_at } => {
                self.on_response(bearer, sent_at, response)
            }
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
                self.throttled = 0;
                // A token request is safe to repeat, whatever the call's method.
                let idempotent = self.may_repeat();
                match self
                    .retry
                    .decide(Failure::Transport, idempotent, self.attempts, None)
                {
                    Decision::Retry => self.back_off(None, None, &message),
                    Decision::GiveUp | Decision::Final => self.finish(Err(Error::Transport {
                        message,
                        attempts: self.attempts,
                    })),
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

    fn back_off(
        &mut self,
        retry_after: Option<RetryAfter>,
        error: Option<Box<ApiError>>,
        why: &str,
    ) {
        self.record(Event::Retrying {
            operation: self.label(),
            attempt: self.attempts + 1,
            reason: why.to_owned(),
        });
        self.state = State::Backoff { retry_after, error };
    }

    fn on_token(&mut self, asked_at: SystemTime, response: &http::Response<Vec<u8>>) {
        let status = response.status().as_u16();
        let refusal = refusal_of(response);
        let retry_after = refusal.as_ref().and_then(|e| e.retry_after);
        self.count_throttled(status);
        // Asking for a token is always safe to repeat.
        let decision = self
            .retry
            .decide(Failure::Status(status), true, self.attempts, retry_after);
        if let (Decision::Retry, Some(error)) = (decision, refusal) {
            let why = format!("the token endpoint answered {status}");
            return self.back_off(retry_after, Some(error), &why);
        }
        let ctx = self.ctx.clone();
        let auth = ctx.authenticator("");
        match auth.on_token(asked_at, status, response.body()) {
            Ok(lifetime) => {
                self.record(Event::TokenFetched {
                    client_id: auth.client_id(),
                    expires_in_seconds: lifetime.as_secs_f64(),
                });
                self.state = State::Ready;
            }
            Err(e) => self.finish(Err(e.into())),
        }
    }

    fn on_response(
        &mut self,
        bearer: Option<Secret>,
        sent_at: SystemTime,
        response: http::Response<Vec<u8>>,
    ) {
        let status = response.status().as_u16();
        let metadata = Metadata::of(self.label(), &response, self.attempts);
        let refusal = refusal_of(&response);
        self.observe_rate_limit(sent_at, &metadata, refusal.as_deref());
        self.metadata = Some(metadata);
        if let Target::Revoke = self.target {
            let result = if response.status().is_success() {
                self.ctx.authenticator("").forget_token();
                Ok(Parsed::Empty)
            } else {
                Err(api_error_of(&response).into())
            };
            return self.finish(result);
        }
        if status == 401 {
            let ctx = self.ctx.clone();
            let error = api_error_of(&response);
            match ctx.authenticator("").on_unauthorized(
                &mut self.tries,
                bearer.as_ref(),
                &response,
                error,
            ) {
                Unauthorized::Resend => return self.state = State::Ready,
                Unauthorized::Fail(e) => return self.finish(Err(e.into())),
                Unauthorized::NotMine => {}
            }
        }
        let retry_after = refusal.as_ref().and_then(|e| e.retry_after);
        self.count_throttled(status);
        let decision = self.retry.decide(
            Failure::Status(status),
            self.may_repeat(),
            self.attempts,
            retry_after,
        );
        match (decision, refusal) {
            (Decision::Retry, Some(error)) => {
                let why = format!("{status} {}", reason_phrase(status));
                self.back_off(retry_after, Some(error), &why)
            }
            // A retryable status was read once already (`refusal`); it is the error given up on.
            (Decision::Retry | Decision::GiveUp, refusal) => self.finish(Err(Error::Retried {
                error: refusal.unwrap_or_else(|| Box::new(api_error_of(&response))),
                attempts: self.attempts,
            })),
            (Decision::Final, _) => {
                let result = match &self.target {
                    Target::Operation {
                        op, version, json, ..
                    } => read_reply(op, *json, response)
                        .map_err(|e| crate::error::version_gone(e, op, version)),
                    _ => parse_raw(response),
                };
                self.finish(result)
            }
        }
    }
}

impl Exchange {
    /// How long the session's count of this operation's rate-limit bucket says to wait first.
    fn rate_limit_wait(&self, now: SystemTime) -> Option<(Duration, String)> {
        let Target::Operation { op, request, .. } = &self.target else {
            return None;
        };
        self.ctx
            .rate_limits()
            .wait_before(op.id, request.uri().path(), now)
    }

    /// Tells the session's rate-limit count what a reply said of its bucket.
    fn observe_rate_limit(
        &self,
        sent_at: SystemTime,
        metadata: &Metadata,
        refusal: Option<&ApiError>,
    ) {
        let Target::Operation { op, request, .. } = &self.target else {
            return;
        };
        let bucket = refusal.and_then(ApiError::token_bucket);
        let remaining = metadata.rate_limit.and_then(|r| r.remaining);
        self.ctx.rate_limits().observe(
            op.id,
            request.uri().path(),
            sent_at,
            remaining,
            bucket.as_ref(),
        );
    }

    fn count_throttled(&mut self, status: u16) {
        self.throttled = if status == 429 { self.throttled + 1 } else { 0 };
    }
}

/// A reply that may be retried, read as an error (its `Retry-After`, from the header or a
/// token bucket's body); `None` for any other status, whose body is not read here.
fn refusal_of(response: &http::Response<Vec<u8>>) -> Option<Box<ApiError>> {
    let retryable = crate::retry::classify(response.status().as_u16());
    (retryable != crate::retry::Retryable::Never).then(|| Box::new(api_error_of(response)))
}

/// The reply to an operation: parsed by the core, or JSON handed over as it is.
fn read_reply(
    op: &'static Operation,
    json: JsonReply,
    response: http::Response<Vec<u8>>,
) -> Result<Parsed, Error> {
    let classify = match json {
        JsonReply::Tree => return parse_response(op.id, &response),
        JsonReply::Checked => classify,
        JsonReply::Unchecked => classify_unscanned,
    };
    let (status, content_type) = (response.status().as_u16(), content_type_of(&response));
    let reply = classify(
        op,
        status,
        content_type,
        retry_after_of(&response),
        response.body(),
    )?;
    Ok(match reply {
        Reply::JsonAsIs(_) => Parsed::JsonText(response.into_body()),
        Reply::Parsed(parsed) => parsed,
    })
}

fn reason_phrase(status: u16) -> &'static str {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

pub(super) fn clone_request(r: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut out = http::Request::new(r.body().clone());
    *out.method_mut() = r.method().clone();
    *out.uri_mut() = r.uri().clone();
    *out.version_mut() = r.version();
    *out.headers_mut() = r.headers().clone();
    out
}
