//! Every request fixture, built through its typed call, gives the request the dynamic layer
//! builds for the same params, body and pinned version.
#![cfg(feature = "models")]

mod typed_dispatch;

use atlas_admin::typed::Endpoint;
use atlas_admin::{build_request_with, CallOptions, Config};
use serde_json::Value;
use typed_dispatch::{with_endpoint, WithEndpoint};

struct Build<'a> {
    input: &'a Value,
}

impl WithEndpoint for Build<'_> {
    type Out = Result<(http::Request<Vec<u8>>, CallOptions), String>;
    fn call<E: Endpoint + serde::de::DeserializeOwned>(self) -> Self::Out {
        let call: E =
            serde_json::from_value(self.input.clone()).map_err(|e| format!("typed params: {e}"))?;
        let req = call
            .to_request(&Config::default())
            .map_err(|e| format!("to_request: {e}"))?;
        Ok((req, call.options()))
    }
}

#[test]
fn fixtures_build_the_same_request_typed_and_dynamic() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/requests.json");
    let fixtures: Vec<Value> = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let (mut same, mut body_differs) = (0, Vec::new());
    let mut failures = Vec::new();
    for f in &fixtures {
        let id = f["operationId"].as_str().unwrap();
        let mut input = f["params"].clone();
        if let Some(b) = f.get("body").filter(|b| !b.is_null()) {
            input
                .as_object_mut()
                .unwrap()
                .insert("$body".into(), b.clone());
        }
        let built = with_endpoint(id, Build { input: &input }).expect("every operation is typed");
        let (typed, options) = match built {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{id}: {e}"));
                continue;
            }
        };
        let body = f.get("body").filter(|b| !b.is_null());
        let dynamic = build_request_with(&Config::default(), id, &f["params"], body, &options)
            .unwrap_or_else(|e| panic!("{id}: dynamic build failed: {e}"));
        if typed.uri() != dynamic.uri()
            || typed.method() != dynamic.method()
            || typed.headers() != dynamic.headers()
        {
            failures.push(format!(
                "{id}: {} {} vs {} {}",
                typed.method(),
                typed.uri(),
                dynamic.method(),
                dynamic.uri()
            ));
            continue;
        }
        let json = |b: &[u8]| serde_json::from_slice::<Value>(b).ok();
        if json(typed.body()) != json(dynamic.body()) {
            body_differs.push(id.to_owned());
        }
        same += 1;
    }
    eprintln!("{same} typed requests match the dynamic ones; bodies re-shaped by the model: {body_differs:?}");
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn read_only_fields_never_reach_a_request_body() {
    #![allow(deprecated)] // The first release's name still compiles (with a warning).
    use atlas_admin::models::{ops::CreateProject, Group};
    let group = Group {
        name: "p".into(),
        org_id: "32b6e34b3d91647abb20e7b8".into(),
        id: Some("32b6e34b3d91647abb20e7b8".into()),
        cluster_count: Some(3),
        ..Group::default()
    };
    let req = CreateProject::new(group.clone())
        .to_request(&Config::default())
        .unwrap();
    let body: Value = serde_json::from_slice(req.body()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"name": "p", "orgId": "32b6e34b3d91647abb20e7b8"})
    );
    // The same model, read from a reply and written back, keeps them.
    let text = serde_json::to_value(&group).unwrap();
    assert_eq!(text["clusterCount"], 3);
}

fn reply(status: u16, content_type: &str, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

#[test]
fn a_list_reply_reads_as_a_typed_page_and_keeps_what_the_spec_does_not_know() {
    use atlas_admin::models::ops::ListClusters;
    use atlas_admin::models::{
        CloudRegionConfig20240805, ClusterDescription20240805ClusterType,
        ClusterDescription20240805StateName,
    };
    use atlas_admin::typed::Page;
    let body = r#"{"results": [
        {"name": "a", "clusterType": "REPLICASET", "stateName": "HIBERNATING", "someNewField": 1,
         "replicationSpecs": [{"regionConfigs": [
            {"providerName": "AWS", "regionName": "US_EAST_1", "priority": 7},
            {"providerName": "ORACLE", "regionName": "somewhere"}]}]}],
        "totalCount": 1, "links": []}"#;
    let page =
        ListClusters::from_response(reply(200, "application/vnd.atlas.2024-08-05+json", body))
            .unwrap();
    assert_eq!(page.total_count(), Some(1));
    let cluster = &page.results()[0];
    assert_eq!(
        cluster.cluster_type,
        Some(ClusterDescription20240805ClusterType::Replicaset)
    );
    // An enum value this spec does not list is kept.
    assert_eq!(
        cluster.state_name,
        Some(ClusterDescription20240805StateName::Other(
            "HIBERNATING".into()
        ))
    );
    let configs = cluster.replication_specs.as_ref().unwrap()[0]
        .region_configs
        .as_ref()
        .unwrap();
    assert!(matches!(
        configs[0],
        CloudRegionConfig20240805::AWSRegionConfig20240805(_)
    ));
    // A discriminator value this spec does not know is kept as sent.
    match &configs[1] {
        CloudRegionConfig20240805::Unknown(v) => assert_eq!(v["providerName"], "ORACLE"),
        other => panic!("{other:?}"),
    }
    let again = serde_json::to_value(cluster).unwrap();
    assert_eq!(again["stateName"], "HIBERNATING");
    assert_eq!(
        again["replicationSpecs"][0]["regionConfigs"][1]["providerName"],
        "ORACLE"
    );
}

#[test]
fn typed_calls_pin_their_version_and_report_api_errors() {
    use atlas_admin::models::ops::ListClusters;
    use atlas_admin::Error;
    let pinned = Config::default().with_version_pin("2023-02-01");
    let req = ListClusters::new("32b6e34b3d91647abb20e7b8")
        .to_request(&pinned)
        .unwrap();
    // The typed output models 2024-08-05, so the call asks for it whatever the pin.
    assert_eq!(
        req.headers()["accept"],
        "application/vnd.atlas.2024-08-05+json"
    );
    let err = ListClusters::from_response(reply(
        404,
        "application/json",
        r#"{"error": 404, "errorCode": "GROUP_NOT_FOUND", "detail": "No group"}"#,
    ))
    .unwrap_err();
    match err {
        Error::Api(e) => assert_eq!(e.error_code.as_deref(), Some("GROUP_NOT_FOUND")),
        other => panic!("{other:?}"),
    }
    let bad = ListClusters::from_response(reply(
        200,
        "application/vnd.atlas.2024-08-05+json",
        r#"{"results": 3}"#,
    ));
    assert!(matches!(bad, Err(Error::Decode(_))));
    // Bad params are the dynamic layer's BuildError.
    assert!(ListClusters::new("not-an-id")
        .to_request(&Config::default())
        .is_err());
}
