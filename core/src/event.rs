//! What a call did, as it did it: the events a binding routes to its ecosystem's logging
//! (Python `logging`, a JS callback, a Kotlin listener, Rust `log`). The core only records
//! them; [`crate::Call::take_events`] hands them over. No event holds a secret: URLs carry
//! only what the caller put in the path and query, never a header.

use serde::Serialize;

/// One thing a call did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "event",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Event {
    /// A request went out: to the operation's endpoint, or to the token endpoint.
    RequestSent {
        operation: &'static str,
        method: String,
        url: String,
        attempt: u32,
    },
    /// An answer came back.
    ReplyReceived {
        operation: &'static str,
        status: u16,
        attempt: u32,
    },
    /// The call waits before sending again; `reason` says why (a status, a transport error,
    /// Retry-After).
    Waiting {
        operation: &'static str,
        seconds: f64,
        reason: String,
    },
    /// The call sends again after a failure; `attempt` is the attempt about to start.
    Retrying {
        operation: &'static str,
        attempt: u32,
        reason: String,
    },
    /// A service-account token was fetched; it is never shown, only its lifetime.
    TokenFetched {
        client_id: String,
        expires_in_seconds: f64,
    },
}

impl Event {
    /// A one-line description, for loggers that take text.
    pub fn message(&self) -> String {
        match self {
            Event::RequestSent {
                operation,
                method,
                url,
                attempt,
            } => format!("{operation}: sending {method} {url} (attempt {attempt})"),
            Event::ReplyReceived {
                operation,
                status,
                attempt,
            } => format!("{operation}: received {status} (attempt {attempt})"),
            Event::Waiting {
                operation,
                seconds,
                reason,
            } => format!("{operation}: waiting {seconds:.3} s before sending again: {reason}"),
            Event::Retrying {
                operation,
                attempt,
                reason,
            } => format!("{operation}: retrying (attempt {attempt}) after {reason}"),
            Event::TokenFetched {
                client_id,
                expires_in_seconds,
            } => format!(
                "service account {client_id}: access token fetched, valid for {expires_in_seconds:.0} s"
            ),
        }
    }
}
