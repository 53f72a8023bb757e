//! The language-neutral type model the Kotlin and Swift front ends render from: one named type
//! per component schema (and per inline schema that needs a name), each a struct, an open enum,
//! a discriminated union or an alias, plus the typed signature of every operation (params, body,
//! reply, paged item, what a wait ends with). Only facts of the spec are decided here; each
//! renderer spells them in its language.
//!
//! Rules shared by both languages:
//! - A field is plain (non-optional) only in a request shape, and there only when the spec
//!   requires it and it is neither read-only, write-only nor nullable. Reply shapes make every
//!   member optional: the spec's own examples leave out members it calls required (search index
//!   `mappings`, log integration `id`), and a reply must still decode, as in the Rust models.
//! - Enums are open: a value the spec does not list is kept (the renderers' enum types wrap the
//!   raw string).
//! - A `oneOf`/`anyOf` with a discriminator mapping is a union of its mapped schemas plus an
//!   unknown case; one of string enums is their merged enum; any other is a JSON value.
//! - Request bodies use request shapes (`{Name}Input`) of the types with a read-only field
//!   anywhere in them, without those fields: the core refuses them in a request.

use crate::model::{Api, Op};
use crate::spec::Spec;
use crate::watchers::Until;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const REF_PREFIX: &str = "#/components/schemas/";

/// The suffix of a request shape (`ClusterDescription20240805Input`).
pub const INPUT: &str = "Input";

/// A value's type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ty {
    String,
    /// `integer` with `format: int32`.
    Int,
    /// Any other `integer`.
    Long,
    Double,
    Bool,
    /// Any JSON value (free-form objects, untagged unions).
    Json,
    List(Box<Ty>),
    /// A JSON object with values of one type (`additionalProperties`).
    Map(Box<Ty>),
    Optional(Box<Ty>),
    /// A named type of [`Models::defs`]. In a request body, its request shape where it has one
    /// ([`Models::inputs`]).
    Named(String),
}

impl Ty {
    fn named(name: &str) -> Ty {
        Ty::Named(name.to_owned())
    }

    /// Every named type it mentions.
    pub fn names(&self, out: &mut Vec<String>) {
        match self {
            Ty::List(t) | Ty::Map(t) | Ty::Optional(t) => t.names(out),
            Ty::Named(name) => out.push(name.clone()),
            _ => {}
        }
    }
}

pub struct Field {
    /// The member's name in JSON.
    pub json: String,
    pub ty: Ty,
    /// Required and neither read-only, write-only nor nullable: never absent.
    pub plain: bool,
    pub read_only: bool,
}

pub struct Variant {
    /// The union's case for it (from the target schema's name).
    pub case: String,
    /// The type it holds (a named type).
    pub ty: String,
    /// Every discriminator value that selects it.
    pub tags: Vec<String>,
}

pub enum Shape {
    Struct(Vec<Field>),
    /// An open enum of strings.
    Enum(Vec<String>),
    /// A discriminated union on `property`.
    Union {
        property: String,
        variants: Vec<Variant>,
    },
    Alias(Ty),
}

pub struct Def {
    pub name: String,
    /// Where it comes from, for its doc (`schema ClusterDescription20240805`, `inline ...`).
    pub origin: String,
    pub title: Option<String>,
    pub shape: Shape,
}

/// What a successful call of an operation decodes to, in its default version.
pub enum Reply {
    /// JSON decoded into `ty`; `or_empty` when a 2xx may come without content.
    Json { ty: Ty, or_empty: bool },
    /// CSV or YAML.
    Text,
    /// gzip.
    Bytes,
    /// No content.
    Empty,
}

pub struct ParamSig {
    pub name: String,
    pub ty: Ty,
    pub required: bool,
}

