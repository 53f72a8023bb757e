//! Feature `log`: every event of a call reaches the `log` facade as it happens, at its level,
//! under target `atlas_admin`, and never with a secret.

use atlas_admin::mock::MockAtlas;
use atlas_admin::{Config, Credentials, Session};
use serde_json::json;
use std::sync::Mutex;
use std::time::Duration;

/// Every record logged: (target, level, message).
static RECORDS: Mutex<Vec<(String, log::Level, String)>> = Mutex::new(Vec::new());

struct Recorder;
static RECORDER: Recorder = Recorder;

impl log::Log for Recorder {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        let entry = (
            record.target().to_owned(),
            record.level(),
            record.args().to_string(),
        );
        RECORDS.lock().unwrap().push(entry);
    }
    fn flush(&self) {}
}

#[test]
fn a_call_logs_its_token_fetch_requests_replies_retry_and_wait() {
    log::set_logger(&RECORDER).unwrap();
    log::set_max_level(log::LevelFilter::Debug);

    let mut atlas = MockAtlas::new();
    atlas.require_oauth("mdb_sa_id_1", "mdb_sa_sk_secret", Duration::from_secs(3600));
    atlas.respond("getGroup", 503, &[], "");
    let session = Session::new(
        Config::default(),
        Credentials::service_account("mdb_sa_id_1", "mdb_sa_sk_secret"),
    );
    let gid = "32b6e34b3d91647abb20e7b8";
    let mut call = session.call("getGroup", &json!({ "groupId": gid }), None);
    atlas.run(&mut call).expect("a 503 then the example reply");

    let records = RECORDS.lock().unwrap().clone();
    let levels: Vec<(log::Level, &str)> = records
        .iter()
        .map(|(target, level, message)| {
            assert_eq!(target, "atlas_admin");
            assert!(!message.contains("mdb_sa_sk_secret"), "{message}");
            (*level, message.split(':').next().unwrap_or_default())
        })
        .collect();
    use log::Level::{Debug, Info, Warn};
    assert_eq!(
        levels,
        [
            (Debug, "getGroup"), // the token request
            (Debug, "getGroup"), // its reply
            (Info, "service account mdb_sa_id_1"),
            (Debug, "getGroup"),
            (Debug, "getGroup"), // 503
            (Warn, "getGroup"),  // retrying
            (Info, "getGroup"),  // waiting
            (Debug, "getGroup"),
            (Debug, "getGroup"), // 200
        ]
    );
    let messages: Vec<&str> = records.iter().map(|r| r.2.as_str()).collect();
    assert!(messages[3].starts_with(&format!(
        "getGroup: sending GET https://cloud.mongodb.com/api/atlas/v2/groups/{gid}"
    )));
    assert_eq!(messages[4], "getGroup: received 503 (attempt 1)");
    assert!(messages[6].contains("waiting"), "{}", messages[6]);
    assert_eq!(messages[8], "getGroup: received 200 (attempt 2)");
}
