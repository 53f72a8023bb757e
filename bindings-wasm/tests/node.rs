//! The exported functions as JS sees them, run under Node by wasm-bindgen-test-runner:
//! `cargo test -p bindings-wasm --target wasm32-unknown-unknown` (test.sh sets the runner).
#![cfg(target_arch = "wasm32")]

use atlas_admin_wasm::{host_parses, operations_json, parse_response, to_curl, Client};
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).expect("an object")
}

fn text(obj: &JsValue, key: &str) -> String {
    get(obj, key).as_string().unwrap_or_else(|| panic!("{key} is not a string"))
}

/// The sans-IO `buildRequest` of a client with these settings (`{}`: the defaults).
fn build_request(
    config: &str, operation: &str, params: &str, body: Option<String>, options: &str,
) -> Result<JsValue, JsValue> {
    Client::new(config, r#""none""#, None)?.prepare(operation, options)?.request(params, body)
}

/// `{method, url, headers, body}` from the core's `head` or `[head, body]`, as
/// `js/transport.js` reads it.
fn request(message: &JsValue) -> JsValue {
    let message = if message.is_string() { Array::of1(message) } else { Array::from(message) };
    let head = message.get(0).as_string().expect("a head");
    let mut lines = head.split('\n');
    let (out, headers) = (js_sys::Object::new(), js_sys::Object::new());
    let set = |o: &js_sys::Object, k: &str, v: &JsValue| Reflect::set(o, &k.into(), v).map(drop);
    set(&out, "method", &lines.next().expect("method").into()).unwrap();
    set(&out, "url", &lines.next().expect("url").into()).unwrap();
    while let (Some(name), Some(value)) = (lines.next(), lines.next()) {
        set(&headers, name, &value.into()).unwrap();
    }
    set(&out, "headers", &headers).unwrap();
    set(&out, "body", &message.get(1)).unwrap();
    out.into()
}

#[wasm_bindgen_test]
fn a_prepared_request_sends_its_head_once_and_its_target_per_call() {
    let prepared = Client::new("{}", r#""none""#, None).unwrap().prepare("getCluster", "").unwrap();
    let head = prepared.head();
    let lines: Vec<&str> = head.split('\n').collect();
    assert_eq!(lines[..3], ["GET", "accept", "application/vnd.atlas.2024-08-05+json"]);
    let params = format!(r#"{{"groupId":"{GROUP}","clusterName":"c1"}}"#);
    let url = format!("https://cloud.mongodb.com/api/atlas/v2/groups/{GROUP}/clusters/c1");
    assert_eq!(prepared.target(&params).unwrap(), url);
    let with = params.replace('}', r#","Use-Effective-Instance-Fields":true}"#);
    assert_eq!(
        prepared.target(&with).unwrap(),
        format!("{url}\nuse-effective-instance-fields\ntrue")
    );
    let err = prepared.target(r#"{"groupId":"nope","clusterName":"c"}"#).unwrap_err();
    assert_eq!(text(&err, "class"), "BuildError");
    assert!(text(&err, "message").contains("groupId"), "{:?}", text(&err, "message"));
}

#[wasm_bindgen_test]
fn builds_a_request_object() {
    let params = format!(r#"{{"groupId":"{GROUP}","itemsPerPage":5}}"#);
    let req: JsValue =
        request(&build_request("{}", "listClusters", &params, None, "{}").expect("builds"));
    assert_eq!(text(&req, "method"), "GET");
    assert_eq!(
        text(&req, "url"),
        format!("https://cloud.mongodb.com/api/atlas/v2/groups/{GROUP}/clusters?itemsPerPage=5")
    );
    let headers = get(&req, "headers");
    assert_eq!(text(&headers, "accept"), "application/vnd.atlas.2024-08-05+json");
    assert!(get(&req, "body").is_undefined());
}

#[wasm_bindgen_test]
fn body_is_bytes_and_config_applies() {
    let body = format!(r#"{{"name":"p","orgId":"{GROUP}"}}"#);
    let req = request(
        &build_request(
            r#"{"baseUrl":"http://127.0.0.1:9","userAgent":""}"#,
            "createProject",
            "{}",
            Some(body.clone()),
            "{}",
        )
        .expect("builds"),
    );
    assert_eq!(text(&req, "url"), "http://127.0.0.1:9/api/atlas/v2/groups");
    assert!(get(&get(&req, "headers"), "user-agent").is_undefined());
    let bytes: Uint8Array = get(&req, "body").dyn_into().expect("Uint8Array");
    assert_eq!(bytes.to_vec(), body.into_bytes());
}

#[wasm_bindgen_test]
fn build_errors_are_descriptors() {
    let e = build_request("{}", "listClusters", r#"{"groupId":"x"}"#, None, "{}").unwrap_err();
    assert_eq!(text(&e, "class"), "BuildError");
    assert_eq!(text(&e, "code"), "InvalidParameter");
    assert_eq!(text(&e, "parameter"), "groupId");
    assert!(text(&e, "message").contains("^([a-f0-9]{24})$"));

    let e = build_request("{", "listClusters", "{}", None, "{}").unwrap_err();
    assert_eq!(text(&e, "code"), "InvalidConfig");
    let e = build_request(r#"{"baseUrl":5}"#, "listClusters", "{}", None, "{}").unwrap_err();
    assert_eq!(text(&e, "code"), "InvalidConfig");
}

#[wasm_bindgen_test]
fn parses_json_and_errors() {
    let headers =
        vec!["content-type".to_owned(), "application/vnd.atlas.2023-01-01+json".to_owned()];
    let ok: JsValue =
        parse_response("getProject", 200, headers.clone(), br#"{"id":"a"}"#.to_vec(), 0.0)
            .expect("parses")
            .into();
    assert_eq!(text(&ok, "json"), r#"{"id":"a"}"#);

    let retry = vec![
        "content-type".to_owned(),
        "application/json".to_owned(),
        "retry-after".to_owned(),
        "30".to_owned(),
    ];
    let e = parse_response(
        "getProject",
        429,
        retry,
        br#"{"error":429,"errorCode":"RATE_LIMITED","detail":"slow down"}"#.to_vec(),
        0.0,
    )
    .unwrap_err();
    assert_eq!(text(&e, "class"), "RateLimited");
    assert_eq!(get(&e, "status").as_f64(), Some(429.0));
    assert_eq!(text(&e, "errorCode"), "RATE_LIMITED");
    assert_eq!(get(&e, "retryAfter").as_f64(), Some(30.0));

    let e = parse_response("getProject", 200, headers, b"{oops".to_vec(), 0.0).unwrap_err();
    assert_eq!(text(&e, "class"), "DecodeError");
    assert!(text(&e, "message").contains("{oops"));
}

#[wasm_bindgen_test]
fn host_parses_what_parse_response_leaves_unchecked() {
    let json = "application/vnd.atlas.2023-01-01+json";
    assert_eq!(host_parses("getProject", 200, json).as_deref(), Some("status"));
    assert!(host_parses("get_project", 200, "").is_some());
    assert_eq!(host_parses("getProject", 404, json), None, "errors are the core's to read");
    assert_eq!(host_parses("getProject", 200, "text/html"), None, "not what it serves");
    assert_eq!(host_parses("noSuchOperation", 200, json), None);
    assert_eq!(host_parses("getProject", 200, "application/json\u{e9}"), None, "not text");
}

#[wasm_bindgen_test]
fn a_call_sends_then_finishes() {
    let client = Client::new("{}", r#"{"bearer": "tok"}"#, None).expect("client");
    let mut call = client
        .call("getProject", &format!(r#"{{"groupId":"{GROUP}"}}"#), None, "{}", false, None)
        .expect("call");
    let step: JsValue = call.next(1.7e12, 42).expect("step").into();
    let send = request(&get(&step, "send"));
    assert_eq!(text(&get(&send, "headers"), "authorization"), "Bearer tok");
    call.feed_response(
        200,
        vec!["content-type".into(), "application/vnd.atlas.2023-01-01+json".into()],
        br#"{"name":"p"}"#.to_vec(),
    );
    let done: JsValue = call.next(1.7e12, 43).expect("done").into();
    assert_eq!(text(&get(&done, "done"), "json"), r#"{"name":"p"}"#);
}

#[wasm_bindgen_test]
fn a_503_waits_then_a_transport_error_ends_it() {
    let client = Client::new(r#"{"retry":{"maxAttempts":2,"baseDelay":0.1}}"#, r#""none""#, None)
        .expect("client");
    let mut call = client.call("listProjects", "{}", None, "{}", false, None).expect("call");
    let _send = call.next(0.0, 0).expect("send");
    call.feed_response(503, vec![], Vec::new());
    let wait: JsValue = call.next(0.0, 0).expect("wait").into();
    let ms = get(&wait, "wait").as_f64().expect("a wait");
    assert!((50.0..=100.0).contains(&ms), "{ms}");
    let _send = call.next(0.0, 0).expect("send again");
    call.feed_transport_error("connection reset");
    let e = call.next(0.0, 0).unwrap_err();
    assert_eq!(text(&e, "class"), "TransportError");
    assert_eq!(get(&e, "attempts").as_f64(), Some(2.0));
    assert!(text(&e, "message").contains("connection reset"));
}

#[wasm_bindgen_test]
fn digest_challenge_is_answered_and_never_printed() {
    let client =
        Client::new("{}", r#"{"apiKey": {"publicKey": "alice", "privateKey": "s3cret"}}"#, None)
            .expect("client");
    let mut call = client.call("listProjects", "{}", None, "{}", false, None).expect("call");
    let _first = call.next(0.0, 7).expect("send");
    call.feed_response(
        401,
        vec![
            "www-authenticate".into(),
            r#"Digest realm="MMS Public API", qop="auth", nonce="abc", algorithm=MD5"#.into(),
        ],
        Vec::new(),
    );
    let step: JsValue = call.next(0.0, 7).expect("answer").into();
    let send = request(&get(&step, "send"));
    let auth = text(&get(&send, "headers"), "authorization");
    assert!(auth.starts_with("Digest "), "{auth}");
    assert!(auth.contains(r#"username="alice""#) && !auth.contains("s3cret"));
    let curl = to_curl("GET", &text(&send, "url"), vec!["authorization".into(), auth], Vec::new());
    assert!(curl.contains("Digest <redacted>"), "{curl}");
    call.feed_response(401, vec![], Vec::new());
    let e = call.next(0.0, 7).unwrap_err();
    assert_eq!(text(&e, "class"), "AuthError");
    assert!(!text(&e, "message").contains("s3cret"));
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));
}

#[wasm_bindgen_test]
fn pages_yield_items_then_done() {
    let client = Client::new("{}", r#""none""#, None).expect("client");
    let mut pages = client
        .call("listProjects", r#"{"itemsPerPage":2}"#, None, "{}", true, None)
        .expect("pager");
    let ct = || vec!["content-type".to_owned(), "application/vnd.atlas.2023-01-01+json".to_owned()];
    let _ = pages.next(0.0, 0).expect("send 1");
    pages.feed_response(200, ct(), br#"{"results":[{"id":1},{"id":2}],"totalCount":3}"#.to_vec());
    let items: JsValue = pages.next(0.0, 0).expect("items").into();
    assert_eq!(text(&items, "items"), r#"[{"id":1},{"id":2}]"#);
    let _ = pages.next(0.0, 0).expect("send 2");
    pages.feed_response(200, ct(), br#"{"results":[{"id":3}],"totalCount":3}"#.to_vec());
    let items: JsValue = pages.next(0.0, 0).expect("items").into();
    assert_eq!(text(&items, "items"), r#"[{"id":3}]"#);
    let done: JsValue = pages.next(0.0, 0).expect("done").into();
    assert!(get(&done, "done").is_object());
}

#[wasm_bindgen_test]
fn operations_lists_each_operation_once_with_every_name() {
    let ops: serde_json::Value = serde_json::from_str(&operations_json()).expect("JSON");
    let ops = ops.as_array().expect("an array");
    assert_eq!(ops.len(), 575);
    let clusters =
        ops.iter().find(|o| o["operationId"] == "listGroupClusters").expect("listGroupClusters");
    assert_eq!(clusters["shortName"], "listClusters");
    assert_eq!(
        clusters["names"],
        serde_json::json!([
            "listGroupClusters",
            "listClusters",
            "list_group_clusters",
            "list_clusters"
        ])
    );
    assert_eq!(clusters["removed"], serde_json::Value::Null);
    let group_id = clusters["params"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "groupId"))
        .expect("groupId");
    assert_eq!(group_id["aliases"], serde_json::json!(["projectId"]));
    let removed = ops.iter().filter(|o| o["removed"] == "2025-06-05").count();
    assert_eq!(removed, 35);
}

#[wasm_bindgen_test]
fn ambiguous_names_and_duplicate_aliases_are_build_errors() {
    let e = build_request("{}", "removeUserFromTeam", "{}", None, "{}").unwrap_err();
    assert_eq!(text(&e, "code"), "AmbiguousOperation");
    assert!(text(&e, "message").contains("removeUserFromTeam"));
    let candidates: Vec<String> =
        js_sys::Array::from(&get(&e, "candidates")).iter().filter_map(|c| c.as_string()).collect();
    assert_eq!(candidates, ["removeOrgTeamUser", "removeOrgTeamUserFromTeam"]);

    let both = format!(r#"{{"groupId":"{GROUP}","projectId":"{GROUP}"}}"#);
    let e = build_request("{}", "listClusters", &both, None, "{}").unwrap_err();
    assert_eq!(text(&e, "code"), "DuplicateParameter");
    assert_eq!(text(&e, "parameter"), "groupId");
    let alias = format!(r#"{{"projectId":"{GROUP}"}}"#);
    let req = request(&build_request("{}", "listClusters", &alias, None, "{}").expect("builds"));
    assert!(text(&req, "url").ends_with(&format!("/groups/{GROUP}/clusters")));
}

#[wasm_bindgen_test]
fn warnings_come_from_the_core_by_the_host_clock() {
    let client = Client::new("{}", r#""none""#, None).expect("client");
    let params = format!(r#"{{"groupId":"{GROUP}"}}"#);
    let call = client.call("listPipelines", &params, None, "{}", false, None).expect("call");
    // 2023-11-14: removed, but its version (sunset 2025-09-09) is not past yet.
    let before: serde_json::Value = serde_json::from_str(&call.warnings(1.7e12)).expect("JSON");
    assert_eq!(before.as_array().map(Vec::len), Some(1), "{before}");
    assert_eq!(before[0]["kind"], "removed");
    assert_eq!(before[0]["operation"], "listPipelines");
    assert_eq!(before[0]["lastListed"], "2025-06-05");
    assert!(before[0]["message"].as_str().is_some_and(|m| m.contains("no longer lists")));
    // 2027-01-15: past the sunset too.
    let after: serde_json::Value = serde_json::from_str(&call.warnings(1.8e12)).expect("JSON");
    assert_eq!(after[1]["kind"], "past_sunset", "{after}");
    assert_eq!(after[1]["sunset"], "2025-09-09");
    assert_eq!(after[1]["version"], "2023-01-01");

    let current = client.call("listGroups", "{}", None, "{}", false, None).expect("call");
    assert_eq!(current.warnings(1.7e12), "[]");
    let pages = client
        .call(
            "listPipelineRuns",
            &format!(r#"{{"groupId":"{GROUP}","pipelineName":"p"}}"#),
            None,
            "{}",
            true,
            None,
        )
        .expect("pager");
    assert!(pages.warnings(1.7e12).contains(r#""kind":"removed""#));
}

#[wasm_bindgen_test]
fn version_gone_names_the_operation_the_version_and_the_newest() {
    let client = Client::new("{}", r#""none""#, None).expect("client");
    let mut call = client
        .call(
            "listClusters",
            &format!(r#"{{"groupId":"{GROUP}"}}"#),
            None,
            r#"{"version":"2023-01-01"}"#,
            false,
            None,
        )
        .expect("call");
    let _send = call.next(0.0, 0).expect("send");
    call.feed_response(
        410,
        vec!["content-type".into(), "application/json".into()],
        br#"{"error":410,"errorCode":"VERSION_GONE","detail":"gone"}"#.to_vec(),
    );
    let e = call.next(0.0, 0).unwrap_err();
    assert_eq!(text(&e, "class"), "VersionGone");
    assert_eq!(text(&e, "operation"), "listGroupClusters");
    assert!(text(&e, "message").contains("2023-01-01"));
    assert!(text(&e, "message").contains("2024-08-05"));
    assert_eq!(get(&e, "status").as_f64(), Some(410.0));
    assert_eq!(text(&e, "errorCode"), "VERSION_GONE");
}

#[wasm_bindgen_test]
fn a_call_with_wait_polls_the_watchers_get_and_wait_until_ends_on_404() {
    let client = Client::new("{}", r#"{"bearer": "tok"}"#, None).expect("client");
    let ct = || vec!["content-type".to_owned(), "application/vnd.atlas.2024-08-05+json".to_owned()];
    let params = format!(r#"{{"groupId":"{GROUP}"}}"#);
    let mut call = client
        .call(
            "createCluster",
            &params,
            Some(r#"{"name":"c1"}"#.into()),
            "{}",
            false,
            Some("".into()),
        )
        .expect("call");
    let step: JsValue = call.next(0.0, 1).expect("send").into();
    assert_eq!(text(&request(&get(&step, "send")), "method"), "POST");
    let reply = format!(r#"{{"name":"c1","groupId":"{GROUP}","stateName":"CREATING"}}"#);
    call.feed_response(201, ct(), reply.into_bytes());
    let wait: JsValue = call.next(0.0, 1).expect("wait").into();
    assert_eq!(get(&wait, "wait").as_f64(), Some(5000.0));
    let step: JsValue = call.next(5000.0, 1).expect("poll").into();
    let poll = request(&get(&step, "send"));
    assert_eq!(text(&poll, "method"), "GET");
    assert!(text(&poll, "url").ends_with("/clusters/c1"), "{}", text(&poll, "url"));
    call.feed_response(200, ct(), br#"{"name":"c1","stateName":"IDLE"}"#.to_vec());
    let done: JsValue = call.next(5000.0, 1).expect("done").into();
    assert_eq!(text(&get(&done, "done"), "json"), r#"{"name":"c1","stateName":"IDLE"}"#);

    let cluster = format!(r#"{{"groupId":"{GROUP}","clusterName":"c1"}}"#);
    let mut gone =
        client.wait_until("getCluster", &cluster, r#"{"status":404}"#, "").expect("wait");
    let _send = gone.next(0.0, 1).expect("poll");
    gone.feed_response(404, vec![], Vec::new());
    let done: JsValue = gone.next(0.0, 1).expect("done").into();
    assert_eq!(js_sys::Object::keys(&get(&done, "done").into()).length(), 0);

    // Options and goals are the core's types: what it does not know is an InvalidConfig.
    let e = client.wait_until("getCluster", &cluster, r#"{"gone":true}"#, "").err().unwrap();
    assert_eq!(
        (text(&e, "class"), text(&e, "code")),
        ("BuildError".into(), "InvalidConfig".into())
    );
    let e = client
        .call("createCluster", &params, None, "{}", false, Some(r#"{"every":1}"#.into()))
        .err();
    assert!(text(&e.unwrap(), "message").contains("every"));
    // No watcher: refused at the first step, before anything is sent.
    let mut none =
        client.call("listClusters", &params, None, "{}", false, Some("".into())).expect("call");
    assert_eq!(text(&none.next(0.0, 1).unwrap_err(), "code"), "NoWatcher");
}
