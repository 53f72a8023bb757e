//! Speed of the core where users feel it: building requests in tight loops and reading big list
//! replies. `serde_json::from_slice::<Value>` on the same bytes is the ceiling we compare to.
//!
//! The 5 MB reply comes from `cargo run -p codegen -- bench-data DIR` (seeded, from the spec);
//! `bench/run` makes it and points `ATLAS_BENCH_DATA` at DIR.

use atlas_admin::{build_request, parse_response, Config};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use serde_json::{json, Value};
use std::path::PathBuf;

const G: &str = "32b6e34b3d91647abb20e7b8";

fn build(c: &mut Criterion) {
    let config = Config::default();
    let simple = json!({"groupId": G});
    let ten = json!({
        "groupId": G, "includeCount": true, "itemsPerPage": 100, "pageNum": 3, "pretty": false,
        "clusterNames": ["Cluster0", "Cluster1"], "includeRaw": false,
        "minDate": "2024-01-01T00:00:00Z", "maxDate": "2024-02-01T00:00:00+01:00",
    });
    let roles: Vec<Value> = (0..24)
        .map(|i| json!({"databaseName": format!("database-{i}"), "roleName": "readWrite", "collectionName": format!("collection-{i}")}))
        .collect();
    let user = json!({"databaseName": "admin", "groupId": G, "username": "app-user", "password": "a-long-password-1234", "roles": roles});
    let user_bytes = serde_json::to_vec(&user).unwrap().len();
    let mut g = c.benchmark_group("build_request");
    g.bench_function("GET getProject", |b| {
        b.iter(|| build_request(&config, "getProject", black_box(&simple), None).unwrap())
    });
    g.bench_function("GET listProjectEvents, 10 query params", |b| {
        b.iter(|| build_request(&config, "listProjectEvents", black_box(&ten), None).unwrap())
    });
    g.bench_function(
        format!("POST createDatabaseUser, {user_bytes} B body"),
        |b| {
            b.iter(|| {
                build_request(
                    &config,
                    "createDatabaseUser",
                    black_box(&simple),
                    Some(black_box(&user)),
                )
                .unwrap()
            })
        },
    );
    g.finish();
}

fn data_dir() -> PathBuf {
    std::env::var_os("ATLAS_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data"))
}

fn parse(c: &mut Criterion) {
    let path = data_dir().join("clusters-5mb.json");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!(
            "skipping parse benchmarks: {} is missing (run bench/run)",
            path.display()
        );
        return;
    };
    let reply = http::Response::builder()
        .status(200)
        .header("content-type", "application/vnd.atlas.2024-08-05+json")
        .body(bytes.clone())
        .unwrap();
    let mut g = c.benchmark_group("parse 5 MB listClusters");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(10);
    g.bench_function("serde_json::from_slice::<Value> (ceiling)", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&bytes)).unwrap())
    });
    g.bench_function("parse_response (dynamic)", |b| {
        b.iter(|| parse_response("listClusters", black_box(&reply)).unwrap())
    });
    #[cfg(feature = "models")]
    g.bench_function("from_response (typed)", |b| {
        use atlas_admin::typed::Endpoint;
        // The typed layer reads the reply by value, as a host hands it over.
        b.iter_batched(
            || reply.clone(),
            |r| atlas_admin::models::ops::ListClusters::from_response(r).unwrap(),
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn digest(c: &mut Criterion) {
    use atlas_admin::auth::digest::Challenge;
    let mut g = c.benchmark_group("digest");
    for alg in ["MD5", "SHA-256"] {
        let header = format!(
            r#"Digest realm="MMS Public API", domain="", nonce="OGxlsTZ2wB8zdWDfjEYZOSmMlMkhkEVL", algorithm={alg}, qop="auth", stale=false"#
        );
        g.bench_function(
            format!("parse challenge + Authorization header, {alg}"),
            |b| {
                b.iter(|| {
                    let ch = Challenge::parse([black_box(header.as_str())]).unwrap();
                    ch.authorization(
                        "publickey",
                        "private-key",
                        "GET",
                        "/api/atlas/v2/groups",
                        b"",
                        7,
                        "0a4f113b",
                    )
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, build, parse, digest);
criterion_main!(benches);