pub struct OpSig {
    pub params: Vec<ParamSig>,
    /// The body's (request-shape) type and whether it is required.
    pub body: Option<(Ty, bool)>,
    pub reply: Reply,
    /// The version the reply type describes (the default one), sent with every typed call.
    pub version: Option<String>,
    /// The item of a paged reply's `results`.
    pub item: Option<Ty>,
    /// What a wait ends with: `Some(None)` for a 404 (nothing), `Some(Some(ty))` for a state.
    pub waited: Option<Option<Ty>>,
}

pub struct Models {
    /// Every named type, by name.
    pub defs: BTreeMap<String, Def>,
    /// The types whose request shape is needed (and differs).
    pub inputs: BTreeSet<String>,
    /// Per operation id.
    pub ops: BTreeMap<String, OpSig>,
}

impl Models {
    /// The types `name` refers to (fields, union members, alias targets).
    pub fn refs(&self, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        match &self.defs[name].shape {
            Shape::Struct(fields) => fields.iter().for_each(|f| f.ty.names(&mut out)),
            Shape::Union { variants, .. } => out.extend(variants.iter().map(|v| v.ty.clone())),
            Shape::Alias(ty) => ty.names(&mut out),
            Shape::Enum(_) => {}
        }
        out
    }

    /// Whether `from` holds `to` by value, directly or through other types (not through a list
    /// or a map): such a field closes a cycle a value type cannot hold inline.
    pub fn holds(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(n) = stack.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            let direct: Vec<String> = match &self.defs[&n].shape {
                Shape::Struct(fields) => fields.iter().filter_map(|f| direct_name(&f.ty)).collect(),
                // Renderers box union cases (Swift's `indirect enum`).
                Shape::Union { .. } => Vec::new(),
                Shape::Alias(ty) => direct_name(ty).into_iter().collect(),
                Shape::Enum(_) => Vec::new(),
            };
            if direct.iter().any(|d| d == to) {
                return true;
            }
            stack.extend(direct);
        }
        false
    }
}

fn direct_name(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Optional(t) => direct_name(t),
        Ty::Named(name) => Some(name.clone()),
        _ => None,
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

fn flag(s: &Value, key: &str) -> bool {
    s.get(key).and_then(Value::as_bool) == Some(true)
}

/// `UpperCamelCase` from any identifier-ish text (`AWS_REGION` stays `AWSREGION`'s words).
pub fn upper_camel(s: &str) -> String {
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
        out.insert(0, 'T');
    }
    out
}

struct Builder<'a> {
    spec: &'a Spec,
    /// Component schema name -> type name.
    names: BTreeMap<String, String>,
    /// Type names given out, so inline ones never clash (the renderers' own names included).
    used: BTreeSet<String>,
    defs: BTreeMap<String, Def>,
}

/// Builds the type model of every component schema and every operation of `api`. `reserved`
/// are names a renderer uses itself (its standard types, its support code).
pub fn build(api: &Api, reserved: &[&str]) -> Models {
    let spec = &api.spec;
    let schemas = spec.doc["components"]["schemas"]
        .as_object()
        .expect("components.schemas");
    let mut b = Builder {
        spec,
        names: BTreeMap::new(),
        used: reserved.iter().map(|s| (*s).to_owned()).collect(),
        defs: BTreeMap::new(),
    };
    for name in schemas.keys() {
        let ty = b.fresh(&upper_camel(name));
        b.names.insert(name.clone(), ty);
    }
    for (name, s) in schemas {
        let ty = b.names[name].clone();
        let title = s.get("title").and_then(Value::as_str).map(one_line);
        b.define(&ty, s, format!("schema `{name}`"), title);
    }
    let mut ops = BTreeMap::new();
    for op in &api.ops {
        let sig = b.op(api, op);
        ops.insert(op.id.clone(), sig);
    }
    let mut models = Models {
        defs: b.defs,
        inputs: BTreeSet::new(),
        ops,
    };
    models.inputs = request_shapes(&models);
    models
}

