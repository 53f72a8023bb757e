//! Looking operations up by any of their names.
//!
//! An operation answers to its current id (`listGroupClusters`), its short name
//! (`listClusters`), the ids it had in earlier specs, and the snake_case of each
//! (`list_group_clusters`). A name that two operations claim is refused, never resolved to one
//! of them: `removeUserFromTeam` was the 2025 id of `POST .../teams/{teamId}:removeUser` and is
//! the 2026 short name of `DELETE .../teams/{teamId}/users/{userId}`.

use crate::build_error::BuildError;
use crate::generated::{BY_SNAKE_CASE, NAMES, OPERATIONS, PATTERNS};
use crate::rules::snake_case;
use crate::spec::{Operation, Param, SuccessMedia, Version};
use serde_json::{json, Value};

/// Every operation, once each, sorted by id (the current spec's, then those Atlas removed).
pub fn operations() -> &'static [Operation] {
    OPERATIONS
}

/// The operation with this name (any of its names); `None` for an unknown or ambiguous name.
pub fn operation(name: &str) -> Option<&'static Operation> {
    match lookup(name) {
        Some([one]) => Some(&OPERATIONS[usize::from(*one)]),
        _ => None,
    }
}

/// The operation with this name, or an error that says why there is none: an ambiguous name
/// lists the operations it could mean, an unknown one the closest names.
pub fn find(name: &str) -> Result<&'static Operation, BuildError> {
    match lookup(name) {
        Some([one]) => Ok(&OPERATIONS[usize::from(*one)]),
        Some(many) => Err(BuildError::AmbiguousOperation {
            name: name.to_owned(),
            candidates: many
                .iter()
                .map(|i| OPERATIONS[usize::from(*i)].id)
                .collect(),
        }),
        None => Err(BuildError::UnknownOperation {
            id: name.chars().take(100).collect(),
            suggestions: suggestions(name),
        }),
    }
}

/// What a binding lists of an operation (its `operations()`), as JSON, camelCase: `operationId`,
/// `shortName`, `formerIds`, `names` (every name it answers to), `removed` (the date of the
/// last spec that listed it), `method`, `path`, `tag`, `summary`, `docsUrl`, `deprecated`,
/// `paged`, `hasBody`, `bodyRequired`, `params`, `versions` (oldest first) and `watcher` (the
/// GET a wait polls, its `version`, and `until`: a `WaitGoal`), or null.
pub fn operation_json(op: &Operation) -> Value {
    let param = |p: &&Param| {
        json!({
            "name": p.name, "aliases": p.aliases, "in": p.location.as_str(),
            "required": p.required, "type": p.kind.as_str(), "array": p.array,
            "format": p.format, "pattern": p.pattern.and_then(|i| PATTERNS.get(usize::from(i))),
            "enum": p.enum_values, "minimum": p.minimum, "maximum": p.maximum,
            "default": p.default,
        })
    };
    json!({
        "operationId": op.id, "shortName": op.short_name, "formerIds": op.former_ids,
        "names": names(op), "removed": op.removed, "method": op.method.as_str(),
        "path": op.path, "tag": op.tag, "summary": op.summary,
        "docsUrl": op.docs_url().unwrap_or_default(), "deprecated": op.deprecated,
        "paged": op.paged, "hasBody": op.has_body(), "bodyRequired": op.body_required,
        "params": op.params.iter().map(param).collect::<Vec<_>>(),
        "versions": op.versions.iter().map(version_json).collect::<Vec<_>>(),
        "watcher": op.watcher.map(|w| json!({
            "operation": w.operation, "version": w.version,
            "until": w.until,
        })),
    })
}

/// One version of an operation, as JSON: `name`, `stable`, `sunset`, `requestContentType`,
/// its 2xx `responses` (`status`, `contentType`, `format`) and their `successStatuses`.
pub fn version_json(v: &Version) -> Value {
    let response = |r: &SuccessMedia| {
        let (status, media) = (r.status, r.media);
        json!({"status": status, "contentType": media.content_type, "format": media.format.as_str()})
    };
    json!({
        "name": v.name, "stable": v.stable, "sunset": v.sunset,
        "requestContentType": v.request.map(|m| m.content_type),
        "responses": v.responses.iter().map(response).collect::<Vec<_>>(),
        "successStatuses": v.responses.iter().map(|r| r.status).collect::<Vec<_>>(),
    })
}

/// Every name `op` answers to: its camelCase names, then the snake_case form of each.
pub fn names(op: &Operation) -> Vec<String> {
    let camel: Vec<&'static str> = op.names().collect();
    let mut out: Vec<String> = camel.iter().map(|n| (*n).to_owned()).collect();
    for n in camel {
        let snake = snake_case(n);
        if !out.contains(&snake) {
            out.push(snake);
        }
    }
    out
}

