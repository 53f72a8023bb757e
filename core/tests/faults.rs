//! The shared fault matrix (`tests/contract/faults.json`) through the core's ureq driver (and its
//! reqwest driver, with feature `reqwest`), real sockets and all, against the fault server
//! (`tests/faults/server.py`) on 127.0.0.1. Every binding's suite runs the same table through its
//! own default transport.

use atlas_admin::driver::{self, Host};
use atlas_admin::Event;
use atlas_admin::{Call, CallOptions, Config, Credentials, Error, Parsed, Session};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn table() -> Value {
    let text = std::fs::read_to_string(root().join("tests/contract/faults.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The fault server, stopped when dropped (closing its stdin ends it).
struct FaultServer {
    child: Child,
    port: u64,
    refused_port: u64,
}

impl FaultServer {
    fn start() -> FaultServer {
        let mut child = Command::new("python3")
            .arg(root().join("tests/faults/server.py"))
            .arg(root().join("tests/contract/faults.json"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the fault server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let ports: Value = serde_json::from_str(&line).expect("the server's ports line");
        FaultServer {
            child,
            port: ports["port"].as_u64().unwrap(),
            refused_port: ports["refusedPort"].as_u64().unwrap(),
        }
    }

    fn base_url(&self, case: &Value) -> String {
        let port = if case["server"] == "refused" {
            self.refused_port
        } else {
            self.port
        };
        format!("http://127.0.0.1:{port}/{}", case["id"].as_str().unwrap())
    }

    /// What the server received for a case, `"METHOD /path?query"` each.
    fn requests(&self, case: &Value) -> Value {
        let url = format!(
            "http://127.0.0.1:{}/{}/_faults/requests",
            self.port,
            case["id"].as_str().unwrap()
        );
        let text = ureq::get(&url)
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        serde_json::from_str(&text).unwrap()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// The ready ureq host, keeping every event it is handed (to look for secrets in them).
struct Recording {
    host: driver::ureq::Host,
    events: Vec<String>,
}

impl Host for Recording {
    fn send(
        &mut self,
        request: &http::Request<Vec<u8>>,
        timeout: Option<Duration>,
    ) -> Result<http::Response<Vec<u8>>, String> {
        self.host.send(request, timeout)
    }
    fn sleep(&mut self, duration: Duration) {
        self.host.sleep(duration)
    }
    fn now(&mut self) -> SystemTime {
        self.host.now()
    }
    fn random(&mut self) -> u64 {
        self.host.random()
    }
    fn event(&mut self, event: Event) {
        self.events
            .push(format!("{event:?} {} {}", event.message(), event.to_json()));
    }
}

fn credentials(c: &Value) -> Credentials {
    let s = |k: &str| c[k].as_str().unwrap().to_owned();
    match c["kind"].as_str().unwrap() {
        "none" => Credentials::None,
        "apiKey" => Credentials::api_key(s("publicKey"), s("privateKey")),
        "serviceAccount" => Credentials::service_account(s("clientId"), s("clientSecret")),
        other => panic!("unknown credentials kind {other}"),
    }
}

/// What one case came to: the result or error as the table states them, and every text a user
/// could see (the error's message and report, the events).
struct Outcome {
    got: Value,
    texts: Vec<String>,
}

/// A driver of the core: carries a call to its end, handing a paging call's items to the
/// closure; returns the result and the events it was handed.
type Drive<'a> =
    dyn FnMut(&mut Call, &mut dyn FnMut(Vec<Value>)) -> (Result<Parsed, Error>, Vec<String>) + 'a;

fn play(server: &FaultServer, table: &Value, case: &Value, drive: &mut Drive) -> Outcome {
    let mut config = table["config"].clone();
    config["baseUrl"] = json!(server.base_url(case));
    let config: Config = serde_json::from_value(config).unwrap();
    let options: CallOptions =
        serde_json::from_value(case.get("options").cloned().unwrap_or(json!({}))).unwrap();
    let session = Session::new(config, credentials(&case["credentials"]));
    let operation = case["operation"].as_str().unwrap();
    let paged = case["paged"] == true;
    let mut call = if paged {
        session.pages_with(operation, &case["params"], &options)
    } else {
        session.call_with(operation, &case["params"], case.get("body"), &options)
    };
    let mut items = Vec::new();
    let (result, mut texts) = drive(&mut call, &mut |page| items.extend(page));
    let got = match result {
        Err(error) => {
            let report = call.report(&error, SystemTime::now());
            texts.push(format!("{error} {error:?}"));
            let report = serde_json::to_value(&report).unwrap();
            texts.push(report.to_string());
            json!({ "error": report })
        }
        Ok(_) if paged => {
            json!({ "items": items.iter().map(|i| i["id"].clone()).collect::<Vec<_>>() })
        }
        Ok(parsed) => json!({ "result": parsed.as_json().cloned().unwrap_or(Value::Null) }),
    };
    Outcome { got, texts }
}

/// Runs every case of the table with `drive` and checks it ends as the table says.
fn run_the_table(drive: &mut Drive) {
    let table = table();
    let server = FaultServer::start();
    let within = Duration::from_secs_f64(table["withinSeconds"].as_f64().unwrap());
    for case in table["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let started = Instant::now();
        let outcome = play(&server, &table, case, drive);
        let took = started.elapsed();
        println!("{name}: {} in {took:?}", outcome.got);
        let expect = &case["expect"];
        for kind in ["error", "result"] {
            if let Some(fields) = expect.get(kind) {
                for (field, want) in fields.as_object().unwrap() {
                    assert_eq!(&outcome.got[kind][field], want, "{name}: {kind}.{field}");
                }
            }
        }
        if let Some(items) = expect.get("items") {
            assert_eq!(&outcome.got["items"], items, "{name}: items");
        }
        assert_eq!(
            server.requests(case),
            expect["requests"],
            "{name}: requests"
        );
        assert!(took < within, "{name}: took {took:?}, past {within:?}");
        for secret in table["secrets"].as_array().unwrap() {
            let secret = secret.as_str().unwrap();
            for text in &outcome.texts {
                assert!(!text.contains(secret), "{name}: {secret} shown in {text}");
            }
        }
    }
}

#[test]
fn every_fault_case_ends_as_the_table_says_through_ureq() {
    let mut host = Recording {
        host: driver::ureq::Host::new(),
        events: Vec::new(),
    };
    run_the_table(&mut |call, on_items| {
        let result = driver::drive(call, &mut host, on_items);
        (result, std::mem::take(&mut host.events))
    });
}

/// The reqwest driver keeps no events (it drops them), so only the error's texts are searched
/// for secrets here.
#[cfg(feature = "reqwest")]
#[test]
fn every_fault_case_ends_as_the_table_says_through_reqwest() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = reqwest::Client::new();
    run_the_table(&mut |call, on_items| {
        let result = runtime.block_on(driver::reqwest::drive(call, &client, on_items));
        (result, Vec::new())
    });
}
