//! Client-wide settings and per-call overrides.

use crate::build_error::BuildError;
use crate::retry::RetryPolicy;
use crate::spec::Format;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;

pub const DEFAULT_BASE_URL: &str = "https://cloud.mongodb.com";

/// Client-wide settings. `Config::default()` talks to `https://cloud.mongodb.com` with each
/// operation's newest stable version.
///
/// This is the binding contract: every binding takes these fields, under these names
/// (camelCase in JSON, snake_case in Python), and nothing else. Durations are seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    /// Scheme and host, optionally a path prefix; no query or fragment.
    pub base_url: String,
    pub user_agent: String,
    /// A date `YYYY-MM-DD`: each operation uses its newest stable version not after it.
    pub version_pin: Option<String>,
    /// Also reject enum values the spec does not list and unknown body fields. Off by default so
    /// that a value Atlas added after this spec still goes through.
    pub strict: bool,
    /// Retries and back-off for every call.
    pub retry: RetryPolicy,
    /// How long one HTTP exchange may take, for the host's transport to enforce (the core
    /// has no clock of its own); `None` leaves it to the transport.
    #[serde(with = "crate::seconds::option")]
    pub timeout: Option<Duration>,
    /// Headers added to every request (a tracing id, a proxy's key). The core's own
    /// (`Authorization`, `Accept`, `Content-Type`, `Host`...) cannot be replaced this way.
    pub headers: BTreeMap<String, String>,
    /// The organization of calls that name none (`orgId` left out), as the Atlas CLI's
    /// `MONGODB_ATLAS_ORG_ID` does.
    pub default_org_id: Option<String>,
    /// The project of calls that name none (`groupId` left out), as the Atlas CLI's
    /// `MONGODB_ATLAS_PROJECT_ID` does.
    pub default_group_id: Option<String>,
    /// The host parses JSON itself (`JSON.parse`, `json.loads`): a call's JSON success comes
    /// back as [`crate::Parsed::JsonText`] instead of a tree the host would convert again. Set
    /// by bindings, not by their users, so it is not part of the serialized settings.
    #[serde(skip)]
    pub host_parses_json: bool,
    /// With `host_parses_json`, the host's parser checks what it reads (`json.loads` does), so
    /// the core hands over a JSON success without its own pass over the bytes; the host gives
    /// back to [`crate::Call::reread`] what its parser refuses, and an object with a numeric
    /// [`crate::ENVELOPE_STATUS`] member (see [`crate::classify_unscanned`]). Set by bindings.
    #[serde(skip)]
    pub host_checks_json: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: DEFAULT_BASE_URL.to_owned(),
            user_agent: concat!("atlas-admin-rust/", env!("CARGO_PKG_VERSION")).to_owned(),
            version_pin: None,
            strict: false,
            retry: RetryPolicy::default(),
            timeout: None,
            headers: BTreeMap::new(),
            default_org_id: None,
            default_group_id: None,
            host_parses_json: false,
            host_checks_json: false,
        }
    }
}

/// Settings from a binding's JSON text (empty text: the defaults). A value serde refuses is
/// `InvalidConfig` naming the settings (`what`) and, in serde's words, the field.
pub(crate) fn from_json<T: Default + serde::de::DeserializeOwned>(
    what: &'static str,
    json: &[u8],
) -> Result<T, BuildError> {
    if json.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(json).map_err(|e| {
        // serde names no field when it refuses a value (an unknown `format`): the field refused
        // when read alone is the one to name.
        let fields: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(json).unwrap_or_default();
        let alone = |(k, v): &(String, serde_json::Value)| {
            serde_json::from_value::<T>(serde_json::json!({ k: v })).is_err()
        };
        let problem = match fields.into_iter().find(alone) {
            Some((field, _)) => format!("`{field}` is not valid: {e}"),
            None => format!("is not valid: {e}"),
        };
        BuildError::InvalidConfig {
            field: what,
            problem,
        }
    })
}

