//! Waiters: a call, then a GET polled until the work it started is over, on the mock's clock.

use atlas_admin::mock::MockAtlas;
use atlas_admin::{
    BuildError, CallOptions, Config, Credentials, Error, ErrorClass, Session, WaitGoal, WaitOptions,
};
use serde_json::{json, Value};
use std::time::Duration;

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const JSON_2024: (&str, &str) = ("content-type", "application/vnd.atlas.2024-08-05+json");
const JSON_2023: (&str, &str) = ("content-type", "application/vnd.atlas.2023-01-01+json");

fn session() -> Session {
    Session::new(Config::default(), Credentials::None)
}

fn cluster(state: &str) -> String {
    json!({"name": "c1", "groupId": GROUP, "stateName": state}).to_string()
}

fn error(status: u16, code: &str) -> String {
    json!({"error": status, "errorCode": code, "detail": code}).to_string()
}

/// (method, target) of every request the mock received.
fn sent(atlas: &MockAtlas) -> Vec<(String, String)> {
    let received = atlas.received().iter();
    received
        .map(|r| (r.method.clone(), r.target.clone()))
        .collect()
}

#[test]
fn a_created_cluster_is_waited_for_until_idle_through_a_503_and_a_429() {
    let mut atlas = MockAtlas::new();
    atlas
        .respond("createGroupCluster", 201, &[JSON_2024], cluster("CREATING"))
        .respond("getGroupCluster", 200, &[JSON_2024], cluster("CREATING"))
        .respond(
            "getGroupCluster",
            503,
            &[],
            error(503, "SERVICE_UNAVAILABLE"),
        )
        .respond(
            "getGroupCluster",
            429,
            &[("retry-after", "7")],
            error(429, "RATE_LIMITED"),
        )
        .respond("getGroupCluster", 200, &[JSON_2024], cluster("UPDATING"))
        .respond("getGroupCluster", 200, &[JSON_2024], cluster("IDLE"));
    let body = json!({"name": "c1", "clusterType": "REPLICASET"});
    let mut call = session().call_and_wait(
        "createCluster",
        &json!({ "groupId": GROUP }),
        Some(&body),
        &CallOptions::default(),
        &WaitOptions::default(),
    );
    let reply = atlas.run(&mut call).expect("the cluster becomes IDLE");
    assert_eq!(reply.as_json().unwrap()["stateName"], "IDLE");

    let get = format!("/api/atlas/v2/groups/{GROUP}/clusters/c1");
    let mut expected = vec![(
        "POST".into(),
        format!("/api/atlas/v2/groups/{GROUP}/clusters"),
    )];
    expected.extend(std::iter::repeat_n(("GET".into(), get), 5));
    assert_eq!(sent(&atlas), expected);
    // 5 s before the first poll, 7.5 s before the second; inside that poll the 503 is retried
    // after a short back-off and the 429 after its Retry-After (7 s); 11.25 s before the last.
    let waits: Vec<f64> = atlas.waits().iter().map(Duration::as_secs_f64).collect();
    assert_eq!(waits.len(), 5, "{waits:?}");
    assert_eq!(
        (waits[0], waits[1], waits[3], waits[4]),
        (5.0, 7.5, 7.0, 11.25)
    );
    assert!(waits[2] < 1.0, "{waits:?}");
    assert!(call.attempts() >= 6, "{}", call.attempts());
}

#[test]
fn a_deleted_cluster_is_waited_for_until_404() {
    let mut atlas = MockAtlas::new();
    atlas
        .respond("deleteGroupCluster", 202, &[], "")
        .respond("getGroupCluster", 200, &[JSON_2024], cluster("DELETING"))
        .respond("getGroupCluster", 404, &[], error(404, "CLUSTER_NOT_FOUND"));
    let params = json!({"groupId": GROUP, "clusterName": "c1"});
    let mut call = session().call_and_wait(
        "deleteCluster",
        &params,
        None,
        &CallOptions::default(),
        &WaitOptions::default(),
    );
    let result = atlas.run(&mut call).expect("gone after the second poll");
    assert!(result.as_json().is_none());
    let methods: Vec<String> = sent(&atlas).into_iter().map(|(m, _)| m).collect();
    assert_eq!(methods, ["DELETE", "GET", "GET"]);
}

#[test]
fn a_failed_backup_export_is_a_failure_not_a_success() {
    let mut atlas = MockAtlas::new();
    let export =
        |state: &str| json!({"id": "6500000000000000000000aa", "state": state}).to_string();
    atlas
        .respond(
            "createGroupClusterBackupExport",
            200,
            &[JSON_2023],
            export("Queued"),
        )
        .respond(
            "getGroupClusterBackupExport",
            200,
            &[JSON_2023],
            export("InProgress"),
        )
        .respond(
            "getGroupClusterBackupExport",
            200,
            &[JSON_2023],
            export("Failed"),
        );
    let params = json!({"groupId": GROUP, "clusterName": "c1"});
    let body = json!({"snapshotId": "6500000000000000000000bb", "exportBucketId": "6500000000000000000000cc"});
    let mut call = session().call_and_wait(
        "createGroupClusterBackupExport",
        &params,
        Some(&body),
        &CallOptions::default(),
        &WaitOptions::default(),
    );
    let err = atlas.run(&mut call).unwrap_err();
    assert!(
        matches!(&err, Error::WaitFailed { state, .. } if state == "Failed"),
        "{err}"
    );
    let report = call.report(&err, atlas.now());
    assert_eq!(report.class, ErrorClass::WaitError);
    assert_eq!(report.lineage, ["WaitError", "AtlasError"]);
    assert_eq!(
        report.message,
        format!(
            "createGroupClusterBackupExport (GET https://cloud.mongodb.com/api/atlas/v2/groups/{GROUP}/clusters/c1/backup/exports/6500000000000000000000aa): the work failed: polling getGroupClusterBackupExport, `state` became Failed"
        )
    );
}

