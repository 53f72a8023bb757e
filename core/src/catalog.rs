//! Looking operations up by id.

use crate::error::BuildError;
use crate::generated::OPERATIONS;
use crate::spec::Operation;

/// Every operation in the spec, sorted by operationId.
pub fn operations() -> &'static [Operation] {
    OPERATIONS
}

/// The operation with this operationId.
pub fn operation(id: &str) -> Option<&'static Operation> {
    OPERATIONS
        .binary_search_by(|op| op.id.cmp(id))
        .ok()
        .map(|i| &OPERATIONS[i])
}

pub(crate) fn find(id: &str) -> Result<&'static Operation, BuildError> {
    operation(id).ok_or_else(|| BuildError::UnknownOperation {
        id: id.chars().take(100).collect(),
        suggestions: suggestions(id),
    })
}

/// Up to three ids close to a mistyped one: case-insensitive matches first, then by edit distance.
fn suggestions(id: &str) -> Vec<String> {
    if id.len() > 200 {
        return Vec::new();
    }
    let wanted = id.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = OPERATIONS
        .iter()
        .map(|op| {
            let candidate = op.id.to_ascii_lowercase();
            let d = if candidate == wanted {
                0
            } else if candidate.contains(&wanted) && wanted.len() >= 4 {
                1 + candidate.len() - wanted.len()
            } else {
                edit_distance(&wanted, &candidate)
            };
            (d, op.id)
        })
        .collect();
    scored.sort();
    let limit = (wanted.len() / 3).max(3);
    scored
        .into_iter()
        .filter(|(d, _)| *d <= limit)
        .take(3)
        .map(|(_, id)| id.to_owned())
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
    fn distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggests_close_ids() {
        let s = suggestions("listCluster");
        assert_eq!(s.first().map(String::as_str), Some("listClusters"));
        assert!(suggestions("LISTCLUSTERS").contains(&"listClusters".to_owned()));
        assert!(suggestions("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz").is_empty());
    }
}
