//! Flattens the request-body schemas of the spec into the core's index-addressed schema table.
//!
//! Component schemas get one node each (so recursive and mutually recursive schemas terminate);
//! inline schemas get nodes of their own. Only what request-body validation needs is kept.

use crate::rust::{lit, opt_f64, opt_u32, str_slice};
use crate::spec::Spec;
use serde_json::Value;
use std::collections::BTreeMap;

pub struct SchemaTable<'a> {
    spec: &'a Spec,
    nodes: Vec<Option<String>>,
    components: BTreeMap<String, u32>,
    pub patterns: Patterns,
}

#[derive(Default)]
pub struct Patterns {
    list: Vec<String>,
    index: BTreeMap<String, u16>,
}

impl Patterns {
    pub fn intern(&mut self, p: &str) -> u16 {
        if let Some(i) = self.index.get(p) {
            return *i;
        }
        let i = u16::try_from(self.list.len()).expect("fewer than 65536 patterns");
        self.list.push(p.to_owned());
        self.index.insert(p.to_owned(), i);
        i
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn render(&self) -> String {
        let mut out = String::from("pub static PATTERNS: &[&str] = &[\n");
        for p in &self.list {
            out.push_str(&format!("    {},\n", lit(p)));
        }
        out.push_str("];\n");
        out
    }
}

impl<'a> SchemaTable<'a> {
    pub fn new(spec: &'a Spec) -> Self {
        SchemaTable {
            spec,
            nodes: Vec::new(),
            components: BTreeMap::new(),
            patterns: Patterns::default(),
        }
    }

    /// The node id of a schema (a `$ref` or an inline schema).
    pub fn node(&mut self, schema: &Value) -> u32 {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            return self.component(r);
        }
        let id = self.reserve();
        let text = self.render(schema, id);
        self.nodes[id as usize] = Some(text);
        id
    }

    fn component(&mut self, reference: &str) -> u32 {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unsupported $ref {reference}"));
        if let Some(id) = self.components.get(name) {
            return *id;
        }
        let id = self.reserve();
        self.components.insert(name.to_owned(), id);
        let schema = self.spec.schema(name).clone();
        let text = self.render(&schema, id);
        self.nodes[id as usize] = Some(text);
        id
    }

    fn reserve(&mut self) -> u32 {
        self.nodes.push(None);
        u32::try_from(self.nodes.len() - 1).expect("fewer than 2^32 schema nodes")
    }

    fn render(&mut self, s: &Value, _id: u32) -> String {
        let nullable = s.get("nullable").and_then(Value::as_bool) == Some(true);
        let kind = self.kind(s);
        format!("Schema {{ nullable: {nullable}, kind: {kind} }}")
    }

    fn list(&mut self, items: &[Value]) -> String {
        let ids: Vec<String> = items.iter().map(|v| self.node(v).to_string()).collect();
        format!("&[{}]", ids.join(", "))
    }

    fn kind(&mut self, s: &Value) -> String {
        let discriminator = self.discriminator(s);
        let has_props = s.get("properties").is_some() || s.get("required").is_some();
        if let Some(Value::Array(variants)) = s.get("oneOf") {
            let variants = self.list(variants);
            let one_of = format!(
                "SchemaKind::OneOf {{ variants: {variants}, discriminator: {} }}",
                discriminator.clone().unwrap_or_else(|| "None".into())
            );
            if has_props {
                // The base of a polymorphic family: its own fields, plus the choice of variant.
                let base = self.object(s, None);
                let base_id = self.push(format!("Schema {{ nullable: false, kind: {base} }}"));
                let one_id = self.push(format!("Schema {{ nullable: false, kind: {one_of} }}"));
                return format!("SchemaKind::AllOf(&[{base_id}, {one_id}])");
            }
            return one_of;
        }
        if let Some(Value::Array(variants)) = s.get("anyOf") {
            return format!("SchemaKind::AnyOf({})", self.list(variants));
        }
        if let Some(Value::Array(parts)) = s.get("allOf") {
            let mut ids: Vec<String> = parts.iter().map(|v| self.node(v).to_string()).collect();
            if has_props {
                let own = self.object(s, discriminator);
                ids.push(
                    self.push(format!("Schema {{ nullable: false, kind: {own} }}"))
                        .to_string(),
                );
            }
            return format!("SchemaKind::AllOf(&[{}])", ids.join(", "));
        }
        let ty = s.get("type").and_then(Value::as_str);
        match ty {
            Some("object") => self.object(s, discriminator),
            None if has_props => self.object(s, discriminator),
            Some("array") => {
                let items = match s.get("items") {
                    Some(i) => self.node(i),
                    None => self.push("Schema { nullable: true, kind: SchemaKind::Any }".into()),
                };
                format!(
                    "SchemaKind::Array {{ items: {items}, min_items: {}, max_items: {} }}",
                    opt_u32(s.get("minItems")),
                    opt_u32(s.get("maxItems"))
                )
            }
            Some("string") => {
                let pattern = match s.get("pattern").and_then(Value::as_str) {
                    Some(p) => format!("Some({})", self.patterns.intern(p)),
                    None => "None".into(),
                };
                let format = match s.get("format").and_then(Value::as_str) {
                    Some(f) => format!("Some({})", lit(f)),
                    None => "None".into(),
                };
                format!(
                    "SchemaKind::String {{ format: {format}, pattern: {pattern}, min_length: {}, max_length: {}, enum_values: {} }}",
                    opt_u32(s.get("minLength")),
                    opt_u32(s.get("maxLength")),
                    str_slice(&enum_strings(s))
                )
            }
            Some("integer") => format!(
                "SchemaKind::Integer {{ minimum: {}, maximum: {} }}",
                opt_f64(s.get("minimum")),
                opt_f64(s.get("maximum"))
            ),
            Some("number") => format!(
                "SchemaKind::Number {{ minimum: {}, maximum: {} }}",
                opt_f64(s.get("minimum")),
                opt_f64(s.get("maximum"))
            ),
            Some("boolean") => "SchemaKind::Boolean".into(),
            _ => "SchemaKind::Any".into(),
        }
    }

