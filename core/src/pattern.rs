//! The spec's regular expressions, compiled once each on first use.

use crate::generated::{PATTERNS, PATTERN_COUNT};
use regex::Regex;
use std::sync::OnceLock;

static COMPILED: [OnceLock<Option<Regex>>; PATTERN_COUNT] =
    [const { OnceLock::new() }; PATTERN_COUNT];

/// The source text of pattern `index`.
pub fn source(index: u16) -> &'static str {
    PATTERNS[usize::from(index)]
}

/// Whether `value` matches pattern `index` (OpenAPI patterns are unanchored searches).
/// A pattern our engine cannot compile (look-around) is not enforced: the server still is.
pub fn matches(index: u16, value: &str) -> bool {
    let compiled = COMPILED[usize::from(index)].get_or_init(|| Regex::new(source(index)).ok());
    match compiled {
        Some(re) => re.is_match(value),
        None => true,
    }
}

/// Indices of patterns the engine cannot compile, for reporting.
pub fn unsupported() -> Vec<u16> {
    (0..PATTERN_COUNT as u16)
        .filter(|i| Regex::new(source(*i)).is_err())
        .collect()
}
