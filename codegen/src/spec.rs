//! Loading an OpenAPI document (JSON or YAML) and resolving its `$ref`s.

use serde_json::Value;
use std::path::Path;

pub struct Spec {
    pub doc: Value,
}

/// One operation as it stands in the spec.
pub struct SpecOperation<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub op: &'a Value,
}

impl Spec {
    pub fn load(path: &Path) -> Result<Spec, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        let yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        let doc: Value = if yaml {
            serde_saphyr::from_str(&text)
                .map_err(|e| format!("{} is not a YAML OpenAPI document: {e}", path.display()))?
        } else {
            serde_json::from_str(&text)
                .map_err(|e| format!("{} is not a JSON OpenAPI document: {e}", path.display()))?
        };
        if doc.get("paths").and_then(Value::as_object).is_none() {
            return Err(format!("{} has no `paths` object", path.display()));
        }
        Ok(Spec { doc })
    }

    pub fn schema(&self, name: &str) -> &Value {
        self.doc
            .pointer(&format!("/components/schemas/{}", escape_pointer(name)))
            .unwrap_or_else(|| panic!("no schema {name}"))
    }

    /// Follows a local `$ref` (parameters, responses, request bodies) to its target.
    pub fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let pointer = r
                    .strip_prefix('#')
                    .unwrap_or_else(|| panic!("non-local $ref {r}"));
                self.resolve(
                    self.doc
                        .pointer(pointer)
                        .unwrap_or_else(|| panic!("dangling $ref {r}")),
                )
            }
            None => v,
        }
    }

    /// Whether a property is `readOnly` (or `writeOnly`: `key`): marked so itself, or a `$ref`
    /// to a schema marked so as a whole (`DataProcessRegionView`). One rule for every generator:
    /// the schema table marks exactly these, the core refuses read-only ones in requests, and
    /// the typed request shapes of every language leave them out.
    pub fn flagged(&self, property: &Value, key: &str) -> bool {
        let marked = |s: &Value| s.get(key).and_then(Value::as_bool) == Some(true);
        marked(property) || marked(self.resolve(property))
    }

    /// All operations, sorted by operationId.
    pub fn operations(&self) -> Vec<SpecOperation<'_>> {
        let mut out = Vec::new();
        for (path, item) in self.doc["paths"].as_object().into_iter().flatten() {
            for method in ["get", "put", "post", "delete", "patch"] {
                if let Some(op) = item.get(method) {
                    out.push(SpecOperation { path, method, op });
                }
            }
        }
        out.sort_by(|a, b| a.id().cmp(b.id()));
        out
    }
}

impl<'a> SpecOperation<'a> {
    pub fn id(&self) -> &str {
        self.op["operationId"]
            .as_str()
            .expect("every operation has an operationId")
    }

    /// The 2xx responses (still possibly `$ref`s), in status order.
    pub fn success_responses(&self) -> Vec<(&'a String, &'a Value)> {
        let mut out: Vec<(&String, &Value)> = self.op["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(s, _)| s.starts_with('2'))
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }
}

fn escape_pointer(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}