#[test]
fn a_wait_stops_at_its_deadline_naming_the_last_state() {
    let mut atlas = MockAtlas::new();
    atlas.respond("createGroupCluster", 201, &[JSON_2024], cluster("CREATING"));
    for _ in 0..20 {
        atlas.respond("getGroupCluster", 200, &[JSON_2024], cluster("CREATING"));
    }
    let wait = WaitOptions {
        timeout: Duration::from_secs(60),
        ..WaitOptions::default()
    };
    let start = atlas.now();
    let mut call = session().call_and_wait(
        "createCluster",
        &json!({ "groupId": GROUP }),
        Some(&json!({"name": "c1"})),
        &CallOptions::default(),
        &wait,
    );
    let err = atlas.run(&mut call).unwrap_err();
    let waited = atlas.now().duration_since(start).unwrap();
    assert_eq!(waited, Duration::from_secs(60), "never past the deadline");
    assert!(
        matches!(&err, Error::WaitTimedOut { last: Some(s), .. } if s == "CREATING"),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "gave up waiting after 60 s: polling getGroupCluster, the last state seen was CREATING"
    );
}

#[test]
fn a_generic_wait_polls_any_get_and_refuses_anything_else() {
    let mut atlas = MockAtlas::new();
    let job = |state: &str| json!({"id": "j1", "status": {"phase": state}}).to_string();
    atlas
        .respond("getGroupCluster", 200, &[JSON_2024], job("RUNNING"))
        .respond("getGroupCluster", 200, &[JSON_2024], job("DONE"));
    let goal = WaitGoal::State {
        path: "status.phase".into(),
        done: vec!["DONE".into()],
        failed: vec!["ERROR".into()],
    };
    let params = json!({"groupId": GROUP, "clusterName": "c1"});
    let s = session();
    let mut call = s.wait_until("getCluster", &params, goal.clone(), &WaitOptions::default());
    let reply: Value = atlas.run(&mut call).unwrap().as_json().unwrap().clone();
    assert_eq!(reply["status"]["phase"], "DONE");

    let before = atlas.received().len();
    let mut post = s.wait_until("createCluster", &params, goal, &WaitOptions::default());
    let err = atlas.run(&mut post).unwrap_err();
    assert!(
        matches!(err, Error::Build(BuildError::NotPollable { .. })),
        "{err}"
    );
    let mut none = s.call_and_wait(
        "listClusters",
        &json!({ "groupId": GROUP }),
        None,
        &CallOptions::default(),
        &WaitOptions::default(),
    );
    let err = atlas.run(&mut none).unwrap_err();
    assert!(
        matches!(err, Error::Build(BuildError::NoWatcher { .. })),
        "{err}"
    );
    assert_eq!(atlas.received().len(), before, "refused before any I/O");
}

#[test]
fn every_watcher_polls_a_get_with_every_parameter_it_needs() {
    let watched: Vec<_> = atlas_admin::operations()
        .iter()
        .filter_map(|op| op.watcher.map(|w| (op, w)))
        .collect();
    assert_eq!(watched.len(), 25);
    for (op, w) in watched {
        let get = atlas_admin::find_operation(w.operation).unwrap();
        assert_eq!(get.method, atlas_admin::Method::Get, "{}", op.id);
        assert!(get.version(w.version).is_some(), "{}: {}", op.id, w.version);
        for p in get.params.iter().filter(|p| p.required) {
            assert!(
                w.params.iter().any(|(n, _)| *n == p.name),
                "{}: {}",
                op.id,
                p.name
            );
        }
    }
    let update = atlas_admin::find_operation("updateGroupCluster").unwrap();
    assert_eq!(update.watcher.unwrap().operation, "getGroupCluster");
}

#[test]
fn any_timeout_and_interval_a_caller_can_send_are_safe() {
    let wait: WaitOptions = serde_json::from_str(r#"{"timeout": 1e18}"#).unwrap();
    let wait = WaitOptions {
        interval: Duration::MAX,
        max_interval: Duration::MAX,
        ..wait
    };
    let mut atlas = MockAtlas::new();
    atlas.respond("getGroupCluster", 200, &[JSON_2024], cluster("IDLE"));
    let goal = WaitGoal::Status(404);
    let params = json!({"groupId": GROUP, "clusterName": "c1"});
    let mut call = session().wait_until("getCluster", &params, goal, &wait);
    // The first poll is at once; its 200 means "still there": the next pause is long, not a panic.
    let now = atlas.now();
    for _ in 0..3 {
        match call.next(now, 1) {
            atlas_admin::Action::Send(request) => call.feed_response(atlas.handle(&request)),
            atlas_admin::Action::Wait(pause) => {
                assert!(pause > Duration::from_secs(1 << 31), "{pause:?}");
                return;
            }
            other => panic!("{other:?}"),
        }
    }
    panic!("no pause after a poll");
}
