//! Checks of the string formats the spec names (`date-time`, `date`, `email`).

/// Whether `s` is acceptable for `format`; formats the core does not know always pass.
pub(crate) fn format_ok(format: &str, s: &str) -> bool {
    match format {
        "date-time" => is_date_time(s),
        "date" => is_date(s),
        "email" => is_email(s),
        _ => true,
    }
}

/// RFC 3339 `full-date`.
pub(crate) fn is_date(s: &str) -> bool {
    crate::config::is_version_date(s)
}

/// RFC 3339 `date-time`: `2024-01-31T12:00:00Z`, with optional fraction and offset.
pub(crate) fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || !s.get(..10).is_some_and(is_date) || !matches!(b[10], b'T' | b't') {
        return false;
    }
    let two = |i: usize, max: u8| {
        b.get(i..i + 2).is_some_and(|d| {
            d.iter().all(u8::is_ascii_digit) && (d[0] - b'0') * 10 + (d[1] - b'0') <= max
        })
    };
    if !(two(11, 23) && b[13] == b':' && two(14, 59) && b[16] == b':' && two(17, 60)) {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', rest @ ..] if rest.len() == 5 => {
            two(i + 1, 23) && rest[2] == b':' && two(i + 4, 59)
        }
        _ => false,
    }
}

fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times() {
        assert!(is_date_time("2024-01-31T12:00:00Z"));
        assert!(is_date_time("2024-01-31T12:00:00.123+05:30"));
        assert!(!is_date_time("2024-01-31 12:00:00Z"));
        assert!(!is_date_time("2024-13-31T12:00:00Z"));
        assert!(!is_date_time("2024-01-31T25:00:00Z"));
        assert!(!is_date_time("2024-01-31T12:00:00"));
        assert!(!is_date_time("2024-01-31T12:00:00.Z"));
    }

    #[test]
    fn emails() {
        assert!(is_email("a@example.com"));
        assert!(!is_email("a example.com"));
        assert!(!is_email("@example.com"));
    }
}
