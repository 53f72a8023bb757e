//! The ready async driver over reqwest (feature `reqwest`): a real socket on 127.0.0.1 that
//! answers 404, and Prism (when `PRISM_URL` names one; `.ci/run` starts it).

use atlas_admin::driver::reqwest as driver;
use atlas_admin::{Config, Credentials, Error, Session};
use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

/// Answers every connection with a 404 ApiError; returns the port and the request count.
fn serve_404() -> (u16, Arc<AtomicU32>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicU32::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            seen.fetch_add(1, Ordering::SeqCst);
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                match stream.read(&mut byte) {
                    Ok(1) => head.push(byte[0]),
                    _ => break,
                }
            }
            let body = r#"{"error":404,"errorCode":"GROUP_NOT_FOUND","detail":"No group.","reason":"Not Found"}"#;
            let _ = stream.write_all(
                format!(
                    "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            );
        }
    });
    (port, count)
}

#[tokio::test]
async fn a_404_is_an_api_error_after_one_attempt() {
    let (port, requests) = serve_404();
    let session = Session::new(
        Config::default()
            .with_base_url(format!("http://127.0.0.1:{port}"))
            .with_timeout(Duration::from_secs(20)),
        Credentials::bearer("a-token"),
    );
    let mut call = session.call("getProject", &json!({"groupId": GROUP}), None);
    let err = driver::run(&mut call, &reqwest::Client::new())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(e) if e.status == 404 && e.error_code.as_deref() == Some("GROUP_NOT_FOUND")),
        "{err:?}"
    );
    assert_eq!(call.attempts(), 1);
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn no_reply_is_a_transport_error_without_secrets() {
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
    let err = driver::run(
        &mut session.call("listProjects", &json!({}), None),
        &reqwest::Client::new(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    assert!(!err.to_string().contains("secret-token-value"), "{err}");
}

#[tokio::test]
async fn bearer_session_against_prism() {
    let Ok(url) = std::env::var("PRISM_URL") else {
        eprintln!("SKIPPED bearer_session_against_prism (reqwest): PRISM_URL is not set (bash .ci/run starts Prism and sets it)");
        return;
    };
    let client = reqwest::Client::new();
    let session = Session::new(
        Config::default().with_base_url(url),
        Credentials::bearer("any-token-prism-accepts"),
    );
    let projects = driver::run(&mut session.call("listProjects", &json!({}), None), &client)
        .await
        .unwrap();
    assert!(
        projects.as_json().unwrap()["results"].is_array(),
        "{projects:?}"
    );
    let created = driver::run(
        &mut session.call(
            "createProject",
            &json!({}),
            Some(&json!({"name": "tour", "orgId": GROUP})),
        ),
        &client,
    )
    .await
    .unwrap();
    assert!(created.as_json().unwrap().is_object());
}
