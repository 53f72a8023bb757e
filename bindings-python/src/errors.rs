//! Core errors as Python exceptions. The exception classes live in Python (`atlas_admin._errors`)
//! so they can be subclassed, typed and documented there; this side only gathers the fields and
//! asks `_errors._from_core` to build the right one.

use crate::convert::to_py;
use atlas_admin::{ApiError, BuildError, Error, RetryAfter};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::time::SystemTime;

pub fn raise(py: Python<'_>, error: &Error) -> PyErr {
    match build(py, error) {
        Ok(e) => e,
        Err(e) => e,
    }
}

pub fn raise_build(py: Python<'_>, error: BuildError) -> PyErr {
    raise(py, &Error::Build(error))
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let fields = PyDict::new(py);
    let kind = match error {
        Error::Build(b) => {
            build_fields(b, &fields)?;
            "build"
        }
        Error::Decode(d) => {
            fields.set_item("status", d.status)?;
            fields.set_item("content_type", &d.content_type)?;
            fields.set_item("problem", &d.problem)?;
            fields.set_item("snippet", &d.snippet)?;
            "decode"
        }
        Error::Transport { message, attempts } => {
            fields.set_item("problem", message)?;
            fields.set_item("attempts", attempts)?;
            "transport"
        }
        Error::TooManyItems { operation, cap } => {
            fields.set_item("operation", operation)?;
            fields.set_item("cap", cap)?;
            "too_many_items"
        }
        Error::Misuse(_) => "misuse",
        Error::VersionGone {
            operation,
            version,
            newest,
            error,
        } => {
            api_fields(py, error, &fields)?;
            fields.set_item("operation_id", operation)?;
            fields.set_item("version", version)?;
            fields.set_item("newest", newest)?;
            "version_gone"
        }
        // An authentication failure that carries Atlas's answer is still an API error (a 401
        // or 403), so `except Unauthorized` catches a refused key.
        other => match other.api_error() {
            Some(api) => {
                api_fields(py, api, &fields)?;
                if let Error::Retried { attempts, .. } = other {
                    fields.set_item("attempts", attempts)?;
                }
                "api"
            }
            None => "auth",
        },
    };
    let module = py.import("atlas_admin._errors")?;
    let exc = module.call_method1("_from_core", (kind, error.to_string(), fields))?;
    Ok(PyErr::from_value(exc))
}

fn build_fields(b: &BuildError, fields: &Bound<'_, PyDict>) -> PyResult<()> {
    let (operation, parameter, rule): (Option<&str>, Option<String>, Option<String>) = match b {
        BuildError::UnknownOperation { suggestions, .. } => {
            fields.set_item("suggestions", suggestions)?;
            (None, None, Some("unknown operation".into()))
        }
        BuildError::AmbiguousOperation { candidates, .. } => {
            fields.set_item("candidates", candidates)?;
            (None, None, Some("ambiguous operation name".into()))
        }
        BuildError::DuplicateParameter {
            operation,
            name,
            alias,
        } => (
            Some(operation),
            Some((*name).into()),
            Some(format!("given twice, also as its alias `{alias}`")),
        ),
        BuildError::MissingParameter {
            operation,
            name,
            location,
        } => (
            Some(operation),
            Some((*name).into()),
            Some(format!("required {location} parameter")),
        ),
        BuildError::UnknownParameter {
            operation,
            name,
            accepted,
        } => (
            Some(operation),
            Some(name.clone()),
            Some(format!("accepted: {}", accepted.join(", "))),
        ),
        BuildError::InvalidParameter {
            operation,
            name,
            problem,
        } => (Some(operation), Some((*name).into()), Some(problem.clone())),
        BuildError::ParamsNotObject { operation, found } => (
            Some(operation),
            None,
            Some(format!("params must be a mapping, not {found}")),
        ),
        BuildError::InvalidBody { operation, problem } => {
            (Some(operation), Some("body".into()), Some(problem.clone()))
        }
        BuildError::InvalidBodyField {
            operation,
            pointer,
            problem,
        } => (
            Some(operation),
            Some(format!("body.{pointer}")),
            Some(problem.clone()),
        ),
        BuildError::UnsupportedVersion {
            operation,
            requested,
            available,
        } => (
            Some(operation),
            Some("version".into()),
            Some(format!(
                "{requested} is not served; available: {}",
                available.join(", ")
            )),
        ),
        BuildError::UnsupportedFormat {
            operation,
            requested,
            ..
        } => (
            Some(operation),
            Some("format".into()),
            Some(format!("{requested} is not served")),
        ),
        BuildError::InvalidConfig { field, problem } => {
            (None, Some((*field).into()), Some(problem.clone()))
        }
    };
    fields.set_item("operation_id", operation)?;
    fields.set_item("parameter", parameter)?;
    fields.set_item("rule", rule)?;
    Ok(())
}

fn api_fields(py: Python<'_>, api: &ApiError, fields: &Bound<'_, PyDict>) -> PyResult<()> {
    fields.set_item("status", api.status)?;
    fields.set_item("error_code", &api.error_code)?;
    fields.set_item("detail", &api.detail)?;
    fields.set_item("reason", &api.reason)?;
    let params: Vec<PyObject> = api
        .parameters
        .iter()
        .map(|v| to_py(py, v))
        .collect::<PyResult<_>>()?;
    fields.set_item("parameters", params)?;
    let brd = match &api.bad_request_detail {
        Some(v) => to_py(py, v)?,
        None => py.None(),
    };
    fields.set_item("bad_request_detail", brd)?;
    let body = match &api.body {
        Some(v) => to_py(py, v)?,
        None => py.None(),
    };
    fields.set_item("body", body)?;
    fields.set_item("retry_after", api.retry_after.map(seconds))?;
    Ok(())
}

/// `Retry-After` as seconds from now (an HTTP date is measured against this machine's clock).
fn seconds(ra: RetryAfter) -> f64 {
    ra.delay_from(SystemTime::now()).as_secs_f64()
}
