//! The reference blocking driver: the one loop that carries a [`Call`] to its end, given a
//! [`Host`] that moves bytes, sleeps, tells the time and draws random numbers. The core stays
//! sans-IO; the host decides how each of those happens (a real socket and clock, or the mock's
//! simulated ones). Bindings with their own event loop write the same loop in their language.
//!
//! Ready drivers: `ureq::Host` (feature `ureq`, blocking) and `reqwest::drive` (feature
//! `reqwest`, async with tokio's timer). `token_cache::FileTokenCache` keeps a service account's
//! token between processes.
//!
//! ```
//! use atlas_admin::driver::{self, Host};
//! use atlas_admin::{Config, Credentials, Session};
//! use serde_json::json;
//! use std::time::{Duration, SystemTime};
//!
//! struct Canned;
//! impl Host for Canned {
//!     fn send(&mut self, _: &http::Request<Vec<u8>>, _: Option<Duration>)
//!         -> Result<http::Response<Vec<u8>>, String> {
//!         Ok(http::Response::builder().status(200)
//!             .header("content-type", "application/vnd.atlas.2023-01-01+json")
//!             .body(br#"{"results":[{"id":"p1"}],"totalCount":1}"#.to_vec()).unwrap())
//!     }
//!     fn sleep(&mut self, _: Duration) {}
//!     fn now(&mut self) -> SystemTime { SystemTime::UNIX_EPOCH }
//!     fn random(&mut self) -> u64 { 4 }
//! }
//!
//! let session = Session::new(Config::default(), Credentials::None);
//! let mut items = Vec::new();
//! let mut call = session.pages("listProjects", &json!({}));
//! driver::drive(&mut call, &mut Canned, |page| items.extend(page)).unwrap();
//! assert_eq!(items[0]["id"], "p1");
//! ```

#[cfg(feature = "reqwest")]
pub mod reqwest;
// Files: not for the browser (the wasm binding takes the host's own storage).
#[cfg(not(target_arch = "wasm32"))]
pub mod token_cache;
#[cfg(feature = "ureq")]
pub mod ureq;

use crate::call::{Action, Call};
use crate::error::Error;
use crate::event::Event;
use crate::response::Parsed;
use serde_json::Value;
use std::time::{Duration, SystemTime};

/// What a blocking driver needs from its surroundings.
pub trait Host {
    /// Sends `request` and returns every reply as a response, whatever its status; `Err` only
    /// when no reply came (refused, reset, timed out), with a message saying so. `timeout` is
    /// the call's limit for this exchange, if it has one.
    fn send(
        &mut self,
        request: &http::Request<Vec<u8>>,
        timeout: Option<Duration>,
    ) -> Result<http::Response<Vec<u8>>, String>;
    fn sleep(&mut self, duration: Duration);
    fn now(&mut self) -> SystemTime;
    fn random(&mut self) -> u64;
    /// Each thing the call did (see [`Event`]); ignored unless the host logs it.
    fn event(&mut self, _event: Event) {}
}

/// Carries `call` to its end. A paging call hands each page's items to `on_items`.
pub fn drive(
    call: &mut Call,
    host: &mut impl Host,
    mut on_items: impl FnMut(Vec<Value>),
) -> Result<Parsed, Error> {
    loop {
        let (now, random) = (host.now(), host.random());
        let action = call.next(now, random);
        for event in call.take_events() {
            host.event(event);
        }
        match action {
            Action::Send(request) => match host.send(&request, call.timeout()) {
                Ok(response) => call.feed_response(response),
                Err(message) => call.feed_transport_error(message),
            },
            Action::Wait(delay) => host.sleep(delay),
            Action::Items(items) => on_items(items),
            Action::Done(result) => {
                for event in call.take_events() {
                    host.event(event);
                }
                return result;
            }
        }
    }
}
