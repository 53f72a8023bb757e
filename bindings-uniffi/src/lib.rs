//! UniFFI binding of the atlas-admin core for Kotlin and Swift. Sans-IO like the core: the host
//! drives each call (`client::NativeCall`) with its own transport, clock, random numbers and
//! timer, as the Python and JS bindings do. The core's contract types (`Config`, `ErrorReport`,
//! `Metadata`, `Event`, `Warning`, the catalog) cross as JSON text for the host's own types
//! (Kotlin: `Options.kt`, `Results.kt`, `Errors.kt`; Swift: `Contract.swift`), so every name,
//! default and check stays the core's: this crate moves bytes and maps types.

pub mod catalog;
pub mod client;
pub mod config;
pub mod error;
pub mod mock;
pub mod transport;

uniffi::setup_scaffolding!("atlas_admin");
