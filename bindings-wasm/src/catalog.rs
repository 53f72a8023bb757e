//! The operation table as JSON, for `operations()` in JS: each operation once, with every
//! name it answers to (as the core lists them).

use atlas_admin::{operation_names, operations, tables::PATTERNS, Operation, Param, Version};
use serde_json::{json, Value};

/// Every operation as JSON text.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = operationsJson)]
pub fn operations_json() -> String {
    Value::Array(operations().iter().map(operation).collect()).to_string()
}

fn operation(op: &Operation) -> Value {
    json!({
        "operationId": op.id,
        "shortName": op.short_name,
        "formerIds": op.former_ids,
        "names": operation_names(op),
        "removed": op.removed,
        "method": op.method.as_str(),
        "path": op.path,
        "tag": op.tag,
        "summary": op.summary,
        "docsUrl": op.docs_url().unwrap_or_default(),
        "deprecated": op.deprecated,
        "paged": op.paged,
        "hasBody": op.has_body(),
        "bodyRequired": op.body_required,
        "params": op.params.iter().map(param).collect::<Vec<_>>(),
        "versions": op.versions.iter().map(version).collect::<Vec<_>>(),
    })
}

fn version(v: &Version) -> Value {
    json!({
        "name": v.name,
        "stable": v.stable,
        "sunset": v.sunset,
        "requestContentType": v.request.map(|m| m.content_type),
        "responses": v.responses.iter().map(|r| json!({
            "status": r.status,
            "contentType": r.media.content_type,
            "format": r.media.format.as_str(),
        })).collect::<Vec<_>>(),
    })
}

/// One parameter.
fn param(p: &&Param) -> Value {
    json!({
        "name": p.name,
        "aliases": p.aliases,
        "in": p.location.as_str(),
        "required": p.required,
        "type": p.kind.as_str(),
        "array": p.array,
        "format": p.format,
        "pattern": p.pattern.and_then(|i| PATTERNS.get(usize::from(i))),
        "enum": p.enum_values,
        "minimum": p.minimum,
        "maximum": p.maximum,
        "default": p.default,
    })
}
