//! Reading a response: a value on success, an `ApiError` when Atlas said no, a `DecodeError`
//! when the bytes do not fit. Never a panic, whatever the bytes.

use crate::catalog;
use crate::error::{snippet, ApiError, DecodeError, Error, RetryAfter};
use crate::rules;
use crate::spec::{Format, Operation};
use serde_json::Value;
use std::time::Duration;

/// A successful response's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// JSON (the usual case); unknown fields and enum values are kept as sent.
    Json(Value),
    /// CSV or YAML text.
    Text(String),
    /// Binary content, such as gzip-compressed logs.
    Bytes(Vec<u8>),
    /// No content (202/204, or an empty body).
    Empty,
    /// JSON for the host to parse with its own parser, as received: only when the session
    /// was asked for it ([`crate::Config::host_parses_json`]), and only for a body checked to
    /// be one valid document with nothing to unwrap (see [`classify`]).
    JsonText(Vec<u8>),
}

impl Parsed {
    pub fn as_json(&self) -> Option<&Value> {
        match self {
            Parsed::Json(v) => Some(v),
            _ => None,
        }
    }

    pub fn into_json(self) -> Option<Value> {
        match self {
            Parsed::Json(v) => Some(v),
            _ => None,
        }
    }

    /// The content as a binding hands it over: its kind (`json`, `text`, `bytes`, `empty`)
    /// and its bytes (JSON as text, for the host's own parser).
    pub fn into_parts(self) -> (&'static str, Vec<u8>) {
        match self {
            Parsed::Json(v) => ("json", v.to_string().into_bytes()),
            Parsed::JsonText(bytes) => ("json", bytes),
            Parsed::Text(text) => ("text", text.into_bytes()),
            Parsed::Bytes(bytes) => ("bytes", bytes),
            Parsed::Empty => ("empty", Vec::new()),
        }
    }
}

/// A response from what a host transport received. A header that is not valid HTTP is dropped,
/// not fatal (the core reads only a few); an impossible status is an error naming it.
pub fn response_from_parts<N: AsRef<[u8]>, V: AsRef<[u8]>>(
    status: u16,
    headers: impl IntoIterator<Item = (N, V)>,
    body: Vec<u8>,
) -> Result<http::Response<Vec<u8>>, String> {
    let valid = |(name, value): (N, V)| {
        let name = http::HeaderName::from_bytes(name.as_ref().trim_ascii()).ok()?;
        Some((
            name,
            http::HeaderValue::from_bytes(value.as_ref().trim_ascii()).ok()?,
        ))
    };
    let builder = http::Response::builder().status(status);
    let builder = headers
        .into_iter()
        .filter_map(valid)
        .fold(builder, |b, (n, v)| b.header(n, v));
    builder
        .body(body)
        .map_err(|e| format!("unusable response (status {status}): {e}"))
}

/// Reads `response` as operation `operation_id` returns it.
pub fn parse_response(
    operation_id: &str,
    response: &http::Response<Vec<u8>>,
) -> Result<Parsed, Error> {
    let op = catalog::find(operation_id)?;
    parse_parts(
        op,
        response.status().as_u16(),
        content_type_of(response),
        retry_after_of(response),
        response.body(),
    )
}

