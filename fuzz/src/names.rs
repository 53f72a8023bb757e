//! Which operation names the core knows, checked before a target calls the core with one.
//!
//! Most mutations of a seed's first line give a name the core does not know, and for those
//! it searches every name for the closest ones to suggest: about a thousand times slower
//! than the call itself under instrumentation. Letting them through would spend the run on
//! the suggestion search, so targets skip unknown names.

use atlas_admin::{operation_names, operations};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Whether `name` is one of the names the core resolves (or refuses as ambiguous).
pub fn is_known(name: &str) -> bool {
    static NAMES: OnceLock<HashSet<String>> = OnceLock::new();
    NAMES
        .get_or_init(|| operations().iter().flat_map(operation_names).collect())
        .contains(name)
}
