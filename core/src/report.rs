//! One flat, serializable view of any error, with the class every binding raises it as. The
//! taxonomy is decided here, once; a binding maps `class` to its own exception type and copies
//! the fields.
//!
//! ```text
//! AtlasError
//! ├── BuildError          refused before any I/O; `parameter` names what was wrong
//! ├── ApiError            Atlas answered with an error status
//! │   ├── BadRequest (400)  Unauthorized (401)  Forbidden (403)  NotFound (404)
//! │   ├── Conflict (409)  VersionGone (410 VERSION_GONE)  RateLimited (429)
//! │   └── ServerError (5xx)
//! ├── AuthError           the credentials were refused, or could not be used
//! ├── DecodeError         a reply that does not fit what the operation promises
//! ├── TransportError      no reply at all
//! └── WaitError           a wait saw the work fail, or ran out of time
//! ```

use crate::build_error::BuildError;
use crate::call::Call;
use crate::error::{ApiError, Error};
use crate::rate_limit::TokenBucket;
use serde::Serialize;
use serde_json::Value;
use std::time::SystemTime;

/// The class of an error, the same name in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ErrorClass {
    AtlasError,
    BuildError,
    ApiError,
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    VersionGone,
    RateLimited,
    ServerError,
    AuthError,
    DecodeError,
    TransportError,
    WaitError,
}

impl ErrorClass {
    /// Every class, parents before children.
    pub const ALL: [ErrorClass; 15] = [
        ErrorClass::AtlasError,
        ErrorClass::BuildError,
        ErrorClass::ApiError,
        ErrorClass::BadRequest,
        ErrorClass::Unauthorized,
        ErrorClass::Forbidden,
        ErrorClass::NotFound,
        ErrorClass::Conflict,
        ErrorClass::VersionGone,
        ErrorClass::RateLimited,
        ErrorClass::ServerError,
        ErrorClass::AuthError,
        ErrorClass::DecodeError,
        ErrorClass::TransportError,
        ErrorClass::WaitError,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ErrorClass::AtlasError => "AtlasError",
            ErrorClass::BuildError => "BuildError",
            ErrorClass::ApiError => "ApiError",
            ErrorClass::BadRequest => "BadRequest",
            ErrorClass::Unauthorized => "Unauthorized",
            ErrorClass::Forbidden => "Forbidden",
            ErrorClass::NotFound => "NotFound",
            ErrorClass::Conflict => "Conflict",
            ErrorClass::VersionGone => "VersionGone",
            ErrorClass::RateLimited => "RateLimited",
            ErrorClass::ServerError => "ServerError",
            ErrorClass::AuthError => "AuthError",
            ErrorClass::DecodeError => "DecodeError",
            ErrorClass::TransportError => "TransportError",
            ErrorClass::WaitError => "WaitError",
        }
    }

    /// The class this one specializes; `None` for `AtlasError`, the root.
    pub fn parent(self) -> Option<ErrorClass> {
        match self {
            ErrorClass::AtlasError => None,
            ErrorClass::BadRequest
            | ErrorClass::Unauthorized
            | ErrorClass::Forbidden
            | ErrorClass::NotFound
            | ErrorClass::Conflict
            | ErrorClass::VersionGone
            | ErrorClass::RateLimited
            | ErrorClass::ServerError => Some(ErrorClass::ApiError),
            _ => Some(ErrorClass::AtlasError),
        }
    }

    /// The class of an error status Atlas answered with.
    pub fn of_status(status: u16) -> ErrorClass {
        match status {
            400 => ErrorClass::BadRequest,
            401 => ErrorClass::Unauthorized,
            403 => ErrorClass::Forbidden,
            404 => ErrorClass::NotFound,
            409 => ErrorClass::Conflict,
            429 => ErrorClass::RateLimited,
            500..=599 => ErrorClass::ServerError,
            _ => ErrorClass::ApiError,
        }
    }
}

/// Everything a binding's exception carries. No field ever holds a credential: the URL is the
/// request's as built (path and query), never a header.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorReport {
    pub class: ErrorClass,
    /// The class names from `class` up to `AtlasError`, most specific first.
    pub lineage: Vec<&'static str>,
    /// A sentence naming the operation, the request and what went wrong.
    pub message: String,
    pub operation: Option<String>,
    pub method: Option<String>,
    pub url: Option<String>,
    pub status: Option<u16>,
    pub error_code: Option<String>,
    pub detail: Option<String>,
    /// Atlas's `parameters` list (for a token-bucket 429: path, retryAfterSeconds, capacity...).
    pub parameters: Vec<Value>,
    /// For a build error: the parameter, body field or setting that was wrong.
    pub parameter: Option<String>,
    /// Seconds to wait before trying again, when Atlas said (`Retry-After`, or a token
    /// bucket's `retryAfterSeconds`).
    pub retry_after: Option<f64>,
    /// For a token-bucket 429: the endpoint set and its bucket's figures.
    pub rate_limit: Option<TokenBucket>,
    /// Attempts made, the first included (none for a build error).
    pub attempts: Option<u32>,
    /// Atlas's whole error body when it was JSON (`badRequestDetail` and all).
    pub body: Option<Value>,
}

