//! Atlas's rate limits: the token bucket a 429 describes, and what a session remembers of each
//! endpoint set so that a call waits for the bucket to refill instead of spending a request on
//! a 429.
//!
//! Atlas limits each *endpoint set* (endpoints sharing one bucket) per scope (a project, an
//! organization...). A bucket holds `capacity` requests and gains `refillRate` of them every
//! `refillDurationSeconds`. Only a `RATE_LIMITED_TOKEN_BUCKET` 429 says which set an endpoint
//! belongs to and how its bucket refills; `RateLimit-Remaining`, when Atlas sends it, says how
//! many requests are left. So a session learns a bucket from its first 429, then counts: each
//! reply spends one request (or the header says how many remain), each refill adds some back,
//! and a call that would find the bucket empty waits for the next refill.

use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::time::{Duration, SystemTime};

/// The `errorCode` of a 429 whose `parameters` describe the bucket.
pub const TOKEN_BUCKET_CODE: &str = "RATE_LIMITED_TOKEN_BUCKET";

/// What a `RATE_LIMITED_TOKEN_BUCKET` 429 says about its bucket: its `parameters`
/// `[path, retryAfterSeconds, capacity, refillRate, refillDurationSeconds]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenBucket {
    /// The endpoint set, as Atlas names it (`api/atlas/v2/orgs`).
    pub path: String,
    /// When the next request will be let through.
    pub retry_after_seconds: u64,
    /// Requests the bucket holds when full.
    pub capacity: u64,
    /// Requests added back at each refill.
    pub refill_rate: u64,
    /// Seconds between refills.
    pub refill_duration_seconds: u64,
}

impl TokenBucket {
    /// The bucket an error body describes, if it is a token-bucket 429 with all five figures
    /// (numbers, or numbers written as strings).
    pub fn from_error(error_code: Option<&str>, parameters: &[Value]) -> Option<TokenBucket> {
        if error_code != Some(TOKEN_BUCKET_CODE) {
            return None;
        }
        let number = |i: usize| {
            let v = parameters.get(i)?;
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        };
        Some(TokenBucket {
            path: parameters.first()?.as_str()?.chars().take(200).collect(),
            retry_after_seconds: number(1)?,
            capacity: number(2)?,
            refill_rate: number(3)?,
            refill_duration_seconds: number(4).filter(|s| *s > 0)?,
        })
    }
}

/// Which bucket a request draws from: its endpoint set, and the project or organization it
/// names (Atlas keeps one bucket per set and scope).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct BucketKey {
    set: String,
    scope: String,
}

/// A session's count of one bucket, from what Atlas said about it.
#[derive(Debug, Clone)]
struct Bucket {
    capacity: u64,
    refill_rate: u64,
    refill_every: Duration,
    /// Requests left, as far as this session knows.
    left: u64,
    /// When the next refill comes.
    next_refill: SystemTime,
}

impl Bucket {
    /// Adds the refills that came by `now`.
    fn refill(&mut self, now: SystemTime) {
        let Ok(late) = now.duration_since(self.next_refill) else {
            return;
        };
        let every = self.refill_every.as_nanos().max(1);
        let refills = (late.as_nanos() / every).saturating_add(1);
        let added = self
            .refill_rate
            .saturating_mul(refills.min(u64::MAX as u128) as u64);
        self.left = self.left.saturating_add(added).min(self.capacity);
        let ahead = self
            .refill_every
            .checked_mul(refills.min(u32::MAX as u128) as u32);
        // A refill beyond what the clock can hold never comes; the bucket stays as it is.
        self.next_refill = ahead
            .and_then(|d| self.next_refill.checked_add(d))
            .unwrap_or(self.next_refill);
    }
}

/// What a session knows of the buckets its calls draw from, shared by those calls.
#[derive(Debug, Default)]
pub(crate) struct RateLimits {
    /// The endpoint set each operation was found in (from its 429s).
    sets: HashMap<&'static str, String>,
    buckets: HashMap<BucketKey, Bucket>,
}

impl RateLimits {
    fn key(&self, operation: &str, path: &str) -> Option<BucketKey> {
        Some(BucketKey {
            set: self.sets.get(operation)?.clone(),
            scope: scope_of(path).to_owned(),
        })
    }

    /// How long a request to `operation` at `path` must wait for its bucket to refill; `None`
    /// when it may go now (or nothing is known of its bucket).
    pub fn wait_before(
        &mut self,
        operation: &str,
        path: &str,
        now: SystemTime,
    ) -> Option<(Duration, String)> {
        let key = self.key(operation, path)?;
        let bucket = self.buckets.get_mut(&key)?;
        bucket.refill(now);
        if bucket.left > 0 {
            return None;
        }
        let wait = bucket.next_refill.duration_since(now).ok()?;
        Some((wait, key.set))
    }

