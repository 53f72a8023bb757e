//! Helpers for suites that talk to a real peer over loopback: start (or reuse) the Prism mock
//! server and send built requests to it.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

/// A Prism server: the one named by `PRISM_URL` (shared by the suites in `.ci/run`), or one
/// started for this test process and stopped when dropped.
pub struct Prism {
    pub url: String,
    pid: Option<String>,
}

impl Prism {
    /// The default-mode Prism the suites share.
    pub fn shared_or_start() -> Prism {
        Prism::from_env_or_start("PRISM_URL", "")
    }

    /// The Prism named by the environment variable `url_var`, or one started here with the
    /// extra `prism mock` arguments `args` (e.g. `-d --seed 1` for random replies).
    pub fn from_env_or_start(url_var: &str, args: &str) -> Prism {
        if let Ok(url) = std::env::var(url_var) {
            return Prism { url, pid: None };
        }
        let script = repo_root().join("tests/prism/start.sh");
        let out = Command::new("bash")
            .arg(&script)
            .env("PRISM_VERBOSE", "warn")
            .env("PRISM_ARGS", args)
            .output()
            .expect("running tests/prism/start.sh");
        assert!(
            out.status.success(),
            "tests/prism/start.sh failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let var = |name: &str| {
            text.lines()
                .filter_map(|l| l.trim().trim_start_matches("export ").split_once('='))
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.trim_matches(|c| c == '\'' || c == '"').to_owned())
        };
        Prism {
            url: var("PRISM_URL").expect("start.sh prints PRISM_URL"),
            pid: var("PRISM_PID"),
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        if let Some(pid) = &self.pid {
            let _ = Command::new("bash")
                .arg(repo_root().join("tests/prism/stop.sh"))
                .env("PRISM_PID", pid)
                .output();
        }
    }
}

/// What came back from the peer.
pub struct Reply {
    pub response: http::Response<Vec<u8>>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<String> {
        self.response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

/// Sends one request with a plain HTTP client; 4xx/5xx are replies, not errors.
pub fn send(agent: &ureq::Agent, request: http::Request<Vec<u8>>) -> Result<Reply, String> {
    let response = agent.run(request).map_err(|e| format!("transport: {e}"))?;
    let (parts, mut body) = response.into_parts();
    let bytes = body
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .map_err(|e| format!("reading body: {e}"))?;
    Ok(Reply {
        response: http::Response::from_parts(parts, bytes),
    })
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .into()
}
