//! Following the pages of a list operation (`pageNum`/`itemsPerPage`), sans-IO.

use super::context::Context;
use super::exchange::{Action, Exchange, JsonReply};
use crate::catalog;
use crate::config::CallOptions;
use crate::error::{DecodeError, Error};
use crate::event::Event;
use crate::metadata::Metadata;
use crate::response::Parsed;
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::SystemTime;

/// Atlas's own default page size, used when the caller gives none.
const DEFAULT_ITEMS_PER_PAGE: u64 = 100;

/// Walks a list operation page by page. It stops after the last page: on an empty page, when
/// `totalCount` is reached, or (without `totalCount`, as with `includeCount=false`) when the
/// page's `links` have no `next`. A reply with neither `totalCount` nor `links` ends on a short
/// page; a full one then costs one more request to learn that nothing follows.
pub(crate) struct Pages {
    ctx: Arc<Context>,
    operation_id: &'static str,
    params: Value,
    options: CallOptions,
    page_num: u64,
    items_per_page: u64,
    seen: u64,
    pages: u64,
    attempts: u32,
    current: Option<Exchange>,
    events: Vec<Event>,
    metadata: Option<Metadata>,
    finished: Option<Option<Result<(), Error>>>,
}

impl Pages {
    pub(crate) fn new(
        ctx: Arc<Context>,
        operation_id: &str,
        params: &Value,
        options: &CallOptions,
    ) -> Pages {
        let mut pager = Pages {
            ctx,
            operation_id: "",
            params: params.clone(),
            options: options.clone(),
            page_num: 1,
            items_per_page: DEFAULT_ITEMS_PER_PAGE,
            seen: 0,
            pages: 0,
            attempts: 0,
            current: None,
            events: Vec::new(),
            metadata: None,
            finished: None,
        };
        match catalog::find(operation_id) {
            Err(e) => pager.finished = Some(Some(Err(e.into()))),
            Ok(op) if !op.paged => {
                pager.operation_id = op.id;
                pager.finished = Some(Some(Err(Error::Misuse(format!(
                    "{} is not a list operation (it has no pageNum/itemsPerPage); call it directly",
                    op.id
                )))));
            }
            Ok(op) => {
                pager.operation_id = op.id;
                if let Value::Object(map) = &params {
                    // A start page or page size the caller gave is kept; build_request checks them.
                    if let Some(n) = map.get("pageNum").and_then(Value::as_u64) {
                        pager.page_num = n;
                    }
                    if let Some(n) = map.get("itemsPerPage").and_then(Value::as_u64) {
                        pager.items_per_page = n;
                    }
                }
            }
        }
        pager
    }

    pub(crate) fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Pages received so far.
    pub(crate) fn pages(&self) -> u64 {
        self.pages
    }

    /// Items received so far.
    pub(crate) fn items_seen(&self) -> u64 {
        self.seen
    }

    pub(crate) fn take_events(&mut self) -> Vec<Event> {
        if let Some(e) = self.current.as_mut() {
            self.events.extend(e.take_events());
        }
        std::mem::take(&mut self.events)
    }

    /// The last page's reply.
    pub(crate) fn metadata(&self) -> Option<&Metadata> {
        self.current
            .as_ref()
            .and_then(Exchange::metadata)
            .or(self.metadata.as_ref())
    }

    /// The request of the page being fetched.
    pub(crate) fn request(&self) -> Option<&http::Request<Vec<u8>>> {
        self.current.as_ref().and_then(Exchange::request)
    }

    /// The operation paged through and the version chosen for it.
    pub(crate) fn operation_version(
        &self,
    ) -> Option<(
        &'static crate::spec::Operation,
        &'static crate::spec::Version,
    )> {
        let op = catalog::operation(self.operation_id)?;
        let version =
            crate::request::chosen_version(&self.ctx.config, op.id, &self.options).ok()?;
        Some((op, version))
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.attempts + self.current.as_ref().map_or(0, Exchange::attempts)
    }

    fn page_params(&self) -> Value {
        let mut map = match &self.params {
            Value::Object(m) => m.clone(),
            Value::Null => Map::new(),
            // Not an object: let build_request name the problem.
            other => return other.clone(),
        };
        map.insert("pageNum".into(), Value::from(self.page_num));
        map.insert("itemsPerPage".into(), Value::from(self.items_per_page));
        Value::Object(map)
    }

    fn finish(&mut self, result: Result<(), Error>) -> Action {
        self.finished = Some(None);
        Action::Done(result.map(|()| Parsed::Empty))
    }

