//! For bench/run: how many HTTP requests one `Session` sends for 10 consecutive `getProject`
//! calls against a Digest server (bench/go's `digest-server`, on 127.0.0.1), sent with ureq.
//! Prints `{"calls": 10, "requests": N}`; the server counts too.
//!
//!     cargo run -p atlas-admin --example bench_digest_requests -- http://127.0.0.1:PORT

use atlas_admin::{Action, Config, Credentials, Session};
use serde_json::json;
use std::time::{Duration, SystemTime};

fn main() {
    let base = std::env::args()
        .nth(1)
        .expect("usage: bench_digest_requests BASE_URL");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into();
    // The keys bench/go's digest server accepts.
    let session = Session::new(
        Config::default().with_base_url(base),
        Credentials::api_key("benchpubkey", "bench-private-key-0000"),
    );
    let (calls, mut requests, mut random) = (10, 0, 7u64);
    for i in 0..calls {
        let mut call = session.call(
            "getProject",
            &json!({"groupId": "32b6e34b3d91647abb20e7b8"}),
            None,
        );
        let result = loop {
            random = random
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            match call.next(SystemTime::now(), random) {
                Action::Send(request) => {
                    requests += 1;
                    match agent.run(request) {
                        Ok(response) => {
                            let (parts, mut body) = response.into_parts();
                            let bytes = body.read_to_vec().unwrap_or_default();
                            call.feed_response(http::Response::from_parts(parts, bytes));
                        }
                        Err(e) => call.feed_transport_error(e.to_string()),
                    }
                }
                Action::Wait(d) => std::thread::sleep(d),
                Action::Items(_) => unreachable!("not a paging call"),
                Action::Done(result) => break result,
                #[allow(unreachable_patterns)]
                _ => panic!("unexpected action for a single getProject call"),
            }
        };
        if let Err(e) = result {
            eprintln!("call {i} failed: {e}");
            std::process::exit(1);
        }
    }
    println!("{}", json!({"calls": calls, "requests": requests}));
}