/// The types reached from request bodies that have a read-only field anywhere in them: those
/// get a request shape. Unions keep their reply shape's members (`Union` variants name types
/// whose request shapes the renderers pick the same way).
fn request_shapes(m: &Models) -> BTreeSet<String> {
    // Which types differ between request and reply.
    let mut differs: BTreeSet<String> = m
        .defs
        .iter()
        .filter(|(_, d)| matches!(&d.shape, Shape::Struct(f) if f.iter().any(|f| f.read_only)))
        .map(|(n, _)| n.clone())
        .collect();
    loop {
        let more: Vec<String> = m
            .defs
            .keys()
            .filter(|n| !differs.contains(*n))
            .filter(|n| !matches!(m.defs[*n].shape, Shape::Union { .. }))
            .filter(|n| m.refs(n).iter().any(|r| differs.contains(r)))
            .cloned()
            .collect();
        if more.is_empty() {
            break;
        }
        differs.extend(more);
    }
    // Those a body reaches, through types that are themselves request shapes.
    let mut out = BTreeSet::new();
    let mut stack: Vec<String> = Vec::new();
    for sig in m.ops.values() {
        if let Some((ty, _)) = &sig.body {
            ty.names(&mut stack);
        }
    }
    while let Some(n) = stack.pop() {
        if !differs.contains(&n) || !out.insert(n.clone()) {
            continue;
        }
        stack.extend(m.refs(&n));
    }
    out
}

/// One line of doc text from a title (no comment delimiters, no line breaks).
fn one_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("*/", "*∕")
        .replace('`', "'")
}

