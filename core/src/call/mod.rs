//! The call state machine a host drives: ask for the next action, perform it, feed back what
//! happened, until done. One handle type for a single request, a walk through pages, and a
//! collected list.

pub(crate) mod context;
mod exchange;
mod pages;
mod wait;

pub use exchange::Action;
pub(crate) use exchange::JsonReply;
pub use wait::{WaitGoal, WaitOptions};

use crate::config::CallOptions;
use crate::error::Error;
use crate::event::Event;
use crate::metadata::Metadata;
use crate::request::build;
use crate::response::Parsed;
use context::Context;
use exchange::{Exchange, Target};
use pages::Pages;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use wait::Wait;

/// One API call in flight, driven by the host. Time and randomness come from the host, so the
/// same inputs always give the same requests.
///
/// A binding's whole loop, here with a stand-in transport:
///
/// ```
/// use atlas_admin::{Action, Config, Credentials, Session};
/// use serde_json::json;
/// use std::time::SystemTime;
///
/// # fn send(req: &http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, String> {
/// #     Ok(http::Response::builder().status(200)
/// #         .header("content-type", "application/vnd.atlas.2023-01-01+json")
/// #         .body(br#"{"results":[],"totalCount":0}"#.to_vec()).unwrap())
/// # }
/// # fn sleep(_: std::time::Duration) {}
/// # fn random() -> u64 { 4 }
/// let session = Session::new(Config::default(), Credentials::api_key("pub", "priv"));
/// let mut call = session.call("listProjects", &json!({}), None);
/// let result = loop {
///     match call.next(SystemTime::now(), random()) {
///         Action::Send(request) => match send(&request) {
///             Ok(response) => call.feed_response(response),
///             Err(message) => call.feed_transport_error(message),
///         },
///         Action::Wait(delay) => sleep(delay),
///         Action::Items(_) => unreachable!("only a paging call yields items"),
///         Action::Done(result) => break result,
///     }
/// };
/// assert_eq!(result.unwrap().as_json().unwrap()["totalCount"], 0);
/// ```
pub struct Call {
    kind: Kind,
    timeout: Option<Duration>,
}

enum Kind {
    Single(Box<Exchange>),
    Pages(Box<Pages>),
    Collect {
        pages: Box<Pages>,
        items: Vec<Value>,
        cap: usize,
        done: bool,
    },
    Wait(Box<Wait>),
}

/// The exchange for one call of `operation_id`. The request is built (and checked) at once: a
/// bad parameter makes the first `next()` return `Done(Err(Error::Build(..)))` without I/O.
pub(crate) fn exchange_for(
    ctx: &Arc<Context>,
    operation_id: &str,
    params: &Value,
    body: Option<&Value>,
    options: &CallOptions,
    json: JsonReply,
) -> Exchange {
    match build(
        &ctx.config,
        &ctx.checked,
        operation_id,
        params,
        body,
        options,
    ) {
        Ok((op, version, request)) => Exchange::new(
            ctx.clone(),
            Target::Operation {
                op,
                version,
                request,
                json,
            },
            options.retry.as_ref(),
            options.retry_non_idempotent,
        ),
        Err(e) => Exchange::failed(ctx.clone(), e.into()),
    }
}

impl Call {
    fn timeout_of(ctx: &Context, options: Option<&CallOptions>) -> Option<Duration> {
        options.and_then(|o| o.timeout).or(ctx.config.timeout)
    }

    /// One request; `json` says how its JSON success is handed back.
    pub(crate) fn single(
        ctx: &Arc<Context>,
        operation_id: &str,
        params: &Value,
        body: Option<&Value>,
        options: &CallOptions,
        json: JsonReply,
    ) -> Call {
        Call {
            kind: Kind::Single(Box::new(exchange_for(
                ctx,
                operation_id,
                params,
                body,
                options,
                json,
            ))),
            timeout: Call::timeout_of(ctx, Some(options)),
        }
    }

    pub(crate) fn raw(ctx: &Arc<Context>, request: http::Request<Vec<u8>>) -> Call {
        let exchange = Exchange::new(ctx.clone(), Target::Raw { request }, None, false);
        Call {
            kind: Kind::Single(Box::new(exchange)),
            timeout: Call::timeout_of(ctx, None),
        }
    }

