//! Waiting for what a call started (a cluster created, a snapshot taken, a cluster deleted),
//! sans-IO: the call, then a GET polled until its reply says the work is over.
//!
//! ```text
//!  Starting ──ok──▶ Sleeping ──time──▶ Polling ──┬── end state in `done` ──▶ Done(Ok(reply))
//!     │                ▲                          ├── end state in `failed` ─▶ Done(Err(WaitFailed))
//!     └──err──▶ Done   └──── other state, 5xx, ───┤
//!                            429, no reply, 404   └── any other error ──────▶ Done(Err(error))
//!                            before first seen
//!  (past the deadline, from Sleeping or a poll's own back-off) ──────────────▶ Done(Err(WaitTimedOut))
//! ```
//!
//! Each poll is an ordinary exchange, so it authenticates and retries as any call does; the
//! waiter decides only between polls. Intervals grow by half up to `maxInterval`, and no wait
//! runs past the deadline, which starts when the first call has succeeded.

use super::context::Context;
use super::exchange::{Action, Exchange, JsonReply};
use crate::build_error::BuildError;
use crate::config::CallOptions;
use crate::error::{DecodeError, Error};
use crate::event::Event;
use crate::metadata::Metadata;
use crate::response::Parsed;
use crate::spec::{Until, WatchSource};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// How long and how often to poll. Durations are seconds in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct WaitOptions {
    /// The longest the wait may take, from the end of the call that started the work.
    #[serde(with = "crate::seconds")]
    pub timeout: Duration,
    /// The first pause before polling; each next one is half as long again.
    #[serde(with = "crate::seconds")]
    pub interval: Duration,
    /// The longest pause between polls.
    #[serde(with = "crate::seconds")]
    pub max_interval: Duration,
}

impl WaitOptions {
    /// `WaitOptions` from a binding's JSON (empty text: the defaults); a refused value is
    /// `InvalidConfig` naming the field.
    pub fn from_json(json: &[u8]) -> Result<WaitOptions, BuildError> {
        crate::config::from_json("wait", json)
    }
}

impl WaitGoal {
    /// A `WaitGoal` from a binding's JSON; what serde refuses is `InvalidConfig`.
    pub fn from_json(json: &[u8]) -> Result<WaitGoal, BuildError> {
        serde_json::from_slice(json).map_err(|e| BuildError::InvalidConfig {
            field: "goal",
            problem: format!("is not valid: {e}"),
        })
    }
}

impl Default for WaitOptions {
    /// An hour (a sharded cluster can take most of one), polling after 5 s, at most every 60 s.
    fn default() -> Self {
        WaitOptions {
            timeout: Duration::from_secs(3600),
            interval: Duration::from_secs(5),
            max_interval: Duration::from_secs(60),
        }
    }
}

/// What ends a wait, owned (a spec watcher's, or one a caller gave). Bindings send it as JSON:
/// `{"state": {"path": "stateName", "done": ["IDLE"], "failed": []}}` or `{"status": 404}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum WaitGoal {
    /// The member at the dotted `path` (`stateName`) reaches a value of `done`; one of
    /// `failed` ends the wait as a failure.
    State {
        path: String,
        done: Vec<String>,
        #[serde(default)]
        failed: Vec<String>,
    },
    /// The GET answers this status (404 once a delete is over).
    Status(u16),
}

impl From<&Until> for WaitGoal {
    fn from(until: &Until) -> Self {
        let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        match *until {
            Until::State { path, done, failed } => WaitGoal::State {
                path: path.into(),
                done: owned(done),
                failed: owned(failed),
            },
            Until::Status(code) => WaitGoal::Status(code),
        }
    }
}

/// What one poll's outcome means for the wait.
enum Verdict {
    Over(Result<Parsed, Error>),
    /// Poll again; the reason is what the last poll saw.
    Again(String),
}

