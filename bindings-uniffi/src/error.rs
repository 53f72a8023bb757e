//! One error type: the core's `ErrorReport`, flattened into a record (Kotlin maps `className`
//! to its sealed `AtlasError` hierarchy). No field ever holds a secret.

use atlas_admin::{Call, Error, ErrorReport};
use std::time::SystemTime;

/// The core's report of a failed call: the class (`NotFound`), its lineage up to
/// `AtlasError`, the message sentence and the fields the class carries.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct ErrorInfo {
    pub class_name: String,
    /// From `class_name` up to `AtlasError`, most specific first.
    pub lineage: Vec<String>,
    pub message: String,
    pub operation: Option<String>,
    pub method: Option<String>,
    pub url: Option<String>,
    pub status: Option<i32>,
    pub error_code: Option<String>,
    pub detail: Option<String>,
    /// Atlas's `parameters`, each as JSON text.
    pub parameters: Vec<String>,
    /// For a build error: the parameter, body field or setting that was wrong.
    pub parameter: Option<String>,
    /// Seconds to wait before trying again, when Atlas said.
    pub retry_after: Option<f64>,
    pub attempts: Option<i32>,
    /// Atlas's whole error body as JSON text, when it was JSON.
    pub body: Option<String>,
}

/// Why a call failed. (Kotlin: the hand-written `AtlasError` classes are thrown instead.)
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum AtlasError {
    #[error("{}", info.message)]
    Failed { info: ErrorInfo },
}

impl AtlasError {
    pub(crate) fn of(error: &Error, call: Option<&Call>) -> Self {
        let r = ErrorReport::new(error, call, SystemTime::now());
        let info = ErrorInfo {
            class_name: r.class.name().to_owned(),
            lineage: r.lineage().into_iter().map(str::to_owned).collect(),
            message: r.message,
            operation: r.operation,
            method: r.method,
            url: r.url,
            status: r.status.map(i32::from),
            error_code: r.error_code,
            detail: r.detail,
            parameters: r.parameters.iter().map(|p| p.to_string()).collect(),
            parameter: r.parameter,
            retry_after: r.retry_after,
            attempts: r.attempts.map(|a| a as i32),
            body: r.body.map(|b| b.to_string()),
        };
        AtlasError::Failed { info }
    }

    /// A refusal before any I/O that the core did not make (params that are not JSON).
    pub(crate) fn build(message: impl Into<String>, parameter: Option<&str>) -> Self {
        let info = ErrorInfo {
            class_name: "BuildError".into(),
            lineage: vec!["BuildError".into(), "AtlasError".into()],
            message: message.into(),
            parameter: parameter.map(str::to_owned),
            ..ErrorInfo::default()
        };
        AtlasError::Failed { info }
    }
}

impl From<Error> for AtlasError {
    fn from(e: Error) -> Self {
        AtlasError::of(&e, None)
    }
}

impl From<atlas_admin::BuildError> for AtlasError {
    fn from(e: atlas_admin::BuildError) -> Self {
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
