//! The core's Session and Call for Python. The host loop lives in Python (`atlas_admin._client`):
//! it asks for the next step, does the I/O, feeds the result back and routes the call's events.
//! Settings, params and bodies arrive as JSON text and are read by the core's serde types.

use crate::errors::raise;
use crate::fastjson::{from_bytes, to_py};
use crate::request::{response, HeaderValueArg, PyRequest};
use atlas_admin::{Action, CallOptions, Config, Credentials, Parsed, Session};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::PyBytes;
use serde_json::Value;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `("send", Request)`, `("wait", seconds)`, `("items", list)` (paging) or `("done", value)`.
type Step<'py> = (&'static str, Bound<'py, PyAny>);
pub type WarningTuple = (&'static str, &'static str, String);

pub fn serde<T: serde::de::DeserializeOwned>(what: &str, json: Option<&[u8]>) -> PyResult<T> {
    let value = from_bytes(json)?.unwrap_or(Value::Object(Default::default()));
    serde_json::from_value(value).map_err(|e| PyValueError::new_err(format!("{what}: {e}")))
}

#[pyclass(module = "atlas_admin._core", frozen, name = "Session")]
pub struct PySession {
    inner: Session,
}

#[pymethods]
impl PySession {
    /// `config` is core `Config` as JSON; `auth` is `("digest", public, private)`,
    /// `("service_account", id, secret)`, `("bearer", token)` or None.
    #[new]
    #[pyo3(signature = (config, auth=None))]
    fn new(config: &[u8], auth: Option<Vec<String>>) -> PyResult<Self> {
        let credentials = match auth.as_deref() {
            None => Credentials::None,
            Some([kind, a, b]) if kind == "digest" => Credentials::api_key(a.as_str(), b.as_str()),
            Some([kind, a, b]) if kind == "service_account" => {
                Credentials::service_account(a.as_str(), b.as_str())
            }
            Some([kind, t]) if kind == "bearer" => Credentials::bearer(t.as_str()),
            Some(_) => return Err(PyValueError::new_err("unknown auth kind")),
        };
        let config: Config = serde("config", Some(config))?;
        Ok(PySession {
            inner: Session::new(config, credentials),
        })
    }

    /// One operation (`paged`: every item, page by page); params, body, options as JSON.
    #[pyo3(signature = (operation_id, params=None, body=None, options=None, paged=false))]
    fn call(
        &self,
        operation_id: &str,
        params: Option<&[u8]>,
        body: Option<&[u8]>,
        options: Option<&[u8]>,
        paged: bool,
    ) -> PyResult<PyCall> {
        let params = from_bytes(params)?.unwrap_or(Value::Null);
        let options: CallOptions = serde("options", options)?;
        Ok(PyCall::new(if paged {
            self.inner.pages_with(operation_id, &params, &options)
        } else {
            let body = from_bytes(body)?;
            (self.inner).call_with(operation_id, &params, body.as_ref(), &options)
        }))
    }

    /// A request the caller built (an endpoint this spec lacks), with the session's auth and
    /// retries; the reply is read by its content type.
    #[pyo3(signature = (method, url, headers=Vec::new(), body=None))]
    fn call_raw(
        &self,
        method: &str,
        url: &str,
        headers: Vec<(String, String)>,
        body: Option<Vec<u8>>,
    ) -> PyResult<PyCall> {
        let mut builder = http::Request::builder().method(method).uri(url);
        for (k, v) in headers {
            builder = builder.header(k, v);
        }
        let request = builder
            .body(body.unwrap_or_default())
            .map_err(|e| PyValueError::new_err(format!("bad request: {e}")))?;
        Ok(PyCall::new(self.inner.call_raw(request)))
    }

    fn revoke_token(&self) -> PyCall {
        PyCall::new(self.inner.revoke_token())
    }

    fn has_token(&self) -> bool {
        self.inner.has_token()
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.inner) // public parts of credentials only
    }
}

pub fn warning_tuples(warnings: Vec<atlas_admin::Warning>) -> Vec<WarningTuple> {
    let tuple = |w: atlas_admin::Warning| (w.kind(), w.operation(), w.to_string());
    warnings.into_iter().map(tuple).collect()
}

