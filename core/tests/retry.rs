//! Retries: which failures are retried, how long the call waits, and what the final error says.

use atlas_admin::{Action, CallOptions, Config, Credentials, Error, RetryPolicy, Session};
use serde_json::json;
use std::time::{Duration, SystemTime};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const T0: u64 = 1_700_000_000;

fn now(offset: Duration) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(T0) + offset
}

fn status(code: u16, headers: &[(&str, &str)]) -> http::Response<Vec<u8>> {
    let mut b = http::Response::builder()
        .status(code)
        .header("content-type", "application/json");
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(
        format!(r#"{{"error":{code},"errorCode":"E{code}","detail":"failure {code}"}}"#)
            .into_bytes(),
    )
    .unwrap()
}

fn ok() -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/vnd.atlas.2023-01-01+json")
        .body(br#"{"id":"x"}"#.to_vec())
        .unwrap()
}

/// What the host saw: each send's method and each wait.
#[derive(Debug, PartialEq)]
enum Seen {
    Send(String),
    Wait(Duration),
}

/// Feeds `answers` in order (a `None` is a transport error) and records the actions.
fn run(
    session: &Session,
    call: &mut atlas_admin::Call,
    answers: Vec<Option<http::Response<Vec<u8>>>>,
) -> (Result<atlas_admin::Parsed, Error>, Vec<Seen>) {
    let _ = session;
    let mut answers = answers.into_iter();
    let mut seen = Vec::new();
    let mut clock = Duration::ZERO;
    loop {
        match call.next(now(clock), 1000) {
            Action::Send(req) => {
                seen.push(Seen::Send(req.method().to_string()));
                match answers
                    .next()
                    .expect("the call sent more requests than the test expected")
                {
                    Some(r) => call.feed_response(r),
                    None => call.feed_transport_error("connection reset"),
                }
            }
            Action::Wait(d) => {
                clock += d;
                seen.push(Seen::Wait(d));
            }
            Action::Items(_) => unreachable!("not a paging call"),
            Action::Done(r) => return (r, seen),
        }
    }
}

fn session() -> Session {
    Session::new(Config::default(), Credentials::None)
}

fn get_cluster(s: &Session) -> atlas_admin::Call {
    s.call(
        "getCluster",
        &json!({"groupId": GROUP, "clusterName": "c1"}),
        None,
    )
}

fn create_project(s: &Session, options: &CallOptions) -> atlas_admin::Call {
    s.call_with(
        "createProject",
        &json!({}),
        Some(&json!({"name": "p", "orgId": GROUP})),
        options,
    )
}

#[test]
fn retry_after_seconds_is_honoured() {
    let s = session();
    let (r, seen) = run(
        &s,
        &mut get_cluster(&s),
        vec![Some(status(429, &[("retry-after", "7")])), Some(ok())],
    );
    r.unwrap();
    assert_eq!(
        seen,
        vec![
            Seen::Send("GET".into()),
            Seen::Wait(Duration::from_secs(7)),
            Seen::Send("GET".into())
        ]
    );
}

#[test]
fn retry_after_date_is_honoured() {
    let s = session();
    let at = httpdate::fmt_http_date(now(Duration::from_secs(12)));
    let (r, seen) = run(
        &s,
        &mut get_cluster(&s),
        vec![Some(status(503, &[("retry-after", &at)])), Some(ok())],
    );
    r.unwrap();
    assert_eq!(seen[1], Seen::Wait(Duration::from_secs(12)));
}

#[test]
fn rate_limits_retry_even_post() {
    let s = session();
    let (r, seen) = run(
        &s,
        &mut create_project(&s, &CallOptions::default()),
        vec![Some(status(429, &[("retry-after", "1")])), Some(ok())],
    );
    r.unwrap();
    assert_eq!(seen.len(), 3);
}

#[test]
fn server_errors_retry_idempotent_methods_with_growing_backoff() {
    let s = session();
    let (r, seen) = run(
        &s,
        &mut get_cluster(&s),
        vec![
            Some(status(500, &[])),
            Some(status(502, &[])),
            Some(status(504, &[])),
            Some(ok()),
        ],
    );
    r.unwrap();
    let waits: Vec<Duration> = seen
        .iter()
        .filter_map(|s| {
            if let Seen::Wait(d) = s {
                Some(*d)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(waits.len(), 3);
    assert!(waits[0] < waits[1] && waits[1] < waits[2], "{waits:?}");
    let p = RetryPolicy::default();
    assert!(
        waits[0] >= p.base_delay / 2 && waits[0] <= p.base_delay,
        "{waits:?}"
    );
}

#[test]
fn post_is_not_retried_on_server_error() {
    let s = session();
    let (r, seen) = run(
        &s,
        &mut create_project(&s, &CallOptions::default()),
        vec![Some(status(500, &[]))],
    );
    assert_eq!(seen.len(), 1);
    let e = r.unwrap_err();
    assert!(matches!(e, Error::Api(ref a) if a.status == 500), "{e:?}");
    let (r, seen) = run(
        &s,
        &mut create_project(&s, &CallOptions::default()),
        vec![None],
    );
    assert_eq!(seen.len(), 1);
    assert_eq!(
        r.unwrap_err().to_string(),
        "no reply after 1 attempt: connection reset"
    );
}

#[test]
fn post_is_retried_when_the_caller_says_so() {
    let s = session();
    let options = CallOptions {
        retry_non_idempotent: true,
        ..CallOptions::default()
    };
    let (r, seen) = run(
        &s,
        &mut create_project(&s, &options),
        vec![Some(status(502, &[])), None, Some(ok())],
    );
    r.unwrap();
    assert_eq!(
        seen.iter().filter(|s| matches!(s, Seen::Send(_))).count(),
        3
    );
}

#[test]
fn final_error_counts_attempts() {
    let s = session();
    let answers = (0..4)
        .map(|_| Some(status(503, &[("retry-after", "2")])))
        .collect();
    let (r, seen) = run(&s, &mut get_cluster(&s), answers);
    assert_eq!(
        seen.iter().filter(|s| matches!(s, Seen::Send(_))).count(),
        4
    );
    let e = r.unwrap_err();
    match &e {
        Error::Retried { error, attempts } => {
            assert_eq!(*attempts, 4);
            assert_eq!(error.status, 503);
            assert_eq!(error.error_code.as_deref(), Some("E503"));
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().ends_with("(gave up after 4 attempts)"), "{e}");
    assert_eq!(e.status(), Some(503));

    let answers = (0..4).map(|_| None).collect();
    let (r, _) = run(&s, &mut get_cluster(&s), answers);
    assert!(matches!(
        r.unwrap_err(),
        Error::Transport { attempts: 4, .. }
    ));
}

#[test]
fn attempts_are_bounded_by_policy() {
    let policy = RetryPolicy {
        max_attempts: 2,
        ..RetryPolicy::default()
    };
    let s = Session::with_retry_policy(Config::default(), Credentials::None, policy);
    let answers = (0..2).map(|_| Some(status(500, &[]))).collect();
    let (r, _) = run(&s, &mut get_cluster(&s), answers);
    assert!(matches!(r.unwrap_err(), Error::Retried { attempts: 2, .. }));
    let s = Session::with_retry_policy(
        Config::default(),
        Credentials::None,
        RetryPolicy::no_retries(),
    );
    let (r, seen) = run(&s, &mut get_cluster(&s), vec![Some(status(503, &[]))]);
    assert_eq!(seen.len(), 1);
    assert!(matches!(r.unwrap_err(), Error::Retried { attempts: 1, .. }));
}

#[test]
fn overlong_retry_after_is_returned_not_waited() {
    let s = session();
    let (r, seen) = run(
        &s,
        &mut get_cluster(&s),
        vec![Some(status(429, &[("retry-after", "86400")]))],
    );
    assert_eq!(seen.len(), 1, "no day-long wait");
    let e = r.unwrap_err();
    let api = e.api_error().unwrap();
    assert_eq!(
        api.retry_after,
        Some(atlas_admin::RetryAfter::Delay(Duration::from_secs(86400)))
    );
}

#[test]
fn client_errors_are_not_retried() {
    let s = session();
    for code in [400, 403, 404, 409] {
        let (r, seen) = run(&s, &mut get_cluster(&s), vec![Some(status(code, &[]))]);
        assert_eq!(seen.len(), 1);
        assert_eq!(r.unwrap_err().status(), Some(code));
    }
}

#[test]
fn jitter_comes_from_the_host() {
    let s = session();
    let waits: Vec<Duration> = [0u64, 99]
        .iter()
        .map(|&random| {
            let mut call = get_cluster(&s);
            let Action::Send(_) = call.next(now(Duration::ZERO), random) else {
                panic!()
            };
            call.feed_response(status(500, &[]));
            match call.next(now(Duration::ZERO), random) {
                Action::Wait(d) => d,
                other => panic!("{other:?}"),
            }
        })
        .collect();
    assert_eq!(waits[0], Duration::from_millis(250));
    assert_eq!(waits[1], Duration::from_millis(250 + 99));
}

#[test]
fn out_of_order_driving_is_an_error_not_a_panic() {
    let s = session();
    let mut call = get_cluster(&s);
    call.feed_response(ok());
    assert!(matches!(
        call.next(now(Duration::ZERO), 0),
        Action::Done(Err(Error::Misuse(_)))
    ));
    let mut call = get_cluster(&s);
    let Action::Send(_) = call.next(now(Duration::ZERO), 0) else {
        panic!()
    };
    let Action::Done(Err(Error::Misuse(m))) = call.next(now(Duration::ZERO), 0) else {
        panic!()
    };
    assert!(m.contains("before the response"), "{m}");
    assert!(matches!(
        call.next(now(Duration::ZERO), 0),
        Action::Done(Err(Error::Misuse(_)))
    ));
}

#[test]
fn build_errors_arrive_before_any_io() {
    let s = session();
    let mut call = s.call(
        "getCluster",
        &json!({"groupId": "nope", "clusterName": "c1"}),
        None,
    );
    let Action::Done(Err(Error::Build(e))) = call.next(now(Duration::ZERO), 0) else {
        panic!()
    };
    assert!(e.to_string().contains("groupId"), "{e}");
}
