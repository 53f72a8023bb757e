//! The three ways a call can fail: we refused to build it, Atlas said no, or the reply made no sense.

use serde_json::Value;
use std::fmt;
use std::time::{Duration, SystemTime};

/// Any failure of building a request or reading a response.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error(transparent)]
    Api(#[from] Box<ApiError>),
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The request never got an answer (connection refused, reset, timed out), as the host
    /// reported it, after this many attempts.
    #[error("transport error after {attempts} attempt{}: {message}", plural(*.attempts))]
    Transport { message: String, attempts: u32 },
    /// Atlas kept failing a request the core retried; the last answer and the number of attempts.
    #[error("{error} (gave up after {attempts} attempt{})", plural(*.attempts))]
    Retried { error: Box<ApiError>, attempts: u32 },
    #[error(transparent)]
    Auth(#[from] crate::auth::AuthError),
    /// A `Call` or pager was driven out of order (e.g. `next()` before feeding a response).
    #[error("call driven out of order: {0}")]
    Misuse(String),
    #[error("{operation}: more than {cap} items; raise the cap or page through them")]
    TooManyItems { operation: &'static str, cap: usize },
    /// Atlas no longer serves the version called (`410 VERSION_GONE`).
    #[error("{operation}: Atlas no longer serves version {version} (410 VERSION_GONE){}", use_newest(.newest))]
    VersionGone {
        operation: &'static str,
        version: &'static str,
        newest: Option<&'static str>,
        error: Box<ApiError>,
    },
}

fn use_newest(newest: &Option<&str>) -> String {
    match newest {
        Some(n) => format!("; use version {n}, the newest this client knows"),
        None => String::new(),
    }
}

/// Atlas's `410 VERSION_GONE` to a call of `op` in `version`, as [`Error::VersionGone`]; any
/// other error as it is.
pub(crate) fn version_gone(
    error: Error,
    op: &'static crate::spec::Operation,
    version: &'static crate::spec::Version,
) -> Error {
    match error {
        Error::Api(api)
            if api.status == 410 && api.error_code.as_deref() == Some("VERSION_GONE") =>
        {
            let parts = |v: &'static crate::spec::Version| (v.name, v.sunset);
            let newest =
                crate::rules::default_version(op.versions, parts, crate::generated::SPEC_DATE)
                    .map(|i| op.versions[i].name)
                    .filter(|n| *n != version.name);
            Error::VersionGone {
                operation: op.id,
                version: version.name,
                newest,
                error: api,
            }
        }
        other => other,
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

impl Error {
    /// The API error behind this error, whether or not it was retried.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e)
            | Error::Retried { error: e, .. }
            | Error::VersionGone { error: e, .. } => Some(e),
            Error::Auth(crate::auth::AuthError::KeysRefused { error, .. })
            | Error::Auth(crate::auth::AuthError::TokenRefused { error }) => Some(error),
            _ => None,
        }
    }

    /// HTTP status of the API error behind this error, if any.
    pub fn status(&self) -> Option<u16> {
        self.api_error().map(|e| e.status)
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

/// A request the core refused to build: it names the parameter (or body field) and the rule.
/// Raised before any I/O.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BuildError {
    #[error("unknown operation `{id}`{}", suggest(.suggestions))]
    UnknownOperation {
        id: String,
        suggestions: Vec<String>,
    },

    #[error("`{name}` names more than one operation: {}; call one of them by its id", .candidates.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" or "))]
    AmbiguousOperation {
        name: String,
        candidates: Vec<&'static str>,
    },

    #[error("{operation}: parameter `{name}` was given twice, also as its alias `{alias}`")]
    DuplicateParameter {
        operation: &'static str,
        name: &'static str,
        alias: &'static str,
    },

    #[error("{operation}: missing required {location} parameter `{name}`")]
    MissingParameter {
        operation: &'static str,
        name: &'static str,
        location: &'static str,
    },

    #[error("{operation}: unknown parameter `{name}`; accepted: {}", .accepted.join(", "))]
    UnknownParameter {
        operation: &'static str,
        name: String,
        accepted: Vec<&'static str>,
    },

    #[error("{operation}: parameter `{name}` {problem}")]
    InvalidParameter {
        operation: &'static str,
        name: &'static str,
        /// What is wrong and which rule it breaks, e.g. `value "abc" does not match ^([a-f0-9]{24})$`.
        problem: String,
    },

    #[error("{operation}: params must be a JSON object of parameter names to values, not {found}")]
    ParamsNotObject {
        operation: &'static str,
        found: &'static str,
    },

    #[error("{operation}: request body {problem}")]
    InvalidBody {
        operation: &'static str,
        problem: String,
    },

    #[error("{operation}: body field `{pointer}` {problem}")]
    InvalidBodyField {
        operation: &'static str,
        /// Where in the body, as a path like `replicationSpecs[0].regionConfigs[1].priority`.
        pointer: String,
        problem: String,
    },

    #[error("{operation}: version `{requested}` is not served; available: {}", .available.join(", "))]
    UnsupportedVersion {
        operation: &'static str,
        requested: String,
        available: Vec<&'static str>,
    },

    #[error("{operation}: format `{requested}` is not served in version {version}; available: {}", .available.join(", "))]
    UnsupportedFormat {
        operation: &'static str,
        version: &'static str,
        requested: String,
        available: Vec<&'static str>,
    },

    #[error("config `{field}` {problem}")]
    InvalidConfig {
        field: &'static str,
        problem: String,
    },
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", s.join(", "))
    }
}

/// When Atlas says to come back (`Retry-After`), in either of its two forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    Delay(Duration),
    At(SystemTime),
}

impl RetryAfter {
    /// Parses `120` or `Wed, 21 Oct 2015 07:28:00 GMT`; anything else is ignored.
    pub fn parse(value: &str) -> Option<RetryAfter> {
        let v = value.trim();
        if !v.is_empty() && v.len() <= 12 && v.bytes().all(|b| b.is_ascii_digit()) {
            return v
                .parse::<u64>()
                .ok()
                .map(|s| RetryAfter::Delay(Duration::from_secs(s)));
        }
        httpdate::parse_http_date(v).ok().map(RetryAfter::At)
    }

    /// How long to wait from `now` (the host's clock); never negative.
    pub fn delay_from(&self, now: SystemTime) -> Duration {
        match self {
            RetryAfter::Delay(d) => *d,
            RetryAfter::At(t) => t.duration_since(now).unwrap_or(Duration::ZERO),
        }
    }
}

/// Atlas answered with an error status. Fields come from the `ApiError` body when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub error_code: Option<String>,
    pub detail: Option<String>,
    pub reason: Option<String>,
    pub parameters: Vec<Value>,
    /// `badRequestDetail` as sent (its `fields` list names the offending request fields).
    pub bad_request_detail: Option<Value>,
    pub retry_after: Option<RetryAfter>,
    /// The whole error body when it was JSON, for fields this type does not name.
    pub body: Option<Value>,
}

impl ApiError {
    /// The `badRequestDetail.fields` entries, if any.
    pub fn bad_request_fields(&self) -> &[Value] {
        self.bad_request_detail
            .as_ref()
            .and_then(|d| d.get("fields"))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = self.reason.clone().unwrap_or_else(|| {
            http::StatusCode::from_u16(self.status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Error")
                .to_owned()
        });
        write!(f, "{} {}", self.status, reason)?;
        if let Some(code) = &self.error_code {
            write!(f, " ({code})")?;
        }
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Bytes from the server that do not fit what the operation promises.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("could not decode {status} response ({content_type}): {problem}; body starts {snippet:?}")]
pub struct DecodeError {
    pub status: u16,
    pub content_type: String,
    pub problem: String,
    /// At most the first 200 characters of the body, lossily decoded.
    pub snippet: String,
}

pub(crate) const SNIPPET_CHARS: usize = 200;

pub(crate) fn snippet(body: &[u8]) -> String {
    let head = &body[..body.len().min(SNIPPET_CHARS * 4)];
    String::from_utf8_lossy(head)
        .chars()
        .take(SNIPPET_CHARS)
        .collect()
}
