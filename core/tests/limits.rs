//! Atlas's limits, on the mock's clock: token buckets (with and without their headers), the
//! waits Atlas advises on repeated 429s, and service-account tokens shared instead of minted.

use atlas_admin::driver::{self, Host};
use atlas_admin::mock::MockAtlas;
use atlas_admin::{
    AuthError, CallOptions, Config, Credentials, Error, ErrorClass, ErrorReport, Event,
    RetryPolicy, SavedToken, Session,
};
use serde_json::json;
use std::time::{Duration, SystemTime};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const MINUTE: Duration = Duration::from_secs(60);

fn statuses(atlas: &MockAtlas) -> Vec<u16> {
    atlas.received().iter().map(|r| r.status).collect()
}

/// The mock as host, keeping the events it is told of.
struct Recorder(MockAtlas, Vec<Event>);

impl Host for Recorder {
    fn send(
        &mut self,
        request: &http::Request<Vec<u8>>,
        timeout: Option<Duration>,
    ) -> Result<http::Response<Vec<u8>>, String> {
        self.0.send(request, timeout)
    }
    fn sleep(&mut self, duration: Duration) {
        self.0.sleep(duration)
    }
    fn now(&mut self) -> SystemTime {
        Host::now(&mut self.0)
    }
    fn random(&mut self) -> u64 {
        self.0.random()
    }
    fn event(&mut self, event: Event) {
        self.1.push(event)
    }
}

/// 50 calls through one session against an endpoint set of capacity 10 refilling 5 a minute.
fn fifty_calls(headers: bool) -> (MockAtlas, Vec<Event>) {
    let mut atlas = MockAtlas::new();
    atlas.token_bucket("api/atlas/v2/groups", 10, 5, MINUTE, headers);
    let session = Session::new(Config::default(), Credentials::None);
    let mut recorder = Recorder(atlas, Vec::new());
    for i in 0..50 {
        let mut call = session.call("getProject", &json!({"groupId": GROUP}), None);
        driver::drive(&mut call, &mut recorder, |_| {}).unwrap_or_else(|e| panic!("call {i}: {e}"));
    }
    (recorder.0, recorder.1)
}

#[test]
fn fifty_calls_to_a_bucket_of_ten_meet_one_429_then_wait_for_each_refill() {
    for headers in [true, false] {
        let (atlas, events) = fifty_calls(headers);
        let refused: Vec<usize> = statuses(&atlas)
            .iter()
            .enumerate()
            .filter(|(_, s)| **s == 429)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(
            refused,
            [10],
            "headers: {headers}: only the 11th request meets a 429"
        );
        assert_eq!(atlas.received().len(), 51, "headers: {headers}");
        // 10 at once, then 5 a minute: 8 more minutes for the other 40, and no wait wasted.
        assert_eq!(atlas.waits(), &[MINUTE; 8], "headers: {headers}");
        let waited_for_refill = events.iter().filter(|e| {
            matches!(e, Event::Waiting { reason, .. } if reason.contains("rate limit of api/atlas/v2/groups"))
        });
        assert_eq!(waited_for_refill.count(), 7, "headers: {headers}");
    }
}

#[test]
fn without_headers_the_body_alone_says_how_long_to_wait() {
    let mut atlas = MockAtlas::new();
    atlas.token_bucket("api/atlas/v2/groups", 1, 1, Duration::from_secs(45), false);
    let session = Session::new(Config::default(), Credentials::None);
    let params = json!({"groupId": GROUP});
    atlas
        .run(&mut session.call("getProject", &params, None))
        .unwrap();
    let mut call = session.call("getProject", &params, None);
    atlas.run(&mut call).unwrap();
    assert_eq!(atlas.waits(), &[Duration::from_secs(45)]);
    let metadata = call.metadata().unwrap();
    assert_eq!((metadata.attempts, metadata.rate_limit), (2, None));

    // The session now knows the bucket is empty: a third call waits for it, no 429.
    atlas
        .run(&mut session.call("getProject", &params, None))
        .unwrap();
    assert_eq!(atlas.waits().len(), 2);
    assert!(atlas.received().iter().filter(|r| r.status == 429).count() == 1);

    // A new session does not: given up on (one attempt only), its 429 carries the bucket.
    let once = CallOptions {
        retry: Some(RetryPolicy::no_retries()),
        ..CallOptions::default()
    };
    let fresh = Session::new(Config::default(), Credentials::None);
    let mut call = fresh.call_with("getProject", &params, None, &once);
    let error = atlas.run(&mut call).unwrap_err();
    let report = ErrorReport::new(&error, Some(&call), atlas.now());
    assert_eq!(report.class, ErrorClass::RateLimited);
    assert_eq!(report.retry_after, Some(45.0));
    let bucket = report.rate_limit.clone().unwrap();
    assert_eq!(bucket.path, "api/atlas/v2/groups");
    let figures = (
        bucket.retry_after_seconds,
        bucket.capacity,
        bucket.refill_rate,
    );
    assert_eq!((figures, bucket.refill_duration_seconds), ((45, 1, 1), 45));
    let shown = serde_json::to_value(&report).unwrap();
    assert_eq!(shown["rateLimit"]["refillDurationSeconds"], 45);
}

