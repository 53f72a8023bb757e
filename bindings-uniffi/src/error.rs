//! The errors the host sees: the core's error kinds, flattened into fields UniFFI can carry
//! (Kotlin `AtlasException.Api`, Swift `AtlasError.Api`). No variant ever holds a secret: the
//! core's messages redact them, and credentials are never copied here.

use atlas_admin::auth::AuthError;
use atlas_admin::{ApiError, Error, RetryAfter};
use std::time::SystemTime;

/// Why a call failed. `summary` is the core's one-line description, safe to log.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum AtlasError {
    /// The request was refused before any I/O: an unknown operation, a missing or invalid
    /// parameter, a body that breaks the schema, a bad config, or params/body that are not JSON.
    #[error("{summary}")]
    Build { summary: String },
    /// Atlas answered with an error status (after any retries the core made).
    #[error("{summary}")]
    Api {
        summary: String,
        status: u16,
        error_code: Option<String>,
        detail: Option<String>,
        reason: Option<String>,
        /// Each of the error's `parameters`, as JSON.
        parameters: Vec<String>,
        /// `badRequestDetail` as JSON (its `fields` name the offending request fields).
        bad_request_detail: Option<String>,
        /// `Retry-After`, in seconds from when the error was read.
        retry_after_seconds: Option<u64>,
        attempts: u32,
        /// Set when Atlas no longer serves the version called (`410 VERSION_GONE`): which
        /// operation, which version, and the newest version to use instead.
        version_gone: Option<VersionGone>,
    },
    /// The reply did not fit what the operation promises.
    #[error("{summary}")]
    Decode {
        summary: String,
        status: u16,
        content_type: String,
        problem: String,
        /// At most the first 200 characters of the body.
        snippet: String,
    },
    /// The host transport failed every attempt.
    #[error("{summary}")]
    Transport {
        summary: String,
        /// What the host transport reported for the last attempt.
        reason: String,
        attempts: u32,
    },
    /// Authentication could not be carried out (a Digest challenge we cannot answer, a token
    /// endpoint that refused the service account or sent no usable token).
    #[error("{summary}")]
    Auth { summary: String },
    /// The binding was used out of order (two `nextPage` at once) or a result exceeded the
    /// caller's item cap.
    #[error("{summary}")]
    Usage { summary: String },
}

/// Atlas's `410 VERSION_GONE`: the version a call asked for is no longer served.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VersionGone {
    /// The canonical id of the operation called.
    pub operation: String,
    /// The version the call asked for.
    pub version: String,
    /// The operation's newest stable version this client knows, when it is another one.
    pub newest: Option<String>,
}

/// What a host transport reports when a request got no HTTP answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum TransportError {
    /// Connection refused, reset, timed out, TLS failure, ...: `reason` says which. (Not
    /// `message`: that name is taken by Kotlin's `Throwable`.)
    #[error("{reason}")]
    Failed { reason: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for TransportError {
    // A host transport that throws something other than TransportError still ends the attempt
    // as a transport failure instead of a panic across the FFI.
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        TransportError::Failed {
            reason: format!("transport threw: {}", e.reason),
        }
    }
}

impl AtlasError {
    pub(crate) fn build(summary: impl Into<String>) -> Self {
        AtlasError::Build {
            summary: summary.into(),
        }
    }

    pub(crate) fn usage(summary: impl Into<String>) -> Self {
        AtlasError::Usage {
            summary: summary.into(),
        }
    }

    fn api(summary: String, e: &ApiError, attempts: u32) -> Self {
        Self::api_gone(summary, e, attempts, None)
    }

    fn api_gone(
        summary: String,
        e: &ApiError,
        attempts: u32,
        version_gone: Option<VersionGone>,
    ) -> Self {
        AtlasError::Api {
            summary,
            status: e.status,
            error_code: e.error_code.clone(),
            detail: e.detail.clone(),
            reason: e.reason.clone(),
            parameters: e.parameters.iter().map(|p| p.to_string()).collect(),
            bad_request_detail: e.bad_request_detail.as_ref().map(|d| d.to_string()),
            retry_after_seconds: e.retry_after.map(|r| seconds(r, SystemTime::now())),
            attempts,
            version_gone,
        }
    }
}

