//! Typed calls in a session (`Session::call_typed`): auth and retries from the session, the
//! reply read into the endpoint's model. Against the mock, which demands Digest.

use atlas_admin::driver;
use atlas_admin::mock::MockAtlas;
use atlas_admin::models::ops::{GetGroup, ListClusters};
use atlas_admin::{Config, Credentials, Error, Session};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

fn digest_atlas() -> (MockAtlas, Session) {
    let mut atlas = MockAtlas::new();
    atlas.require_digest("pub", "priv");
    let session = Session::new(Config::default(), Credentials::api_key("pub", "priv"));
    (atlas, session)
}

#[test]
fn typed_list_clusters_returns_typed_items_through_digest() {
    let (mut atlas, session) = digest_atlas();
    atlas.list_items("listClusters", 3);
    let page = session
        .call_typed(&ListClusters::new(GROUP).items_per_page(10))
        .run(&mut atlas)
        .unwrap();
    let clusters = page.results.unwrap();
    assert_eq!(clusters.len(), 3);
    assert!(clusters.iter().all(|c| c.name.is_some()), "{clusters:?}");
    assert_eq!(page.total_count, Some(3));
    let received = atlas.received();
    assert_eq!(
        received.len(),
        2,
        "a challenge, then the answer: {received:?}"
    );
    assert_eq!(received[0].status, 401);
    assert_eq!(received[1].status, 200);
    assert_eq!(received[1].auth_scheme.as_deref(), Some("Digest"));
    assert_eq!(received[1].operation, Some("listGroupClusters"));
    assert!(
        received[1].target.contains("itemsPerPage=10"),
        "{received:?}"
    );

    // The nonce is shared: the next typed call of the session needs one round trip.
    let mut typed = session.call_typed(&ListClusters::new(GROUP));
    let result = driver::drive(typed.call(), &mut atlas, |_| {});
    assert_eq!(typed.finish(result).unwrap().results.unwrap().len(), 3);
    assert_eq!(atlas.received().len(), 3);
}

#[test]
fn typed_call_reports_atlas_errors_and_misfits() {
    let (mut atlas, session) = digest_atlas();
    atlas.respond(
        "getProject",
        404,
        &[("content-type", "application/json")],
        r#"{"error":404,"errorCode":"GROUP_NOT_FOUND","detail":"No group.","reason":"Not Found"}"#,
    );
    let err = session
        .call_typed(&GetGroup::new(GROUP))
        .run(&mut atlas)
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(e) if e.status == 404 && e.error_code.as_deref() == Some("GROUP_NOT_FOUND")),
        "{err:?}"
    );

    atlas.respond(
        "getProject",
        200,
        &[("content-type", "application/vnd.atlas.2023-01-01+json")],
        r#"{"name": 42}"#,
    );
    let err = session
        .call_typed(&GetGroup::new(GROUP))
        .run(&mut atlas)
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a DecodeError, got {err:?}");
    };
    assert_eq!(decode.status, 200);
    assert!(decode.content_type.contains("json"), "{decode:?}");
    assert!(decode.snippet.contains("42"), "{decode:?}");
}

#[test]
fn a_typed_call_that_breaks_a_rule_fails_before_any_io() {
    let (mut atlas, session) = digest_atlas();
    let err = session
        .call_typed(&ListClusters::new("not-a-group-id"))
        .run(&mut atlas)
        .unwrap_err();
    assert!(matches!(err, Error::Build(_)), "{err:?}");
    assert!(atlas.received().is_empty());
}