    fn push(&mut self, text: String) -> u32 {
        let id = self.reserve();
        self.nodes[id as usize] = Some(text);
        id
    }

    fn discriminator(&mut self, s: &Value) -> Option<String> {
        let d = s.get("discriminator")?;
        let property = d.get("propertyName")?.as_str()?;
        let mut mapping: BTreeMap<String, String> = BTreeMap::new();
        if let Some(Value::Object(m)) = d.get("mapping") {
            for (k, v) in m {
                if let Some(r) = v.as_str() {
                    mapping.insert(k.clone(), r.to_owned());
                }
            }
        } else if let Some(Value::Array(variants)) = s.get("oneOf") {
            // Implicit mapping: the discriminator value is the component's name.
            for v in variants {
                if let Some(r) = v.get("$ref").and_then(Value::as_str) {
                    let name = r.trim_start_matches("#/components/schemas/");
                    mapping.insert(name.to_owned(), r.to_owned());
                }
            }
        }
        let entries: Vec<String> = mapping
            .iter()
            .map(|(k, r)| format!("({}, {})", lit(k), self.component(r)))
            .collect();
        Some(format!(
            "Some(&Discriminator {{ property: {}, mapping: &[{}] }})",
            lit(property),
            entries.join(", ")
        ))
    }

    fn object(&mut self, s: &Value, discriminator: Option<String>) -> String {
        let mut props: BTreeMap<String, String> = BTreeMap::new();
        if let Some(Value::Object(p)) = s.get("properties") {
            for (name, ps) in p {
                let read_only = self.spec.flagged(ps, "readOnly");
                let write_only = self.spec.flagged(ps, "writeOnly");
                let id = self.node(ps);
                props.insert(
                    name.clone(),
                    format!(
                        "Property {{ name: {}, schema: {id}, read_only: {read_only}, write_only: {write_only} }}",
                        lit(name)
                    ),
                );
            }
        }
        let mut required: Vec<String> = s
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        required.sort();
        required.dedup();
        let additional = match s.get("additionalProperties") {
            Some(Value::Bool(false)) => "Additional::Forbidden".to_owned(),
            Some(v @ Value::Object(_)) => format!("Additional::Schema({})", self.node(v)),
            _ => "Additional::Any".to_owned(),
        };
        let props: Vec<String> = props.into_values().collect();
        format!(
            "SchemaKind::Object(&ObjectSchema {{ properties: &[{}], required: {}, additional: {additional}, discriminator: {}, min_properties: {}, max_properties: {} }})",
            props.join(", "),
            str_slice(&required),
            discriminator.unwrap_or_else(|| "None".into()),
            opt_u32(s.get("minProperties")),
            opt_u32(s.get("maxProperties"))
        )
    }

    pub fn render_table(&self) -> String {
        let mut out = String::from("pub static SCHEMAS: &[Schema] = &[\n");
        for (i, n) in self.nodes.iter().enumerate() {
            let n = n.as_ref().expect("every reserved node is filled");
            out.push_str(&format!("    /* {i} */ {n},\n"));
        }
        out.push_str("];\n");
        out
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn patterns_len(&self) -> usize {
        self.patterns.len()
    }
}

pub fn enum_strings(s: &Value) -> Vec<String> {
    s.get("enum")
        .and_then(Value::as_array)
        .map(|e| {
            e.iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Null => None,
                    other => Some(other.to_string()),
                })
                .collect()
        })
        .unwrap_or_default()
}
