//! The in-process mock Atlas: it answers every operation, and simulates auth, rate limits,
//! failures and scripted answers.

use atlas_admin::mock::{DigestAlgorithm, MockAtlas};
use atlas_admin::{parse_response, AuthError, Config, Credentials, Error, Session};
use serde_json::json;
use std::time::Duration;

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

fn shape(p: &str) -> Vec<&str> {
    p.split('/')
        .map(|s| if s.contains('{') { "{}" } else { s })
        .collect()
}

#[test]
fn answers_every_operation() {
    let mut m = MockAtlas::new();
    let mut answered = 0;
    for op in atlas_admin::operations() {
        let path: String = op
            .path
            .split('/')
            .map(|s| match (s.find('{'), s.find('}')) {
                (Some(o), Some(c)) => format!("{}{GROUP}{}", &s[..o], &s[c + 1..]),
                _ => s.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("/");
        let version = op.versions.last().unwrap();
        let accept = version
            .responses
            .first()
            .map(|r| r.media.content_type)
            .unwrap_or("application/json");
        let req = http::Request::builder()
            .method(op.method.to_http())
            .uri(format!("https://cloud.mongodb.com{path}"))
            .header("accept", accept)
            .body(Vec::new())
            .unwrap();
        let resp = m.handle(&req);
        let routed = m.received().last().unwrap().operation.unwrap();
        assert!(
            routed == op.id
                || shape(atlas_admin::operation(routed).unwrap().path) == shape(op.path),
            "{} routed to {routed}",
            op.id
        );
        assert!(resp.status().is_success(), "{}: {}", op.id, resp.status());
        if let Some(expected) = version.responses.first() {
            assert_eq!(resp.status().as_u16(), expected.status, "{}", op.id);
        }
        parse_response(op.id, &resp).unwrap_or_else(|e| panic!("{}: {e}", op.id));
        answered += 1;
    }
    assert_eq!(answered, atlas_admin::OPERATION_COUNT);
}

#[test]
fn unknown_paths_and_methods_are_atlas_errors() {
    let mut m = MockAtlas::new();
    let req = http::Request::get("https://h/api/atlas/v2/nope")
        .body(Vec::new())
        .unwrap();
    let resp = m.handle(&req);
    assert_eq!(resp.status(), 404);
    let e = parse_response("listProjects", &resp).unwrap_err();
    assert_eq!(
        e.api_error().unwrap().error_code.as_deref(),
        Some("RESOURCE_NOT_FOUND")
    );
    let req = http::Request::delete("https://h/api/atlas/v2/groups")
        .body(Vec::new())
        .unwrap();
    let resp = m.handle(&req);
    assert_eq!(resp.status(), 405);
    assert!(String::from_utf8_lossy(resp.body()).contains("allowed: GET, POST"));
}

#[test]
fn scripted_validation_error_reaches_the_caller() {
    let mut m = MockAtlas::new();
    m.respond(
        "createProject",
        400,
        &[("content-type", "application/json")],
        r#"{"error":400,"errorCode":"INVALID_ATTRIBUTE","detail":"Invalid attribute name specified.","reason":"Bad Request","badRequestDetail":{"fields":[{"field":"name","description":"too long"}]}}"#,
    );
    let s = Session::new(Config::default(), Credentials::None);
    let e = m
        .run(&mut s.call(
            "createProject",
            &json!({}),
            Some(&json!({"name": "p", "orgId": GROUP})),
        ))
        .unwrap_err();
    let api = e.api_error().unwrap();
    assert_eq!(api.error_code.as_deref(), Some("INVALID_ATTRIBUTE"));
    assert_eq!(api.bad_request_fields()[0]["field"], "name");
    assert_eq!(
        e.to_string(),
        "400 Bad Request (INVALID_ATTRIBUTE): Invalid attribute name specified."
    );
    // Scripted answers are used once; then the example answers again.
    m.run(&mut s.call(
        "createProject",
        &json!({}),
        Some(&json!({"name": "p", "orgId": GROUP})),
    ))
    .unwrap();
}

#[test]
fn digest_costs_one_round_trip_per_call_when_warm() {
    for algorithm in [
        DigestAlgorithm::Md5,
        DigestAlgorithm::Sha256,
        DigestAlgorithm::Md5Sess,
    ] {
        let mut m = MockAtlas::new();
        m.require_digest_with("pub", "priv", algorithm);
        let s = Session::new(Config::default(), Credentials::api_key("pub", "priv"));
        for _ in 0..100 {
            m.run(&mut s.call("listProjects", &json!({}), None))
                .unwrap();
        }
        println!(
            "mock {algorithm:?}: 100 calls took {} round trips",
            m.received().len()
        );
        assert_eq!(m.received().len(), 101, "{algorithm:?}");
        assert_eq!(m.received().iter().filter(|r| r.status == 401).count(), 1);
    }
}

#[test]
fn digest_with_wrong_keys_and_stale_nonces() {
    let mut m = MockAtlas::new();
    m.require_digest("pub", "priv");
    let bad = Session::new(Config::default(), Credentials::api_key("pub", "nope"));
    let e = m
        .run(&mut bad.call("listProjects", &json!({}), None))
        .unwrap_err();
    assert!(
        matches!(e, Error::Auth(AuthError::KeysRefused { .. })),
        "{e:?}"
    );
    assert_eq!(m.received().len(), 2);

    let good = Session::new(Config::default(), Credentials::api_key("pub", "priv"));
    m.run(&mut good.call("listProjects", &json!({}), None))
        .unwrap();
    m.expire_nonce();
    let before = m.received().len();
    m.run(&mut good.call("listProjects", &json!({}), None))
        .unwrap();
    assert_eq!(
        m.received().len() - before,
        2,
        "stale nonce: one extra round trip, no error"
    );
}

#[test]
fn rate_limit_backs_off_in_simulated_time() {
    let mut m = MockAtlas::new();
    m.rate_limit(2, 5);
    let s = Session::new(Config::default(), Credentials::None);
    let start = m.now();
    let r = m
        .run(&mut s.call("listProjects", &json!({}), None))
        .unwrap();
    assert!(r.as_json().is_some());
    // Retry-After first, then Atlas's advice for a repeated 429: 20 s before the second retry.
    assert_eq!(
        m.waits(),
        &[Duration::from_secs(5), Duration::from_secs(20)]
    );
    assert_eq!(
        m.now().duration_since(start).unwrap(),
        Duration::from_secs(25)
    );
    assert_eq!(
        m.received().iter().map(|r| r.status).collect::<Vec<_>>(),
        vec![429, 429, 200]
    );
}

#[test]
fn transport_failures_are_retried_for_get_only() {
    let mut m = MockAtlas::new();
    let s = Session::new(Config::default(), Credentials::None);
    m.fail_transport(2);
    m.run(&mut s.call("listProjects", &json!({}), None))
        .unwrap();
    assert_eq!(m.received().len(), 1);
    m.fail_transport(1);
    let e = m
        .run(&mut s.call(
            "createProject",
            &json!({}),
            Some(&json!({"name": "p", "orgId": GROUP})),
        ))
        .unwrap_err();
    assert!(matches!(e, Error::Transport { attempts: 1, .. }), "{e:?}");
}

#[test]
fn versions_follow_the_accept_header() {
    let mut m = MockAtlas::new();
    let s = Session::new(
        Config::default().with_version_pin("2023-01-01"),
        Credentials::None,
    );
    let mut call = s.call("listProjects", &json!({}), None);
    let atlas_admin::Action::Send(req) = call.next(m.now(), 0) else {
        panic!()
    };
    let accept = req.headers()["accept"].to_str().unwrap().to_owned();
    let resp = m.handle(&req);
    assert_eq!(resp.headers()["content-type"].to_str().unwrap(), accept);
}

#[test]
fn one_session_shared_by_threads_never_reuses_a_nonce_count() {
    use std::sync::{Arc, Mutex};
    let atlas = Arc::new(Mutex::new(MockAtlas::new()));
    atlas.lock().unwrap().require_digest("pub", "priv");
    let session = Session::new(Config::default(), Credentials::api_key("pub", "priv"));
    let threads: Vec<_> = (0..4u64)
        .map(|t| {
            let (atlas, session) = (atlas.clone(), session.clone());
            std::thread::spawn(move || {
                for i in 0..25u64 {
                    let mut call = session.call("listProjects", &json!({}), None);
                    let result = loop {
                        let now = atlas.lock().unwrap().now();
                        match call.next(now, t * 1000 + i) {
                            atlas_admin::Action::Send(req) => {
                                let resp = atlas.lock().unwrap().handle(&req);
                                call.feed_response(resp);
                            }
                            atlas_admin::Action::Wait(_) | atlas_admin::Action::Items(_) => {}
                            atlas_admin::Action::Done(r) => break r,
                        }
                    };
                    result.unwrap_or_else(|e| panic!("thread {t} call {i}: {e}"));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let atlas = atlas.lock().unwrap();
    let challenges = atlas.received().iter().filter(|r| r.status == 401).count();
    // Only calls racing the very first challenge pay a second round trip.
    assert!(challenges <= 4, "{challenges}");
    assert_eq!(atlas.received().len(), 100 + challenges);
}
