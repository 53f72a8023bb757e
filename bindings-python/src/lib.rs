//! `atlas_admin._core`: the Python extension over the atlas-admin sans-IO core. Thin on purpose:
//! settings, reports, events and metadata cross as the core's serde types; the rules live there.

mod errors;
mod json;
mod mock;
mod request;
mod session;

use atlas_admin::{CallOptions, Config, Credentials, ErrorClass, RetryAfter, RetryPolicy};
use errors::raise_build;
use json::{from_bytes, to_py};
use pyo3::prelude::*;
use serde_json::{json, Value};
use session::{clock, serde, warning_tuples, WarningTuple};

/// Every operation once, sorted by id, as the core lists it (`operation_json`, camelCase).
#[pyfunction]
fn operations(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_py(py, atlas_admin::operations().iter().map(atlas_admin::operation_json).collect())
}

/// The request for one operation, built and checked, not sent (`config`/`options` as the core's
/// JSON); with the host's clock `now` it carries the call's warnings.
#[pyfunction]
#[pyo3(signature = (operation_id, params=None, body=None, *, config=None, options=None, now=None))]
fn build_request(
    py: Python<'_>, operation_id: &str, params: Option<&[u8]>, body: Option<&[u8]>, config: Option<&[u8]>,
    options: Option<&[u8]>, now: Option<f64>,
) -> PyResult<request::PyRequest> {
    let (params, body) = (from_bytes(params)?.unwrap_or(Value::Null), from_bytes(body)?);
    let (config, options): (Config, CallOptions) = (serde("config", config)?, serde("options", options)?);
    let inner = atlas_admin::build_request_with(&config, operation_id, &params, body.as_ref(), &options);
    let inner = inner.map_err(|e| raise_build(py, e))?;
    let version = atlas_admin::chosen_version(&config, operation_id, &options);
    Ok(request::PyRequest { inner, warnings: version.map(|v| warnings_at(operation_id, v, now)).unwrap_or_default() })
}

/// The warnings of calling `operation_id` in `version` on the host's date `now` (none without it).
fn warnings_at(operation_id: &str, version: &'static atlas_admin::Version, now: Option<f64>) -> Vec<WarningTuple> {
    let op = atlas_admin::find_operation(operation_id).ok().zip(now);
    op.map(|(op, now)| warning_tuples(atlas_admin::warnings(op, version, clock(now)))).unwrap_or_default()
}

/// The binding contract: core `Config`, `CallOptions`, `RetryPolicy` defaults as serialized, and
/// each error class with its parent.
#[pyfunction]
fn contract(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let class = |c: &ErrorClass| json!([c.name(), c.parent().map(ErrorClass::name)]);
    let classes: Vec<_> = ErrorClass::ALL.iter().map(class).collect();
    let (config, options, retry) = (Config::default(), CallOptions::default(), RetryPolicy::default());
    let value = json!({"config": config, "callOptions": options, "retryPolicy": retry, "errorClasses": classes});
    to_py(py, value)
}

/// The canonical id of an operation given by any of its names; unknown or ambiguous raises.
#[pyfunction]
fn resolve(py: Python<'_>, name: &str) -> PyResult<&'static str> {
    atlas_admin::find_operation(name).map(|op| op.id).map_err(|e| raise_build(py, e))
}

/// The version a call would use (`2024-08-05`, `preview`), its success statuses and, on the
/// host's date `now` (seconds since the epoch), the warnings of calling it.
#[pyfunction]
#[pyo3(signature = (operation_id, now=None, *, version=None, version_pin=None))]
fn chosen_version(
    py: Python<'_>, operation_id: &str, now: Option<f64>, version: Option<String>, version_pin: Option<String>,
) -> PyResult<(String, Vec<u16>, Vec<WarningTuple>)> {
    let (config, options) =
        (Config { version_pin, ..Config::default() }, CallOptions { version, ..Default::default() });
    let v = atlas_admin::chosen_version(&config, operation_id, &options).map_err(|e| raise_build(py, e))?;
    Ok((v.name.to_owned(), v.responses.iter().map(|r| r.status).collect(), warnings_at(operation_id, v, now)))
}

/// A reply of `operation_id` as Python values; an error status raises its `ApiError` subclass.
#[pyfunction]
fn parse_response<'py>(
    py: Python<'py>, operation_id: &str, status: u16, headers: Vec<(String, String)>, body: &[u8],
) -> PyResult<Bound<'py, PyAny>> {
    let op = atlas_admin::find_operation(operation_id).map_err(|e| raise_build(py, e))?;
    let header = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let (content_type, retry_after) =
        (header("content-type").unwrap_or(""), header("retry-after").and_then(RetryAfter::parse));
    // Parsing a large body needs no Python objects: let other threads run meanwhile.
    let parsed = py.allow_threads(|| atlas_admin::parse_parts(op, status, content_type, retry_after, body));
    let now = std::time::SystemTime::now();
    parsed.map_err(|e| errors::raise(py, &e, None, now)).and_then(|p| session::parsed_to_py(py, p))
}

/// Credentials from `MONGODB_ATLAS_*` variables in `env`, by the core's rules.
#[pyfunction]
fn auth_from_env(py: Python<'_>, env: std::collections::HashMap<String, String>) -> PyResult<Option<Vec<String>>> {
    let creds = Credentials::from_env_vars(|k| env.get(k).cloned()).map_err(|e| raise_build(py, e))?;
    Ok(match creds {
        Credentials::ApiKey { public_key: i, private_key: s } => Some(vec!["digest".into(), i, s.expose().into()]),
        Credentials::ServiceAccount { client_id: i, client_secret: s } => Some(vec!["sa".into(), i, s.expose().into()]),
        Credentials::Bearer(t) => Some(vec!["bearer".into(), t.expose().to_owned()]),
        Credentials::None | Credentials::Missing => None,
    })
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("OPERATION_COUNT", atlas_admin::OPERATION_COUNT)?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(build_request, m)?)?;
    m.add_function(wrap_pyfunction!(parse_response, m)?)?;
    m.add_function(wrap_pyfunction!(auth_from_env, m)?)?;
    m.add_function(wrap_pyfunction!(chosen_version, m)?)?;
    m.add_function(wrap_pyfunction!(resolve, m)?)?;
    m.add_function(wrap_pyfunction!(contract, m)?)?;
    m.add_class::<request::PyRequest>()?;
    m.add_class::<session::PySession>()?;
    m.add_class::<session::PyCall>()?;
    m.add_class::<mock::PyMockAtlas>()?;
    Ok(())
}
