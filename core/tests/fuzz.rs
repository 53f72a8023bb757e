//! Inputs the fuzz targets (`fuzz/`, run by `bash fuzz/run.sh`) found or must keep refusing,
//! kept as plain tests so that a regression fails `cargo test` without a fuzzing run.

use atlas_admin::auth::digest::{
    expected_response, parse_authorization, Challenge, MAX_CHALLENGE_LEN,
};
use atlas_admin::auth::oauth::parse_token_response;
use atlas_admin::parse_response;

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