impl Config {
    /// A `Config` from its JSON (camelCase, durations in seconds), as bindings send it.
    pub fn from_json(json: &[u8]) -> Result<Config, BuildError> {
        from_json("config", json)
    }

    pub fn with_base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    pub fn with_version_pin(mut self, date: impl Into<String>) -> Self {
        self.version_pin = Some(date.into());
        self
    }

    pub fn with_user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.insert(name.into(), value.into());
        self
    }

    /// The base URL without a trailing slash, after checking it can only name a server.
    pub(crate) fn checked_base_url(&self) -> Result<&str, BuildError> {
        let url = self.base_url.trim_end_matches('/');
        let bad = |problem: &str| BuildError::InvalidConfig {
            field: "base_url",
            problem: problem.to_owned(),
        };
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| bad("must start with https:// or http://"))?;
        if rest.is_empty() || rest.starts_with('/') {
            return Err(bad("has no host"));
        }
        // Bytes, not chars: this runs on every build, and a char search is slow in the
        // size-optimized WebAssembly build.
        let bytes = url.as_bytes();
        if bytes
            .iter()
            .any(|b| b.is_ascii_control() || *b == b' ' || !b.is_ascii())
        {
            return Err(bad("must be printable ASCII without spaces"));
        }
        if bytes.iter().any(|b| matches!(b, b'?' | b'#' | b'@')) {
            return Err(bad("must not hold a query, a fragment or user info"));
        }
        // What a request appends to it is percent-encoded: a base that parses makes every
        // request URL parse, so no build has to find that out.
        http::Uri::try_from(url).map_err(|e| bad(&format!("is not a valid URL: {e}")))?;
        Ok(url)
    }

    pub(crate) fn checked_pin(&self) -> Result<Option<&str>, BuildError> {
        match &self.version_pin {
            None => Ok(None),
            Some(p) if is_version_date(p) => Ok(Some(p)),
            Some(p) => Err(BuildError::InvalidConfig {
                field: "version_pin",
                problem: format!("{p:?} is not a date like 2024-08-05"),
            }),
        }
    }
}

/// What every request takes from a [`Config`], checked and converted once: a session keeps one
/// for all its calls instead of checking the same settings on each build. Each part keeps its
/// own error, so that a build still reports the first problem it meets, in the same order.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    base_url: Result<String, BuildError>,
    user_agent: Result<Option<http::HeaderValue>, BuildError>,
    headers: Result<Vec<(http::HeaderName, http::HeaderValue)>, BuildError>,
    /// `orgId` and `groupId` for calls that leave them out, as parameter values.
    defaults: Vec<(&'static str, serde_json::Value)>,
}

impl Checked {
    pub fn new(config: &Config) -> Checked {
        Checked {
            base_url: config.checked_base_url().map(str::to_owned),
            user_agent: checked_user_agent(&config.user_agent),
            headers: extra_headers("headers", &config.headers),
            defaults: [
                ("orgId", &config.default_org_id),
                ("groupId", &config.default_group_id),
            ]
            .into_iter()
            .filter_map(|(name, id)| Some((name, serde_json::Value::from(id.clone()?))))
            .collect(),
        }
    }

