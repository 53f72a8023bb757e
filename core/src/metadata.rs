//! What a finished call learnt about its last reply: status, headers, the version Atlas
//! served, how many attempts it took, and the rate-limit figures when Atlas sent them.

use serde::Serialize;

/// Facts about the reply a call ended with, success or failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    pub operation: &'static str,
    pub status: u16,
    /// Every header of the reply, names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The version named by the reply's content type (`2024-08-05`, `preview`), if any.
    pub version: Option<String>,
    /// Attempts the call made for this reply, the first included (after a wait: the last
    /// poll's, as the status and headers are that poll's).
    pub attempts: u32,
    /// `RateLimit-Limit`/`RateLimit-Remaining`, when the reply carried either.
    pub rate_limit: Option<RateLimit>,
}

/// The request budget a reply announced for its endpoint set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateLimit {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
}

impl Metadata {
    pub(crate) fn of(
        operation: &'static str,
        response: &http::Response<Vec<u8>>,
        attempts: u32,
    ) -> Metadata {
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes());
                (name.as_str().to_owned(), value.chars().take(4096).collect())
            })
            .collect();
        let number = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let (limit, remaining) = (number("ratelimit-limit"), number("ratelimit-remaining"));
        let content_type = crate::response::content_type_of(response);
        Metadata {
            operation,
            status: response.status().as_u16(),
            headers,
            version: Some(crate::rules::split_content_type(content_type).0)
                .filter(|v| *v != "unversioned")
                .map(str::to_owned),
            attempts,
            rate_limit: (limit.is_some() || remaining.is_some())
                .then_some(RateLimit { limit, remaining }),
        }
    }

    /// The first value of header `name` (lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}
