//! The one model of the API that every generator renders from.
//!
//! It is read from the current spec plus the specs before it (history): the operations of the
//! current spec, and every earlier operation the current spec no longer has, marked removed with
//! the date of the last spec that listed it. Each operation carries every name a user may know:
//! its current operationId, its short name (`x-xgen-operation-id-override`) and the ids it had
//! in earlier specs, matched by method and path.
//!
//! Operations removed from the current spec keep their own schemas: their `$ref`s are copied
//! into the merged document, under a dated name where the current spec changed a component of
//! the same name, so one document (`Api::spec`) answers every `$ref` of every operation.

use crate::rules;
use crate::spec::{Spec, SpecOperation};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// A spec file and the date it describes the API at.
pub struct Source {
    pub spec: Spec,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// The whole API: one merged document and its operations, sorted by id.
pub struct Api {
    /// The current spec, plus the components and paths of removed operations.
    pub spec: Spec,
    pub ops: Vec<Op>,
    /// The date of the current spec: versions whose sunset is on or before it are never a
    /// default.
    pub date: String,
    /// `info.x-xgen-sha` of the current spec.
    pub sha: String,
    /// The earlier specs, oldest first, as read (for `API-CHANGES.md`).
    pub history: Vec<Source>,
}

/// One operation and everything generators need to know about it.
pub struct Op {
    /// The canonical id: the current operationId, or the last one for a removed operation.
    pub id: String,
    /// `x-xgen-operation-id-override`, the short name the Go SDK and the Atlas CLI use.
    pub short_name: Option<String>,
    /// The name typed surfaces use (see [`Api::load`]).
    pub typed_name: String,
    /// Former ids typed surfaces keep as deprecated aliases of `typed_name`.
    pub typed_aliases: Vec<String>,
    /// Ids the operation had in earlier specs, where they differ from `id`.
    pub former_ids: Vec<String>,
    /// Lower case, as in the spec (`get`, `post`).
    pub method: String,
    pub path: String,
    pub tag: String,
    pub summary: String,
    pub docs_url: Option<String>,
    pub deprecated: bool,
    /// The date of the last spec that listed an operation the current spec no longer has.
    pub removed: Option<String>,
    /// Path-item parameters, then the operation's, resolved.
    pub params: Vec<Param>,
    /// Dated versions by date, then `preview` and `upcoming` (by name).
    pub versions: Vec<Version>,
    /// Index into `versions` of the version a call uses by default ([`rules::default_version`]).
    pub default_version: Option<usize>,
    pub body_required: bool,
    /// A list operation with `pageNum` and `itemsPerPage`.
    pub paged: bool,
    /// The operation's `security` is empty: it needs no credentials.
    pub anonymous: bool,
    /// `x-xgen-atlascli.watcher`, as the spec gives it.
    pub watcher_spec: Option<Value>,
    /// The same, checked and repaired ([`crate::watchers::check`]).
    pub watcher: Option<crate::watchers::Watch>,
}

pub struct Param {
    pub name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    pub required: bool,
    /// The parameter object, `$ref` resolved.
    pub spec: Value,
    /// Other names the spec accepts for it (`projectId` for `groupId`).
    pub aliases: Vec<String>,
}

pub struct Version {
    pub name: String,
    pub stable: bool,
    pub sunset: Option<String>,
    pub request: Option<Media>,
    /// 2xx replies in status order.
    pub responses: Vec<(u16, Media)>,
}

pub struct Media {
    pub content_type: String,
    /// `json`, `csv`, `gzip` or `yaml` ([`rules::split_content_type`]).
    pub format: &'static str,
    pub schema: Option<Value>,
}

impl Op {
    /// The operation as it stands in the merged document.
    pub fn raw<'a>(&self, api: &'a Api) -> SpecOperation<'a> {
        let (path, item) = api.spec.doc["paths"]
            .as_object()
            .and_then(|p| p.get_key_value(&self.path))
            .expect("every op's path is in the merged document");
        SpecOperation {
            path,
            method: method_key(&self.method),
            op: &item[&self.method],
        }
    }

    /// Every camelCase name: id, short name, former ids (no duplicates, in that order).
    pub fn names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = vec![&self.id];
        for n in self.short_name.iter().chain(&self.former_ids) {
            if !out.contains(&n.as_str()) {
                out.push(n);
            }
        }
        out
    }

    pub fn default(&self) -> Option<&Version> {
        self.default_version.map(|i| &self.versions[i])
    }

    pub fn version(&self, name: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.name == name)
    }
}