pub fn clock(now: f64) -> SystemTime {
    UNIX_EPOCH + Duration::try_from_secs_f64(now.max(0.0)).unwrap_or_default()
}

pub fn parsed_to_py(py: Python<'_>, parsed: Parsed) -> PyResult<Bound<'_, PyAny>> {
    match parsed {
        Parsed::Json(v) => to_py(py, v),
        Parsed::Text(t) => Ok(t.into_pyobject(py)?.into_any()),
        Parsed::Bytes(b) => Ok(PyBytes::new(py, &b).into_any()),
        Parsed::Empty => Ok(py.None().into_bound(py)),
    }
}

/// One call in flight. A mutex, not `&mut self`, so a Python object shared between threads
/// cannot be borrowed twice; the lock is never held across Python code.
#[pyclass(module = "atlas_admin._core", frozen, name = "Call")]
pub struct PyCall {
    inner: Mutex<atlas_admin::Call>,
}

impl PyCall {
    fn new(call: atlas_admin::Call) -> Self {
        PyCall {
            inner: Mutex::new(call),
        }
    }

    /// Each step completes or does nothing, so a lock poisoned by a panic is taken over.
    fn locked(&self) -> MutexGuard<'_, atlas_admin::Call> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[pymethods]
impl PyCall {
    /// The next step on the host's clock `now` (seconds since the epoch); a failed call raises
    /// the exception its `ErrorReport` names instead of returning `done`.
    fn next<'py>(&self, py: Python<'py>, now: f64, random: u64) -> PyResult<Step<'py>> {
        let mut call = self.locked();
        match call.next(clock(now), random) {
            Action::Send(inner) => {
                let request = PyRequest {
                    inner,
                    warnings: Vec::new(),
                };
                Ok(("send", Bound::new(py, request)?.into_any()))
            }
            Action::Wait(d) => Ok(("wait", d.as_secs_f64().into_pyobject(py)?.into_any())),
            Action::Items(items) => Ok(("items", to_py(py, Value::Array(items))?)),
            Action::Done(Ok(p)) => Ok(("done", parsed_to_py(py, p)?)),
            Action::Done(Err(e)) => Err(raise(py, &e, Some(&call), clock(now))),
        }
    }

    fn feed_response(
        &self,
        status: u16,
        headers: Vec<(String, HeaderValueArg)>,
        body: PyBackedBytes,
    ) -> PyResult<()> {
        let r = response(status, headers, body)?;
        self.locked().feed_response(r);
        Ok(())
    }

    fn feed_transport_error(&self, message: String) {
        self.locked().feed_transport_error(message);
    }

    /// The warnings of this call on the host's date `now`; known before anything is sent.
    fn warnings(&self, now: f64) -> Vec<WarningTuple> {
        warning_tuples(self.locked().warnings(clock(now)))
    }

    /// What the call did since last asked: dicts with `event` (`requestSent`, `replyReceived`,
    /// `waiting`, `retrying`, `tokenFetched`), its fields and a one-line `message`.
    fn take_events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let events = self.locked().take_events().into_iter().map(|e| {
            let mut v = serde_json::to_value(&e).unwrap_or_default();
            v["message"] = e.message().into();
            v
        });
        to_py(py, Value::Array(events.collect()))
    }

    /// The core's `Metadata` of the last reply as a dict; None before any reply.
    fn metadata<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let value = self.locked().metadata().map(serde_json::to_value);
        let value = value
            .transpose()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        value.map(|v| to_py(py, v)).transpose()
    }

    #[getter]
    fn attempts(&self) -> u32 {
        self.locked().attempts()
    }

    #[getter]
    fn pages_seen(&self) -> u64 {
        self.locked().pages_seen()
    }

    #[getter]
    fn items_seen(&self) -> u64 {
        self.locked().items_seen()
    }

    /// Seconds one exchange may take (the call's option, else the client's), or None.
    #[getter]
    fn timeout(&self) -> Option<f64> {
        self.locked().timeout().map(|d| d.as_secs_f64())
    }
}
