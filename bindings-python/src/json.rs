//! JSON across the boundary, read by each side's own parser: Python's `json.loads` (C, and what
//! users measure us against) for what the core hands over, serde for what Python sends.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde_json::Value;

/// JSON text the core checked (a reply it handed over as it is) as Python objects.
pub fn parse<'py>(py: Python<'py>, json: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.getattr("loads")?.call1((PyBytes::new(py, json),))
}

/// A JSON value the core holds (a report, an event, a page's items) as Python objects.
pub fn to_py(py: Python<'_>, value: Value) -> PyResult<Bound<'_, PyAny>> {
    parse(py, value.to_string().as_bytes())
}

/// JSON text from Python (`json.dumps` of params, a body, settings) as a value.
pub fn from_bytes(json: Option<&[u8]>) -> PyResult<Option<Value>> {
    let value = json.map(serde_json::from_slice).transpose();
    value.map_err(|e| PyValueError::new_err(e.to_string()))
}
