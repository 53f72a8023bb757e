//! Digest authentication against a real HTTP server: httpbin's `/digest-auth` endpoints on
//! 127.0.0.1, driven by the ready ureq host (feature `ureq`). Skips (saying so) only if httpbin cannot be installed.

use atlas_admin::driver::{self, ureq, Host};
use atlas_admin::{AuthError, Call, Config, Credentials, Error, Parsed, Session};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

struct Httpbin {
    child: Child,
    port: u16,
}

impl Drop for Httpbin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn python() -> &'static str {
    if Command::new("python3").arg("--version").output().is_ok() {
        "python3"
    } else {
        "python"
    }
}

fn httpbin_importable() -> bool {
    Command::new(python())
        .args(["-c", "import httpbin.core"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Starts httpbin on a free port, installing it first if needed; `None` if it cannot be had.
fn start_httpbin() -> Option<Httpbin> {
    if !httpbin_importable() {
        let _ = Command::new(python())
            .args(["-m", "pip", "install", "--quiet", "httpbin"])
            .status();
        if !httpbin_importable() {
            return None;
        }
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    // httpbin logs every request to stderr: a file, not a pipe nobody drains, so it never blocks.
    let log_path = std::env::temp_dir().join(format!("atlas-admin-httpbin-{port}.log"));
    let log = std::fs::File::create(&log_path).ok()?;
    let mut child = Command::new(python())
        .args([
            "-m",
            "httpbin.core",
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .ok()?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some(Httpbin { child, port });
        }
        if let Ok(Some(status)) = child.try_wait() {
            let err = std::fs::read_to_string(&log_path).unwrap_or_default();
            panic!("httpbin exited with {status} before listening: {err}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("httpbin did not listen on 127.0.0.1:{port} within 60 s");
}

/// The ready ureq host, counting round trips.
struct Counting {
    inner: ureq::Host,
    sends: u32,
}

impl Host for Counting {
    fn send(
        &mut self,
        request: &http::Request<Vec<u8>>,
        timeout: Option<Duration>,
    ) -> Result<http::Response<Vec<u8>>, String> {
        self.sends += 1;
        self.inner.send(request, timeout)
    }
    fn sleep(&mut self, duration: Duration) {
        self.inner.sleep(duration)
    }
    fn now(&mut self) -> SystemTime {
        self.inner.now()
    }
    fn random(&mut self) -> u64 {
        self.inner.random()
    }
}

fn drive(host: &mut Counting, call: &mut Call) -> (Result<Parsed, Error>, u32) {
    let before = host.sends;
    let result = driver::drive(call, host, |_| unreachable!("not a paging call"));
    (result, host.sends - before)
}

fn get(port: u16, path: &str) -> http::Request<Vec<u8>> {
    http::Request::get(format!("http://127.0.0.1:{port}{path}"))
        .body(Vec::new())
        .unwrap()
}

#[test]
fn digest_against_httpbin() {
    let Some(server) = start_httpbin() else {
        eprintln!("SKIPPED digest_against_httpbin: httpbin (PyPI) is not installed and `pip install httpbin` failed");
        return;
    };
    let mut host = Counting {
        inner: ureq::Host::new(),
        sends: 0,
    };
    for algorithm in ["MD5", "SHA-256"] {
        let session = Session::new(
            Config::default().with_timeout(Duration::from_secs(20)),
            Credentials::api_key("alice", "s3cret-key"),
        );
        let path = format!("/digest-auth/auth/alice/s3cret-key/{algorithm}");
        let mut total = 0;
        for i in 0..100 {
            let (result, trips) = drive(&mut host, &mut session.call_raw(get(server.port, &path)));
            let body = result.unwrap_or_else(|e| panic!("{algorithm} call {i}: {e}"));
            assert_eq!(body.as_json().unwrap()["authenticated"], true);
            assert_eq!(body.as_json().unwrap()["user"], "alice");
            total += trips;
        }
        println!("httpbin {algorithm}: 100 calls took {total} round trips");
        assert_eq!(
            total, 101,
            "{algorithm}: one challenge, then one round trip per call"
        );

        let wrong = Session::new(
            Config::default().with_timeout(Duration::from_secs(20)),
            Credentials::api_key("alice", "not-the-key"),
        );
        let (result, trips) = drive(&mut host, &mut wrong.call_raw(get(server.port, &path)));
        assert_eq!(trips, 2, "{algorithm}: the challenge is answered once");
        let err = result.unwrap_err();
        assert!(
            matches!(err, Error::Auth(AuthError::KeysRefused { .. })),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("refused the API key alice"),
            "{err}"
        );
        assert!(!err.to_string().contains("not-the-key"));
    }
}
