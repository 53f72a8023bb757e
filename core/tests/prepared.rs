//! `Session::prepare`: the part of a request its parameters do not change, made once, then the
//! parameters read on each build. Every request so built must be the one `build_request` builds,
//! and every error the one it gives.

mod common;

use atlas_admin::{BuildError, CallOptions, Config, Credentials, Session};
use common::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn session(config: Config) -> Session {
    Session::new(config, Credentials::None)
}

/// The fixture call's body, `None` where it has none.
fn body_of(call: &Value) -> Option<&Value> {
    Some(&call["body"]).filter(|b| !b.is_null())
}

#[test]
fn every_operation_prepared_builds_what_build_request_builds() {
    let session = session(Config::default());
    let options = CallOptions::default();
    for call in fixtures() {
        let id = call["operationId"].as_str().unwrap();
        let (params, body) = (&call["params"], body_of(call));
        let direct = session.build_request(id, params, body, &options).unwrap();
        let prepared = session.prepare(id, &options).unwrap();
        let built = prepared.request(params, body).unwrap();
        assert_eq!(built.method(), direct.method(), "{id}");
        assert_eq!(built.uri(), direct.uri(), "{id}");
        assert_eq!(built.headers(), direct.headers(), "{id}");
        assert_eq!(built.body(), direct.body(), "{id}");
        assert_eq!(prepared.method(), direct.method(), "{id}");
        if body.is_none() {
            // The target is the URL and what the request sends beyond the prepared headers.
            let target = prepared.target(params).unwrap();
            assert_eq!(target.url, direct.uri().to_string(), "{id}");
            let mut headers = prepared.headers().clone();
            headers.extend(target.headers);
            assert_eq!(&headers, direct.headers(), "{id}");
        }
    }
}

#[test]
fn a_header_parameter_comes_with_the_target_and_an_extra_header_of_its_name_wins() {
    let params = json!({
        "groupId": "32b6e34b3d91647abb20e7b8",
        "clusterName": "c1",
        "Use-Effective-Instance-Fields": true,
    });
    let plain = session(Config::default());
    let target = plain
        .prepare("getCluster", &CallOptions::default())
        .unwrap()
        .target(&params)
        .unwrap();
    let sent: Vec<(&str, &str)> = (target.headers.iter())
        .map(|(n, v)| (n.as_str(), v.to_str().unwrap()))
        .collect();
    assert_eq!(sent, [("use-effective-instance-fields", "true")]);

    let options = CallOptions {
        headers: BTreeMap::from([("Use-Effective-Instance-Fields".into(), "false".into())]),
        ..CallOptions::default()
    };
    let prepared = plain.prepare("getCluster", &options).unwrap();
    assert!(prepared.target(&params).unwrap().headers.is_empty());
    let request = prepared.request(&params, None).unwrap();
    let direct = plain
        .build_request("getCluster", &params, None, &options)
        .unwrap();
    for built in [&request, &direct] {
        let values: Vec<_> = built
            .headers()
            .get_all("use-effective-instance-fields")
            .iter()
            .collect();
        assert_eq!(values, ["false"]);
    }
}

#[test]
fn preparing_fails_as_building_would_and_the_target_as_a_build_without_a_body() {
    let plain = session(Config::default());
    let build = |id: &str, params: &Value, options: &CallOptions| {
        plain
            .build_request(id, params, None, options)
            .unwrap_err()
            .to_string()
    };
    let none = CallOptions::default();
    // An unknown operation, and a version the operation does not serve, before any parameter.
    for (id, options) in [
        ("getProjekt", none.clone()),
        ("getProject", CallOptions::version("2001-01-01")),
    ] {
        let err = plain.prepare(id, &options).unwrap_err().to_string();
        assert_eq!(err, build(id, &json!({}), &options));
    }
    // A bad parameter, a missing one, and a body the operation requires.
    let cases = [
        ("getProject", json!({"groupId": "nope"})),
        ("getProject", json!({})),
        (
            "getProject",
            json!({"groupId": "32b6e34b3d91647abb20e7b8", "x": 1}),
        ),
        ("createProject", json!({})),
    ];
    for (id, params) in cases {
        let prepared = plain.prepare(id, &none).unwrap();
        let err = prepared.target(&params).unwrap_err().to_string();
        assert_eq!(err, build(id, &params, &none), "{id} {params}");
    }
    let missing_body = plain.prepare("createProject", &none).unwrap();
    assert!(matches!(
        missing_body.target(&json!({})),
        Err(BuildError::InvalidBody { .. })
    ));
}

#[test]
fn the_session_defaults_fill_the_target() {
    let config = Config {
        default_group_id: Some("32b6e34b3d91647abb20e7b8".into()),
        ..Config::default()
    };
    let target = session(config)
        .prepare("getProject", &CallOptions::default())
        .unwrap()
        .target(&Value::Null)
        .unwrap();
    assert_eq!(
        target.url,
        "https://cloud.mongodb.com/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8"
    );
}

#[test]
fn a_base_url_that_is_no_uri_is_refused_as_a_setting() {
    for base in ["https://exa mple.com", "https://a[b.com", "https://a<b.com"] {
        let config = Config {
            base_url: base.into(),
            ..Config::default()
        };
        let err = session(config)
            .prepare("getProject", &CallOptions::default())
            .unwrap_err();
        assert!(
            matches!(
                &err,
                BuildError::InvalidConfig {
                    field: "base_url",
                    ..
                }
            ),
            "{base}: {err}"
        );
    }
}
