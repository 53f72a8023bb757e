//! Service-account (OAuth 2 client credentials) and bearer-token sessions, against the mock.

use atlas_admin::mock::MockAtlas;
use atlas_admin::{Action, AuthError, Config, Credentials, Error, Session};
use serde_json::json;
use std::time::Duration;

const ID: &str = "mdb_sa_id_123";
const SECRET: &str = "mdb_sa_sk_TOPSECRET";

fn session() -> Session {
    Session::new(Config::default(), Credentials::service_account(ID, SECRET))
}

fn atlas(lifetime_secs: u64) -> MockAtlas {
    let mut m = MockAtlas::new();
    m.require_oauth(ID, SECRET, Duration::from_secs(lifetime_secs));
    m
}

fn paths(m: &MockAtlas) -> Vec<String> {
    m.received()
        .iter()
        .map(|r| r.target.split('?').next().unwrap().to_owned())
        .collect()
}

#[test]
fn token_fetched_once_and_reused() {
    let mut m = atlas(3600);
    let s = session();
    for _ in 0..5 {
        m.run(&mut s.call("listProjects", &json!({}), None))
            .unwrap();
    }
    let p = paths(&m);
    assert_eq!(p.len(), 6, "{p:?}");
    assert_eq!(p[0], "/api/oauth/token");
    assert!(p[1..].iter().all(|x| x == "/api/atlas/v2/groups"), "{p:?}");
    assert_eq!(m.received()[0].auth_scheme.as_deref(), Some("Basic"));
    assert_eq!(m.received()[1].auth_scheme.as_deref(), Some("Bearer"));
    assert!(s.has_token());
}

#[test]
fn token_refreshed_before_expiry() {
    let mut m = atlas(600);
    let s = session();
    m.run(&mut s.call("listProjects", &json!({}), None))
        .unwrap();
    m.advance(Duration::from_secs(500));
    m.run(&mut s.call("listProjects", &json!({}), None))
        .unwrap();
    assert_eq!(
        paths(&m)
            .iter()
            .filter(|p| *p == "/api/oauth/token")
            .count(),
        1,
        "still fresh at 500 s"
    );
    m.advance(Duration::from_secs(50));
    m.run(&mut s.call("listProjects", &json!({}), None))
        .unwrap();
    let p = paths(&m);
    assert_eq!(
        p.iter().filter(|p| *p == "/api/oauth/token").count(),
        2,
        "renewed within the margin: {p:?}"
    );
    assert!(
        m.received().iter().all(|r| r.status < 400),
        "never sent an expired token"
    );
}

