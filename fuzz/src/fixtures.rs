//! The request fixtures (`tests/fixtures/requests.json`): one valid call of every operation,
//! parameters and body, which the request targets start from.

use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

const REQUESTS: &str = include_str!("../../tests/fixtures/requests.json");

/// One fixture: an operation id, valid params, and a body (`null` when it takes none).
pub struct Request {
    pub operation: String,
    pub params: Value,
    pub body: Value,
}

/// Every fixture, read once.
pub fn requests() -> &'static [Request] {
    static ALL: OnceLock<Vec<Request>> = OnceLock::new();
    ALL.get_or_init(|| {
        let list: Vec<Value> = serde_json::from_str(REQUESTS).expect("requests.json is JSON");
        list.into_iter()
            .map(|mut r| Request {
                operation: r["operationId"].as_str().unwrap_or_default().to_owned(),
                params: r["params"].take(),
                body: r["body"].take(),
            })
            .collect()
    })
}

/// The fixture of `operation_id` (its current id), if there is one.
pub fn request(operation_id: &str) -> Option<&'static Request> {
    static BY_ID: OnceLock<HashMap<&'static str, &'static Request>> = OnceLock::new();
    let by_id = BY_ID.get_or_init(|| {
        requests()
            .iter()
            .map(|r| (r.operation.as_str(), r))
            .collect()
    });
    by_id.get(operation_id).copied()
}