fn method_key(m: &str) -> &'static str {
    match m {
        "get" => "get",
        "put" => "put",
        "post" => "post",
        "delete" => "delete",
        "patch" => "patch",
        other => panic!("unsupported method {other}"),
    }
}

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// `(method, path)` of every operation of a document, with its operation object.
fn operations_by_route(doc: &Value) -> BTreeMap<(String, String), &Value> {
    let mut out = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for m in METHODS {
            if let Some(op) = item.get(m) {
                out.insert((m.to_owned(), path.clone()), op);
            }
        }
    }
    out
}

impl Api {
    pub fn load(current: Source, history: Vec<Source>) -> Result<Api, String> {
        let mut merged = current.spec.doc.clone();
        let now_routes: BTreeSet<(String, String)> =
            operations_by_route(&current.spec.doc).into_keys().collect();
        // Former ids of operations still served, and operations the current spec dropped (the
        // newest spec that listed them wins).
        let mut former: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        let mut removed: BTreeMap<(String, String), String> = BTreeMap::new();
        for old in history.iter().rev() {
            for ((m, p), op) in operations_by_route(&old.spec.doc) {
                let id = op["operationId"]
                    .as_str()
                    .ok_or("operation without an id")?;
                let route = (m.clone(), p.clone());
                if now_routes.contains(&route) {
                    let ids = former.entry(route).or_default();
                    if !ids.iter().any(|i| i == id) {
                        ids.push(id.to_owned());
                    }
                } else if let std::collections::btree_map::Entry::Vacant(slot) =
                    removed.entry(route)
                {
                    let mut importer = Importer {
                        from: &old.spec.doc,
                        suffix: old.date.replace('-', ""),
                        done: BTreeMap::new(),
                    };
                    let copied = importer.value(op, &mut merged);
                    let item = merged["paths"]
                        .as_object_mut()
                        .ok_or("no paths")?
                        .entry(p.clone())
                        .or_insert_with(|| Value::Object(Map::new()));
                    item[m.as_str()] = copied;
                    slot.insert(old.date.clone());
                }
            }
        }
        let spec = Spec { doc: merged };
        let mut ops = Vec::new();
        for sop in spec.operations() {
            let route = (sop.method.to_owned(), sop.path.to_owned());
            let id = sop.id().to_owned();
            let former_ids = former
                .get(&route)
                .into_iter()
                .flatten()
                .filter(|f| **f != id)
                .cloned()
                .collect();
            ops.push(read_op(
                &spec,
                &sop,
                id,
                former_ids,
                removed.get(&route).cloned(),
                &current.date,
            ));
        }
        ops.sort_by(|a, b| a.id.cmp(&b.id));
        // The core finds operations by id with a binary search: an id names one operation.
        if let Some(pair) = ops.windows(2).find(|w| w[0].id == w[1].id) {
            return Err(format!(
                "two operations have the id {} ({} {} and {} {})",
                pair[0].id, pair[0].method, pair[0].path, pair[1].method, pair[1].path
            ));
        }
        name_typed_surfaces(&mut ops);
        let watchers = ops
            .iter()
            .map(|op| {
                let raw = op.watcher_spec.as_ref();
                raw.map(|raw| crate::watchers::check(&ops, op, raw))
                    .transpose()
            })
            .collect::<Result<Vec<_>, String>>()?;
        for (op, watcher) in ops.iter_mut().zip(watchers) {
            op.watcher = watcher;
        }
        let sha = current.spec.doc["info"]["x-xgen-sha"]
            .as_str()
            .unwrap_or("?")
            .to_owned();
        Ok(Api {
            spec,
            ops,
            date: current.date,
            sha,
            history,
        })
    }
}

