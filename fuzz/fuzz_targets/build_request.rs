//! `build_request` with any params (and body) for any operation: either a `BuildError`, or a
//! request that says exactly what was given (`request_check`).
//!
//! Input: the operation's name on the first line (one the core knows: see `names`), then the params as JSON, optionally
//! followed by a body as JSON (`{"groupId":"…"} {"name":"…"}`).
#![no_main]

use atlas_admin::{build_request, find_operation, Config};
use atlas_admin_fuzz::{names, request_check, wire};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (name, rest) = wire::first_line(data);
    if !names::is_known(&name) {
        return;
    }
    let Some((params, body)) = wire::json_pair(rest) else {
        return;
    };
    let result = build_request(&Config::default(), &name, &params, body.as_ref());
    if let Ok(request) = result {
        let op = find_operation(&name).expect("a request was built, so the name resolves");
        request_check::assert_request_says_exactly(op, &params, body.as_ref(), &request);
    }
});
