//! `parse_response` on any reply to any operation: never a panic, never a success for a
//! status that is not 2xx, and an error message whose size does not follow the body's.
//!
//! Input: the operation's name on the first line (one the core knows: see `names`), then a reply (`wire::reply`).
#![no_main]

use atlas_admin::parse_response;
use atlas_admin_fuzz::{names, wire};
use libfuzzer_sys::fuzz_target;

/// An error names the operation, the status and a short snippet of the body; anything past
/// this means a message that repeats or embeds the whole input.
const MAX_ERROR_TEXT: usize = 4096;

fuzz_target!(|data: &[u8]| {
    let (operation, rest) = wire::first_line(data);
    if !names::is_known(&operation) {
        return;
    }
    let response = wire::reply(rest);
    let result = parse_response(&operation, &response);
    let status = response.status().as_u16();
    match result {
        Ok(_) => assert!(
            (200..300).contains(&status),
            "status {status} read as a success"
        ),
        Err(e) => {
            let text = e.to_string();
            assert!(
                text.len() <= MAX_ERROR_TEXT + operation.len(),
                "error text of {} bytes: {text:.200}",
                text.len()
            );
        }
    }
});
