//! Renders the operation table (one `Operation` per operation, sorted by id) and the name index.

use crate::model::{snake_name, Api, Media, Op, Param};
use crate::rules;
use crate::rust::{lit, opt_f64, opt_str, opt_u32, str_slice};
use crate::schemas::{enum_strings, SchemaTable};
use crate::spec::Spec;
use serde_json::Value;
use std::collections::BTreeMap;

/// What codegen learnt, for its summary line.
#[derive(Default)]
pub struct Stats {
    pub operations: usize,
    pub deprecated: usize,
    pub versions: usize,
    pub removed: usize,
    pub names: usize,
    pub ambiguous: usize,
}

pub fn render(api: &Api, table: &mut SchemaTable, stats: &mut Stats) -> String {
    let mut params = Params::default();
    let mut ops = String::from("pub static OPERATIONS: &[Operation] = &[\n");
    for op in &api.ops {
        ops.push_str(&render_operation(api, op, table, stats, &mut params));
    }
    ops.push_str("];\n");
    // Each distinct parameter once: most operations share `envelope`, `pretty`, `groupId`, ...
    // (a `const` would be copied into every array; a `static` is referenced).
    let mut out = String::new();
    for (i, text) in params.texts.iter().enumerate() {
        out.push_str(&format!("static P{i}: Param = {text};\n"));
    }
    out.push('\n');
    out.push_str(&ops);
    out
}

/// The distinct parameters, in order of first use.
#[derive(Default)]
struct Params {
    texts: Vec<String>,
    index: BTreeMap<String, usize>,
}

impl Params {
    fn intern(&mut self, text: String) -> usize {
        if let Some(i) = self.index.get(&text) {
            return *i;
        }
        self.texts.push(text.clone());
        self.index.insert(text, self.texts.len() - 1);
        self.texts.len() - 1
    }
}

/// Every name an operation answers to, and its snake_case, sorted, each with the operations it
/// names (more than one only for an ambiguous name, which the core refuses).
pub fn render_names(api: &Api, stats: &mut Stats) -> String {
    let mut names: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, op) in api.ops.iter().enumerate() {
        for name in op.names() {
            let list = names.entry(name.to_owned()).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    // The snake_case forms are not stored (they would double the table): an index sorted by
    // them lets the core search them. Two names with one snake form must name the same thing.
    let mut by_snake: Vec<(String, usize)> = names
        .keys()
        .enumerate()
        .map(|(i, n)| (snake_name(n), i))
        .collect();
    by_snake.sort();
    let listed: Vec<&Vec<usize>> = names.values().collect();
    for pair in by_snake.windows(2) {
        if pair[0].0 == pair[1].0 && listed[pair[0].1] != listed[pair[1].1] {
            panic!("two names share the snake_case form {}", pair[0].0);
        }
    }
    let snake_forms: std::collections::BTreeSet<&str> =
        by_snake.iter().map(|(s, _)| s.as_str()).collect();
    stats.names = names.len()
        + snake_forms
            .iter()
            .filter(|s| !names.contains_key(**s))
            .count();
    stats.ambiguous = names.values().filter(|v| v.len() > 1).count();
    let mut out = String::from(
        "/// Every camelCase name (id, short name, former ids), sorted, with the indices in\n/// [`OPERATIONS`](super::OPERATIONS) of the operations it names.\npub static NAMES: &[(&str, &[u16])] = &[\n",
    );
    for (name, ops) in &names {
        let list: Vec<String> = ops.iter().map(usize::to_string).collect();
        out.push_str(&format!("    ({}, &[{}]),\n", lit(name), list.join(", ")));
    }
    out.push_str("];\n\n/// Indices into [`NAMES`], sorted by each name's snake_case form (`rules::snake_case`).\npub static BY_SNAKE_CASE: &[u16] = &[\n");
    for chunk in by_snake.chunks(16) {
        let list: Vec<String> = chunk.iter().map(|(_, i)| i.to_string()).collect();
        out.push_str(&format!("    {},\n", list.join(", ")));
    }
    out.push_str("];\n");
    out
}

fn render_operation(
    api: &Api,
    op: &Op,
    table: &mut SchemaTable,
    stats: &mut Stats,
    params: &mut Params,
) -> String {
    let param_text: Vec<String> = op
        .params
        .iter()
        .map(|p| format!("            &P{},\n", params.intern(render_param(p, table))))
        .collect();
    let versions = render_versions(op, &api.spec, table);
    stats.operations += 1;
    stats.deprecated += usize::from(op.deprecated);
    stats.removed += usize::from(op.removed.is_some());
    stats.versions += op.versions.len();
    format!(
        "    Operation {{\n        id: {},\n        short_name: {},\n        former_ids: {},\n        method: Method::{},\n        path: {},\n        tag: {},\n        summary: {},\n        docs: {},\n        deprecated: {},\n        removed: {},\n        params: &[\n{}        ],\n        body_required: {},\n        versions: &[\n{}        ],\n        paged: {},\n        anonymous: {},\n{}    }},\n",
        lit(&op.id),
        opt_str(op.short_name.as_deref()),
        str_slice(&op.former_ids),
        method_variant(&op.method),
        lit(&op.path),
        lit(&op.tag),
        lit(&op.summary),
        docs(op),
        op.deprecated,
        opt_str(op.removed.as_deref()),
        param_text.concat(),
        op.body_required,
        versions.concat(),
        op.paged,
        op.anonymous,
        watcher(op),
    )
}

/// The `watcher` field: the checked watcher as a `Some(&Watcher { .. })` literal, its repairs
/// as comments above it.
fn watcher(op: &Op) -> String {
    use crate::watchers::{Source, Until};
    let Some(w) = &op.watcher else {
        return "        watcher: None,\n".into();
    };
    let params: Vec<String> = w
        .params
        .iter()
        .map(|(name, source)| match source {
            Source::Input(from) => format!("({}, WatchSource::Input({}))", lit(name), lit(from)),
            Source::Reply(path) => format!("({}, WatchSource::Reply({}))", lit(name), lit(path)),
        })
        .collect();
    let until = match &w.until {
        Until::State { path, done, failed } => format!(
            "Until::State {{ path: {}, done: {}, failed: {} }}",
            lit(path),
            str_slice(done),
            str_slice(failed)
        ),
        Until::Status(code) => format!("Until::Status({code})"),
    };
    let repairs: String = w
        .repairs
        .iter()
        .map(|r| format!("        // The spec's watcher {r}.\n"))
        .collect();
    format!(
        "{repairs}        watcher: Some(&Watcher {{ operation: {}, version: {}, params: &[{}], until: {until} }}),\n",
        lit(&w.operation),
        lit(&w.version),
        params.join(", ")
    )
}

fn method_variant(m: &str) -> &'static str {
    match m {
        "get" => "Get",
        "post" => "Post",
        "put" => "Put",
        "patch" => "Patch",
        "delete" => "Delete",
        other => panic!("unsupported method {other}"),
    }
}

