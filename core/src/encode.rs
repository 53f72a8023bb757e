//! Percent-encoding of path segments and query components.
//!
//! Only RFC 3986 unreserved characters and `:` / `@` (which `processId` and email usernames
//! carry, and which cannot end a segment) stay as they are; everything else is encoded, so no
//! value can add a segment, a query, a fragment or a header line.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'@');

const QUERY_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':');

/// One path segment: `CN=a,OU=b` → `CN%3Da%2COU%3Db`, `a/b` → `a%2Fb`.
pub fn path_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// A query key or value: `2024-01-01T00:00:00+01:00` → `2024-01-01T00:00:00%2B01:00`.
pub fn query_component(value: &str) -> String {
    utf8_percent_encode(value, QUERY_COMPONENT).to_string()
}

/// [`path_segment`] appended to `out`: no string of its own, no formatting machinery (a URL
/// is built on every request).
pub(crate) fn push_path_segment(out: &mut String, value: &str) {
    out.extend(utf8_percent_encode(value, SEGMENT));
}

/// [`query_component`] appended to `out`.
pub(crate) fn push_query_component(out: &mut String, value: &str) {
    out.extend(utf8_percent_encode(value, QUERY_COMPONENT));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cannot_escape() {
        assert_eq!(
            path_segment("host.example.com:27017"),
            "host.example.com:27017"
        );
        assert_eq!(path_segment("../x"), "..%2Fx");
        assert_eq!(path_segment("a?b#c%d"), "a%3Fb%23c%25d");
        assert_eq!(path_segment("a\r\nb\0"), "a%0D%0Ab%00");
        assert_eq!(path_segment("my db"), "my%20db");
        assert_eq!(path_segment("é"), "%C3%A9");
        assert_eq!(path_segment("CN=a,OU=b"), "CN%3Da%2COU%3Db");
    }

    #[test]
    fn query_components() {
        assert_eq!(query_component("a+b&c=d"), "a%2Bb%26c%3Dd");
    }

    #[test]
    fn appending_encodes_the_same() {
        for value in ["a+b&c=d", "CN=a,OU=b", "é/x", "plain"] {
            let (mut segment, mut query) = (String::from("/"), String::from("?"));
            push_path_segment(&mut segment, value);
            push_query_component(&mut query, value);
            assert_eq!(segment, format!("/{}", path_segment(value)));
            assert_eq!(query, format!("?{}", query_component(value)));
        }
    }
}
