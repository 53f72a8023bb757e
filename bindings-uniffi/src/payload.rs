//! A successful result as the host sees it.

use atlas_admin::Parsed;

/// What a successful call returned. JSON stays text so the host parses it with its own
/// library (kotlinx.serialization, Codable) into its own types.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum Payload {
    Json {
        json: String,
    },
    /// CSV or YAML.
    Text {
        text: String,
    },
    /// Binary content such as gzip-compressed logs.
    Bytes {
        bytes: Vec<u8>,
    },
    /// 202/204 or an empty body.
    Empty,
}

impl From<Parsed> for Payload {
    fn from(p: Parsed) -> Self {
        match p {
            Parsed::Json(v) => Payload::Json {
                json: v.to_string(),
            },
            Parsed::Text(text) => Payload::Text { text },
            Parsed::Bytes(bytes) => Payload::Bytes { bytes },
            Parsed::Empty => Payload::Empty,
        }
    }
}
