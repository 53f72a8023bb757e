//! Digest authentication through a `Session`, against hand-written server answers and the
//! RFC 7616 §3.9.1 example.

use atlas_admin::auth::digest::{expected_response, parse_authorization, Algorithm, Challenge};
use atlas_admin::{Action, AuthError, Call, Config, Credentials, Error, Session};
use serde_json::json;
use std::time::SystemTime;

const RFC_NONCE: &str = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
const RFC_OPAQUE: &str = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
const RFC_CNONCE: &str = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

fn rfc_challenge(algorithm: &str) -> Challenge {
    Challenge::parse([format!(
        r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm={algorithm}, nonce="{RFC_NONCE}", opaque="{RFC_OPAQUE}""#
    )
    .as_str()])
    .unwrap()
}

fn response_param(header: &str) -> String {
    parse_authorization(header)
        .unwrap()
        .into_iter()
        .find(|(k, _)| k == "response")
        .unwrap()
        .1
}

#[test]
fn rfc7616_example_md5() {
    let c = rfc_challenge("MD5");
    assert_eq!(c.algorithm, Algorithm::Md5);
    let h = c.authorization(
        "Mufasa",
        "Circle of Life",
        "GET",
        "/dir/index.html",
        b"",
        1,
        RFC_CNONCE,
    );
    assert_eq!(response_param(&h), "8ca523f5e9506fed4657c9700eebdbec");
    assert!(h.contains("nc=00000001"), "{h}");
    assert!(h.contains(&format!("opaque=\"{RFC_OPAQUE}\"")), "{h}");
    assert!(h.contains("qop=auth,") || h.contains("qop=auth "), "{h}");
}

#[test]
fn rfc7616_example_sha256() {
    let c = rfc_challenge("SHA-256");
    let h = c.authorization(
        "Mufasa",
        "Circle of Life",
        "GET",
        "/dir/index.html",
        b"",
        1,
        RFC_CNONCE,
    );
    assert_eq!(
        response_param(&h),
        "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
    );
    assert!(h.contains("algorithm=SHA-256"), "{h}");
}

/// A tiny Digest server: it challenges with `nonce`, accepts correct answers, and can be told
/// to call the next nonce stale.
struct Server {
    nonce: String,
    password: String,
    stale_next: bool,
    seen: Vec<String>,
}

impl Server {
    fn new(password: &str) -> Self {
        Server {
            nonce: "n-1".into(),
            password: password.into(),
            stale_next: false,
            seen: Vec::new(),
        }
    }

