//! A request to send, as Python sees it, and responses coming back from the host transport.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
// Bytes borrowed from Python `bytes`: extracting a `Vec<u8>` would go item by item, which for
// a 5 MB reply costs more than parsing it.
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::PyBytes;

/// An HTTP request the host must send. `headers` holds real credentials (it has to, to be
/// sent); `repr()` and `to_curl()` never show them.
#[pyclass(module = "atlas_admin._core", frozen, name = "Request")]
pub struct PyRequest {
    pub inner: http::Request<Vec<u8>>,
    /// `(kind, operation_id, message)` of each warning the call carries, where the builder was
    /// given the host's clock (`build_request(..., now=...)`); empty otherwise.
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
    fn headers(&self) -> Vec<(String, String)> {
        self.inner
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect()
    }

    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        let b = self.inner.body();
        (!b.is_empty()).then(|| PyBytes::new(py, b))
    }

    /// The warnings of the call, as `(kind, operation_id, message)`: a removed operation, a
    /// version past its sunset (by the clock given to `build_request`).
    #[getter]
    fn warnings(&self) -> Vec<crate::session::WarningTuple> {
        self.warnings.clone()
    }

    /// The request as a `curl` command line, credentials and secret body fields redacted.
    fn to_curl(&self) -> String {
        atlas_admin::to_curl(&self.inner)
    }

    fn __repr__(&self) -> String {
        // The URL carries no secrets (the core never puts credentials in it).
        format!("<Request {} {}>", self.inner.method(), self.inner.uri())
    }
}

/// Builds an `http::Response` from what the host transport received.
/// A response header's value as a transport hands it over: the raw bytes (what this package's
/// transports give), or text (what a hand-written fake or another HTTP library gives).
#[derive(FromPyObject)]
pub enum HeaderValueArg {
    Bytes(PyBackedBytes),
    Text(PyBackedStr),
}

impl HeaderValueArg {
    fn as_bytes(&self) -> &[u8] {
        match self {
            HeaderValueArg::Bytes(b) => b,
            HeaderValueArg::Text(s) => s.as_bytes(),
        }
    }
}

pub fn response(
    status: u16,
    headers: Vec<(String, HeaderValueArg)>,
    body: PyBackedBytes,
) -> PyResult<http::Response<Vec<u8>>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        // A header this side cannot represent is dropped rather than failing the call: the
        // core reads only Content-Type, Retry-After and WWW-Authenticate.
        let (Ok(n), Ok(v)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_bytes(value.as_bytes()),
        ) else {
            continue;
        };
        builder = builder.header(n, v);
    }
    builder
        .body(body.to_vec())
        .map_err(|e| PyValueError::new_err(format!("bad response: {e}")))
}
