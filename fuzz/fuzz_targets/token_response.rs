//! The OAuth token parser on any reply of the token endpoint: a token it accepts is usable
//! (printable, a lifetime), never shows in `Debug`; a refusal's message stays short.
//!
//! Input: a reply (`wire::reply`); its headers are not read.
#![no_main]

use atlas_admin::auth::oauth::parse_token_response;
use atlas_admin::Secret;
use atlas_admin_fuzz::wire;
use libfuzzer_sys::fuzz_target;

/// The parser keeps at most a line of the server's error description.
const MAX_ERROR_TEXT: usize = 1024;

fuzz_target!(|data: &[u8]| {
    let reply = wire::reply(data);
    match parse_token_response(reply.status().as_u16(), reply.body()) {
        Ok(token) => {
            let text = token.access_token.expose();
            assert!(!text.is_empty(), "empty token accepted");
            assert!(
                text.bytes().all(|b| b.is_ascii_graphic()),
                "token {text:?} cannot be sent in a header"
            );
            assert!(!token.expires_in.is_zero(), "token that is already expired");
            // Compare with another token rather than search for this one: a short token may
            // happen to spell part of the fixed text.
            let mut other = token.clone();
            other.access_token = Secret::new("x");
            assert_eq!(format!("{token:?}"), format!("{other:?}"), "token in Debug");
        }
        Err(e) => {
            let text = e.to_string();
            assert!(
                text.len() <= MAX_ERROR_TEXT,
                "error text of {} bytes",
                text.len()
            );
        }
    }
});
