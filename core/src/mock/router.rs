//! Finding the operation a request is for, from its method and path alone.

use crate::catalog::operations;
use crate::spec::Operation;

/// Why a request matches no operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteError {
    NotFound,
    /// The path is known but not with this method; the methods it takes.
    MethodNotAllowed(Vec<&'static str>),
}

/// The operation for `method` and `path`; when several templates match (`/clusters/{name}` and
/// `/clusters/tenantUpgrade`), the one with the most literal text wins.
pub fn route(method: &http::Method, path: &str) -> Result<&'static Operation, RouteError> {
    let mut best: Option<(usize, &'static Operation)> = None;
    let mut methods = Vec::new();
    for op in operations() {
        let Some(score) = matches(op.path, path) else {
            continue;
        };
        if op.method.to_http() != method {
            methods.push(op.method.as_str());
            continue;
        }
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, op));
        }
    }
    match best {
        Some((_, op)) => Ok(op),
        None if methods.is_empty() => Err(RouteError::NotFound),
        None => {
            methods.sort_unstable();
            methods.dedup();
            Err(RouteError::MethodNotAllowed(methods))
        }
    }
}

/// The literal characters matched when `path` fits `template`, else `None`.
fn matches(template: &str, path: &str) -> Option<usize> {
    let mut t = template.split('/');
    let mut p = path.split('/');
    let mut score = 0;
    loop {
        match (t.next(), p.next()) {
            (None, None) => return Some(score),
            (Some(ts), Some(ps)) => score += segment(ts, ps)?,
            _ => return None,
        }
    }
}

/// A template segment is literal, or `prefix{var}suffix` with a non-empty value for `var`.
fn segment(template: &str, seg: &str) -> Option<usize> {
    let Some(open) = template.find('{') else {
        return (template == seg).then_some(template.len());
    };
    let close = template[open..].find('}')? + open;
    let (prefix, suffix) = (&template[..open], &template[close + 1..]);
    let fits =
        seg.len() > prefix.len() + suffix.len() && seg.starts_with(prefix) && seg.ends_with(suffix);
    fits.then_some(prefix.len() + suffix.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_by_longest_literal() {
        let get = http::Method::GET;
        let op = route(
            &get,
            "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters",
        )
        .unwrap();
        assert_eq!(op.id, "listGroupClusters");
        let op = route(
            &get,
            "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/c1",
        )
        .unwrap();
        assert_eq!(op.id, "getGroupCluster");
        assert!(matches!(
            route(&get, "/api/atlas/v2/nothing/here"),
            Err(RouteError::NotFound)
        ));
        assert!(matches!(
            route(
                &http::Method::PATCH,
                "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters"
            ),
            Err(RouteError::MethodNotAllowed(_))
        ));
        let op = route(
            &http::Method::POST,
            "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/c1:pinFeatureCompatibilityVersion",
        )
        .unwrap();
        assert_eq!(op.id, "pinGroupClusterFeatureCompatibilityVersion");
    }

    #[test]
    fn every_operation_routes_to_itself() {
        for op in operations() {
            let path: String = op
                .path
                .split('/')
                .map(|s| match (s.find('{'), s.find('}')) {
                    (Some(o), Some(c)) => format!("{}x1{}", &s[..o], &s[c + 1..]),
                    _ => s.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("/");
            let found = route(&op.method.to_http(), &path).unwrap();
            // Templates that differ only in variable names are the same route: either may win.
            let shape = |p: &'static str| {
                p.split('/')
                    .map(|s| if s.contains('{') { "{}" } else { s })
                    .collect::<Vec<_>>()
            };
            assert!(
                found.id == op.id || shape(found.path) == shape(op.path),
                "{} -> {}",
                op.id,
                found.id
            );
        }
    }
}
