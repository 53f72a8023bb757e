//! Checking a request body against its schema before it is sent.
//!
//! The checks are the ones the server would make and a caller can fix: JSON types, required
//! fields, read-only fields, patterns, lengths, ranges and `additionalProperties: false`.
//! Enum values are checked only in strict mode, so values Atlas added later still go through.

use crate::generated::SCHEMAS;
use crate::params::describe;
use crate::pattern;
use crate::spec::{Additional, Discriminator, ObjectSchema, SchemaKind};
use crate::text;
use serde_json::Value;

/// Values nested deeper than this are refused rather than walked.
const MAX_DEPTH: usize = 128;

/// What is wrong and where: `(pointer like "a.b[2].c", problem)`.
pub(crate) type Violation = (String, String);

pub(crate) fn validate(schema: u32, value: &Value, strict: bool) -> Result<(), Violation> {
    let mut v = Validator {
        strict,
        path: Vec::new(),
        active: Vec::new(),
    };
    v.check(schema, value)
        .map_err(|problem| (problem.pointer, problem.text))
}

enum Segment<'a> {
    Field(&'a str),
    Index(usize),
}

struct Problem {
    pointer: String,
    text: String,
}

struct Validator<'a> {
    strict: bool,
    path: Vec<Segment<'a>>,
    /// (schema, value address) pairs being checked: a polymorphic base whose variants include
    /// the base again (`allOf: [Base, …]`) would otherwise loop.
    active: Vec<(u32, *const Value)>,
}

impl<'a> Validator<'a> {
    fn fail(&self, text: impl Into<String>) -> Problem {
        let mut pointer = String::new();
        for seg in &self.path {
            match seg {
                Segment::Field(f) => {
                    if !pointer.is_empty() {
                        pointer.push('.');
                    }
                    pointer.push_str(f);
                }
                Segment::Index(i) => pointer.push_str(&format!("[{i}]")),
            }
        }
        if pointer.is_empty() {
            pointer.push_str("(body)");
        }
        Problem {
            pointer,
            text: text.into(),
        }
    }

    fn check(&mut self, id: u32, value: &'a Value) -> Result<(), Problem> {
        let key = (id, value as *const Value);
        if self.active.contains(&key) {
            return Ok(());
        }
        if self.path.len() > MAX_DEPTH {
            return Err(self.fail(format!("is nested deeper than {MAX_DEPTH} levels")));
        }
        self.active.push(key);
        let result = self.check_node(id, value);
        self.active.pop();
        result
    }

    fn check_node(&mut self, id: u32, value: &'a Value) -> Result<(), Problem> {
        let schema = &SCHEMAS[id as usize];
        if value.is_null() {
            return match schema.kind {
                _ if schema.nullable => Ok(()),
                SchemaKind::Any => Ok(()),
                SchemaKind::AllOf(_) | SchemaKind::OneOf { .. } | SchemaKind::AnyOf(_) => {
                    self.check_kind(schema.kind, value)
                }
                _ => Err(self.fail("must not be null")),
            };
        }
        self.check_kind(schema.kind, value)
    }

    fn check_kind(&mut self, kind: SchemaKind, value: &'a Value) -> Result<(), Problem> {
        match kind {
            SchemaKind::Any => Ok(()),
            SchemaKind::Boolean => match value {
                Value::Bool(_) => Ok(()),
                v => Err(self.fail(format!("must be a boolean, not {}", describe(v)))),
            },
            SchemaKind::Integer { minimum, maximum } => {
                let n = match value {
                    Value::Number(n) if n.is_i64() || n.is_u64() => n.as_f64().unwrap_or(0.0),
                    Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => {
                        n.as_f64().unwrap_or(0.0)
                    }
                    v => {
                        return Err(
                            self.fail(format!("must be an integer, not {}", describe_number(v)))
                        )
                    }
                };
                self.range(n, minimum, maximum)
            }
            SchemaKind::Number { minimum, maximum } => match value {
                Value::Number(n) => self.range(n.as_f64().unwrap_or(0.0), minimum, maximum),
                v => Err(self.fail(format!("must be a number, not {}", describe(v)))),
            },
            SchemaKind::String {
                format,
                pattern,
                min_length,
                max_length,
                enum_values,
            } => {
                let s = match value {
                    Value::String(s) => s.as_str(),
                    v => return Err(self.fail(format!("must be a string, not {}", describe(v)))),
                };
                let chars = s.chars().count();
                if let Some(min) = min_length {
                    if chars < min as usize {
                        return Err(self.fail(format!("must be at least {min} characters long")));
                    }
                }
                if let Some(max) = max_length {
                    if chars > max as usize {
                        return Err(self.fail(format!("must be at most {max} characters long")));
                    }
                }
                if self.strict && !enum_values.is_empty() && !enum_values.contains(&s) {
                    return Err(self.fail(format!("must be one of {}", enum_values.join(", "))));
                }
                if let Some(f) = format {
                    if !text::format_ok(f, s) {
                        return Err(self.fail(format!("must be a valid {f}")));
                    }
                }
                if let Some(p) = pattern {
                    if !pattern::matches(p, s) {
                        return Err(
                            self.fail(format!("does not match the pattern {}", pattern::source(p)))
                        );
                    }
                }
                Ok(())
            }
            SchemaKind::Array {
                items,
                min_items,
                max_items,
            } => {
                let list = match value {
                    Value::Array(a) => a,
                    v => return Err(self.fail(format!("must be a list, not {}", describe(v)))),
                };
                if let Some(min) = min_items {
                    if list.len() < min as usize {
                        return Err(self.fail(format!("must hold at least {min} items")));
                    }
                }
                if let Some(max) = max_items {
                    if list.len() > max as usize {
                        return Err(self.fail(format!("must hold at most {max} items")));
                    }
                }
                for (i, item) in list.iter().enumerate() {
                    self.path.push(Segment::Index(i));
                    let r = self.check(items, item);
                    self.path.pop();
                    r?;
                }
                Ok(())
            }
            SchemaKind::Object(obj) => self.object(obj, value),
            SchemaKind::AllOf(parts) => {
                for part in parts {
                    self.check(*part, value)?;
                }
                Ok(())
            }
            SchemaKind::OneOf {
                variants,
                discriminator: Some(d),
            } => self.dispatch(d, variants, value),
            SchemaKind::OneOf {
                variants,
                discriminator: None,
            }
            | SchemaKind::AnyOf(variants) => self.any(variants, value),
        }
    }

