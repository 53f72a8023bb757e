//! What a built request must say, and only that: the path holds exactly the given path
//! values, one segment each; the query exactly the given query params; the headers nothing
//! the caller did not give; the body exactly the given body.

use atlas_admin::{Location, Operation, Param};
use percent_encoding::percent_decode_str;
use serde_json::{Map, Value};

/// Headers the core adds to every request whatever the caller gives.
const CORE_HEADERS: &[&str] = &["accept", "user-agent"];

/// Panics, naming the difference, unless `request` is exactly the call of `op` with
/// `params` and `body`.
pub fn assert_request_says_exactly(
    op: &Operation,
    params: &Value,
    body: Option<&Value>,
    request: &http::Request<Vec<u8>>,
) {
    let given = match params {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };
    assert_eq!(request.method(), op.method.to_http(), "method");
    assert_path(op, &given, request.uri().path());
    assert_query(op, &given, request.uri().query());
    assert_headers(op, &given, body.is_some(), request.headers());
    match body {
        // Bytes, not values: a float read back from its text may differ in the last bit.
        Some(body) => assert_eq!(
            request.body(),
            &serde_json::to_vec(body).expect("a JSON value serializes"),
            "body sent differs from the body given"
        ),
        None => assert!(request.body().is_empty(), "a body nobody gave"),
    }
}

/// The value given for `param`, by its name or an alias; `null` is not a value.
fn value_of<'v>(param: &Param, given: &'v Map<String, Value>) -> Option<&'v Value> {
    std::iter::once(param.name)
        .chain(param.aliases.iter().copied())
        .filter_map(|name| given.get(name))
        .find(|v| !v.is_null())
}

/// Each text a value is sent as: one per item of a list.
fn texts(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().flat_map(texts).collect(),
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Null | Value::Object(_) => vec![],
    }
}

fn decode(text: &str) -> String {
    percent_decode_str(text)
        .decode_utf8()
        .unwrap_or_else(|_| panic!("{text:?} does not decode to UTF-8"))
        .into_owned()
}

fn assert_path(op: &Operation, given: &Map<String, Value>, path: &str) {
    let template: Vec<&str> = op.path.split('/').collect();
    let sent: Vec<&str> = path.split('/').collect();
    assert_eq!(
        template.len(),
        sent.len(),
        "path {path:?} does not have the segments of {:?}",
        op.path
    );
    for (pattern, segment) in template.iter().zip(&sent) {
        let Some((prefix, rest)) = pattern.split_once('{') else {
            assert_eq!(pattern, segment, "literal segment changed in {path:?}");
            continue;
        };
        let (name, suffix) = rest.split_once('}').expect("a closed template variable");
        let param = op.param(name).expect("a template variable is a param");
        let expected = value_of(param, given)
            .map(texts)
            .and_then(|t| t.into_iter().next())
            .unwrap_or_else(|| panic!("{name} sent in {path:?} without a value"));
        let encoded = segment
            .strip_prefix(prefix)
            .and_then(|s| s.strip_suffix(suffix))
            .unwrap_or_else(|| panic!("segment {segment:?} does not fit {pattern:?}"));
        assert_eq!(
            decode(encoded),
            expected,
            "path value of {name} in {path:?}"
        );
    }
}

fn assert_query(op: &Operation, given: &Map<String, Value>, query: Option<&str>) {
    let mut expected: Vec<(String, String)> = op
        .params
        .iter()
        .filter(|p| p.location == Location::Query)
        .filter_map(|p| Some((p.name, value_of(p, given)?)))
        .flat_map(|(name, v)| texts(v).into_iter().map(move |t| (name.to_owned(), t)))
        .collect();
    let mut sent: Vec<(String, String)> = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair
                .split_once('=')
                .unwrap_or_else(|| panic!("query pair {pair:?} without ="));
            (decode(k), decode(v))
        })
        .collect();
    expected.sort();
    sent.sort();
    assert_eq!(sent, expected, "query {query:?}");
}

fn assert_headers(
    op: &Operation,
    given: &Map<String, Value>,
    has_body: bool,
    headers: &http::HeaderMap,
) {
    let header_params = || op.params.iter().filter(|p| p.location == Location::Header);
    for name in headers.keys() {
        let ours = CORE_HEADERS.contains(&name.as_str())
            || (has_body && name == http::header::CONTENT_TYPE);
        let param = header_params().find(|p| p.name.eq_ignore_ascii_case(name.as_str()));
        match param {
            Some(p) => {
                let value = value_of(p, given)
                    .unwrap_or_else(|| panic!("header {name} sent but not given"));
                let sent: Vec<_> = headers.get_all(name).iter().collect();
                assert_eq!(sent.len(), 1, "header {name} sent {} times", sent.len());
                assert_eq!(
                    sent[0].as_bytes(),
                    texts(value).join(",").as_bytes(),
                    "{name}"
                );
            }
            None => assert!(ours, "header {name} nobody gave"),
        }
    }
    for p in header_params() {
        if value_of(p, given).is_some() {
            assert!(
                headers.contains_key(p.name),
                "header {} given but not sent",
                p.name
            );
        }
    }
    if has_body {
        assert!(
            headers.contains_key(http::header::CONTENT_TYPE),
            "a body without its type"
        );
    }
}