/// The operations a name names: a camelCase name directly, a snake_case one through the index
/// sorted by snake form (the snake forms are computed, not stored, to keep the table small).
fn lookup(name: &str) -> Option<&'static [u16]> {
    if let Ok(i) = NAMES.binary_search_by(|(n, _)| (*n).cmp(name)) {
        return Some(NAMES[i].1);
    }
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    BY_SNAKE_CASE
        .binary_search_by(|i| snake_case(NAMES[usize::from(*i)].0).as_str().cmp(name))
        .ok()
        .map(|i| NAMES[usize::from(BY_SNAKE_CASE[i])].1)
}

/// Up to three names close to a mistyped one, over every name: case-insensitive matches first,
/// then by edit distance. Each operation is suggested once, by its closest name.
fn suggestions(name: &str) -> Vec<String> {
    if name.len() > 200 {
        return Vec::new();
    }
    let wanted = name.to_ascii_lowercase();
    let snake_wanted = name.contains('_');
    let mut scored: Vec<(usize, String, &[u16])> = NAMES
        .iter()
        .map(|(camel, ops)| {
            // A snake_case guess is compared with the snake forms, any other with the names.
            let candidate = if snake_wanted {
                snake_case(camel)
            } else {
                (*camel).to_owned()
            };
            let lower = candidate.to_ascii_lowercase();
            let d = if lower == wanted {
                0
            } else if lower.contains(&wanted) && wanted.len() >= 4 {
                1 + lower.len() - wanted.len()
            } else {
                edit_distance(&wanted, &lower)
            };
            (d, candidate, *ops)
        })
        .collect();
    scored.sort();
    let limit = (wanted.len() / 3).max(3);
    let mut seen: Vec<&[u16]> = Vec::new();
    scored
        .into_iter()
        .filter(|(d, _, _)| *d <= limit)
        .filter(|(_, _, ops)| {
            let fresh = !seen.contains(ops);
            seen.push(ops);
            fresh
        })
        .take(3)
        .map(|(_, n, _)| n)
        .collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a = a.as_bytes();
    let b = b.as_bytes();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_as_bindings_list_it() {
        let op = find("listClusters").unwrap();
        let json = operation_json(op);
        assert_eq!(json["operationId"], "listGroupClusters");
        assert_eq!(json["shortName"], "listClusters");
        assert_eq!(json["method"], "GET");
        assert_eq!(json["paged"], true);
        assert!(json["names"]
            .as_array()
            .unwrap()
            .contains(&"list_clusters".into()));
        let params = json["params"].as_array().unwrap();
        let group = params.iter().find(|p| p["name"] == "groupId").unwrap();
        assert_eq!(group["in"], "path");
        assert_eq!(group["aliases"], serde_json::json!(["projectId"]));
        let newest = json["versions"].as_array().unwrap().last().unwrap();
        assert_eq!(newest["successStatuses"], serde_json::json!([200]));
        assert_eq!(newest["responses"][0]["format"], "json");
        assert!(json["watcher"].is_null());
        let create = operation_json(find("createCluster").unwrap());
        let until =
            serde_json::json!({"state": {"path": "stateName", "done": ["IDLE"], "failed": []}});
        assert_eq!(create["watcher"]["operation"], "getGroupCluster");
        assert_eq!(create["watcher"]["until"], until);
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggests_close_names() {
        let s = suggestions("listCluster");
        assert_eq!(s.first().map(String::as_str), Some("listClusters"));
        assert!(suggestions("LISTCLUSTERS").contains(&"listClusters".to_owned()));
        assert!(suggestions("listGroupCluster").contains(&"listGroupClusters".to_owned()));
        assert!(suggestions("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz").is_empty());
    }

    #[test]
    fn every_name_resolves() {
        let clusters = find("listGroupClusters").unwrap();
        for name in ["listClusters", "list_clusters", "list_group_clusters"] {
            assert_eq!(find(name).unwrap().id, clusters.id, "{name}");
        }
        assert_eq!(find("createProject").unwrap().id, "createGroup");
        assert_eq!(
            find("getSampleDatasetLoadStatus").unwrap().id,
            "getGroupSampleDatasetLoad"
        );
        assert_eq!(find("pausePipeline").unwrap().removed, Some("2025-06-05"));
    }

    #[test]
    fn an_ambiguous_name_is_refused_naming_both() {
        let err = find("removeUserFromTeam").unwrap_err().to_string();
        assert!(err.contains("`removeOrgTeamUser`"), "{err}");
        assert!(err.contains("`removeOrgTeamUserFromTeam`"), "{err}");
        assert!(operation("remove_user_from_team").is_none());
    }
}
