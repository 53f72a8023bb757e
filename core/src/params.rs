//! Checking one parameter value against the spec's rules and rendering it as text.

use crate::pattern;
use crate::spec::{Location, Param, ValueKind};
use crate::text;
use serde_json::Value;
use std::borrow::Cow;

/// A parameter's value as text, one entry per item for arrays; or what is wrong with it.
/// Strings are borrowed from `value`, not copied.
pub(crate) fn render<'v>(
    param: &Param,
    value: &'v Value,
    strict: bool,
) -> Result<Vec<Cow<'v, str>>, String> {
    match value {
        Value::Array(items) if param.array => {
            items.iter().map(|v| render_one(param, v, strict)).collect()
        }
        Value::Array(_) => Err(format!(
            "must be a single {}, not a list",
            param.kind.as_str()
        )),
        v if param.array => Ok(vec![render_one(param, v, strict)?]),
        v => Ok(vec![render_one(param, v, strict)?]),
    }
}

/// The first text [`render`] gives (what a path segment takes), without collecting a list when
/// the value is a single one.
pub(crate) fn render_first<'v>(
    param: &Param,
    value: &'v Value,
    strict: bool,
) -> Result<Cow<'v, str>, String> {
    match value {
        Value::Array(_) => Ok(render(param, value, strict)?
            .into_iter()
            .next()
            .unwrap_or_default()),
        v => render_one(param, v, strict),
    }
}

fn render_one<'v>(param: &Param, value: &'v Value, strict: bool) -> Result<Cow<'v, str>, String> {
    let text: Cow<'v, str> = match (param.kind, value) {
        (ValueKind::Boolean, Value::Bool(b)) => bool_text(*b).into(),
        (ValueKind::Boolean, Value::String(s)) if s == "true" || s == "false" => s.into(),
        (ValueKind::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string().into(),
        (ValueKind::Integer, Value::String(s)) if is_integer_text(s) => s.into(),
        (ValueKind::Number, Value::Number(n)) => n.to_string().into(),
        (ValueKind::Number, Value::String(s)) if s.parse::<f64>().is_ok_and(f64::is_finite) => {
            s.into()
        }
        (ValueKind::String, Value::String(s)) => s.into(),
        // Numbers and booleans are unambiguous as text (`"2"` for a string id typed as 2).
        (ValueKind::String, Value::Number(n)) => n.to_string().into(),
        (ValueKind::String, Value::Bool(b)) => bool_text(*b).into(),
        (kind, v) => {
            return Err(format!(
                "must be {} {}, not {}",
                article(kind),
                kind.as_str(),
                describe(v)
            ))
        }
    };
    check(param, &text, strict)?;
    Ok(text)
}

fn bool_text(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

fn check(param: &Param, text: &str, strict: bool) -> Result<(), String> {
    if matches!(param.kind, ValueKind::Integer | ValueKind::Number) {
        let n: f64 = text
            .parse()
            .map_err(|_| format!("value {} is not a number", quote(text)))?;
        if let Some(min) = param.minimum {
            if n < min {
                return Err(format!("value {text} is below the minimum {min}"));
            }
        }
        if let Some(max) = param.maximum {
            if n > max {
                return Err(format!("value {text} is above the maximum {max}"));
            }
        }
    }
    if param.kind != ValueKind::String {
        return Ok(());
    }
    if param.location == Location::Path && text.is_empty() {
        return Err("must not be empty".into());
    }
    // `.` and `..` are dot-segments: URL parsers (and WHATWG fetch, even when percent-encoded)
    // would fold them into the path and change which resource is addressed.
    if param.location == Location::Path && (text == "." || text == "..") {
        return Err(format!(
            "value {} would change the path (dot-segment)",
            quote(text)
        ));
    }
    let chars = text.chars().count();
    if let Some(min) = param.min_length {
        if chars < min as usize {
            return Err(format!(
                "value {} is shorter than {min} characters",
                quote(text)
            ));
        }
    }
    if let Some(max) = param.max_length {
        if chars > max as usize {
            return Err(format!(
                "value {} is longer than {max} characters",
                quote(text)
            ));
        }
    }
    let enum_enforced = param.location == Location::Path || strict;
    if enum_enforced && !param.enum_values.is_empty() && !param.enum_values.contains(&text) {
        return Err(format!(
            "value {} is not one of {}",
            quote(text),
            param.enum_values.join(", ")
        ));
    }
    if let Some(format) = param.format {
        if !text::format_ok(format, text) {
            return Err(format!("value {} is not a valid {format}", quote(text)));
        }
    }
    if let Some(p) = param.pattern {
        // A few path patterns are written against the encoded form (`10.0.0.0%2F24`): the
        // value passes if either its plain or its encoded form matches.
        let ok = pattern::matches(p, text)
            || (param.location == Location::Path
                && pattern::source(p).contains("%2")
                && pattern::matches(p, &crate::encode::path_segment(text)));
        if !ok {
            return Err(format!(
                "value {} does not match the pattern {}",
                quote(text),
                pattern::source(p)
            ));
        }
    }
    Ok(())
}

fn is_integer_text(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.len() <= 20 && digits.bytes().all(|b| b.is_ascii_digit())
}

fn article(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Integer => "an",
        _ => "a",
    }
}

pub(crate) fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A user value for an error message: quoted, escaped, and cut short.
pub(crate) fn quote(s: &str) -> String {
    const MAX: usize = 64;
    let mut out: String = s.chars().take(MAX).collect();
    if s.chars().count() > MAX {
        out.push('…');
    }
    format!("{out:?}")
}
