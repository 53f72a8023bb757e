//! Valid example calls for every operation (`tests/fixtures/requests.json`), shared by the
//! conformance suites of the core and every binding.
//!
//! Values come from the spec's own examples where they satisfy the spec's rules, and are
//! otherwise synthesized from the schema (patterns through a seeded regex sampler), so the same
//! spec always gives the same bytes.

use crate::model::{Api, Op};
use crate::rules;
use crate::rust::lit;
use crate::spec::{Spec, SpecOperation};
use rand::distr::Distribution;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use regex_syntax::hir::{Hir, HirKind};
use serde_json::{json, Map, Value};

pub fn render(api: &Api) -> String {
    let mut calls = Vec::new();
    for op in &api.ops {
        calls.push(call(&api.spec, op, &op.raw(api)));
    }
    let mut text = serde_json::to_string_pretty(&Value::Array(calls)).expect("fixtures serialize");
    text.push('\n');
    text
}

fn call(spec: &Spec, model: &Op, sop: &SpecOperation) -> Value {
    let mut synth = Synth {
        spec,
        response: false,
        distinguish: false,
        rng: ChaCha8Rng::seed_from_u64(fnv(sop.id())),
        stack: Vec::new(),
    };
    let mut params = Map::new();
    for p in sop
        .op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let p = spec.resolve(p);
        let name = p["name"].as_str().expect("param name");
        // `envelope` changes the reply's shape; suites that test it set it themselves.
        if name == "envelope" {
            continue;
        }
        let schema = &p["schema"];
        // Prism (5.14) rejects every value of a parameter typed as a `oneOf` of string enums
        // (`eventType`), so an optional one is left out of the shared calls.
        let required = p["required"] == true || p["in"] == "path";
        let items = spec.resolve(schema.get("items").unwrap_or(schema));
        if !required
            && (spec.resolve(schema).get("oneOf").is_some() || items.get("oneOf").is_some())
        {
            continue;
        }
        let value = if schema["type"] == "array" {
            let items = &schema["items"];
            let mut list = Vec::new();
            let enum_values = items.get("enum").and_then(Value::as_array);
            for i in 0..2 {
                match enum_values {
                    Some(e) if !e.is_empty() => list.push(e[i % e.len()].clone()),
                    _ => list.push(synth.value(items, Some(name))),
                }
            }
            list.dedup();
            Value::Array(list)
        } else {
            let from_example = p.get("example").or_else(|| schema.get("example")).cloned();
            match from_example {
                Some(ex) if synth.fits(schema, &ex) => ex,
                _ => synth.value(schema, Some(name)),
            }
        };
        params.insert(name.to_owned(), value);
    }
    let body = sop
        .op
        .get("requestBody")
        .map(|b| spec.resolve(b))
        .and_then(|b| {
            let content = b["content"].as_object()?;
            // The default version's body, as the core will choose it (none where it takes none).
            let chosen = model.default()?.request.as_ref()?;
            let (newest, media) = content.get_key_value(&chosen.content_type)?;
            let mut body = synth.value(&media["schema"], None);
            // Prism validates a body against the first schema whose media type matches loosely
            // (all `+json` versions look alike to it), so the shared calls carry the fields every
            // version requires; each version allows the others' extra fields.
            for (ct, other) in content {
                if ct == newest {
                    continue;
                }
                if let (Value::Object(b), Value::Object(o)) =
                    (&mut body, synth.value(&other["schema"], None))
                {
                    for (k, v) in o {
                        b.entry(k).or_insert(v);
                    }
                }
            }
            Some(body)
        });
    json!({
        "operationId": sop.id(),
        "params": params,
        "body": body,
    })
}

