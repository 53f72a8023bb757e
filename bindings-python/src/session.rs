//! The core's Session, Call and Pager for Python. The host loop lives in Python
//! (`atlas_admin._driver`): it asks for the next step, does the I/O, and feeds the result back.

use crate::convert::{bytes_to_py, from_py, to_py};
use crate::errors::raise;
use crate::request::{response, PyRequest};
use atlas_admin::{
    Action, CallOptions, Config, Credentials, PageStep, Parsed, RetryPolicy, Session,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
// Bytes borrowed from Python `bytes`: extracting a `Vec<u8>` would go item by item, which for
// a 5 MB reply costs more than parsing it.
use pyo3::pybacked::PyBackedBytes;
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What the host must do next: `("send", Request)`, `("wait", seconds)`, `("items", list)` (pager
/// only) or `("done", value)`. A failed call raises instead of returning `done`.
type Step = (&'static str, PyObject);

#[pyclass(module = "atlas_admin._core", frozen, name = "Session")]
pub struct PySession {
    inner: Session,
}

fn opts(version: Option<String>, retry_non_idempotent: bool) -> CallOptions {
    CallOptions {
        version,
        retry_non_idempotent,
        ..CallOptions::default()
    }
}

fn json_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Value>> {
    obj.filter(|o| !o.is_none()).map(from_py).transpose()
}

#[pymethods]
impl PySession {
    /// `auth` is `("digest", public_key, private_key)`, `("service_account", id, secret)`,
    /// `("bearer", token)` or None.
    #[new]
    #[pyo3(signature = (base_url, auth=None, version=None, user_agent=None, max_attempts=None, max_retry_after=None))]
    fn new(
        base_url: String,
        auth: Option<Vec<String>>,
        version: Option<String>,
        user_agent: Option<String>,
        max_attempts: Option<u32>,
        max_retry_after: Option<f64>,
    ) -> PyResult<Self> {
        let credentials = match auth.as_deref() {
            None => Credentials::None,
            Some([kind, a, b]) if kind == "digest" => Credentials::api_key(a.as_str(), b.as_str()),
            Some([kind, a, b]) if kind == "service_account" => {
                Credentials::service_account(a.as_str(), b.as_str())
            }
            Some([kind, t]) if kind == "bearer" => Credentials::bearer(t.as_str()),
            Some(_) => return Err(PyValueError::new_err("unknown auth kind")),
        };
        let mut config = Config::default().with_base_url(base_url);
        config.version_pin = version;
        config.user_agent = user_agent
            .unwrap_or_else(|| format!("atlas-admin-python/{}", env!("CARGO_PKG_VERSION")));
        let mut retry = RetryPolicy::default();
        if let Some(n) = max_attempts {
            retry.max_attempts = n.max(1);
        }
        if let Some(s) = max_retry_after {
            retry.max_retry_after = Duration::try_from_secs_f64(s.max(0.0))
                .map_err(|e| PyValueError::new_err(format!("max_retry_after: {e}")))?;
        }
        Ok(PySession {
            inner: Session::with_retry_policy(config, credentials, retry),
        })
    }

    #[pyo3(signature = (operation_id, params=None, body=None, version=None, retry_non_idempotent=false))]
    fn call(
        &self,
        operation_id: &str,
        params: Option<&Bound<'_, PyAny>>,
        body: Option<&Bound<'_, PyAny>>,
        version: Option<String>,
        retry_non_idempotent: bool,
    ) -> PyResult<PyCall> {
        let params = json_arg(params)?.unwrap_or(Value::Null);
        let body = json_arg(body)?;
        let call = self.inner.call_with(
            operation_id,
            &params,
            body.as_ref(),
            &opts(version, retry_non_idempotent),
        );
        Ok(PyCall {
            inner: std::sync::Mutex::new(call),
        })
    }

    #[pyo3(signature = (operation_id, params=None, version=None))]
    fn pages(
        &self,
        operation_id: &str,
        params: Option<&Bound<'_, PyAny>>,
        version: Option<String>,
    ) -> PyResult<PyPager> {
        let params = json_arg(params)?.unwrap_or(Value::Null);
        let pager = self
            .inner
            .pages_with(operation_id, &params, &opts(version, false));
        Ok(PyPager {
            inner: std::sync::Mutex::new(pager),
        })
    }

    /// A request the caller built (an endpoint this spec lacks), sent with the session's auth
    /// and retries; the reply is read by its content type.
    #[pyo3(signature = (method, url, headers=Vec::new(), body=None))]
    fn call_raw(
        &self,
        method: &str,
        url: &str,
        headers: Vec<(String, String)>,
        body: Option<PyBackedBytes>,
    ) -> PyResult<PyCall> {
        let mut builder = http::Request::builder().method(method).uri(url);
        for (k, v) in headers {
            builder = builder.header(k, v);
        }
        let request = builder
            .body(body.map(|b| b.to_vec()).unwrap_or_default())
            .map_err(|e| PyValueError::new_err(format!("bad request: {e}")))?;
        Ok(PyCall {
            inner: std::sync::Mutex::new(self.inner.call_raw(request)),
        })
    }

    /// A call that revokes the service-account token held (nothing to send when none is).
    fn revoke_token(&self) -> PyCall {
        PyCall {
            inner: std::sync::Mutex::new(self.inner.revoke_token()),
        }
    }

    fn has_token(&self) -> bool {
        self.inner.has_token()
    }

    fn __repr__(&self) -> String {
        // The core's Debug shows public parts of credentials only.
        format!("{:?}", self.inner)
    }
}

/// A core warning for Python: `(kind, operation_id, message)`; `atlas_admin._warnings` picks
/// the warning class by kind.
pub type WarningTuple = (&'static str, &'static str, String);

pub fn warning_tuples(warnings: Vec<atlas_admin::Warning>) -> Vec<WarningTuple> {
    warnings
        .into_iter()
        .map(|w| (w.kind(), w.operation(), w.to_string()))
        .collect()
}

pub fn clock(now: f64) -> SystemTime {
    UNIX_EPOCH + Duration::try_from_secs_f64(now.max(0.0)).unwrap_or_default()
}

pub fn parsed_to_py(py: Python<'_>, parsed: Parsed) -> PyResult<PyObject> {
    match parsed {
        Parsed::Json(v) => to_py(py, &v),
        Parsed::Text(t) => Ok(t.into_pyobject(py)?.into_any().unbind()),
        Parsed::Bytes(b) => Ok(bytes_to_py(py, &b)),
        Parsed::Empty => Ok(py.None()),
    }
}

fn send(py: Python<'_>, r: http::Request<Vec<u8>>) -> PyResult<Step> {
    Ok((
        "send",
        Py::new(
            py,
            PyRequest {
                inner: r,
                warnings: Vec::new(),
            },
        )?
        .into_any(),
    ))
}

fn wait(py: Python<'_>, d: Duration) -> PyResult<Step> {
    Ok((
        "wait",
        d.as_secs_f64().into_pyobject(py)?.into_any().unbind(),
    ))
}

/// One call in flight. A mutex, not `&mut self`, so a Python object shared between threads
/// cannot be borrowed twice; the lock is never held across Python code.
#[pyclass(module = "atlas_admin._core", frozen, name = "Call")]
pub struct PyCall {
    inner: std::sync::Mutex<atlas_admin::Call>,
}

#[pymethods]
impl PyCall {
    fn next(&self, py: Python<'_>, now: f64, random: u64) -> PyResult<Step> {
        let action = locked(&self.inner).next(clock(now), random);
        match action {
            Action::Send(r) => send(py, r),
            Action::Wait(d) => wait(py, d),
            Action::Done(Ok(p)) => Ok(("done", parsed_to_py(py, p)?)),
            Action::Done(Err(e)) => Err(raise(py, &e)),
        }
    }

    fn feed_response(
        &self,
        status: u16,
        headers: Vec<(String, crate::request::HeaderValueArg)>,
        body: PyBackedBytes,
    ) -> PyResult<()> {
        let r = response(status, headers, body)?;
        locked(&self.inner).feed_response(r);
        Ok(())
    }

    fn feed_transport_error(&self, message: String) {
        locked(&self.inner).feed_transport_error(message);
    }

    /// The warnings of this call on the host's date `now` (seconds since the epoch): a removed
    /// operation, a version past its sunset. Known before anything is sent.
    fn warnings(&self, now: f64) -> Vec<WarningTuple> {
        warning_tuples(locked(&self.inner).warnings(clock(now)))
    }

    #[getter]
    fn attempts(&self) -> u32 {
        locked(&self.inner).attempts()
    }
}

#[pyclass(module = "atlas_admin._core", frozen, name = "Pager")]
pub struct PyPager {
    inner: std::sync::Mutex<atlas_admin::Pager>,
}

#[pymethods]
impl PyPager {
    fn next(&self, py: Python<'_>, now: f64, random: u64) -> PyResult<Step> {
        let step = locked(&self.inner).next(clock(now), random);
        match step {
            PageStep::Send(r) => send(py, r),
            PageStep::Wait(d) => wait(py, d),
            PageStep::Items(items) => Ok(("items", to_py(py, &Value::Array(items))?)),
            PageStep::Done(Ok(())) => Ok(("done", py.None())),
            PageStep::Done(Err(e)) => Err(raise(py, &e)),
        }
    }

    fn feed_response(
        &self,
        status: u16,
        headers: Vec<(String, crate::request::HeaderValueArg)>,
        body: PyBackedBytes,
    ) -> PyResult<()> {
        let r = response(status, headers, body)?;
        locked(&self.inner).feed_response(r);
        Ok(())
    }

    fn feed_transport_error(&self, message: String) {
        locked(&self.inner).feed_transport_error(message);
    }

    /// The warnings of paging through this operation on the host's date `now`.
    fn warnings(&self, now: f64) -> Vec<WarningTuple> {
        warning_tuples(locked(&self.inner).warnings(clock(now)))
    }

    #[getter]
    fn pages(&self) -> u64 {
        locked(&self.inner).pages()
    }
}

/// The state machine behind a Python object. Each of its steps completes or does nothing, so a
/// lock poisoned by a panic elsewhere is taken over rather than failing every later call.
fn locked<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
