//! The spec's regular expressions, compiled once each on first use.

use crate::generated::{PATTERNS, PATTERN_COUNT};
use std::sync::OnceLock;

enum Compiled {
    /// The linear-time engine, for every pattern it can read.
    Plain(regex::Regex),
    /// Look-around (one IPv4 pattern in the spec) needs a backtracking engine.
    Backtracking(fancy_regex::Regex),
    /// Neither engine reads it: not enforced by the core (the server still is).
    Unsupported,
}

static COMPILED: [OnceLock<Compiled>; PATTERN_COUNT] = [const { OnceLock::new() }; PATTERN_COUNT];

fn compile(source: &str) -> Compiled {
    if let Ok(re) = regex::Regex::new(source) {
        return Compiled::Plain(re);
    }
    match fancy_regex::Regex::new(source) {
        Ok(re) => Compiled::Backtracking(re),
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
        Compiled::Plain(re) => re.is_match(value),
        // A value that exhausts the backtracking budget is let through rather than refused.
        Compiled::Backtracking(re) => re.is_match(value).unwrap_or(true),
        Compiled::Unsupported => true,
    }
}

/// Indices of patterns neither engine can compile, for reporting.
pub fn unsupported() -> Vec<u16> {
    (0..PATTERN_COUNT as u16)
        .filter(|i| matches!(compile(source(*i)), Compiled::Unsupported))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_of_the_spec_compiles() {
        assert_eq!(unsupported(), Vec::<u16>::new());
    }

    #[test]
    fn look_around_pattern_is_enforced() {
        let i = (0..PATTERN_COUNT as u16)
            .find(|i| source(*i).contains("(?!$)"))
            .expect("the IPv4 pattern");
        assert!(matches(i, "192.0.2.1"));
        assert!(!matches(i, "example-ipaddress"));
    }
}
