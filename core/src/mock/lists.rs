//! Fabricated list pages, shaped like Atlas's paginated responses.

use serde_json::{json, Value};

/// Atlas's own limits on page size.
const DEFAULT_PER_PAGE: u64 = 100;
const MAX_PER_PAGE: u64 = 500;

fn query_value<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query.split('&').find_map(|kv| {
        kv.split_once('=')
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v)
    })
}

/// Page `pageNum` of `count` items: `results`, `totalCount` unless `includeCount=false`, and
/// `links` with `next` while items remain.
pub(crate) fn page(uri: &http::Uri, query: &str, count: u64) -> Value {
    let page_num = query_value(query, "pageNum")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1u64)
        .max(1);
    let per_page = query_value(query, "itemsPerPage")
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_PER_PAGE)
        .clamp(1, MAX_PER_PAGE);
    let include_count = query_value(query, "includeCount") != Some("false");
    let start = (page_num - 1).saturating_mul(per_page);
    let end = start.saturating_add(per_page).min(count);
    let results: Vec<Value> = (start..end.max(start))
        .map(|i| json!({"id": format!("{:024x}", i + 1), "name": format!("item-{}", i + 1)}))
        .collect();
    let here = uri.path();
    let mut links = vec![
        json!({"href": format!("{here}?pageNum={page_num}&itemsPerPage={per_page}"), "rel": "self"}),
    ];
    if end < count {
        links.push(json!({"href": format!("{here}?pageNum={}&itemsPerPage={per_page}", page_num + 1), "rel": "next"}));
    }
    let mut page = json!({"links": links, "results": results});
    if include_count {
        page["totalCount"] = json!(count);
    }
    page
}