impl Builder<'_> {
    fn fresh(&mut self, base: &str) -> String {
        let mut name = base.to_owned();
        let mut n = 2;
        while self.used.contains(&name) || self.used.contains(&format!("{name}{INPUT}")) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }

    fn define(&mut self, name: &str, s: &Value, origin: String, title: Option<String>) {
        let shape = self.shape(name, s);
        self.defs.insert(
            name.to_owned(),
            Def {
                name: name.to_owned(),
                origin,
                title,
                shape,
            },
        );
    }

    fn shape(&mut self, name: &str, s: &Value) -> Shape {
        if is_poly(s) {
            return self.poly(name, s);
        }
        if let Some(values) = string_enum(s) {
            return Shape::Enum(values);
        }
        if s.get("properties").is_some() || s.get("allOf").is_some() {
            return Shape::Struct(self.fields(name, s));
        }
        Shape::Alias(self.ty(s, name))
    }

    fn poly(&mut self, name: &str, s: &Value) -> Shape {
        let mapping: Vec<(String, String)> = s
            .pointer("/discriminator/mapping")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| {
                let target = v.as_str()?.strip_prefix(REF_PREFIX)?;
                Some((k.clone(), target.to_owned()))
            })
            .collect();
        let property = s
            .pointer("/discriminator/propertyName")
            .and_then(Value::as_str);
        if let (Some(property), false) = (property, mapping.is_empty()) {
            let mut variants: Vec<Variant> = Vec::new();
            for (tag, target) in mapping {
                let ty = if self.names.get(&target).is_some_and(|n| n == name) {
                    // The base names itself: its own fields, as a struct of their own.
                    let base = self.fresh(&format!("{name}Base"));
                    let mut plain = s.clone();
                    if let Some(o) = plain.as_object_mut() {
                        o.remove("discriminator");
                        o.remove("oneOf");
                        o.remove("anyOf");
                    }
                    let fields = self.fields(&base, &plain);
                    self.defs.insert(
                        base.clone(),
                        Def {
                            name: base.clone(),
                            origin: format!("the fields of `{name}` itself"),
                            title: None,
                            shape: Shape::Struct(fields),
                        },
                    );
                    base
                } else {
                    self.names[&target].clone()
                };
                match variants.iter_mut().find(|v| v.ty == ty) {
                    Some(v) => v.tags.push(tag),
                    None => variants.push(Variant {
                        case: upper_camel(&target),
                        ty,
                        tags: vec![tag],
                    }),
                }
            }
            let mut seen = BTreeSet::new();
            for v in &mut variants {
                let base = v.case.clone();
                let mut n = 2;
                while !seen.insert(v.case.clone()) || v.case == "Unknown" {
                    v.case = format!("{base}{n}");
                    n += 1;
                }
            }
            return Shape::Union {
                property: property.to_owned(),
                variants,
            };
        }
        let members = s
            .get("oneOf")
            .or_else(|| s.get("anyOf"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let enums: Option<Vec<Vec<String>>> = members
            .iter()
            .map(|m| string_enum(ref_name(m).map_or(m, |r| self.spec.schema(r))))
            .collect();
        match enums {
            Some(lists) if !lists.is_empty() => {
                let mut values: Vec<String> = Vec::new();
                for v in lists.into_iter().flatten() {
                    if !values.contains(&v) {
                        values.push(v);
                    }
                }
                Shape::Enum(values)
            }
            // A union without a discriminator: which member a value is cannot be told from it.
            _ => Shape::Alias(Ty::Json),
        }
    }

    /// Every property of `s`, `allOf` parts flattened (a later part refines an earlier one's).
    fn fields(&mut self, owner: &str, s: &Value) -> Vec<Field> {
        let mut raw: Vec<(String, Value, bool)> = Vec::new();
        collect_fields(self.spec, s, &mut raw, 0);
        let mut out = Vec::new();
        for (json, p, required) in raw {
            let read_only = flag(&p, "readOnly");
            let plain = required && !read_only && !flag(&p, "writeOnly") && !flag(&p, "nullable");
            let hint = format!("{owner}{}", upper_camel(&json));
            let ty = self.ty(&p, &hint);
            out.push(Field {
                json,
                ty,
                plain,
                read_only,
            });
        }
        out
    }

    /// The type of a value of schema `s`; `hint` names an inline type if one is needed.
    fn ty(&mut self, s: &Value, hint: &str) -> Ty {
        if let Some(r) = ref_name(s) {
            return match self.names.get(r) {
                Some(name) => Ty::named(name),
                None => Ty::Json,
            };
        }
        if let Some(parts) = s.get("allOf").and_then(Value::as_array) {
            // One allOf part alone is that part.
            if parts.len() == 1 && s.get("properties").is_none() && !is_poly(s) {
                return self.ty(&parts[0], hint);
            }
        }
        let kind = s.get("type").and_then(Value::as_str);
        if is_poly(s)
            || s.get("allOf").is_some()
            || s.get("properties").is_some()
            || string_enum(s).is_some()
        {
            let name = self.fresh(hint);
            self.define(&name, s, format!("inline, in `{hint}`"), None);
            return Ty::named(&name);
        }
        match kind {
            Some("string") => Ty::String,
            Some("integer") if s.get("format").and_then(Value::as_str) == Some("int32") => Ty::Int,
            Some("integer") => Ty::Long,
            Some("number") => Ty::Double,
            Some("boolean") => Ty::Bool,
            Some("array") => {
                let item = match s.get("items") {
                    None => Ty::Json,
                    Some(item) => {
                        let t = self.ty(item, &format!("{hint}Item"));
                        if flag(item, "nullable") {
                            Ty::Optional(Box::new(t))
                        } else {
                            t
                        }
                    }
                };
                Ty::List(Box::new(item))
            }
            _ => match s.get("additionalProperties") {
                Some(ap) if ap.as_object().is_some_and(|m| !m.is_empty()) => {
                    Ty::Map(Box::new(self.ty(ap, &format!("{hint}Value"))))
                }
                _ => Ty::Json,
            },
        }
    }

    fn op(&mut self, api: &Api, op: &Op) -> OpSig {
        let base = upper_camel(&op.typed_name);
        let params = op
            .params
            .iter()
            .map(|p| ParamSig {
                name: p.name.clone(),
                ty: param_ty(p.spec.get("schema").unwrap_or(&Value::Null)),
                required: p.required,
            })
            .collect();
        let version = op.default().map(|v| v.name.clone());
        let body = op.default().and_then(|v| {
            let schema = v.request.as_ref()?.schema.as_ref()?;
            Some((self.ty(schema, &format!("{base}Body")), op.body_required))
        });
        let reply = self.reply(api, op, version.as_deref(), &format!("{base}Reply"));
        let item = match &reply {
            Reply::Json { ty, .. } if op.paged => self.page_item(ty),
            _ => None,
        };
        let waited = op.watcher.as_ref().map(|w| match &w.until {
            Until::Status(_) => None,
            Until::State { .. } => {
                let polled = api
                    .ops
                    .iter()
                    .find(|o| o.id == w.operation)
                    .expect("a watcher polls a known operation");
                match self.reply(api, polled, Some(&w.version), &format!("{base}Waited")) {
                    Reply::Json { ty, .. } => Some(ty),
                    _ => Some(Ty::Json),
                }
            }
        });
        OpSig {
            params,
            body,
            reply,
            version,
            item,
            waited,
        }
    }

    /// The first 2xx reply with content in `version` (JSON preferred), as the core decodes it.
    fn reply(&mut self, api: &Api, op: &Op, version: Option<&str>, hint: &str) -> Reply {
        let Some(v) = version.and_then(|name| op.version(name)) else {
            return Reply::Empty;
        };
        let mut responses: Vec<&(u16, crate::model::Media)> = v.responses.iter().collect();
        responses.sort_by_key(|(status, _)| *status);
        let empty = op.raw(api).success_responses().into_iter().any(|(_, r)| {
            self.spec
                .resolve(r)
                .get("content")
                .and_then(Value::as_object)
                .is_none_or(|c| c.is_empty())
        });
        let json = responses.iter().find(|(_, m)| m.format == "json");
        if let Some((_, media)) = json {
            let ty = match &media.schema {
                Some(s) => self.ty(s, hint),
                None => Ty::Json,
            };
            return Reply::Json {
                ty,
                or_empty: empty,
            };
        }
        match responses.first().map(|(_, m)| m.format) {
            Some("gzip") => Reply::Bytes,
            Some(_) => Reply::Text,
            None => Reply::Empty,
        }
    }

    /// The item type of a page's `results` list.
    fn page_item(&self, reply: &Ty) -> Option<Ty> {
        let Ty::Named(name) = reply else {
            return None;
        };
        let Shape::Struct(fields) = &self.defs.get(name)?.shape else {
            return None;
        };
        match &fields.iter().find(|f| f.json == "results")?.ty {
            Ty::List(item) => Some((**item).clone()),
            _ => None,
        }
    }
}

