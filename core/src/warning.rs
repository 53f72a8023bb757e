//! What a call does that works today and may not tomorrow: an operation Atlas no longer lists,
//! a version past its announced sunset. A warning never stops a call (sunset dates move);
//! bindings route it to their ecosystem's warnings (Python `warnings`, a JS callback, ...).

use crate::rules;
use crate::spec::{Operation, Version};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Atlas no longer lists the operation; `last_listed` is the date of the last spec that did.
    Removed {
        operation: &'static str,
        last_listed: &'static str,
    },
    /// The version called is past its announced sunset date by the host's clock.
    PastSunset {
        operation: &'static str,
        version: &'static str,
        sunset: &'static str,
        /// The newest version to move to, where it is another one.
        newest: Option<&'static str>,
    },
}

impl Warning {
    /// A short stable name for the kind: `removed`, `past_sunset`.
    pub fn kind(&self) -> &'static str {
        match self {
            Warning::Removed { .. } => "removed",
            Warning::PastSunset { .. } => "past_sunset",
        }
    }

    pub fn operation(&self) -> &'static str {
        match self {
            Warning::Removed { operation, .. } | Warning::PastSunset { operation, .. } => operation,
        }
    }
}

/// `{"kind", "operation", "message"}` and the facts of its kind (`lastListed`; `version`,
/// `sunset`, `newest`): what a binding hands its ecosystem's warnings.
impl serde::Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut out = s.serialize_map(None)?;
        out.serialize_entry("kind", self.kind())?;
        out.serialize_entry("operation", self.operation())?;
        out.serialize_entry("message", &self.to_string())?;
        match self {
            Warning::Removed { last_listed, .. } => {
                out.serialize_entry("lastListed", last_listed)?
            }
            Warning::PastSunset {
                version,
                sunset,
                newest,
                ..
            } => {
                out.serialize_entry("version", version)?;
                out.serialize_entry("sunset", sunset)?;
                out.serialize_entry("newest", newest)?;
            }
        }
        out.end()
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Removed {
                operation,
                last_listed,
            } => write!(
                f,
                "{operation}: Atlas no longer lists this operation (last listed in the API of \
                 {last_listed}); it may fail or stop working"
            ),
            Warning::PastSunset {
                operation,
                version,
                sunset,
                newest,
            } => {
                write!(
                    f,
                    "{operation}: version {version} was announced to stop on {sunset}"
                )?;
                match newest {
                    Some(n) => write!(f, "; use version {n}"),
                    None => write!(f, "; Atlas announces no newer version"),
                }
            }
        }
    }
}

/// The warnings a call of `op` in `version` carries on the host's date `now`.
pub fn warnings(
    op: &'static Operation,
    version: &'static Version,
    now: SystemTime,
) -> Vec<Warning> {
    let mut out = Vec::new();
    if let Some(last_listed) = op.removed {
        out.push(Warning::Removed {
            operation: op.id,
            last_listed,
        });
    }
    let today = date(now);
    if let Some(sunset) = version
        .sunset
        .filter(|s| rules::is_past_sunset(Some(s), &today))
    {
        let newest = rules::newest_stable(op.versions, |v| (v.name, v.sunset), None, &today)
            .map(|i| op.versions[i].name)
            .filter(|n| *n != version.name);
        out.push(Warning::PastSunset {
            operation: op.id,
            version: version.name,
            sunset,
            newest,
        });
    }
    out
}

/// `YYYY-MM-DD` (UTC) of a point in time; before 1970 reads as 1970-01-01.
pub(crate) fn date(t: SystemTime) -> String {
    let days = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    let (y, m, d) = civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day): H. Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(days: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(days * 86_400 + 3_600)
    }

    #[test]
    fn dates() {
        assert_eq!(date(at(0)), "1970-01-01");
        assert_eq!(date(at(20_418)), "2025-11-26");
        assert_eq!(date(at(11_016)), "2000-02-29");
        assert_eq!(date(UNIX_EPOCH - Duration::from_secs(5)), "1970-01-01");
    }

    #[test]
    fn removed_and_past_sunset() {
        let op = crate::catalog::find("pausePipeline").unwrap();
        let w = warnings(op, &op.versions[0], at(0));
        assert_eq!(w[0].kind(), "removed");
        assert!(w[0].to_string().contains("no longer lists"), "{}", w[0]);

        // A version with a sunset: none before it, one after it.
        let (op, v) = crate::catalog::operations()
            .iter()
            .find_map(|op| {
                op.versions
                    .iter()
                    .find(|v| v.sunset.is_some())
                    .map(|v| (op, v))
            })
            .unwrap();
        let sunset = v.sunset.unwrap();
        let before = SystemTime::UNIX_EPOCH;
        assert!(warnings(op, v, before)
            .iter()
            .all(|w| w.kind() != "past_sunset"));
        let after = at(365 * 200);
        let w = warnings(op, v, after);
        let past = w.iter().find(|w| w.kind() == "past_sunset").unwrap();
        assert!(past.to_string().contains(sunset), "{past}");
    }
}
