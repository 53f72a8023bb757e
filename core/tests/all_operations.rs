//! Every operation of the spec, built from the fixture calls and checked against the spec itself
//! (read here with serde_json, independently of the generated table).

mod common;

use atlas_admin::{build_request, operations, BuildError, Config};
use common::*;
use percent_encoding::percent_decode_str;
use serde_json::{json, Value};

const BASE: &str = "https://cloud.mongodb.com";

fn decode(s: &str) -> String {
    percent_decode_str(s)
        .decode_utf8()
        .expect("UTF-8 after decoding")
        .into_owned()
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn table_covers_every_operation_of_the_spec() {
    let mut ids: Vec<String> = spec_operations()
        .iter()
        .map(|(_, _, op)| op["operationId"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    let table: Vec<&str> = operations().iter().map(|o| o.id).collect();
    // The 540 operations of the 2026-08-21 spec and the 35 of 2025-06-05 it no longer has.
    assert_eq!(current_operations().len(), 540);
    assert_eq!(table.len(), 575);
    assert_eq!(table, ids);
    let removed: Vec<&str> = operations()
        .iter()
        .filter(|o| o.removed.is_some())
        .map(|o| o.id)
        .collect();
    assert_eq!(removed.len(), 35);
    for id in &removed {
        assert!(
            !current_operations()
                .iter()
                .any(|(_, _, op)| op["operationId"] == *id),
            "{id} is flagged removed but the current spec has it"
        );
    }
    assert!(removed.contains(&"pausePipeline"));
    let deprecated_in_spec = spec_operations()
        .iter()
        .filter(|(_, _, op)| op["deprecated"] == true)
        .count();
    assert_eq!(
        operations().iter().filter(|o| o.deprecated).count(),
        deprecated_in_spec
    );
    assert!(deprecated_in_spec > 0);
}

#[test]
fn every_operation_builds_with_the_right_method_path_query_and_media_types() {
    let fixtures = fixtures();
    assert_eq!(fixtures.len(), 575, "one fixture call per operation");
    let mut checked = 0;
    let mut refused = Vec::new();
    for call in fixtures {
        let id = call["operationId"].as_str().unwrap();
        let (template, method, op) = spec_operation(id);
        let body = if call["body"].is_null() {
            None
        } else {
            Some(&call["body"])
        };
        let req = match build_request(&Config::default(), id, &call["params"], body) {
            Ok(r) => r,
            Err(e) => {
                refused.push(e.to_string());
                continue;
            }
        };

        assert_eq!(req.method().as_str(), method, "{id}: method");

        let uri = req.uri().to_string();
        let rest = uri
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{id}: {uri} is not under {BASE}"));
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));

        // Path: same segments as the template, each variable decoding back to its value.
        let built: Vec<&str> = path.split('/').collect();
        let expected: Vec<&str> = template.split('/').collect();
        assert_eq!(built.len(), expected.len(), "{id}: {path} vs {template}");
        for (b, t) in built.iter().zip(&expected) {
            let mut want = String::new();
            let mut rest = *t;
            while let (Some(open), Some(close)) = (rest.find('{'), rest.find('}')) {
                want.push_str(&rest[..open]);
                want.push_str(&as_text(&call["params"][&rest[open + 1..close]]));
                rest = &rest[close + 1..];
            }
            want.push_str(rest);
            assert_eq!(decode(b), want, "{id}: path segment");
        }

        // Query: exactly the given query params, arrays as repeated keys.
        let mut got: Vec<(String, String)> = query
            .split('&')
            .filter(|s| !s.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').expect("key=value");
                (decode(k), decode(v))
            })
            .collect();
        let mut want: Vec<(String, String)> = Vec::new();
        for p in op["parameters"].as_array().into_iter().flatten() {
            let p = resolve(p);
            if p["in"] != "query" {
                continue;
            }
            let name = p["name"].as_str().unwrap();
            match &call["params"][name] {
                Value::Null => {}
                Value::Array(items) => {
                    want.extend(items.iter().map(|i| (name.to_owned(), as_text(i))))
                }
                v => want.push((name.to_owned(), as_text(v))),
            }
        }
        got.sort();
        want.sort();
        assert_eq!(got, want, "{id}: query");

        // Headers: a header parameter only when given, as given.
        for p in op["parameters"].as_array().into_iter().flatten() {
            let p = resolve(p);
            if p["in"] != "header" {
                continue;
            }
            let name = p["name"].as_str().unwrap();
            let sent = req
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned());
            let given = match &call["params"][name] {
                Value::Null => None,
                v => Some(as_text(v)),
            };
            assert_eq!(sent, given, "{id}: header {name}");
        }

        // Accept: the newest stable version, JSON where the operation offers it.
        let version = default_version(op);
        let types = success_content_types(op);
        let json_type = format!("application/vnd.atlas.{version}+json");
        let accept = req.headers()["accept"].to_str().unwrap();
        if types.contains(&json_type) {
            assert_eq!(accept, json_type, "{id}: Accept");
        } else {
            assert!(
                types.iter().any(|t| t == accept) && accept.contains(&version),
                "{id}: Accept {accept} not in {types:?}"
            );
        }

        // Content-Type: the request body's type for the same version.
        match body {
            Some(_) => {
                let ct = req.headers()["content-type"].to_str().unwrap();
                let offered = resolve(&op["requestBody"])["content"].as_object().unwrap();
                assert!(offered.contains_key(ct), "{id}: Content-Type {ct}");
                assert!(
                    ct.contains(&version),
                    "{id}: body version {ct} vs {version}"
                );
                let sent: Value = serde_json::from_slice(req.body()).unwrap();
                assert_eq!(&sent, body.unwrap(), "{id}: body round-trips");
            }
            None => assert!(
                req.headers().get("content-type").is_none() && req.body().is_empty(),
                "{id}"
            ),
        }
        checked += 1;
    }
    assert!(
        refused.is_empty(),
        "{} valid calls refused:\n{}",
        refused.len(),
        refused.join("\n")
    );
    assert_eq!(checked, 575);
}

