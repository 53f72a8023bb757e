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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::{HttpHeader, HttpResponse};
    use atlas_admin::{Config, Credentials, Session};
    use serde_json::json;
    use std::future::Future;
    use std::sync::Mutex;
    use std::task::{Context, Poll, Waker};

    /// Polls a future whose awaits are all ready at once (the scripted transport never pends).
    fn block_on<F: Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(out) = f.as_mut().poll(&mut cx) {
                return out;
            }
        }
    }

    #[derive(Default)]
    struct Script {
        answers: Mutex<Vec<Result<HttpResponse, TransportError>>>,
        sent: Mutex<Vec<String>>,
        slept: Mutex<Vec<u64>>,
    }

    #[async_trait::async_trait]
    impl HttpTransport for Script {
        async fn send(&self, request: Arc<HttpRequest>) -> Result<HttpResponse, TransportError> {
            self.sent.lock().unwrap().push(request.url());
            self.answers.lock().unwrap().remove(0)
        }
        async fn sleep(&self, millis: u64) {
            self.slept.lock().unwrap().push(millis)
        }
    }

    fn reply(status: u16, body: &str) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse {
            status,
            headers: vec![HttpHeader {
                name: "content-type".into(),
                value: "application/json".into(),
            }],
            body: body.as_bytes().to_vec(),
        })
    }

    #[test]
    fn retries_through_the_host_timer_then_succeeds() {
        let script = Script::default();
        *script.answers.lock().unwrap() = vec![
            Err(TransportError::Failed {
                reason: "reset".into(),
            }),
            reply(200, r#"{"results":[],"totalCount":0}"#),
        ];
        let session = Session::new(Config::default(), Credentials::bearer("t"));
        let mut call = session.call("listProjects", &json!({}), None);
        let out = block_on(drive(&mut call, &script, &Rng::new(Some(1)))).unwrap();
        assert_eq!(out.as_json().unwrap()["totalCount"], 0);
        assert_eq!(script.sent.lock().unwrap().len(), 2);
        assert_eq!(
            script.slept.lock().unwrap().len(),
            1,
            "one back-off, slept by the host"
        );
    }

    #[test]
    fn pager_yields_pages_then_none() {
        let script = Script::default();
        *script.answers.lock().unwrap() = vec![
            reply(200, r#"{"results":[{"a":1}],"totalCount":2}"#),
            reply(200, r#"{"results":[{"a":2}],"totalCount":2}"#),
        ];
        let session = Session::new(Config::default(), Credentials::None);
        let mut pager = session.pages("listProjects", &json!({"itemsPerPage": 1}));
        let rng = Rng::new(Some(1));
        let first = block_on(drive(&mut pager, &script, &rng)).unwrap().unwrap();
        assert_eq!(first, vec![json!({"a": 1})]);
        let second = block_on(drive(&mut pager, &script, &rng)).unwrap().unwrap();
        assert_eq!(second, vec![json!({"a": 2})]);
        assert!(block_on(drive(&mut pager, &script, &rng))
            .unwrap()
            .is_none());
        assert!(script.sent.lock().unwrap()[1].contains("pageNum=2"));
    }
}
