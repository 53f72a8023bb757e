//! Fuzz suites for everything that reads bytes from the network: `parse_response`, the Digest
//! challenge parser, the OAuth token parser, and the call state machine fed arbitrary replies.
//! cargo-fuzz needs nightly, so this is a seeded mutation loop on stable, run for a fixed time:
//!
//!     ATLAS_FUZZ_SECS=60 cargo test -p atlas-admin --release --test fuzz -- --nocapture
//!
//! (default 2 s per target; `FUZZ_SECS` works too; `ATLAS_FUZZ_SEED` picks another seed). A
//! failure prints the generator state and the assertion, which names the input.

use atlas_admin::auth::digest::{
    expected_response, parse_authorization, Challenge, MAX_CHALLENGE_LEN,
};
use atlas_admin::auth::oauth::parse_token_response;
use atlas_admin::{operations, parse_response, Action, Config, Credentials, Session};
use serde_json::json;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant, SystemTime};

fn budget() -> Duration {
    let secs = ["ATLAS_FUZZ_SECS", "FUZZ_SECS"]
        .iter()
        .find_map(|k| std::env::var(k).ok())
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(2.0);
    Duration::from_secs_f64(secs.max(0.1))
}

fn seed() -> u64 {
    std::env::var("ATLAS_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_1234_ABCD_0001)
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SPECIAL: &[&[u8]] = &[
    b"\"",
    b"\\",
    b",",
    b"=",
    b" ",
    b"\t",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"\0",
    b"\xff",
    b"\xc3\xa9",
    b"\xe2\x82",
    b"null",
    b"true",
    b"-1",
    b"1e999",
    b"18446744073709551616",
    b"\"\"",
    b"Digest ",
    b"qop=auth",
    b"stale=true",
    b"\r\n",
];

/// A seed, changed by a few random edits: flips, inserts of tricky bytes, cuts, repeats.
fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..=rng.below(6) {
        let at = rng.below(v.len() + 1);
        match rng.below(7) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 => {
                let s = rng.pick(SPECIAL);
                v.splice(at..at, s.iter().copied());
            }
            2 => v.truncate(at),
            3 if !v.is_empty() => {
                let end = (at + rng.below(32)).min(v.len());
                let piece = v[at.min(end)..end].to_vec();
                for _ in 0..rng.below(50) {
                    v.splice(at..at, piece.iter().copied());
                }
            }
            4 => v.insert(at.min(v.len()), rng.next() as u8),
            5 if !v.is_empty() => {
                let end = (at + rng.below(16)).min(v.len());
                v.drain(at.min(end)..end);
            }
            _ => {
                let n = rng.below(64);
                v.extend((0..n).map(|_| rng.next() as u8));
            }
        }
    }
    v
}

fn mutate_seed(rng: &mut Rng, seeds: &[&str]) -> Vec<u8> {
    let seed = *rng.pick(seeds);
    mutate(rng, seed.as_bytes())
}

/// Runs `one` on fresh inputs until the budget is spent; returns the number of executions.
fn fuzz(name: &str, mut one: impl FnMut(&mut Rng)) -> u64 {
    let budget = budget();
    let start = Instant::now();
    let mut rng = Rng(seed() | 1);
    let mut execs = 0u64;
    while start.elapsed() < budget {
        for _ in 0..64 {
            let state = rng.0;
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| one(&mut rng))) {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panic!("{name}: panic at rng state {state:#x} after {execs} executions: {message}");
            }
            execs += 1;
        }
    }
    println!(
        "fuzz {name}: {execs} executions in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(execs > 0);
    execs
}

const JSON_SEEDS: &[&str] = &[
    r#"{"results":[{"id":"5f4e3d2c1b0a99887766aabb","name":"x"}],"totalCount":1,"links":[{"rel":"next","href":"/x"}]}"#,
    r#"{"status":404,"content":{"error":404,"errorCode":"NOT_FOUND"}}"#,
    r#"{"status":200,"results":[],"totalCount":0}"#,
    r#"{"error":400,"errorCode":"INVALID_ATTRIBUTE","detail":"d","reason":"Bad Request","parameters":["a",1],"badRequestDetail":{"fields":[{"field":"name"}]}}"#,
    r#"[1,2,{"a":[null,true,1.5e3]}]"#,
    "name,size\na,1\n",
    "",
];

const CONTENT_TYPES: &[&str] = &[
    "application/json",
    "application/vnd.atlas.2023-01-01+json",
    "application/vnd.atlas.2023-01-01+csv",
    "application/vnd.atlas.2023-01-01+gzip",
    "text/plain",
    "application/x-yaml",
    "",
    "application/json; charset=utf-8",
];

