//! What the 2026-08-21 spec adds to a call: warnings for removed operations and versions past
//! their sunset, Atlas's `410 VERSION_GONE`, and replies Atlas sends as text where the spec
//! says JSON string.

use atlas_admin::mock::MockAtlas;
use atlas_admin::{operations, CallOptions, Config, Credentials, Error, Parsed, Session, Warning};
use serde_json::json;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

fn session() -> Session {
    Session::new(Config::default(), Credentials::None)
}

fn day(date: &str) -> SystemTime {
    // Days from 1970-01-01 by counting (enough for the tests' dates).
    let (y, m, d): (i64, i64, i64) = (
        date[..4].parse().unwrap(),
        date[5..7].parse().unwrap(),
        date[8..].parse().unwrap(),
    );
    let (y2, m2) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    UNIX_EPOCH + Duration::from_secs(days as u64 * 86_400 + 43_200)
}

#[test]
fn a_removed_operation_still_builds_and_warns() {
    let call = session().call(
        "pausePipeline",
        &json!({"groupId": GROUP, "pipelineName": "p"}),
        None,
    );
    let warnings = call.warnings(day("2026-11-26"));
    // Its only version was also announced to stop on 2025-09-09, with nothing newer.
    assert_eq!(
        warnings,
        [
            Warning::Removed {
                operation: "pausePipeline",
                last_listed: "2025-06-05"
            },
            Warning::PastSunset {
                operation: "pausePipeline",
                version: "2023-01-01",
                sunset: "2025-09-09",
                newest: None
            }
        ]
    );
    assert!(
        warnings[0].to_string().contains("Atlas no longer lists"),
        "{}",
        warnings[0]
    );
    let mut m = MockAtlas::new();
    let mut call = session().call(
        "pausePipeline",
        &json!({"groupId": GROUP, "pipelineName": "p"}),
        None,
    );
    m.run(&mut call).unwrap();
    assert!(
        m.received()[0].target.ends_with("/pipelines/p/pause"),
        "{}",
        m.received()[0].target
    );
    // A current operation carries none.
    let call = session().call("listClusters", &json!({"groupId": GROUP}), None);
    assert!(call.warnings(day("2026-11-26")).is_empty());
}

#[test]
fn a_version_past_its_sunset_succeeds_with_a_warning() {
    // listGroupInvites is served only in 2023-01-01, announced to stop on 2027-07-01.
    let op = atlas_admin::operation("listGroupInvites").unwrap();
    let version = op.versions.iter().find(|v| v.sunset.is_some()).unwrap();
    let sunset = version.sunset.unwrap();
    let options = CallOptions::version(version.name);
    let call = session().call_with(op.id, &json!({"groupId": GROUP}), None, &options);
    assert!(
        call.warnings(day("2026-11-26")).is_empty(),
        "before {sunset}"
    );
    let after = call.warnings(day("2027-07-02"));
    match &after[..] {
        [Warning::PastSunset {
            operation,
            version: v,
            sunset: s,
            ..
        }] => {
            assert_eq!((*operation, *v, *s), (op.id, version.name, sunset));
        }
        other => panic!("{other:?}"),
    }
    assert!(after[0].to_string().contains(sunset), "{}", after[0]);
    let mut m = MockAtlas::new();
    let mut call = session().call_with(op.id, &json!({"groupId": GROUP}), None, &options);
    assert!(m.run(&mut call).is_ok(), "a sunset version is not refused");

    // Where a newer version is served, the warning names it.
    let (op, old, newest) = operations()
        .iter()
        .find_map(|op| {
            let old = op
                .versions
                .iter()
                .find(|v| v.stable && v.sunset.is_some())?;
            let newest = op
                .versions
                .iter()
                .filter(|v| v.stable && v.sunset.is_none())
                .max_by_key(|v| v.name)?;
            Some((op, old, newest))
        })
        .unwrap();
    let w = atlas_admin::warnings(op, old, day("2099-01-01"));
    assert!(
        w.iter()
            .any(|w| matches!(w, Warning::PastSunset { newest: Some(n), .. } if *n == newest.name)),
        "{w:?}"
    );
}

#[test]
fn the_default_version_is_never_past_its_sunset_where_another_is_served() {
    let mut checked = 0;
    for op in operations() {
        let chosen =
            atlas_admin::chosen_version(&Config::default(), op.id, &CallOptions::default())
                .unwrap();
        let past = |v: &atlas_admin::Version| v.sunset.is_some_and(|s| s <= atlas_admin::SPEC_DATE);
        if past(chosen) {
            assert!(
                op.versions.iter().filter(|v| v.stable).all(past),
                "{}: default {} is past its sunset while another version is served",
                op.id,
                chosen.name
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 575);
}

#[test]
fn version_gone_names_the_operation_the_version_and_the_newest() {
    let mut m = MockAtlas::new();
    m.respond(
        "listClusters",
        410,
        &[("content-type", "application/json")],
        r#"{"detail":"This version is gone.","error":410,"errorCode":"VERSION_GONE","reason":"Gone"}"#,
    );
    let options = CallOptions::version("2023-02-01");
    let mut call = session().call_with("listClusters", &json!({"groupId": GROUP}), None, &options);
    let e = m.run(&mut call).unwrap_err();
    match &e {
        Error::VersionGone {
            operation,
            version,
            newest,
            error,
        } => {
            assert_eq!(*operation, "listGroupClusters");
            assert_eq!(*version, "2023-02-01");
            assert_eq!(*newest, Some("2024-08-05"));
            assert_eq!(error.status, 410);
        }
        other => panic!("{other:?}"),
    }
    let text = e.to_string();
    assert!(
        text.contains("listGroupClusters")
            && text.contains("2023-02-01")
            && text.contains("use version 2024-08-05"),
        "{text}"
    );
    assert_eq!(e.status(), Some(410));
}

#[test]
fn a_pem_reply_under_a_json_content_type_comes_back_as_text() {
    let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    let mut m = MockAtlas::new();
    m.respond(
        "createDatabaseUserCertificate",
        201,
        &[("content-type", "application/vnd.atlas.2023-01-01+json")],
        pem,
    );
    let mut call = session().call(
        "createDatabaseUserCertificate",
        &json!({"groupId": GROUP, "username": "u"}),
        Some(&json!({"monthsUntilExpiration": 3})),
    );
    assert_eq!(m.run(&mut call).unwrap(), Parsed::Text(pem.to_owned()));
    // Elsewhere, bytes that are not JSON under a JSON type are still a decode error.
    let mut m = MockAtlas::new();
    m.respond(
        "listClusters",
        200,
        &[("content-type", "application/vnd.atlas.2024-08-05+json")],
        "-----BEGIN",
    );
    let mut call = session().call("listClusters", &json!({"groupId": GROUP}), None);
    assert!(matches!(m.run(&mut call), Err(Error::Decode(_))));
}

#[test]
fn min_and_max_properties_are_checked_before_sending() {
    let params = json!({"groupId": GROUP, "clusterName": "c1"});
    let body = |keys: serde_json::Value| json!({"db": "d", "collection": "c", "keys": keys});
    let build =
        |b| atlas_admin::build_request(&Config::default(), "createRollingIndex", &params, Some(&b));
    build(body(json!([{"name": "1"}]))).unwrap();
    let e = build(body(json!([{}]))).unwrap_err().to_string();
    assert!(e.contains("`keys[0]` must hold at least 1 field"), "{e}");
    let e = build(body(json!([{"a": "1", "b": "1"}])))
        .unwrap_err()
        .to_string();
    assert!(e.contains("`keys[0]` must hold at most 1 field"), "{e}");
}
