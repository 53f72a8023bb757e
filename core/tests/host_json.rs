//! Replies a host parses with its own JSON parser: `classify` hands over the bytes only when
//! nothing needs the core (valid JSON, no envelope, not a PEM-as-JSON), and a session asked for
//! it returns `Parsed::JsonText`.

use atlas_admin::mock::MockAtlas;
use atlas_admin::{classify, find_operation, Config, Credentials, Error, Parsed, Reply, Session};
use serde_json::{json, Value};

const CT: &str = "application/vnd.atlas.2023-01-01+json";

fn classify_list(body: &[u8]) -> Result<Reply<'_>, Error> {
    classify(find_operation("listProjects").unwrap(), 200, CT, None, body)
}

#[test]
fn plain_json_is_handed_over_as_it_is() {
    let body = br#"{"results":[{"id":"a","status":"x"}],"totalCount":1}"#;
    assert_eq!(classify_list(body).unwrap(), Reply::JsonAsIs(body));
    // A nested `status` is data, not an envelope.
    let nested = br#"{"results":[{"status":200}],"totalCount":1}"#;
    assert_eq!(classify_list(nested).unwrap(), Reply::JsonAsIs(nested));
}

#[test]
fn an_envelope_is_unwrapped_by_the_core() {
    let body = br#"{"status":200,"content":{"id":"p"}}"#;
    assert_eq!(
        classify_list(body).unwrap(),
        Reply::Parsed(Parsed::Json(json!({"id": "p"})))
    );
    let failed = br#"{"status":404,"content":{"errorCode":"NOPE","detail":"gone"}}"#;
    let e = classify_list(failed).unwrap_err();
    assert_eq!(e.status(), Some(404), "{e}");
}

#[test]
fn broken_json_is_a_decode_error_before_the_host_sees_it() {
    for body in [&b"{\"results\": ["[..], b"{} {}", b"nul", b"\xff"] {
        match classify_list(body) {
            Err(Error::Decode(d)) => assert!(d.problem.contains("invalid JSON"), "{d}"),
            other => panic!("{:?}: {other:?}", String::from_utf8_lossy(body)),
        }
    }
}

#[test]
fn errors_and_empty_replies_are_the_cores() {
    let op = find_operation("getProject").unwrap();
    assert!(classify(op, 404, CT, None, br#"{"errorCode":"X"}"#).is_err());
    assert!(classify(op, 200, CT, None, b"").is_err());
    assert!(classify(op, 200, "text/html", None, b"<html>").is_err());
}

#[test]
fn a_session_for_a_json_parsing_host_returns_the_bytes() {
    let mut atlas = MockAtlas::new();
    let config = Config {
        host_parses_json: true,
        ..Config::default()
    };
    let session = Session::new(config, Credentials::None);
    let got = atlas
        .run(&mut session.call(
            "getProject",
            &json!({"groupId": "32b6e34b3d91647abb20e7b8"}),
            None,
        ))
        .unwrap();
    let Parsed::JsonText(bytes) = got else {
        panic!("expected JSON text, got {got:?}")
    };
    let value: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(value.is_object(), "{value}");

    // The same call without the setting reads the same document.
    let plain = Session::new(Config::default(), Credentials::None);
    let tree = atlas
        .run(&mut plain.call(
            "getProject",
            &json!({"groupId": "32b6e34b3d91647abb20e7b8"}),
            None,
        ))
        .unwrap();
    assert_eq!(tree, Parsed::Json(value));

    // Paging still yields items, read by the core.
    atlas.list_items("listProjects", 5);
    let pages = atlas
        .run_pages(&mut session.pages("listProjects", &json!({"itemsPerPage": 2})))
        .unwrap();
    assert_eq!(pages.iter().map(Vec::len).sum::<usize>(), 5);
}

/// One `getProject` call of `session` answered with `body`: what `next` ends with.
fn answered(session: &Session, body: &[u8]) -> (atlas_admin::Call, Result<Parsed, Error>) {
    let now = std::time::SystemTime::now();
    let mut call = session.call(
        "getProject",
        &json!({"groupId": "32b6e34b3d91647abb20e7b8"}),
        None,
    );
    assert!(matches!(call.next(now, 1), atlas_admin::Action::Send(_)));
    let reply = atlas_admin::response_from_parts(200, [("content-type", CT)], body.to_vec());
    call.feed_response(reply.unwrap());
    match call.next(now, 2) {
        atlas_admin::Action::Done(result) => (call, result),
        other => panic!("expected the end, got {other:?}"),
    }
}

#[test]
fn a_host_that_checks_json_gets_the_bytes_unread_and_gives_back_what_it_refuses() {
    let config = |checks| Config {
        host_parses_json: true,
        host_checks_json: checks,
        ..Config::default()
    };
    let (checked, unchecked) = (
        Session::new(config(false), Credentials::None),
        Session::new(config(true), Credentials::None),
    );
    let broken = br#"{"id": "p", "name": "#;
    // The core's pass finds the broken document itself...
    let Err(Error::Decode(found)) = answered(&checked, broken).1 else {
        panic!("the checked session should refuse broken JSON")
    };
    // ...and without that pass the host gets the bytes; what its parser refuses, the core then
    // reads, to the same error.
    let (call, result) = answered(&unchecked, broken);
    assert_eq!(result.unwrap(), Parsed::JsonText(broken.to_vec()));
    let Err(Error::Decode(reread)) = call.reread(broken) else {
        panic!("reread should refuse broken JSON")
    };
    assert_eq!(reread.to_string(), found.to_string());
    assert_eq!(reread.status, 200);

    // An envelope the host finds is unwrapped by the core, as the checked session does.
    let envelope = br#"{"status":200,"content":{"id":"p"}}"#;
    assert_eq!(
        answered(&checked, envelope).1.unwrap(),
        Parsed::Json(json!({"id": "p"}))
    );
    let (call, result) = answered(&unchecked, envelope);
    assert_eq!(result.unwrap(), Parsed::JsonText(envelope.to_vec()));
    assert_eq!(
        call.reread(envelope).unwrap(),
        Parsed::Json(json!({"id": "p"}))
    );
}

#[test]
fn reread_is_only_for_a_single_calls_reply() {
    let session = Session::new(Config::default(), Credentials::None);
    let pages = session.pages("listProjects", &json!({}));
    assert!(matches!(pages.reread(b"{}"), Err(Error::Misuse(_))));
    let unsent = session.call(
        "getProject",
        &json!({"groupId": "32b6e34b3d91647abb20e7b8"}),
        None,
    );
    assert!(matches!(unsent.reread(b"{}"), Err(Error::Misuse(_))));
}