const RETRY_AFTERS: &[&str] = &[
    "5",
    "0",
    "99999999999999999999",
    "-1",
    "Wed, 21 Oct 2015 07:28:00 GMT",
    "soon",
    "",
];

fn response(rng: &mut Rng, status: u16, body: Vec<u8>) -> http::Response<Vec<u8>> {
    let mut b = http::Response::builder().status(status);
    let ct = rng.pick(CONTENT_TYPES);
    if !ct.is_empty() {
        b = b.header("content-type", *ct);
    }
    if rng.below(3) == 0 {
        let ra = String::from_utf8_lossy(&mutate_seed(rng, RETRY_AFTERS)).into_owned();
        if let Ok(v) = http::HeaderValue::from_str(&ra) {
            b = b.header("retry-after", v);
        }
    }
    b.body(body)
        .unwrap_or_else(|_| http::Response::new(Vec::new()))
}

#[test]
fn fuzz_parse_response() {
    let ops = operations();
    let statuses = [200u16, 201, 202, 204, 400, 401, 404, 409, 429, 500, 503];
    fuzz("parse_response", |rng| {
        let op = rng.pick(ops);
        let status = if rng.below(4) == 0 {
            100 + rng.below(500) as u16
        } else {
            *rng.pick(&statuses)
        };
        let body = if rng.below(8) == 0 {
            (0..rng.below(300)).map(|_| rng.next() as u8).collect()
        } else {
            mutate_seed(rng, JSON_SEEDS)
        };
        let resp = response(rng, status, body);
        let result = parse_response(op.id, &resp);
        if let Err(e) = &result {
            let text = e.to_string();
            assert!(
                text.len() < 4096 + resp.body().len(),
                "error text grows with input: {}",
                text.len()
            );
        }
        if !(200..300).contains(&status) {
            assert!(result.is_err(), "{status} parsed as success");
        }
    });
}

const CHALLENGE_SEEDS: &[&str] = &[
    r#"Digest realm="MMS Public API", domain="", nonce="OQe8/gcpbF2xwY6pSUZ1ikM9mF3JUKIX", algorithm=MD5, qop="auth", stale=false"#,
    r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#,
    r#"Basic realm="x", Digest realm="r", nonce="n", algorithm=MD5-sess, qop=auth, userhash=true"#,
    r#"Digest realm="a \"q\" b", nonce="n\\x", algorithm=SHA-256-sess, stale=TRUE"#,
    r#"Bearer error="invalid_token", Digest nonce=abc"#,
];

#[test]
fn fuzz_digest_challenge() {
    fuzz("digest_challenge", |rng| {
        let bytes = mutate_seed(rng, CHALLENGE_SEEDS);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let extra = String::from_utf8_lossy(&mutate_seed(rng, CHALLENGE_SEEDS)).into_owned();
        let values: Vec<&str> = if rng.below(3) == 0 {
            vec![&text, &extra]
        } else {
            vec![&text]
        };
        if let Ok(c) = Challenge::parse(values) {
            assert!(!c.nonce.is_empty());
            // Whatever was accepted must give an answer a server can read and verify.
            let auth = c.authorization(
                "user",
                "pw",
                "GET",
                "/api/atlas/v2/groups?x=1",
                b"",
                1,
                "cn",
            );
            let params = parse_authorization(&auth)
                .unwrap_or_else(|| panic!("unreadable answer {auth:?} to {text:?}"));
            let sent = params
                .iter()
                .find(|(k, _)| k == "response")
                .map(|(_, v)| v.clone());
            assert_eq!(
                expected_response(&params, "user", "pw", "GET", b""),
                sent,
                "answer to {text:?} / {extra:?}"
            );
        }
    });
}

const TOKEN_SEEDS: &[&str] = &[
    r#"{"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig","expires_in":3600,"token_type":"Bearer"}"#,
    r#"{"error":"invalid_client","error_description":"bad"}"#,
    r#"{"access_token":"t","expires_in":"60","token_type":"bearer","scope":"x"}"#,
];

#[test]
fn fuzz_token_response() {
    fuzz("token_response", |rng| {
        let status = [200u16, 200, 200, 400, 401, 500][rng.below(6)];
        let body = mutate_seed(rng, TOKEN_SEEDS);
        match parse_token_response(status, &body) {
            Ok(t) => {
                let token = t.access_token.expose();
                assert!(!token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic()));
                assert!(!t.expires_in.is_zero());
                // The token must not influence Debug at all (a short token may still happen
                // to spell part of the fixed text, so compare with another token instead).
                let mut other = t.clone();
                other.access_token = atlas_admin::Secret::new("x");
                assert_eq!(format!("{t:?}"), format!("{other:?}"), "token in Debug");
            }
            Err(e) => {
                let text = e.to_string();
                assert!(
                    text.len() < 1024,
                    "error text grows with input: {}",
                    text.len()
                );
            }
        }
    });
}