#[test]
fn every_patterned_path_param_rejects_a_bad_value_by_name() {
    let (mut checked, mut lenient) = (0, 0);
    for call in fixtures() {
        let id = call["operationId"].as_str().unwrap();
        let op = atlas_admin::operation(id).unwrap();
        for p in op
            .params
            .iter()
            .filter(|p| p.location == atlas_admin::Location::Path && p.pattern.is_some())
        {
            let source = atlas_admin::pattern::source(p.pattern.unwrap());
            if regex::Regex::new(source).unwrap().is_match("../x?y#z") {
                // The spec's own pattern accepts it (an unanchored alternative): nothing to reject.
                lenient += 1;
                continue;
            }
            let mut params = call["params"].clone();
            params[p.name] = json!("../x?y#z");
            let body = if call["body"].is_null() {
                None
            } else {
                Some(&call["body"])
            };
            match build_request(&Config::default(), id, &params, body) {
                Err(BuildError::InvalidParameter { name, problem, .. }) => {
                    assert_eq!(name, p.name, "{id}");
                    assert!(problem.contains("pattern"), "{id}: {problem}");
                }
                other => panic!("{id}.{}: expected a pattern error, got {other:?}", p.name),
            }
            checked += 1;
        }
    }
    println!("patterned path params: {checked} rejected the probe, {lenient} have a spec pattern that accepts it");
    assert!(checked > 600, "checked {checked} patterned path params");
    assert!(lenient < 10);
}

#[test]
fn path_values_round_trip_and_cannot_change_path_query_or_headers() {
    // getDatabaseUser: /api/atlas/v2/groups/{groupId}/databaseUsers/{databaseName}/{username}
    let group = "32b6e34b3d91647abb20e7b8";
    let hostile = [
        "user@example.com",
        "CN=a,OU=b",
        "my database",
        "../admin",
        "a/b",
        "a?b=c",
        "a#frag",
        "100%",
        "a\r\nX-Injected: 1",
        "nul\0byte",
        "é漢字",
        "%2e%2e",
    ];
    for value in hostile {
        let req = build_request(
            &Config::default(),
            "getDatabaseUser",
            &json!({"groupId": group, "databaseName": "admin", "username": value}),
            None,
        )
        .unwrap_or_else(|e| panic!("{value:?}: {e}"));
        let uri = req.uri().to_string();
        let path = uri.strip_prefix(BASE).unwrap();
        assert!(
            !path.contains('?') && !path.contains('#'),
            "{value:?} -> {uri}"
        );
        let segments: Vec<&str> = path.split('/').collect();
        assert_eq!(segments.len(), 9, "{value:?} -> {uri}");
        assert_eq!(decode(segments[8]), value, "round trip");
        assert!(req.headers().get("x-injected").is_none());
        assert!(uri.is_ascii());
    }
    let req = build_request(
        &Config::default(),
        "getHostLogs",
        &json!({"groupId": group, "hostName": "host.example.com", "logName": "mongodb"}),
        None,
    )
    .unwrap();
    assert!(
        req.uri()
            .path()
            .ends_with("/clusters/host.example.com/logs/mongodb.gz"),
        "{}",
        req.uri()
    );

    for dots in [".", ".."] {
        let err = build_request(
            &Config::default(),
            "getDatabaseUser",
            &json!({"groupId": group, "databaseName": dots, "username": "u"}),
            None,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("`databaseName`") && err.to_string().contains("dot-segment"),
            "{err}"
        );
    }
}

#[test]
fn process_id_with_port_round_trips() {
    let req = build_request(
        &Config::default(),
        "getAtlasProcess",
        &json!({"groupId": "32b6e34b3d91647abb20e7b8", "processId": "host.example.com:27017"}),
        None,
    )
    .unwrap();
    assert!(
        req.uri()
            .path()
            .ends_with("/processes/host.example.com:27017"),
        "{}",
        req.uri()
    );
}
