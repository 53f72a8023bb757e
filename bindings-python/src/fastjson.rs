//! JSON values to Python objects without a text round trip, object keys made once per document
//! and shared (as `json.loads` does); JSON text from Python read by serde.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use serde::de::{DeserializeSeed, Error, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::{cell::RefCell, collections::HashMap, fmt};

type Keys<'py> = RefCell<HashMap<String, Bound<'py, PyString>>>;

/// A JSON value the core holds (a reply, a report, an event) as Python objects.
pub fn to_py(py: Python<'_>, value: Value) -> PyResult<Bound<'_, PyAny>> {
    let keys = RefCell::new(HashMap::new());
    let seed = Seed { py, keys: &keys };
    seed.deserialize(value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// A JSON document the core checked and handed over as text, parsed straight into Python objects.
pub fn parse<'py>(py: Python<'py>, json: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let keys = RefCell::new(HashMap::new());
    let mut de = serde_json::Deserializer::from_slice(json);
    Seed { py, keys: &keys }.deserialize(&mut de).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// JSON text from Python (`json.dumps` of params, a body, settings) as a value.
pub fn from_bytes(json: Option<&[u8]>) -> PyResult<Option<Value>> {
    let value = json.map(serde_json::from_slice).transpose();
    value.map_err(|e| PyValueError::new_err(e.to_string()))
}

#[derive(Clone, Copy)]
struct Seed<'a, 'py> {
    py: Python<'py>,
    keys: &'a Keys<'py>,
}

impl<'de, 'py> DeserializeSeed<'de> for Seed<'_, 'py> {
    type Value = Bound<'py, PyAny>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

fn py_err<E: Error>(e: PyErr) -> E {
    E::custom(e.to_string())
}

impl<'de, 'py> Visitor<'de> for Seed<'_, 'py> {
    type Value = Bound<'py, PyAny>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn visit_bool<E: Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }
    fn visit_i64<E: Error>(self, v: i64) -> Result<Self::Value, E> {
        let Ok(n) = v.into_pyobject(self.py);
        Ok(n.into_any())
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<Self::Value, E> {
        let Ok(n) = v.into_pyobject(self.py);
        Ok(n.into_any())
    }
    fn visit_f64<E: Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(PyFloat::new(self.py, v).into_any())
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
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
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value_seed(self)?;
            let mut keys = self.keys.borrow_mut();
            let key = keys.entry(k).or_insert_with_key(|k| PyString::new(self.py, k));
            dict.set_item(key.clone(), v).map_err(py_err::<A::Error>)?;
        }
        Ok(dict.into_any())
    }
}
