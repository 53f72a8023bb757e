//! The core's Session and Call. The host loop lives in Python (`atlas_admin._client`): it asks
//! for the next step, does the I/O, feeds the result back and routes the call's events.

use crate::json::{from_bytes, to_py};
use crate::request::{HeaderValueArg, PyRequest};
use atlas_admin::{
    Action, Call, CallOptions, Config, Credentials, Parsed, Session, WaitGoal, WaitOptions, ENVELOPE_STATUS,
};
use pyo3::exceptions::{PyRecursionError, PyValueError};
use pyo3::types::{IntoPyDict, PyBytes, PyInt};
use pyo3::{prelude::*, pybacked::PyBackedBytes};
use serde_json::Value;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `("send", Request)`, `("wait", seconds)`, `("items", list)` (paging) or `("done", value)`.
type Step<'py> = (&'static str, Bound<'py, PyAny>);
pub type WarningTuple = (&'static str, &'static str, String);
type Py<'py> = PyResult<Bound<'py, PyAny>>;

/// A core serde type (`Config`, `CallOptions`) from its JSON; unknown fields are refused.
pub fn serde<T: serde::de::DeserializeOwned>(what: &str, json: Option<&[u8]>) -> PyResult<T> {
    let value = from_bytes(json)?.unwrap_or(Value::Object(Default::default()));
    serde_json::from_value(value).map_err(|e| PyValueError::new_err(format!("{what}: {e}")))
}

pub fn warning_tuples(warnings: Vec<atlas_admin::Warning>) -> Vec<WarningTuple> {
    warnings.into_iter().map(|w| (w.kind(), w.operation(), w.to_string())).collect()
}

pub fn clock(now: f64) -> SystemTime {
    UNIX_EPOCH + Duration::try_from_secs_f64(now.max(0.0)).unwrap_or_default()
}

pub fn parsed_to_py(py: Python<'_>, parsed: Parsed) -> Py<'_> {
    match parsed {
        Parsed::Json(v) => to_py(py, v),
        Parsed::JsonText(b) => crate::json::parse(py, &b),
        Parsed::Text(t) => Ok(t.into_pyobject(py)?.into_any()),
        Parsed::Bytes(b) => Ok(PyBytes::new(py, &b).into_any()),
        Parsed::Empty => Ok(py.None().into_bound(py)),
    }
}

/// A JSON success the core handed over unread (`host_checks_json`), read by `json.loads` from `fed`
/// (the transport's own bytes, not a copy); what it refuses (`ValueError`, NaN too by `parse_constant`,
/// or `RecursionError`) or finds to be an `envelope=true` wrapper goes back to the core.
fn host_json<'py>(py: Python<'py>, call: &Call, body: &[u8], fed: Option<PyBackedBytes>, now: f64) -> Py<'py> {
    let fed = fed.filter(|f| f.len() == body.len()).map(|f| f.into_pyobject(py)).transpose()?;
    let text = fed.unwrap_or_else(|| PyBytes::new(py, body));
    let strict = [("parse_constant", py.get_type::<PyInt>())].into_py_dict(py)?;
    let loaded = py.import("json")?.getattr("loads")?.call((text,), Some(&strict));
    match loaded {
        Ok(value) if !value.get_item(ENVELOPE_STATUS).is_ok_and(|s| s.is_exact_instance_of::<PyInt>()) => Ok(value),
        Err(e) if !(e.is_instance_of::<PyValueError>(py) || e.is_instance_of::<PyRecursionError>(py)) => Err(e),
        _ => match call.reread(body) {
            Ok(parsed) => parsed_to_py(py, parsed),
            Err(e) => Err(crate::errors::raise(py, &e, Some(call), clock(now))),
        },
    }
}

#[pyclass(module = "atlas_admin._core", frozen, name = "Session")]
pub struct PySession(Session);

