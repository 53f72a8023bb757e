//! A small non-cryptographic random source for the core's `random` input (Digest cnonce and
//! back-off jitter). The core has no RNG by design; the host seeds this one.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// SplitMix64 over an atomic counter: lock-free, so concurrent calls never wait on it, and two
/// calls never draw the same value.
#[derive(Debug)]
pub(crate) struct Rng(AtomicU64);

impl Rng {
    /// Seeded by the host when it gives a seed (from `SecureRandom` / `SystemRandomNumberGenerator`);
    /// otherwise from the clock and this object's address, which is enough for unique cnonces.
    pub(crate) fn new(seed: Option<u64>) -> Rng {
        let rng = Rng(AtomicU64::new(0));
        let seed = seed.unwrap_or_else(|| {
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0);
            nanos ^ (&rng as *const Rng as u64).rotate_left(32)
        });
        rng.0.store(seed, Ordering::Relaxed);
        rng
    }

    pub(crate) fn next(&self) -> u64 {
        let state = self
            .0
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_is_repeatable_and_varied() {
        let (a, b) = (Rng::new(Some(7)), Rng::new(Some(7)));
        let xs: Vec<u64> = (0..4).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..4).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
        assert!(xs.windows(2).all(|w| w[0] != w[1]));
    }
}
