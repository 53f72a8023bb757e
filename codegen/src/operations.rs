//! Renders the operation table: one `Operation` per operationId, sorted by id.

use crate::rust::{lit, opt_f64, opt_str, opt_u32, str_slice};
use crate::schemas::{enum_strings, SchemaTable};
use crate::spec::{Spec, SpecOperation};
use serde_json::Value;
use std::collections::BTreeMap;

/// What codegen learnt, for its summary line.
#[derive(Default)]
pub struct Stats {
    pub operations: usize,
    pub deprecated: usize,
    pub versions: usize,
}

pub fn render(spec: &Spec, table: &mut SchemaTable, stats: &mut Stats) -> String {
    let mut out = String::from("pub static OPERATIONS: &[Operation] = &[\n");
    for op in spec.operations() {
        out.push_str(&render_operation(spec, &op, table, stats));
    }
    out.push_str("];\n");
    out
}

fn render_operation(
    spec: &Spec,
    sop: &SpecOperation,
    table: &mut SchemaTable,
    stats: &mut Stats,
) -> String {
    let op = sop.op;
    let params = collect_params(spec, sop);
    let paged = params.iter().any(|p| p["name"] == "pageNum")
        && params.iter().any(|p| p["name"] == "itemsPerPage");
    let param_text: Vec<String> = params.iter().map(|p| render_param(p, table)).collect();
    let versions = collect_versions(spec, sop, table);
    let deprecated = op.get("deprecated").and_then(Value::as_bool) == Some(true);
    let body_required = op
        .get("requestBody")
        .map(|b| spec.resolve(b))
        .and_then(|b| b.get("required"))
        .and_then(Value::as_bool)
        == Some(true);
    stats.operations += 1;
    stats.deprecated += usize::from(deprecated);
    stats.versions += versions.len();
    let tag = op["tags"].get(0).and_then(Value::as_str).unwrap_or("");
    let docs = op
        .get("x-xgen-docs-url")
        .and_then(Value::as_str)
        .unwrap_or("");
    format!(
        "    Operation {{\n        id: {},\n        method: Method::{},\n        path: {},\n        tag: {},\n        summary: {},\n        docs_url: {},\n        deprecated: {deprecated},\n        params: &[\n{}        ],\n        body_required: {body_required},\n        versions: &[\n{}        ],\n        paged: {paged},\n    }},\n",
        lit(sop.id()),
        method_variant(sop.method),
        lit(sop.path),
        lit(tag),
        lit(op.get("summary").and_then(Value::as_str).unwrap_or("")),
        lit(docs),
        param_text.concat(),
        versions.concat(),
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

/// Path-item parameters first, overridden by operation parameters of the same name and location.
fn collect_params<'a>(spec: &'a Spec, sop: &SpecOperation<'a>) -> Vec<&'a Value> {
    let item = &spec.doc["paths"][sop.path];
    let mut out: Vec<&Value> = Vec::new();
    for source in [item.get("parameters"), sop.op.get("parameters")] {
        for p in source.and_then(Value::as_array).into_iter().flatten() {
            let p = spec.resolve(p);
            if !matches!(p["in"].as_str(), Some("path" | "query")) {
                panic!("{}: parameter in {} is not supported", sop.id(), p["in"]);
            }
            out.retain(|q| !(q["name"] == p["name"] && q["in"] == p["in"]));
            out.push(p);
        }
    }
    out
}

fn render_param(p: &Value, table: &mut SchemaTable) -> String {
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
    let location = if p["in"] == "path" { "Path" } else { "Query" };
    let required = p["in"] == "path" || p.get("required").and_then(Value::as_bool) == Some(true);
    format!(
        "            Param {{ name: {}, location: Location::{location}, required: {required}, kind: ValueKind::{kind}, array: {array}, format: {}, pattern: {pattern}, enum_values: {}, minimum: {}, maximum: {}, min_length: {}, max_length: {}, default: {} }},\n",
        lit(p["name"].as_str().expect("parameter name")),
        opt_str(item.get("format").and_then(Value::as_str)),
        str_slice(&enum_strings(item)),
        opt_f64(item.get("minimum")),
        opt_f64(item.get("maximum")),
        opt_u32(item.get("minLength")),
        opt_u32(item.get("maxLength")),
        opt_str(default.as_deref()),
    )
}

/// A vendor content type split into (version, format).
fn parse_content_type(ct: &str) -> (String, &'static str) {
    let format = if ct.ends_with("+csv") || ct == "text/csv" {
        "Csv"
    } else if ct.ends_with("+gzip") || ct == "application/gzip" {
        "Gzip"
    } else if ct.ends_with("+yaml") || ct.contains("yaml") {
        "Yaml"
    } else {
        "Json"
    };
    let version = ct
        .strip_prefix("application/vnd.atlas.")
        .and_then(|rest| rest.split('+').next())
        .unwrap_or("unversioned")
        .to_owned();
    (version, format)
}

#[derive(Default)]
struct VersionParts {
    sunset: Option<String>,
    request: Option<String>,
    responses: Vec<String>,
}

fn media(ct: &str, format: &str, schema: Option<&Value>, table: &mut SchemaTable) -> String {
    let schema = match schema {
        Some(s) => format!("Some({})", table.node(s)),
        None => "None".into(),
    };
    format!(
        "Media {{ content_type: {}, format: Format::{format}, schema: {schema} }}",
        lit(ct)
    )
}

fn collect_versions(spec: &Spec, sop: &SpecOperation, table: &mut SchemaTable) -> Vec<String> {
    let op = sop.op;
    let mut versions: BTreeMap<String, VersionParts> = BTreeMap::new();
    if let Some(body) = op.get("requestBody").map(|b| spec.resolve(b)) {
        for (ct, m) in body["content"].as_object().into_iter().flatten() {
            let (version, format) = parse_content_type(ct);
            let entry = versions.entry(version).or_default();
            entry.request = Some(media(ct, format, m.get("schema"), table));
            if let Some(s) = m.get("x-sunset").and_then(Value::as_str) {
                entry.sunset = Some(s.to_owned());
            }
        }
    }
    for (status, response) in sop.success_responses() {
        let response = spec.resolve(response);
        for (ct, m) in response["content"].as_object().into_iter().flatten() {
            let (version, format) = parse_content_type(ct);
            let entry = versions.entry(version).or_default();
            // Response schemas are not validated by the core (it keeps unknown fields), so
            // only the request side contributes nodes to the schema table.
            entry.responses.push(format!(
                "SuccessMedia {{ status: {status}, media: {} }}",
                media(ct, format, None, table)
            ));
            if let Some(s) = m.get("x-sunset").and_then(Value::as_str) {
                entry.sunset = Some(s.to_owned());
            }
        }
    }
    // Dated versions sort by date; `preview` and `upcoming` sort after them.
    versions
        .into_iter()
        .map(|(name, parts)| {
            // `2025-09-22.upcoming` is a date too, but not a stable version.
            let stable = name.len() == 10 && name.as_bytes().first().is_some_and(u8::is_ascii_digit);
            format!(
                "            Version {{ name: {}, stable: {stable}, sunset: {}, request: {}, responses: &[{}] }},\n",
                lit(&name),
                opt_str(parts.sunset.as_deref()),
                parts.request.map_or("None".into(), |r| format!("Some({r})")),
                parts.responses.join(", ")
            )
        })
        .collect()
}
