//! Errors for JS: the core's `ErrorReport` as a plain object (`{class, message, operation, …}`);
//! `js/errors.js` makes it the `Error` subclass named by `class`. Reports never hold secrets.

use atlas_admin::{BuildError, Call, Error, ErrorReport};
use serde_json::{json, Value};
use std::time::SystemTime;
use wasm_bindgen::JsValue;

/// A JSON value as a JS object (text the core just serialized always parses).
pub(crate) fn descriptor(v: &Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap_or_else(|_| JsValue::from_str("atlas-admin error"))
}

/// The report of `error` (which ended `call`, when there was one), plus, for a build error,
/// its `code` (the core's variant name) and the `candidates` of an ambiguous name.
pub(crate) fn report(error: &Error, call: Option<&Call>, now: SystemTime) -> JsValue {
    let mut v = serde_json::to_value(ErrorReport::new(error, call, now)).unwrap_or_default();
    if let Error::Build(b) = error {
        let debug = format!("{b:?}");
        let code = debug.split([' ', '{', '(']).next().unwrap_or_default();
        v["code"] = json!(code);
        if let BuildError::AmbiguousOperation { candidates, .. } = b {
            v["candidates"] = json!(candidates);
        }
    }
    descriptor(&v)
}

/// A build error from the binding itself (an argument that is not JSON, an unknown option).
pub(crate) fn refused(code: &str, message: String) -> JsValue {
    let parameters: [Value; 0] = [];
    descriptor(
        &json!({"class": "BuildError", "code": code, "message": message, "parameters": parameters}),
    )
}
