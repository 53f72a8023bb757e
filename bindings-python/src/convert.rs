//! JSON values to Python objects and back, built directly (no serde round trip through text):
//! the core already holds a parsed `serde_json::Value`, so walking it once is the cheapest way
//! to hand Python a dict.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// Deep structures are refused rather than overflowing the stack on either side.
const MAX_DEPTH: usize = 256;

pub fn to_py(py: Python<'_>, value: &Value) -> PyResult<PyObject> {
    let mut keys = HashMap::new();
    to_py_at(py, value, 0, &mut keys).map(Bound::unbind)
}

/// Object keys made once per document and shared by every dict that has them (`json.loads`
/// does the same): less memory and quicker dict building for long lists of alike objects.
type Keys<'a, 'py> = HashMap<&'a str, Bound<'py, PyString>>;

fn to_py_at<'a, 'py>(
    py: Python<'py>,
    value: &'a Value,
    depth: usize,
    keys: &mut Keys<'a, 'py>,
) -> PyResult<Bound<'py, PyAny>> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err("JSON nested too deeply"));
    }
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => number_to_py(py, n)?,
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py_at(py, item, depth + 1, keys)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                let key = match keys.get(k.as_str()) {
                    Some(key) => key.clone(),
                    None => {
                        let key = PyString::new(py, k);
                        keys.insert(k.as_str(), key.clone());
                        key
                    }
                };
                dict.set_item(key, to_py_at(py, v, depth + 1, keys)?)?;
            }
            dict.into_any()
        }
    })
}

fn number_to_py<'py>(py: Python<'py>, n: &Number) -> PyResult<Bound<'py, PyAny>> {
    if let Some(i) = n.as_i64() {
        return Ok(i.into_pyobject(py)?.into_any());
    }
    if let Some(u) = n.as_u64() {
        return Ok(u.into_pyobject(py)?.into_any());
    }
    Ok(PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any())
}

/// A Python value (dict/list/tuple/str/int/float/bool/None) as JSON. Anything else is a
/// `TypeError` naming where it was found, so a wrong body field is easy to spot.
pub fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    from_py_at(obj, "", 0)
}

fn from_py_at(obj: &Bound<'_, PyAny>, at: &str, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "value at {at:?} nested too deeply"
        )));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // bool before int: in Python, True is an int.
    if let Ok(b) = obj.downcast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.downcast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(PyValueError::new_err(format!(
            "integer at {at:?} is out of range"
        )));
    }
    if let Ok(f) = obj.downcast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| {
                PyValueError::new_err(format!("{at:?}: NaN and infinity are not JSON"))
            });
    }
    if let Ok(d) = obj.downcast::<PyDict>() {
        let mut map = Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = k
                .downcast::<PyString>()
                .map_err(|_| PyTypeError::new_err(format!("dict keys must be str (at {at:?})")))?
                .to_cow()?
                .into_owned();
            let path = if at.is_empty() {
                key.clone()
            } else {
                format!("{at}.{key}")
            };
            map.insert(key, from_py_at(&v, &path, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            out.push(from_py_at(&item?, &format!("{at}[{i}]"), depth + 1)?);
        }
        return Ok(Value::Array(out));
    }
    // Dates and times go as ISO 8601, the form the API's date-time fields take.
    if obj.hasattr("isoformat")? {
        let text = obj.call_method0("isoformat")?;
        return Ok(Value::String(text.extract()?));
    }
    Err(PyTypeError::new_err(format!(
        "cannot send a {} as JSON (at {at:?}); use dict, list, str, int, float, bool or None",
        obj.get_type().name()?
    )))
}

pub fn bytes_to_py(py: Python<'_>, b: &[u8]) -> PyObject {
    PyBytes::new(py, b).into_any().unbind()
}