fn render_param(param: &Param, table: &mut SchemaTable) -> String {
    let p = &param.spec;
    let schema = &p["schema"];
    let array = schema["type"] == "array";
    let item = if array { &schema["items"] } else { schema };
    let kind = match item["type"].as_str() {
        Some("integer") => "Integer",
        Some("number") => "Number",
        Some("boolean") => "Boolean",
        _ => "String",
    };
    let pattern = match item.get("pattern").and_then(Value::as_str) {
        Some(pat) => format!("Some({})", table.patterns.intern(pat)),
        None => "None".into(),
    };
    let default = schema.get("default").map(|d| match d {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let location = match param.location.as_str() {
        "path" => "Path",
        "query" => "Query",
        "header" => "Header",
        other => panic!("parameter in {other}"),
    };
    format!(
        "Param {{ name: {}, aliases: {}, location: Location::{location}, required: {}, kind: ValueKind::{kind}, array: {array}, format: {}, pattern: {pattern}, enum_values: {}, minimum: {}, maximum: {}, min_length: {}, max_length: {}, default: {} }}",
        lit(&param.name),
        str_slice(&param.aliases),
        param.required,
        opt_str(item.get("format").and_then(Value::as_str)),
        str_slice(&enum_strings(item)),
        opt_f64(item.get("minimum")),
        opt_f64(item.get("maximum")),
        opt_u32(item.get("minLength")),
        opt_u32(item.get("maxLength")),
        opt_str(default.as_deref()),
    )
}

/// `Docs::Standard` where the spec's URL is the derivable one, else the URL itself.
fn docs(op: &Op) -> String {
    match &op.docs_url {
        Some(url) if *url == rules::standard_docs_url(&op.tag, &op.id) => "Docs::Standard".into(),
        Some(url) => format!("Docs::Url({})", lit(url)),
        None => "Docs::None".into(),
    }
}

fn format_variant(format: &str) -> &'static str {
    match format {
        "json" => "Json",
        "csv" => "Csv",
        "gzip" => "Gzip",
        "yaml" => "Yaml",
        other => panic!("unknown format {other}"),
    }
}

fn media(m: &Media, schema: bool, table: &mut SchemaTable) -> String {
    // Response schemas are not validated by the core (it keeps unknown fields), so only the
    // request side contributes nodes to the schema table.
    let schema = match m.schema.as_ref().filter(|_| schema) {
        Some(s) => format!("Some({})", table.node(s)),
        None => "None".into(),
    };
    format!(
        "Media {{ content_type: {}, format: Format::{}, schema: {schema} }}",
        lit(&m.content_type),
        format_variant(m.format)
    )
}

fn render_versions(op: &Op, spec: &Spec, table: &mut SchemaTable) -> Vec<String> {
    op.versions
        .iter()
        .map(|v| {
            let request = v
                .request
                .as_ref()
                .map_or("None".into(), |r| format!("Some({})", media(r, true, table)));
            let responses: Vec<String> = v
                .responses
                .iter()
                .map(|(status, m)| {
                    let text_body = m.format == "json"
                        && m.schema.as_ref().is_some_and(|s| spec.resolve(s)["type"] == "string");
                    let has_model = m.schema.is_some();
                    format!(
                        "SuccessMedia {{ status: {status}, media: {}, text_body: {text_body}, has_model: {has_model} }}",
                        media(m, false, table)
                    )
                })
                .collect();
            format!(
                "            Version {{ name: {}, stable: {}, sunset: {}, request: {request}, responses: &[{}] }},\n",
                lit(&v.name),
                v.stable,
                opt_str(v.sunset.as_deref()),
                responses.join(", ")
            )
        })
        .collect()
}
