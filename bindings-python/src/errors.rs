//! A core error as a Python exception: the core's `ErrorReport` (with its lineage) handed to
//! `atlas_admin._errors._from_report`, which picks the class by name.

use atlas_admin::{Call, Error, ErrorReport};
use pyo3::prelude::*;
use std::time::SystemTime;

pub fn raise(py: Python<'_>, error: &Error, call: Option<&Call>, now: SystemTime) -> PyErr {
    let value = serde_json::to_value(ErrorReport::new(error, call, now)).unwrap_or_default();
    let errors = py.import("atlas_admin._errors");
    let exc = errors.and_then(|m| m.call_method1("_from_report", (crate::json::to_py(py, value)?,)));
    exc.map_or_else(|e| e, PyErr::from_value)
}

pub fn raise_build(py: Python<'_>, error: atlas_admin::BuildError) -> PyErr {
    raise(py, &Error::Build(error), None, SystemTime::now())
}
