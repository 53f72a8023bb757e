//! Moving values across the JS boundary; errors as the core's `ErrorReport` (never a secret),
//! which `js/errors.js` makes the `Error` subclass named by `class`.

use atlas_admin::{BuildError, Call, CallOptions, Error, ErrorReport, Parsed};
use http::{HeaderName, HeaderValue};
use js_sys::{Array, Object, Reflect, Uint8Array};
use serde_json::{json, Value};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wasm_bindgen::JsValue;

/// Sets `obj[key] = value` on an object this module just created (cannot fail).
pub(crate) fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

/// A call's params, body and `CallOptions`, each JSON text.
pub(crate) fn call_args(
    params: &str, body: Option<String>, options: &str,
) -> Result<(Value, Option<Value>, CallOptions), JsValue> {
    let options = CallOptions::from_json(options.as_bytes()).map_err(build_error)?;
    Ok((value(params)?, body.as_deref().map(value).transpose()?, options))
}

/// Params or a body: JSON text.
pub(crate) fn value(text: &str) -> Result<Value, JsValue> {
    serde_json::from_str(text)
        .map_err(|e| refused("InvalidArgument", format!("argument is not JSON: {e}")))
}

/// The host's clock (`Date.now()`): wasm32-unknown-unknown has none of its own.
pub(crate) fn millis_to_time(ms: f64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(if ms.is_finite() && ms > 0.0 { ms as u64 } else { 0 })
}

/// A request (`start`: method and URL) or a reply (its status) as JS reads it in one piece:
/// `head`, or `[head, body]` when there is a body, `head` being the `start` lines, then each
/// header's name and value on lines of their own (no header holds a line break). One string
/// crosses, not one per field: each crossing is a text decode on the JS side.
pub(crate) fn message_to_js(start: String, headers: &http::HeaderMap, body: &[u8]) -> JsValue {
    let head = head(start, headers);
    match body {
        [] => head.into(),
        _ => Array::of2(&head.into(), &Uint8Array::from(body)).into(),
    }
}

/// The head of a message: `start`, then each header's name and value on lines of their own.
pub(crate) fn head<'h>(
    start: String, headers: impl IntoIterator<Item = (&'h HeaderName, &'h HeaderValue)> + Clone,
) -> String {
    let mut head = start;
    head.reserve(headers_len(headers.clone()));
    for (name, value) in headers {
        head.extend(["\n", name.as_str(), "\n", &String::from_utf8_lossy(value.as_bytes())]);
    }
    head
}

/// [`message_to_js`] for a request.
pub(crate) fn request_to_js(request: &http::Request<Vec<u8>>) -> JsValue {
    let (method, uri) = (request.method().as_str(), request.uri());
    // Room for the headers too, which `message_to_js` appends: one allocation for the head.
    let capacity = method.len() + 1 + uri_len(uri) + headers_len(request.headers());
    let mut start = String::with_capacity(capacity);
    start.extend([method, "\n"]);
    push_uri(&mut start, uri);
    message_to_js(start, request.headers(), request.body())
}

/// The length of the headers' lines in a head: a line break before each name and each value.
fn headers_len<'h>(headers: impl IntoIterator<Item = (&'h HeaderName, &'h HeaderValue)>) -> usize {
    headers.into_iter().map(|(n, v)| n.as_str().len() + v.len() + 2).sum()
}

/// The length of `uri`'s text, as [`push_uri`] writes it.
fn uri_len(uri: &http::Uri) -> usize {
    let scheme = uri.scheme_str().map_or(0, |s| s.len() + 3);
    let authority = uri.authority().map_or(0, |a| a.as_str().len());
    let query = uri.query().map_or(0, |q| q.len() + 1);
    scheme + authority + uri.path().len() + query
}

/// `uri` as its `Display` writes it, piece by piece instead of through the formatting
/// machinery (every request crosses this way).
fn push_uri(out: &mut String, uri: &http::Uri) {
    if let Some(scheme) = uri.scheme_str() {
        out.extend([scheme, "://"]);
    }
    if let Some(authority) = uri.authority() {
        out.push_str(authority.as_str());
    }
    out.push_str(uri.path());
    if let Some(query) = uri.query() {
        out.extend(["?", query]);
    }
}

/// `{json: text}`, `{text}`, `{bytes}` or `{}`: JSON goes back as text for `JSON.parse`.
pub(crate) fn parsed_to_js(parsed: Parsed) -> Object {
    let out = Object::new();
    match parsed {
        Parsed::Json(v) => set(&out, "json", v.to_string()),
        // The core checked it is UTF-8.
        Parsed::JsonText(b) => set(&out, "json", String::from_utf8_lossy(&b).as_ref()),
        Parsed::Text(t) => set(&out, "text", t),
        Parsed::Bytes(b) => set(&out, "bytes", Uint8Array::from(b.as_slice())),
        Parsed::Empty => {}
    }
    out
}

/// Pairs from a flat `[name, value, …]` list; a trailing odd name is ignored.
pub(crate) fn pairs(flat: &[String]) -> impl Iterator<Item = (&str, &str)> {
    flat.chunks_exact(2).map(|p| (p[0].as_str(), p[1].as_str()))
}

/// An `http::Response` from what `fetch` gave.
pub(crate) fn response(
    status: u16, headers: &[String], body: Vec<u8>,
) -> Result<http::Response<Vec<u8>>, String> {
    let builder = http::Response::builder().status(status);
    let builder = pairs(headers).fold(builder, |b, (name, value)| b.header(name, value));
    builder.body(body).map_err(|e| format!("not an HTTP response: {e}"))
}

/// A request from its parts (`headers` flat), as `toCurl` and raw calls take it.
pub(crate) fn request(
    method: &str, url: &str, headers: &[String], body: Vec<u8>,
) -> Result<http::Request<Vec<u8>>, http::Error> {
    let builder = http::Request::builder().method(method).uri(url);
    pairs(headers).fold(builder, |b, (name, value)| b.header(name, value)).body(body)
}

/// A JSON value as a JS object (text the core just serialized always parses).
pub(crate) fn descriptor(v: &Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap_or_else(|_| JsValue::from_str("atlas-admin error"))
}

/// The report of `error` (which ended `call`, when there was one), plus, for a build error,
/// its `code` (the core's variant name) and the `candidates` of an ambiguous name.
pub(crate) fn report(error: &Error, call: Option<&Call>, now: SystemTime) -> JsValue {
    let mut v = serde_json::to_value(ErrorReport::new(error, call, now)).unwrap_or_default();
    if let Error::Build(b) = error {
        v["code"] = json!(format!("{b:?}").split([' ', '{', '(']).next());
        if let BuildError::AmbiguousOperation { candidates, .. } = b {
            v["candidates"] = json!(candidates);
        }
    }
    descriptor(&v)
}

/// A build error from the core (`now` only dates a reply's `Retry-After`; there is none).
pub(crate) fn build_error(e: BuildError) -> JsValue {
    report(&Error::Build(e), None, UNIX_EPOCH)
}

/// A build error from the binding itself (an argument that is not JSON, an unknown option).
pub(crate) fn refused(code: &str, message: String) -> JsValue {
    descriptor(&json!({"class": "BuildError", "code": code, "message": message}))
}
