//! Rendering of Rust literals.

use serde_json::Value;

/// A Rust string literal (`Debug` of `str` is valid Rust syntax).
pub fn lit(s: &str) -> String {
    format!("{s:?}")
}

pub fn opt_str(s: Option<&str>) -> String {
    match s {
        Some(s) => format!("Some({})", lit(s)),
        None => "None".into(),
    }
}

pub fn opt_u32(v: Option<&Value>) -> String {
    match v.and_then(Value::as_u64) {
        Some(n) => format!("Some({})", u32::try_from(n).unwrap_or(u32::MAX)),
        None => "None".into(),
    }
}

pub fn opt_f64(v: Option<&Value>) -> String {
    match v.and_then(Value::as_f64) {
        Some(n) => format!("Some({n:?})"),
        None => "None".into(),
    }
}

pub fn str_slice(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| lit(s)).collect();
    format!("&[{}]", parts.join(", "))
}
