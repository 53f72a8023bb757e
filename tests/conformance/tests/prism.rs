//! Every operation, built by the core from the fixture calls, sent to Prism (a validating mock
//! built from the official spec), and its reply parsed by the core. Prism answers 4xx to any
//! request that breaks the spec, so a 4xx here is a defect of ours.

use atlas_admin::{build_request, parse_response, Config, Parsed};
use conformance::{agent, repo_root, send, Prism};
use serde_json::Value;

fn fixtures() -> Vec<Value> {
    let bytes = std::fs::read(repo_root().join("tests/fixtures/requests.json")).expect("fixtures");
    serde_json::from_slice(&bytes).expect("fixtures JSON")
}

#[test]
fn all_operations_against_prism() {
    let prism = Prism::shared_or_start();
    let config = Config::default().with_base_url(prism.url.clone());
    let agent = agent();
    let calls = fixtures();
    let (mut accepted, mut parsed) = (0, 0);
    let mut rejected = Vec::new();
    let mut unparsed = Vec::new();
    let mut spec_defects = Vec::new();
    for call in &calls {
        let id = call["operationId"].as_str().unwrap();
        let body = if call["body"].is_null() {
            None
        } else {
            Some(&call["body"])
        };
        let mut req = build_request(&config, id, &call["params"], body)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        req.headers_mut().insert(
            "authorization",
            http::HeaderValue::from_static("Bearer conformance-test"),
        );
        let (method, uri) = (req.method().clone(), req.uri().clone());
        let reply = match send(&agent, req) {
            Ok(r) => r,
            Err(e) => {
                rejected.push(format!("{id}: {e}"));
                continue;
            }
        };
        let status = reply.response.status().as_u16();
        if (400..500).contains(&status) {
            let body = String::from_utf8_lossy(reply.response.body());
            rejected.push(format!(
                "{id}: {method} {uri} -> {status} {}",
                &body[..body.len().min(600)]
            ));
            continue;
        }
        accepted += 1;
        if let Some(v) = reply.header("sl-violations") {
            spec_defects.push(format!("{id}: {v}"));
        }
        match parse_response(id, &reply.response) {
            Ok(Parsed::Json(_) | Parsed::Text(_) | Parsed::Bytes(_) | Parsed::Empty)
                if status < 300 =>
            {
                parsed += 1
            }
            Ok(other) => unparsed.push(format!("{id}: {status} parsed as success {other:?}")),
            // A 5xx answer (Prism could not produce an example) must still parse into an ApiError.
            Err(atlas_admin::Error::Api(e)) if status >= 500 && e.status == status => parsed += 1,
            Err(e) => unparsed.push(format!("{id}: {status}: {e}")),
        }
    }
    println!(
        "prism: {accepted} of {} operations accepted, {parsed} replies parsed",
        calls.len()
    );
    println!("prism: {} replies flagged by Prism as breaking the spec's own response schema (spec defects):", spec_defects.len());
    for d in &spec_defects {
        println!("  {}", &d[..d.len().min(300)]);
    }
    assert!(
        rejected.is_empty(),
        "{} requests rejected by Prism:\n{}",
        rejected.len(),
        rejected.join("\n")
    );
    assert!(
        unparsed.is_empty(),
        "{} replies not parsed:\n{}",
        unparsed.len(),
        unparsed.join("\n")
    );
    assert_eq!(accepted, 466);
    assert_eq!(parsed, 466);
}
