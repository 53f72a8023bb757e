//! Rules about the spec's versions and content types, written once for the core and for codegen.
//!
//! Codegen compiles this very file (`#[path]`), so the version the typed layer of every language
//! is generated for is the version the core chooses at run time. It therefore depends on nothing
//! but `std`.

/// A stable version is a plain date (`2024-08-05`); `preview` and `2025-09-22.upcoming` are not.
pub fn is_stable(version: &str) -> bool {
    version.len() == 10 && version.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

/// The format a content type names, when it names one: `json`, `csv`, `gzip` or `yaml`.
/// Parameters (`; charset=utf-8`) and case do not matter; `text/*` reads as text (`csv`) and
/// `application/octet-stream` as bytes (`gzip`).
pub fn format_of(content_type: &str) -> Option<&'static str> {
    let ct = content_type.split(';').next().unwrap_or_default().trim();
    let ends = |suffix: &str| {
        ct.len() >= suffix.len() && ct[ct.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    let starts = |prefix: &str| {
        ct.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    if ends("json") {
        Some("json")
    } else if ends("+csv") || ends("text/csv") {
        Some("csv")
    } else if ends("yaml") || ends("+yml") {
        Some("yaml")
    } else if ends("gzip") || ends("application/octet-stream") {
        Some("gzip")
    } else if starts("text/") {
        Some("csv")
    } else {
        None
    }
}

/// The version and format a content type of the spec names: `application/vnd.atlas.2024-08-05+csv`
/// is (`2024-08-05`, `csv`); a type the spec does not version is (`unversioned`, its format).
pub fn split_content_type(content_type: &str) -> (&str, &'static str) {
    let version = content_type
        .trim()
        .strip_prefix("application/vnd.atlas.")
        .and_then(|rest| rest.split(['+', ';']).next())
        .filter(|v| !v.is_empty())
        .unwrap_or("unversioned");
    (version, format_of(content_type).unwrap_or("json"))
}

/// Whether a version's announced sunset date is on or before `today` (both `YYYY-MM-DD`, which
/// compare as text).
pub fn is_past_sunset(sunset: Option<&str>, today: &str) -> bool {
    sunset.is_some_and(|s| s <= today)
}

/// The index of the newest stable version not after `pin`, preferring versions not past their
/// sunset on `today`: Atlas announces a sunset once a newer version exists, so a pin or a
/// default should not land on a version Atlas has stopped serving when another one is there.
/// `parts` reads a version's `(name, sunset)`.
pub fn newest_stable<'a, T>(
    versions: &'a [T],
    parts: impl Fn(&'a T) -> (&'a str, Option<&'a str>),
    pin: Option<&str>,
    today: &str,
) -> Option<usize> {
    let mut best: Option<(bool, &str, usize)> = None;
    for (i, v) in versions.iter().enumerate() {
        let (name, sunset) = parts(v);
        if !is_stable(name) || pin.is_some_and(|p| name > p) {
            continue;
        }
        // Served (not past its sunset) beats newer.
        let key = (!is_past_sunset(sunset, today), name, i);
        if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
            best = Some(key);
        }
    }
    best.map(|(_, _, i)| i)
}

/// The version a call uses when it names none and no pin is set: the newest stable version
/// (see [`newest_stable`]); for an operation Atlas serves only as a preview, `preview`.
pub fn default_version<'a, T>(
    versions: &'a [T],
    parts: impl Fn(&'a T) -> (&'a str, Option<&'a str>),
    today: &str,
) -> Option<usize> {
    newest_stable(versions, &parts, None, today)
        .or_else(|| versions.iter().position(|v| parts(v).0 == "preview"))
        .or_else(|| versions.len().checked_sub(1))
}

/// `listGroupClusters` -> `list_group_clusters`: the snake_case form every operation also
/// answers to, and the Python method names. An underscore goes before each capital that follows
/// a lower-case letter or a digit, so `getX509Certificates` -> `get_x509_certificates` and
/// `listAPIKeys` -> `list_apikeys`, as the first release's Python names were made; other
/// characters become one underscore.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    let mut prev: Option<char> = None;
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            if ch.is_ascii_uppercase()
                && prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
            {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        prev = Some(ch);
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// The documentation page of an operation as the spec's `x-xgen-docs-url` gives it for every
/// operation so far: the tag (spaces as `-`) and the operationId under the API reference.
/// The table stores a URL only where it differs from this.
pub fn standard_docs_url(tag: &str, id: &str) -> String {
    format!(
        "https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/{}/operation/{id}",
        tag.replace(' ', "-")
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn snake() {
        assert_eq!(
            super::snake_case("listGroupClusters"),
            "list_group_clusters"
        );
        assert_eq!(
            super::snake_case("getX509Certificates"),
            "get_x509_certificates"
        );
        assert_eq!(super::snake_case("listAPIKeys"), "list_apikeys");
        assert_eq!(super::snake_case("Atlas Search"), "atlas_search");
        assert_eq!(
            super::snake_case("X.509 Authentication"),
            "x_509_authentication"
        );
    }

    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(
            split_content_type("application/vnd.atlas.2024-08-05+json"),
            ("2024-08-05", "json")
        );
        assert_eq!(
            split_content_type("application/vnd.atlas.2023-01-01+csv; charset=utf-8"),
            ("2023-01-01", "csv")
        );
        assert_eq!(
            split_content_type("application/vnd.atlas.preview+gzip"),
            ("preview", "gzip")
        );
        assert_eq!(
            split_content_type("application/json"),
            ("unversioned", "json")
        );
        assert_eq!(split_content_type("text/csv"), ("unversioned", "csv"));
    }

    #[test]
    fn default_skips_a_version_past_its_sunset() {
        let v = [
            ("2023-01-01", Some("2026-03-01")),
            ("2024-05-30", Some("2026-01-01")),
            ("preview", None),
        ];
        let default_version =
            |v: &[(&'static str, Option<&'static str>)], today| default_version(v, |x| *x, today);
        let newest_stable = |v: &[(&'static str, Option<&'static str>)], pin, today| {
            newest_stable(v, |x| *x, pin, today)
        };
        // Both stable versions are announced; the later sunset is not reached yet.
        assert_eq!(default_version(&v, "2025-12-31"), Some(1));
        assert_eq!(default_version(&v, "2026-02-01"), Some(0));
        // All past their sunset: the newest still, rather than nothing.
        assert_eq!(default_version(&v, "2027-01-01"), Some(1));
        assert_eq!(newest_stable(&v, Some("2023-06-01"), "2025-01-01"), Some(0));
        assert_eq!(newest_stable(&v, Some("2022-01-01"), "2025-01-01"), None);
    }

    #[test]
    fn preview_only_and_upcoming() {
        let v: [(&str, Option<&str>); 2] = [("2025-09-22.upcoming", None), ("preview", None)];
        assert_eq!(default_version(&v, |x| *x, "2026-01-01"), Some(1));
        assert!(!is_stable("2025-09-22.upcoming"));
    }
}