impl ErrorReport {
    /// The report of `error`, which ended `call` (when there was one). `now` is the host's
    /// clock, to turn a `Retry-After` date into seconds.
    pub fn new(error: &Error, call: Option<&Call>, now: SystemTime) -> ErrorReport {
        let api = error.api_error();
        let class = match error {
            Error::Build(_) => ErrorClass::BuildError,
            Error::VersionGone { .. } => ErrorClass::VersionGone,
            Error::Api(_) | Error::Retried { .. } => {
                ErrorClass::of_status(api.map_or(0, |a| a.status))
            }
            Error::Auth(_) => ErrorClass::AuthError,
            Error::Decode(_) => ErrorClass::DecodeError,
            Error::Transport { .. } => ErrorClass::TransportError,
            Error::WaitFailed { .. } | Error::WaitTimedOut { .. } => ErrorClass::WaitError,
            Error::Misuse(_) | Error::TooManyItems { .. } => ErrorClass::AtlasError,
        };
        let operation = match error {
            Error::Build(b) => build_operation(b),
            _ => call.map(Call::operation_id).filter(|o| !o.is_empty()),
        };
        let request = match error {
            Error::Build(_) => None,
            _ => call.and_then(Call::method_and_url),
        };
        let attempts = match error {
            Error::Build(_) => None,
            Error::Transport { attempts, .. } | Error::Retried { attempts, .. } => Some(*attempts),
            _ => call.map(Call::attempts),
        };
        let message = match (&request, operation, error) {
            (_, _, Error::Build(_)) => error.to_string(),
            (Some((method, url)), Some(op), _) => format!("{op} ({method} {url}): {error}"),
            (None, Some(op), _) => format!("{op}: {error}"),
            _ => error.to_string(),
        };
        let (method, url) = request.unzip();
        ErrorReport {
            class,
            lineage: std::iter::successors(Some(class), |c| c.parent())
                .map(ErrorClass::name)
                .collect(),
            message,
            operation: operation.map(str::to_owned),
            method,
            url,
            status: api.map(|a| a.status).or(match error {
                Error::Decode(d) => Some(d.status),
                _ => None,
            }),
            error_code: api.and_then(|a| a.error_code.clone()),
            detail: api.and_then(|a| a.detail.clone()),
            parameters: api.map(|a| a.parameters.clone()).unwrap_or_default(),
            parameter: match error {
                Error::Build(b) => build_parameter(b),
                _ => None,
            },
            retry_after: api
                .and_then(|a| a.retry_after)
                .map(|ra| ra.delay_from(now).as_secs_f64()),
            rate_limit: api.and_then(ApiError::token_bucket),
            attempts,
            body: api.and_then(|a| a.body.clone()),
        }
    }
}

impl Call {
    /// The report of `error`, which this call ended with.
    pub fn report(&self, error: &Error, now: SystemTime) -> ErrorReport {
        ErrorReport::new(error, Some(self), now)
    }
}

fn build_operation(b: &BuildError) -> Option<&'static str> {
    match b {
        BuildError::DuplicateParameter { operation, .. }
        | BuildError::MissingParameter { operation, .. }
        | BuildError::UnknownParameter { operation, .. }
        | BuildError::InvalidParameter { operation, .. }
        | BuildError::ParamsNotObject { operation, .. }
        | BuildError::InvalidBody { operation, .. }
        | BuildError::InvalidBodyField { operation, .. }
        | BuildError::UnsupportedVersion { operation, .. }
        | BuildError::UnsupportedFormat { operation, .. }
        | BuildError::NoWatcher { operation }
        | BuildError::NotPollable { operation } => Some(operation),
        BuildError::UnknownOperation { .. }
        | BuildError::AmbiguousOperation { .. }
        | BuildError::InvalidConfig { .. } => None,
    }
}

fn build_parameter(b: &BuildError) -> Option<String> {
    match b {
        BuildError::DuplicateParameter { name, .. }
        | BuildError::MissingParameter { name, .. }
        | BuildError::InvalidParameter { name, .. } => Some((*name).to_owned()),
        BuildError::UnknownParameter { name, .. } => Some(name.clone()),
        BuildError::InvalidBodyField { pointer, .. } => Some(pointer.clone()),
        BuildError::InvalidConfig { field, .. } => Some((*field).to_owned()),
        BuildError::UnsupportedVersion { .. } => Some("version".into()),
        BuildError::UnsupportedFormat { .. } => Some("format".into()),
        _ => None,
    }
}