    fn range(&self, n: f64, minimum: Option<f64>, maximum: Option<f64>) -> Result<(), Problem> {
        if let Some(min) = minimum {
            if n < min {
                return Err(self.fail(format!("must be at least {min}")));
            }
        }
        if let Some(max) = maximum {
            if n > max {
                return Err(self.fail(format!("must be at most {max}")));
            }
        }
        Ok(())
    }

    fn object(&mut self, obj: &'static ObjectSchema, value: &'a Value) -> Result<(), Problem> {
        let map = match value {
            Value::Object(m) => m,
            v => return Err(self.fail(format!("must be an object, not {}", describe(v)))),
        };
        for name in obj.required {
            let read_only = obj.property(name).is_some_and(|p| p.read_only);
            if !read_only && !map.contains_key(*name) {
                self.path.push(Segment::Field(name));
                let e = self.fail("is required");
                self.path.pop();
                return Err(e);
            }
        }
        for (name, field) in map {
            self.path.push(Segment::Field(name));
            let r = match obj.property(name) {
                Some(p) if p.read_only => {
                    Err(self.fail("is read-only (Atlas sets it): leave it out of requests"))
                }
                Some(p) => self.check(p.schema, field),
                None => match obj.additional {
                    Additional::Any => Ok(()),
                    Additional::Forbidden => Err(self.fail("is not a field of this object")),
                    Additional::Schema(s) => self.check(s, field),
                },
            };
            self.path.pop();
            r?;
        }
        let count = map.len() as u64;
        if let Some(min) = obj.min_properties.filter(|m| count < u64::from(*m)) {
            return Err(self.fail(format!("must hold at least {min} field{}", plural(min))));
        }
        if let Some(max) = obj.max_properties.filter(|m| count > u64::from(*m)) {
            return Err(self.fail(format!("must hold at most {max} field{}", plural(max))));
        }
        if let Some(d) = obj.discriminator {
            self.dispatch(d, &[], value)?;
        }
        Ok(())
    }

    /// A polymorphic value: the discriminator field picks the variant.
    fn dispatch(
        &mut self,
        d: &'static Discriminator,
        variants: &'static [u32],
        value: &'a Value,
    ) -> Result<(), Problem> {
        let tag = match value {
            Value::Object(m) => m.get(d.property),
            // Not an object: let the variants say why.
            _ => return self.any(variants, value),
        };
        let known = || {
            d.mapping
                .iter()
                .map(|(k, _)| *k)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match tag {
            // Objects whose kind has a default (`type` of a search index) may leave it out;
            // where the spec requires it, the object's own `required` check has said so.
            None if variants.is_empty() => Ok(()),
            None => self.any(variants, value),
            Some(Value::String(t)) => {
                match d.mapping.binary_search_by(|(k, _)| (*k).cmp(t.as_str())) {
                    Ok(i) => self.check(d.mapping[i].1, value),
                    Err(_) if self.strict => {
                        self.path.push(Segment::Field(d.property));
                        let e = self.fail(format!("must be one of {}", known()));
                        self.path.pop();
                        Err(e)
                    }
                    // A kind Atlas added after this spec: nothing more to check.
                    Err(_) => Ok(()),
                }
            }
            Some(other) => {
                self.path.push(Segment::Field(d.property));
                let e = self.fail(format!("must be a string, not {}", describe(other)));
                self.path.pop();
                Err(e)
            }
        }
    }

    /// Passes when any variant passes; otherwise reports the variant that got furthest.
    fn any(&mut self, variants: &'static [u32], value: &'a Value) -> Result<(), Problem> {
        if variants.is_empty() {
            return Ok(());
        }
        let mut best: Option<Problem> = None;
        for v in variants {
            match self.check(*v, value) {
                Ok(()) => return Ok(()),
                Err(p) => {
                    if best
                        .as_ref()
                        .is_none_or(|b| p.pointer.len() > b.pointer.len())
                    {
                        best = Some(p);
                    }
                }
            }
        }
        let best = best.expect("at least one variant failed");
        Err(Problem {
            text: format!("{} (no allowed shape fits)", best.text),
            pointer: best.pointer,
        })
    }
}

fn describe_number(v: &Value) -> &'static str {
    match v {
        Value::Number(_) => "a fraction",
        other => describe(other),
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
