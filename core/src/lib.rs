//! Sans-IO core of the MongoDB Atlas Administration API v2 client.
//!
//! The core turns intent into bytes to send ([`build_request`]) and bytes received into results
//! ([`parse_response`]) for every operation of the spec. It never opens a socket, reads a clock
//! or draws a random number: the host moves the bytes.
//!
//! ```
//! use atlas_admin::{build_request, Config};
//! use serde_json::json;
//!
//! let req = build_request(
//!     &Config::default(),
//!     "listClusters",
//!     &json!({"groupId": "32b6e34b3d91647abb20e7b8", "itemsPerPage": 10}),
//!     None,
//! )
//! .unwrap();
//! assert_eq!(
//!     req.uri(),
//!     "https://cloud.mongodb.com/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters?itemsPerPage=10"
//! );
//! assert_eq!(req.headers()["accept"], "application/vnd.atlas.2024-08-05+json");
//! ```
//!
//! A [`Session`] adds what takes more than one exchange: Digest or OAuth authentication,
//! retries with back-off, and paging. Each [`Call`] is a state machine the host drives (see its
//! docs for the loop); with feature `mock`, `mock::MockAtlas` plays Atlas in-process for tests.

mod api_error;
pub mod auth;
mod body;
mod build_error;
mod call;
mod catalog;
mod config;
pub mod curl;
pub mod driver;
pub mod encode;
pub mod env;
mod error;
mod event;
#[cfg(feature = "examples")]
pub mod examples;
#[rustfmt::skip]
mod generated;
mod metadata;
#[cfg(feature = "mock")]
pub mod mock;
mod params;
pub mod pattern;
mod rate_limit;
mod report;
mod request;
mod response;
mod retry;
pub mod rules;
mod seconds;
mod session;
pub mod spec;
mod text;
#[cfg(feature = "models")]
pub mod typed;
mod version;
mod warning;

pub use auth::{AuthError, Credentials, SavedToken, Secret};
pub use call::{Action, Call, WaitGoal, WaitOptions};
pub use catalog::{
    find as find_operation, names as operation_names, operation, operation_json, operations,
    version_json,
};
pub use config::{CallOptions, Config, DEFAULT_BASE_URL};
pub use curl::to_curl;
pub use error::{ApiError, BuildError, DecodeError, Error, RetryAfter};
pub use event::{Event, EventLevel};
pub use metadata::{Metadata, RateLimit};
pub use rate_limit::{TokenBucket, TOKEN_BUCKET_CODE};
pub use report::{ErrorClass, ErrorReport};
pub use request::{
    build_request, build_request_with, chosen_version, PreparedRequest, RequestTarget,
};
pub use response::{
    classify, classify_unscanned, parse_parts, parse_response, response_from_parts, Parsed, Reply,
    ENVELOPE_STATUS,
};
pub use retry::{rate_limited_wait, RetryPolicy, RATE_LIMIT_BACKOFF};
pub use session::Session;
pub use spec::{
    Docs, Format, Location, Method, Operation, Param, Until, ValueKind, Version, WatchSource,
    Watcher,
};
pub use warning::{warnings, Warning};

/// Number of operations in the table: the current spec's and those Atlas removed since.
pub const OPERATION_COUNT: usize = generated::OPERATION_COUNT;

/// The date of the spec the table was generated from.
pub const SPEC_DATE: &str = generated::SPEC_DATE;

/// The typed models and calls (feature `models`), generated from the spec.
#[cfg(feature = "models")]
pub mod models {
    pub use crate::generated::models::*;
}

/// Facts about the spec the table was generated from.
pub mod tables {
    pub use crate::generated::{PATTERNS, SCHEMAS};
}
