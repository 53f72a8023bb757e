//! `build_request` with any params (and body) for any operation: either a `BuildError`, or a
//! request that says exactly what was given (`request_check`), and the same from the
//! operation's `PreparedRequest`.
//!
//! Input: the operation's name on the first line (one the core knows: see `names`), then the params as JSON, optionally
//! followed by a body as JSON (`{"groupId":"…"} {"name":"…"}`).
#![no_main]

use atlas_admin::{
    build_request, find_operation, BuildError, CallOptions, Config, Credentials, Session,
};
use atlas_admin_fuzz::{names, request_check, wire};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    let (name, rest) = wire::first_line(data);
    if !names::is_known(&name) {
        return;
    }
    let Some((params, body)) = wire::json_pair(rest) else {
        return;
    };
    let result = build_request(&Config::default(), &name, &params, body.as_ref());
    if let Ok(request) = &result {
        let op = find_operation(&name).expect("a request was built, so the name resolves");
        request_check::assert_request_says_exactly(op, &params, body.as_ref(), request);
    }
    assert_prepared_builds_the_same(&name, &params, body.as_ref(), &result);
});

/// A prepared request builds the same request, or fails with the same error; its target (with
/// no body) is that request's URL, which therefore always parses.
fn assert_prepared_builds_the_same(
    name: &str,
    params: &Value,
    body: Option<&Value>,
    built: &Result<http::Request<Vec<u8>>, BuildError>,
) {
    static SESSION: OnceLock<Session> = OnceLock::new();
    let session = SESSION.get_or_init(|| Session::new(Config::default(), Credentials::None));
    let prepared = session.prepare(name, &CallOptions::default());
    let again = prepared.as_ref().map_err(Clone::clone).and_then(|p| p.request(params, body));
    match (built, &again) {
        (Ok(a), Ok(b)) => {
            assert_eq!((a.method(), a.uri(), a.headers()), (b.method(), b.uri(), b.headers()));
            assert_eq!(a.body(), b.body());
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("build_request gave {a:?}, the prepared request {b:?}"),
    }
    if let (Ok(prepared), None) = (&prepared, body) {
        match (prepared.target(params), built) {
            (Ok(target), Ok(request)) => assert_eq!(target.url, request.uri().to_string()),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            (a, b) => panic!("build_request gave {b:?}, the target {a:?}"),
        }
    }
}
