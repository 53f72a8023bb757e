//! Every response example in the spec (each operation, status and content type) goes through
//! `parse_response`: success examples come back as the same value, error examples as an
//! `ApiError` carrying the example's fields.

mod common;

use atlas_admin::{parse_response, Error, Parsed};
use common::*;
use serde_json::Value;

fn examples_of(media: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(e) = media.get("example") {
        out.push(e.clone());
    }
    for (_, e) in media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(v) = resolve(e).get("value") {
            out.push(v.clone());
        }
    }
    out
}

fn response(status: u16, content_type: &str, body: Vec<u8>) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(body)
        .unwrap()
}

#[test]
fn every_response_example_parses() {
    let (mut success, mut errors) = (0, 0);
    let mut failures = Vec::new();
    for (_, _, op) in spec_operations() {
        let id = op["operationId"].as_str().unwrap();
        for (status, r) in op["responses"].as_object().unwrap() {
            let status: u16 = status.parse().unwrap();
            for (ct, media) in resolve(r)["content"].as_object().into_iter().flatten() {
                for example in examples_of(media) {
                    let is_json = ct.ends_with("json");
                    let body = match (&example, is_json) {
                        (Value::String(s), false) => s.clone().into_bytes(),
                        (v, _) => serde_json::to_vec(v).unwrap(),
                    };
                    let parsed = parse_response(id, &response(status, ct, body));
                    let ok = match (&parsed, status) {
                        (Ok(Parsed::Json(v)), 200..=299) if is_json => v == &example,
                        (Ok(Parsed::Text(t)), 200..=299) => Value::String(t.clone()) == example,
                        (Ok(Parsed::Bytes(b)), 200..=299) => {
                            example.as_str().map(str::as_bytes) == Some(b.as_slice())
                        }
                        (Err(Error::Api(e)), 400..) => {
                            e.status == status
                                && e.error_code.as_deref() == example["errorCode"].as_str()
                                && e.detail.as_deref() == example["detail"].as_str()
                                && e.reason.as_deref() == example["reason"].as_str()
                        }
                        _ => false,
                    };
                    if !ok {
                        failures.push(format!("{id} {status} {ct}: {parsed:?}"));
                    } else if status < 300 {
                        success += 1;
                    } else {
                        errors += 1;
                    }
                }
            }
        }
    }
    println!("spec examples parsed: {success} success examples, {errors} error examples");
    assert!(
        failures.is_empty(),
        "{} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(success >= 11 && errors > 2000, "{success} / {errors}");
}

#[test]
fn api_error_display_reads_like_atlas() {
    let body = br#"{"detail":"Cannot find resource AWS","error":404,"errorCode":"RESOURCE_NOT_FOUND","reason":"Not Found","parameters":["AWS"]}"#;
    let err = parse_response(
        "listClusters",
        &response(404, "application/json", body.to_vec()),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "404 Not Found (RESOURCE_NOT_FOUND): Cannot find resource AWS"
    );
    let Error::Api(api) = err else {
        panic!("not an ApiError")
    };
    assert_eq!(api.parameters, vec![Value::from("AWS")]);
}

/// The composed success example of every operation and version (what the mock answers with)
/// parses back to the same value.
#[cfg(feature = "examples")]
#[test]
fn every_composed_success_example_parses() {
    let mut count = 0;
    for ex in atlas_admin::examples::all() {
        let parsed = parse_response(
            ex.operation,
            &response(ex.status, ex.content_type, ex.body.as_bytes().to_vec()),
        )
        .unwrap_or_else(|e| panic!("{} {}: {e}", ex.operation, ex.version));
        match parsed {
            Parsed::Json(v) => assert_eq!(
                v,
                serde_json::from_str::<Value>(ex.body).unwrap(),
                "{}",
                ex.operation
            ),
            Parsed::Text(t) => assert_eq!(t, ex.body),
            Parsed::Empty => assert!(ex.body.is_empty()),
            Parsed::Bytes(b) => assert_eq!(b, ex.body.as_bytes()),
            Parsed::JsonText(_) => panic!("parse_response never hands JSON over as text"),
        }
        count += 1;
    }
    let versions: usize = atlas_admin::operations()
        .iter()
        .map(|o| o.versions.len())
        .sum();
    println!("composed success examples parsed: {count} (operation versions: {versions})");
    assert_eq!(count, versions);
}
