//! Stand-in for `crate::examples` (the generated table of the spec's success examples, coming
//! from codegen) with the same signature. It fabricates the smallest valid-looking answer from
//! the operation table. Once `crate::examples` exists, `mock` uses it and this file goes.

use crate::catalog::operation;

/// A success example of one operation version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    pub status: u16,
    pub content_type: &'static str,
    /// JSON text, or empty for 204.
    pub body: &'static str,
}

pub fn success_example(operation_id: &str, version: &str) -> Option<Example> {
    let op = operation(operation_id)?;
    let v = op.version(version).or_else(|| op.versions.last())?;
    let success = v.responses.first()?;
    let body = if success.status == 204 {
        ""
    } else if op.paged {
        r#"{"links":[],"results":[],"totalCount":0}"#
    } else {
        "{}"
    };
    Some(Example {
        status: success.status,
        content_type: success.media.content_type,
        body,
    })
}
