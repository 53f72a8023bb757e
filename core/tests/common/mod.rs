//! Shared by the integration tests: the spec (read independently of the generated table) and
//! the fixture calls.
#![allow(dead_code)]

use serde_json::Value;
use std::path::PathBuf;
use std::sync::OnceLock;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = std::env::var_os("ATLAS_SPEC")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo_root().join("../shared/openapi/atlas-admin-v2.json"));
        let bytes = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("reading the spec at {}: {e}", path.display()));
        serde_json::from_slice(&bytes).expect("spec is JSON")
    })
}

pub fn fixtures() -> &'static Vec<Value> {
    static FIXTURES: OnceLock<Vec<Value>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let path = repo_root().join("tests/fixtures/requests.json");
        let bytes = std::fs::read(&path)
            .expect("tests/fixtures/requests.json (run `cargo run -p codegen`)");
        serde_json::from_slice(&bytes).expect("fixtures are JSON")
    })
}

/// Follows a local `$ref`.
pub fn resolve(v: &Value) -> &Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(
            spec()
                .pointer(r.trim_start_matches('#'))
                .expect("ref target"),
        ),
        None => v,
    }
}

/// Every (path, method, operation) in the spec.
pub fn spec_operations() -> Vec<(String, String, &'static Value)> {
    let mut out = Vec::new();
    for (path, item) in spec()["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op.get("operationId").is_some() {
                out.push((path.clone(), method.to_uppercase(), op));
            }
        }
    }
    out
}

pub fn spec_operation(id: &str) -> (String, String, &'static Value) {
    spec_operations()
        .into_iter()
        .find(|(_, _, op)| op["operationId"] == id)
        .unwrap_or_else(|| panic!("{id} is not in the spec"))
}

/// The 2xx response content types of an operation.
pub fn success_content_types(op: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (status, r) in op["responses"].as_object().unwrap() {
        if status.starts_with('2') {
            for ct in resolve(r)["content"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k)
            {
                out.push(ct.clone());
            }
        }
    }
    out
}

/// The newest dated version an operation serves, or `preview`.
pub fn default_version(op: &Value) -> String {
    let mut dated: Vec<String> = success_content_types(op)
        .iter()
        .filter_map(|ct| ct.strip_prefix("application/vnd.atlas."))
        .map(|rest| rest.split('+').next().unwrap().to_owned())
        .collect();
    dated.sort();
    dated.dedup();
    let stable: Vec<&String> = dated
        .iter()
        // A plain date: `2025-09-22.upcoming` is not stable.
        .filter(|v| v.len() == 10 && v.as_bytes()[0].is_ascii_digit())
        .collect();
    stable
        .last()
        .map(|s| s.to_string())
        .unwrap_or_else(|| "preview".into())
}