#[pymethods]
impl PySession {
    /// `config`: core `Config` as JSON (with the Atlas CLI's variables; JSON replies read by
    /// `json.loads`); `auth`: core `Credentials` as JSON, or None (`Missing`).
    #[new]
    #[pyo3(signature = (config, auth=None))]
    fn new(py: Python<'_>, config: &[u8], auth: Option<&[u8]>) -> PyResult<Self> {
        let config = Config { host_checks_json: true, ..serde("config", Some(config))? };
        let env = |name: &str| std::env::var(name).ok();
        let credentials: Credentials = auth.map(|a| serde("auth", Some(a))).transpose()?.unwrap_or_default();
        Session::for_host(config, credentials, env).map(PySession).map_err(|e| crate::errors::raise_build(py, e))
    }
    /// One operation (`paged`: every item, page by page; `wait`: the core's `WaitOptions`, then
    /// wait as its spec watcher says); params, body and options as JSON.
    #[pyo3(signature = (operation_id, params=None, body=None, options=None, paged=false, wait=None))]
    fn call(
        &self, operation_id: &str, params: Option<&[u8]>, body: Option<&[u8]>, options: Option<&[u8]>, paged: bool,
        wait: Option<&[u8]>,
    ) -> PyResult<PyCall> {
        let params = from_bytes(params)?.unwrap_or(Value::Null);
        let (body, options): (_, CallOptions) = (from_bytes(body)?, serde("options", options)?);
        Ok(PyCall::new(match (paged, wait) {
            (true, _) => self.0.pages_with(operation_id, &params, &options),
            (false, Some(w)) => {
                self.0.call_and_wait(operation_id, &params, body.as_ref(), &options, &serde("wait", Some(w))?)
            }
            (false, None) => self.0.call_with(operation_id, &params, body.as_ref(), &options),
        }))
    }
    /// Polls a GET until `goal` (the core's `WaitGoal` as JSON), with `WaitOptions` as JSON.
    fn wait_until(&self, operation_id: &str, params: &[u8], goal: &[u8], wait: &[u8]) -> PyResult<PyCall> {
        let params = from_bytes(Some(params))?.unwrap_or(Value::Null);
        let (goal, wait): (WaitGoal, WaitOptions) = (serde("goal", Some(goal))?, serde("wait", Some(wait))?);
        Ok(PyCall::new(self.0.wait_until(operation_id, &params, goal, &wait)))
    }
    /// A request outside the spec, with the session's auth and retries; read by content type.
    #[pyo3(signature = (method, url, headers=Vec::new(), body=None))]
    fn call_raw(
        &self, method: &str, url: &str, headers: Vec<(String, String)>, body: Option<Vec<u8>>,
    ) -> PyResult<PyCall> {
        let builder =
            headers.into_iter().fold(http::Request::builder().method(method).uri(url), |b, (k, v)| b.header(k, v));
        let request = builder.body(body.unwrap_or_default());
        let request = request.map_err(|e| PyValueError::new_err(format!("bad request: {e}")))?;
        Ok(PyCall::new(self.0.call_raw(request)))
    }
    fn revoke_token(&self) -> PyCall {
        PyCall::new(self.0.revoke_token())
    }
    /// The token held, as `SavedToken` JSON (with the token itself: for a token cache only).
    fn export_token(&self) -> Option<String> {
        self.0.export_token().map(|t| t.to_json())
    }
    fn import_token(&self, token: &[u8], now: f64) -> PyResult<bool> {
        Ok(self.0.import_token(&serde("token", Some(token))?, clock(now)))
    }
    fn token_cache_key(&self) -> Option<String> {
        self.0.token_cache_key()
    }
    fn __repr__(&self) -> String {
        format!("{:?}", self.0) // public parts of credentials only
    }
}

/// One call in flight. A mutex, not `&mut self`, so a Python object shared between threads
/// cannot be borrowed twice; the lock is never held across Python code.
#[pyclass(module = "atlas_admin._core", frozen, name = "Call")]
pub struct PyCall(Mutex<Call>, Mutex<Option<PyBackedBytes>>);

impl PyCall {
    fn new(call: Call) -> Self {
        PyCall(Mutex::new(call), Mutex::default())
    }
    /// Each step completes or does nothing, so a lock poisoned by a panic is taken over.
    fn locked(&self) -> MutexGuard<'_, Call> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[pymethods]
impl PyCall {
    /// The next step on the host's clock `now`; a failed call raises the exception its report names.
    fn next<'py>(&self, py: Python<'py>, now: f64, random: u64) -> PyResult<Step<'py>> {
        let mut call = self.locked();
        match call.next(clock(now), random) {
            Action::Send(inner) => Ok(("send", Bound::new(py, PyRequest { inner, warnings: Vec::new() })?.into_any())),
            Action::Wait(d) => Ok(("wait", d.as_secs_f64().into_pyobject(py)?.into_any())),
            Action::Items(items) => Ok(("items", to_py(py, Value::Array(items))?)),
            Action::Done(Ok(Parsed::JsonText(b))) => {
                let fed = self.1.lock().unwrap_or_else(|e| e.into_inner()).take();
                Ok(("done", host_json(py, &call, &b, fed, now)?))
            }
            Action::Done(Ok(p)) => Ok(("done", parsed_to_py(py, p)?)),
            Action::Done(Err(e)) => Err(crate::errors::raise(py, &e, Some(&call), clock(now))),
        }
    }
    fn feed_response(&self, status: u16, headers: Vec<(String, HeaderValueArg)>, body: PyBackedBytes) -> PyResult<()> {
        let response = atlas_admin::response_from_parts(status, headers, body.to_vec());
        *self.1.lock().unwrap_or_else(|e| e.into_inner()) = Some(body);
        self.locked().feed_response(response.map_err(PyValueError::new_err)?);
        Ok(())
    }
    fn feed_transport_error(&self, message: String) {
        self.locked().feed_transport_error(message);
    }
    fn warnings(&self, now: f64) -> Vec<WarningTuple> {
        warning_tuples(self.locked().warnings(clock(now)))
    }
    /// Events since last asked: dicts with `event`, its fields, its `level` and a `message`.
    fn take_events<'py>(&self, py: Python<'py>) -> Py<'py> {
        to_py(py, self.locked().take_events().iter().map(atlas_admin::Event::to_json).collect())
    }
    /// The core's `Metadata` of the last reply as a dict; None before any reply.
    fn metadata<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let value = self.locked().metadata().map(|m| serde_json::to_value(m).unwrap_or_default());
        value.map(|v| to_py(py, v)).transpose()
    }
    /// Seconds one exchange may take (the call's option, else the client's), or None.
    #[getter]
    fn timeout(&self) -> Option<f64> {
        self.locked().timeout().map(|d| d.as_secs_f64())
    }
}