    /// The parameters (`orgId`, `groupId`) the config gives a value for when a call leaves
    /// them out.
    pub fn defaults(&self) -> &[(&'static str, serde_json::Value)] {
        &self.defaults
    }

    /// [`Config::checked_base_url`].
    pub fn base_url(&self) -> Result<&str, BuildError> {
        self.base_url.as_deref().map_err(Clone::clone)
    }

    /// The `User-Agent` value; `None` when the config's is empty (none is sent).
    pub fn user_agent(&self) -> Result<Option<&http::HeaderValue>, BuildError> {
        self.user_agent
            .as_ref()
            .map(Option::as_ref)
            .map_err(Clone::clone)
    }

    /// The config's extra headers, as [`extra_headers`] gives them.
    pub fn headers(&self) -> Result<&[(http::HeaderName, http::HeaderValue)], BuildError> {
        self.headers.as_deref().map_err(Clone::clone)
    }
}

fn checked_user_agent(ua: &str) -> Result<Option<http::HeaderValue>, BuildError> {
    if ua.is_empty() {
        return Ok(None);
    }
    let value = http::HeaderValue::from_str(ua).map_err(|_| BuildError::InvalidConfig {
        field: "user_agent",
        problem: "must be visible ASCII without line breaks".into(),
    })?;
    Ok(Some(value))
}

/// Overrides for one call; each field left out keeps the client's setting.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct CallOptions {
    /// An exact version the operation serves (`2023-01-01`, `preview`); wins over the pin.
    pub version: Option<String>,
    /// The response format to ask for where an operation offers several (`csv` invoices).
    pub format: Option<Format>,
    /// [`Config::strict`] for this call.
    pub strict: Option<bool>,
    /// Headers for this call, after the client's (a name given in both takes this value).
    pub headers: BTreeMap<String, String>,
    /// [`Config::retry`] for this call.
    pub retry: Option<RetryPolicy>,
    /// [`Config::timeout`] for this call.
    #[serde(with = "crate::seconds::option")]
    pub timeout: Option<Duration>,
    /// Retry this call on 500/502/504 and transport errors even when its method (POST, PATCH)
    /// is not idempotent; for requests the caller knows are safe to repeat.
    pub retry_non_idempotent: bool,
}

impl CallOptions {
    /// `CallOptions` from their JSON (camelCase, durations in seconds), as bindings send them.
    pub fn from_json(json: &[u8]) -> Result<CallOptions, BuildError> {
        from_json("options", json)
    }

    pub fn version(v: impl Into<String>) -> Self {
        CallOptions {
            version: Some(v.into()),
            ..Self::default()
        }
    }
}

/// Headers the core writes itself; a caller's extra header may not replace them.
const RESERVED_HEADERS: [&str; 8] = [
    "accept",
    "authorization",
    "connection",
    "content-length",
    "content-type",
    "host",
    "transfer-encoding",
    "user-agent",
];

/// Checks extra headers (`field` names where they came from) and turns them into header pairs.
pub(crate) fn extra_headers(
    field: &'static str,
    headers: &BTreeMap<String, String>,
) -> Result<Vec<(http::HeaderName, http::HeaderValue)>, BuildError> {
    headers
        .iter()
        .map(|(name, value)| {
            let bad = |problem: String| BuildError::InvalidConfig { field, problem };
            let name_ok = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| bad(format!("{name:?} is not a header name")))?;
            if RESERVED_HEADERS.contains(&name_ok.as_str()) {
                return Err(bad(format!(
                    "`{name}` is set by the client itself and cannot be given here"
                )));
            }
            let value_ok = http::HeaderValue::from_str(value).map_err(|_| {
                bad(format!(
                    "the value of `{name}` must be visible ASCII without line breaks"
                ))
            })?;
            Ok((name_ok, value_ok))
        })
        .collect()
}

/// `YYYY-MM-DD` with plausible month and day.
pub(crate) fn is_version_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_from_json_text_name_what_is_wrong() {
        assert_eq!(Config::from_json(b"").unwrap(), Config::default());
        let config = Config::from_json(br#"{"baseUrl": "http://127.0.0.1:4010", "timeout": 2.5}"#);
        let config = config.unwrap();
        assert_eq!(config.base_url, "http://127.0.0.1:4010");
        assert_eq!(config.timeout, Some(Duration::from_millis(2500)));
        let options = CallOptions::from_json(br#"{"version": "2023-01-01"}"#).unwrap();
        assert_eq!(options, CallOptions::version("2023-01-01"));
        let typo = CallOptions::from_json(br#"{"retries": 3}"#).unwrap_err();
        assert!(matches!(
            typo,
            BuildError::InvalidConfig {
                field: "options",
                ..
            }
        ));
        assert!(
            typo.to_string().contains("unknown field `retries`"),
            "{typo}"
        );
    }
}
