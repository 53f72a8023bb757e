//! What a user checks of `build_request` and `parse_response`, rule by rule.

use atlas_admin::{
    build_request, build_request_with, parse_response, BuildError, CallOptions, Config, Error,
    Format, Parsed, RetryAfter,
};
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};

const G: &str = "32b6e34b3d91647abb20e7b8";

fn query(req: &http::Request<Vec<u8>>) -> String {
    req.uri().query().unwrap_or("").to_owned()
}

fn reply(status: u16, content_type: &str, body: &[u8]) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(body.to_vec())
        .unwrap()
}

#[test]
fn query_params_are_typed() {
    let c = Config::default();
    let r = build_request(
        &c,
        "listClusters",
        &json!({"groupId": G, "includeCount": false, "itemsPerPage": 500, "pageNum": "2"}),
        None,
    )
    .unwrap();
    assert_eq!(query(&r), "includeCount=false&itemsPerPage=500&pageNum=2");

    let e = build_request(
        &c,
        "listClusters",
        &json!({"groupId": G, "itemsPerPage": 501}),
        None,
    )
    .unwrap_err();
    assert!(
        matches!(
            &e,
            BuildError::InvalidParameter {
                name: "itemsPerPage",
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("maximum 500"), "{e}");
    let e = build_request(
        &c,
        "listClusters",
        &json!({"groupId": G, "itemsPerPage": 0}),
        None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("minimum 1"), "{e}");
    let e = build_request(
        &c,
        "listClusters",
        &json!({"groupId": G, "itemsPerPage": 1.5}),
        None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("must be an integer"), "{e}");
    let e = build_request(
        &c,
        "listClusters",
        &json!({"groupId": G, "includeCount": "yes"}),
        None,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("`includeCount`") && e.to_string().contains("boolean"),
        "{e}"
    );
    let e = build_request(
        &c,
        "listClusters",
        &json!({"groupId": G, "pageNum": [1, 2]}),
        None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("not a list"), "{e}");
}

#[test]
fn date_times_and_arrays() {
    let c = Config::default();
    let r = build_request(
        &c,
        "listProjectEvents",
        &json!({"groupId": G, "minDate": "2024-01-01T00:00:00+01:00", "clusterNames": ["a", "b"]}),
        None,
    )
    .unwrap();
    let q = query(&r);
    assert!(q.contains("clusterNames=a&clusterNames=b"), "{q}");
    assert!(
        q.contains("minDate=2024-01-01T00:00:00%2B01:00"),
        "a + must not turn into a space: {q}"
    );
    let e = build_request(
        &c,
        "listProjectEvents",
        &json!({"groupId": G, "minDate": "yesterday"}),
        None,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("`minDate`") && e.to_string().contains("date-time"),
        "{e}"
    );
}

#[test]
fn a_required_list_needs_a_value() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/requests.json"
    );
    let fixtures: Vec<Value> = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let call = fixtures
        .iter()
        .find(|f| f["operationId"] == atlas_admin::operation("getMeasurements").unwrap().id)
        .unwrap();
    let mut params = call["params"].clone();
    build_request(&Config::default(), "getMeasurements", &params, None).unwrap();
    params["metrics"] = json!([]);
    let e = build_request(&Config::default(), "getMeasurements", &params, None).unwrap_err();
    assert!(e.to_string().contains("`metrics` is required"), "{e}");
}

#[test]
fn defaults_are_not_sent_and_null_means_absent() {
    let r = build_request(
        &Config::default(),
        "listClusters",
        &json!({"groupId": G, "pageNum": null}),
        None,
    )
    .unwrap();
    assert_eq!(r.uri().query(), None);
}

