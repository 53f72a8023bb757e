//! A request the core refused to build, before any I/O.

/// A request the core refused to build: it names the parameter (or body field) and the rule.
/// Raised before any I/O.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BuildError {
    #[error("unknown operation `{id}`{}", suggest(.suggestions))]
    UnknownOperation {
        id: String,
        suggestions: Vec<String>,
    },

    #[error("`{name}` names more than one operation: {}; call one of them by its id", .candidates.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" or "))]
    AmbiguousOperation {
        name: String,
        candidates: Vec<&'static str>,
    },

    #[error("{operation}: parameter `{name}` was given twice, also as its alias `{alias}`")]
    DuplicateParameter {
        operation: &'static str,
        name: &'static str,
        alias: &'static str,
    },

    #[error("{operation}: missing required {location} parameter `{name}`")]
    MissingParameter {
        operation: &'static str,
        name: &'static str,
        location: &'static str,
    },

    #[error("{operation}: unknown parameter `{name}`; accepted: {}", .accepted.join(", "))]
    UnknownParameter {
        operation: &'static str,
        name: String,
        accepted: Vec<&'static str>,
    },

    #[error("{operation}: parameter `{name}` {problem}")]
    InvalidParameter {
        operation: &'static str,
        name: &'static str,
        /// What is wrong and which rule it breaks, e.g. `value "abc" does not match ^([a-f0-9]{24})$`.
        problem: String,
    },

    #[error("{operation}: params must be a JSON object of parameter names to values, not {found}")]
    ParamsNotObject {
        operation: &'static str,
        found: &'static str,
    },

    #[error("{operation}: request body {problem}")]
    InvalidBody {
        operation: &'static str,
        problem: String,
    },

    #[error("{operation}: body field `{pointer}` {problem}")]
    InvalidBodyField {
        operation: &'static str,
        /// Where in the body, as a path like `replicationSpecs[0].regionConfigs[1].priority`.
        pointer: String,
        problem: String,
    },

    #[error("{operation}: version `{requested}` is not served; available: {}", .available.join(", "))]
    UnsupportedVersion {
        operation: &'static str,
        requested: String,
        available: Vec<&'static str>,
    },

    #[error("{operation}: format `{requested}` is not served in version {version}; available: {}", .available.join(", "))]
    UnsupportedFormat {
        operation: &'static str,
        version: &'static str,
        requested: String,
        available: Vec<&'static str>,
    },

    /// A wait asked for an operation the spec gives no way to wait for.
    #[error("{operation}: the spec declares no way to wait for it; use the generic waiter instead, with a GET and the state to reach")]
    NoWatcher { operation: &'static str },

    /// A wait that would poll with something other than a GET.
    #[error("{operation} is not a GET: a wait only polls with GET operations")]
    NotPollable { operation: &'static str },

    #[error("config `{field}` {problem}")]
    InvalidConfig {
        field: &'static str,
        problem: String,
    },
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", s.join(", "))
    }
}
