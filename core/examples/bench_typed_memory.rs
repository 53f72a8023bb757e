//! Peak memory of reading the 5 MB list reply once, for `bench/run`: a fresh process reads the
//! file, decodes it as asked and prints its VmHWM (Linux `/proc/self/status`) in bytes.
//!
//!     cargo run --release -p atlas-admin --example bench_typed_memory -- FILE none|value|typed

use atlas_admin::models::ops::ListClusters;
use atlas_admin::typed::Endpoint;

fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kb.unwrap_or(0) * 1024
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (path, mode) = (&args[1], args[2].as_str());
    let bytes = std::fs::read(path).expect("the list reply (bench/run writes it)");
    let reply = http::Response::builder()
        .status(200)
        .header("content-type", "application/vnd.atlas.2024-08-05+json")
        .body(bytes)
        .unwrap();
    let items = match mode {
        "none" => 0,
        "value" => {
            let v: serde_json::Value = serde_json::from_slice(reply.body()).unwrap();
            v["results"].as_array().map_or(0, Vec::len)
        }
        "typed" => {
            let page = ListClusters::from_response(reply).unwrap();
            page.results.map_or(0, |r| r.len())
        }
        other => panic!("mode {other}: none, value or typed"),
    };
    println!("{{\"peak_rss\": {}, \"items\": {items}}}", peak_rss());
}
