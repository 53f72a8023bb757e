//! The binding loop of DESIGN.md, once for single calls and pagers: ask the state machine for
//! its next action, do it with the host's transport and timer, feed the answer back.

use crate::error::TransportError;
use crate::rng::Rng;
use crate::transport::{HttpRequest, HttpTransport};
use atlas_admin::{Action, Call, Error, PageStep, Pager, Parsed};
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

pub(crate) enum Step<T> {
    Send(Box<http::Request<Vec<u8>>>),
    Wait(Duration),
    Done(T),
}

/// A core state machine the host can drive.
pub(crate) trait Machine {
    type Output;
    fn step(&mut self, now: SystemTime, random: u64) -> Step<Self::Output>;
    fn feed_response(&mut self, response: http::Response<Vec<u8>>);
    fn feed_transport_error(&mut self, message: String);
}

impl Machine for Call {
    type Output = Result<Parsed, Error>;

    fn step(&mut self, now: SystemTime, random: u64) -> Step<Self::Output> {
        match self.next(now, random) {
            Action::Send(r) => Step::Send(Box::new(r)),
            Action::Wait(d) => Step::Wait(d),
            Action::Done(r) => Step::Done(r),
        }
    }

    fn feed_response(&mut self, response: http::Response<Vec<u8>>) {
        Call::feed_response(self, response)
    }

    fn feed_transport_error(&mut self, message: String) {
        Call::feed_transport_error(self, message)
    }
}

/// One page at a time: `Some(items)`, or `None` once the pages are exhausted.
impl Machine for Pager {
    type Output = Result<Option<Vec<Value>>, Error>;

    fn step(&mut self, now: SystemTime, random: u64) -> Step<Self::Output> {
        match self.next(now, random) {
            PageStep::Send(r) => Step::Send(Box::new(r)),
            PageStep::Wait(d) => Step::Wait(d),
            PageStep::Items(items) => Step::Done(Ok(Some(items))),
            PageStep::Done(r) => Step::Done(r.map(|()| None)),
        }
    }

    fn feed_response(&mut self, response: http::Response<Vec<u8>>) {
        Pager::feed_response(self, response)
    }

    fn feed_transport_error(&mut self, message: String) {
        Pager::feed_transport_error(self, message)
    }
}

/// Drives `machine` until it is done. The clock is read at each step (the core needs it for
/// token expiry and `Retry-After` dates); nothing here blocks a thread.
pub(crate) async fn drive<M: Machine>(
    machine: &mut M,
    transport: &dyn HttpTransport,
    rng: &Rng,
) -> M::Output {
    loop {
        match machine.step(SystemTime::now(), rng.next()) {
            Step::Send(request) => match transport.send(Arc::new(HttpRequest(*request))).await {
                Ok(response) => match response.into_http() {
                    Ok(r) => machine.feed_response(r),
                    Err(message) => machine.feed_transport_error(message),
                },
                Err(TransportError::Failed { reason }) => machine.feed_transport_error(reason),
            },
            Step::Wait(delay) => {
                let millis = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
                transport.sleep(millis).await
            }
            Step::Done(out) => return out,
        }
    }
}
