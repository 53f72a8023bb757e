//! The seed corpus of every target, written from what the core and the repo already hold:
//! the spec's success examples (feature `examples`), the request fixtures, and a few error
//! replies and challenges in the shapes Atlas sends. Written at run time, not committed.

use crate::{fixtures, script, wire};
use atlas_admin::examples;
use std::io;
use std::path::Path;

/// Every target's seeds, by target name.
pub fn all() -> Vec<(&'static str, Vec<Vec<u8>>)> {
    vec![
        ("parse_response", parse_response()),
        ("digest_challenge", digest_challenge()),
        ("token_response", token_response()),
        ("call_machine", call_machine()),
        ("build_request", build_request()),
        ("body_validator", body_validator()),
    ]
}

/// Writes each target's seeds into `root/<target>/`, beside whatever the corpus already holds.
pub fn write_all(root: &Path) -> io::Result<()> {
    for (target, seeds) in all() {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir)?;
        for (i, seed) in seeds.iter().enumerate() {
            std::fs::write(dir.join(format!("seed-{i:04}")), seed)?;
        }
    }
    Ok(())
}

/// Refusals in Atlas's shape: an API error, a rate limit with its token bucket, a proxy page.
fn error_replies() -> Vec<Vec<u8>> {
    let json = ("content-type", "application/json");
    vec![
        wire::write_reply(
            400,
            &[json],
            br#"{"error":400,"errorCode":"INVALID_ATTRIBUTE","detail":"Invalid attribute name.","reason":"Bad Request","parameters":["name"],"badRequestDetail":{"fields":[{"field":"name","description":"must not be blank"}]}}"#,
        ),
        wire::write_reply(
            404,
            &[json],
            br#"{"error":404,"errorCode":"GROUP_NOT_FOUND","detail":"No group with ID 32b6e34b3d91647abb20e7b8 exists.","reason":"Not Found","parameters":["32b6e34b3d91647abb20e7b8"]}"#,
        ),
        wire::write_reply(
            429,
            &[json, ("retry-after", "5"), ("ratelimit-limit", "100"), ("ratelimit-remaining", "0")],
            br#"{"error":429,"errorCode":"RATE_LIMITED_TOKEN_BUCKET","detail":"Rate limit exceeded.","reason":"Too Many Requests","parameters":{"endpointSet":"CLUSTER_READ","retryAfterSeconds":5,"capacity":100,"refillRate":10,"refillPeriodSeconds":60}}"#,
        ),
        wire::write_reply(503, &[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")], b""),
        wire::write_reply(410, &[json], br#"{"error":410,"errorCode":"VERSION_GONE","detail":"gone","reason":"Gone"}"#),
        wire::write_reply(502, &[("content-type", "text/html")], b"<html><body>Bad Gateway</body></html>"),
        wire::write_reply(200, &[json], br#"{"status":404,"content":{"error":404,"errorCode":"NOT_FOUND"}}"#),
    ]
}

fn parse_response() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = examples::all()
        .iter()
        .map(|e| {
            let mut seed = format!("{}\n", e.operation).into_bytes();
            let headers = [("content-type", e.content_type)];
            seed.extend(wire::write_reply(e.status, &headers, e.body.as_bytes()));
            seed
        })
        .collect();
    for reply in error_replies() {
        seeds.push([b"listGroupClusters\n".as_slice(), &reply].concat());
    }
    seeds
}

fn digest_challenge() -> Vec<Vec<u8>> {
    [
        r#"Digest realm="MMS Public API", domain="", nonce="OQe8/gcpbF2xwY6pSUZ1ikM9mF3JUKIX", algorithm=MD5, qop="auth", stale=false"#,
        r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#,
        "Basic realm=\"x\", Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess, qop=auth, userhash=true",
        r#"Digest realm="a \"q\" b", nonce="n\\x", algorithm=SHA-256-sess, stale=TRUE"#,
        "Bearer error=\"invalid_token\"\nDigest nonce=abc, realm=r",
        "Digest realm=r, nonce=legacy",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}

fn token_response() -> Vec<Vec<u8>> {
    let json = [("content-type", "application/json")];
    [
        (200, r#"{"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig","expires_in":3600,"token_type":"Bearer"}"#),
        (200, r#"{"access_token":"t","expires_in":"60","token_type":"bearer","scope":"x"}"#),
        (400, r#"{"error":"invalid_client","error_description":"bad"}"#),
        (429, r#"{"error":"rate_limited"}"#),
    ]
    .iter()
    .map(|(status, body)| wire::write_reply(*status, &json, body.as_bytes()))
    .collect()
}

/// Scripts that reach each path of a call: a Digest handshake, a token fetch, pages, a
/// retry after a 429, a POST that meets a 500 or no answer, a wait that sees its state.
fn call_machine() -> Vec<Vec<u8>> {
    let json = ("content-type", "application/vnd.atlas.2023-01-01+json");
    let challenge = (
        "www-authenticate",
        r#"Digest realm="MMS Public API", nonce="n1", algorithm=SHA-256, qop="auth""#,
    );
    let page = |n: u32, next: bool| {
        let links = if next {
            format!(
                r#"[{{"rel":"next","href":"https://cloud.mongodb.com/api/atlas/v2/groups?pageNum={}&itemsPerPage=2"}}]"#,
                n + 1
            )
        } else {
            "[]".into()
        };
        let body = format!(
            r#"{{"results":[{{"id":"{n}a"}},{{"id":"{n}b"}}],"totalCount":5,"links":{links}}}"#
        );
        wire::write_reply(200, &[json], body.as_bytes())
    };
    let token = wire::write_reply(
        200,
        &[("content-type", "application/json")],
        br#"{"access_token":"tok","expires_in":3600,"token_type":"Bearer"}"#,
    );
    let unauthorized = wire::write_reply(
        401,
        &[challenge, json],
        br#"{"error":401,"errorCode":"UNAUTHORIZED"}"#,
    );
    let state =
        |s: &str| wire::write_reply(200, &[json], format!(r#"{{"stateName":"{s}"}}"#).as_bytes());
    let errors = error_replies();
    let scripts: Vec<(&str, Vec<Vec<u8>>)> = vec![
        ("digest get", vec![unauthorized.clone(), page(1, false)]),
        (
            "digest post",
            vec![
                unauthorized.clone(),
                errors[3].clone(),
                wire::write_reply(201, &[json], br#"{"id":"p"}"#),
            ],
        ),
        ("none post", vec![wire::write_reply(500, &[json], b"{}")]),
        ("bearer post", vec![wire::TRANSPORT_ERROR.to_vec()]),
        (
            "oauth collect",
            vec![token.clone(), page(1, true), page(2, true), page(3, false)],
        ),
        (
            "bearer pages",
            vec![page(1, true), errors[2].clone(), page(2, false)],
        ),
        (
            "oauth get",
            vec![
                wire::write_reply(401, &[json], b"{}"),
                token,
                page(1, false),
            ],
        ),
        (
            "none get",
            vec![
                wire::TRANSPORT_ERROR.to_vec(),
                errors[5].clone(),
                page(1, false),
            ],
        ),
        (
            "digest wait",
            vec![
                unauthorized,
                state("CREATING"),
                state("UPDATING"),
                state("IDLE"),
            ],
        ),
        ("none wait", vec![state("CREATING"), state("FAILED")]),
        ("none get", vec![errors[4].clone()]),
    ];
    scripts
        .into_iter()
        .map(|(head, replies)| {
            let mut seed = format!("{head}\n").into_bytes();
            seed.extend(replies.join(wire::REPLY_SEPARATOR));
            seed
        })
        .chain(script::CREDENTIALS.iter().flat_map(|c| {
            script::CALLS
                .iter()
                .map(move |call| format!("{c} {call}\n").into_bytes())
        }))
        .collect()
}

fn build_request() -> Vec<Vec<u8>> {
    fixtures::requests()
        .iter()
        .map(|r| {
            let body = if r.body.is_null() {
                String::new()
            } else {
                r.body.to_string()
            };
            format!("{}\n{} {body}", r.operation, r.params).into_bytes()
        })
        .collect()
}

fn body_validator() -> Vec<Vec<u8>> {
    fixtures::requests()
        .iter()
        .filter(|r| !r.body.is_null())
        .map(|r| format!("{}\n{}", r.operation, r.body).into_bytes())
        .collect()
}
