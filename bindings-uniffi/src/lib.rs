//! UniFFI binding of the atlas-admin core for Kotlin and Swift. The transport is a foreign
//! trait the host implements; the Rust side drives the core's `Call` through it, `async`
//! (Kotlin `suspend`, Swift `async`), polled by the host's executor.
//!
//! A thin binding: it moves bytes and maps types. The core's contract types (`Config`,
//! `CallOptions`, `ErrorReport`, `Metadata`, `Event`, the catalog) cross as JSON text, which
//! the host decodes into its own types (Kotlin: `Options.kt`, `Results.kt`, `Errors.kt`;
//! Swift: `Contract.swift`), so every name, default and check stays the core's.

pub mod catalog;
pub mod client;
pub mod config;
pub mod error;
pub mod mock;
pub mod transport;

uniffi::setup_scaffolding!("atlas_admin");