/// A success example for every (operation, version, status): the spec's own example where it
/// gives one, else one composed from the schema's field examples (as Prism composes them).
pub fn render_examples(api: &Api) -> String {
    let spec = &api.spec;
    let mut rows = Vec::new();
    for op in &api.ops {
        let sop = op.raw(api);
        let mut synth = Synth {
            spec,
            response: true,
            distinguish: false,
            rng: ChaCha8Rng::seed_from_u64(fnv(sop.id()) ^ 0x5eed),
            stack: Vec::new(),
        };
        let mut seen = std::collections::BTreeSet::new();
        for (status, response) in sop.success_responses() {
            let response = spec.resolve(response);
            for (ct, media) in response["content"].as_object().into_iter().flatten() {
                let version = rules::split_content_type(ct).0.to_owned();
                // The first success status of each version answers it.
                if !seen.insert(version.clone()) {
                    continue;
                }
                let own = media.get("example").cloned().or_else(|| {
                    media["examples"]
                        .as_object()
                        .and_then(|e| e.values().next())
                        .map(|e| spec.resolve(e)["value"].clone())
                });
                let body = match (own, media.get("schema")) {
                    (Some(Value::String(s)), _) if !ct.ends_with("json") => s,
                    (Some(v), _) => serde_json::to_string(&v).expect("example serializes"),
                    (None, Some(schema)) if ct.ends_with("json") && status != "204" => {
                        serde_json::to_string(&synth.value(schema, None))
                            .expect("example serializes")
                    }
                    _ => String::new(),
                };
                rows.push((
                    sop.id().to_owned(),
                    version,
                    status.clone(),
                    ct.clone(),
                    body,
                ));
            }
        }
    }
    rows.sort();
    let mut out = String::from("pub static EXAMPLES: &[Example] = &[\n");
    for (op, version, status, ct, body) in rows {
        out.push_str(&format!(
            "    Example {{ operation: {}, version: {}, status: {status}, content_type: {}, body: {} }},\n",
            lit(&op),
            lit(&version),
            lit(&ct),
            lit(&body)
        ));
    }
    out.push_str("];\n");
    out
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

#[derive(Default)]
struct Flat {
    properties: Map<String, Value>,
    required: Vec<String>,
    discriminator: Option<(String, String)>,
}

struct Synth<'a> {
    spec: &'a Spec,
    /// Responses carry every field (read-only ones included, write-only ones left out) and
    /// prefer the spec's own examples at every level; requests carry the required fields only.
    response: bool,
    /// Set while generating a variant of a discriminator-less `oneOf`.
    distinguish: bool,
    rng: ChaCha8Rng,
    /// Component schemas being generated, to stop at recursion.
    stack: Vec<String>,
}

