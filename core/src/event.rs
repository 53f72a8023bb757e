//! What a call did, as it did it: the events a binding routes to its ecosystem's logging
//! (Python `logging`, a JS callback, a Kotlin listener, Rust `log`). The core records them;
//! [`crate::Call::take_events`] hands them over, and with the `log` feature each is also
//! logged as it happens (target `atlas_admin`, at its [`Event::level`]). No event holds a
//! secret: URLs carry only what the caller put in the path and query, never a header.

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

/// How much an event matters, for loggers with levels: every binding maps these to its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EventLevel {
    /// Requests and replies: the call going as planned.
    Debug,
    /// Waits and token fetches: time spent that a user may want to see.
    Info,
    /// Retries: something failed and is being tried again.
    Warning,
}

impl Event {
    /// How much this event matters (requests and replies debug, waits and tokens info,
    /// retries warning).
    pub fn level(&self) -> EventLevel {
        match self {
            Event::RequestSent { .. } | Event::ReplyReceived { .. } => EventLevel::Debug,
            Event::Waiting { .. } | Event::TokenFetched { .. } => EventLevel::Info,
            Event::Retrying { .. } => EventLevel::Warning,
        }
    }

    /// The event as a binding hands it over: its fields (tagged `event`), its `level` and its
    /// one-line `message`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut json = serde_json::to_value(self).unwrap_or_default();
        json["level"] = serde_json::to_value(self.level()).unwrap_or_default();
        json["message"] = self.message().into();
        json
    }

    /// Hands this event to the `log` facade: target `atlas_admin`, its [`Event::level`], its
    /// [`Event::message`].
    #[cfg(feature = "log")]
    pub fn log(&self) {
        let level = match self.level() {
            EventLevel::Debug => log::Level::Debug,
            EventLevel::Info => log::Level::Info,
            EventLevel::Warning => log::Level::Warn,
        };
        log::log!(target: "atlas_admin", level, "{}", self.message());
    }

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
