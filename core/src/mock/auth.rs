//! The mock's side of authentication: issuing and checking Digest challenges and OAuth tokens.

use crate::auth::digest::{expected_response, parse_authorization, Algorithm};
use base64::Engine as _;
use std::collections::HashSet;
use std::time::{Duration, SystemTime};

pub(crate) const REALM: &str = "MMS Public API";

pub(crate) struct DigestServer {
    pub username: String,
    pub password: String,
    pub algorithm: Algorithm,
    pub nonce: String,
    /// Nonces made stale by `expire_nonce`: answered with `stale=true`.
    pub old_nonces: Vec<String>,
    /// `nc` values already used with the current nonce; a repeat is a replay.
    pub seen_nc: HashSet<u32>,
}

/// The outcome of checking an `Authorization: Digest` header.
pub(crate) enum DigestCheck {
    Ok,
    /// Send a challenge; `stale` when only the nonce was out of date.
    Challenge {
        stale: bool,
    },
}

impl DigestServer {
    pub fn challenge(&self, stale: bool, opaque: &str) -> String {
        format!(
            "Digest realm=\"{REALM}\", domain=\"\", nonce=\"{}\", algorithm={}, qop=\"auth\", opaque=\"{opaque}\", stale={}",
            self.nonce,
            self.algorithm.as_str(),
            if stale { "true" } else { "false" }
        )
    }

    pub fn check(&mut self, authorization: Option<&str>, method: &str, body: &[u8]) -> DigestCheck {
        let challenge = DigestCheck::Challenge { stale: false };
        let Some(params) = authorization.and_then(parse_authorization) else {
            return challenge;
        };
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let nonce = get("nonce").unwrap_or("");
        if nonce != self.nonce {
            let stale = self.old_nonces.iter().any(|n| n == nonce);
            return DigestCheck::Challenge { stale };
        }
        if get("realm") != Some(REALM)
            || get("algorithm").is_some_and(|a| !a.eq_ignore_ascii_case(self.algorithm.as_str()))
        {
            return challenge;
        }
        let Some(nc) = get("nc").and_then(|n| u32::from_str_radix(n, 16).ok()) else {
            return challenge;
        };
        let expected = expected_response(&params, &self.username, &self.password, method, body);
        if expected.is_none() || expected.as_deref() != get("response") || !self.seen_nc.insert(nc)
        {
            return challenge;
        }
        DigestCheck::Ok
    }

    pub fn new_nonce(&mut self, nonce: String) {
        let old = std::mem::replace(&mut self.nonce, nonce);
        self.old_nonces.push(old);
        if self.old_nonces.len() > 8 {
            self.old_nonces.remove(0);
        }
        self.seen_nc.clear();
    }
}

pub(crate) struct OAuthServer {
    pub client_id: String,
    pub client_secret: String,
    pub lifetime: Duration,
    pub issued: Vec<(String, SystemTime)>,
    pub counter: u64,
}

pub(crate) enum BearerCheck {
    Ok,
    Missing,
    Expired,
    Unknown,
}

impl OAuthServer {
    pub fn basic_ok(&self, authorization: Option<&str>) -> bool {
        let Some(encoded) = authorization.and_then(|a| a.strip_prefix("Basic ")) else {
            return false;
        };
        let Ok(raw) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
            return false;
        };
        let Ok(text) = String::from_utf8(raw) else {
            return false;
        };
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(&s.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        };
        match text.split_once(':') {
            Some((id, secret)) => {
                decode(id) == self.client_id && decode(secret) == self.client_secret
            }
            None => false,
        }
    }

    pub fn issue(&mut self, now: SystemTime) -> String {
        self.counter += 1;
        let token = format!("mock-token-{}", self.counter);
        self.issued.retain(|(_, exp)| *exp > now);
        self.issued.push((token.clone(), now + self.lifetime));
        token
    }

    pub fn check(&self, authorization: Option<&str>, now: SystemTime) -> BearerCheck {
        let Some(token) = authorization.and_then(|a| a.strip_prefix("Bearer ")) else {
            return BearerCheck::Missing;
        };
        match self.issued.iter().find(|(t, _)| t == token) {
            Some((_, exp)) if *exp > now => BearerCheck::Ok,
            Some(_) => BearerCheck::Expired,
            None => BearerCheck::Unknown,
        }
    }

    pub fn revoke(&mut self, token: &str) {
        self.issued.retain(|(t, _)| t != token);
    }
}