    /// Learns from a reply to `operation` at `path`, to a request sent at `sent_at`: a
    /// token-bucket 429 teaches the bucket; any other reply spends one request from it, unless
    /// `RateLimit-Remaining` says how many are left.
    pub fn observe(
        &mut self,
        operation: &'static str,
        path: &str,
        sent_at: SystemTime,
        remaining: Option<u64>,
        bucket: Option<&TokenBucket>,
    ) {
        if let Some(b) = bucket {
            self.sets.insert(operation, b.path.clone());
            let key = BucketKey {
                set: b.path.clone(),
                scope: scope_of(path).to_owned(),
            };
            let next_refill = sent_at
                .checked_add(Duration::from_secs(b.retry_after_seconds))
                .unwrap_or(sent_at);
            self.buckets.insert(
                key,
                Bucket {
                    capacity: b.capacity,
                    refill_rate: b.refill_rate,
                    refill_every: Duration::from_secs(b.refill_duration_seconds),
                    left: 0,
                    next_refill,
                },
            );
            return;
        }
        let Some(key) = self.key(operation, path) else {
            return;
        };
        if let Some(bucket) = self.buckets.get_mut(&key) {
            bucket.refill(sent_at);
            bucket.left = match remaining {
                Some(left) => left.min(bucket.capacity),
                None => bucket.left.saturating_sub(1),
            };
        }
    }
}

/// The scope of a request's bucket: the project or organization its path names (`""` for
/// neither: the user or the caller's address).
fn scope_of(path: &str) -> &str {
    let mut segments = path.split('/');
    while let Some(segment) = segments.next() {
        if segment == "groups" || segment == "orgs" {
            return segments.next().unwrap_or("");
        }
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const T0: SystemTime = SystemTime::UNIX_EPOCH;

    fn at(secs: u64) -> SystemTime {
        T0 + Duration::from_secs(secs)
    }

    fn bucket(retry_after: u64) -> TokenBucket {
        let params = [
            json!("api/atlas/v2/orgs"),
            json!(retry_after),
            json!(10),
            json!(5),
            json!(60),
        ];
        TokenBucket::from_error(Some(TOKEN_BUCKET_CODE), &params).unwrap()
    }

    #[test]
    fn a_bucket_is_read_from_atlas_parameters_only() {
        let b = bucket(55);
        assert_eq!(
            (b.path.as_str(), b.retry_after_seconds, b.capacity),
            ("api/atlas/v2/orgs", 55, 10)
        );
        assert_eq!((b.refill_rate, b.refill_duration_seconds), (5, 60));
        let strings = [json!("p"), json!("7"), json!("10"), json!("5"), json!("60")];
        assert_eq!(
            TokenBucket::from_error(Some(TOKEN_BUCKET_CODE), &strings)
                .unwrap()
                .retry_after_seconds,
            7
        );
        assert!(TokenBucket::from_error(Some("RATE_LIMITED"), &strings).is_none());
        assert!(TokenBucket::from_error(Some(TOKEN_BUCKET_CODE), &strings[..4]).is_none());
        let never_refills = [json!("p"), json!(1), json!(1), json!(1), json!(0)];
        assert!(TokenBucket::from_error(Some(TOKEN_BUCKET_CODE), &never_refills).is_none());
        assert!(TokenBucket::from_error(Some(TOKEN_BUCKET_CODE), &vec![json!(-1); 5]).is_none());
    }

    #[test]
    fn a_learnt_bucket_is_counted_down_and_refilled_per_scope() {
        let mut limits = RateLimits::default();
        let path = "/api/atlas/v2/orgs/o1/teams";
        assert_eq!(limits.wait_before("listTeams", path, T0), None);
        limits.observe("listTeams", path, T0, None, Some(&bucket(30)));
        let (wait, set) = limits.wait_before("listTeams", path, at(10)).unwrap();
        assert_eq!(
            (wait, set.as_str()),
            (Duration::from_secs(20), "api/atlas/v2/orgs")
        );
        // Another organization draws from its own bucket.
        assert_eq!(
            limits.wait_before("listTeams", "/api/atlas/v2/orgs/o2/teams", at(10)),
            None
        );
        for i in 0..5 {
            assert_eq!(
                limits.wait_before("listTeams", path, at(30)),
                None,
                "request {i}"
            );
            limits.observe("listTeams", path, at(30), None, None);
        }
        assert_eq!(
            limits.wait_before("listTeams", path, at(30)).unwrap().0,
            Duration::from_secs(60)
        );
        // The header is believed over the count.
        limits.observe("listTeams", path, at(31), Some(2), None);
        assert_eq!(limits.wait_before("listTeams", path, at(31)), None);
        // Refills never overfill, whatever time passed.
        limits.observe("listTeams", path, at(100_000), None, None);
        assert_eq!(limits.buckets.values().next().unwrap().left, 9);
    }

    #[test]
    fn scopes_are_the_project_or_organization_named() {
        assert_eq!(scope_of("/api/atlas/v2/groups/g1/clusters/c"), "g1");
        assert_eq!(scope_of("/api/atlas/v2/orgs/o1"), "o1");
        assert_eq!(scope_of("/api/atlas/v2/orgs"), "");
        assert_eq!(scope_of("/api/atlas/v2/users/u1"), "");
    }

    #[test]
    fn times_at_the_edge_of_the_clock_do_not_panic() {
        let mut limits = RateLimits::default();
        let huge = TokenBucket {
            retry_after_seconds: u64::MAX,
            refill_duration_seconds: u64::MAX,
            ..bucket(0)
        };
        limits.observe("op", "/x", T0, None, Some(&huge));
        let _ = limits.wait_before("op", "/x", at(u32::MAX as u64));
        limits.observe("op", "/x", at(u32::MAX as u64), Some(u64::MAX), None);
    }
}
