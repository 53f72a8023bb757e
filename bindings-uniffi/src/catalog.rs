//! The operations the client knows, as the core's JSON of each (`operationId`, `names`,
//! `versions`...) for the host's own types (Kotlin's `OperationInfo`): a CLI, a picker UI.

use crate::error::AtlasError;
use serde_json::Value;

/// Every operation the client knows, once each with all its names (a JSON array): the current
/// spec's, then those Atlas removed, each sorted by id.
#[uniffi::export]
pub fn operations_json() -> String {
    let all = atlas_admin::operations().iter().map(atlas_admin::operation_json);
    Value::Array(all.collect()).to_string()
}

/// The operation called `name` (any of its names) as JSON, or a `Build` error that says why
/// there is none: an ambiguous name lists the ids it could mean, an unknown one the closest.
#[uniffi::export]
pub fn operation_json(name: String) -> Result<String, AtlasError> {
    Ok(atlas_admin::operation_json(atlas_admin::find_operation(&name)?).to_string())
}
