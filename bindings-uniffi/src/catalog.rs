//! What the client knows about the operations, as JSON for the host's own types (Kotlin's
//! `OperationInfo` and `VersionInfo`): for hosts that list them (a CLI, a picker UI) or need a
//! version's facts.

use crate::error::AtlasError;
use atlas_admin::{Operation, Version};
use serde_json::{json, Value};

/// One operation: `id` (the current spec's operationId; for one Atlas removed, the last
/// spec's), `shortName`, `formerIds`, `names` (every name a call accepts, sorted; a name two
/// operations share is accepted by neither), `removed` (the date of the last spec that listed
/// it), `paged` (`paginate` can page through it) and its `versions`, oldest first.
fn operation(op: &Operation) -> Value {
    let versions: Vec<&str> = op.versions.iter().map(|v| v.name).collect();
    json!({
        "id": op.id,
        "shortName": op.short_name,
        "formerIds": op.former_ids,
        "names": atlas_admin::operation_names(op),
        "removed": op.removed,
        "method": op.method.as_str(),
        "path": op.path,
        "tag": op.tag,
        "summary": op.summary,
        "docsUrl": op.docs_url().unwrap_or_default(),
        "deprecated": op.deprecated,
        "paged": op.paged,
        "versions": versions,
    })
}

/// The version a call would use: `name`, `stable`, `sunset` and its 2xx `successStatuses`,
/// lowest first.
pub(crate) fn version(v: &Version) -> String {
    let statuses: Vec<u16> = v.responses.iter().map(|r| r.status).collect();
    let json = json!({
        "name": v.name,
        "stable": v.stable,
        "sunset": v.sunset,
        "successStatuses": statuses,
    });
    json.to_string()
}

/// Every operation the client knows, once each with all its names (a JSON array): the current
/// spec's, then those Atlas removed, each sorted by id.
#[uniffi::export]
pub fn operations_json() -> String {
    let all = atlas_admin::operations().iter().map(operation).collect();
    Value::Array(all).to_string()
}

/// The operation called `name` (any of its names) as JSON, or a `Build` error that says why
/// there is none: an ambiguous name lists the ids it could mean, an unknown one the closest.
#[uniffi::export]
pub fn operation_json(name: String) -> Result<String, AtlasError> {
    Ok(operation(atlas_admin::find_operation(&name)?).to_string())
}