#[test]
fn token_refreshed_once_on_expired_401() {
    let mut m = atlas(3600);
    let s = session();
    m.run(&mut s.call("listProjects", &json!({}), None))
        .unwrap();
    // The server revokes the token behind the client's back.
    m.respond(
        "listProjects",
        401,
        &[(
            "www-authenticate",
            r#"Bearer error="invalid_token", error_description="The access token expired""#,
        )],
        r#"{"error":401,"errorCode":"UNAUTHORIZED","detail":"token expired"}"#,
    );
    m.run(&mut s.call("listProjects", &json!({}), None))
        .unwrap();
    let p = paths(&m);
    assert_eq!(
        p,
        vec![
            "/api/oauth/token",
            "/api/atlas/v2/groups",
            "/api/atlas/v2/groups",
            "/api/oauth/token",
            "/api/atlas/v2/groups"
        ]
    );
    // A second expired 401 in the same call is not retried again.
    for _ in 0..2 {
        m.respond(
            "listProjects",
            401,
            &[("www-authenticate", r#"Bearer error="invalid_token""#)],
            "",
        );
    }
    let e = m
        .run(&mut s.call("listProjects", &json!({}), None))
        .unwrap_err();
    assert!(
        matches!(e, Error::Auth(AuthError::TokenRefused { .. })),
        "{e:?}"
    );
}

/// A token revoked elsewhere (another process's `revoke_token`, leaving it in a shared cache)
/// gets a 401 that need not say why: the session mints one new token and sends again, once.
#[test]
fn a_bare_401_to_a_token_is_answered_with_one_fresh_token() {
    let mut m = atlas(3600);
    let s = session();
    m.run(&mut s.call("listProjects", &json!({}), None))
        .unwrap();
    m.respond(
        "listProjects",
        401,
        &[],
        r#"{"error":401,"errorCode":"UNAUTHORIZED","reason":"Unauthorized"}"#,
    );
    m.run(&mut s.call("listProjects", &json!({}), None))
        .unwrap();
    let tokens = paths(&m)
        .iter()
        .filter(|p| *p == "/api/oauth/token")
        .count();
    assert_eq!(tokens, 2, "{:?}", paths(&m));
    assert_eq!(m.received().last().map(|r| r.status), Some(200));
}

#[test]
fn wrong_secret_names_the_account_not_the_secret() {
    let mut m = atlas(3600);
    let s = Session::new(
        Config::default(),
        Credentials::service_account(ID, "wrong-SECRET-value"),
    );
    let e = m
        .run(&mut s.call("listProjects", &json!({}), None))
        .unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains(ID) && text.contains("invalid_client"),
        "{text}"
    );
    assert!(!text.contains("wrong-SECRET") && !format!("{e:?}").contains("wrong-SECRET"));
    assert_eq!(m.received().len(), 1, "no API call without a token");
}

#[test]
fn revoke_forgets_the_token() {
    let mut m = atlas(3600);
    let s = session();
    m.run(&mut s.call("listProjects", &json!({}), None))
        .unwrap();
    m.run(&mut s.revoke_token()).unwrap();
    assert!(!s.has_token());
    assert_eq!(paths(&m).last().unwrap(), "/api/oauth/revoke");
    m.run(&mut s.call("listProjects", &json!({}), None))
        .unwrap();
    assert_eq!(
        paths(&m)
            .iter()
            .filter(|p| *p == "/api/oauth/token")
            .count(),
        2
    );
    let before = m.received().len();
    m.run(&mut s.revoke_token()).unwrap();
    m.run(&mut s.revoke_token()).unwrap();
    assert_eq!(
        m.received().len(),
        before + 1,
        "nothing to revoke the second time: no request"
    );
}

#[test]
fn token_and_secret_never_printed() {
    let s = session();
    let mut m = atlas(3600);
    let mut call = s.call("listProjects", &json!({}), None);
    let Action::Send(token_req) = call.next(m.now(), 1) else {
        panic!()
    };
    let curl = atlas_admin::to_curl(&token_req);
    assert!(curl.contains("authorization: Basic <redacted>"), "{curl}");
    let resp = m.handle(&token_req);
    let token = serde_json::from_slice::<serde_json::Value>(resp.body()).unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    call.feed_response(resp);
    let Action::Send(api_req) = call.next(m.now(), 2) else {
        panic!()
    };
    let curl = atlas_admin::to_curl(&api_req);
    assert!(curl.contains("authorization: Bearer <redacted>"), "{curl}");
    let dump = format!("{s:?} {call:?} {curl}");
    assert!(!dump.contains(&token) && !dump.contains(SECRET), "{dump}");
}

#[test]
fn plain_bearer_token() {
    let mut m = MockAtlas::new();
    let s = Session::new(Config::default(), Credentials::bearer("held-token"));
    let mut call = s.call("listProjects", &json!({}), None);
    let Action::Send(req) = call.next(m.now(), 1) else {
        panic!()
    };
    assert_eq!(req.headers()["authorization"], "Bearer held-token");
    call.feed_response(m.handle(&req));
    assert!(matches!(call.next(m.now(), 1), Action::Done(Ok(_))));
    m.respond(
        "listProjects",
        401,
        &[],
        r#"{"error":401,"errorCode":"UNAUTHORIZED"}"#,
    );
    let e = m
        .run(&mut s.call("listProjects", &json!({}), None))
        .unwrap_err();
    assert!(e.to_string().contains("refused the access token"), "{e}");
    assert!(!e.to_string().contains("held-token"));
}
