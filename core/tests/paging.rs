//! Paging: every stop condition, against the mock's fabricated lists and scripted pages.

use atlas_admin::mock::MockAtlas;
use atlas_admin::{Config, Credentials, Error, Session};
use serde_json::{json, Value};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

fn session() -> Session {
    Session::new(Config::default(), Credentials::None)
}

fn ids(pages: &[Vec<Value>]) -> Vec<String> {
    pages
        .iter()
        .flatten()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect()
}

fn page_nums(m: &MockAtlas) -> Vec<u64> {
    m.received()
        .iter()
        .map(|r| {
            let q = r.target.split_once('?').map(|x| x.1).unwrap_or("");
            q.split('&')
                .find_map(|kv| kv.strip_prefix("pageNum="))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        })
        .collect()
}

#[test]
fn total_count_stops_exactly_on_a_full_last_page() {
    let mut m = MockAtlas::new();
    m.list_items("listClusters", 9);
    let mut pager = session().pages(
        "listClusters",
        &json!({"groupId": GROUP, "itemsPerPage": 3}),
    );
    let pages = m.run_pages(&mut pager).unwrap();
    assert_eq!(
        pages.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![3, 3, 3]
    );
    assert_eq!(
        ids(&pages),
        (1..=9).map(|i| format!("item-{i}")).collect::<Vec<_>>()
    );
    assert_eq!(
        page_nums(&m),
        vec![1, 2, 3],
        "no request after the last full page"
    );
    assert_eq!(pager.items_seen(), 9);
    assert_eq!(pager.pages_seen(), 3);
}

#[test]
fn short_last_page() {
    let mut m = MockAtlas::new();
    m.list_items("listClusters", 7);
    let mut pager = session().pages(
        "listClusters",
        &json!({"groupId": GROUP, "itemsPerPage": 3}),
    );
    let pages = m.run_pages(&mut pager).unwrap();
    assert_eq!(
        pages.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![3, 3, 1]
    );
    assert_eq!(page_nums(&m), vec![1, 2, 3]);
}

#[test]
fn include_count_false_follows_links() {
    let mut m = MockAtlas::new();
    m.list_items("listClusters", 6);
    let mut pager = session().pages(
        "listClusters",
        &json!({"groupId": GROUP, "itemsPerPage": 3, "includeCount": false}),
    );
    let pages = m.run_pages(&mut pager).unwrap();
    assert_eq!(ids(&pages).len(), 6);
    assert_eq!(
        page_nums(&m),
        vec![1, 2],
        "the last page has no `next` link"
    );
    assert!(m.received()[0].target.contains("includeCount=false"));
}

#[test]
fn no_count_no_links_full_page_costs_one_empty_request() {
    let mut m = MockAtlas::new();
    let page = |items: &[u32]| {
        json!({"results": items.iter().map(|i| json!({"name": format!("item-{i}")})).collect::<Vec<_>>()}).to_string()
    };
    let ct = [("content-type", "application/vnd.atlas.2023-01-01+json")];
    m.respond("listProjects", 200, &ct, page(&[1, 2]));
    m.respond("listProjects", 200, &ct, page(&[3, 4]));
    m.respond("listProjects", 200, &ct, page(&[]));
    let mut pager = session().pages("listProjects", &json!({"itemsPerPage": 2}));
    let pages = m.run_pages(&mut pager).unwrap();
    assert_eq!(ids(&pages), vec!["item-1", "item-2", "item-3", "item-4"]);
    assert_eq!(page_nums(&m), vec![1, 2, 3]);
}

#[test]
fn empty_list_is_one_request_and_no_pages() {
    let mut m = MockAtlas::new();
    m.list_items("listClusters", 0);
    let mut pager = session().pages("listClusters", &json!({"groupId": GROUP}));
    assert!(m.run_pages(&mut pager).unwrap().is_empty());
    assert_eq!(m.received().len(), 1);
    assert!(
        m.received()[0].target.contains("itemsPerPage=100"),
        "{}",
        m.received()[0].target
    );
}

#[test]
fn collect_all_and_its_cap() {
    let mut m = MockAtlas::new();
    m.list_items("listClusters", 250);
    let s = session();
    let all = m
        .run(&mut s.collect_all(
            "listClusters",
            &json!({"groupId": GROUP, "itemsPerPage": 100}),
            1000,
        ))
        .unwrap();
    assert_eq!(all.as_json().unwrap().as_array().unwrap().len(), 250);
    assert_eq!(m.received().len(), 3);

    let mut m2 = MockAtlas::new();
    m2.list_items("listClusters", 250);
    let e = m2
        .run(&mut s.collect_all(
            "listClusters",
            &json!({"groupId": GROUP, "itemsPerPage": 100}),
            150,
        ))
        .unwrap_err();
    assert!(matches!(e, Error::TooManyItems { cap: 150, .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains("listGroupClusters: more than 150 items"),
        "{e}"
    );
    assert_eq!(m2.received().len(), 2, "stops fetching once over the cap");
}

#[test]
fn pages_survive_a_rate_limit_in_the_middle() {
    let mut m = MockAtlas::new();
    m.list_items("listClusters", 5);
    let mut pager = session().pages(
        "listClusters",
        &json!({"groupId": GROUP, "itemsPerPage": 2}),
    );
    let mut pages = Vec::new();
    // First page, then a 429 before the second.
    loop {
        match pager.next(m.now(), 1) {
            atlas_admin::Action::Send(r) => {
                let resp = m.handle(&r);
                pager.feed_response(resp);
            }
            atlas_admin::Action::Items(items) => {
                pages.push(items);
                m.rate_limit(1, 3);
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    pages.extend(m.run_pages(&mut pager).unwrap());
    assert_eq!(ids(&pages).len(), 5);
    assert_eq!(m.waits(), &[std::time::Duration::from_secs(3)]);
}

#[test]
fn paging_a_non_list_operation_says_so() {
    let mut m = MockAtlas::new();
    let mut pager = session().pages("getCluster", &json!({"groupId": GROUP, "clusterName": "c"}));
    let e = m.run_pages(&mut pager).unwrap_err();
    assert!(
        e.to_string()
            .contains("getGroupCluster is not a list operation"),
        "{e}"
    );
    let mut pager = session().pages("listClusters", &json!({"groupId": "bad"}));
    let e = m.run_pages(&mut pager).unwrap_err();
    assert!(
        matches!(e, Error::Build(_)) && e.to_string().contains("groupId"),
        "{e}"
    );
    assert!(m.received().is_empty());
}

#[test]
fn a_page_without_results_is_a_decode_error() {
    let mut m = MockAtlas::new();
    m.respond(
        "listProjects",
        200,
        &[("content-type", "application/json")],
        r#"{"items":[1]}"#,
    );
    let e = m
        .run_pages(&mut session().pages("listProjects", &json!({})))
        .unwrap_err();
    assert!(e.to_string().contains("no `results` array"), "{e}");
}

#[test]
fn every_list_operation_can_be_paged() {
    let ops: Vec<_> = atlas_admin::operations()
        .iter()
        .filter(|o| o.paged)
        .collect();
    assert!(ops.len() >= 70, "{}", ops.len());
    for op in ops {
        assert!(
            op.param("pageNum").is_some() && op.param("itemsPerPage").is_some(),
            "{}",
            op.id
        );
    }
}
