//! The core's call warnings, mapped for Kotlin and Swift, and the foreign listener that
//! receives them. The core decides what warrants a warning; the binding only hands it over.

use std::sync::Arc;
use std::time::SystemTime;

/// Something a call does that works today and may not tomorrow. A warning never stops a call.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum AtlasWarning {
    /// Atlas no longer lists the operation; `last_listed` is the date of the last spec that
    /// did. The call is still made.
    Removed {
        /// The operation's canonical id.
        operation: String,
        last_listed: String,
        /// The core's one-line sentence, for a log.
        message: String,
    },
    /// The version called is past its announced sunset date by the host's clock.
    PastSunset {
        operation: String,
        version: String,
        sunset: String,
        /// The newest version to move to, where it is another one.
        newest: Option<String>,
        message: String,
    },
}

impl From<atlas_admin::Warning> for AtlasWarning {
    fn from(w: atlas_admin::Warning) -> Self {
        let message = w.to_string();
        match w {
            atlas_admin::Warning::Removed {
                operation,
                last_listed,
            } => AtlasWarning::Removed {
                operation: operation.to_owned(),
                last_listed: last_listed.to_owned(),
                message,
            },
            atlas_admin::Warning::PastSunset {
                operation,
                version,
                sunset,
                newest,
            } => AtlasWarning::PastSunset {
                operation: operation.to_owned(),
                version: version.to_owned(),
                sunset: sunset.to_owned(),
                newest: newest.map(str::to_owned),
                message,
            },
        }
    }
}

/// Receives the warnings of each call (`ClientConfig.onWarning`): called once per warning,
/// before the call sends anything, on the thread that runs the call. Route them to the app's
/// logger. Whatever it throws is dropped: a warning never changes the call's outcome.
#[uniffi::export(foreign)]
pub trait WarningListener: Send + Sync {
    fn on_warning(&self, warning: AtlasWarning) -> Result<(), WarningListenerError>;
}

/// What a [`WarningListener`] that threw is turned into (and then dropped): an app's logger
/// failing must not fail its Atlas call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum WarningListenerError {
    #[error("{reason}")]
    Failed { reason: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for WarningListenerError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        WarningListenerError::Failed { reason: e.reason }
    }
}

impl std::fmt::Debug for dyn WarningListener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WarningListener")
    }
}

/// Hands `warnings` to `listener`, if there is one.
pub(crate) fn report(
    listener: Option<&Arc<dyn WarningListener>>,
    warnings: Vec<atlas_admin::Warning>,
) {
    if let Some(listener) = listener {
        for w in warnings {
            // The listener's own failure is the host's to see; the call goes on.
            let _ = listener.on_warning(w.into());
        }
    }
}

/// The warnings a request for `op` in `version` carries today.
pub(crate) fn for_request(
    op: &'static atlas_admin::Operation,
    version: &'static atlas_admin::Version,
) -> Vec<atlas_admin::Warning> {
    atlas_admin::warnings(op, version, SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_both_kinds_with_the_core_sentence() {
        let removed: AtlasWarning = atlas_admin::Warning::Removed {
            operation: "pausePipeline",
            last_listed: "2025-06-05",
        }
        .into();
        match removed {
            AtlasWarning::Removed {
                operation,
                last_listed,
                message,
            } => {
                assert_eq!(operation, "pausePipeline");
                assert_eq!(last_listed, "2025-06-05");
                assert!(message.contains("no longer lists"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let past: AtlasWarning = atlas_admin::Warning::PastSunset {
            operation: "x",
            version: "2023-01-01",
            sunset: "2026-01-01",
            newest: Some("2024-08-05"),
        }
        .into();
        assert!(
            matches!(&past, AtlasWarning::PastSunset { newest: Some(n), message, .. }
                if n == "2024-08-05" && message.contains("2026-01-01")),
            "{past:?}"
        );
    }
}
