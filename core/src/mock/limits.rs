//! Atlas's limits as the mock plays them: a token bucket over the API (with or without the
//! `RateLimit-*` and `Retry-After` headers Atlas may leave out) and a limit on minting
//! service-account tokens.

use serde_json::json;
use std::time::{Duration, SystemTime};

/// One endpoint set's bucket, refilled at fixed intervals from the first request it saw.
pub(super) struct BucketServer {
    pub set: String,
    pub capacity: u64,
    pub refill_rate: u64,
    pub refill_every: Duration,
    /// Whether replies carry `RateLimit-Limit`/`RateLimit-Remaining` and 429s `Retry-After`.
    pub headers: bool,
    pub left: u64,
    pub next_refill: Option<SystemTime>,
}

impl BucketServer {
    /// Takes one request from the bucket at `now`: the requests left after it, or the whole
    /// seconds until the next refill when none is left.
    pub fn take(&mut self, now: SystemTime) -> Result<u64, u64> {
        let mut next = *self.next_refill.get_or_insert(now + self.refill_every);
        while next <= now {
            self.left = (self.left + self.refill_rate).min(self.capacity);
            next += self.refill_every;
        }
        self.next_refill = Some(next);
        if self.left == 0 {
            let wait = next.duration_since(now).unwrap_or_default();
            return Err(wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
        }
        self.left -= 1;
        Ok(self.left)
    }

    /// The headers a reply carries when this bucket sends them.
    pub fn reply_headers(&self, left: u64) -> Vec<(&'static str, String)> {
        if !self.headers {
            return Vec::new();
        }
        vec![
            ("ratelimit-limit", self.capacity.to_string()),
            ("ratelimit-remaining", left.to_string()),
        ]
    }

    /// Atlas's 429 for an empty bucket, `retry_after` seconds before its next refill.
    pub fn refusal(&self, retry_after: u64) -> (serde_json::Value, Vec<(&'static str, String)>) {
        let body = json!({
            "detail": format!(
                "Rate limit exceeded for {}. Please retry after {retry_after} seconds. Request capacity: {}. Refill rate: {} per {} seconds.",
                self.set, self.capacity, self.refill_rate, self.refill_every.as_secs()
            ),
            "error": 429,
            "errorCode": crate::TOKEN_BUCKET_CODE,
            "parameters": [self.set, retry_after, self.capacity, self.refill_rate, self.refill_every.as_secs()],
            "reason": "Too Many Requests",
        });
        let mut headers = self.reply_headers(0);
        if self.headers {
            headers.push(("retry-after", retry_after.to_string()));
        }
        (body, headers)
    }
}

/// How many service-account tokens the token endpoint mints a minute.
pub(super) struct MintLimit {
    pub per_minute: usize,
    pub minted_at: Vec<SystemTime>,
}

impl MintLimit {
    /// Whether one more token may be minted at `now` (and counts it if so).
    pub fn allow(&mut self, now: SystemTime) -> bool {
        let minute = Duration::from_secs(60);
        self.minted_at
            .retain(|t| now.duration_since(*t).map_or(true, |d| d < minute));
        if self.minted_at.len() >= self.per_minute {
            return false;
        }
        self.minted_at.push(now);
        true
    }

    /// The token endpoint's refusal, in the words Atlas uses.
    pub fn refusal(&self) -> serde_json::Value {
        json!({
            "detail": format!("Resource /api/oauth/token is limited to {} requests every 1 minutes.", self.per_minute),
            "error": 429,
            "errorCode": "RATE_LIMITED",
            "parameters": [],
            "reason": "Too Many Requests",
        })
    }
}
