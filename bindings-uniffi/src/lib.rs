//! UniFFI binding of the atlas-admin core for Kotlin and Swift.
//!
//! Mobile apps bring their own networking, so the transport is a foreign trait
//! ([`HttpTransport`]) the host implements (Kotlin `HttpURLConnection`, Swift `URLSession`).
//! The Rust side drives the core's `Call` state machine through it. Every call is `async`
//! (Kotlin `suspend`, Swift `async`): UniFFI polls the future from the host's own executor, so
//! no Rust runtime or thread is involved and nothing blocks the caller's thread.

// `AtlasError` is large (the Api variant carries every Atlas error field) and is returned by
// value; UniFFI serialises it into a buffer at the FFI boundary and cannot carry a `Box`, so
// the size is the price of a flat, typed error for Kotlin and Swift.
#![allow(clippy::result_large_err)]

mod catalog;
mod client;
mod config;
mod driver;
mod error;
mod payload;
mod rng;
mod transport;
mod warning;

pub use catalog::{
    find_operation, operation_ids, operation_info, operations, OperationInfo, VersionInfo,
};
pub use client::{AtlasClient, Pager};
pub use config::{CallOptions, ClientConfig, Credentials};
pub use error::{AtlasError, TransportError, VersionGone};
pub use payload::Payload;
pub use transport::{HttpHeader, HttpRequest, HttpResponse, HttpTransport};
pub use warning::{AtlasWarning, WarningListener, WarningListenerError};

uniffi::setup_scaffolding!("atlas_admin");
