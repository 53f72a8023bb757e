//! JSON bytes straight to Python objects, without an intermediate `serde_json::Value`, and with
//! object keys interned per document (as `json.loads` does): a list of 2,000 clusters repeats the
//! same few hundred keys, so each is made once and the dicts share them.
//!
//! Used only for the common case (a 2xx JSON reply that is not an `envelope=true` wrapper); any
//! other reply, and any body this parser refuses, goes through the core's `parse_parts`, which
//! stays the one place that decides what a reply means.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

type Keys<'py> = RefCell<HashMap<String, Bound<'py, PyString>>>;

/// A JSON value the core holds (a reply, a report, an event) as Python objects.
pub fn to_py(py: Python<'_>, value: serde_json::Value) -> PyResult<Bound<'_, PyAny>> {
    let keys: Keys<'_> = RefCell::new(HashMap::new());
    Seed { py, keys: &keys }
        .deserialize(value)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
}

/// JSON text from Python (`json.dumps` of params, a body, settings) as a value.
pub fn from_bytes(json: Option<&[u8]>) -> PyResult<Option<serde_json::Value>> {
    json.map(serde_json::from_slice)
        .transpose()
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
}

/// Parses `body`; `None` when it is not valid JSON (the caller then asks the core, which says why).
pub fn parse<'py>(py: Python<'py>, body: &[u8]) -> Option<Bound<'py, PyAny>> {
    let keys: Keys<'py> = RefCell::new(HashMap::new());
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = Seed { py, keys: &keys }.deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(value)
}

#[derive(Clone, Copy)]
struct Seed<'a, 'py> {
    py: Python<'py>,
    keys: &'a Keys<'py>,
}

impl<'a, 'py> Seed<'a, 'py> {
    fn key(&self, k: &str) -> Bound<'py, PyString> {
        let mut keys = self.keys.borrow_mut();
        if let Some(s) = keys.get(k) {
            return s.clone();
        }
        let s = PyString::new(self.py, k);
        keys.insert(k.to_owned(), s.clone());
        s
    }
}

impl<'de, 'a, 'py> DeserializeSeed<'de> for Seed<'a, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

fn py_err<E: serde::de::Error>(e: PyErr) -> E {
    E::custom(e.to_string())
}

impl<'de, 'a, 'py> Visitor<'de> for Seed<'a, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(pyo3::types::PyBool::new(self.py, v).to_owned().into_any())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        match v.into_pyobject(self.py) {
            Ok(n) => Ok(n.into_any()),
            Err(never) => match never {},
        }
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match v.into_pyobject(self.py) {
            Ok(n) => Ok(n.into_any()),
            Err(never) => match never {},
        }
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(pyo3::types::PyFloat::new(self.py, v).into_any())
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.py, v).into_any())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.py);
        while let Some(item) = seq.next_element_seed(self)? {
            list.append(item).map_err(py_err::<A::Error>)?;
        }
        Ok(list.into_any())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.py);
        while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let v = map.next_value_seed(self)?;
            dict.set_item(self.key(&k), v).map_err(py_err::<A::Error>)?;
        }
        Ok(dict.into_any())
    }
}

/// Whether the core would read this reply as JSON: its content type ends in `json`.
pub fn is_json(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
        .ends_with("json")
}

/// Whether a parsed object may be an `envelope=true` wrapper (an integer `status` at the top),
/// which the core unwraps. Broader than the core's own test on purpose: a false alarm only costs
/// the slower path.
pub fn maybe_envelope(value: &Bound<'_, PyAny>) -> bool {
    let Ok(dict) = value.downcast::<PyDict>() else {
        return false;
    };
    match dict.get_item("status") {
        Ok(Some(s)) => s.is_instance_of::<pyo3::types::PyInt>(),
        _ => false,
    }
}
