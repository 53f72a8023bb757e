//! The three ways a call can fail: we refused to build it, Atlas said no, or the reply made no sense.

pub use crate::api_error::{ApiError, RetryAfter};
pub use crate::build_error::BuildError;

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
    #[error("no reply after {attempts} attempt{}: {message}", plural(*.attempts))]
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
    /// A wait saw the work end in a state that means it failed (a backup export `Failed`).
    #[error("the work failed: polling {polled}, `{path}` became {state}")]
    WaitFailed {
        polled: &'static str,
        path: String,
        state: String,
    },
    /// A wait ran out of time; the last state it saw, if any.
    #[error("gave up waiting after {} s: polling {polled}{}", .after.as_secs(), last_seen(.last))]
    WaitTimedOut {
        polled: &'static str,
        after: std::time::Duration,
        last: Option<String>,
    },
    /// Atlas no longer serves the version called (`410 VERSION_GONE`).
    #[error("{operation}: Atlas no longer serves version {version} (410 VERSION_GONE){}", use_newest(.newest))]
    VersionGone {
        operation: &'static str,
        version: &'static str,
        newest: Option<&'static str>,
        error: Box<ApiError>,
    },
}

fn last_seen(last: &Option<String>) -> String {
    match last {
        Some(state) => format!(", the last state seen was {state}"),
        None => String::new(),
    }
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
            | Error::Auth(crate::auth::AuthError::NoChallenge { error, .. })
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

/// Bytes from the server that do not fit what the operation promises.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("could not decode {status} response ({content_type}): {problem}{}", body_start(.snippet))]
pub struct DecodeError {
    pub status: u16,
    pub content_type: String,
    pub problem: String,
    /// At most the first 200 characters of the body, lossily decoded.
    pub snippet: String,
}

fn body_start(snippet: &str) -> String {
    if snippet.is_empty() {
        String::new()
    } else {
        format!("; body starts {snippet:?}")
    }
}

pub(crate) const SNIPPET_CHARS: usize = 200;

pub(crate) fn snippet(body: &[u8]) -> String {
    let head = &body[..body.len().min(SNIPPET_CHARS * 4)];
    String::from_utf8_lossy(head)
        .chars()
        .take(SNIPPET_CHARS)
        .collect()
}