fn seconds(r: RetryAfter, now: SystemTime) -> u64 {
    let d = r.delay_from(now);
    // Round up so a host that waits this long is never early.
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

impl From<Error> for AtlasError {
    fn from(e: Error) -> Self {
        let summary = e.to_string();
        match e {
            Error::Build(_) => AtlasError::Build { summary },
            Error::Api(api) => AtlasError::api(summary, &api, 1),
            Error::Retried { error, attempts } => AtlasError::api(summary, &error, attempts),
            Error::VersionGone {
                operation,
                version,
                newest,
                error,
            } => AtlasError::api_gone(
                summary,
                &error,
                1,
                Some(VersionGone {
                    operation: operation.to_owned(),
                    version: version.to_owned(),
                    newest: newest.map(str::to_owned),
                }),
            ),
            Error::Auth(AuthError::KeysRefused { error, .. })
            | Error::Auth(AuthError::TokenRefused { error }) => AtlasError::api(summary, &error, 1),
            Error::Auth(_) => AtlasError::Auth { summary },
            Error::Decode(d) => AtlasError::Decode {
                summary,
                status: d.status,
                content_type: d.content_type,
                problem: d.problem,
                snippet: d.snippet,
            },
            Error::Transport { message, attempts } => AtlasError::Transport {
                summary,
                reason: message,
                attempts,
            },
            Error::Misuse(_) | Error::TooManyItems { .. } => AtlasError::Usage { summary },
        }
    }
}

impl From<atlas_admin::BuildError> for AtlasError {
    fn from(e: atlas_admin::BuildError) -> Self {
        AtlasError::build(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn retry_after_rounds_up() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(100);
        let at = RetryAfter::At(now + Duration::from_millis(1500));
        assert_eq!(seconds(at, now), 2);
        assert_eq!(seconds(RetryAfter::Delay(Duration::from_secs(7)), now), 7);
        assert_eq!(
            seconds(RetryAfter::At(now - Duration::from_secs(5)), now),
            0
        );
    }

    #[test]
    fn retried_api_error_keeps_fields_and_attempts() {
        let api = ApiError {
            status: 429,
            error_code: Some("RATE_LIMITED".into()),
            detail: Some("slow down".into()),
            reason: Some("Too Many Requests".into()),
            parameters: vec![serde_json::json!("x")],
            bad_request_detail: None,
            retry_after: Some(RetryAfter::Delay(Duration::from_secs(3))),
            body: None,
        };
        let e: AtlasError = Error::Retried {
            error: Box::new(api),
            attempts: 4,
        }
        .into();
        match e {
            AtlasError::Api {
                status,
                error_code,
                parameters,
                retry_after_seconds,
                attempts,
                ..
            } => {
                assert_eq!(status, 429);
                assert_eq!(error_code.as_deref(), Some("RATE_LIMITED"));
                assert_eq!(parameters, vec!["\"x\"".to_owned()]);
                assert_eq!(retry_after_seconds, Some(3));
                assert_eq!(attempts, 4);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn version_gone_is_an_api_error_naming_operation_and_versions() {
        let api = ApiError {
            status: 410,
            error_code: Some("VERSION_GONE".into()),
            detail: None,
            reason: Some("Gone".into()),
            parameters: vec![],
            bad_request_detail: None,
            retry_after: None,
            body: None,
        };
        let e: AtlasError = Error::VersionGone {
            operation: "listGroupClusters",
            version: "2023-01-01",
            newest: Some("2024-08-05"),
            error: Box::new(api),
        }
        .into();
        match e {
            AtlasError::Api {
                summary,
                status,
                version_gone: Some(gone),
                ..
            } => {
                assert_eq!(status, 410);
                assert_eq!(gone.operation, "listGroupClusters");
                assert_eq!(gone.version, "2023-01-01");
                assert_eq!(gone.newest.as_deref(), Some("2024-08-05"));
                assert!(summary.contains("2024-08-05"), "{summary}");
            }
            other => panic!("{other:?}"),
        }
    }
}