    fn challenge(&self, stale: bool) -> http::Response<Vec<u8>> {
        http::Response::builder()
            .status(401)
            .header(
                "www-authenticate",
                format!(r#"Digest realm="MMS Public API", nonce="{}", qop="auth", algorithm=MD5, stale={stale}"#, self.nonce),
            )
            .header("content-type", "application/json")
            .body(br#"{"error":401,"errorCode":"UNAUTHORIZED","reason":"Unauthorized","detail":"You are not authorized."}"#.to_vec())
            .unwrap()
    }

    fn handle(&mut self, req: &http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
        let auth = req
            .headers()
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_owned());
        self.seen.push(auth.clone().unwrap_or_default());
        let Some(params) = auth.as_deref().and_then(parse_authorization) else {
            return self.challenge(false);
        };
        let get = |k: &str| {
            params
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        if get("nonce") != self.nonce {
            return self.challenge(false);
        }
        if self.stale_next {
            self.stale_next = false;
            self.nonce = "n-2".into();
            return self.challenge(true);
        }
        let path = req.uri().path_and_query().unwrap().as_str();
        assert_eq!(get("uri"), path, "the digest URI is the request target");
        if expected_response(
            &params,
            "pubkey",
            &self.password,
            req.method().as_str(),
            req.body(),
        ) != Some(get("response"))
        {
            return self.challenge(false);
        }
        http::Response::builder()
            .status(200)
            .header("content-type", "application/vnd.atlas.2023-01-01+json")
            .body(br#"{"results":[],"totalCount":0}"#.to_vec())
            .unwrap()
    }
}

fn drive(
    call: &mut Call,
    server: &mut Server,
    random: &mut u64,
) -> (Result<atlas_admin::Parsed, Error>, usize) {
    let mut sends = 0;
    loop {
        *random = random
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        match call.next(SystemTime::UNIX_EPOCH, *random) {
            Action::Send(req) => {
                sends += 1;
                let resp = server.handle(&req);
                call.feed_response(resp);
            }
            Action::Wait(_) | Action::Items(_) => {}
            Action::Done(r) => return (r, sends),
        }
    }
}

fn session(private_key: &str) -> Session {
    Session::new(
        Config::default(),
        Credentials::api_key("pubkey", private_key),
    )
}

#[test]
fn challenge_answered_once_then_nonce_reused() {
    let mut server = Server::new("priv");
    let s = session("priv");
    let mut rnd = 1;
    let (r, sends) = drive(
        &mut s.call("listProjects", &json!({}), None),
        &mut server,
        &mut rnd,
    );
    r.unwrap();
    assert_eq!(sends, 2, "first call: challenge + answer");
    assert!(
        server.seen[0].is_empty(),
        "nothing sent before the first challenge"
    );
    assert!(server.seen[1].contains("nc=00000001"), "{}", server.seen[1]);
    for n in 2..=4 {
        let (r, sends) = drive(
            &mut s.call("listProjects", &json!({}), None),
            &mut server,
            &mut rnd,
        );
        r.unwrap();
        assert_eq!(sends, 1, "warm session: one round trip");
        assert!(server.seen.last().unwrap().contains(&format!("nc={n:08x}")));
    }
    let cnonces: std::collections::HashSet<String> = server.seen[1..]
        .iter()
        .map(|h| {
            parse_authorization(h)
                .unwrap()
                .into_iter()
                .find(|(k, _)| k == "cnonce")
                .unwrap()
                .1
        })
        .collect();
    assert_eq!(cnonces.len(), 4, "a fresh client nonce per request");
}

#[test]
fn wrong_keys_are_refused_after_one_answer() {
    let mut server = Server::new("the-real-key");
    let s = session("wrong-key-XYZ");
    let (r, sends) = drive(
        &mut s.call("listProjects", &json!({}), None),
        &mut server,
        &mut 7,
    );
    assert_eq!(sends, 2, "a challenge is answered once, not in a loop");
    let err = r.unwrap_err();
    assert!(
        matches!(&err, Error::Auth(AuthError::KeysRefused { public_key, .. }) if public_key == "pubkey"),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("refused the API key pubkey"), "{text}");
    assert!(!text.contains("wrong-key-XYZ") && !format!("{err:?}").contains("wrong-key-XYZ"));
    assert_eq!(err.status(), Some(401));
}

#[test]
fn stale_nonce_is_answered_without_failing() {
    let mut server = Server::new("priv");
    let s = session("priv");
    let mut rnd = 3;
    drive(
        &mut s.call("listProjects", &json!({}), None),
        &mut server,
        &mut rnd,
    )
    .0
    .unwrap();
    server.stale_next = true;
    let (r, sends) = drive(
        &mut s.call("listProjects", &json!({}), None),
        &mut server,
        &mut rnd,
    );
    r.unwrap();
    assert_eq!(sends, 2, "stale: one more round trip, no error");
    assert!(server.seen.last().unwrap().contains("nonce=\"n-2\""));
    assert!(
        server.seen.last().unwrap().contains("nc=00000001"),
        "nc restarts with a new nonce"
    );
}

#[test]
fn expired_nonce_without_stale_flag_gets_one_fresh_answer() {
    let mut server = Server::new("priv");
    let s = session("priv");
    let mut rnd = 5;
    drive(
        &mut s.call("listProjects", &json!({}), None),
        &mut server,
        &mut rnd,
    )
    .0
    .unwrap();
    server.nonce = "n-9".into();
    let (r, sends) = drive(
        &mut s.call("listProjects", &json!({}), None),
        &mut server,
        &mut rnd,
    );
    r.unwrap();
    assert_eq!(sends, 2);
}

#[test]
fn session_algorithms_keep_their_cnonce() {
    let s = session("priv");
    let mut call = s.call("listProjects", &json!({}), None);
    let Action::Send(_) = call.next(SystemTime::UNIX_EPOCH, 1) else {
        panic!()
    };
    call.feed_response(
        http::Response::builder()
            .status(401)
            .header(
                "www-authenticate",
                r#"Digest realm="r", nonce="abc", qop="auth", algorithm=SHA-256-sess"#,
            )
            .body(Vec::new())
            .unwrap(),
    );
    let Action::Send(first) = call.next(SystemTime::UNIX_EPOCH, 111) else {
        panic!()
    };
    let h1 = first.headers()["authorization"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(h1.contains("algorithm=SHA-256-sess"), "{h1}");
    call.feed_response(
        http::Response::builder()
            .status(204)
            .body(Vec::new())
            .unwrap(),
    );
    let mut call2 = s.call("listProjects", &json!({}), None);
    let Action::Send(second) = call2.next(SystemTime::UNIX_EPOCH, 222) else {
        panic!()
    };
    let h2 = second.headers()["authorization"].to_str().unwrap();
    let cnonce = |h: &str| {
        parse_authorization(h)
            .unwrap()
            .into_iter()
            .find(|(k, _)| k == "cnonce")
            .unwrap()
            .1
    };
    assert_eq!(cnonce(&h1), cnonce(h2));
    assert!(h2.contains("nc=00000002"));
}

#[test]
fn unanswerable_challenge_says_why() {
    let s = session("priv");
    let mut call = s.call("listProjects", &json!({}), None);
    let Action::Send(_) = call.next(SystemTime::UNIX_EPOCH, 1) else {
        panic!()
    };
    call.feed_response(
        http::Response::builder()
            .status(401)
            .header(
                "www-authenticate",
                r#"Digest realm="r", nonce="abc", algorithm=SHA-512-256"#,
            )
            .body(Vec::new())
            .unwrap(),
    );
    let Action::Done(Err(e)) = call.next(SystemTime::UNIX_EPOCH, 1) else {
        panic!()
    };
    assert!(e.to_string().contains("SHA-512-256"), "{e}");
}

#[test]
fn authorization_is_sensitive_and_redacted_in_curl() {
    let mut server = Server::new("priv");
    let s = session("priv");
    let mut call = s.call("listProjects", &json!({}), None);
    let mut rnd = 9;
    drive(&mut call, &mut server, &mut rnd).0.unwrap();
    let mut call = s.call("listProjects", &json!({}), None);
    let Action::Send(req) = call.next(SystemTime::UNIX_EPOCH, 4) else {
        panic!()
    };
    assert!(req.headers()["authorization"].is_sensitive());
    let curl = atlas_admin::to_curl(&req);
    assert!(curl.contains("authorization: Digest <redacted>"), "{curl}");
    assert!(!curl.contains("response="), "{curl}");
    assert!(!format!("{s:?}").contains("\"priv\""));
}

#[test]
fn endless_stale_challenges_end_in_an_error() {
    let s = session("priv");
    let mut call = s.call("listProjects", &json!({}), None);
    let mut sends = 0;
    let result = loop {
        match call.next(SystemTime::UNIX_EPOCH, sends) {
            Action::Send(_) => {
                sends += 1;
                assert!(sends < 20, "the call keeps answering stale challenges");
                call.feed_response(
                    http::Response::builder()
                        .status(401)
                        .header(
                            "www-authenticate",
                            format!(
                                r#"Digest realm="r", nonce="n{sends}", qop="auth", stale=true"#
                            ),
                        )
                        .body(Vec::new())
                        .unwrap(),
                );
            }
            Action::Wait(_) | Action::Items(_) => {}
            Action::Done(r) => break r,
        }
    };
    assert!(
        matches!(result, Err(Error::Auth(AuthError::KeysRefused { .. }))),
        "{result:?}"
    );
    assert!(sends <= 6, "{sends}");
}
