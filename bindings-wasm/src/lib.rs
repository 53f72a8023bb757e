//! WebAssembly binding of the atlas-admin core.
//!
//! This layer is deliberately thin: JSON crosses the boundary as text (the JS side calls
//! `JSON.stringify`/`JSON.parse`, which engines make very fast), bytes as `Uint8Array`, and
//! errors as plain descriptor objects that `js/errors.js` turns into `Error` subclasses. The
//! exported names are an implementation detail of the npm package; users see `js/index.js`.

mod catalog;
mod convert;
mod errors;
mod session;

pub use session::{CallHandle, Client};

use atlas_admin::Config;
use convert::{headers_from_pairs, json_arg, millis_to_time, parsed_to_js, request_to_js};
use errors::{build_error_to_js, error_to_js};
use js_sys::Object;
use wasm_bindgen::prelude::*;

/// Every operation as JSON text (see `catalog.rs` for the shape).
#[wasm_bindgen(js_name = operationsJson)]
pub fn operations_json() -> String {
    catalog::operations_json()
}

/// Builds one request without sending it. `config_json` and `options_json` are the objects
/// `js/sansio.js` assembles; `body_json` is absent for "no body".
#[wasm_bindgen(js_name = buildRequest)]
pub fn build_request(
    config_json: &str,
    operation_id: &str,
    params_json: &str,
    body_json: Option<String>,
    options_json: &str,
) -> Result<Object, JsValue> {
    let config = session::config_from(&json_arg(config_json)?)?;
    let options = session::options_from(&json_arg(options_json)?)?;
    let params = json_arg(params_json)?;
    let body = body_json.as_deref().map(json_arg).transpose()?;
    atlas_admin::build_request_with(&config, operation_id, &params, body.as_ref(), &options)
        .map(|r| request_to_js(&r))
        .map_err(|e| build_error_to_js(&e))
}

/// The version a call would use with this config and options (`2024-08-05`, `preview`).
#[wasm_bindgen(js_name = chosenVersion)]
pub fn chosen_version(
    config_json: &str,
    operation_id: &str,
    options_json: &str,
) -> Result<String, JsValue> {
    let config = session::config_from(&json_arg(config_json)?)?;
    let options = session::options_from(&json_arg(options_json)?)?;
    atlas_admin::chosen_version(&config, operation_id, &options)
        .map(|v| v.name.to_owned())
        .map_err(|e| build_error_to_js(&e))
}

/// Reads one response. `headers` is a flat `[name, value, name, value, …]` list; `now_ms` turns
/// an HTTP-date `Retry-After` into a delay.
#[wasm_bindgen(js_name = parseResponse)]
pub fn parse_response(
    operation_id: &str,
    status: u16,
    headers: Vec<String>,
    body: Vec<u8>,
    now_ms: f64,
) -> Result<Object, JsValue> {
    let now = millis_to_time(now_ms);
    let response = convert::response(status, &headers, body).map_err(|problem| {
        let e = atlas_admin::Error::Misuse(problem);
        error_to_js(&e, now)
    })?;
    atlas_admin::parse_response(operation_id, &response)
        .map(|p| parsed_to_js(p, Some(response.body())))
        .map_err(|e| error_to_js(&e, now))
}

/// `curl` rendering of a request (as `buildRequest` or a `send` action gives it), with the
/// credentials and secret-looking body fields redacted by the core.
#[wasm_bindgen(js_name = toCurl)]
pub fn to_curl(method: &str, url: &str, headers: Vec<String>, body: Vec<u8>) -> String {
    let mut builder = http::Request::builder().method(method).uri(url);
    for (name, value) in headers_from_pairs(&headers) {
        builder = builder.header(name, value);
    }
    match builder.body(body) {
        Ok(request) => atlas_admin::to_curl(&request),
        // Not a request the core could have produced; say so rather than print half of it.
        Err(e) => format!("# cannot render as curl: {e}"),
    }
}

/// The default config, so JS and Rust agree on the base URL without repeating it.
#[wasm_bindgen(js_name = defaultBaseUrl)]
pub fn default_base_url() -> String {
    Config::default().base_url
}
