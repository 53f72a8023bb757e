//! A full session against the in-process mock Atlas, offline: a Digest challenge, a paged list,
//! a 429 with back-off and validation errors, printing each request as a curl command.
//!
//!     cargo run -p atlas-admin --example session_tour

use atlas_admin::driver::{self, Host};
use atlas_admin::mock::MockAtlas;
use atlas_admin::{to_curl, Config, Credentials, Parsed, Session};
use serde_json::json;
use std::time::{Duration, SystemTime};

const GROUP: &str = "5f4e3d2c1b0a99887766aabb";
const PUBLIC_KEY: &str = "tourpubkey";
const PRIVATE_KEY: &str = "0d3e1f2a-tour-private-key";

/// The mock as the host of the core's reference driver, printing each request as curl.
struct Tour<'a>(&'a mut MockAtlas);

impl Host for Tour<'_> {
    fn send(
        &mut self,
        request: &http::Request<Vec<u8>>,
        timeout: Option<Duration>,
    ) -> Result<http::Response<Vec<u8>>, String> {
        println!("  -> {}", to_curl(request));
        let response = self.0.send(request, timeout)?;
        println!("  <- {}", response.status());
        Ok(response)
    }

    fn sleep(&mut self, delay: Duration) {
        println!("  .. waiting {delay:?} (simulated)");
        self.0.sleep(delay);
    }

    fn now(&mut self) -> SystemTime {
        Host::now(self.0)
    }

    fn random(&mut self) -> u64 {
        self.0.random()
    }
}

fn drive(
    atlas: &mut MockAtlas,
    call: &mut atlas_admin::Call,
) -> Result<Parsed, atlas_admin::Error> {
    driver::drive(call, &mut Tour(atlas), |_| {})
}

/// Also run by the quickstart, after its offline request-building tour.
pub fn main() {
    let mut atlas = MockAtlas::new();
    atlas.require_digest(PUBLIC_KEY, PRIVATE_KEY);
    atlas.list_items("listClusters", 7);
    let session = Session::new(
        Config::default(),
        Credentials::api_key(PUBLIC_KEY, PRIVATE_KEY),
    );
    let start = atlas.now();
    println!("session: {session:?}\n");

    println!("1. First call: Atlas challenges, the session answers with Digest");
    let r = drive(
        &mut atlas,
        &mut session.call("listProjects", &json!({}), None),
    );
    println!("  = {}\n", summary(&r));

    println!("2. Warm session: the nonce is reused, one round trip");
    let r = drive(
        &mut atlas,
        &mut session.call("getProject", &json!({"groupId": GROUP}), None),
    );
    println!("  = {}\n", summary(&r));

    println!("3. A paged list: 7 clusters, 3 per page");
    let mut pager = session.pages(
        "listClusters",
        &json!({"groupId": GROUP, "itemsPerPage": 3}),
    );
    let result = driver::drive(&mut pager, &mut Tour(&mut atlas), |items| {
        let names: Vec<&str> = items.iter().filter_map(|i| i["name"].as_str()).collect();
        println!("  page: {names:?}");
    });
    println!(
        "  = done: {} items in {} pages {:?}\n",
        pager.items_seen(),
        pager.pages_seen(),
        result
    );

    println!("4. Rate limited: 429 with Retry-After: 2, then success");
    atlas.rate_limit(1, 2);
    let r = drive(
        &mut atlas,
        &mut session.call("listProjects", &json!({}), None),
    );
    println!("  = {}\n", summary(&r));

    println!("5. A bad parameter is refused before any I/O");
    let r = drive(
        &mut atlas,
        &mut session.call("getProject", &json!({"groupId": "not-an-id"}), None),
    );
    println!("  = {}\n", summary(&r));

    println!("6. Atlas rejects a body (scripted 400); the database user's password stays redacted");
    atlas.respond(
        "createDatabaseUser",
        400,
        &[("content-type", "application/json")],
        r#"{"error":400,"errorCode":"INVALID_ATTRIBUTE","reason":"Bad Request","detail":"Invalid attribute roles specified.","badRequestDetail":{"fields":[{"field":"roles","description":"must not be empty"}]}}"#,
    );
    let user = json!({"databaseName": "admin", "groupId": GROUP, "username": "app", "password": "hunter2-secret", "roles": []});
    let r = drive(
        &mut atlas,
        &mut session.call(
            "createDatabaseUser",
            &json!({"groupId": GROUP}),
            Some(&user),
        ),
    );
    println!("  = {}", summary(&r));
    if let Some(api) = r.as_ref().err().and_then(|e| e.api_error()) {
        println!("  fields: {:?}\n", api.bad_request_fields());
    }

    println!("7. Wrong keys: the challenge is answered once, then the error says so");
    let wrong = Session::new(
        Config::default(),
        Credentials::api_key(PUBLIC_KEY, "not-the-key"),
    );
    let r = drive(
        &mut atlas,
        &mut wrong.call("listProjects", &json!({}), None),
    );
    println!("  = {}\n", summary(&r));

    let received = atlas.received();
    println!(
        "{} requests, {} answered 401, {} answered 429; simulated time passed: {:?}",
        received.len(),
        received.iter().filter(|r| r.status == 401).count(),
        received.iter().filter(|r| r.status == 429).count(),
        atlas.now().duration_since(start).unwrap_or_default()
    );
}

fn summary(result: &Result<Parsed, atlas_admin::Error>) -> String {
    match result {
        Ok(Parsed::Json(v)) => {
            let text = v.to_string();
            let short: String = text.chars().take(100).collect();
            format!("ok {short}{}", if text.len() > 100 { "…" } else { "" })
        }
        Ok(other) => format!("ok {other:?}"),
        Err(e) => format!("error: {e}"),
    }
}