    pub(crate) fn revoke(ctx: &Arc<Context>) -> Call {
        let exchange = Exchange::new(ctx.clone(), Target::Revoke, None, false);
        Call {
            kind: Kind::Single(Box::new(exchange)),
            timeout: Call::timeout_of(ctx, None),
        }
    }

    pub(crate) fn pages(
        ctx: &Arc<Context>,
        operation_id: &str,
        params: &Value,
        options: &CallOptions,
    ) -> Call {
        Call {
            kind: Kind::Pages(Box::new(Pages::new(
                ctx.clone(),
                operation_id,
                params,
                options,
            ))),
            timeout: Call::timeout_of(ctx, Some(options)),
        }
    }

    pub(crate) fn collect(
        ctx: &Arc<Context>,
        operation_id: &str,
        params: &Value,
        options: &CallOptions,
        cap: usize,
    ) -> Call {
        Call {
            kind: Kind::Collect {
                pages: Box::new(Pages::new(ctx.clone(), operation_id, params, options)),
                items: Vec::new(),
                cap,
                done: false,
            },
            timeout: Call::timeout_of(ctx, Some(options)),
        }
    }

    /// The call of `operation_id`, then the wait its spec watcher describes.
    pub(crate) fn and_wait(
        ctx: &Arc<Context>,
        operation_id: &str,
        params: &Value,
        body: Option<&Value>,
        options: &CallOptions,
        wait: &WaitOptions,
    ) -> Call {
        let waiting = Wait::after_call(ctx, operation_id, params, body, options, wait);
        Call::waiting(ctx, waiting, options)
    }

    /// A wait on any GET operation until `goal`.
    pub(crate) fn wait_until(
        ctx: &Arc<Context>,
        operation_id: &str,
        params: &Value,
        goal: WaitGoal,
        options: &CallOptions,
        wait: &WaitOptions,
    ) -> Call {
        let waiting = Wait::until(ctx, operation_id, params, goal, options, wait);
        Call::waiting(ctx, waiting, options)
    }

    fn waiting(ctx: &Context, waiting: Wait, options: &CallOptions) -> Call {
        Call {
            kind: Kind::Wait(Box::new(waiting)),
            timeout: Call::timeout_of(ctx, Some(options)),
        }
    }

    /// The next thing to do. `now` is the host's clock; `random` any random number (it seeds
    /// the Digest client nonce and back-off jitter). After `Done`, further calls return
    /// `Done(Err(Error::Misuse))`.
    pub fn next(&mut self, now: SystemTime, random: u64) -> Action {
        match &mut self.kind {
            Kind::Single(exchange) => exchange.next(now, random),
            Kind::Pages(pages) => pages.next(now, random),
            Kind::Wait(wait) => wait.next(now, random),
            Kind::Collect {
                pages,
                items,
                cap,
                done,
            } => loop {
                if *done {
                    return Action::Done(Err(Error::Misuse("next() called after Done".into())));
                }
                match pages.next(now, random) {
                    Action::Items(page) => {
                        if items.len().saturating_add(page.len()) > *cap {
                            *done = true;
                            return Action::Done(Err(Error::TooManyItems {
                                operation: pages.operation_id(),
                                cap: *cap,
                            }));
                        }
                        items.extend(page);
                    }
                    Action::Done(result) => {
                        *done = true;
                        return Action::Done(
                            result.map(|_| Parsed::Json(Value::Array(std::mem::take(items)))),
                        );
                    }
                    other => return other,
                }
            },
        }
    }

    /// The response to the last `Send`.
    pub fn feed_response(&mut self, response: http::Response<Vec<u8>>) {
        match &mut self.kind {
            Kind::Single(exchange) => exchange.feed_response(response),
            Kind::Pages(pages) | Kind::Collect { pages, .. } => pages.feed_response(response),
            Kind::Wait(wait) => wait.feed_response(response),
        }
    }

    /// The last `Send` got no response; `message` says why (it ends up in the error).
    pub fn feed_transport_error(&mut self, message: impl Into<String>) {
        let message = message.into();
        match &mut self.kind {
            Kind::Single(exchange) => exchange.feed_transport_error(message),
            Kind::Pages(pages) | Kind::Collect { pages, .. } => pages.feed_transport_error(message),
            Kind::Wait(wait) => wait.feed_transport_error(message),
        }
    }