impl Synth<'_> {
    /// Whether a spec example satisfies its own schema's simple rules (some do not).
    fn fits(&self, schema: &Value, v: &Value) -> bool {
        let schema = self.spec.resolve(schema);
        if let Some(e) = schema.get("enum").and_then(Value::as_array) {
            if !e.contains(v) {
                return false;
            }
        }
        match (schema["type"].as_str(), v) {
            (Some("string"), Value::String(s)) => {
                let pattern_ok = schema
                    .get("pattern")
                    .and_then(Value::as_str)
                    .is_none_or(|p| regex::Regex::new(p).map(|r| r.is_match(s)).unwrap_or(false));
                let len = s.chars().count() as u64;
                pattern_ok
                    && schema
                        .get("minLength")
                        .and_then(Value::as_u64)
                        .is_none_or(|m| len >= m)
                    && schema
                        .get("maxLength")
                        .and_then(Value::as_u64)
                        .is_none_or(|m| len <= m)
                    && format_fits(schema.get("format").and_then(Value::as_str), s)
            }
            (Some("integer"), Value::Number(n)) => {
                n.is_i64() && in_range(schema, n.as_f64().unwrap_or(0.0))
            }
            (Some("number"), Value::Number(n)) => in_range(schema, n.as_f64().unwrap_or(0.0)),
            (Some("boolean"), Value::Bool(_)) => true,
            _ => false,
        }
    }

    fn value(&mut self, schema: &Value, name: Option<&str>) -> Value {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let component = r.trim_start_matches("#/components/schemas/").to_owned();
            let limit = if self.response { 8 } else { 24 };
            if self.stack.iter().filter(|c| **c == component).count() >= 1
                || self.stack.len() > limit
            {
                return Value::Null;
            }
            self.stack.push(component);
            let target = self.spec.resolve(schema).clone();
            let v = self.value(&target, name);
            self.stack.pop();
            return v;
        }
        if let Some(v) = schema.get("example") {
            if (self.response && (v.is_object() || v.is_array()))
                || (!v.is_object() && !v.is_array() && self.fits(schema, v))
            {
                return v.clone();
            }
        }
        if let Some(Value::Array(variants)) = schema.get("oneOf").or_else(|| schema.get("anyOf")) {
            return self.polymorphic(schema, variants);
        }
        if schema["discriminator"]["mapping"].is_object() && schema.get("allOf").is_none() {
            return self.polymorphic(schema, &[]);
        }
        if schema.get("allOf").is_some() {
            return self.object(schema);
        }
        if let Some(e) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            return e.clone();
        }
        match schema["type"].as_str() {
            Some("object") | None
                if schema.get("properties").is_some() || schema["type"] == "object" =>
            {
                self.object(schema)
            }
            Some("array") => {
                let n = schema
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(1)
                    .max(1);
                let items = schema.get("items").cloned().unwrap_or(json!({}));
                let list: Vec<Value> = (0..n)
                    .map(|_| self.value(&items, name))
                    .filter(|v| !v.is_null())
                    .collect();
                Value::Array(list)
            }
            Some("string") => Value::String(self.string(schema, name)),
            Some("integer") => json!(number(schema) as i64),
            Some("number") => json!(number(schema)),
            Some("boolean") => json!(true),
            _ => json!({}),
        }
    }

    fn polymorphic(&mut self, schema: &Value, variants: &[Value]) -> Value {
        let mapping = schema["discriminator"]["mapping"].as_object();
        let property = schema["discriminator"]["propertyName"].as_str();
        if let (Some(mapping), Some(property)) = (mapping, property) {
            let mut entries: Vec<(&String, &Value)> = mapping.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            if let Some((key, target)) = entries.first() {
                let mut v = self.value(&json!({"$ref": target}), None);
                if let Value::Object(m) = &mut v {
                    let writable = self.response
                        || schema["properties"]
                            .get(property)
                            .is_none_or(|p| !self.read_only(p));
                    if writable {
                        m.insert(property.to_owned(), Value::String((*key).clone()));
                    }
                }
                return v;
            }
        }
        // Without a discriminator a validator must find exactly one matching variant: also
        // set the variant's enum-valued fields, which tell variants apart.
        self.distinguish = true;
        let v = variants
            .first()
            .map(|v| self.value(v, None))
            .unwrap_or(json!({}));
        self.distinguish = false;
        v
    }

    /// An object with its required (writable) fields, `allOf` parts merged in.
    fn object(&mut self, schema: &Value) -> Value {
        let mut flat = Flat::default();
        self.flatten(schema, &mut flat);
        let mut out = Map::new();
        let mut names: Vec<String> = if self.response {
            flat.properties.keys().cloned().collect()
        } else {
            flat.required.clone()
        };
        if std::mem::take(&mut self.distinguish) {
            for (name, prop) in &flat.properties {
                if self.spec.resolve(prop).get("enum").is_some() && !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        for name in &names {
            let Some(prop) = flat.properties.get(name).cloned() else {
                continue;
            };
            if self.skipped(&prop) {
                continue;
            }
            let v = self.value(&prop, Some(name));
            if !v.is_null() {
                out.insert(name.clone(), v);
            }
        }
        // `minProperties` over a map (`additionalProperties`): add entries until it is met.
        let min = schema
            .get("minProperties")
            .and_then(Value::as_u64)
            .unwrap_or(0) as usize;
        if let Some(extra) = schema.get("additionalProperties").filter(|a| a.is_object()) {
            while out.len() < min {
                let key = format!("field{}", out.len() + 1);
                let v = self.value(extra, Some(&key));
                out.insert(key, v);
            }
        }
        if let Some((property, key)) = flat.discriminator {
            let writable = self.response
                || flat
                    .properties
                    .get(&property)
                    .is_none_or(|p| !self.read_only(p));
            if writable {
                out.insert(property, Value::String(key));
            }
        }
        Value::Object(out)
    }

    /// Fields that do not travel in this direction.
    fn skipped(&self, prop: &Value) -> bool {
        let flag = if self.response {
            "writeOnly"
        } else {
            "readOnly"
        };
        self.spec.flagged(prop, flag)
    }

    fn read_only(&self, prop: &Value) -> bool {
        self.spec.flagged(prop, "readOnly")
    }

    /// Merges properties and required names of a schema and its `allOf` parts. A polymorphic
    /// base met as a part contributes its own fields and the discriminator value that names the
    /// schema being generated.
    fn flatten(&self, schema: &Value, flat: &mut Flat) {
        let schema = self.spec.resolve(schema);
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let target = self.spec.resolve(part);
            if let (Some(property), Some(current)) = (
                target["discriminator"]["propertyName"].as_str(),
                self.stack.last(),
            ) {
                let wanted = format!("#/components/schemas/{current}");
                let key = target["discriminator"]["mapping"]
                    .as_object()
                    .and_then(|m| {
                        m.iter()
                            .find(|(_, r)| r.as_str() == Some(&wanted))
                            .map(|(k, _)| k.clone())
                    })
                    .unwrap_or_else(|| current.clone());
                flat.discriminator = Some((property.to_owned(), key));
            }
            self.flatten(target, flat);
        }
        for (name, prop) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            flat.properties.insert(name.clone(), prop.clone());
        }
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !flat.required.iter().any(|r| r == name) {
                flat.required.push(name.to_owned());
            }
        }
    }

    fn string(&mut self, schema: &Value, name: Option<&str>) -> String {
        if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
            if let Some(s) = self.sample(p, schema) {
                return s;
            }
        }
        let base = match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => return "2025-01-01T00:00:00Z".into(),
            Some("date") => return "2025-01-01".into(),
            Some("email") => return "user@example.com".into(),
            Some("uri") | Some("url") => return "https://example.com/".into(),
            Some("uuid") => return "3fa85f64-5717-4562-b3fc-2c963f66afa6".into(),
            _ => name.map_or_else(
                || "example".to_owned(),
                |n| format!("example-{}", n.to_ascii_lowercase()),
            ),
        };
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .map_or(usize::MAX, |m| m as usize);
        let mut s = base;
        while s.len() < min {
            s.push('x');
        }
        s.truncate(max.max(1));
        s
    }

    /// A string matching `pattern` and the schema's lengths, if the sampler can find one.
    fn sample(&mut self, pattern: &str, schema: &Value) -> Option<String> {
        let Ok(check) = regex::Regex::new(pattern) else {
            // Look-around: the sampler cannot read it, so try plausible values for the kinds of
            // field such patterns describe (addresses and hosts).
            let fancy = fancy_regex::Regex::new(pattern).ok()?;
            return [
                "192.0.2.1",
                "2001:db8:0:0:0:0:0:1",
                "host.example.com:27017",
                "example.com",
                "example",
            ]
            .into_iter()
            .find(|c| fancy.is_match(c).unwrap_or(false))
            .map(str::to_owned);
        };
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .ok()?;
        let sampler = rand_regex::Regex::with_hir(without_anchors(hir), 6).ok()?;
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .map_or(usize::MAX, |m| m as usize);
        for _ in 0..200 {
            let s: String = sampler.sample(&mut self.rng);
            let n = s.chars().count();
            if check.is_match(&s) && n >= min && n <= max && s.is_ascii() && !s.is_empty() {
                return Some(s);
            }
        }
        None
    }
}