/// The `Content-Type` of a reply, empty when absent or not text.
pub(crate) fn content_type_of(response: &http::Response<Vec<u8>>) -> &str {
    response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The reply's `Retry-After`, when it holds one of its two forms.
pub(crate) fn retry_after_of(response: &http::Response<Vec<u8>>) -> Option<RetryAfter> {
    response
        .headers()
        .get(http::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(RetryAfter::parse)
}

/// A reply read as an error, whatever its status: for refusals the call does not parse as the
/// operation's reply (a 401, a retried 503, a token endpoint's answer).
pub(crate) fn api_error_of(response: &http::Response<Vec<u8>>) -> ApiError {
    api_error(
        response.status().as_u16(),
        content_type_of(response),
        retry_after_of(response),
        response.body(),
    )
}

/// A reply to a request the caller built (an endpoint the spec lacks): read by its content
/// type, since no operation says what it is.
pub(crate) fn parse_raw(response: http::Response<Vec<u8>>) -> Result<Parsed, Error> {
    if !response.status().is_success() {
        return Err(api_error_of(&response).into());
    }
    let is_json = content_type_of(&response)
        .to_ascii_lowercase()
        .contains("json");
    let body = response.into_body();
    if body.is_empty() {
        return Ok(Parsed::Empty);
    }
    if is_json {
        if let Ok(v) = serde_json::from_slice(&body) {
            return Ok(Parsed::Json(v));
        }
    }
    Ok(match String::from_utf8(body) {
        Ok(text) => Parsed::Text(text),
        Err(e) => Parsed::Bytes(e.into_bytes()),
    })
}

/// The same from parts, for bindings that do not hold an `http::Response`.
pub fn parse_parts(
    op: &'static Operation,
    status: u16,
    content_type: &str,
    retry_after: Option<RetryAfter>,
    body: &[u8],
) -> Result<Parsed, Error> {
    match success_format(op, status, content_type, retry_after, body)? {
        None => Ok(Parsed::Empty),
        Some(Format::Json) => match serde_json::from_slice::<Value>(body) {
            Ok(value) => unwrap_envelope(value, content_type, retry_after),
            Err(e) => json_failure(op, status, content_type, body, e),
        },
        Some(format) => read_other(format, status, content_type, body),
    }
}

/// A reply the host may parse with its own JSON parser, or what the core made of it.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply<'b> {
    /// A success whose body is the operation's JSON as it is: valid, with nothing to unwrap.
    /// Parse these bytes with any JSON parser (`JSON.parse`, `json.loads`, kotlinx).
    JsonAsIs(&'b [u8]),
    /// Anything else (text, bytes, nothing, an unwrapped envelope), read by the core.
    Parsed(Parsed),
}

/// [`parse_parts`] for hosts with a JSON parser of their own: a JSON success is checked in one
/// pass that builds nothing (valid JSON; no top-level `status` that would make it an
/// `envelope=true` wrapper) and handed back as bytes. Errors are the same as `parse_parts`'.
pub fn classify<'b>(
    op: &'static Operation,
    status: u16,
    content_type: &str,
    retry_after: Option<RetryAfter>,
    body: &'b [u8],
) -> Result<Reply<'b>, Error> {
    classify_with(op, status, content_type, retry_after, body, true)
}

/// The member whose numeric value at the top level of a JSON success makes it a possible
/// `envelope=true` wrapper, which only the core unwraps.
pub const ENVELOPE_STATUS: &str = "status";

/// [`classify`] without its pass over the bytes, for hosts whose own parser costs less than
/// that pass would (JavaScript, where the pass runs in WebAssembly): `JsonAsIs` then only says
/// the headers promise JSON. Such a host must give the reply to [`parse_parts`] instead when
/// its parser fails, or when the document is an object with a [`ENVELOPE_STATUS`] member.
/// Of the body it reads only whether it is empty: for a non-empty body, whether the answer is
/// `JsonAsIs` depends on the operation, the status and the content type alone, so a host may
/// remember it for each of those (the WebAssembly binding's fast path does).
pub fn classify_unscanned<'b>(
    op: &'static Operation,
    status: u16,
    content_type: &str,
    retry_after: Option<RetryAfter>,
    body: &'b [u8],
) -> Result<Reply<'b>, Error> {
    classify_with(op, status, content_type, retry_after, body, false)
}

fn classify_with<'b>(
    op: &'static Operation,
    status: u16,
    content_type: &str,
    retry_after: Option<RetryAfter>,
    body: &'b [u8],
    scan: bool,
) -> Result<Reply<'b>, Error> {
    match success_format(op, status, content_type, retry_after, body)? {
        None => Ok(Reply::Parsed(Parsed::Empty)),
        Some(Format::Json) if !scan && !declares_string(op, status) => Ok(Reply::JsonAsIs(body)),
        Some(Format::Json) => match scan_top_level(body) {
            Ok(TopLevel::Plain) => Ok(Reply::JsonAsIs(body)),
            Ok(TopLevel::MaybeEnvelope) => {
                parse_parts(op, status, content_type, retry_after, body).map(Reply::Parsed)
            }
            Err(e) => json_failure(op, status, content_type, body, e).map(Reply::Parsed),
        },
        Some(format) => read_other(format, status, content_type, body).map(Reply::Parsed),
    }
}