    pub(crate) fn next(&mut self, now: SystemTime, random: u64) -> Action {
        loop {
            if let Some(result) = self.finished.as_mut() {
                let result = result
                    .take()
                    .unwrap_or_else(|| Err(Error::Misuse("next() called after Done".into())));
                return Action::Done(result.map(|()| Parsed::Empty));
            }
            let exchange = match self.current.as_mut() {
                Some(e) => e,
                None => {
                    let params = self.page_params();
                    let e = super::exchange_for(
                        &self.ctx,
                        self.operation_id,
                        &params,
                        None,
                        &self.options,
                        // The pager reads each page's items itself.
                        JsonReply::Tree,
                    );
                    self.current.insert(e)
                }
            };
            let parsed = match exchange.next(now, random) {
                Action::Done(Err(e)) => return self.finish(Err(e)),
                Action::Done(Ok(p)) => p,
                other => return other,
            };
            if let Some(mut done) = self.current.take() {
                self.attempts += done.attempts();
                self.events.extend(done.take_events());
                self.metadata = done.metadata().cloned();
            }
            let mut page = match parsed {
                Parsed::Json(Value::Object(map)) => map,
                other => return self.finish(Err(not_a_page(&other, "is not a JSON object"))),
            };
            let results = match page.remove("results") {
                Some(Value::Array(results)) => results,
                _ => {
                    return self.finish(Err(not_a_page(
                        &Parsed::Json(Value::Object(page)),
                        "has no `results` array",
                    )))
                }
            };
            let got = results.len() as u64;
            self.seen = self.seen.saturating_add(got);
            self.pages += 1;
            if more_pages(&page, got, self.items_per_page, self.seen) {
                self.page_num = self.page_num.saturating_add(1);
            } else {
                self.finished = Some(Some(Ok(())));
            }
            if got > 0 {
                return Action::Items(results);
            }
        }
    }

    pub(crate) fn feed_response(&mut self, response: http::Response<Vec<u8>>) {
        match self.current.as_mut() {
            Some(e) => e.feed_response(response),
            None => self.misuse("feed_response() called without a Send waiting for it"),
        }
    }

    pub(crate) fn feed_transport_error(&mut self, message: String) {
        match self.current.as_mut() {
            Some(e) => e.feed_transport_error(message),
            None => self.misuse("feed_transport_error() called without a Send waiting for it"),
        }
    }

    fn misuse(&mut self, what: &str) {
        if self.finished.is_none() {
            self.finished = Some(Some(Err(Error::Misuse(what.into()))));
        }
    }
}

fn not_a_page(parsed: &Parsed, problem: &str) -> Error {
    let snippet = match parsed {
        Parsed::Json(v) => v.to_string().chars().take(200).collect(),
        Parsed::Text(t) => t.chars().take(200).collect(),
        _ => String::new(),
    };
    DecodeError {
        status: 200,
        content_type: String::new(),
        problem: format!("list page {problem}"),
        snippet,
    }
    .into()
}

/// Whether another page follows the one just read (`got` items, `seen` so far in all).
fn more_pages(page: &Map<String, Value>, got: u64, items_per_page: u64, seen: u64) -> bool {
    if got == 0 {
        return false;
    }
    if let Some(total) = page.get("totalCount").and_then(Value::as_u64) {
        return seen < total;
    }
    // A server that links its pages says whether another follows.
    if let Some(links) = page
        .get("links")
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty())
    {
        return links.iter().any(|l| {
            l.get("rel")
                .and_then(Value::as_str)
                .is_some_and(|r| r.eq_ignore_ascii_case("next"))
        });
    }
    // Nothing to go by: only a full page may have a successor.
    got >= items_per_page
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn more_pages(page: &Value, got: u64, per_page: u64, seen: u64) -> bool {
        super::more_pages(page.as_object().unwrap(), got, per_page, seen)
    }

    #[test]
    fn stop_rules() {
        assert!(!more_pages(&json!({"totalCount": 10}), 10, 10, 10));
        assert!(more_pages(&json!({"totalCount": 11}), 10, 10, 10));
        assert!(!more_pages(&json!({"links": []}), 3, 10, 3));
        assert!(more_pages(&json!({"links": []}), 10, 10, 10));
        assert!(more_pages(&json!({"links": [{"rel": "next"}]}), 3, 10, 3));
        assert!(!more_pages(
            &json!({"links": [{"rel": "self"}]}),
            10,
            10,
            10
        ));
        assert!(more_pages(&json!({}), 10, 10, 10));
        assert!(!more_pages(&json!({}), 9, 10, 9));
        assert!(!more_pages(&json!({"links": [{"rel": "next"}]}), 0, 10, 3));
    }
}