/// The sampler cannot generate look-arounds; anchors only constrain where a match sits, which
/// the final check with the real pattern enforces.
fn without_anchors(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Concat(parts) => Hir::concat(parts.into_iter().map(without_anchors).collect()),
        HirKind::Alternation(parts) => {
            Hir::alternation(parts.into_iter().map(without_anchors).collect())
        }
        HirKind::Repetition(mut r) => {
            r.sub = Box::new(without_anchors(*r.sub));
            Hir::repetition(r)
        }
        HirKind::Capture(mut c) => {
            c.sub = Box::new(without_anchors(*c.sub));
            Hir::capture(c)
        }
        HirKind::Class(c) => Hir::class(c),
        HirKind::Literal(l) => Hir::literal(l.0),
        HirKind::Empty => Hir::empty(),
    }
}

fn number(schema: &Value) -> f64 {
    let min = schema.get("minimum").and_then(Value::as_f64);
    let max = schema.get("maximum").and_then(Value::as_f64);
    match (min, max) {
        (Some(lo), _) => lo.max(1.0).min(max.unwrap_or(f64::MAX)),
        (None, Some(hi)) => hi.min(1.0),
        (None, None) => 1.0,
    }
}

fn in_range(schema: &Value, n: f64) -> bool {
    schema
        .get("minimum")
        .and_then(Value::as_f64)
        .is_none_or(|m| n >= m)
        && schema
            .get("maximum")
            .and_then(Value::as_f64)
            .is_none_or(|m| n <= m)
}