/// Typed surfaces (Rust structs, Python and TypeScript methods) are named after the short name
/// where there is one, else the id; the former ids stay as deprecated aliases, so code written
/// against the first release keeps compiling. A name never moves to another endpoint: where a
/// short name is another operation's former id (`removeUserFromTeam`), that operation keeps it
/// as its alias and this one is named after its id.
fn name_typed_surfaces(ops: &mut [Op]) {
    let former: BTreeSet<String> = ops.iter().flat_map(|o| o.former_ids.clone()).collect();
    for op in ops.iter_mut() {
        op.typed_name = match &op.short_name {
            Some(short) if !former.contains(short) || op.former_ids.contains(short) => {
                short.clone()
            }
            _ => op.id.clone(),
        };
    }
    let taken: BTreeSet<String> = ops.iter().map(|o| o.typed_name.clone()).collect();
    for op in ops.iter_mut() {
        op.typed_aliases = op
            .former_ids
            .iter()
            .filter(|f| !taken.contains(*f))
            .cloned()
            .collect();
    }
}

/// Reads one operation of a document into the model (also used for the history specs by
/// `API-CHANGES.md`).
pub fn read_op(
    spec: &Spec,
    sop: &SpecOperation,
    id: String,
    former_ids: Vec<String>,
    removed: Option<String>,
    today: &str,
) -> Op {
    let op = sop.op;
    let params = read_params(spec, sop);
    let paged = params.iter().any(|p| p.name == "pageNum")
        && params.iter().any(|p| p.name == "itemsPerPage");
    let body_required = op
        .get("requestBody")
        .map(|b| spec.resolve(b))
        .and_then(|b| b.get("required"))
        .and_then(Value::as_bool)
        == Some(true);
    let versions = read_versions(spec, sop);
    let default_version =
        rules::default_version(&versions, |v| (v.name.as_str(), v.sunset.as_deref()), today);
    let text = |key: &str| op.get(key).and_then(Value::as_str).map(str::to_owned);
    Op {
        id,
        short_name: text("x-xgen-operation-id-override"),
        typed_name: String::new(),
        typed_aliases: Vec::new(),
        former_ids,
        method: sop.method.to_owned(),
        path: sop.path.to_owned(),
        tag: op["tags"]
            .get(0)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        summary: text("summary").unwrap_or_default(),
        docs_url: text("x-xgen-docs-url"),
        deprecated: op.get("deprecated").and_then(Value::as_bool) == Some(true),
        removed,
        params,
        versions,
        default_version,
        body_required,
        paged,
        anonymous: op
            .get("security")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty),
        watcher_spec: op.pointer("/x-xgen-atlascli/watcher").cloned(),
        watcher: None,
    }
}

/// Path-item parameters first, overridden by operation parameters of the same name and location.
fn read_params(spec: &Spec, sop: &SpecOperation) -> Vec<Param> {
    let item = &spec.doc["paths"][sop.path];
    let mut out: Vec<Param> = Vec::new();
    for source in [item.get("parameters"), sop.op.get("parameters")] {
        for p in source.and_then(Value::as_array).into_iter().flatten() {
            let p = spec.resolve(p);
            let location = p["in"].as_str().unwrap_or("");
            if !matches!(location, "path" | "query" | "header") {
                panic!("{}: parameter in {location} is not supported", sop.id());
            }
            let name = p["name"].as_str().expect("parameter name").to_owned();
            out.retain(|q| !(q.name == name && q.location == location));
            let aliases = p
                .pointer("/x-xgen-atlascli/aliases")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            out.push(Param {
                required: location == "path"
                    || p.get("required").and_then(Value::as_bool) == Some(true),
                location: location.to_owned(),
                name,
                spec: p.clone(),
                aliases,
            });
        }
    }
    out
}