pub(crate) struct Wait {
    ctx: Arc<Context>,
    /// The operation called (or, for a plain wait, the one polled).
    label: &'static str,
    start: Option<Box<Exchange>>,
    /// The parameters given to the first call, for `WatchSource::Input`.
    input: Value,
    /// The operation called first, when its spec watcher says how to wait (the alias names
    /// of its parameters, and the watcher itself, are read from it).
    started: Option<&'static crate::spec::Operation>,
    polled: &'static str,
    poll_params: Value,
    poll_options: CallOptions,
    goal: WaitGoal,
    options: WaitOptions,
    interval: Duration,
    deadline: Option<SystemTime>,
    next_poll_at: Option<SystemTime>,
    poll: Option<Box<Exchange>>,
    /// Whether a poll has read the resource yet (a 404 before that is "not visible yet").
    seen: bool,
    last_state: Option<String>,
    attempts: u32,
    events: Vec<Event>,
    metadata: Option<Metadata>,
    last_request: Option<http::Request<Vec<u8>>>,
    finished: Option<Option<Result<Parsed, Error>>>,
}

impl Wait {
    /// The call of `operation_id`, then the wait its spec watcher describes.
    pub(crate) fn after_call(
        ctx: &Arc<Context>,
        operation_id: &str,
        params: &Value,
        body: Option<&Value>,
        options: &CallOptions,
        wait: &WaitOptions,
    ) -> Wait {
        let start = super::exchange_for(ctx, operation_id, params, body, options, JsonReply::Tree);
        let op = crate::catalog::find(operation_id).ok();
        let watcher = op.and_then(|op| op.watcher);
        let mut w = Wait::new(ctx, start.label(), options, wait);
        w.start = Some(Box::new(start));
        w.input = params.clone();
        match (op, watcher) {
            (Some(op), Some(watcher)) => {
                w.started = Some(op);
                w.polled = watcher.operation;
                w.goal = WaitGoal::from(&watcher.until);
                w.poll_options.version = Some(watcher.version.to_owned());
            }
            // An unknown name: the first call's own build error says so.
            (None, _) => {}
            (Some(op), None) => {
                let error = BuildError::NoWatcher { operation: op.id };
                w.finished = Some(Some(Err(error.into())));
            }
        }
        w
    }

    /// A wait on any GET operation: poll it with `params` until `goal`.
    pub(crate) fn until(
        ctx: &Arc<Context>,
        operation_id: &str,
        params: &Value,
        goal: WaitGoal,
        options: &CallOptions,
        wait: &WaitOptions,
    ) -> Wait {
        let mut w = Wait::new(ctx, "", options, wait);
        match crate::catalog::find(operation_id) {
            Err(e) => w.finished = Some(Some(Err(e.into()))),
            Ok(op) if op.method != crate::spec::Method::Get => {
                let error = BuildError::NotPollable { operation: op.id };
                w.finished = Some(Some(Err(error.into())));
            }
            Ok(op) if matches!(&goal, WaitGoal::State { path, done, .. } if path.is_empty() || done.is_empty()) =>
            {
                let problem = "needs a path and at least one value that ends the wait".to_owned();
                let error = BuildError::InvalidConfig {
                    field: "goal",
                    problem,
                };
                w.label = op.id;
                w.finished = Some(Some(Err(error.into())));
            }
            Ok(op) => {
                w.label = op.id;
                w.polled = op.id;
                w.poll_params = params.clone();
                w.goal = goal;
            }
        }
        w
    }

    fn new(
        ctx: &Arc<Context>,
        label: &'static str,
        options: &CallOptions,
        wait: &WaitOptions,
    ) -> Wait {
        Wait {
            ctx: ctx.clone(),
            label,
            start: None,
            input: Value::Null,
            started: None,
            polled: "",
            poll_params: Value::Null,
            poll_options: options.clone(),
            goal: WaitGoal::Status(404),
            options: wait.clone(),
            interval: wait.interval,
            deadline: None,
            next_poll_at: None,
            poll: None,
            seen: false,
            last_state: None,
            attempts: 0,
            events: Vec::new(),
            metadata: None,
            last_request: None,
            finished: None,
        }
    }

