//! A request to send, as Python sees it, and responses coming back from the host transport.

use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::PyBytes;

/// An HTTP request the host must send. `headers` holds real credentials (it has to, to be
/// sent); `repr()` and `to_curl()` never show them.
#[pyclass(module = "atlas_admin._core", frozen, name = "Request")]
pub struct PyRequest {
    pub inner: http::Request<Vec<u8>>,
    /// `(kind, operation_id, message)` of each warning, when built with the host's clock.
    pub warnings: Vec<crate::session::WarningTuple>,
}

#[pymethods]
impl PyRequest {
    #[getter]
    fn method(&self) -> &str {
        self.inner.method().as_str()
    }
    #[getter]
    fn url(&self) -> String {
        self.inner.uri().to_string()
    }
    /// `(name, value)` pairs in the order they are to be sent.
    #[getter]
    fn headers(&self) -> Vec<(&str, String)> {
        let text = |v: &http::HeaderValue| String::from_utf8_lossy(v.as_bytes()).into_owned();
        self.inner.headers().iter().map(|(k, v)| (k.as_str(), text(v))).collect()
    }
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        let b = self.inner.body();
        (!b.is_empty()).then(|| PyBytes::new(py, b))
    }
    #[getter]
    fn warnings(&self) -> Vec<crate::session::WarningTuple> {
        self.warnings.clone()
    }
    /// The request as a `curl` command line, credentials and secret body fields redacted.
    fn to_curl(&self) -> String {
        atlas_admin::to_curl(&self.inner)
    }
    fn __repr__(&self) -> String {
        format!("<Request {} {}>", self.inner.method(), self.inner.uri())
    }
}

/// A response header's value as a transport hands it over: raw bytes, or text (a fake).
#[derive(FromPyObject)]
pub enum HeaderValueArg {
    Bytes(PyBackedBytes),
    Text(PyBackedStr),
}

impl AsRef<[u8]> for HeaderValueArg {
    fn as_ref(&self) -> &[u8] {
        match self {
            HeaderValueArg::Bytes(b) => b,
            HeaderValueArg::Text(s) => s.as_bytes(),
        }
    }
}
