//! The typed layer (feature `models`): a Rust type per component schema (and per inline schema
//! that needs a name), and a params struct with an `Endpoint` impl per operation.
//!
//! Only facts from the spec go into the output (names, types, read-only flags, versions,
//! summaries and documentation links); the logic lives in `core/src/typed.rs`.

use crate::model::{Api, Op};
use crate::rules;
use crate::rust::lit;
use crate::spec::{Spec, SpecOperation};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write;

const REF_PREFIX: &str = "#/components/schemas/";

pub struct Output {
    /// `core/src/generated/models/`: (file relative to it, Rust source).
    pub models: Vec<(String, String)>,
    /// `core/tests/typed_dispatch/mod.rs`: (operation, version, status) → typed round trip.
    pub dispatch: String,
    pub types: usize,
    pub operations: usize,
}

struct Gen<'a> {
    spec: &'a Spec,
    /// Component → every component it names (any `$ref` or discriminator mapping), memoised.
    refs: HashMap<String, BTreeSet<String>>,
    /// Component schema name → Rust type name.
    names: BTreeMap<String, String>,
    used: HashSet<String>,
    items: Vec<String>,
    /// Component → components it holds by value (not behind a `Vec` or a map).
    direct: BTreeMap<String, BTreeSet<String>>,
    reach: HashMap<(String, String), bool>,
    /// Component schemas already emitted.
    done: HashSet<String>,
    types: usize,
}

pub fn render(api: &Api) -> Output {
    let spec = &api.spec;
    let mut g = Gen::new(spec);
    // The items each component emits (its own type and the inline types inside it).
    let comps: Vec<String> = g.names.keys().cloned().collect();
    let mut comp_items: BTreeMap<String, std::ops::Range<usize>> = BTreeMap::new();
    for c in &comps {
        let start = g.items.len();
        g.component(c);
        comp_items.insert(c.clone(), start..g.items.len());
    }
    // Each module (a tag) gets its operations, the types they alone introduce, and the
    // components first reached from them (operations in id order); the rest go to `common`.
    let mut owner: Vec<Option<String>> = vec![None; g.items.len()];
    let mut op_files: BTreeMap<String, String> = BTreeMap::new();
    let mut dispatch = String::new();
    let mut count = 0;
    let mut calls = String::new();
    for model in &api.ops {
        let op = model.raw(api);
        let module = module_name(&model.tag);
        let _ = writeln!(
            calls,
            "{} => Some(f.call::<ops::{}>()),",
            lit(op.id()),
            camel(&model.typed_name)
        );
        for c in g.reachable(op.op) {
            for i in comp_items[&c].clone() {
                owner[i].get_or_insert_with(|| module.clone());
            }
        }
        let out = op_files.entry(module.clone()).or_default();
        g.operation(model, &op, out, &mut dispatch);
        // Types the operation introduced itself (its inline bodies and replies) are its tag's.
        owner.resize(g.items.len(), Some(module.clone()));
        count += 1;
    }
    let mut type_files: BTreeMap<String, String> = BTreeMap::new();
    for (item, module) in g.items.iter().zip(owner) {
        let text = type_files
            .entry(module.unwrap_or_else(|| "common".into()))
            .or_default();
        text.push_str(item);
        text.push('\n');
    }
    let mut files = Vec::new();
    let mut root = String::from(
        "//! A model per schema and a typed call per operation, one module per tag of the spec.\n\nuse crate::typed::{Decode, Endpoint};\nuse serde::{Deserialize, Serialize};\n\n",
    );
    for (module, text) in &type_files {
        let _ = writeln!(root, "mod {module};\npub use {module}::*;");
        files.push((format!("{module}.rs"), format!("use super::*;\n\n{text}")));
    }
    root.push_str(
        "\n/// A params struct per operation, each with an [`Endpoint`] impl.\npub mod ops {\n",
    );
    for (module, text) in &op_files {
        let _ = writeln!(root, "    mod {module};\n    pub use {module}::*;");
        files.push((
            format!("ops/{module}.rs"),
            format!("use super::super::{{Decode, Deserialize, Endpoint, Serialize}};\n\n{text}"),
        ));
    }
    root.push_str("}\n");
    files.insert(0, ("mod.rs".to_owned(), root));
    let models = files;
    let dispatch = format!(
        "#![allow(clippy::all, dead_code)]\n\nuse atlas_admin::models::*;\n\n/// Reads `body` as the typed model of `operation`'s `status` reply in `version`, writes it back \
         and reads that again: `None` when the reply has no JSON model, else whether both readings agree.\npub fn round_trip(operation: &str, version: &str, status: u16, body: &serde_json::Value) -> Option<Result<(), String>> {{\nmatch (operation, version, status) {{\n{dispatch}_ => None,\n}}\n}}\n\nfn check<T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug>(body: &serde_json::Value) -> Result<(), String> {{\n    let first: T = serde_json::from_value(body.clone()).map_err(|e| format!(\"reading: {{e}}\"))?;\n    let text = serde_json::to_value(&first).map_err(|e| format!(\"writing: {{e}}\"))?;\n    let second: T = serde_json::from_value(text).map_err(|e| format!(\"reading back: {{e}}\"))?;\n    if first == second {{ Ok(()) }} else {{ Err(format!(\"round trip differs: {{first:?}} vs {{second:?}}\")) }}\n}}\n"
    );
    let dispatch = format!(
        "{dispatch}\n/// Something generic to do with the typed call of an operation.\npub trait WithEndpoint {{\n    type Out;\n    fn call<E: atlas_admin::typed::Endpoint + serde::de::DeserializeOwned>(self) -> Self::Out;\n}}\n\n/// Runs `f` with the typed call of `operation`; `None` for an operation the spec does not define.\npub fn with_endpoint<F: WithEndpoint>(operation: &str, f: F) -> Option<F::Out> {{\nmatch operation {{\n{calls}_ => None,\n}}\n}}\n"
    );
    Output {
        models,
        dispatch,
        types: g.types,
        operations: count,
    }
}

