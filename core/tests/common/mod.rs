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

fn load(path: PathBuf) -> Value {
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading the spec at {}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
        serde_saphyr::from_str(&text).expect("spec is YAML")
    } else {
        serde_json::from_str(&text).expect("spec is JSON")
    }
}

/// The current spec (2026-08-21), read here independently of codegen.
pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        load(
            std::env::var_os("ATLAS_SPEC")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    repo_root().join("../shared/openapi/atlas-admin-v2-2026-08-21.yaml")
                }),
        )
    })
}

/// The 2025-06-05 spec: the names of the first release, and the operations Atlas removed since.
pub fn spec_2025() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        load(
            std::env::var_os("ATLAS_SPEC_2025")
                .map(PathBuf::from)
                .unwrap_or_else(|| repo_root().join("../shared/openapi/atlas-admin-v2.json")),
        )
    })
}

/// The first release's fixture calls, by 2025 ids: they must keep building, to the same place.
pub fn fixtures_2025() -> &'static Vec<Value> {
    static FIXTURES: OnceLock<Vec<Value>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let bytes = std::fs::read(repo_root().join("tests/fixtures/requests-2025-06-05.json"))
            .expect("tests/fixtures/requests-2025-06-05.json");
        serde_json::from_slice(&bytes).expect("fixtures are JSON")
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

/// Follows a local `$ref`: in the current spec, else in the 2025 one (for removed operations).
pub fn resolve(v: &Value) -> &Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r.trim_start_matches('#');
            resolve(
                spec()
                    .pointer(pointer)
                    .or_else(|| spec_2025().pointer(pointer))
                    .expect("ref target"),
            )
        }
        None => v,
    }
}

fn routes(doc: &'static Value) -> Vec<(String, String, &'static Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op.get("operationId").is_some() {
                out.push((path.clone(), method.to_uppercase(), op));
            }
        }
    }
    out
}

/// Every (path, method, operation) of the current spec.
pub fn current_operations() -> Vec<(String, String, &'static Value)> {
    routes(spec())
}

/// Every (path, method, operation) of the 2025-06-05 spec.
pub fn operations_2025() -> Vec<(String, String, &'static Value)> {
    routes(spec_2025())
}

/// Every (path, method, operation) the client must serve: the current spec's, and the 2025
/// ones it no longer has (matched by method and path).
pub fn spec_operations() -> Vec<(String, String, &'static Value)> {
    let mut out = current_operations();
    for (path, method, op) in operations_2025() {
        if !out.iter().any(|(p, m, _)| *p == path && *m == method) {
            out.push((path, method, op));
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

/// The version a call uses by default: the newest dated version whose announced sunset is after
/// the current spec's date (else the newest dated one), or `preview`.
pub fn default_version(op: &Value) -> String {
    let mut dated: Vec<(String, Option<String>)> = Vec::new();
    for (status, r) in op["responses"].as_object().unwrap() {
        if !status.starts_with('2') {
            continue;
        }
        for (ct, media) in resolve(r)["content"].as_object().into_iter().flatten() {
            let Some(rest) = ct.strip_prefix("application/vnd.atlas.") else {
                continue;
            };
            let version = rest.split('+').next().unwrap().to_owned();
            // A plain date: `2025-09-22.upcoming` is not stable.
            if version.len() == 10 && version.as_bytes()[0].is_ascii_digit() {
                let sunset = media["x-sunset"].as_str().map(str::to_owned);
                dated.push((version, sunset));
            }
        }
    }
    dated.sort();
    let served = dated
        .iter()
        .rfind(|(_, sunset)| sunset.as_deref().is_none_or(|s| s > "2026-08-21"));
    served
        .or(dated.last())
        .map(|(v, _)| v.clone())
        .unwrap_or_else(|| "preview".into())
}
