//! What the client knows about the operations, for hosts that list them (a CLI, a picker UI) or
//! need a version's facts.

use crate::error::AtlasError;
use atlas_admin::{Operation, Version};

/// One operation: of the current spec, or one Atlas removed (`removed` is set).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct OperationInfo {
    /// The canonical id: the current spec's operationId (`listGroupClusters`); for a removed
    /// operation, the id of the last spec that listed it.
    pub id: String,
    /// The short name MongoDB's SDKs and CLI use (`listClusters`), where there is one.
    pub short_name: Option<String>,
    /// Ids it had in earlier specs (`listClusters`, `createProject`).
    pub former_ids: Vec<String>,
    /// Every name a call accepts for it (id, short name, former ids, the snake_case of each),
    /// sorted. A name two operations share is listed under both and accepted by neither.
    pub names: Vec<String>,
    /// For an operation Atlas no longer lists: the date of the last spec that listed it. It
    /// can still be called; each call reports an `AtlasWarning.Removed`.
    pub removed: Option<String>,
    pub method: String,
    /// The path template, e.g. `/api/atlas/v2/groups/{groupId}/clusters`.
    pub path: String,
    pub tag: String,
    pub summary: String,
    pub docs_url: String,
    pub deprecated: bool,
    /// A list operation `paginate` / `collectAll` can page through.
    pub paged: bool,
    /// The versions it is served in, oldest first.
    pub versions: Vec<String>,
}

/// The version a call would use, and what it answers on success.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct VersionInfo {
    pub name: String,
    pub stable: bool,
    pub sunset: Option<String>,
    /// Its 2xx statuses, lowest first.
    pub success_statuses: Vec<i32>,
}

impl From<&Operation> for OperationInfo {
    fn from(op: &Operation) -> Self {
        OperationInfo {
            id: op.id.to_owned(),
            short_name: op.short_name.map(str::to_owned),
            former_ids: op.former_ids.iter().map(|n| (*n).to_owned()).collect(),
            names: atlas_admin::operation_names(op),
            removed: op.removed.map(str::to_owned),
            method: op.method.as_str().to_owned(),
            path: op.path.to_owned(),
            tag: op.tag.to_owned(),
            summary: op.summary.to_owned(),
            docs_url: op.docs_url().unwrap_or_default(),
            deprecated: op.deprecated,
            paged: op.paged,
            versions: op.versions.iter().map(|v| v.name.to_owned()).collect(),
        }
    }
}

impl From<&Version> for VersionInfo {
    fn from(v: &Version) -> Self {
        VersionInfo {
            name: v.name.to_owned(),
            stable: v.stable,
            sunset: v.sunset.map(str::to_owned),
            success_statuses: v.responses.iter().map(|r| r.status.into()).collect(),
        }
    }
}

/// Every operation the client knows, once each with all its names: the current spec's, then
/// those Atlas removed, each sorted by id.
#[uniffi::export]
pub fn operations() -> Vec<OperationInfo> {
    atlas_admin::operations()
        .iter()
        .map(OperationInfo::from)
        .collect()
}

/// The canonical ids of [`operations`], in the same order.
#[uniffi::export]
pub fn operation_ids() -> Vec<String> {
    atlas_admin::operations()
        .iter()
        .map(|op| op.id.to_owned())
        .collect()
}

/// Facts about the operation called `operation_id` (any of its names), or `null`/`nil` for an
/// unknown or ambiguous name ([`find_operation`] says which).
#[uniffi::export]
pub fn operation_info(operation_id: String) -> Option<OperationInfo> {
    atlas_admin::operation(&operation_id).map(OperationInfo::from)
}

/// The operation called `name` (any of its names), or a `Build` error that says why there is
/// none: an ambiguous name lists the canonical ids it could mean, an unknown one the closest
/// names.
#[uniffi::export]
pub fn find_operation(name: String) -> Result<OperationInfo, AtlasError> {
    Ok(atlas_admin::find_operation(&name)?.into())
}