/// `UpperCamelCase` from any identifier-ish text.
fn camel(s: &str) -> String {
    let mut out = String::new();
    let mut up = true;
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() {
            if up {
                out.push(ch.to_ascii_uppercase());
                up = false;
            } else {
                out.push(ch);
            }
        } else {
            up = true;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// `snake_case` field or method name, a raw identifier where it is a keyword.
fn snake(s: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &ch) in chars.iter().enumerate() {
        if ch.is_ascii_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|c| c.is_ascii_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
            if !out.is_empty() && !out.ends_with('_') && (prev_lower || (prev_upper && next_lower))
            {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut out = out.trim_end_matches('_').to_string();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'f');
        out.insert(1, '_');
    }
    match out.as_str() {
        "self" | "super" | "crate" | "Self" => format!("{out}_"),
        "as" | "break" | "const" | "continue" | "else" | "enum" | "extern" | "false" | "fn"
        | "for" | "if" | "impl" | "in" | "let" | "loop" | "match" | "mod" | "move" | "mut"
        | "pub" | "ref" | "return" | "static" | "struct" | "trait" | "true" | "type" | "unsafe"
        | "use" | "where" | "while" | "async" | "await" | "dyn" | "abstract" | "become" | "box"
        | "do" | "final" | "macro" | "override" | "priv" | "typeof" | "unsized" | "virtual"
        | "yield" | "try" | "gen" => format!("r#{out}"),
        _ => out,
    }
}

fn ref_name(v: &Value) -> Option<&str> {
    v.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix(REF_PREFIX))
}

fn is_poly(s: &Value) -> bool {
    s.get("oneOf").is_some()
        || s.get("anyOf").is_some()
        || s.pointer("/discriminator/mapping")
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty())
}

/// One line of rustdoc, without the spec's prose: a title at most.
fn doc_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('`', "'")
}

impl<'a> Gen<'a> {
    fn new(spec: &'a Spec) -> Gen<'a> {
        let mut g = Gen {
            spec,
            refs: HashMap::new(),
            names: BTreeMap::new(),
            used: HashSet::new(),
            items: Vec::new(),
            direct: BTreeMap::new(),
            reach: HashMap::new(),
            done: HashSet::new(),
            types: 0,
        };
        let schemas = spec.doc["components"]["schemas"]
            .as_object()
            .expect("components.schemas");
        let mut sorted: Vec<&String> = schemas.keys().collect();
        sorted.sort();
        for name in sorted {
            let rust = g.fresh(&camel(name));
            g.names.insert(name.clone(), rust);
        }
        for (name, s) in schemas {
            let mut set = BTreeSet::new();
            g.type_edges(s, &mut set);
            g.direct.insert(name.clone(), set);
        }
        g
    }

    fn fresh(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        // Names the generated module itself uses.
        let reserved = [
            "Endpoint",
            "Decode",
            "Serialize",
            "Deserialize",
            "Value",
            "Option",
            "Vec",
            "String",
            "Box",
            "Result",
            "Default",
        ];
        let mut n = 2;
        while self.used.contains(&name) || reserved.contains(&name.as_str()) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }

    /// Components a value of schema `s` holds directly, as a type.
    fn type_edges(&self, s: &Value, out: &mut BTreeSet<String>) {
        if let Some(r) = ref_name(s) {
            out.insert(r.to_string());
            return;
        }
        if is_poly(s) {
            for key in ["oneOf", "anyOf"] {
                for v in s.get(key).and_then(Value::as_array).into_iter().flatten() {
                    self.type_edges(v, out);
                }
            }
            for v in s
                .pointer("/discriminator/mapping")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|m| m.values())
            {
                if let Some(r) = v.as_str().and_then(|r| r.strip_prefix(REF_PREFIX)) {
                    out.insert(r.to_string());
                }
            }
            return;
        }
        self.field_edges(s, out, 0);
    }

