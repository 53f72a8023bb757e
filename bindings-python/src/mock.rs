//! The core's `MockAtlas` (an in-process Atlas with simulated time) for `atlas_admin.testing`.

use atlas_admin::driver::Host;
use atlas_admin::mock::MockAtlas;
use pyo3::exceptions::PyConnectionError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::time::{Duration, UNIX_EPOCH};

type Reply<'py> = (u16, Vec<(String, String)>, Bound<'py, PyBytes>);
type Row = (String, String, Option<&'static str>, u16, Option<String>);

#[pyclass(module = "atlas_admin._core", name = "MockAtlas")]
pub struct PyMockAtlas {
    inner: MockAtlas,
}

fn secs(s: f64) -> Duration {
    Duration::try_from_secs_f64(s.max(0.0)).unwrap_or_default()
}

#[pymethods]
impl PyMockAtlas {
    #[new]
    fn new() -> Self {
        PyMockAtlas { inner: MockAtlas::new() }
    }
    fn respond(&mut self, operation: &str, status: u16, headers: Vec<(String, String)>, body: Vec<u8>) {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (&**k, &**v)).collect();
        self.inner.respond(operation, status, &headers, body);
    }
    fn require_digest(&mut self, public_key: &str, private_key: &str) {
        self.inner.require_digest(public_key, private_key);
    }
    fn require_oauth(&mut self, client_id: &str, client_secret: &str, lifetime: f64) {
        self.inner.require_oauth(client_id, client_secret, secs(lifetime));
    }
    fn rate_limit(&mut self, calls: u32, retry_after: u64) {
        self.inner.rate_limit(calls, retry_after);
    }
    fn token_bucket(&mut self, endpoint_set: &str, capacity: u64, refill_rate: u64, refill_every: f64, headers: bool) {
        self.inner.token_bucket(endpoint_set, capacity, refill_rate, secs(refill_every), headers);
    }
    fn limit_token_minting(&mut self, per_minute: u32) {
        self.inner.limit_token_minting(per_minute);
    }
    fn tokens_minted(&self) -> u64 {
        self.inner.tokens_minted()
    }
    fn fail_transport(&mut self, sends: u32) {
        self.inner.fail_transport(sends);
    }
    fn list_items(&mut self, operation: &str, count: u64) {
        self.inner.list_items(operation, count);
    }
    fn expire_nonce(&mut self) {
        self.inner.expire_nonce();
    }
    /// Answers one request as Atlas would; raises `ConnectionError` for a failed transport.
    #[pyo3(signature = (method, url, headers, body=None))]
    fn send<'py>(
        &mut self, py: Python<'py>, method: &str, url: &str, headers: Vec<(String, String)>, body: Option<Vec<u8>>,
    ) -> PyResult<Reply<'py>> {
        let request =
            headers.into_iter().fold(http::Request::builder().method(method).uri(url), |r, (k, v)| r.header(k, v));
        let request = request.body(body.unwrap_or_default()).map_err(|e| PyConnectionError::new_err(e.to_string()))?;
        let reply = Host::send(&mut self.inner, &request, None).map_err(PyConnectionError::new_err)?;
        let text = |v: &http::HeaderValue| String::from_utf8_lossy(v.as_bytes()).into_owned();
        let headers = reply.headers().iter().map(|(k, v)| (k.to_string(), text(v))).collect();
        Ok((reply.status().as_u16(), headers, PyBytes::new(py, reply.body())))
    }
    /// Simulated time: a wait advances the mock's clock instead of sleeping.
    fn sleep(&mut self, seconds: f64) {
        Host::sleep(&mut self.inner, secs(seconds));
    }
    fn now(&self) -> f64 {
        self.inner.now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs_f64()
    }
    /// Every request received: `(method, target, operation, status, auth_scheme)`.
    #[getter]
    fn received(&self) -> Vec<Row> {
        let received = self.inner.received().iter().cloned();
        received.map(|r| (r.method, r.target, r.operation, r.status, r.auth_scheme)).collect()
    }
    /// Every wait performed, in seconds.
    #[getter]
    fn waits(&self) -> Vec<f64> {
        self.inner.waits().iter().map(Duration::as_secs_f64).collect()
    }
}
