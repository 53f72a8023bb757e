//! A core error as a Python exception: the core's `ErrorReport` (class, lineage, fields, message)
//! handed to `atlas_admin._errors._from_report`, which picks the class by name.

use atlas_admin::{Call, Error, ErrorReport};
use pyo3::prelude::*;
use std::time::SystemTime;

pub fn raise(py: Python<'_>, error: &Error, call: Option<&Call>, now: SystemTime) -> PyErr {
    let report = ErrorReport::new(error, call, now);
    let mut value = serde_json::to_value(&report).unwrap_or_default();
    value["lineage"] = report.lineage().into();
    let exc = crate::fastjson::to_py(py, value).and_then(|fields| {
        let module = py.import("atlas_admin._errors")?;
        module.call_method1("_from_report", (fields,))
    });
    match exc {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}

pub fn raise_build(py: Python<'_>, error: atlas_admin::BuildError) -> PyErr {
    raise(py, &Error::Build(error), None, SystemTime::now())
}
