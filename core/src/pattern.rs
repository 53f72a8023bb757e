//! The spec's regular expressions, compiled once each on first use.

use crate::generated::{PATTERNS, PATTERN_COUNT};
use std::sync::OnceLock;

enum Compiled {
    /// The linear-time engine, for every pattern it can read.
    #[cfg(feature = "full-regex")]
    Plain(regex::Regex),
    /// Look-around (one IPv4 pattern in the spec) needs a backtracking engine.
    #[cfg(feature = "full-regex")]
    Backtracking(fancy_regex::Regex),
    /// The small engine of size-bound builds (no Unicode classes, no look-around).
    #[cfg(not(feature = "full-regex"))]
    Lite(regex_lite::Regex),
    /// No engine of this build reads it: not enforced by the core (the server still is).
    Unsupported,
}

static COMPILED: [OnceLock<Compiled>; PATTERN_COUNT] = [const { OnceLock::new() }; PATTERN_COUNT];

#[cfg(feature = "full-regex")]
fn compile(source: &str) -> Compiled {
    if let Ok(re) = regex::Regex::new(source) {
        return Compiled::Plain(re);
    }
    match fancy_regex::Regex::new(source) {
        Ok(re) => Compiled::Backtracking(re),
        Err(_) => Compiled::Unsupported,
    }
}

#[cfg(not(feature = "full-regex"))]
fn compile(source: &str) -> Compiled {
    match regex_lite::Regex::new(source) {
        Ok(re) => Compiled::Lite(re),
        Err(_) => Compiled::Unsupported,
    }
}

/// The source text of pattern `index`.
pub fn source(index: u16) -> &'static str {
    PATTERNS[usize::from(index)]
}

/// Whether `value` matches pattern `index` (OpenAPI patterns are unanchored searches).
pub fn matches(index: u16, value: &str) -> bool {
    match COMPILED[usize::from(index)].get_or_init(|| compile(source(index))) {
        #[cfg(feature = "full-regex")]
        Compiled::Plain(re) => re.is_match(value),
        // A value that exhausts the backtracking budget is let through rather than refused.
        #[cfg(feature = "full-regex")]
        Compiled::Backtracking(re) => re.is_match(value).unwrap_or(true),
        #[cfg(not(feature = "full-regex"))]
        Compiled::Lite(re) => re.is_match(value),
        Compiled::Unsupported => true,
    }
}

/// Indices of patterns this build cannot compile, for reporting.
pub fn unsupported() -> Vec<u16> {
    (0..PATTERN_COUNT as u16)
        .filter(|i| matches!(compile(source(*i)), Compiled::Unsupported))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "full-regex")]
    #[test]
    fn every_pattern_of_the_spec_compiles() {
        assert_eq!(unsupported(), Vec::<u16>::new());
    }

    #[cfg(not(feature = "full-regex"))]
    #[test]
    fn the_small_engine_leaves_only_unicode_and_look_around_patterns() {
        let left = unsupported();
        assert!(left.len() <= 3, "{left:?}");
        for i in left {
            let s = source(i);
            assert!(s.contains("\\p{") || s.contains("(?!"), "{s}");
        }
    }

    #[cfg(feature = "full-regex")]
    #[test]
    fn look_around_pattern_is_enforced() {
        let i = (0..PATTERN_COUNT as u16)
            .find(|i| source(*i).contains("(?!$)"))
            .expect("the IPv4 pattern");
        assert!(matches(i, "192.0.2.1"));
        assert!(!matches(i, "example-ipaddress"));
    }

    #[test]
    fn ids_are_checked_in_every_build() {
        let i = (0..PATTERN_COUNT as u16)
            .find(|i| source(*i) == "^([a-f0-9]{24})$")
            .unwrap();
        assert!(matches(i, "32b6e34b3d91647abb20e7b8"));
        assert!(!matches(i, "../x"));
    }
}
