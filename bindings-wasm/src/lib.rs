//! WebAssembly binding of the atlas-admin core: JSON crosses as text, bytes as `Uint8Array`,
//! errors as the core's `ErrorReport`; settings are the core's serde types. Internal to npm.

mod catalog;
mod convert;
mod session;
#[cfg(feature = "testing")]
mod testing;

pub use catalog::operations_json;
pub use session::{CallHandle, Client};

use atlas_admin::{classify_unscanned, CallOptions, Config, Error, Reply, RetryAfter};
use convert::{arg, millis_to_time, parsed_to_js, request_to_js, value};
use js_sys::Object;
use wasm_bindgen::prelude::*;

fn build_error(e: atlas_admin::BuildError) -> JsValue {
    convert::report(&Error::Build(e), None, std::time::UNIX_EPOCH)
}

/// Builds one request. `config`/`options`: `Config`/`CallOptions` JSON ("" for defaults).
#[wasm_bindgen(js_name = buildRequest)]
pub fn build_request(
    config: &str,
    operation_id: &str,
    params: &str,
    body: Option<String>,
    options: &str,
) -> Result<Object, JsValue> {
    let (config, options): (Config, CallOptions) = (arg(config)?, arg(options)?);
    let body = body.as_deref().map(value).transpose()?;
    atlas_admin::build_request_with(&config, operation_id, &value(params)?, body.as_ref(), &options)
        .map(|r| request_to_js(&r))
        .map_err(build_error)
}

/// The version a call would use with this config and options (`2024-08-05`, `preview`).
#[wasm_bindgen(js_name = chosenVersion)]
pub fn chosen_version(config: &str, operation_id: &str, options: &str) -> Result<String, JsValue> {
    let (config, options): (Config, CallOptions) = (arg(config)?, arg(options)?);
    atlas_admin::chosen_version(&config, operation_id, &options)
        .map(|v| v.name.into())
        .map_err(build_error)
}

/// Reads one response (`headers` flat; `now_ms` for an HTTP-date `Retry-After`). Without
/// `full`, a JSON success is `{unchecked: true}`: the caller parses its own bytes and comes back
/// with `full` when that fails or the document has an `envelopeStatus()` member (see the core's
/// `classify_unscanned`), so a big reply is read once, by `JSON.parse`.
#[wasm_bindgen(js_name = parseResponse)]
pub fn parse_response(
    operation_id: &str,
    status: u16,
    headers: Vec<String>,
    body: Vec<u8>,
    now_ms: f64,
    full: bool,
) -> Result<Object, JsValue> {
    let now = millis_to_time(now_ms);
    let fail = |e: &Error| convert::report(e, None, now);
    let response =
        convert::response(status, &headers, body).map_err(|p| fail(&Error::Misuse(p)))?;
    let op = atlas_admin::find_operation(operation_id).map_err(|e| fail(&e.into()))?;
    let header = |name| response.headers().get(name).and_then(|v| v.to_str().ok());
    let ct = header(http::header::CONTENT_TYPE).unwrap_or("");
    let retry_after = header(http::header::RETRY_AFTER).and_then(RetryAfter::parse);
    let reply = if full {
        atlas_admin::parse_response(operation_id, &response).map(Reply::Parsed)
    } else {
        classify_unscanned(op, status, ct, retry_after, response.body())
    };
    match reply.map_err(|e| fail(&e))? {
        Reply::JsonAsIs(_) => {
            let out = Object::new();
            convert::set(&out, "unchecked", true);
            Ok(out)
        }
        Reply::Parsed(p) => Ok(parsed_to_js(p)),
    }
}

/// The member that makes a JSON success a possible envelope (see `parseResponse`).
#[wasm_bindgen(js_name = envelopeStatus)]
pub fn envelope_status() -> String {
    atlas_admin::ENVELOPE_STATUS.into()
}

/// `curl` rendering of a request, credentials and secret-looking body fields redacted.
#[wasm_bindgen(js_name = toCurl)]
pub fn to_curl(method: &str, url: &str, headers: Vec<String>, body: Vec<u8>) -> String {
    match convert::request(method, url, &headers, body) {
        Ok(request) => atlas_admin::to_curl(&request),
        Err(e) => format!("# cannot render as curl: {e}"),
    }
}

/// The core's defaults, `{config, callOptions}` as JSON: the option names every binding takes.
#[wasm_bindgen(js_name = contractFields)]
pub fn contract_fields() -> String {
    let (config, call_options) = (Config::default(), CallOptions::default());
    serde_json::json!({"config": config, "callOptions": call_options}).to_string()
}
