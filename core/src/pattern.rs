//! The spec's regular expressions, compiled once each on first use.

use crate::generated::{PATTERNS, PATTERN_COUNT};
use std::sync::OnceLock;

enum Compiled {
    /// `^([a-f0-9]{N})$` and its case variants: the ids that are nearly every path parameter,
    /// checked without a regex engine (the WebAssembly build's small engine takes microseconds).
    HexId {
        len: usize,
        upper: bool,
        lower: bool,
    },
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
/// The hex-id shape of a pattern, if it has exactly that shape.
fn hex_id(source: &str) -> Option<Compiled> {
    let inner = source.strip_prefix('^')?.strip_suffix('$')?;
    let inner = inner
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(inner);
    let (class, count) = inner.strip_suffix('}')?.split_once("]{")?;
    let (upper, lower) = match class {
        "[a-f0-9" | "[0-9a-f" => (false, true),
        "[a-fA-F0-9" | "[0-9a-fA-F" => (true, true),
        _ => return None,
    };
    let len = count.parse().ok().filter(|n| *n > 0)?;
    Some(Compiled::HexId { len, upper, lower })
}

pub fn matches(index: u16, value: &str) -> bool {
    let compiled = COMPILED[usize::from(index)]
        .get_or_init(|| hex_id(source(index)).unwrap_or_else(|| compile(source(index))));
    match compiled {
        Compiled::HexId { len, upper, lower } => {
            value.len() == *len
                && value.bytes().all(|b| {
                    b.is_ascii_digit()
                        || (*lower && (b'a'..=b'f').contains(&b))
                        || (*upper && (b'A'..=b'F').contains(&b))
                })
        }
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

    #[test]
    fn hex_ids_are_checked_as_the_regex_would() {
        for source in ["^([a-f0-9]{24})$", "^[a-fA-F0-9]{24}$", "^([0-9a-f]){40}$"] {
            let fast = hex_id(source);
            if source.contains("){") {
                // A repeated group is not the plain shape: left to the engine.
                assert!(fast.is_none(), "{source}");
                continue;
            }
            let Some(Compiled::HexId { len, upper, lower }) = fast else {
                panic!("{source} not recognised")
            };
            assert_eq!((len, upper, lower), (24, source.contains("A-F"), true));
        }
        let id = PATTERNS
            .iter()
            .position(|p| *p == "^([a-f0-9]{24})$")
            .unwrap() as u16;
        assert!(matches(id, "32b6e34b3d91647abb20e7b8"));
        for bad in [
            "32B6E34B3D91647ABB20E7B8",
            "32b6e34b3d91647abb20e7b",
            "32b6e34b3d91647abb20e7b8 ",
            "g2b6e34b3d91647abb20e7b8",
            "",
        ] {
            assert!(!matches(id, bad), "{bad:?}");
        }
    }

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