/// The values of a string enum schema.
fn string_enum(s: &Value) -> Option<Vec<String>> {
    if s.get("type").and_then(Value::as_str) != Some("string") {
        return None;
    }
    let values = s.get("enum")?.as_array()?;
    Some(
        values
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
    )
}

/// Parameters are scalars or lists of them (enums as their strings).
fn param_ty(s: &Value) -> Ty {
    match s.get("type").and_then(Value::as_str) {
        Some("integer") if s.get("format").and_then(Value::as_str) == Some("int32") => Ty::Int,
        Some("integer") => Ty::Long,
        Some("number") => Ty::Double,
        Some("boolean") => Ty::Bool,
        Some("array") => Ty::List(Box::new(param_ty(s.get("items").unwrap_or(&Value::Null)))),
        _ => Ty::String,
    }
}

/// All properties of `s` with `allOf` parts flattened: (name, schema, required).
fn collect_fields(spec: &Spec, s: &Value, out: &mut Vec<(String, Value, bool)>, depth: usize) {
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
            Some(r) => collect_fields(spec, spec.schema(r), out, depth + 1),
            None => collect_fields(spec, part, out, depth + 1),
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

/// Operations by the group of their tag (`clusters`), as the TypeScript and Python front ends
/// group them; each group in the order of `api.ops` (by id).
pub fn groups(api: &Api) -> BTreeMap<String, Vec<&Op>> {
    let mut out: BTreeMap<String, Vec<&Op>> = BTreeMap::new();
    for op in &api.ops {
        let tag = if op.tag.is_empty() { "Other" } else { &op.tag };
        out.entry(crate::typescript::group_name(tag))
            .or_default()
            .push(op);
    }
    out
}

/// The group whose file holds each type: the one group whose operations reach it, or `None`
/// for a type several groups (or none) reach.
pub fn owners(api: &Api, m: &Models) -> BTreeMap<String, Option<String>> {
    let mut out: BTreeMap<String, Option<String>> =
        m.defs.keys().map(|name| (name.clone(), None)).collect();
    let mut reached_by: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (group, ops) in groups(api) {
        let mut stack = Vec::new();
        for op in ops {
            let sig = &m.ops[&op.id];
            if let Some((ty, _)) = &sig.body {
                ty.names(&mut stack);
            }
            if let Reply::Json { ty, .. } = &sig.reply {
                ty.names(&mut stack);
            }
            if let Some(Some(ty)) = &sig.waited {
                ty.names(&mut stack);
            }
        }
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if seen.insert(n.clone()) {
                stack.extend(m.refs(&n));
            }
        }
        for n in seen {
            reached_by.entry(n).or_default().insert(group.clone());
        }
    }
    for (name, groups) in reached_by {
        if groups.len() == 1 {
            out.insert(name, groups.into_iter().next());
        }
    }
    out
}