    /// Components the flattened fields of `s` hold directly.
    fn field_edges(&self, s: &Value, out: &mut BTreeSet<String>, depth: usize) {
        if depth > 20 {
            return;
        }
        for part in s
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match ref_name(part) {
                Some(r) => self.field_edges(self.spec.schema(r), out, depth + 1),
                None => self.field_edges(part, out, depth + 1),
            }
        }
        for p in s
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|m| m.values())
        {
            self.type_edges(p, out);
        }
    }

    /// Every component an operation's schemas name, directly or through other components.
    fn reachable(&mut self, op: &Value) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut stack: Vec<String> = Vec::new();
        collect_refs(op, &mut |r| stack.push(r.to_owned()));
        // Responses and bodies may be `$ref`s to components other than schemas.
        let mut seen_other = BTreeSet::new();
        while let Some(r) = stack.pop() {
            if let Some(name) = r.strip_prefix(REF_PREFIX) {
                if !out.insert(name.to_owned()) {
                    continue;
                }
                let refs = match self.refs.get(name) {
                    Some(r) => r.clone(),
                    None => {
                        let mut set = BTreeSet::new();
                        collect_refs(self.spec.schema(name), &mut |r| {
                            set.insert(r.to_owned());
                        });
                        self.refs.insert(name.to_owned(), set.clone());
                        set
                    }
                };
                stack.extend(refs);
            } else if seen_other.insert(r.clone()) {
                if let Some(target) = r.strip_prefix('#').and_then(|p| self.spec.doc.pointer(p)) {
                    collect_refs(target, &mut |x| stack.push(x.to_owned()));
                }
            }
        }
        out
    }

    /// Whether component `from` can reach component `to` through values held directly.
    fn reaches(&mut self, from: &str, to: &str) -> bool {
        let key = (from.to_string(), to.to_string());
        if let Some(&r) = self.reach.get(&key) {
            return r;
        }
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        let mut found = false;
        while let Some(n) = stack.pop() {
            if n == to {
                found = true;
                break;
            }
            if !seen.insert(n.clone()) {
                continue;
            }
            for e in self.direct.get(&n).into_iter().flatten() {
                stack.push(e.clone());
            }
        }
        self.reach.insert(key, found);
        found
    }

    fn component(&mut self, name: &str) {
        if !self.done.insert(name.to_string()) {
            return;
        }
        let rust = self.names[name].clone();
        let s = self.spec.schema(name).clone();
        let title = s.get("title").and_then(Value::as_str).map(doc_line);
        let doc = match title {
            Some(t) if !t.is_empty() => format!("/// {t}\n///\n/// Schema `{name}` of the spec.\n"),
            _ => format!("/// Schema `{name}` of the spec.\n"),
        };
        self.define(&rust, &s, name, &doc);
    }

    /// Emits a named type for schema `s` (in the context of component `ctx` for boxing).
    fn define(&mut self, rust: &str, s: &Value, ctx: &str, doc: &str) {
        self.types += 1;
        if is_poly(s) {
            self.define_poly(rust, s, ctx, doc);
        } else if s.get("enum").is_some() && s.get("type").and_then(Value::as_str) == Some("string")
        {
            self.define_enum(rust, s, doc);
        } else if s.get("properties").is_some() || s.get("allOf").is_some() {
            self.define_struct(rust, s, ctx, doc);
        } else {
            let ty = self.ty(s, rust, ctx, false);
            let ty = if ty == rust {
                "serde_json::Value".to_string()
            } else {
                ty
            };
            self.items.push(format!("{doc}pub type {rust} = {ty};\n"));
        }
    }

    fn define_enum(&mut self, rust: &str, s: &Value, doc: &str) {
        let mut seen = HashSet::new();
        let mut body = String::new();
        for v in s["enum"].as_array().into_iter().flatten() {
            let Some(v) = v.as_str() else { continue };
            let mut variant = if v.is_empty() {
                "Empty".to_string()
            } else {
                if v.chars().any(|c| c.is_ascii_lowercase()) {
                    camel(v)
                } else {
                    camel(&v.to_ascii_lowercase())
                }
            };
            if variant == "Other" {
                variant = "Other_".to_string();
            }
            let base = variant.clone();
            let mut n = 2;
            while !seen.insert(variant.clone()) {
                variant = format!("{base}{n}");
                n += 1;
            }
            let _ = writeln!(body, "    {variant} => {},", lit(v));
        }
        self.items.push(format!(
            "crate::typed::string_enum! {{\n{doc}{rust} {{\n{body}}}\n}}\n"
        ));
    }

    fn define_poly(&mut self, rust: &str, s: &Value, ctx: &str, doc: &str) {
        let mapping: Vec<(String, String)> = s
            .pointer("/discriminator/mapping")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| {
                v.as_str()
                    .and_then(|r| r.strip_prefix(REF_PREFIX))
                    .map(|r| (k.clone(), r.to_string()))
            })
            .collect();
        let prop = s
            .pointer("/discriminator/propertyName")
            .and_then(Value::as_str);
        if let (Some(prop), false) = (prop, mapping.is_empty()) {
            // Variants per target schema, in mapping order, each with every tag that names it.
            let mut variants: Vec<(String, String, Vec<String>)> = Vec::new();
            for (tag, target) in &mapping {
                let ty = if target == ctx && self.names.get(target).is_some_and(|n| n == rust) {
                    // The base names itself: its own fields, under another name.
                    let base = self.fresh(&format!("{rust}Base"));
                    let mut plain = s.clone();
                    if let Some(o) = plain.as_object_mut() {
                        o.remove("discriminator");
                        o.remove("oneOf");
                    }
                    self.define_struct(
                        &base,
                        &plain,
                        ctx,
                        &format!("/// The fields of [`{rust}`] itself.\n"),
                    );
                    base
                } else {
                    self.boxed_ref(target, ctx)
                };
                match variants.iter_mut().find(|v| v.1 == ty) {
                    Some(v) => v.2.push(tag.clone()),
                    None => {
                        let vname = camel(target);
                        variants.push((vname, ty, vec![tag.clone()]));
                    }
                }
            }
            let mut seen = HashSet::new();
            let mut body = String::new();
            for (vname, ty, tags) in &variants {
                let mut v = vname.clone();
                let mut n = 2;
                while !seen.insert(v.clone()) || v == "Unknown" {
                    v = format!("{vname}{n}");
                    n += 1;
                }
                let tags: Vec<String> = tags.iter().map(|t| lit(t)).collect();
                let _ = writeln!(body, "    {v}({ty}) = [{}],", tags.join(", "));
            }
            self.items.push(format!(
                "crate::typed::tagged_enum! {{\n{doc}{rust} by {} {{\n{body}}}\n}}\n",
                lit(prop)
            ));
            return;
        }
        let list = s
            .get("oneOf")
            .or_else(|| s.get("anyOf"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let string_enum = |v: &Value| {
            v.get("type").and_then(Value::as_str) == Some("string") && v.get("enum").is_some()
        };
        if !list.is_empty() && list.iter().all(string_enum) {
            let mut values: Vec<Value> = Vec::new();
            for v in list
                .iter()
                .flat_map(|v| v["enum"].as_array().cloned().unwrap_or_default())
            {
                if !values.contains(&v) {
                    values.push(v);
                }
            }
            let merged = serde_json::json!({"type": "string", "enum": values});
            self.define_enum(rust, &merged, doc);
            return;
        }
        let mut body = String::new();
        let mut seen = HashSet::new();
        for (i, v) in list.iter().enumerate() {
            let (base, ty) = match ref_name(v) {
                Some(r) => (camel(r), self.boxed_ref(r, ctx)),
                None => {
                    let t = self.ty(v, &format!("{rust}Variant{}", i + 1), ctx, true);
                    (format!("Variant{}", i + 1), t)
                }
            };
            let mut name = base.clone();
            let mut n = 2;
            while !seen.insert(name.clone()) || name == "Other" {
                name = format!("{base}{n}");
                n += 1;
            }
            let _ = writeln!(body, "    {name}({ty}),");
        }
        self.items.push(format!(
            "crate::typed::untagged_enum! {{\n{doc}{rust} {{\n{body}}}\n}}\n"
        ));
    }

    /// A reference to component `target` from inside component `ctx`, boxed if it closes a cycle.
    fn boxed_ref(&mut self, target: &str, ctx: &str) -> String {
        let ty = self.names[target].clone();
        if self.reaches(target, ctx) {
            format!("Box<{ty}>")
        } else {
            ty
        }
    }

    /// All properties of `s` with allOf parts flattened: (name, schema, required).
    fn collect_fields(&self, s: &Value, out: &mut Vec<(String, Value, bool)>, depth: usize) {
        if depth > 20 {
            return;
        }
        for part in s
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match ref_name(part) {
                Some(r) => self.collect_fields(self.spec.schema(r), out, depth + 1),
                None => self.collect_fields(part, out, depth + 1),
            }
        }
        let required: Vec<&str> = s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (name, p) in s
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let req = required.contains(&name.as_str());
            match out.iter_mut().find(|f| &f.0 == name) {
                // A later part refines an earlier one's field.
                Some(f) => {
                    f.1 = p.clone();
                    f.2 |= req;
                }
                None => out.push((name.clone(), p.clone(), req)),
            }
        }
        for name in &required {
            if let Some(f) = out.iter_mut().find(|f| f.0 == *name) {
                f.2 = true;
            }
        }
    }

    fn define_struct(&mut self, rust: &str, s: &Value, ctx: &str, doc: &str) {
        let mut fields = Vec::new();
        self.collect_fields(s, &mut fields, 0);
        let mut body = String::new();
        let mut seen = HashSet::new();
        // (field, item type, plain) of `results`; (field, plain) of `totalCount`.
        type PageFields = (Option<(String, String, bool)>, Option<(String, bool)>);
        let mut page: PageFields = (None, None);
        for (name, p, required) in fields {
            let read_only = p.get("readOnly").and_then(Value::as_bool).unwrap_or(false);
            let write_only = p.get("writeOnly").and_then(Value::as_bool).unwrap_or(false);
            let nullable = p.get("nullable").and_then(Value::as_bool).unwrap_or(false);
            let ty = self.ty(&p, &format!("{rust}{}", camel(&name)), ctx, true);
            let mut field = snake(&name);
            let base = field.clone();
            let mut n = 2;
            while !seen.insert(field.clone()) {
                field = format!("{}_{n}", base.trim_start_matches("r#"));
                n += 1;
            }
            let mut facts = vec![format!("`{name}`")];
            if let Some(f) = p.get("format").and_then(Value::as_str) {
                facts.push(format!("format `{f}`"));
            }
            if read_only {
                facts.push("read-only: never sent in a request".into());
            }
            if write_only {
                facts.push("write-only: never in a response".into());
            }
            let _ = writeln!(body, "    /// {}.", facts.join(", "));
            let rename = if serde_camel(&field) == name {
                String::new()
            } else {
                format!("rename = {}, ", lit(&name))
            };
            let plain = required && !read_only && !write_only && !nullable;
            if name == "results" {
                if let Some(item) = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')) {
                    page.0 = Some((field.clone(), item.to_string(), plain));
                }
            }
            if name == "totalCount" && (ty == "i32" || ty == "i64") {
                page.1 = Some((field.clone(), plain));
            }
            // The spec puts some enums on the array rather than its items; a single value of
            // the enum is read as a one-item list.
            let array_enum =
                p.get("type").and_then(Value::as_str) == Some("array") && p.get("enum").is_some();
            if plain {
                let with = if array_enum {
                    "deserialize_with = \"crate::typed::one_or_many\", "
                } else if ty.starts_with("Vec<") {
                    "deserialize_with = \"crate::typed::exact\", "
                } else {
                    ""
                };
                // A reply that leaves out a required field still reads (the field's default).
                let _ = writeln!(
                    body,
                    "    #[serde({rename}{with}default)]\n    pub {field}: {ty},"
                );
            } else {
                let with = if array_enum {
                    "deserialize_with = \"crate::typed::opt_one_or_many\", "
                } else if ty.starts_with("Vec<") {
                    "deserialize_with = \"crate::typed::opt_exact\", "
                } else {
                    ""
                };
                let skip = if read_only {
                    "crate::typed::omit_read_only"
                } else {
                    "Option::is_none"
                };
                let _ = writeln!(
                    body,
                    "    #[serde({rename}{with}default, skip_serializing_if = \"{skip}\")]\n    pub {field}: Option<{ty}>,"
                );
            }
        }
        self.items.push(format!(
            "{doc}#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]\n#[serde(rename_all = \"camelCase\")]\npub struct {rust} {{\n{body}}}\n"
        ));
        if let (Some((results, item, plain)), total) = page {
            let results = if plain {
                format!("&self.{results}")
            } else {
                format!("self.{results}.as_deref().unwrap_or_default()")
            };
            let total = match total {
                Some((f, true)) => format!("Some(i64::from(self.{f}))"),
                Some((f, false)) => format!("self.{f}.map(i64::from)"),
                None => "None".into(),
            };
            self.items.push(format!(
                "impl crate::typed::Page for {rust} {{\n    type Item = {item};\n    fn results(&self) -> &[{item}] {{\n        {results}\n    }}\n    fn total_count(&self) -> Option<i64> {{\n        {total}\n    }}\n}}\n"
            ));
        }
    }

    /// The Rust type of a value of schema `s`; `hint` names an inline type if one is needed.
    fn ty(&mut self, s: &Value, hint: &str, ctx: &str, boxable: bool) -> String {
        if let Some(r) = ref_name(s) {
            if !self.names.contains_key(r) {
                return "serde_json::Value".into();
            }
            return if boxable {
                self.boxed_ref(r, ctx)
            } else {
                self.names[r].clone()
            };
        }
        let kind = s.get("type").and_then(Value::as_str);
        if is_poly(s) || s.get("allOf").is_some() || s.get("properties").is_some() {
            // One allOf part alone is that part.
            if let Some(parts) = s.get("allOf").and_then(Value::as_array) {
                if parts.len() == 1
                    && s.get("properties").is_none()
                    && ref_name(&parts[0]).is_some()
                {
                    return self.ty(&parts[0], hint, ctx, boxable);
                }
            }
            let name = self.fresh(hint);
            self.define(&name, s, ctx, &format!("/// Inline schema of `{hint}`.\n"));
            return name;
        }
        match kind {
            Some("string") if s.get("enum").is_some() => {
                let name = self.fresh(hint);
                self.define(&name, s, ctx, &format!("/// Inline enum of `{hint}`.\n"));
                name
            }
            Some("string") => "String".into(),
            Some("integer") => {
                if s.get("format").and_then(Value::as_str) == Some("int32") {
                    "i32".into()
                } else {
                    "i64".into()
                }
            }
            Some("number") => "f64".into(),
            Some("boolean") => "bool".into(),
            Some("array") => {
                let item = s.get("items").cloned().unwrap_or(Value::Null);
                let t = if item.is_null() {
                    "serde_json::Value".to_string()
                } else if item.get("nullable").and_then(Value::as_bool) == Some(true) {
                    // Items that may be `null` (`postAuthRoleGrants` in 2026-08-21).
                    format!(
                        "Option<{}>",
                        self.ty(&item, &format!("{hint}Item"), ctx, false)
                    )
                } else {
                    self.ty(&item, &format!("{hint}Item"), ctx, false)
                };
                format!("Vec<{t}>")
            }
            _ => match s.get("additionalProperties") {
                Some(ap) if ap.is_object() && !ap.as_object().is_some_and(|m| m.is_empty()) => {
                    let t = self.ty(ap, &format!("{hint}Value"), ctx, false);
                    format!("std::collections::BTreeMap<String, {t}>")
                }
                _ => "serde_json::Value".into(),
            },
        }
    }

    fn operation(
        &mut self,
        model: &Op,
        op: &SpecOperation<'_>,
        out: &mut String,
        dispatch: &mut String,
    ) {
        let id = op.id();
        let rust = camel(&model.typed_name);
        let o = op.op;
        let version_of = |ct: &str| -> Option<String> {
            let (v, _) = rules::split_content_type(ct);
            (v != "unversioned").then(|| v.to_owned())
        };
        let responses = o
            .get("responses")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut success: Vec<(u16, Value)> = Vec::new();
        for (status, r) in &responses {
            let Ok(code) = status.parse::<u16>() else {
                continue;
            };
            if !(200..300).contains(&code) {
                continue;
            }
            success.push((code, self.spec.resolve(r).clone()));
        }
        success.sort_by_key(|s| s.0);
        let version = model.default().map(|v| v.name.clone());
        let media_for =
            |content: &Value, version: &str, json_only: bool| -> Option<(String, Value)> {
                let map = content.as_object()?;
                let mut found = None;
                for (ct, m) in map {
                    if version_of(ct).as_deref() != Some(version) {
                        continue;
                    }
                    let json = ct.ends_with("json");
                    if json || (!json_only && found.is_none()) {
                        found = Some((ct.clone(), m.clone()));
                    }
                }
                found
            };

        // The typed output: the first 2xx reply that has content in the chosen version.
        let mut output = ("()".to_string(), "Decode::Empty");
        if let Some(v) = &version {
            for (_, r) in &success {
                if let Some((ct, m)) = r.get("content").and_then(|c| media_for(c, v, false)) {
                    if ct.ends_with("json") {
                        let ty = match m.get("schema") {
                            Some(s) => self.ty(s, &format!("{rust}Output"), "", false),
                            None => "serde_json::Value".to_string(),
                        };
                        output = (ty, "Decode::Json");
                    } else {
                        output = ("crate::Parsed".to_string(), "Decode::Raw");
                    }
                    break;
                }
            }
        }
        // Models of every other version's JSON replies, for the examples round trip.
        for (code, r) in &success {
            let Some(content) = r.get("content").and_then(Value::as_object) else {
                continue;
            };
            for (ct, m) in content {
                let (Some(v), true) = (version_of(ct), ct.ends_with("json")) else {
                    continue;
                };
                let Some(schema) = m.get("schema") else {
                    continue;
                };
                let ty = if Some(&v) == version.as_ref()
                    && output.1 == "Decode::Json"
                    && success.first().map(|s| s.0) == Some(*code)
                {
                    output.0.clone()
                } else {
                    let hint = format!("{rust}Output{}", camel(&v.replace('-', "")));
                    self.ty(schema, &hint, "", false)
                };
                if ty.starts_with("crate::") {
                    continue;
                }
                let _ = writeln!(
                    dispatch,
                    "({}, {}, {code}) => Some(check::<{}>(body)),",
                    lit(id),
                    lit(&v),
                    qualify(&ty, "")
                );
            }
        }

        // The body in the chosen version, as the model describes it.
        let body = model.default().and_then(|v| {
            let schema = v.request.as_ref()?.schema.as_ref()?;
            let ty = self.ty(schema, &format!("{rust}Body"), "", false);
            Some((qualify(&ty, "super::super::"), model.body_required))
        });

        // Params.
        let mut fields = String::new();
        let mut ctor_args = Vec::new();
        let mut ctor_sets = Vec::new();
        let mut setters = String::new();
        let mut seen = HashSet::new();
        // The model's parameters: path-item ones overridden by the operation's, headers included.
        let params: Vec<Value> = model.params.iter().map(|p| p.spec.clone()).collect();
        for p in &params {
            let name = p["name"].as_str().unwrap_or("");
            let location = p["in"].as_str().unwrap_or("");
            let required =
                p.get("required").and_then(Value::as_bool).unwrap_or(false) || location == "path";
            let schema = p.get("schema").cloned().unwrap_or(Value::Null);
            let ty = param_ty(&schema);
            let mut field = snake(name);
            if field == "body" {
                field = "body_param".into();
            }
            let base = field.clone();
            let mut n = 2;
            while !seen.insert(field.clone()) {
                field = format!("{}_{n}", base.trim_start_matches("r#"));
                n += 1;
            }
            let rename = if serde_camel(&field) == name {
                String::new()
            } else {
                format!("rename = {}, ", lit(name))
            };
            if required {
                let _ = writeln!(fields, "    /// {location} parameter `{name}` (required).");
                if !rename.is_empty() {
                    let _ = writeln!(fields, "    #[serde({})]", rename.trim_end_matches(", "));
                }
                let _ = writeln!(fields, "    pub {field}: {ty},");
                if ty == "String" {
                    ctor_args.push(format!("{field}: impl Into<String>"));
                    ctor_sets.push(format!("{field}: {field}.into()"));
                } else {
                    ctor_args.push(format!("{field}: {ty}"));
                    ctor_sets.push(field.clone());
                }
            } else {
                let _ = writeln!(fields, "    /// {location} parameter `{name}`.");
                let _ = writeln!(fields, "    #[serde({rename}default, skip_serializing_if = \"Option::is_none\")]\n    pub {field}: Option<{ty}>,");
                ctor_sets.push(format!("{field}: None"));
                let (arg, val) = if ty == "String" {
                    ("impl Into<String>".to_string(), "value.into()")
                } else {
                    (ty.clone(), "value")
                };
                let _ = writeln!(setters, "    /// Sets the {location} parameter `{name}`.\n    pub fn {field}(mut self, value: {arg}) -> Self {{\n        self.{field} = Some({val});\n        self\n    }}");
            }
        }
        let body_ty = match &body {
            Some((ty, true)) => {
                let _ = writeln!(fields, "    /// The request body (required).\n    #[serde(rename = \"$body\", default, skip_serializing)]\n    pub body: {ty},");
                ctor_args.push(format!("body: {ty}"));
                ctor_sets.push("body".into());
                Some((ty.clone(), "Some(&self.body)"))
            }
            Some((ty, false)) => {
                let _ = writeln!(fields, "    /// The request body.\n    #[serde(rename = \"$body\", default, skip_serializing)]\n    pub body: Option<{ty}>,");
                ctor_sets.push("body: None".into());
                let _ = writeln!(setters, "    /// Sets the request body.\n    pub fn body(mut self, value: {ty}) -> Self {{\n        self.body = Some(value);\n        self\n    }}");
                Some((ty.clone(), "self.body.as_ref()"))
            }
            None => None,
        };
        let summary = o
            .get("summary")
            .and_then(Value::as_str)
            .map(doc_line)
            .unwrap_or_default();
        let docs_url = o
            .get("x-xgen-docs-url")
            .and_then(Value::as_str)
            .unwrap_or("");
        let method = op.method.to_ascii_uppercase();
        let mut doc = format!("/// {summary}\n///\n/// `{method} {}`", op.path);
        if let Some(v) = &version {
            let _ = write!(doc, ", version `{v}`");
        }
        doc.push_str(".\n");
        if o.get("deprecated").and_then(Value::as_bool) == Some(true) {
            doc.push_str("/// Deprecated in the spec.\n");
        }
        if !docs_url.is_empty() {
            let _ = writeln!(doc, "///\n/// [Documentation]({docs_url})");
        }
        let _ = write!(
            out,
            "{doc}#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]\n#[serde(rename_all = \"camelCase\")]\npub struct {rust} {{\n{fields}}}\n\nimpl {rust} {{\n    /// The call with its required parameters{}.\n    #[allow(clippy::too_many_arguments)]\n    pub fn new({}) -> Self {{\n        {rust} {{ {} }}\n    }}\n{setters}}}\n\n",
            if body.as_ref().is_some_and(|b| b.1) { " and body" } else { "" },
            ctor_args.join(", "),
            ctor_sets.join(", ")
        );
        let output = (qualify(&output.0, "super::super::"), output.1);
        let (body_type, body_expr) = match &body_ty {
            Some((t, e)) => (t.clone(), e.to_string()),
            None => ("()".into(), "None".into()),
        };
        let version_lit = match &version {
            Some(v) => format!("Some({})", lit(v)),
            None => "None".into(),
        };
        let _ = write!(
            out,
            "impl Endpoint for {rust} {{\n    const OPERATION_ID: &'static str = {};\n    const VERSION: Option<&'static str> = {version_lit};\n    const DECODE: Decode = {};\n    type Body = {body_type};\n    type Output = {};\n    fn body(&self) -> Option<&Self::Body> {{\n        {body_expr}\n    }}\n}}\n\n",
            lit(id),
            output.1,
            output.0,
        );
        for alias in &model.typed_aliases {
            let _ = write!(
                out,
                "/// The name of [`{rust}`] in the API of 2025-06-05.\n#[deprecated(note = \"renamed to `{rust}` (operation `{id}`)\")]\npub type {} = {rust};\n\n",
                camel(alias)
            );
        }
    }
}

