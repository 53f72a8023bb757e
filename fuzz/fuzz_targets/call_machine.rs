//! The `Call` machine fed any replies and transport errors (see `script` for the input):
//! it ends, never waits long, never resends a POST the server may have carried out, and
//! shows no secret in its events, errors or headers.
#![no_main]

use atlas_admin::{Action, Call};
use atlas_admin_fuzz::script::{
    Script, BEARER_TOKEN, CLIENT_SECRET, COLLECT_CAP, POST_PATH, PRIVATE_KEY,
};
use libfuzzer_sys::fuzz_target;
use std::time::{Duration, SystemTime};

/// The longest single wait: the retry policy's `max_retry_after`; back-off, rate-limit and
/// polling pauses are all shorter.
const MAX_WAIT: Duration = Duration::from_secs(300);

/// Steps a call may take without sending anything (waits, pages of items) before it is hung.
const MAX_STEPS_BETWEEN_SENDS: u32 = 8;

/// Sends a call may make once the network is gone, before it is hung: a few attempts. A wait
/// rides out failures until its timeout instead, which `MAX_WAIT_CALL_TIME` bounds.
const MAX_SENDS_WITHOUT_NETWORK: u32 = 16;

/// How long a `wait` call may go on, on the host's clock: its timeout, and one last pause.
const MAX_WAIT_CALL_TIME: Duration = Duration::from_secs(3600 + 300);

fuzz_target!(|data: &[u8]| {
    let Some(script) = Script::read(data) else {
        return;
    };
    let session = script.session();
    let mut call = script.start(&session);
    let mut replies = script.replies();
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let mut now = start;
    let waiting = script.call == "wait";
    let mut post = PostWatch::default();
    let (mut idle, mut sends_without_network, mut step) = (0u32, 0u32, 0u64);
    let result = loop {
        step += 1;
        let action = call.next(now, step.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        check_events(&script, &mut call);
        match action {
            Action::Done(result) => break result,
            Action::Wait(d) => {
                assert!(d <= MAX_WAIT, "waits {d:?}");
                now += d;
                if waiting {
                    let spent = now.duration_since(start).unwrap_or_default();
                    assert!(spent <= MAX_WAIT_CALL_TIME, "still waiting after {spent:?}");
                }
            }
            Action::Items(items) => assert!(!items.is_empty(), "an empty page of items"),
            Action::Send(request) => {
                idle = 0;
                check_headers(&script, &request);
                post.sending(&request);
                match replies.next() {
                    Some(Ok(response)) => {
                        post.answered(Some(response.status().as_u16()));
                        call.feed_response(response);
                    }
                    reply => {
                        if reply.is_none() && !waiting {
                            sends_without_network += 1;
                            assert!(
                                sends_without_network <= MAX_SENDS_WITHOUT_NETWORK,
                                "still sending with the network gone"
                            );
                        }
                        post.answered(None);
                        call.feed_transport_error("connection reset");
                    }
                }
                continue;
            }
        }
        idle += 1;
        assert!(
            idle <= MAX_STEPS_BETWEEN_SENDS,
            "{idle} steps without a send"
        );
    };
    check_events(&script, &mut call);
    match &result {
        Ok(parsed) if script.call == "collect" => {
            if let Some(items) = parsed.as_json().and_then(|v| v.as_array()) {
                assert!(
                    items.len() <= COLLECT_CAP,
                    "{} items past the cap",
                    items.len()
                );
            }
        }
        Ok(_) => {}
        Err(e) => check_text(&script, &format!("{e} {e:?}"), "error"),
    }
});

/// Whether the createProject POST is resent only after a reply that says the server did not
/// act on it (401, 429, 503).
#[derive(Default)]
struct PostWatch {
    /// The answer to the last POST sent: `Some(None)` for no answer.
    last: Option<Option<u16>>,
    pending: bool,
}

impl PostWatch {
    fn sending(&mut self, request: &http::Request<Vec<u8>>) {
        self.pending = request.method() == http::Method::POST && request.uri().path() == POST_PATH;
        if !self.pending {
            return;
        }
        if let Some(last) = self.last {
            assert!(
                matches!(last, Some(401 | 429 | 503)),
                "POST resent after {}",
                last.map_or("no answer".into(), |s| s.to_string())
            );
        }
    }

    fn answered(&mut self, status: Option<u16>) {
        if self.pending {
            self.last = Some(status);
        }
    }
}

fn check_events(script: &Script, call: &mut Call) {
    for event in call.take_events() {
        check_text(script, &format!("{event:?}"), "event");
    }
}

fn check_text(script: &Script, text: &str, what: &str) {
    for secret in [PRIVATE_KEY, CLIENT_SECRET, BEARER_TOKEN] {
        if !script.mentions(secret) {
            assert!(!text.contains(secret), "{what} shows a secret: {text:.300}");
        }
    }
}

fn check_headers(script: &Script, request: &http::Request<Vec<u8>>) {
    for (name, value) in request.headers() {
        let value = String::from_utf8_lossy(value.as_bytes());
        for secret in [PRIVATE_KEY, CLIENT_SECRET] {
            // A challenge's nonce is sent back as is, so a secret the server wrote may show.
            if !script.mentions(secret) {
                assert!(!value.contains(secret), "header {name} shows a secret");
            }
        }
    }
}
