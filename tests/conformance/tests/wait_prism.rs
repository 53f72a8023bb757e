//! Every waiter of the spec against Prism: the call that starts the work, then its watcher's
//! GET polled, all through the reference blocking driver over real sockets. Prism answers from
//! the spec's examples, so a wait may end (an example already `IDLE`), fail (an example in a
//! failed state) or run out of its short time (a 404 Prism never gives); what must hold is that
//! every request, the polls above all, is one Prism accepts: never a 4xx, and every poll a GET.

use atlas_admin::driver::{self, ureq::Host as UreqHost, Host};
use atlas_admin::{
    chosen_version, operations, CallOptions, Config, Credentials, Error, Event, Session, WaitGoal,
    WaitOptions,
};
use conformance::{repo_root, Prism};
use serde_json::Value;
use std::time::{Duration, SystemTime};

/// The ureq host, remembering each reply's method, path and status. `prefer` goes on the next
/// request only (the call that starts the work, not the polls).
struct Recording {
    inner: UreqHost,
    seen: Vec<(String, String, u16)>,
    prefer: Option<http::HeaderValue>,
}

impl Host for Recording {
    fn send(
        &mut self,
        request: &http::Request<Vec<u8>>,
        timeout: Option<Duration>,
    ) -> Result<http::Response<Vec<u8>>, String> {
        let mut request = request.clone();
        if let Some(prefer) = self.prefer.take() {
            request.headers_mut().insert("prefer", prefer);
        }
        let response = self.inner.send(&request, timeout)?;
        let path = request.uri().path().to_owned();
        let status = response.status().as_u16();
        self.seen.push((request.method().to_string(), path, status));
        Ok(response)
    }
    fn sleep(&mut self, duration: Duration) {
        self.inner.sleep(duration)
    }
    fn now(&mut self) -> SystemTime {
        self.inner.now()
    }
    fn random(&mut self) -> u64 {
        self.inner.random()
    }
    fn event(&mut self, _: Event) {}
}

#[test]
fn every_watcher_polls_a_get_that_prism_accepts() {
    let prism = Prism::shared_or_start();
    let fixtures: Vec<Value> = serde_json::from_slice(
        &std::fs::read(repo_root().join("tests/fixtures/requests.json")).expect("fixtures"),
    )
    .expect("fixtures JSON");
    let config = Config::default().with_base_url(prism.url.clone());
    let session = Session::new(config, Credentials::bearer("conformance-test"));
    let brief = WaitOptions {
        timeout: Duration::from_millis(300),
        interval: Duration::from_millis(100),
        max_interval: Duration::from_millis(100),
    };
    let mut host = Recording {
        inner: UreqHost::new(),
        seen: Vec::new(),
        prefer: None,
    };
    let watched: Vec<_> = operations()
        .iter()
        .filter(|op| op.watcher.is_some())
        .collect();
    assert_eq!(watched.len(), 25);
    let mut problems = Vec::new();
    for op in watched {
        let watcher = op.watcher.unwrap();
        let fixture = fixtures
            .iter()
            .find(|f| f["operationId"] == op.id)
            .unwrap_or_else(|| panic!("no fixture call for {}", op.id));
        let body = Some(&fixture["body"]).filter(|b| !b.is_null());
        // Prism answers the lowest 2xx unless asked; ask for the status this version answers.
        let options = CallOptions::default();
        let version = chosen_version(session.config(), op.id, &options).unwrap();
        let first = version.responses.first().map_or(200, |r| r.status);
        host.prefer = Some(format!("code={first}").parse().unwrap());
        host.seen.clear();
        let mut call = session.call_and_wait(op.id, &fixture["params"], body, &options, &brief);
        let polled = atlas_admin::operation(watcher.operation).unwrap();
        match driver::drive(&mut call, &mut host, |_| {}) {
            Ok(_) | Err(Error::WaitFailed { .. } | Error::WaitTimedOut { .. }) => {}
            // Prism's example reply lacks the id the watcher polls with: poll with the GET's
            // own fixture instead, so that the GET is still sent as the watcher would.
            Err(Error::Decode(e)) if e.problem.contains("which polling") => {
                let get = fixtures
                    .iter()
                    .find(|f| f["operationId"] == polled.id)
                    .unwrap();
                let goal = WaitGoal::from(&watcher.until);
                let mut wait = session.wait_until(polled.id, &get["params"], goal, &brief);
                if let Err(e) = driver::drive(&mut wait, &mut host, |_| {}) {
                    if !matches!(e, Error::WaitFailed { .. } | Error::WaitTimedOut { .. }) {
                        problems.push(format!("{} (its GET alone): {e}", op.id));
                    }
                }
            }
            Err(e) => problems.push(format!("{}: {e}", op.id)),
        }
        let polls = &host.seen[1.min(host.seen.len())..];
        if polls.is_empty() {
            problems.push(format!("{}: no poll of {}", op.id, polled.id));
        }
        for (method, path, status) in &host.seen {
            if (400..500).contains(status) {
                problems.push(format!("{}: {method} {path} answered {status}", op.id));
            }
        }
        if let Some((method, path, _)) = polls.iter().find(|(m, _, _)| m != "GET") {
            problems.push(format!("{}: polled with {method} {path}", op.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
