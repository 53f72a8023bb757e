//! The body validator, through `build_request`, on any body for any operation that takes one
//! (with the fixture's valid params): it refuses only with a body error, strict mode refuses
//! at least what lenient mode does, and an accepted body is sent as given.
//!
//! Input: the operation's name on the first line (one the core knows: see `names`), then the body as JSON.
#![no_main]

use atlas_admin::{build_request_with, find_operation, BuildError, CallOptions, Config};
use atlas_admin_fuzz::{fixtures, names, wire};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let (name, rest) = wire::first_line(data);
    if !names::is_known(&name) {
        return;
    }
    let Ok(body) = serde_json::from_slice::<Value>(rest) else {
        return;
    };
    let Ok(op) = find_operation(&name) else {
        return;
    };
    let Some(fixture) = fixtures::request(op.id).filter(|_| op.has_body()) else {
        return;
    };
    let build = |strict| {
        let options = CallOptions {
            strict: Some(strict),
            ..CallOptions::default()
        };
        build_request_with(
            &Config::default(),
            op.id,
            &fixture.params,
            Some(&body),
            &options,
        )
    };
    let lenient = build(false);
    let strict = build(true);
    for result in [&lenient, &strict] {
        match result {
            // Bytes, not values: a float read back from its text may differ in the last bit.
            Ok(request) => assert_eq!(
                request.body(),
                &serde_json::to_vec(&body).expect("a JSON value serializes"),
                "body sent differs from the body given"
            ),
            Err(BuildError::InvalidBodyField { pointer, .. }) => {
                assert!(!pointer.is_empty(), "a refusal that names no place")
            }
            Err(BuildError::InvalidBody { .. }) => {}
            Err(e) => panic!("a body refused for something else: {e}"),
        }
    }
    assert!(
        !(strict.is_ok() && lenient.is_err()),
        "strict mode accepts what lenient mode refuses: {lenient:?}"
    );
});