/// `lowerCamelCase` words of any name (`Use-Effective-Instance-Fields` ->
/// `useEffectiveInstanceFields`, `_id` -> `id`); a name that is already an identifier is kept.
pub fn lower_camel(s: &str) -> String {
    let valid = s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        return s.to_owned();
    }
    let mut out = String::new();
    for word in s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.is_empty() {
            let mut c = word.chars();
            out.extend(c.next().map(|f| f.to_ascii_lowercase()));
            out.push_str(c.as_str());
        } else {
            out.push_str(&upper_camel(word));
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'n');
    }
    out
}

/// `SCREAMING_SNAKE` of an enum value (`us-east-1` -> `US_EAST_1`, `eastUS` -> `EAST_US`).
pub fn screaming(value: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_uppercase());
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    let out = out.trim_end_matches('_').to_owned();
    if out.is_empty() {
        "EMPTY".into()
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V_{out}")
    } else {
        out
    }
}

/// Each parameter's name in a typed method: its spec name as an identifier, clear of the
/// method's own (`body`, `options`, `wait`).
pub fn param_names(sig: &OpSig) -> Vec<String> {
    let mut names: Vec<String> = sig
        .params
        .iter()
        .map(|p| {
            let n = lower_camel(&p.name);
            if matches!(n.as_str(), "body" | "options" | "wait") {
                format!("{n}Param")
            } else {
                n
            }
        })
        .collect();
    dedupe(&mut names, &["body", "options", "wait"]);
    names
}

/// The order of a typed method's arguments: the required parameters (by index), the body
/// (`None`), then the optional parameters.
pub fn param_order(sig: &OpSig) -> Vec<Option<usize>> {
    let required = (0..sig.params.len()).filter(|i| sig.params[*i].required);
    let optional = (0..sig.params.len()).filter(|i| !sig.params[*i].required);
    let body = sig.body.as_ref().map(|_| None);
    required
        .map(Some)
        .chain(body)
        .chain(optional.map(Some))
        .collect()
}

/// Makes each name unique by a numeric suffix, in order.
pub fn dedupe(names: &mut [String], taken: &[&str]) {
    let mut seen: BTreeSet<String> = taken.iter().map(|s| (*s).to_owned()).collect();
    for n in names.iter_mut() {
        let base = n.clone();
        let mut i = 2;
        while !seen.insert(n.clone()) {
            *n = format!("{base}{i}");
            i += 1;
        }
    }
}
