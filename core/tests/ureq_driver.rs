//! The ready ureq host (feature `ureq`) against a real socket: a tiny HTTP server on 127.0.0.1
//! that answers every request with one canned reply and counts the requests it got.

use atlas_admin::driver::ureq;
use atlas_admin::{Config, Credentials, Error, Session};
use serde_json::json;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

/// Serves `status` with `body` (JSON) to every connection; returns the port and the request count.
fn serve(status: &'static str, body: &'static str) -> (u16, Arc<AtomicU32>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicU32::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            seen.fetch_add(1, Ordering::SeqCst);
            answer(stream, status, body);
        }
    });
    (port, count)
}

fn answer(mut stream: TcpStream, status: &str, body: &str) {
    // Read the head (the requests here are GETs without a body).
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let reply = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes());
}

fn session(port: u16) -> Session {
    Session::new(
        Config::default()
            .with_base_url(format!("http://127.0.0.1:{port}"))
            .with_timeout(Duration::from_secs(20)),
        Credentials::bearer("a-token"),
    )
}

#[test]
fn a_404_is_an_api_error_after_one_attempt() {
    let (port, requests) = serve(
        "404 Not Found",
        r#"{"error":404,"errorCode":"GROUP_NOT_FOUND","detail":"No group with ID 32b6e34b3d91647abb20e7b8 exists.","parameters":["32b6e34b3d91647abb20e7b8"],"reason":"Not Found"}"#,
    );
    let mut call = session(port).call("getProject", &json!({"groupId": GROUP}), None);
    let err = ureq::run(&mut call).unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.error_code.as_deref(), Some("GROUP_NOT_FOUND"));
    assert_eq!(call.attempts(), 1);
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[test]
fn a_503_is_retried_then_reported_with_its_attempts() {
    let (port, requests) = serve(
        "503 Service Unavailable",
        r#"{"error":503,"errorCode":"SERVICE_UNAVAILABLE","detail":"Try later.","reason":"Service Unavailable"}"#,
    );
    let retry = atlas_admin::RetryPolicy {
        max_attempts: 2,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(1),
        ..atlas_admin::RetryPolicy::default()
    };
    let session = Session::new(
        session(port).config().clone().with_retry(retry),
        Credentials::bearer("t"),
    );
    let mut host = ureq::Host::new();
    let err = host
        .run(&mut session.call("getProject", &json!({"groupId": GROUP}), None))
        .unwrap_err();
    assert!(
        matches!(&err, Error::Retried { error, attempts: 2 } if error.status == 503),
        "{err:?}"
    );
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

#[test]
fn a_success_reads_the_body_and_pages_end() {
    let (port, requests) = serve(
        "200 OK",
        r#"{"results":[{"id":"p1","name":"one"},{"id":"p2","name":"two"}],"totalCount":2}"#,
    );
    let mut names = Vec::new();
    ureq::Host::new()
        .run_pages(
            &mut session(port).pages("listProjects", &json!({})),
            |items| {
                names.extend(
                    items
                        .into_iter()
                        .map(|p| p["name"].as_str().unwrap().to_owned()),
                )
            },
        )
        .unwrap();
    assert_eq!(names, ["one", "two"]);
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[test]
fn no_reply_is_a_transport_error_without_secrets() {
    // A port that was free a moment ago: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let session = Session::new(
        Config::default()
            .with_base_url(format!("http://127.0.0.1:{port}"))
            .with_retry(atlas_admin::RetryPolicy::no_retries()),
        Credentials::bearer("secret-token-value"),
    );
    let err = ureq::run(&mut session.call("listProjects", &json!({}), None)).unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
    assert!(!text.contains("secret-token-value"), "{text}");
}

#[test]
fn a_body_over_the_limit_is_a_transport_error() {
    let (port, _) = serve(
        "200 OK",
        r#"{"results":[],"totalCount":0,"padding":"0123456789"}"#,
    );
    let session = Session::new(
        session(port)
            .config()
            .clone()
            .with_retry(atlas_admin::RetryPolicy::no_retries()),
        Credentials::bearer("t"),
    );
    let err = ureq::Host::new()
        .with_body_limit(8)
        .run(&mut session.call("listProjects", &json!({}), None))
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}
