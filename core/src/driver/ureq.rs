//! A ready blocking driver over [`ureq`] (feature `ureq`): real sockets (rustls, webpki roots),
//! the system clock, `std::thread::sleep` for back-off, and random numbers from std's
//! randomly keyed hasher.
//!
//! Every HTTP status comes back to the core as a reply (ureq's own default turns 4xx/5xx into
//! errors, which would make a 404 look like a dead network and be retried); each exchange
//! honours the call's timeout; bodies are read up to [`BODY_LIMIT`] (raise it with
//! [`Host::with_body_limit`]).
//!
//! ```no_run
//! use atlas_admin::driver::ureq;
//! use atlas_admin::{Config, Credentials, Error, Session};
//! use serde_json::json;
//!
//! let session = Session::new(Config::default(), Credentials::api_key("PUBLIC", "PRIVATE"));
//! match ureq::run(&mut session.call("getProject", &json!({"groupId": "32b6e34b3d91647abb20e7b8"}), None)) {
//!     Ok(project) => println!("{}", project.as_json().unwrap()["name"]),
//!     Err(Error::Api(e)) if e.status == 404 => println!("no such project"),
//!     Err(e) => eprintln!("{e}"),
//! }
//!
//! // One host (one connection pool) for many calls; a paging call hands over each page.
//! let mut host = ureq::Host::new();
//! host.run_pages(&mut session.pages("listProjects", &json!({})), |items| {
//!     for project in items {
//!         println!("{}", project["name"]);
//!     }
//! })?;
//! # Ok::<(), Error>(())
//! ```

use crate::call::Call;
use crate::error::Error;
use crate::event::Event;
use crate::response::Parsed;
use serde_json::Value;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

/// The most bytes of a reply body read by default (256 MiB).
pub const BODY_LIMIT: u64 = 256 * 1024 * 1024;

/// A [`super::Host`] over a [`ureq::Agent`]. Cloning shares the agent's connection pool.
#[derive(Clone)]
pub struct Host {
    agent: ureq::Agent,
    body_limit: u64,
    draws: u64,
    on_event: Option<fn(Event)>,
}

impl fmt::Debug for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ureq::Host")
            .field("body_limit", &self.body_limit)
            .finish_non_exhaustive()
    }
}

impl Default for Host {
    fn default() -> Self {
        Host::new()
    }
}

/// The agent every new [`Host`] starts from: every status is a reply.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

impl Host {
    /// A host with its own agent (see [`agent`]).
    pub fn new() -> Host {
        Host::with_agent(agent())
    }

    /// A host over `agent` (its proxy, TLS and pool settings are kept). Whatever the agent says,
    /// each request is sent with `http_status_as_error(false)`.
    pub fn with_agent(agent: ureq::Agent) -> Host {
        Host {
            agent,
            body_limit: BODY_LIMIT,
            draws: 0,
            on_event: None,
        }
    }

    /// Reads reply bodies up to `bytes`; a longer one is a transport error.
    pub fn with_body_limit(mut self, bytes: u64) -> Host {
        self.body_limit = bytes;
        self
    }

    /// Hands each [`Event`] of the calls this host drives to `log`.
    pub fn with_events(mut self, log: fn(Event)) -> Host {
        self.on_event = Some(log);
        self
    }

    pub fn agent(&self) -> &ureq::Agent {
        &self.agent
    }

    /// Carries `call` to its end (see [`super::drive`]). Items of a paging call are dropped: use
    /// [`Host::run_pages`] for those.
    pub fn run(&mut self, call: &mut Call) -> Result<Parsed, Error> {
        super::drive(call, self, |_| {})
    }

    /// Carries a paging call to its end, handing each page's items to `on_items`.
    pub fn run_pages(
        &mut self,
        call: &mut Call,
        on_items: impl FnMut(Vec<Value>),
    ) -> Result<(), Error> {
        super::drive(call, self, on_items).map(|_| ())
    }
}

/// Carries `call` to its end over a process-wide [`Host`] (one connection pool).
pub fn run(call: &mut Call) -> Result<Parsed, Error> {
    static SHARED: OnceLock<ureq::Agent> = OnceLock::new();
    Host::with_agent(SHARED.get_or_init(agent).clone()).run(call)
}

impl super::Host for Host {
    fn send(
        &mut self,
        request: &http::Request<Vec<u8>>,
        timeout: Option<Duration>,
    ) -> Result<http::Response<Vec<u8>>, String> {
        let mut config = self
            .agent
            .configure_request(request.clone())
            .http_status_as_error(false);
        if let Some(limit) = timeout {
            config = config.timeout_global(Some(limit));
        }
        // ureq's errors name the failure (io, timeout, tls, dns), never a header value.
        let response = self
            .agent
            .run(config.build())
            .map_err(|e| format!("{} {}: {e}", request.method(), host_of(request)))?;
        let (parts, mut body) = response.into_parts();
        let bytes = body
            .with_config()
            .limit(self.body_limit)
            .read_to_vec()
            .map_err(|e| format!("reading the reply from {}: {e}", host_of(request)))?;
        Ok(http::Response::from_parts(parts, bytes))
    }

    fn sleep(&mut self, duration: Duration) {
        std::thread::sleep(duration);
    }

    fn now(&mut self) -> SystemTime {
        SystemTime::now()
    }

    fn random(&mut self) -> u64 {
        self.draws = self.draws.wrapping_add(1);
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(self.draws);
        hasher.finish()
    }

    fn event(&mut self, event: Event) {
        if let Some(log) = self.on_event {
            log(event);
        }
    }
}

/// Where a request goes, without its path or query (which may name things the caller keeps
/// out of logs).
fn host_of(request: &http::Request<Vec<u8>>) -> String {
    request
        .uri()
        .authority()
        .map(|a| a.as_str().rsplit('@').next().unwrap_or("").to_owned())
        .unwrap_or_default()
}