/// Calls `f` with every `$ref` (and discriminator mapping target) inside `v`.
fn collect_refs(v: &Value, f: &mut dyn FnMut(&str)) {
    match v {
        Value::Object(map) => map.values().for_each(|x| collect_refs(x, f)),
        Value::Array(items) => items.iter().for_each(|x| collect_refs(x, f)),
        Value::String(s) if s.starts_with("#/components/") => f(s),
        _ => {}
    }
}

/// The module of a tag: `Atlas Search` -> `atlas_search`, `X.509 Authentication` ->
/// `x_509_authentication`.
fn module_name(tag: &str) -> String {
    let name = crate::model::snake_name(tag);
    match name.as_str() {
        "" => "untagged".into(),
        "ops" | "common" => format!("{name}_tag"),
        _ if name.starts_with(|c: char| c.is_ascii_digit()) => format!("t_{name}"),
        _ => name,
    }
}

/// A model type named from the test crate (`Box` and maps spelled out, models from `models::`).
fn qualify(ty: &str, prefix: &str) -> String {
    let mut out = String::new();
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        let plain = !token.contains("::")
            && token.starts_with(|c: char| c.is_ascii_uppercase())
            && !matches!(token.as_str(), "String" | "Vec" | "Box" | "Option");
        if plain {
            out.push_str(prefix);
        }
        out.push_str(token);
        token.clear();
    };
    for ch in ty.chars() {
        if ch.is_ascii_alphanumeric() || ch == '_' || ch == ':' {
            token.push(ch);
        } else {
            flush(&mut token, &mut out);
            out.push(ch);
        }
    }
    flush(&mut token, &mut out);
    out
}

/// The JSON name serde's `rename_all = "camelCase"` gives a field.
fn serde_camel(field: &str) -> String {
    let field = field.trim_start_matches("r#");
    let mut out = String::new();
    let mut up = false;
    for ch in field.chars() {
        if ch == '_' {
            up = true;
        } else if up {
            out.push(ch.to_ascii_uppercase());
            up = false;
        } else {
            out.push(ch);
        }
    }
    out
}

fn param_ty(s: &Value) -> String {
    match s.get("type").and_then(Value::as_str) {
        Some("integer") => {
            if s.get("format").and_then(Value::as_str) == Some("int32") {
                "i32".into()
            } else {
                "i64".into()
            }
        }
        Some("number") => "f64".into(),
        Some("boolean") => "bool".into(),
        Some("array") => format!("Vec<{}>", param_ty(s.get("items").unwrap_or(&Value::Null))),
        _ => "String".into(),
    }
}
