//! A bearer-token session against Prism (which accepts any bearer token), over real HTTP.
//! Runs when `PRISM_URL` names a running Prism (`.ci/run` starts one); otherwise says it skipped.

use atlas_admin::driver::{self, ureq, Host};
use atlas_admin::{Action, Call, Config, Credentials, Error, Parsed, Session};
use serde_json::json;
use std::time::Duration;

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

/// The ready ureq host, checking that every request carries the bearer token.
struct Checked(ureq::Host);

impl Host for Checked {
    fn send(
        &mut self,
        request: &http::Request<Vec<u8>>,
        timeout: Option<Duration>,
    ) -> Result<http::Response<Vec<u8>>, String> {
        assert_eq!(
            request.headers()["authorization"],
            "Bearer any-token-prism-accepts"
        );
        self.0.send(request, timeout)
    }
    fn sleep(&mut self, duration: Duration) {
        self.0.sleep(duration)
    }
    fn now(&mut self) -> std::time::SystemTime {
        self.0.now()
    }
    fn random(&mut self) -> u64 {
        self.0.random()
    }
}

fn drive(host: &mut Checked, call: &mut Call) -> Result<Parsed, Error> {
    driver::drive(call, host, |_| unreachable!("not a paging call"))
}

#[test]
fn bearer_session_against_prism() {
    let Ok(url) = std::env::var("PRISM_URL") else {
        eprintln!("SKIPPED bearer_session_against_prism: PRISM_URL is not set (bash .ci/run starts Prism and sets it)");
        return;
    };
    let mut host = Checked(ureq::Host::new());
    let session = Session::new(
        Config::default().with_base_url(url),
        Credentials::bearer("any-token-prism-accepts"),
    );
    // The convenience path: the process-wide host.
    let projects = ureq::run(&mut session.call("listProjects", &json!({}), None)).unwrap();
    assert!(
        projects.as_json().unwrap()["results"].is_array(),
        "{projects:?}"
    );
    let project = drive(
        &mut host,
        &mut session.call("getProject", &json!({"groupId": GROUP}), None),
    )
    .unwrap();
    assert!(project.as_json().unwrap().is_object());
    let created = drive(
        &mut host,
        &mut session.call(
            "createProject",
            &json!({}),
            Some(&json!({"name": "tour", "orgId": GROUP})),
        ),
    )
    .unwrap();
    assert!(created.as_json().unwrap().is_object());

    // Prism serves the same example page whatever pageNum asks for, so read just the first.
    let mut pager = session.pages(
        "listClusters",
        &json!({"groupId": GROUP, "itemsPerPage": 5}),
    );
    loop {
        let (now, random) = (host.now(), host.random());
        match pager.next(now, random) {
            Action::Send(request) => match host.send(&request, pager.timeout()) {
                Ok(r) => pager.feed_response(r),
                Err(e) => pager.feed_transport_error(e),
            },
            Action::Wait(d) => host.sleep(d),
            Action::Items(items) => {
                assert!(!items.is_empty());
                break;
            }
            Action::Done(r) => {
                r.unwrap();
                break;
            }
        }
    }
}
