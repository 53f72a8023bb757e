//! When to try a request again and how long to wait first.

use crate::api_error::RetryAfter;
use std::time::{Duration, SystemTime};

/// Bounded retries with exponential back-off. The host supplies the randomness for jitter.
/// Durations are seconds when serialized.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// The back-off before the first retry; doubled for each later one.
    #[serde(with = "crate::seconds")]
    pub base_delay: Duration,
    /// No back-off (Retry-After aside) is longer than this.
    #[serde(with = "crate::seconds")]
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is not waited for: the error is returned with it, so
    /// the caller decides.
    #[serde(with = "crate::seconds")]
    pub max_retry_after: Duration,
    /// Also retry POST and PATCH on 500/502/504 and transport errors. Off by default: such a
    /// request may have been carried out before the failure.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(300),
            retry_non_idempotent: false,
        }
    }
}

/// The first step of Atlas's advice for 429s: wait 10 s before the first retry, 20 s before
/// the second, 40 s before the third...
pub const RATE_LIMIT_BACKOFF: Duration = Duration::from_secs(10);

/// The wait after the `throttled`-th 429 in a row, given what Atlas asked for (`Retry-After`,
/// or a token bucket's `retryAfterSeconds`). Atlas's advice: wait at least that long, and
/// markedly longer when the retry is refused again. The first wait is exactly what was asked
/// (a bucket's figure is when it refills), or 10 s when nothing was; each repeat is at least
/// 10 s doubled once more.
pub fn rate_limited_wait(throttled: u32, asked: Option<Duration>) -> Duration {
    let floor = match (throttled, asked) {
        (0 | 1, Some(_)) => Duration::ZERO,
        _ => RATE_LIMIT_BACKOFF.saturating_mul(1 << throttled.saturating_sub(1).min(16)),
    };
    asked.unwrap_or_default().max(floor)
}

/// How a failure may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retryable {
    /// The server did not act on the request (429, 503): any method.
    NotProcessed,
    /// The request may have been carried out (500, 502, 504, transport): idempotent only.
    MaybeProcessed,
    Never,
}

pub(crate) fn classify(status: u16) -> Retryable {
    match status {
        429 | 503 => Retryable::NotProcessed,
        500 | 502 | 504 => Retryable::MaybeProcessed,
        _ => Retryable::Never,
    }
}

/// What went wrong with one attempt, as far as retrying goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The server answered with this status.
    Status(u16),
    /// No answer: refused, reset, timed out.
    Transport,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait, then send again.
    Retry,
    /// It was worth retrying, but attempts ran out or the server asked for too long a wait.
    GiveUp,
    /// Not a failure a retry can fix (a 404), or not safe to repeat (a POST the server may have
    /// carried out): report it as it is.
    Final,
}

impl RetryPolicy {
    /// Whether to send again after `failure` on attempt number `attempts`. `idempotent` says
    /// whether the request may be repeated when the server may have acted on it.
    pub(crate) fn decide(
        &self,
        failure: Failure,
        idempotent: bool,
        attempts: u32,
        retry_after: Option<RetryAfter>,
    ) -> Decision {
        let retryable = match failure {
            Failure::Status(status) => match classify(status) {
                Retryable::NotProcessed => true,
                Retryable::MaybeProcessed => idempotent,
                Retryable::Never => false,
            },
            Failure::Transport => idempotent,
        };
        // A date is judged when the wait starts (`wait`), against the host's clock.
        let too_long =
            matches!(retry_after, Some(RetryAfter::Delay(d)) if d > self.max_retry_after);
        match (retryable, attempts < self.max_attempts && !too_long) {
            (false, _) => Decision::Final,
            (true, true) => Decision::Retry,
            (true, false) => Decision::GiveUp,
        }
    }

    /// How long to wait before retry number `retry`: what the server asked for, else back-off.
    /// After `throttled` 429s in a row, Atlas's advice instead: at least what it asked for,
    /// and longer on each repeat ([`rate_limited_wait`]).
    pub(crate) fn wait(
        &self,
        retry: u32,
        retry_after: Option<RetryAfter>,
        now: SystemTime,
        random: u64,
        throttled: u32,
    ) -> Duration {
        let asked = retry_after.map(|ra| ra.delay_from(now));
        match (throttled, asked) {
            (1.., _) => rate_limited_wait(throttled, asked),
            (0, Some(asked)) => asked,
            (0, None) => self.backoff(retry, random),
        }
    }

    pub fn no_retries() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The wait before retry number `retry` (1 for the first retry): half of the capped
    /// exponential delay plus a random part of the other half ("equal jitter"), so waits
    /// spread out yet never collapse to zero.
    pub fn backoff(&self, retry: u32, random: u64) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << retry.saturating_sub(1).min(20))
            .min(self.max_delay);
        let half = exp / 2;
        let span = (exp - half).as_millis() as u64;
        let jitter = if span == 0 { 0 } else { random % (span + 1) };
        half + Duration::from_millis(jitter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(1, 0), Duration::from_millis(250));
        assert_eq!(
            p.backoff(1, u64::MAX),
            Duration::from_millis(250 + (u64::MAX % 251))
        );
        assert_eq!(p.backoff(2, 0), Duration::from_millis(500));
        assert_eq!(p.backoff(3, 0), Duration::from_millis(1000));
        for r in [0, 7, u64::MAX] {
            assert!(p.backoff(40, r) <= p.max_delay);
            assert!(p.backoff(40, r) >= p.max_delay / 2);
        }
    }

    #[test]
    fn classes() {
        assert_eq!(classify(429), Retryable::NotProcessed);
        assert_eq!(classify(503), Retryable::NotProcessed);
        assert_eq!(classify(502), Retryable::MaybeProcessed);
        assert_eq!(classify(400), Retryable::Never);
        assert_eq!(classify(501), Retryable::Never);
    }

    #[test]
    fn decisions() {
        let p = RetryPolicy::default();
        let d = |f, idem, n, ra| p.decide(f, idem, n, ra);
        assert_eq!(d(Failure::Status(503), false, 1, None), Decision::Retry);
        assert_eq!(d(Failure::Status(502), false, 1, None), Decision::Final);
        assert_eq!(d(Failure::Status(502), true, 1, None), Decision::Retry);
        assert_eq!(d(Failure::Status(404), true, 1, None), Decision::Final);
        assert_eq!(d(Failure::Transport, false, 1, None), Decision::Final);
        assert_eq!(d(Failure::Transport, true, 4, None), Decision::GiveUp);
        let long = Some(RetryAfter::Delay(Duration::from_secs(301)));
        assert_eq!(d(Failure::Status(429), true, 1, long), Decision::GiveUp);
    }

    #[test]
    fn rate_limits_wait_as_atlas_advises() {
        let secs = Duration::from_secs;
        assert_eq!(rate_limited_wait(1, Some(secs(7))), secs(7));
        assert_eq!(rate_limited_wait(1, None), secs(10));
        assert_eq!(rate_limited_wait(2, Some(secs(7))), secs(20));
        assert_eq!(rate_limited_wait(3, None), secs(40));
        assert_eq!(rate_limited_wait(2, Some(secs(55))), secs(55));
        assert!(rate_limited_wait(u32::MAX, None) >= secs(40));
        let p = RetryPolicy::default();
        let now = SystemTime::UNIX_EPOCH;
        let ra = Some(RetryAfter::Delay(secs(3)));
        assert_eq!(
            p.wait(2, ra, now, 0, 0),
            secs(3),
            "a 503's Retry-After is taken as it is"
        );
        assert_eq!(p.wait(2, ra, now, 0, 2), secs(20));
    }
}
