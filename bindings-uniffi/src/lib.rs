//! UniFFI binding of the atlas-admin core for Kotlin and Swift. Sans-IO like the core: the host
//! drives each call (`client::NativeCall`) with its own transport, clock, random numbers and
//! timer. The core's contract types (`Config`, `WaitOptions`, `ErrorReport`, `Metadata`, `Event`,
//! `Warning`, the catalog) cross as JSON text for the host's own types (Kotlin: `Options.kt`,
//! `Results.kt`, `Errors.kt`; Swift: `Contract.swift`): this crate moves bytes and maps types.

pub mod catalog;
pub mod client;
pub mod config;
pub mod error;
pub mod mock;
pub mod transport;

uniffi::setup_scaffolding!("atlas_admin");