fn format_fits(format: Option<&str>, s: &str) -> bool {
    match format {
        Some("date-time") => s.len() >= 20 && s.as_bytes().get(10) == Some(&b'T'),
        Some("email") => s.contains('@'),
        _ => true,
    }
}

/// A large list reply for benchmarks: `count` items of the schema `item_schema` (a component
/// name), each composed like the examples and varied by a seeded generator so no two are alike.
pub fn list_reply(spec: &Spec, item_schema: &str, count: usize, seed: u64) -> Value {
    let mut synth = Synth {
        spec,
        response: true,
        distinguish: false,
        rng: ChaCha8Rng::seed_from_u64(seed),
        stack: Vec::new(),
    };
    let template = synth.value(
        &json!({"$ref": format!("#/components/schemas/{item_schema}")}),
        None,
    );
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let results: Vec<Value> = (0..count)
        .map(|i| {
            let mut item = template.clone();
            vary(&mut item, i, &mut rng);
            item
        })
        .collect();
    json!({
        "links": [{"href": "https://cloud.mongodb.com/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters?pageNum=1&itemsPerPage=500", "rel": "self"}],
        "results": results,
        "totalCount": count,
    })
}

/// Makes every string and number of an item differ from its neighbours' (as real data does, so
/// parsers cannot lean on repetition).
fn vary(v: &mut Value, i: usize, rng: &mut ChaCha8Rng) {
    use rand::Rng;
    match v {
        Value::String(s) if s.len() < 64 && !s.contains("T00:") && !s.starts_with("http") => {
            if s.chars().all(|c| c.is_ascii_hexdigit()) && s.len() == 24 {
                *s = format!("{:024x}", rng.random::<u64>() as u128 * (i as u128 + 1));
                s.truncate(24);
            } else if s.chars().all(|c| matches!(c, 'A'..='Z' | '0'..='9' | '_')) {
                // enum values (`M10`, `US_EAST_1`, `TLS1_2`) stay valid, as Atlas sends them
            } else {
                s.push_str(&format!("-{i}"));
            }
        }
        Value::Number(n) if n.is_u64() || n.is_i64() => {
            *n = serde_json::Number::from(rng.random_range(0..100_000u64))
        }
        Value::Array(a) => a.iter_mut().for_each(|x| vary(x, i, rng)),
        Value::Object(m) => m.values_mut().for_each(|x| vary(x, i, rng)),
        _ => {}
    }
}