#[test]
fn with_headers_every_reply_shows_the_bucket_counting_down() {
    let mut atlas = MockAtlas::new();
    atlas.token_bucket("api/atlas/v2/groups", 3, 1, MINUTE, true);
    let session = Session::new(Config::default(), Credentials::None);
    let mut left = Vec::new();
    for _ in 0..3 {
        let mut call = session.call("getProject", &json!({"groupId": GROUP}), None);
        atlas.run(&mut call).unwrap();
        let limit = call.metadata().unwrap().rate_limit.unwrap();
        left.push((limit.limit, limit.remaining));
    }
    assert_eq!(
        left,
        [(Some(3), Some(2)), (Some(3), Some(1)), (Some(3), Some(0))]
    );
}

#[test]
fn repeated_429s_wait_ten_twenty_forty_seconds() {
    let mut atlas = MockAtlas::new();
    let refusal = json!({"error": 429, "errorCode": "RATE_LIMITED", "detail": "slow down"});
    for _ in 0..3 {
        atlas.respond("getProject", 429, &[], refusal.to_string());
    }
    let session = Session::new(Config::default(), Credentials::None);
    atlas
        .run(&mut session.call("getProject", &json!({"groupId": GROUP}), None))
        .unwrap();
    let secs = Duration::from_secs;
    assert_eq!(atlas.waits(), &[secs(10), secs(20), secs(40)]);
}

#[test]
fn a_hundred_calls_over_two_sessions_sharing_a_token_mint_one() {
    let mut atlas = MockAtlas::new();
    atlas.require_oauth("mdb_sa_id", "sa-secret", Duration::from_secs(3600));
    let account = || Credentials::service_account("mdb_sa_id", "sa-secret");
    let first = Session::new(Config::default(), account());
    assert!(
        first.export_token().is_none(),
        "nothing to export before the first call"
    );
    for _ in 0..50 {
        atlas
            .run(&mut first.call("listProjects", &json!({}), None))
            .unwrap();
    }
    // What a token cache does: write the token out, read it back in another process.
    let file = first.export_token().unwrap().to_json();
    let second = Session::new(Config::default(), account());
    assert_eq!(second.token_cache_key(), first.token_cache_key());
    let saved = SavedToken::from_json(file.as_bytes()).unwrap();
    assert!(second.import_token(&saved, atlas.now()));
    for _ in 0..50 {
        atlas
            .run(&mut second.call("listProjects", &json!({}), None))
            .unwrap();
    }
    assert_eq!(atlas.tokens_minted(), 1);
    assert_eq!(
        atlas.received().len(),
        101,
        "one token request and 100 calls"
    );

    // Another account, or another Atlas, does not take it.
    let other = Session::new(
        Config::default(),
        Credentials::service_account("other", "s"),
    );
    assert!(!other.import_token(&saved, atlas.now()));
    let qa = Config::default().with_base_url("https://cloud-qa.mongodb.com");
    assert!(!Session::new(qa, account()).import_token(&saved, atlas.now()));
    let keys = Session::new(Config::default(), Credentials::api_key("p", "k"));
    assert!(keys.export_token().is_none() && keys.token_cache_key().is_none());
}