#[test]
fn unknown_and_missing_params_name_themselves() {
    let c = Config::default();
    match build_request(
        &c,
        "listClusters",
        &json!({"groupId": G, "itemsPerPge": 5}),
        None,
    ) {
        Err(BuildError::UnknownParameter { name, accepted, .. }) => {
            assert_eq!(name, "itemsPerPge");
            assert!(accepted.contains(&"itemsPerPage"));
        }
        other => panic!("{other:?}"),
    }
    match build_request(&c, "listClusters", &json!({}), None) {
        Err(BuildError::MissingParameter {
            name: "groupId",
            location: "path",
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    let e = build_request(&c, "listClusters", &json!(["groupId"]), None).unwrap_err();
    assert!(e.to_string().contains("JSON object"), "{e}");
    match build_request(&c, "listClustr", &json!({}), None) {
        Err(BuildError::UnknownOperation { suggestions, .. }) => {
            assert_eq!(suggestions[0], "listClusters")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bodies_are_checked_before_sending() {
    let c = Config::default();
    let p = json!({"groupId": G});
    let missing = build_request(
        &c,
        "createDatabaseUser",
        &p,
        Some(&json!({"databaseName": "admin", "groupId": G, "roles": [{"databaseName": "admin", "roleName": "read"}]})),
    )
    .unwrap_err();
    assert!(
        missing.to_string().contains("`username` is required"),
        "{missing}"
    );

    let wrong_type = build_request(
        &c,
        "createDatabaseUser",
        &p,
        Some(
            &json!({"databaseName": "admin", "groupId": G, "username": "u", "roles": "readWrite"}),
        ),
    )
    .unwrap_err();
    assert!(
        wrong_type.to_string().contains("`roles` must be a list"),
        "{wrong_type}"
    );

    let nested = build_request(
        &c,
        "createDatabaseUser",
        &p,
        Some(&json!({"databaseName": "admin", "groupId": G, "username": "u", "roles": [{"databaseName": 5, "roleName": "read"}]})),
    )
    .unwrap_err();
    assert!(
        nested
            .to_string()
            .contains("`roles[0].databaseName` must be a string"),
        "{nested}"
    );

    // Read-only fields are set by Atlas: sending one is a mistake the caller can fix.
    let ro = build_request(
        &c,
        "createProject",
        &json!({}),
        Some(&json!({"name": "p", "orgId": G, "created": "2024-01-01T00:00:00Z"})),
    )
    .unwrap_err();
    assert!(ro.to_string().contains("`created` is read-only"), "{ro}");

    let none = build_request(&c, "createProject", &json!({}), None).unwrap_err();
    assert!(
        none.to_string().contains("request body is required"),
        "{none}"
    );
    let extra =
        build_request(&c, "listClusters", &json!({"groupId": G}), Some(&json!({}))).unwrap_err();
    assert!(extra.to_string().contains("takes no body"), "{extra}");

    // Secrets in a body never show up in an error about the body.
    let secret = build_request(
        &c,
        "createDatabaseUser",
        &p,
        Some(&json!({"databaseName": "admin", "groupId": G, "username": 7, "password": "hunter2-secret"})),
    )
    .unwrap_err();
    assert!(
        !format!("{secret} {secret:?}").contains("hunter2"),
        "{secret}"
    );
}

#[test]
fn enum_values_pass_unless_strict() {
    let body = json!({"name": "p", "orgId": G, "regionUsageRestrictions": "SOMETHING_NEW"});
    build_request(&Config::default(), "createProject", &json!({}), Some(&body)).unwrap();
    let strict = Config {
        strict: true,
        ..Config::default()
    };
    let e = build_request(&strict, "createProject", &json!({}), Some(&body)).unwrap_err();
    assert!(e.to_string().contains("regionUsageRestrictions"), "{e}");
}

#[test]
fn versions_default_pin_and_override() {
    let p = json!({"groupId": G});
    let accept = |c: &Config, o: &CallOptions| {
        build_request_with(c, "listClusters", &p, None, o)
            .map(|r| r.headers()["accept"].to_str().unwrap().to_owned())
    };
    let d = CallOptions::default();
    assert_eq!(
        accept(&Config::default(), &d).unwrap(),
        "application/vnd.atlas.2024-08-05+json"
    );
    let pinned = Config::default().with_version_pin("2024-01-01");
    assert_eq!(
        accept(&pinned, &d).unwrap(),
        "application/vnd.atlas.2023-02-01+json"
    );
    assert_eq!(
        accept(&pinned, &CallOptions::version("2023-01-01")).unwrap(),
        "application/vnd.atlas.2023-01-01+json"
    );
    let e = accept(&Config::default(), &CallOptions::version("2099-01-01")).unwrap_err();
    assert!(
        e.to_string().contains("2024-08-05"),
        "lists what is available: {e}"
    );
    let too_early = Config::default().with_version_pin("2020-01-01");
    assert!(matches!(
        accept(&too_early, &d),
        Err(BuildError::UnsupportedVersion { .. })
    ));
    let bad_pin = Config::default().with_version_pin("last tuesday");
    assert!(matches!(
        accept(&bad_pin, &d),
        Err(BuildError::InvalidConfig {
            field: "version_pin",
            ..
        })
    ));

    // Preview-only operations use preview.
    let preview_only: Vec<_> = atlas_admin::operations()
        .iter()
        .filter(|o| o.versions.iter().all(|v| !v.stable))
        .collect();
    assert_eq!(preview_only.len(), 37);
    for op in preview_only {
        let v = atlas_admin::chosen_version(&Config::default(), op.id, &CallOptions::default())
            .unwrap();
        assert_eq!(v.name, "preview", "{}", op.id);
    }
    // `2025-09-22.upcoming` is not stable: never the default.
    let info = atlas_admin::chosen_version(&Config::default(), "getOpenApiInfo", &d).unwrap();
    assert!(
        info.stable && !info.name.contains("upcoming"),
        "{}",
        info.name
    );
    let csv = CallOptions {
        format: Format::parse("csv"),
        ..d.clone()
    };
    let r = build_request_with(
        &Config::default(),
        "getInvoice",
        &json!({"orgId": G, "invoiceId": G}),
        None,
        &csv,
    )
    .unwrap();
    assert_eq!(
        r.headers()["accept"],
        "application/vnd.atlas.2023-01-01+csv"
    );
    let gz = CallOptions {
        format: Format::parse("gzip"),
        ..d
    };
    assert!(matches!(
        build_request_with(
            &Config::default(),
            "getInvoice",
            &json!({"orgId": G, "invoiceId": G}),
            None,
            &gz
        ),
        Err(BuildError::UnsupportedFormat { .. })
    ));
}

#[test]
fn base_url_is_checked() {
    for bad in [
        "ftp://x",
        "https://",
        "https://a b",
        "https://h/?q=1",
        "https://user@h",
    ] {
        let c = Config::default().with_base_url(bad);
        assert!(
            matches!(
                build_request(&c, "listClusters", &json!({"groupId": G}), None),
                Err(BuildError::InvalidConfig {
                    field: "base_url",
                    ..
                })
            ),
            "{bad}"
        );
    }
    let c = Config::default().with_base_url("http://127.0.0.1:4010/");
    let r = build_request(&c, "listClusters", &json!({"groupId": G}), None).unwrap();
    assert_eq!(
        r.uri().to_string(),
        format!("http://127.0.0.1:4010/api/atlas/v2/groups/{G}/clusters")
    );
}

#[test]
fn replies_by_content_type() {
    let json_reply = reply(
        200,
        "application/vnd.atlas.2024-08-05+json",
        br#"{"results":[],"totalCount":0}"#,
    );
    assert_eq!(
        parse_response("listClusters", &json_reply).unwrap(),
        Parsed::Json(json!({"results": [], "totalCount": 0}))
    );
    let csv = reply(200, "application/vnd.atlas.2023-01-01+csv", b"a,b\n1,2\n");
    assert_eq!(
        parse_response("getInvoice", &csv).unwrap(),
        Parsed::Text("a,b\n1,2\n".into())
    );
    let gz = reply(
        200,
        "application/vnd.atlas.2023-02-01+gzip",
        &[0x1f, 0x8b, 0, 1],
    );
    assert_eq!(
        parse_response("getHostLogs", &gz).unwrap(),
        Parsed::Bytes(vec![0x1f, 0x8b, 0, 1])
    );
    let empty = reply(204, "application/vnd.atlas.2023-01-01+json", b"");
    assert_eq!(
        parse_response("deleteCluster", &empty).unwrap(),
        Parsed::Empty
    );
}

#[test]
fn envelopes_unwrap() {
    let wrapped = reply(
        200,
        "application/json",
        br#"{"status":200,"content":{"name":"p"}}"#,
    );
    assert_eq!(
        parse_response("getProject", &wrapped).unwrap(),
        Parsed::Json(json!({"name": "p"}))
    );
    let list = reply(
        200,
        "application/json",
        br#"{"status":200,"results":[1],"totalCount":1}"#,
    );
    assert_eq!(
        parse_response("listClusters", &list).unwrap(),
        Parsed::Json(json!({"results": [1], "totalCount": 1}))
    );
    let failed = reply(
        200,
        "application/json",
        br#"{"status":404,"content":{"errorCode":"GROUP_NOT_FOUND","detail":"No group"}}"#,
    );
    match parse_response("getProject", &failed) {
        Err(Error::Api(e)) => assert_eq!(
            (e.status, e.error_code.as_deref()),
            (404, Some("GROUP_NOT_FOUND"))
        ),
        other => panic!("{other:?}"),
    }
    // An object that merely has a `status` field is not an envelope.
    let plain = reply(
        200,
        "application/json",
        br#"{"status":"ACTIVE","name":"x"}"#,
    );
    assert_eq!(
        parse_response("getProject", &plain).unwrap(),
        Parsed::Json(json!({"status": "ACTIVE", "name": "x"}))
    );
}

#[test]
fn api_errors_keep_every_field() {
    let body = br#"{"detail":"Bad","error":400,"errorCode":"INVALID_ATTRIBUTE","reason":"Bad Request","parameters":["x"],"badRequestDetail":{"fields":[{"field":"name","description":"too long"}]}}"#;
    let mut r = reply(400, "application/json", body);
    r.headers_mut().insert("retry-after", "30".parse().unwrap());
    let Err(Error::Api(e)) = parse_response("createProject", &r) else {
        panic!()
    };
    assert_eq!(e.status, 400);
    assert_eq!(e.bad_request_fields()[0]["field"], "name");
    assert_eq!(
        e.retry_after,
        Some(RetryAfter::Delay(Duration::from_secs(30)))
    );
    assert_eq!(e.to_string(), "400 Bad Request (INVALID_ATTRIBUTE): Bad");

    // Not JSON, or empty: the status survives.
    let Err(Error::Api(e)) = parse_response(
        "getProject",
        &reply(502, "text/html", b"<html>Bad gateway</html>"),
    ) else {
        panic!()
    };
    assert_eq!(e.status, 502);
    assert!(e.to_string().starts_with("502 Bad Gateway"), "{e}");
    let Err(Error::Api(e)) = parse_response("getProject", &reply(503, "", b"")) else {
        panic!()
    };
    assert_eq!(e.to_string(), "503 Service Unavailable");
}

#[test]
fn retry_after_forms() {
    assert_eq!(
        RetryAfter::parse("120"),
        Some(RetryAfter::Delay(Duration::from_secs(120)))
    );
    let at = RetryAfter::parse("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_470);
    assert_eq!(at.delay_from(now), Duration::from_secs(10));
    assert_eq!(RetryAfter::parse("soon"), None);
    assert_eq!(RetryAfter::parse("99999999999999999999"), None);
}

#[test]
fn malformed_bytes_are_decode_errors_not_panics() {
    let bad = reply(
        200,
        "application/vnd.atlas.2024-08-05+json",
        b"{\"results\": [",
    );
    match parse_response("listClusters", &bad) {
        Err(Error::Decode(d)) => {
            assert_eq!(d.status, 200);
            assert!(d.snippet.starts_with("{\"results\""));
        }
        other => panic!("{other:?}"),
    }
    let not_utf8 = reply(
        200,
        "application/vnd.atlas.2023-01-01+csv",
        &[0xff, 0xfe, 0x00],
    );
    assert!(matches!(
        parse_response("getInvoice", &not_utf8),
        Err(Error::Decode(_))
    ));
    let deep = "[".repeat(100_000);
    assert!(matches!(
        parse_response(
            "listClusters",
            &reply(200, "application/json", deep.as_bytes())
        ),
        Err(Error::Decode(_))
    ));
    let huge_snippet = vec![b'x'; 1 << 20];
    let Err(Error::Decode(d)) = parse_response(
        "listClusters",
        &reply(200, "application/json", &huge_snippet),
    ) else {
        panic!()
    };
    assert!(d.snippet.len() <= 800);
    let _: Value = json!(null);
}
