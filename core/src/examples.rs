//! A success example for every operation and version, from the spec (feature `examples`).
//! The in-process mock answers with these; users can also read them to see what a reply holds.

/// One success reply of one operation in one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    pub operation: &'static str,
    pub version: &'static str,
    pub status: u16,
    pub content_type: &'static str,
    /// JSON text (or CSV/YAML text); empty when the reply has no content.
    pub body: &'static str,
}

/// Every example, sorted by operation and version.
pub fn all() -> &'static [Example] {
    crate::generated::EXAMPLES
}

/// The example of `operation_id` in `version` (`2024-08-05`, `preview`).
pub fn success_example(operation_id: &str, version: &str) -> Option<Example> {
    let all = all();
    all.binary_search_by(|e| (e.operation, e.version).cmp(&(operation_id, version)))
        .ok()
        .map(|i| all[i])
}