#[test]
fn a_token_endpoint_that_limits_minting_is_waited_for_then_named() {
    let mut atlas = MockAtlas::new();
    atlas
        .require_oauth("mdb_sa_id", "sa-secret", Duration::from_secs(3600))
        .limit_token_minting(1);
    let account = || Credentials::service_account("mdb_sa_id", "sa-secret");
    let mint = |atlas: &mut MockAtlas, config: Config| {
        let session = Session::new(config, account());
        atlas.run(&mut session.call("listProjects", &json!({}), None))
    };
    mint(&mut atlas, Config::default()).unwrap();
    // A second process minting its own: refused, waited out (10 s, 20 s, 40 s), then served.
    mint(&mut atlas, Config::default()).unwrap();
    let secs = Duration::from_secs;
    assert_eq!(atlas.waits(), &[secs(10), secs(20), secs(40)]);
    assert_eq!(atlas.tokens_minted(), 2);

    let impatient = Config::default().with_retry(RetryPolicy {
        max_attempts: 2,
        ..RetryPolicy::default()
    });
    let error = mint(&mut atlas, impatient).unwrap_err();
    assert!(
        matches!(error, Error::Auth(AuthError::Token { .. })),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("limited to 1 requests every 1 minutes"),
        "{message}"
    );
    assert!(
        message.contains("share one token between processes"),
        "{message}"
    );
}

#[test]
fn no_credentials_at_all_is_refused_before_any_io_and_says_where_they_are_looked_for() {
    let mut atlas = MockAtlas::new();
    let found = Credentials::from_env_vars(|_| None).unwrap();
    assert_eq!(found, Credentials::Missing);
    let session = Session::new(Config::default(), found);
    let mut call = session.call("listProjects", &json!({}), None);
    let error = atlas.run(&mut call).unwrap_err();
    assert!(atlas.received().is_empty(), "nothing sent");
    let report = ErrorReport::new(&error, Some(&call), atlas.now());
    assert_eq!(report.class, ErrorClass::AuthError);
    assert!(
        report.message.contains("MONGODB_ATLAS_CLIENT_ID"),
        "{}",
        report.message
    );
    assert!(
        report.message.contains("no authentication explicitly"),
        "{}",
        report.message
    );
    // The spec's one operation without security needs none; the explicit choice sends none.
    atlas
        .run(&mut session.call("listControlPlaneIpAddresses", &json!({}), None))
        .unwrap();
    let anonymous = Session::new(Config::default(), Credentials::None);
    atlas
        .run(&mut anonymous.call("listProjects", &json!({}), None))
        .unwrap();
    assert!(atlas.received().iter().all(|r| r.auth_scheme.is_none()));
}

#[test]
fn the_cli_project_and_organization_fill_calls_that_name_none() {
    let env = |name: &str| match name {
        "MONGODB_ATLAS_PROJECT_ID" => Some(GROUP.to_owned()),
        "MONGODB_ATLAS_ORG_ID" => Some("4f6b6e34b3d91647abb20e7b".to_owned()),
        _ => None,
    };
    let mut atlas = MockAtlas::new();
    let session = Session::new(Config::default().with_env_vars(env), Credentials::None);
    atlas
        .run(&mut session.call("listClusters", &json!({}), None))
        .unwrap();
    atlas
        .run(&mut session.call("getOrg", &json!({}), None))
        .unwrap();
    let other = "5e6b6e34b3d91647abb20e7c";
    atlas
        .run(&mut session.call("listClusters", &json!({"projectId": other}), None))
        .unwrap();
    let targets: Vec<&str> = atlas.received().iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            format!("/api/atlas/v2/groups/{GROUP}/clusters").as_str(),
            "/api/atlas/v2/orgs/4f6b6e34b3d91647abb20e7b",
            format!("/api/atlas/v2/groups/{other}/clusters").as_str(),
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_file_token_cache_shares_one_token_between_sessions_in_a_private_file() {
    use atlas_admin::driver::token_cache::FileTokenCache;
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("atlas-token-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cache = FileTokenCache::new(dir.join("tokens"));
    let mut atlas = MockAtlas::new();
    atlas.require_oauth("mdb_sa_id", "sa-secret", Duration::from_secs(3600));
    let account = || Credentials::service_account("mdb_sa_id", "sa-secret");
    for _ in 0..2 {
        let session = Session::new(Config::default(), account());
        cache.load(&session, atlas.now());
        for _ in 0..50 {
            atlas
                .run(&mut session.call("listProjects", &json!({}), None))
                .unwrap();
        }
        cache.save(&session).unwrap();
    }
    assert_eq!(atlas.tokens_minted(), 1);
    let key = Session::new(Config::default(), account())
        .token_cache_key()
        .unwrap();
    let file = dir.join("tokens").join(format!("{key}.json"));
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!((mode(&file), mode(&dir.join("tokens"))), (0o600, 0o700));
    assert_eq!(
        std::fs::read_dir(dir.join("tokens")).unwrap().count(),
        1,
        "no temporary file left"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
