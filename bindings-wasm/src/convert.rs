//! Moving values across the JS boundary.

use atlas_admin::Parsed;
use js_sys::{Object, Reflect, Uint8Array};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wasm_bindgen::JsValue;

/// Sets `obj[key] = value` on an object this module just created (cannot fail).
pub(crate) fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

/// Reads JSON text the JS side produced with `JSON.stringify` into `T`; empty text means
/// `T`'s default (`null`, `Config::default()`…). Config and options deny unknown fields, so a
/// misspelt option is refused here with serde's sentence.
pub(crate) fn arg<T: DeserializeOwned + Default>(text: &str) -> Result<T, JsValue> {
    if text.is_empty() {
        return Ok(T::default());
    }
    // Through a `Value`: one serde_json reader for params and settings alike (smaller .wasm).
    serde_json::from_value(value(text)?)
        .map_err(|e| crate::errors::refused("InvalidConfig", format!("invalid argument: {e}")))
}

/// Params or a body: JSON text, empty for "none".
pub(crate) fn value(text: &str) -> Result<Value, JsValue> {
    if text.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(text).map_err(|e| {
        crate::errors::refused("InvalidArgument", format!("argument is not JSON: {e}"))
    })
}

/// The host's clock (`Date.now()`): wasm32-unknown-unknown has none of its own.
pub(crate) fn millis_to_time(ms: f64) -> SystemTime {
    UNIX_EPOCH
        + Duration::from_millis(if ms.is_finite() && ms > 0.0 {
            ms as u64
        } else {
            0
        })
}

/// `{method, url, headers: {name: value}, body?: Uint8Array}`; header names are lower-case.
pub(crate) fn request_to_js(request: &http::Request<Vec<u8>>) -> Object {
    let out = Object::new();
    set(&out, "method", request.method().as_str());
    set(&out, "url", request.uri().to_string());
    let headers = Object::new();
    for (name, value) in request.headers() {
        set(
            &headers,
            name.as_str(),
            String::from_utf8_lossy(value.as_bytes()).into_owned(),
        );
    }
    set(&out, "headers", headers);
    if !request.body().is_empty() {
        set(&out, "body", Uint8Array::from(request.body().as_slice()));
    }
    out
}

/// `{json: text}`, `{text}`, `{bytes}` or `{}` for no content. JSON goes back as text for
/// `JSON.parse`; when the core returned the received document unchanged (it reshapes only an
/// `envelope=true` wrapper, which has a top-level `status`), that text is handed on as it came.
pub(crate) fn parsed_to_js(parsed: Parsed, received: &[u8]) -> Object {
    let out = Object::new();
    match parsed {
        Parsed::Json(v) => match std::str::from_utf8(received) {
            Ok(text) if !enveloped(text) => set(&out, "json", text),
            _ => set(&out, "json", v.to_string()),
        },
        Parsed::Text(t) => set(&out, "text", t),
        Parsed::Bytes(b) => set(&out, "bytes", Uint8Array::from(b.as_slice())),
        Parsed::Empty => {}
    }
    out
}

/// Whether the received document may have been unwrapped: it mentions a `status` member.
fn enveloped(text: &str) -> bool {
    text.contains("\"status\"")
}

/// Pairs from a flat `[name, value, …]` list; a trailing odd name is ignored.
pub(crate) fn pairs(flat: &[String]) -> impl Iterator<Item = (&str, &str)> {
    flat.chunks_exact(2).map(|p| (p[0].as_str(), p[1].as_str()))
}

/// An `http::Response` from what `fetch` gave; header lines `http` refuses are dropped.
pub(crate) fn response(
    status: u16,
    headers: &[String],
    body: Vec<u8>,
) -> Result<http::Response<Vec<u8>>, String> {
    let status = http::StatusCode::from_u16(status)
        .map_err(|_| format!("status {status} is not an HTTP status"))?;
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    for (name, value) in pairs(headers) {
        if let (Ok(n), Ok(v)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(n, v);
        }
    }
    Ok(response)
}

/// A request from its parts (`headers` flat), as `toCurl` and raw calls take it.
pub(crate) fn request(
    method: &str,
    url: &str,
    headers: &[String],
    body: Vec<u8>,
) -> Result<http::Request<Vec<u8>>, http::Error> {
    let mut builder = http::Request::builder().method(method).uri(url);
    for (name, value) in pairs(headers) {
        builder = builder.header(name, value);
    }
    builder.body(body)
}