/// Any sequence of replies, transport errors and challenges drives a call to its end, within a
/// bounded number of steps, without a panic.
#[test]
fn fuzz_call_state_machine() {
    let sessions = [
        Session::new(Config::default(), Credentials::None),
        Session::new(Config::default(), Credentials::api_key("pub", "priv")),
        Session::new(
            Config::default(),
            Credentials::service_account("id", "secret"),
        ),
        Session::new(Config::default(), Credentials::bearer("tok")),
    ];
    let statuses = [200u16, 204, 400, 401, 401, 429, 500, 502, 503, 504];
    fuzz("call_state_machine", |rng| {
        let session = rng.pick(&sessions);
        let mut call = match rng.below(3) {
            0 => session.call("listProjects", &json!({}), None),
            1 => session.call(
                "createProject",
                &json!({}),
                Some(&json!({"name": "p", "orgId": "5f4e3d2c1b0a99887766aabb"})),
            ),
            _ => session.collect_all("listProjects", &json!({"itemsPerPage": 2}), 10),
        };
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        for step in 0..200 {
            match call.next(now, rng.next()) {
                Action::Done(_) => return,
                Action::Items(items) => assert!(!items.is_empty()),
                Action::Wait(d) => assert!(d <= Duration::from_secs(300), "waits {d:?}"),
                Action::Send(_) => {
                    if rng.below(8) == 0 {
                        call.feed_transport_error("reset");
                        continue;
                    }
                    let status = *rng.pick(&statuses);
                    let body = mutate_seed(rng, JSON_SEEDS);
                    let mut resp = response(rng, status, body);
                    if status == 401 && rng.below(2) == 0 {
                        let ch = String::from_utf8_lossy(&mutate_seed(rng, CHALLENGE_SEEDS))
                            .into_owned();
                        if let Ok(v) = http::HeaderValue::from_str(&ch) {
                            resp.headers_mut().insert("www-authenticate", v);
                        }
                    }
                    if rng.below(10) == 0 {
                        *resp.body_mut() = mutate_seed(rng, TOKEN_SEEDS);
                    }
                    call.feed_response(resp);
                }
            }
            assert!(step < 199, "call did not finish in 200 steps");
        }
    });
}

#[test]
fn oversized_inputs_are_refused_not_stored() {
    let huge = format!(
        "Digest realm=\"r\", nonce=\"{}\"",
        "n".repeat(MAX_CHALLENGE_LEN)
    );
    let e = Challenge::parse([huge.as_str()]).unwrap_err();
    assert!(e.to_string().contains("more than the 8192 read"), "{e}");
    let body = format!(
        r#"{{"access_token":"{}","token_type":"Bearer"}}"#,
        "a".repeat(1 << 20)
    );
    let e = parse_token_response(200, body.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("more than the 65536 read"), "{e}");
    let many = "Digest a=b, ".repeat(600);
    assert!(Challenge::parse([many.as_str()]).is_err());
}

/// Found by the `parse_response` target: a reply whose Content-Type is not the promised one
/// gave an error quoting the whole header, however long the server made it.
#[test]
fn an_unexpected_content_type_is_quoted_short() {
    let content_type = format!("text/{}", "x".repeat(5000));
    let reply = http::Response::builder()
        .status(200)
        .header("content-type", &content_type)
        .body(br#"{"id":"32b6e34b3d91647abb20e7b8"}"#.to_vec())
        .unwrap();
    let e = parse_response("getGroupUser", &reply).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("the reply is text/xxx"), "{text}");
    assert!(text.len() < 1000, "error text of {} bytes", text.len());
}

/// Found by the `digest_challenge` target: the server side's check read the `response` back
/// from the answer's text, so a nonce holding `response="` made a valid answer fail it.
#[test]
fn a_nonce_that_spells_response_still_verifies() {
    let challenge = Challenge::parse([r#"Digest realm="r", nonce="x, response=""#]).unwrap();
    let answer = challenge.authorization("user", "pw", "GET", "/a", b"", 1, "cn");
    let params = parse_authorization(&answer).unwrap();
    let sent = params
        .iter()
        .find(|(k, _)| k == "response")
        .map(|(_, v)| v.clone());
    assert_eq!(expected_response(&params, "user", "pw", "GET", b""), sent);
}
