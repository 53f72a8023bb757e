//! What the client knows about the operations, for hosts that list them (a CLI, a picker UI) or
//! need a version's facts.

use atlas_admin::{Operation, Version};

/// One operation of the spec.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct OperationInfo {
    pub id: String,
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
    pub success_statuses: Vec<u16>,
}

impl From<&Operation> for OperationInfo {
    fn from(op: &Operation) -> Self {
        OperationInfo {
            id: op.id.to_owned(),
            method: op.method.as_str().to_owned(),
            path: op.path.to_owned(),
            tag: op.tag.to_owned(),
            summary: op.summary.to_owned(),
            docs_url: op.docs_url.to_owned(),
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
            success_statuses: v.responses.iter().map(|r| r.status).collect(),
        }
    }
}

/// The operation ids the client knows, in the spec's order.
#[uniffi::export]
pub fn operation_ids() -> Vec<String> {
    atlas_admin::operations()
        .iter()
        .map(|op| op.id.to_owned())
        .collect()
}

/// Facts about one operation, or `null`/`nil` for an unknown id.
#[uniffi::export]
pub fn operation_info(operation_id: String) -> Option<OperationInfo> {
    atlas_admin::operation(&operation_id).map(OperationInfo::from)
}
