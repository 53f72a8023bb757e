//! The spec's watchers (`x-xgen-atlascli.watcher`), checked and repaired into what the core's
//! waiter can trust: a GET to poll, a version it serves, a source for every parameter it needs,
//! and which end states are failures.
//!
//! MongoDB's data is not perfect, so each watcher is checked against the operations it names.
//! What can be repaired without guessing is repaired, and the repair is written next to the
//! operation in the generated table; anything else stops codegen.

use crate::model::Op;
use serde_json::Value;

/// A checked watcher.
pub struct Watch {
    /// The GET polled (its canonical id).
    pub operation: String,
    pub version: String,
    /// Each parameter of the GET, and where its value comes from.
    pub params: Vec<(String, Source)>,
    pub until: Until,
    /// What was repaired, for the generated table.
    pub repairs: Vec<String>,
}

pub enum Source {
    /// A parameter of the call that started the work.
    Input(String),
    /// A member of that call's reply, as a dotted path (`id`).
    Reply(String),
}

pub enum Until {
    State {
        path: String,
        done: Vec<String>,
        failed: Vec<String>,
    },
    Status(u16),
}

/// End states that mean the work failed, not that it is over (`Failed`, `CANCELLED`): a wait
/// that reaches one reports a failure. Matched on the value's start, case aside.
const FAILURE_PREFIXES: [&str; 2] = ["fail", "cancel"];

/// Checks and repairs the watcher `raw` of `op`; `ops` is every operation, to find the GET.
pub fn check(ops: &[Op], op: &Op, raw: &Value) -> Result<Watch, String> {
    let fail = |why: String| format!("{}: watcher: {why}", op.id);
    let mut repairs = Vec::new();
    let named = raw
        .pointer("/get/operation-id")
        .and_then(Value::as_str)
        .ok_or_else(|| fail("no get.operation-id".into()))?;
    let by_name = |name: &str| ops.iter().find(|o| o.names().contains(&name));
    let mut get = by_name(named).ok_or_else(|| fail(format!("no operation {named}")))?;
    if get.method != "get" {
        // One watcher names the PATCH it belongs to: poll the GET of the same path.
        let same_path = ops
            .iter()
            .find(|o| o.method == "get" && o.path == get.path && o.removed.is_none());
        let fixed = same_path.ok_or_else(|| fail(format!("{named} is not a GET")))?;
        repairs.push(format!(
            "names {named}, a {}; polls {}, the GET of its path",
            get.method.to_uppercase(),
            fixed.id
        ));
        get = fixed;
    }
    let wanted = raw.pointer("/get/version").and_then(Value::as_str);
    let version = match wanted.and_then(|v| get.version(v)) {
        Some(v) => v.name.clone(),
        None => {
            let default = get
                .default()
                .ok_or_else(|| fail(format!("{} has no version", get.id)))?;
            repairs.push(format!(
                "version {} is not served by {}; polls with {}",
                wanted.unwrap_or("(none)"),
                get.id,
                default.name
            ));
            default.name.clone()
        }
    };
    let replies_with_json = op
        .default()
        .is_some_and(|v| v.responses.iter().any(|(_, m)| m.schema.is_some()));
    let mut params = Vec::new();
    let given = raw.pointer("/get/params").and_then(Value::as_object);
    for (name, source) in given.into_iter().flatten() {
        if !get.params.iter().any(|p| p.name == *name) {
            return Err(fail(format!("{} has no parameter {name}", get.id)));
        }
        let source = source.as_str().unwrap_or_default();
        let takes = |n: &str| {
            op.params
                .iter()
                .any(|p| p.name == n || p.aliases.iter().any(|a| a == n))
        };
        let source = if let Some(input) = source.strip_prefix("input:") {
            if !takes(input) {
                return Err(fail(format!("{} has no parameter {input}", op.id)));
            }
            Source::Input(input.to_owned())
        } else if let Some(path) = source.strip_prefix("body:$.") {
            if replies_with_json {
                Source::Reply(path.to_owned())
            } else if takes(name) {
                // A delete answers with no body: the value is the one the call was given.
                repairs.push(format!(
                    "{name} from the reply, which has none; from the call's {name}"
                ));
                Source::Input(name.clone())
            } else {
                return Err(fail(format!("{name} from a reply that has no body")));
            }
        } else {
            return Err(fail(format!(
                "{name}: source {source:?} is not input: or body:$."
            )));
        };
        params.push((name.clone(), source));
    }
    for p in get
        .params
        .iter()
        .filter(|p| p.required && p.location == "path")
    {
        if !params.iter().any(|(n, _)| *n == p.name) {
            return Err(fail(format!(
                "nothing gives {}'s parameter {}",
                get.id, p.name
            )));
        }
    }
    let until = if let Some(code) = raw.pointer("/expect/http-code").and_then(Value::as_u64) {
        Until::Status(u16::try_from(code).map_err(|_| fail(format!("status {code}")))?)
    } else {
        let path = raw.pointer("/expect/match/path").and_then(Value::as_str);
        let path = path
            .and_then(|p| p.strip_prefix("$."))
            .ok_or_else(|| fail("no $. path".into()))?;
        let mut done: Vec<String> = Vec::new();
        let mut failed: Vec<String> = Vec::new();
        let values = raw
            .pointer("/expect/match/values")
            .and_then(Value::as_array);
        for value in values.into_iter().flatten().filter_map(Value::as_str) {
            let lower = value.to_ascii_lowercase();
            let list = match FAILURE_PREFIXES.iter().any(|f| lower.starts_with(f)) {
                true => &mut failed,
                false => &mut done,
            };
            if !list.iter().any(|v| v == value) {
                list.push(value.to_owned());
            }
        }
        if done.is_empty() {
            return Err(fail(format!("no end state of {path} means success")));
        }
        Until::State {
            path: path.to_owned(),
            done,
            failed,
        }
    };
    Ok(Watch {
        operation: get.id.clone(),
        version,
        params,
        until,
        repairs,
    })
}
