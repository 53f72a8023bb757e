//! WebAssembly binding of the atlas-admin core (internal to npm): JSON crosses as text, bytes as
//! `Uint8Array`, errors as the core's `ErrorReport`; settings are the core's, read by the core.

mod convert;
mod session;
#[cfg(feature = "testing")]
mod testing;

pub use session::{CallHandle, Client, Prepared};

use atlas_admin::{
    classify_unscanned, find_operation, CallOptions, Config, Error, Reply, WaitOptions,
};
use convert::{millis_to_time, parsed_to_js};
use js_sys::Object;
use wasm_bindgen::prelude::*;

/// Reads one response (`headers` flat; `now_ms` for an HTTP-date `Retry-After`). A JSON
/// success is `{json: text}`: the common one never gets here (see `hostParses`).
#[wasm_bindgen(js_name = parseResponse)]
pub fn parse_response(
    operation_id: &str, status: u16, headers: Vec<String>, body: Vec<u8>, now_ms: f64,
) -> Result<Object, JsValue> {
    let fail = |e: Error| convert::report(&e, None, millis_to_time(now_ms));
    let response = convert::response(status, &headers, body).map_err(|p| fail(Error::Misuse(p)))?;
    atlas_admin::parse_response(operation_id, &response).map(parsed_to_js).map_err(fail)
}

/// For a non-empty reply with this status and `Content-Type`, the member to look for when the
/// caller parses it as JSON itself (`ENVELOPE_STATUS`: then the core may have to unwrap it), or
/// nothing when the core must read it (`parseResponse`). The core reads nothing else of the reply
/// to say so (see `classify_unscanned`): the caller may remember the answer. Nothing too for a
/// header value that `parseResponse` would not read as this text.
#[wasm_bindgen(js_name = hostParses)]
pub fn host_parses(operation_id: &str, status: u16, content_type: &str) -> Option<String> {
    let header = http::HeaderValue::from_str(content_type);
    let text = header.is_ok_and(|h| h.to_str().is_ok());
    let op = find_operation(operation_id).ok().filter(|_| text)?;
    let any_body = b" "; // only its being empty or not matters
    let reply = classify_unscanned(op, status, content_type, None, any_body);
    matches!(reply, Ok(Reply::JsonAsIs(_))).then(|| atlas_admin::ENVELOPE_STATUS.into())
}

/// Every operation, each once with every name it answers to, as JSON text (the core's shape).
#[wasm_bindgen(js_name = operationsJson)]
pub fn operations_json() -> String {
    let all = atlas_admin::operations().iter().map(atlas_admin::operation_json);
    serde_json::Value::Array(all.collect()).to_string()
}

/// `curl` rendering of a request, credentials and secret-looking body fields redacted.
#[wasm_bindgen(js_name = toCurl)]
pub fn to_curl(method: &str, url: &str, headers: Vec<String>, body: Vec<u8>) -> String {
    let request = convert::request(method, url, &headers, body);
    request.map_or_else(|e| format!("# cannot render as curl: {e}"), |r| atlas_admin::to_curl(&r))
}

/// The core's defaults, `{config, callOptions, waitOptions}` as JSON: the option names every
/// binding takes; and `errorReport`, one `ErrorReport`: the fields every error carries.
#[wasm_bindgen(js_name = contractFields)]
pub fn contract_fields() -> String {
    let (config, options, wait) =
        (Config::default(), CallOptions::default(), WaitOptions::default());
    let refused = atlas_admin::Error::Build(atlas_admin::BuildError::InvalidConfig {
        field: "contract",
        problem: "an example".into(),
    });
    let report = atlas_admin::ErrorReport::new(&refused, None, std::time::UNIX_EPOCH);
    serde_json::json!({
        "config": config, "callOptions": options, "waitOptions": wait, "errorReport": report,
    })
    .to_string()
}