    /// Attempts made so far (the first included; authentication round trips are part of an
    /// attempt, not new ones). For paging, summed over pages.
    pub fn attempts(&self) -> u32 {
        match &self.kind {
            Kind::Single(exchange) => exchange.attempts(),
            Kind::Pages(pages) | Kind::Collect { pages, .. } => pages.attempts(),
            Kind::Wait(wait) => wait.attempts(),
        }
    }

    /// Pages received so far (0 for a call that does not page).
    pub fn pages_seen(&self) -> u64 {
        match &self.kind {
            Kind::Single(_) | Kind::Wait(_) => 0,
            Kind::Pages(pages) | Kind::Collect { pages, .. } => pages.pages(),
        }
    }

    /// Items received so far (0 for a call that does not page).
    pub fn items_seen(&self) -> u64 {
        match &self.kind {
            Kind::Single(_) | Kind::Wait(_) => 0,
            Kind::Pages(pages) | Kind::Collect { pages, .. } => pages.items_seen(),
        }
    }

    /// How long one exchange may take (the call's option, else the client's), for the host's
    /// transport to enforce.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// What the call did since the last time this was asked (see [`Event`]); a binding drains
    /// it after each step and routes it to its logging.
    pub fn take_events(&mut self) -> Vec<Event> {
        match &mut self.kind {
            Kind::Single(exchange) => exchange.take_events(),
            Kind::Pages(pages) | Kind::Collect { pages, .. } => pages.take_events(),
            Kind::Wait(wait) => wait.take_events(),
        }
    }

    /// A JSON success handed over unread (`Config::host_checks_json`) that the host's parser
    /// refused, or found to be an object with a numeric [`crate::ENVELOPE_STATUS`] member: read
    /// here as the core reads any reply, so the host gets the core's `DecodeError` (or the
    /// unwrapped value) with this call's operation and status.
    pub fn reread(&self, body: &[u8]) -> Result<Parsed, Error> {
        match &self.kind {
            Kind::Single(exchange) => exchange.reread(body),
            _ => Err(Error::Misuse(
                "reread() is for a single call's JSON success".into(),
            )),
        }
    }

    /// Facts about the last reply (status, headers, version served, attempts, rate limits);
    /// `None` before any reply.
    pub fn metadata(&self) -> Option<&Metadata> {
        match &self.kind {
            Kind::Single(exchange) => exchange.metadata(),
            Kind::Pages(pages) | Kind::Collect { pages, .. } => pages.metadata(),
            Kind::Wait(wait) => wait.metadata(),
        }
    }

    /// What this call does that works today and may not tomorrow, on the host's date `now`:
    /// an operation Atlas no longer lists, a version past its sunset. Known from the start (a
    /// binding reports them once, before sending); empty for raw requests and revocations.
    pub fn warnings(&self, now: SystemTime) -> Vec<crate::Warning> {
        let target = match &self.kind {
            Kind::Single(exchange) => exchange.operation_version(),
            Kind::Pages(pages) | Kind::Collect { pages, .. } => pages.operation_version(),
            Kind::Wait(wait) => wait.operation_version(),
        };
        target.map_or_else(Vec::new, |(op, version)| {
            crate::warning::warnings(op, version, now)
        })
    }

    /// The operation called; empty for a token revocation or a call that could not be built.
    pub fn operation_id(&self) -> &'static str {
        match &self.kind {
            Kind::Single(exchange) => exchange.label(),
            Kind::Pages(pages) | Kind::Collect { pages, .. } => pages.operation_id(),
            Kind::Wait(wait) => wait.operation_id(),
        }
    }

    /// The method and URL of the request in flight (or last sent), for error reports: never a
    /// header, so never a credential.
    pub fn method_and_url(&self) -> Option<(String, String)> {
        let request = match &self.kind {
            Kind::Single(exchange) => exchange.request(),
            Kind::Pages(pages) | Kind::Collect { pages, .. } => pages.request(),
            Kind::Wait(wait) => wait.request(),
        }?;
        Some((request.method().to_string(), request.uri().to_string()))
    }
}

impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.operation_id())
            .field("attempts", &self.attempts())
            .finish_non_exhaustive()
    }
}
