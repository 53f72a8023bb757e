//! The Digest challenge parser on any `WWW-Authenticate` values: a challenge it accepts must
//! give an `Authorization` answer that a server can read back and verify.
//!
//! Input: one header value per line.
#![no_main]

use atlas_admin::auth::digest::{
    expected_response, parse_authorization, Challenge, MAX_CHALLENGE_LEN,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(challenge) = Challenge::parse(text.lines()) else {
        return;
    };
    assert!(!challenge.nonce.is_empty(), "accepted without a nonce");
    let uri = "/api/atlas/v2/groups?itemsPerPage=1";
    let body = b"{\"name\":\"p\"}";
    let answer = challenge.authorization("user", "pw", "POST", uri, body, 1, "cnonce");
    // A server reads at most that much of a header (and so does `parse_authorization`); a
    // nonce near the limit gives an answer past it.
    if answer.len() > MAX_CHALLENGE_LEN {
        return;
    }
    let params = parse_authorization(&answer)
        .unwrap_or_else(|| panic!("answer {answer:?} cannot be read back"));
    let sent = params
        .iter()
        .find(|(k, _)| k == "response")
        .map(|(_, v)| v.clone());
    assert!(sent.is_some(), "answer {answer:?} has no response");
    assert_eq!(
        expected_response(&params, "user", "pw", "POST", body),
        sent,
        "answer {answer:?} does not verify"
    );
    let uri_sent = params
        .iter()
        .find(|(k, _)| k == "uri")
        .map(|(_, v)| v.as_str());
    assert_eq!(uri_sent, Some(uri), "answer {answer:?} names another uri");
});
