//! Every success example of the spec reads into its typed model, writes back, and reads back equal.
#![cfg(all(feature = "models", feature = "examples"))]

mod typed_dispatch;

use serde_json::Value;
use std::path::Path;

fn version_of(content_type: &str) -> Option<&str> {
    content_type
        .strip_prefix("application/vnd.atlas.")?
        .split_once('+')
        .map(|(v, _)| v)
}

#[test]
fn composed_examples_round_trip() {
    let (mut typed, mut other, mut empty, mut not_json) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for e in atlas_admin::examples::all() {
        if e.body.is_empty() {
            empty += 1;
            continue;
        }
        if !e.content_type.contains("json") {
            not_json += 1;
            continue;
        }
        let body: Value = serde_json::from_str(e.body).expect("examples are JSON");
        match typed_dispatch::round_trip(e.operation, e.version, e.status, &body) {
            Some(Ok(())) => typed += 1,
            Some(Err(problem)) => failures.push(format!(
                "{} {} {}: {problem}",
                e.operation, e.version, e.status
            )),
            None => other += 1,
        }
    }
    eprintln!(
        "composed examples: {typed} typed round trips; {empty} without content, {not_json} not JSON, {other} JSON without a model"
    );
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        typed + failures.len(),
        failures.join("\n")
    );
    assert!(typed > 400, "only {typed} examples were typed");
}

#[test]
fn media_examples_round_trip() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/openapi/atlas-admin-v2.json");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipped: no spec at {}", path.display());
        return;
    };
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    let resolve = |v: &Value| -> Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => doc
                .pointer(r.trim_start_matches('#'))
                .cloned()
                .unwrap_or(Value::Null),
            None => v.clone(),
        }
    };
    let (mut typed, mut untyped) = (0, 0);
    let mut failures = Vec::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            for (status, r) in op["responses"].as_object().into_iter().flatten() {
                let Ok(status) = status.parse::<u16>() else {
                    continue;
                };
                if !(200..300).contains(&status) {
                    continue;
                }
                let r = resolve(r);
                for (ct, media) in r
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    let Some(version) = version_of(ct).filter(|_| ct.ends_with("json")) else {
                        continue;
                    };
                    let mut examples = Vec::new();
                    if let Some(e) = media.get("example") {
                        examples.push(e.clone());
                    }
                    for e in media
                        .get("examples")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                        .map(|(_, e)| resolve(e))
                    {
                        if let Some(v) = e.get("value") {
                            examples.push(v.clone());
                        }
                    }
                    for body in examples {
                        match typed_dispatch::round_trip(id, version, status, &body) {
                            Some(Ok(())) => typed += 1,
                            Some(Err(p)) => failures.push(format!("{id} {version} {status}: {p}")),
                            None => untyped += 1,
                        }
                    }
                }
            }
        }
    }
    eprintln!("media-level examples: {typed} typed round trips, {untyped} without a JSON model");
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        typed + failures.len(),
        failures.join("\n")
    );
}