/// A `DecodeError` for a body that is not what the operation promises.
pub(crate) fn decode_error(status: u16, content_type: &str, body: &[u8], problem: String) -> Error {
    DecodeError {
        status,
        content_type: header_excerpt(content_type),
        problem,
        snippet: snippet(body),
    }
    .into()
}

/// A header value for a message: a header is the server's to size, so keep enough to read,
/// not all of it.
fn header_excerpt(value: &str) -> String {
    value.chars().take(100).collect()
}

/// The checks every success goes through, and the format to read it in (`None`: no content).
fn success_format(
    op: &'static Operation,
    status: u16,
    content_type: &str,
    retry_after: Option<RetryAfter>,
    body: &[u8],
) -> Result<Option<Format>, Error> {
    if !(200..300).contains(&status) {
        return Err(api_error(status, content_type, retry_after, body).into());
    }
    let promised = promised_media(op, status);
    if body.is_empty() {
        // A promised model that does not arrive is not an empty success.
        return match promised {
            Some(m) if m.has_model && m.media.format == Format::Json && status != 204 => {
                Err(decode_error(
                    status,
                    content_type,
                    body,
                    format!("the body is empty where {} promises a JSON document", op.id),
                ))
            }
            _ => Ok(None),
        };
    }
    if let Some(m) = promised {
        // A proxy's page or a captive portal answers 200 with its own content type.
        let arrived = rules::format_of(content_type).and_then(Format::parse);
        let served = |f: Format| {
            op.versions
                .iter()
                .flat_map(|v| v.responses)
                .any(|r| r.status == status && r.media.format == f)
        };
        if !content_type.is_empty() && !arrived.is_some_and(served) {
            return Err(decode_error(
                status,
                content_type,
                body,
                format!(
                    "the reply is {}, not the {} that {} promises",
                    header_excerpt(content_type.split(';').next().unwrap_or_default().trim()),
                    m.media.content_type,
                    op.id
                ),
            ));
        }
    }
    Ok(Some(format_of(op, status, content_type)))
}

/// A JSON body that did not parse: a PEM file the spec calls a JSON string, or an error.
fn json_failure(
    op: &Operation,
    status: u16,
    content_type: &str,
    body: &[u8],
    e: serde_json::Error,
) -> Result<Parsed, Error> {
    if declares_string(op, status) {
        return read_other(Format::Csv, status, content_type, body);
    }
    Err(decode_error(
        status,
        content_type,
        body,
        format!("invalid JSON: {e}"),
    ))
}

