//! `atlas_admin._core`: the Python extension over the atlas-admin sans-IO core. Thin on
//! purpose: it converts arguments and results; the rules all live in the core.

mod errors;
mod fastjson;
mod mock;
mod request;
mod session;

use atlas_admin::{CallOptions, Config, Credentials, ErrorClass, RetryAfter, RetryPolicy};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::{json, Value};

/// Every operation once, sorted by operationId, as plain dicts (for tables, CLIs and code
/// generation), with every name it answers to.
#[pyfunction]
fn operations(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for op in atlas_admin::operations() {
        let d = PyDict::new(py);
        d.set_item("operation_id", op.id)?;
        d.set_item("short_name", op.short_name)?;
        d.set_item("former_ids", op.former_ids.to_vec())?;
        d.set_item("names", atlas_admin::operation_names(op))?;
        d.set_item("removed", op.removed)?;
        d.set_item("method", op.method.as_str())?;
        d.set_item("path", op.path)?;
        d.set_item("tag", op.tag)?;
        d.set_item("summary", op.summary)?;
        d.set_item("docs_url", op.docs_url().unwrap_or_default())?;
        d.set_item("deprecated", op.deprecated)?;
        d.set_item("paged", op.paged)?;
        d.set_item(
            "versions",
            op.versions.iter().map(|v| v.name).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "takes_body",
            op.versions.iter().any(|v| v.request.is_some()),
        )?;
        let params = PyList::empty(py);
        for p in op.params {
            let pd = PyDict::new(py);
            pd.set_item("name", p.name)?;
            pd.set_item("aliases", p.aliases.to_vec())?;
            pd.set_item("in", p.location.as_str())?;
            pd.set_item("required", p.required)?;
            pd.set_item("type", p.kind.as_str())?;
            pd.set_item("array", p.array)?;
            pd.set_item("enum", p.enum_values.to_vec())?;
            params.append(pd)?;
        }
        d.set_item("params", params)?;
        list.append(d)?;
    }
    Ok(list)
}

