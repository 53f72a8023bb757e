//! A bearer-token session against Prism (which accepts any bearer token), over real HTTP.
//! Runs when `PRISM_URL` names a running Prism (`.ci/run` starts one); otherwise says it skipped.

use atlas_admin::{Action, Call, Config, Credentials, Error, Parsed, Session};
use serde_json::json;
use std::time::{Duration, SystemTime};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn exchange(
    agent: &ureq::Agent,
    request: http::Request<Vec<u8>>,
) -> Result<http::Response<Vec<u8>>, String> {
    let response = agent.run(request).map_err(|e| e.to_string())?;
    let (parts, mut body) = response.into_parts();
    let bytes = body
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .map_err(|e| e.to_string())?;
    Ok(http::Response::from_parts(parts, bytes))
}

fn drive(agent: &ureq::Agent, call: &mut Call) -> Result<Parsed, Error> {
    loop {
        match call.next(SystemTime::now(), 7) {
            Action::Send(request) => {
                assert_eq!(
                    request.headers()["authorization"],
                    "Bearer any-token-prism-accepts"
                );
                match exchange(agent, request) {
                    Ok(r) => call.feed_response(r),
                    Err(e) => call.feed_transport_error(e),
                }
            }
            Action::Wait(d) => std::thread::sleep(d.min(Duration::from_secs(2))),
            Action::Items(_) => unreachable!("not a paging call"),
            Action::Done(r) => return r,
        }
    }
}

#[test]
fn bearer_session_against_prism() {
    let Ok(url) = std::env::var("PRISM_URL") else {
        eprintln!("SKIPPED bearer_session_against_prism: PRISM_URL is not set (bash .ci/run starts Prism and sets it)");
        return;
    };
    let agent = agent();
    let session = Session::new(
        Config::default().with_base_url(url),
        Credentials::bearer("any-token-prism-accepts"),
    );
    let projects = drive(&agent, &mut session.call("listProjects", &json!({}), None)).unwrap();
    assert!(
        projects.as_json().unwrap()["results"].is_array(),
        "{projects:?}"
    );
    let project = drive(
        &agent,
        &mut session.call("getProject", &json!({"groupId": GROUP}), None),
    )
    .unwrap();
    assert!(project.as_json().unwrap().is_object());
    let created = drive(
        &agent,
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
        match pager.next(SystemTime::now(), 1) {
            Action::Send(request) => match exchange(&agent, request) {
                Ok(r) => pager.feed_response(r),
                Err(e) => pager.feed_transport_error(e),
            },
            Action::Wait(d) => std::thread::sleep(d.min(Duration::from_secs(2))),
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