/// Text (CSV, YAML) or bytes (gzip).
fn read_other(
    format: Format,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> Result<Parsed, Error> {
    match format {
        Format::Gzip => Ok(Parsed::Bytes(body.to_vec())),
        _ => String::from_utf8(body.to_vec())
            .map(Parsed::Text)
            .map_err(|e| {
                decode_error(
                    status,
                    content_type,
                    body,
                    format!("text is not UTF-8: {e}"),
                )
            }),
    }
}

/// What the top level of a JSON document says about unwrapping it.
enum TopLevel {
    Plain,
    /// An object with a numeric `status`: perhaps an `envelope=true` wrapper.
    MaybeEnvelope,
}

/// Checks `body` is one UTF-8 JSON document and looks only at its top-level `status`.
fn scan_top_level(body: &[u8]) -> Result<TopLevel, serde_json::Error> {
    // The host's parser may want text: make sure it is (strings are skipped, not decoded, below).
    let text = std::str::from_utf8(body)
        .map_err(|e| <serde_json::Error as serde::de::Error>::custom(format!("not UTF-8: {e}")))?;
    Ok(match top_level_member(text, ENVELOPE_STATUS)? {
        Some(status) if status.is_u64() => TopLevel::MaybeEnvelope,
        _ => TopLevel::Plain,
    })
}

/// Member `name` of the JSON document `text` when it is an object (the last one, as a parsed
/// `Value` would keep), read in one pass that skips every other value without building it.
/// An error when `text` is not exactly one JSON document.
pub(crate) fn top_level_member(text: &str, name: &str) -> Result<Option<Value>, serde_json::Error> {
    use serde::de::{Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
    struct Find<'n>(&'n str);
    impl<'de> Visitor<'de> for Find<'_> {
        type Value = Option<Value>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON document")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if key == self.0 {
                    found = Some(map.next_value::<Value>()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let found = (&mut de).deserialize_any(Find(name))?;
    de.end()?;
    Ok(found)
}

/// What the operation promises for a success with `status`, in any of its versions.
fn promised_media(op: &Operation, status: u16) -> Option<crate::spec::SuccessMedia> {
    op.versions
        .iter()
        .flat_map(|v| v.responses)
        .find(|r| r.status == status)
        .copied()
}

/// The format of a body: from its own content type, else what the operation promises.
fn format_of(op: &Operation, status: u16, content_type: &str) -> Format {
    rules::format_of(content_type)
        .and_then(Format::parse)
        .or_else(|| {
            op.versions
                .iter()
                .flat_map(|v| v.responses)
                .find(|r| r.status == status)
                .map(|r| r.media.format)
        })
        .unwrap_or(Format::Json)
}

/// Whether the spec declares this reply a JSON string, which Atlas sends as the text itself
/// (`createDatabaseUserCertificate` answers a PEM file under a `+json` content type).
fn declares_string(op: &Operation, status: u16) -> bool {
    op.versions
        .iter()
        .flat_map(|v| v.responses)
        .any(|r| r.status == status && r.text_body)
}

/// `envelope=true` wraps a reply as `{"status": 200, "content": …}` (or adds `status` to a
/// list page) and always answers HTTP 200; the real status is the one inside.
fn unwrap_envelope(
    value: Value,
    content_type: &str,
    retry_after: Option<RetryAfter>,
) -> Result<Parsed, Error> {
    let Value::Object(mut map) = value else {
        return Ok(Parsed::Json(value));
    };
    let inner_status = map
        .get("status")
        .and_then(Value::as_u64)
        .filter(|s| (100..600).contains(s));
    let Some(inner_status) = inner_status else {
        return Ok(Parsed::Json(Value::Object(map)));
    };
    let is_envelope = map.contains_key("content") && map.len() == 2;
    let is_list_envelope =
        map.contains_key("results") && map.get("results").is_some_and(Value::is_array);
    if !is_envelope && !is_list_envelope {
        return Ok(Parsed::Json(Value::Object(map)));
    }
    let status = inner_status as u16;
    let payload = if is_envelope {
        map.remove("content").unwrap_or(Value::Null)
    } else {
        map.remove("status");
        Value::Object(map)
    };
    if !(200..300).contains(&status) {
        let mut err = api_error_from_value(status, Some(payload));
        err.retry_after = retry_after;
        let _ = content_type;
        return Err(err.into());
    }
    Ok(if payload.is_null() {
        Parsed::Empty
    } else {
        Parsed::Json(payload)
    })
}

/// An error response; whatever its body, the status always survives.
pub(crate) fn api_error(
    status: u16,
    content_type: &str,
    retry_after: Option<RetryAfter>,
    body: &[u8],
) -> ApiError {
    let value = if content_type.contains("json") || body.first().is_some_and(|b| *b == b'{') {
        serde_json::from_slice::<Value>(body).ok()
    } else {
        None
    };
    let mut err = api_error_from_value(status, value);
    // Atlas may leave out `Retry-After`; a token-bucket 429 says the same in its body.
    err.retry_after = retry_after.or_else(|| {
        let secs = err.token_bucket()?.retry_after_seconds;
        Some(RetryAfter::Delay(Duration::from_secs(secs)))
    });
    if err.detail.is_none() && !body.is_empty() && err.body.is_none() {
        let text = snippet(body);
        if !text.trim().is_empty() {
            err.detail = Some(text.trim().to_owned());
        }
    }
    err
}

fn api_error_from_value(status: u16, value: Option<Value>) -> ApiError {
    let text = |v: &Option<Value>, key: &str| {
        v.as_ref()
            .and_then(|b| b.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let value = value.filter(Value::is_object);
    ApiError {
        status,
        error_code: text(&value, "errorCode"),
        detail: text(&value, "detail"),
        reason: text(&value, "reason"),
        parameters: value
            .as_ref()
            .and_then(|b| b.get("parameters"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        bad_request_detail: value
            .as_ref()
            .and_then(|b| b.get("badRequestDetail"))
            .cloned(),
        retry_after: None,
        body: value,
    }
}
