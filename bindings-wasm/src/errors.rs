//! Core errors as plain JS objects (`{kind, message, …}`); `js/errors.js` makes them `Error`
//! subclasses. Everything here comes from the core's own fields and `Display`, which never hold
//! secrets.

use atlas_admin::{ApiError, BuildError, Error};
use serde_json::{json, Value};
use std::time::SystemTime;
use wasm_bindgen::JsValue;

/// A descriptor as a JS object.
pub(crate) fn descriptor(v: Value) -> JsValue {
    // Text the core just serialized always parses.
    js_sys::JSON::parse(&v.to_string()).unwrap_or_else(|_| JsValue::from_str("atlas-admin error"))
}

pub(crate) fn build_error_to_js(e: &BuildError) -> JsValue {
    descriptor(build_json(e))
}

pub(crate) fn error_to_js(e: &Error, now: SystemTime) -> JsValue {
    descriptor(error_json(e, now))
}

fn error_json(e: &Error, now: SystemTime) -> Value {
    let mut v = match e {
        Error::Build(b) => return build_json(b),
        Error::Api(a) => api_json(a, now),
        Error::Retried { error, attempts } => {
            let mut v = api_json(error, now);
            v["attempts"] = json!(attempts);
            v
        }
        Error::Decode(d) => json!({
            "kind": "decode",
            "status": d.status,
            "contentType": d.content_type,
            "problem": d.problem,
            "snippet": d.snippet,
        }),
        Error::Transport { attempts, .. } => json!({"kind": "transport", "attempts": attempts}),
        // The API error behind a refusal (401 and its body) rides along as the `cause`.
        Error::Auth(_) => json!({
            "kind": "auth",
            "cause": e.api_error().map(|a| api_json(a, now)),
        }),
        Error::Misuse(_) => json!({"kind": "misuse"}),
        Error::TooManyItems { cap, .. } => json!({"kind": "tooManyItems", "cap": cap}),
        // Still an API error (410), with what to move to.
        Error::VersionGone {
            operation,
            version,
            newest,
            error,
        } => {
            let mut v = api_json(error, now);
            v["kind"] = json!("versionGone");
            v["operation"] = json!(operation);
            v["version"] = json!(version);
            v["newest"] = json!(newest);
            v
        }
    };
    v["message"] = json!(e.to_string());
    v
}

fn api_json(a: &ApiError, now: SystemTime) -> Value {
    json!({
        "kind": "api",
        "message": a.to_string(),
        "status": a.status,
        "errorCode": a.error_code,
        "detail": a.detail,
        "reason": a.reason,
        "parameters": a.parameters,
        "badRequestDetail": a.bad_request_detail,
        // Seconds from now, whichever form the header took.
        "retryAfter": a.retry_after.map(|r| r.delay_from(now).as_secs_f64()),
        "body": a.body,
    })
}

fn build_json(e: &BuildError) -> Value {
    let (code, operation, parameter): (&str, Option<&str>, Option<String>) = match e {
        BuildError::UnknownOperation { id, .. } => ("UnknownOperation", Some(id), None),
        BuildError::AmbiguousOperation { name, .. } => ("AmbiguousOperation", Some(name), None),
        BuildError::DuplicateParameter {
            operation, name, ..
        } => (
            "DuplicateParameter",
            Some(operation),
            Some(name.to_string()),
        ),
        BuildError::MissingParameter {
            operation, name, ..
        } => ("MissingParameter", Some(operation), Some(name.to_string())),
        BuildError::UnknownParameter {
            operation, name, ..
        } => ("UnknownParameter", Some(operation), Some(name.clone())),
        BuildError::InvalidParameter {
            operation, name, ..
        } => ("InvalidParameter", Some(operation), Some(name.to_string())),
        BuildError::ParamsNotObject { operation, .. } => ("ParamsNotObject", Some(operation), None),
        BuildError::InvalidBody { operation, .. } => ("InvalidBody", Some(operation), None),
        BuildError::InvalidBodyField {
            operation, pointer, ..
        } => ("InvalidBodyField", Some(operation), Some(pointer.clone())),
        BuildError::UnsupportedVersion { operation, .. } => {
            ("UnsupportedVersion", Some(operation), None)
        }
        BuildError::UnsupportedFormat { operation, .. } => {
            ("UnsupportedFormat", Some(operation), None)
        }
        BuildError::InvalidConfig { field, .. } => ("InvalidConfig", None, Some(field.to_string())),
    };
    let mut v = json!({
        "kind": "build",
        "code": code,
        "operation": operation,
        "parameter": parameter,
        "message": e.to_string(),
    });
    // The ids an ambiguous name could mean: the caller picks one.
    if let BuildError::AmbiguousOperation { candidates, .. } = e {
        v["candidates"] = json!(candidates);
    }
    v
}
