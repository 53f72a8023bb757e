//! An offline tour of the sans-IO core: build real requests, show them as curl commands,
//! read canned replies, and see a validation error; then a full session on the built-in mock
//! Atlas (digest challenge, a paged list, a 429 with back-off). No account, no network.
//!
//!     cargo run -p atlas-admin --example quickstart

use atlas_admin::{
    build_request, build_request_with, operation, parse_response, to_curl, CallOptions, Config,
    Error, Parsed,
};
use serde_json::json;

#[path = "session_tour.rs"]
mod session_tour;

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::default();
    println!(
        "atlas-admin knows {} operations.\n",
        atlas_admin::operations().len()
    );

    // 1. A list call: path and query parameters checked against the spec, then encoded.
    let list = build_request(
        &config,
        "listClusters",
        &json!({"groupId": GROUP, "itemsPerPage": 5}),
        None,
    )?;
    println!(
        "# listClusters (newest stable version by default)\n{}\n",
        to_curl(&list)
    );

    // 2. A create call with a body; the spec's version for that body travels in Content-Type.
    let mut create = build_request(
        &config,
        "createDatabaseUser",
        &json!({"groupId": GROUP}),
        Some(&json!({
            "databaseName": "admin",
            "groupId": GROUP,
            "username": "app-user",
            "password": "s3cret-never-printed",
            "roles": [{"databaseName": "app", "roleName": "readWrite"}]
        })),
    )?;
    // Credentials go in headers at send time; renderings never show them.
    create.headers_mut().insert(
        "authorization",
        "Digest username=\"pub\", response=\"abc\"".parse()?,
    );
    println!(
        "# createDatabaseUser (Authorization redacted)\n{}\n",
        to_curl(&create)
    );

    // 3. The same operation pinned to an older version, and a CSV download.
    let old = build_request_with(
        &config,
        "listClusters",
        &json!({"groupId": GROUP}),
        None,
        &CallOptions::version("2023-01-01"),
    )?;
    println!(
        "# listClusters pinned to 2023-01-01: Accept {}\n",
        old.headers()["accept"].to_str()?
    );
    let csv = build_request_with(
        &config,
        "getInvoice",
        &json!({"orgId": GROUP, "invoiceId": "66a0c1d1b2e4a62c5fd2b3a4"}),
        None,
        &CallOptions {
            format: atlas_admin::Format::parse("csv"),
            ..CallOptions::default()
        },
    )?;
    println!(
        "# getInvoice as CSV: Accept {}\n",
        csv.headers()["accept"].to_str()?
    );

    // 4. Canned replies: a page of clusters, and Atlas saying no.
    let page = http::Response::builder()
        .status(200)
        .header("content-type", "application/vnd.atlas.2024-08-05+json")
        .body(br#"{"results":[{"name":"Cluster0","stateName":"IDLE","newFieldFromTheFuture":1}],"totalCount":1}"#.to_vec())?;
    if let Parsed::Json(v) = parse_response("listClusters", &page)? {
        println!(
            "# parsed page: {} cluster(s), first is {} (unknown fields kept: {})\n",
            v["totalCount"], v["results"][0]["name"], v["results"][0]["newFieldFromTheFuture"]
        );
    }
    let not_found = http::Response::builder()
        .status(404)
        .header("content-type", "application/json")
        .body(br#"{"detail":"Cannot find resource AWS","error":404,"errorCode":"RESOURCE_NOT_FOUND","reason":"Not Found"}"#.to_vec())?;
    if let Err(Error::Api(e)) = parse_response("listClusters", &not_found) {
        println!("# an API error: {e}\n");
    }

    // 5. Bad input never leaves the machine: the error names the parameter and the rule.
    match build_request(
        &config,
        "listClusters",
        &json!({"groupId": "not-a-project-id"}),
        None,
    ) {
        Err(e) => println!("# a validation error, before any I/O:\n{e}\n"),
        Ok(_) => unreachable!("an invalid groupId is refused"),
    }
    match build_request(&config, "listCluster", &json!({}), None) {
        Err(e) => println!("# a typo in the operation id:\n{e}\n"),
        Ok(_) => unreachable!(),
    }
    let op = operation("createCluster").expect("in the spec");
    println!(
        "# createCluster is {} ({} {}), also known as {:?} — versions {:?}\n  docs: {}",
        op.id,
        op.method,
        op.path,
        atlas_admin::operation_names(op),
        op.versions.iter().map(|v| v.name).collect::<Vec<_>>(),
        op.docs_url().unwrap_or_default()
    );
    match build_request(&config, "removeUserFromTeam", &json!({}), None) {
        Err(e) => println!("# a name two operations had:\n{e}\n"),
        Ok(_) => unreachable!(),
    }
    let call = atlas_admin::Session::new(config.clone(), atlas_admin::Credentials::None).call(
        "pausePipeline",
        &json!({"groupId": "32b6e34b3d91647abb20e7b8", "pipelineName": "nightly"}),
        None,
    );
    for w in call.warnings(std::time::SystemTime::now()) {
        println!("# warning: {w}");
    }

    println!("\n=== Part 2: a whole session on the in-process mock Atlas ===\n");
    session_tour::main();
    Ok(())
}
