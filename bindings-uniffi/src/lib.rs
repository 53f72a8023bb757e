//! UniFFI binding of the atlas-admin core for Kotlin and Swift, sans-IO: the host drives each call
//! with its transport, clock and timer; contract types cross as the core's JSON. Bytes and types.

pub mod catalog;
pub mod client;
pub mod config;
pub mod error;
pub mod mock;
pub mod transport;

uniffi::setup_scaffolding!("atlas_admin");
