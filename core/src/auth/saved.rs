//! A service-account token taken out of one session and put into another, so that processes
//! can share it (a token cache) instead of minting their own: Atlas lets a service account
//! mint 10 tokens a minute and hold 100 at once, each living an hour.

use super::{HeldToken, Secret};
use crate::build_error::BuildError;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::time::{Duration, SystemTime};

/// A token with what it is good for: the base URL and service account it was minted for, and
/// when it expires. `Debug` never shows the token; [`SavedToken::to_json`] does, for a cache
/// file only.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SavedToken {
    pub base_url: String,
    pub client_id: String,
    pub access_token: Secret,
    /// When it expires, in seconds since the Unix epoch.
    pub expires_at: u64,
    /// How long it lived when minted, in seconds.
    pub lifetime: u64,
}

impl SavedToken {
    pub(crate) fn of(base_url: &str, client_id: &str, held: &HeldToken) -> SavedToken {
        SavedToken {
            base_url: base_url.to_owned(),
            client_id: client_id.to_owned(),
            access_token: held.token.clone(),
            expires_at: unix_seconds(held.expires_at),
            lifetime: held.lifetime.as_secs(),
        }
    }

    /// The token as a session holds it, if it is for `base_url` and `client_id` and still
    /// fresh at `now`.
    pub(crate) fn to_held(
        &self,
        base_url: &str,
        client_id: &str,
        now: SystemTime,
    ) -> Option<HeldToken> {
        if self.base_url != base_url || self.client_id != client_id || self.access_token.is_empty()
        {
            return None;
        }
        let held = HeldToken {
            token: self.access_token.clone(),
            expires_at: SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(self.expires_at))?,
            lifetime: Duration::from_secs(self.lifetime.max(1)),
        };
        held.is_fresh(now).then_some(held)
    }

    /// JSON holding the token itself, for a token cache (a file only its owner may read):
    /// never log it. [`SavedToken::from_json`] reads it back.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "baseUrl": self.base_url,
            "clientId": self.client_id,
            "accessToken": self.access_token.expose(),
            "expiresAt": self.expires_at,
            "lifetime": self.lifetime,
        })
        .to_string()
    }

    /// A token from [`SavedToken::to_json`]'s text. The error never repeats the text.
    pub fn from_json(json: &[u8]) -> Result<SavedToken, BuildError> {
        serde_json::from_slice(json).map_err(|e| BuildError::InvalidConfig {
            field: "token",
            problem: format!(
                "is not a saved token (line {}, column {})",
                e.line(),
                e.column()
            ),
        })
    }

    /// The name a cache keeps the token of `client_id` at `base_url` under: one per pair, the
    /// same in every binding, safe as a file name, and naming neither.
    pub fn cache_key(base_url: &str, client_id: &str) -> String {
        let digest = Sha256::digest(format!("{base_url}\n{client_id}"));
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        format!("atlas-token-{hex}")
    }
}

fn unix_seconds(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(expires_in: u64, now: SystemTime) -> HeldToken {
        HeldToken {
            token: Secret::new("tok-123"),
            expires_at: now + Duration::from_secs(expires_in),
            lifetime: Duration::from_secs(3600),
        }
    }

    #[test]
    fn a_token_goes_out_and_comes_back_for_the_same_account_only() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let saved = SavedToken::of("https://h", "id", &held(3600, now));
        let text = saved.to_json();
        assert!(text.contains("tok-123"), "the cache file holds the token");
        assert!(!format!("{saved:?}").contains("tok-123"));
        let back = SavedToken::from_json(text.as_bytes()).unwrap();
        assert_eq!(back, saved);
        assert!(back.to_held("https://h", "id", now).is_some());
        assert!(back.to_held("https://other", "id", now).is_none());
        assert!(back.to_held("https://h", "other", now).is_none());
        let late = now + Duration::from_secs(3590);
        assert!(
            back.to_held("https://h", "id", late).is_none(),
            "too near expiry"
        );
        let e = SavedToken::from_json(br#"{"accessToken": "tok-123"}"#).unwrap_err();
        assert!(!e.to_string().contains("tok-123"), "{e}");
        let far = SavedToken {
            expires_at: u64::MAX,
            ..saved
        };
        assert!(far.to_held("https://h", "id", now).is_none());
    }

    #[test]
    fn cache_keys_differ_per_account_and_name_neither() {
        let a = SavedToken::cache_key("https://cloud.mongodb.com", "mdb_sa_id_1");
        assert_eq!(
            a,
            SavedToken::cache_key("https://cloud.mongodb.com", "mdb_sa_id_1")
        );
        assert_ne!(
            a,
            SavedToken::cache_key("https://cloud.mongodb.com", "mdb_sa_id_2")
        );
        assert_ne!(
            a,
            SavedToken::cache_key("https://cloud-qa.mongodb.com", "mdb_sa_id_1")
        );
        assert!(a.starts_with("atlas-token-") && a.len() == 44 && !a.contains("mdb"));
    }
}