fn read_versions(spec: &Spec, sop: &SpecOperation) -> Vec<Version> {
    let mut versions: BTreeMap<String, Version> = BTreeMap::new();
    fn entry<'m>(versions: &'m mut BTreeMap<String, Version>, name: &str) -> &'m mut Version {
        versions.entry(name.to_owned()).or_insert_with(|| Version {
            name: name.to_owned(),
            stable: rules::is_stable(name),
            sunset: None,
            request: None,
            responses: Vec::new(),
        })
    }
    let media = |ct: &str, m: &Value| {
        let (_, format) = rules::split_content_type(ct);
        Media {
            content_type: ct.to_owned(),
            format,
            schema: m.get("schema").cloned(),
        }
    };
    let sunset_of = |m: &Value| m.get("x-sunset").and_then(Value::as_str).map(str::to_owned);
    if let Some(body) = sop.op.get("requestBody").map(|b| spec.resolve(b)) {
        for (ct, m) in body["content"].as_object().into_iter().flatten() {
            // Twelve GETs and DELETEs of the 2026 spec carry a request body with examples and no
            // schema (the operation's examples, misplaced): no body is described, none is sent.
            if m.get("schema").is_none() {
                continue;
            }
            let v = entry(&mut versions, rules::split_content_type(ct).0);
            v.request = Some(media(ct, m));
            v.sunset = sunset_of(m).or(v.sunset.take());
        }
    }
    for (status, response) in sop.success_responses() {
        let status: u16 = status.parse().expect("numeric status");
        let response = spec.resolve(response);
        for (ct, m) in response["content"].as_object().into_iter().flatten() {
            let v = entry(&mut versions, rules::split_content_type(ct).0);
            v.responses.push((status, media(ct, m)));
            v.sunset = sunset_of(m).or(v.sunset.take());
        }
    }
    // BTreeMap order: dated versions by date, then `preview`, `unversioned`, `upcoming`s.
    let mut out: Vec<Version> = versions.into_values().collect();
    // Dates sort before `preview` as text already; `2025-09-22.upcoming` sorts among the dates,
    // after its own date, which is where its name says it belongs.
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Copies an operation of an earlier spec into the merged document with the components it
/// references. A component the merged document already has with the same content is shared; one
/// it has with other content is copied under `{name}{suffix}` (the earlier spec's date).
struct Importer<'a> {
    from: &'a Value,
    suffix: String,
    /// `$ref` in the earlier spec -> `$ref` in the merged document.
    done: BTreeMap<String, String>,
}

impl Importer<'_> {
    fn value(&mut self, v: &Value, merged: &mut Value) -> Value {
        match v {
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, x) in map {
                    out.insert(k.clone(), self.value(x, merged));
                }
                Value::Object(out)
            }
            Value::Array(items) => {
                Value::Array(items.iter().map(|x| self.value(x, merged)).collect())
            }
            // `$ref`s, and discriminator mappings, which name their targets the same way.
            Value::String(r) if r.starts_with("#/components/") => {
                Value::String(self.reference(r, merged))
            }
            other => other.clone(),
        }
    }

    fn reference(&mut self, r: &str, merged: &mut Value) -> String {
        if let Some(done) = self.done.get(r) {
            return done.clone();
        }
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("non-local $ref {r}"));
        let target = self
            .from
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {r}"))
            .clone();
        let (section, name) = pointer.rsplit_once('/').expect("a ref names a component");
        let existing = merged.pointer(pointer).cloned();
        let new_ref = match existing {
            Some(e) if e == target => r.to_owned(),
            Some(_) => format!("#{section}/{name}{}", self.suffix),
            None => r.to_owned(),
        };
        // Registered before recursing, so recursive schemas terminate.
        self.done.insert(r.to_owned(), new_ref.clone());
        if new_ref != r || merged.pointer(pointer).is_none() {
            let copied = self.value(&target, merged);
            let (_, new_name) = new_ref.rsplit_once('/').expect("a ref names a component");
            let mut slot = &mut *merged;
            for key in section.trim_start_matches('/').split('/') {
                slot = slot
                    .as_object_mut()
                    .expect("components are objects")
                    .entry(key.to_owned())
                    .or_insert_with(|| Value::Object(Map::new()));
            }
            slot.as_object_mut()
                .expect("a components section is an object")
                .insert(new_name.to_owned(), copied);
        }
        new_ref
    }
}

/// The snake_case rule ([`rules::snake_case`]), written once for the core and codegen.
pub fn snake_name(name: &str) -> String {
    rules::snake_case(name)
}
