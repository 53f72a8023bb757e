//! The call state machine a host drives: ask for the next action, perform it, feed back what
//! happened, until done.

pub(crate) mod exchange;

pub use exchange::Action;

use crate::error::Error;
use crate::paging::{PageStep, Pager};
use crate::response::Parsed;
use exchange::Exchange;
use serde_json::Value;
use std::time::SystemTime;

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
///         Action::Done(result) => break result,
///     }
/// };
/// assert_eq!(result.unwrap().as_json().unwrap()["totalCount"], 0);
/// ```
pub struct Call {
    kind: Kind,
}

enum Kind {
    One(Box<Exchange>),
    All {
        pager: Box<Pager>,
        items: Vec<Value>,
        cap: usize,
        done: bool,
    },
}

impl Call {
    pub(crate) fn one(exchange: Exchange) -> Call {
        Call {
            kind: Kind::One(Box::new(exchange)),
        }
    }

    pub(crate) fn collect(pager: Pager, cap: usize) -> Call {
        Call {
            kind: Kind::All {
                pager: Box::new(pager),
                items: Vec::new(),
                cap,
                done: false,
            },
        }
    }

    /// The next thing to do. `now` is the host's clock; `random` any random number (it seeds
    /// the Digest client nonce and back-off jitter). After `Done`, further calls return
    /// `Done(Err(Error::Misuse))`.
    pub fn next(&mut self, now: SystemTime, random: u64) -> Action {
        match &mut self.kind {
            Kind::One(exchange) => exchange.next(now, random),
            Kind::All {
                pager,
                items,
                cap,
                done,
            } => loop {
                if *done {
                    return Action::Done(Err(Error::Misuse("next() called after Done".into())));
                }
                match pager.next(now, random) {
                    PageStep::Send(r) => return Action::Send(r),
                    PageStep::Wait(d) => return Action::Wait(d),
                    PageStep::Items(page) => {
                        if items.len().saturating_add(page.len()) > *cap {
                            *done = true;
                            return Action::Done(Err(Error::TooManyItems {
                                operation: pager.operation_id(),
                                cap: *cap,
                            }));
                        }
                        items.extend(page);
                    }
                    PageStep::Done(result) => {
                        *done = true;
                        return Action::Done(
                            result.map(|()| Parsed::Json(Value::Array(std::mem::take(items)))),
                        );
                    }
                }
            },
        }
    }

    /// The response to the last `Send`.
    pub fn feed_response(&mut self, response: http::Response<Vec<u8>>) {
        match &mut self.kind {
            Kind::One(exchange) => exchange.feed_response(response),
            Kind::All { pager, .. } => pager.feed_response(response),
        }
    }

    /// The last `Send` got no response; `message` says why (it ends up in the error).
    pub fn feed_transport_error(&mut self, message: impl Into<String>) {
        match &mut self.kind {
            Kind::One(exchange) => exchange.feed_transport_error(message.into()),
            Kind::All { pager, .. } => pager.feed_transport_error(message),
        }
    }

    /// Attempts made so far (the first included; authentication round trips are part of an
    /// attempt, not new ones).
    pub fn attempts(&self) -> u32 {
        match &self.kind {
            Kind::One(exchange) => exchange.attempts(),
            Kind::All { pager, .. } => pager.attempts(),
        }
    }

    /// What this call does that works today and may not tomorrow, on the host's date `now`:
    /// an operation Atlas no longer lists, a version past its sunset. Known from the start (a
    /// binding reports them once, before sending); empty for raw requests and revocations.
    pub fn warnings(&self, now: SystemTime) -> Vec<crate::Warning> {
        let target = match &self.kind {
            Kind::One(exchange) => exchange.operation_version(),
            Kind::All { pager, .. } => pager.operation_version(),
        };
        target.map_or_else(Vec::new, |(op, version)| {
            crate::warning::warnings(op, version, now)
        })
    }

    /// The operation called; empty for a token revocation or a call that could not be built.
    pub fn operation_id(&self) -> &'static str {
        match &self.kind {
            Kind::One(exchange) => exchange.operation().map(|op| op.id).unwrap_or(""),
            Kind::All { pager, .. } => pager.operation_id(),
        }
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
