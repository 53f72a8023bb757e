//! Choosing the API version (and so the content types) of a call.

use crate::build_error::BuildError;
use crate::generated::SPEC_DATE;
use crate::rules;
use crate::spec::{Format, Media, Operation, Version};

/// The version a call uses: the per-call override, else the newest stable version not after
/// the pin, else the default ([`rules::default_version`]: the newest stable version, skipping
/// one past its sunset on the spec's date where another is served; `preview` for operations
/// that have only that).
pub(crate) fn choose(
    op: &'static Operation,
    pin: Option<&str>,
    exact: Option<&str>,
) -> Result<&'static Version, BuildError> {
    let available = || op.versions.iter().map(|v| v.name).collect::<Vec<_>>();
    if let Some(wanted) = exact {
        return op
            .version(wanted)
            .ok_or_else(|| BuildError::UnsupportedVersion {
                operation: op.id,
                requested: wanted.chars().take(40).collect(),
                available: available(),
            });
    }
    let parts = |v: &'static Version| (v.name, v.sunset);
    let chosen = match pin {
        None => rules::default_version(op.versions, parts, SPEC_DATE),
        Some(_) => rules::newest_stable(op.versions, parts, pin, SPEC_DATE),
    };
    if let Some(i) = chosen {
        return Ok(&op.versions[i]);
    }
    if op.versions.iter().any(|v| v.stable) {
        // Pinned before the operation's first version: the server would refuse it too.
        return Err(BuildError::UnsupportedVersion {
            operation: op.id,
            requested: format!("on or before {}", pin.unwrap_or_default()),
            available: available(),
        });
    }
    op.version("preview")
        .or_else(|| op.versions.last())
        .ok_or_else(|| BuildError::UnsupportedVersion {
            operation: op.id,
            requested: "any".into(),
            available: Vec::new(),
        })
}

/// The response media to ask for: the requested format, else JSON where offered.
pub(crate) fn response_media(
    op: &'static Operation,
    version: &'static Version,
    format: Option<Format>,
) -> Result<Option<Media>, BuildError> {
    let formats = || {
        let mut f: Vec<&'static str> = version
            .responses
            .iter()
            .map(|r| r.media.format.as_str())
            .collect();
        f.dedup();
        f
    };
    match format {
        Some(wanted) => version
            .responses
            .iter()
            .find(|r| r.media.format == wanted)
            .map(|r| Some(r.media))
            .ok_or_else(|| BuildError::UnsupportedFormat {
                operation: op.id,
                version: version.name,
                requested: wanted.as_str().to_owned(),
                available: formats(),
            }),
        None => Ok(version
            .responses
            .iter()
            .find(|r| r.media.format == Format::Json)
            .or_else(|| version.responses.first())
            .map(|r| r.media)),
    }
}
