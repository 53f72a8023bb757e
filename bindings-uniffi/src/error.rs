//! One error type: the core's `ErrorReport`, carried across as JSON (Kotlin throws the
//! `AtlasError` class it names). No field ever holds a secret.

use atlas_admin::{BuildError, Call, Error, ErrorReport};
use std::time::SystemTime;

/// Why a call failed: the core's sentence (`summary`), and its `ErrorReport` as JSON plus the
/// `lineage` of its class (most specific first, up to `AtlasError`).
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum AtlasError {
    #[error("{summary}")]
    Failed { summary: String, report: String },
}

impl AtlasError {
    pub(crate) fn of(error: &Error, call: Option<&Call>) -> Self {
        Self::report(ErrorReport::new(error, call, SystemTime::now()))
    }

    /// A refusal before any I/O that only the binding sees (params that are not JSON): the
    /// core's report of a bad setting `field`, with the binding's sentence.
    pub(crate) fn refused(field: &'static str, message: String) -> Self {
        let problem = String::new();
        let error = Error::Build(BuildError::InvalidConfig { field, problem });
        let report = ErrorReport::new(&error, None, SystemTime::now());
        Self::report(ErrorReport { message, ..report })
    }

    fn report(report: ErrorReport) -> Self {
        let mut json = serde_json::to_value(&report).unwrap_or_default();
        json["lineage"] = report.lineage().into();
        AtlasError::Failed { summary: report.message, report: json.to_string() }
    }
}

impl From<Error> for AtlasError {
    fn from(e: Error) -> Self {
        AtlasError::of(&e, None)
    }
}

impl From<BuildError> for AtlasError {
    fn from(e: BuildError) -> Self {
        AtlasError::of(&Error::Build(e), None)
    }
}

/// What a host transport reports when a request got no HTTP answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum TransportError {
    /// Refused, reset, timed out, TLS failure...: `reason` says which.
    #[error("{reason}")]
    Failed { reason: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for TransportError {
    // A transport that throws something else still ends the attempt as a transport failure.
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        let reason = format!("transport threw: {}", e.reason);
        TransportError::Failed { reason }
    }
}
