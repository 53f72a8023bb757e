//! The shared table of error scenarios (`tests/contract/error-cases.json`), run through the
//! core's reference driver with a scripted host. Every binding's suite runs the same table and
//! must produce the same class, fields and message.

use atlas_admin::driver::{self, Host};
use atlas_admin::{Config, Credentials, ErrorReport, Session};
use serde_json::Value;
use std::collections::VecDeque;
use std::time::{Duration, SystemTime};

struct Scripted {
    replies: VecDeque<Value>,
    sent: usize,
}

impl Host for Scripted {
    fn send(
        &mut self,
        _request: &http::Request<Vec<u8>>,
        _timeout: Option<Duration>,
    ) -> Result<http::Response<Vec<u8>>, String> {
        self.sent += 1;
        let reply = self
            .replies
            .pop_front()
            .expect("more requests than replies");
        if let Some(message) = reply.get("transportError") {
            return Err(message.as_str().unwrap().to_owned());
        }
        let mut response =
            http::Response::builder().status(reply["status"].as_u64().unwrap() as u16);
        for (name, value) in reply["headers"].as_object().unwrap() {
            response = response.header(name, value.as_str().unwrap());
        }
        let body = match &reply["body"] {
            Value::String(s) => s.clone().into_bytes(),
            other => serde_json::to_vec(other).unwrap(),
        };
        Ok(response.body(body).unwrap())
    }
    fn sleep(&mut self, _: Duration) {}
    fn now(&mut self) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000)
    }
    fn random(&mut self) -> u64 {
        7
    }
}

fn credentials(c: &Value) -> Credentials {
    match c["kind"].as_str().unwrap() {
        "none" => Credentials::None,
        "apiKey" => Credentials::api_key(
            c["publicKey"].as_str().unwrap(),
            c["privateKey"].as_str().unwrap(),
        ),
        other => panic!("unknown credentials kind {other}"),
    }
}

fn table() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/contract/error-cases.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_error_case_gives_the_tabled_report() {
    let table = table();
    let config: Config = serde_json::from_value(table["config"].clone()).unwrap();
    for case in table["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let session = Session::new(config.clone(), credentials(&case["credentials"]));
        let mut call = session.call(
            case["operation"].as_str().unwrap(),
            &case["params"],
            case.get("body"),
        );
        let mut host = Scripted {
            replies: case["replies"]
                .as_array()
                .unwrap()
                .iter()
                .cloned()
                .collect(),
            sent: 0,
        };
        let error = driver::drive(&mut call, &mut host, |_| {}).expect_err(name);
        let report = call.report(&error, host.now());
        let got = serde_json::to_value(&report).unwrap();
        println!("{name}: {}", serde_json::to_string(&got).unwrap());
        for (field, want) in case["expect"].as_object().unwrap() {
            assert_eq!(&got[field], want, "{name}: field {field}");
        }
        assert!(host.replies.is_empty(), "{name}: replies left unused");
        assert!(
            !report.message.contains("private-key-never-shown"),
            "{name}"
        );
        let _: &ErrorReport = &report;
    }
}
