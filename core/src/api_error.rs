//! What Atlas said when it said no: the error body and when to come back.

use crate::rate_limit::TokenBucket;
use serde_json::Value;
use std::fmt;
use std::time::{Duration, SystemTime};

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
    /// The bucket a `RATE_LIMITED_TOKEN_BUCKET` 429 describes, from its `parameters`.
    pub fn token_bucket(&self) -> Option<TokenBucket> {
        TokenBucket::from_error(self.error_code.as_deref(), &self.parameters)
    }

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
