//! One error type: the core's `ErrorReport` as JSON (the host throws the class it names).

use atlas_admin::{BuildError, Call, Error, ErrorReport};
use std::time::SystemTime;

/// Why a call failed: the core's sentence (`summary`), and its `ErrorReport` as JSON (with the
/// `lineage` of its class, most specific first, up to `AtlasError`).
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum AtlasError {
    #[error("{summary}")]
    Failed { summary: String, report: String },
}

impl AtlasError {
    /// The report of `error`, which ended `call` if there was one; `now` is the host's clock,
    /// which turns a `Retry-After` date into seconds.
    pub(crate) fn of(error: &Error, call: Option<&Call>, now: SystemTime) -> Self {
        let report = ErrorReport::new(error, call, now);
        let json = serde_json::to_string(&report).unwrap_or_default();
        AtlasError::Failed { summary: report.message, report: json }
    }
}

impl From<BuildError> for AtlasError {
    fn from(e: BuildError) -> Self {
        // A refusal before any I/O: no `Retry-After` to date, so the clock is never read.
        AtlasError::of(&Error::Build(e), None, SystemTime::UNIX_EPOCH)
    }
}
