//! A full session against the in-process mock Atlas, offline: a Digest challenge, a paged list,
//! a 429 with back-off and validation errors, printing each request as a curl command.
//!
//!     cargo run -p atlas-admin --example session_tour

use atlas_admin::mock::MockAtlas;
use atlas_admin::{to_curl, Action, Config, Credentials, PageStep, Parsed, Session};
use serde_json::json;

const GROUP: &str = "5f4e3d2c1b0a99887766aabb";
const PUBLIC_KEY: &str = "tourpubkey";
const PRIVATE_KEY: &str = "0d3e1f2a-tour-private-key";

/// The binding loop of a host, with the mock as its transport and its clock as time.
fn drive(
    atlas: &mut MockAtlas,
    call: &mut atlas_admin::Call,
    random: &mut u64,
) -> Result<Parsed, atlas_admin::Error> {
    loop {
        *random = random.wrapping_mul(6364136223846793005).wrapping_add(1);
        match call.next(atlas.now(), *random) {
            Action::Send(request) => {
                println!("  -> {}", to_curl(&request));
                let response = atlas.handle(&request);
                println!("  <- {}", response.status());
                call.feed_response(response);
            }
            Action::Wait(delay) => {
                println!("  .. waiting {delay:?} (simulated)");
                atlas.advance(delay);
            }
            Action::Done(result) => return result,
        }
    }
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
    let mut random = 2024;
    let start = atlas.now();
    println!("session: {session:?}\n");

    println!("1. First call: Atlas challenges, the session answers with Digest");
    let r = drive(
        &mut atlas,
        &mut session.call("listProjects", &json!({}), None),
        &mut random,
    );
    println!("  = {}\n", summary(&r));

    println!("2. Warm session: the nonce is reused, one round trip");
    let r = drive(
        &mut atlas,
        &mut session.call("getProject", &json!({"groupId": GROUP}), None),
        &mut random,
    );
    println!("  = {}\n", summary(&r));

    println!("3. A paged list: 7 clusters, 3 per page");
    let mut pager = session.pages(
        "listClusters",
        &json!({"groupId": GROUP, "itemsPerPage": 3}),
    );
    loop {
        random = random.wrapping_mul(6364136223846793005).wrapping_add(1);
        match pager.next(atlas.now(), random) {
            PageStep::Send(request) => {
                println!("  -> {}", to_curl(&request));
                let response = atlas.handle(&request);
                println!("  <- {}", response.status());
                pager.feed_response(response);
            }
            PageStep::Wait(delay) => atlas.advance(delay),
            PageStep::Items(items) => {
                let names: Vec<&str> = items.iter().filter_map(|i| i["name"].as_str()).collect();
                println!("  page: {names:?}");
            }
            PageStep::Done(result) => {
                println!(
                    "  = done: {} items in {} pages {:?}\n",
                    pager.items_seen(),
                    pager.pages(),
                    result
                );
                break;
            }
        }
    }

    println!("4. Rate limited: 429 with Retry-After: 2, then success");
    atlas.rate_limit(1, 2);
    let r = drive(
        &mut atlas,
        &mut session.call("listProjects", &json!({}), None),
        &mut random,
    );
    println!("  = {}\n", summary(&r));

    println!("5. A bad parameter is refused before any I/O");
    let r = drive(
        &mut atlas,
        &mut session.call("getProject", &json!({"groupId": "not-an-id"}), None),
        &mut random,
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
        &mut random,
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
        &mut random,
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
