//! UniFFI binding of the atlas-admin core for Kotlin and Swift. The transport is a foreign
//! trait the host implements; the Rust side drives the core's `Call` through it, `async`
//! (Kotlin `suspend`, Swift `async`), polled by the host's executor.
#![allow(clippy::result_large_err)]

mod catalog;
mod client;
mod config;
mod error;
mod mock;
mod transport;

pub use catalog::{find_operation, operation_ids, operation_info, operations, OperationInfo};
pub use client::{AtlasClient, AtlasEvent, AtlasWarning, CallMetadata, CallResult, Pager, Payload};
pub use config::{contract_fields, CallOptions, ClientConfig, ContractFields, Credentials};
pub use config::{EventListener, RetryOptions, WarningListener};
pub use error::{AtlasError, ErrorInfo, TransportError};
pub use mock::MockAtlas;
pub use transport::{HttpHeader, HttpRequest, HttpResponse, HttpTransport};

uniffi::setup_scaffolding!("atlas_admin");