    pub(crate) fn operation_id(&self) -> &'static str {
        self.label
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.attempts + self.current().map_or(0, |e| e.attempts())
    }

    fn current(&self) -> Option<&Exchange> {
        self.start.as_deref().or(self.poll.as_deref())
    }

    fn current_mut(&mut self) -> Option<&mut Exchange> {
        self.start.as_deref_mut().or(self.poll.as_deref_mut())
    }

    pub(crate) fn take_events(&mut self) -> Vec<Event> {
        if let Some(e) = self.current_mut() {
            let events = e.take_events();
            self.events.extend(events);
        }
        std::mem::take(&mut self.events)
    }

    pub(crate) fn metadata(&self) -> Option<&Metadata> {
        self.current()
            .and_then(Exchange::metadata)
            .or(self.metadata.as_ref())
    }

    pub(crate) fn request(&self) -> Option<&http::Request<Vec<u8>>> {
        self.current()
            .and_then(Exchange::request)
            .or(self.last_request.as_ref())
    }

    /// The first call's operation and version, for warnings.
    pub(crate) fn operation_version(
        &self,
    ) -> Option<(
        &'static crate::spec::Operation,
        &'static crate::spec::Version,
    )> {
        self.start.as_ref().and_then(|e| e.operation_version())
    }

    pub(crate) fn feed_response(&mut self, response: http::Response<Vec<u8>>) {
        match self.current_mut() {
            Some(e) => e.feed_response(response),
            None => self.misuse("feed_response() called without a Send waiting for it"),
        }
    }

    pub(crate) fn feed_transport_error(&mut self, message: String) {
        match self.current_mut() {
            Some(e) => e.feed_transport_error(message),
            None => self.misuse("feed_transport_error() called without a Send waiting for it"),
        }
    }

    fn misuse(&mut self, what: &str) {
        if self.finished.is_none() {
            self.finished = Some(Some(Err(Error::Misuse(what.into()))));
        }
    }

    /// Keeps what a finished exchange leaves behind (attempts, events, its last reply).
    fn absorb(&mut self, mut done: Box<Exchange>) {
        self.attempts += done.attempts();
        self.events.extend(done.take_events());
        self.metadata = done.metadata().cloned().or(self.metadata.take());
        if let Some(request) = done.request() {
            self.last_request = Some(super::exchange::clone_request(request));
        }
    }

    fn finish(&mut self, result: Result<Parsed, Error>) -> Action {
        self.finished = Some(None);
        Action::Done(result)
    }

    pub(crate) fn next(&mut self, now: SystemTime, random: u64) -> Action {
        loop {
            if let Some(result) = self.finished.as_mut() {
                let result = result
                    .take()
                    .unwrap_or_else(|| Err(Error::Misuse("next() called after Done".into())));
                return self.finish(result);
            }
            if let Some(start) = self.start.as_mut() {
                let parsed = match start.next(now, random) {
                    Action::Done(Ok(parsed)) => parsed,
                    Action::Done(Err(e)) => return self.finish(Err(e)),
                    other => return other,
                };
                let done = self.start.take().expect("the first call is in flight");
                self.absorb(done);
                if let Err(e) = self.resolve_params(&parsed) {
                    return self.finish(Err(e));
                }
                self.deadline = Some(later(now, self.options.timeout));
                return self.schedule(now, "the work has started".into());
            }
            let deadline = *self
                .deadline
                .get_or_insert(later(now, self.options.timeout));
            if let Some(poll) = self.poll.as_mut() {
                let outcome = match poll.next(now, random) {
                    Action::Done(outcome) => outcome,
                    // A poll's own back-off may not outlast the wait.
                    Action::Wait(d) if later(now, d) > deadline => return self.timed_out(),
                    other => return other,
                };
                let done = self.poll.take().expect("a poll is in flight");
                self.absorb(done);
                match self.judge(outcome) {
                    Verdict::Over(result) => return self.finish(result),
                    Verdict::Again(reason) => return self.schedule(now, reason),
                }
            }
            if now >= deadline {
                return self.timed_out();
            }
            if let Some(at) = self.next_poll_at {
                if let Ok(left) = at.duration_since(now) {
                    if !left.is_zero() {
                        return Action::Wait(left);
                    }
                }
            }
            self.next_poll_at = None;
            let poll = super::exchange_for(
                &self.ctx,
                self.polled,
                &self.poll_params,
                None,
                &self.poll_options,
                JsonReply::Tree,
            );
            self.poll = Some(Box::new(poll));
        }
    }

    /// Pauses before the next poll (never past the deadline), and says why.
    fn schedule(&mut self, now: SystemTime, reason: String) -> Action {
        let deadline = self.deadline.unwrap_or(now);
        let left = deadline.duration_since(now).unwrap_or_default();
        let pause = self.interval.min(left);
        if pause.is_zero() {
            return self.timed_out();
        }
        let longer = Duration::try_from_secs_f64(self.interval.as_secs_f64() * 1.5);
        self.interval = longer
            .unwrap_or(Duration::MAX)
            .min(self.options.max_interval);
        self.next_poll_at = Some(now + pause);
        self.events.push(Event::Waiting {
            operation: self.label,
            seconds: pause.as_secs_f64(),
            reason: format!("polling {}: {reason}", self.polled),
        });
        Action::Wait(pause)
    }

    fn timed_out(&mut self) -> Action {
        let error = Error::WaitTimedOut {
            polled: self.polled,
            after: self.options.timeout,
            last: self.last_state.take(),
        };
        self.finish(Err(error))
    }

    /// The polled GET's parameters, from the first call's parameters and reply.
    fn resolve_params(&mut self, reply: &Parsed) -> Result<(), Error> {
        let Some(watcher) = self.started.and_then(|op| op.watcher) else {
            return Ok(());
        };
        let mut params = Map::new();
        for (name, source) in watcher.params {
            let value = match source {
                WatchSource::Input(from) => self.input_param(from),
                WatchSource::Reply(path) => reply.as_json().and_then(|v| member(v, path)),
            };
            let value = value.ok_or_else(|| {
                let (what, problem) = match source {
                    WatchSource::Input(from) => ("call", format!("has no parameter `{from}`")),
                    WatchSource::Reply(path) => ("reply", format!("has no `{path}`")),
                };
                Error::Decode(DecodeError {
                    status: self.metadata.as_ref().map_or(0, |m| m.status),
                    content_type: String::new(),
                    problem: format!(
                        "the {what} {problem}, which polling {} for `{name}` needs",
                        self.polled
                    ),
                    snippet: String::new(),
                })
            })?;
            params.insert((*name).to_owned(), value.clone());
        }
        self.poll_params = Value::Object(params);
        Ok(())
    }

    /// A parameter the first call was given, by its name or one of its aliases.
    fn input_param(&self, name: &str) -> Option<&Value> {
        let aliases = self
            .started
            .and_then(|op| op.param(name))
            .map_or(&[][..], |p| p.aliases);
        std::iter::once(name)
            .chain(aliases.iter().copied())
            .find_map(|n| self.input.get(n))
    }

    /// What one poll's outcome means.
    fn judge(&mut self, outcome: Result<Parsed, Error>) -> Verdict {
        let outcome = match (&self.goal, outcome) {
            (WaitGoal::Status(code), Err(Error::Api(api))) if api.status == *code => {
                return Verdict::Over(Ok(Parsed::Empty));
            }
            (_, Err(e)) if transient(&e, self.seen) => {
                return Verdict::Again(format!("the last poll failed ({e})"));
            }
            (_, Err(e)) => return Verdict::Over(Err(e)),
            (_, Ok(parsed)) => parsed,
        };
        self.seen = true;
        let WaitGoal::State { path, done, failed } = &self.goal else {
            return Verdict::Again("it is still there".into());
        };
        let state = match outcome.as_json().and_then(|v| member(v, path)) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => return Verdict::Again(format!("its reply has no `{path}` yet")),
        };
        if done.contains(&state) {
            return Verdict::Over(Ok(outcome));
        }
        if failed.contains(&state) {
            let error = Error::WaitFailed {
                polled: self.polled,
                path: path.clone(),
                state,
            };
            return Verdict::Over(Err(error));
        }
        let reason = format!("{path} is {state}");
        self.last_state = Some(state);
        Verdict::Again(reason)
    }
}

/// `now + d`, or about 136 years on where that would overflow: a timeout given in seconds can be
/// any number, and no wait may panic on it.
fn later(now: SystemTime, d: Duration) -> SystemTime {
    let far = Duration::from_secs(1 << 32);
    now.checked_add(d.min(far)).unwrap_or(now)
}

/// Errors a wait rides out: no reply, Atlas busy or rate limiting, and a 404 before the
/// resource was first seen (a create is not always visible at once).
fn transient(error: &Error, seen: bool) -> bool {
    match error {
        Error::Transport { .. } | Error::Retried { .. } => true,
        Error::Api(api) => api.status >= 500 || api.status == 429 || (api.status == 404 && !seen),
        _ => false,
    }
}

/// The member at a dotted path (`stateName`, `status.phase`).
fn member<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(value, |v, key| v.get(key))
}
