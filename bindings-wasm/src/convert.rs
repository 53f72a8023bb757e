//! Moving values across the JS boundary.

use atlas_admin::Parsed;
use js_sys::{Object, Reflect, Uint8Array};
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wasm_bindgen::JsValue;

/// Sets `obj[key] = value` on an object this module just created; such a set cannot fail, so
/// its result is not worth a branch.
pub(crate) fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

/// Parses JSON text the JS side produced with `JSON.stringify`; empty text means `null`.
pub(crate) fn json_arg(text: &str) -> Result<Value, JsValue> {
    if text.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(text).map_err(|e| {
        crate::errors::descriptor(serde_json::json!({
            "kind": "build",
            "code": "InvalidArgument",
            "message": format!("argument is not JSON: {e}"),
        }))
    })
}

/// The host's clock as the core wants it. wasm32-unknown-unknown has no clock of its own
/// (`SystemTime::now()` would trap), so JS passes `Date.now()`.
pub(crate) fn millis_to_time(ms: f64) -> SystemTime {
    let ms = if ms.is_finite() && ms > 0.0 { ms } else { 0.0 };
    UNIX_EPOCH + Duration::from_millis(ms as u64)
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

/// `{json: text}`, `{text}`, `{bytes}` or `{}` for no content. JSON goes back as text because
/// `JSON.parse` of one string beats building the object through thousands of boundary calls.
/// `received` is the body the value was read from: when the core returned that document as it
/// came, its own text is handed on instead of serializing the value again.
pub(crate) fn parsed_to_js(parsed: Parsed, received: Option<&[u8]>) -> Object {
    let out = Object::new();
    match parsed {
        Parsed::Json(v) => match received.and_then(unchanged_text) {
            Some(text) => set(&out, "json", text),
            None => set(&out, "json", v.to_string()),
        },
        Parsed::Text(t) => set(&out, "text", t),
        Parsed::Bytes(b) => set(&out, "bytes", Uint8Array::from(b.as_slice())),
        Parsed::Empty => {}
    }
    out
}

/// Pairs from a flat `[name, value, …]` list; a trailing odd name is ignored.
pub(crate) fn headers_from_pairs(flat: &[String]) -> impl Iterator<Item = (&str, &str)> {
    flat.chunks_exact(2).map(|p| (p[0].as_str(), p[1].as_str()))
}

/// An `http::Response` from what `fetch` gave. Header lines `http` refuses (which `fetch`
/// itself would not produce) are dropped rather than failing the whole response.
pub(crate) fn response(
    status: u16,
    headers: &[String],
    body: Vec<u8>,
) -> Result<http::Response<Vec<u8>>, String> {
    let status = http::StatusCode::from_u16(status)
        .map_err(|_| format!("status {status} is not an HTTP status"))?;
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    for (name, value) in headers_from_pairs(headers) {
        if let (Ok(n), Ok(v)) = (
            http::header::HeaderName::from_bytes(name.as_bytes()),
            http::header::HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(n, v);
        }
    }
    Ok(response)
}

/// The body as text when the core's value is that document unchanged. The core reshapes a
/// reply only to unwrap an `envelope=true` wrapper, which needs a top-level `status` member; a
/// document without one parses to exactly its own text. (Both sides read JSON by the same rules,
/// so `JSON.parse` of the original equals `JSON.parse` of a re-serialization.)
fn unchanged_text(body: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(body).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let has_status = serde::Deserializer::deserialize_any(&mut de, TopLevelStatus).ok()?;
    (!has_status).then_some(text)
}

/// Whether a JSON document is an object with a `status` member; skims the rest without building it.
struct TopLevelStatus;

impl<'de> serde::de::Visitor<'de> for TopLevelStatus {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            found |= key == "status";
            map.next_value::<serde::de::IgnoredAny>()?;
        }
        Ok(found)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
}