/// Builds (and checks) the request for one operation without sending it (`config` and
/// `options` as the core's JSON). With `now` (the host's clock, seconds since the epoch) it also
/// carries the call's warnings (a removed operation, a version past its sunset).
#[pyfunction]
#[pyo3(signature = (operation_id, params=None, body=None, *, config=None, options=None, now=None))]
fn build_request(
    py: Python<'_>,
    operation_id: &str,
    params: Option<&[u8]>,
    body: Option<&[u8]>,
    config: Option<&[u8]>,
    options: Option<&[u8]>,
    now: Option<f64>,
) -> PyResult<request::PyRequest> {
    let params = fastjson::from_bytes(params)?.unwrap_or(Value::Null);
    let body = fastjson::from_bytes(body)?;
    let config: Config = session::serde("config", config)?;
    let options: CallOptions = session::serde("options", options)?;
    let inner =
        atlas_admin::build_request_with(&config, operation_id, &params, body.as_ref(), &options)
            .map_err(|e| errors::raise_build(py, e))?;
    let warnings = match (now, atlas_admin::find_operation(operation_id)) {
        (Some(now), Ok(op)) => atlas_admin::chosen_version(&config, operation_id, &options)
            .map(|v| atlas_admin::warnings(op, v, session::clock(now)))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let warnings = session::warning_tuples(warnings);
    Ok(request::PyRequest { inner, warnings })
}

/// The binding contract: core `Config`, `CallOptions` and `RetryPolicy` defaults as serialized
/// (camelCase), and each error class with its parent.
#[pyfunction]
fn contract(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let classes: Vec<_> = ErrorClass::ALL
        .iter()
        .map(|c| json!([c.name(), c.parent().map(ErrorClass::name)]))
        .collect();
    let value = json!({
        "config": Config::default(),
        "callOptions": CallOptions::default(),
        "retryPolicy": RetryPolicy::default(),
        "errorClasses": classes,
    });
    fastjson::to_py(py, value)
}

/// The canonical id of an operation given by any of its names (id, short name, former id, or
/// the snake_case of one); an unknown or ambiguous name raises `BuildError`.
#[pyfunction]
fn resolve(py: Python<'_>, name: &str) -> PyResult<&'static str> {
    atlas_admin::find_operation(name)
        .map(|op| op.id)
        .map_err(|e| errors::raise_build(py, e))
}

/// The warnings (`(kind, operation_id, message)`) of calling `operation_id` on the host's date
/// `now` (seconds since the epoch) with `version_pin`/`version`.
#[pyfunction]
#[pyo3(signature = (operation_id, now, *, version=None, version_pin=None))]
fn warnings(
    py: Python<'_>,
    operation_id: &str,
    now: f64,
    version: Option<String>,
    version_pin: Option<String>,
) -> PyResult<Vec<session::WarningTuple>> {
    let op = atlas_admin::find_operation(operation_id).map_err(|e| errors::raise_build(py, e))?;
    let v = chosen(py, operation_id, version, version_pin)?;
    let warnings = atlas_admin::warnings(op, v, session::clock(now));
    Ok(session::warning_tuples(warnings))
}

/// Reads a response of `operation_id`: JSON as dicts and lists, CSV/YAML as str, gzip as bytes,
/// no content as None; an error status raises the matching `ApiError` subclass.
#[pyfunction]
fn parse_response(
    py: Python<'_>,
    operation_id: &str,
    status: u16,
    headers: Vec<(String, String)>,
    body: &[u8],
) -> PyResult<PyObject> {
    let op = atlas_admin::find_operation(operation_id).map_err(|e| errors::raise_build(py, e))?;
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let content_type = header("content-type").unwrap_or("");
    // The common case, a JSON success, is built straight into Python objects; everything else
    // (errors, CSV, gzip, envelopes, bodies that do not parse) is the core's to read.
    if (200..300).contains(&status) && !body.is_empty() && fastjson::is_json(content_type) {
        if let Some(v) = fastjson::parse(py, body).filter(|v| !fastjson::maybe_envelope(v)) {
            return Ok(v.unbind());
        }
    }
    let retry_after = header("retry-after").and_then(RetryAfter::parse);
    // Parsing a large body needs no Python objects: let other threads run meanwhile.
    let parsed =
        py.allow_threads(|| atlas_admin::parse_parts(op, status, content_type, retry_after, body));
    match parsed {
        Ok(p) => session::parsed_to_py(py, p).map(Bound::unbind),
        Err(e) => Err(errors::raise(py, &e, None, std::time::SystemTime::now())),
    }
}

/// Credentials from `MONGODB_ATLAS_*` variables in `env` (a mapping), by the core's rules:
/// neither pair gives None; half a pair or both pairs raise `BuildError`.
#[pyfunction]
fn auth_from_env(
    py: Python<'_>,
    env: std::collections::HashMap<String, String>,
) -> PyResult<Option<Vec<String>>> {
    let creds = Credentials::from_env_vars(|k| env.get(k).cloned())
        .map_err(|e| errors::raise_build(py, e))?;
    Ok(match creds {
        Credentials::ApiKey {
            public_key,
            private_key,
        } => Some(vec![
            "digest".into(),
            public_key,
            private_key.expose().to_owned(),
        ]),
        Credentials::ServiceAccount {
            client_id,
            client_secret,
        } => Some(vec![
            "service_account".into(),
            client_id,
            client_secret.expose().to_owned(),
        ]),
        Credentials::Bearer(t) => Some(vec!["bearer".into(), t.expose().to_owned()]),
        Credentials::None => None,
    })
}

fn chosen(
    py: Python<'_>,
    operation_id: &str,
    version: Option<String>,
    version_pin: Option<String>,
) -> PyResult<&'static atlas_admin::Version> {
    let config = Config {
        version_pin,
        ..Config::default()
    };
    let options = CallOptions {
        version,
        ..CallOptions::default()
    };
    atlas_admin::chosen_version(&config, operation_id, &options)
        .map_err(|e| errors::raise_build(py, e))
}

/// The version a call would use (`2024-08-05`, `preview`) and its success statuses.
#[pyfunction]
#[pyo3(signature = (operation_id, *, version=None, version_pin=None))]
fn chosen_version(
    py: Python<'_>,
    operation_id: &str,
    version: Option<String>,
    version_pin: Option<String>,
) -> PyResult<(String, Vec<u16>)> {
    let v = chosen(py, operation_id, version, version_pin)?;
    let statuses = v.responses.iter().map(|r| r.status).collect();
    Ok((v.name.to_owned(), statuses))
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
    m.add_function(wrap_pyfunction!(warnings, m)?)?;
    m.add_function(wrap_pyfunction!(contract, m)?)?;
    m.add_class::<request::PyRequest>()?;
    m.add_class::<session::PySession>()?;
    m.add_class::<session::PyCall>()?;
    m.add_class::<mock::PyMockAtlas>()?;
    Ok(())
}
