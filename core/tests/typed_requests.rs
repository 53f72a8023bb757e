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
