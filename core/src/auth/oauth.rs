//! OAuth 2 client credentials (RFC 6749 §4.4) for Atlas Service Accounts: asking for a token,
//! reading the answer, revoking it.

use super::secret::Secret;
use base64::Engine as _;
use serde_json::Value;
use std::time::Duration;

pub const TOKEN_PATH: &str = "/api/oauth/token";
pub const REVOKE_PATH: &str = "/api/oauth/revoke";
/// Largest token response read; real ones are a couple of kilobytes.
pub const MAX_TOKEN_RESPONSE: usize = 64 * 1024;
/// Largest access token kept.
const MAX_TOKEN_LEN: usize = 16 * 1024;
/// Used when the server omits `expires_in` (Atlas tokens live an hour).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// An access token and how long it lives from when it was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub access_token: Secret,
    pub token_type: String,
    pub expires_in: Duration,
}

/// Why a token could not be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("token endpoint answered {status}: {error}{}{}", .description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default(), refusal_hint(*.status, .error))]
    Refused {
        status: u16,
        /// The OAuth `error` code (`invalid_client`), or the HTTP reason.
        error: String,
        description: Option<String>,
    },
    #[error("token response is not usable: {problem}")]
    Invalid { problem: String },
}

/// What to do about a refusal from the token endpoint, when it is a known one.
fn refusal_hint(status: u16, error: &str) -> &'static str {
    match (status, error) {
        (429, _) => "; Atlas lets a service account mint 10 tokens a minute and hold 100 at once: share one token between processes (a token cache) instead of minting one in each",
        (_, "access_denied") => "; the service account may not get a token from here: check its API access list, and that it is neither expired nor deleted",
        (_, "invalid_client") => "; check the client id and secret",
        _ => "",
    }
}

/// Reads a token endpoint's answer. Never panics; the token never appears in an error.
pub fn parse_token_response(status: u16, body: &[u8]) -> Result<Token, TokenError> {
    let invalid = |problem: String| TokenError::Invalid { problem };
    if body.len() > MAX_TOKEN_RESPONSE {
        return Err(invalid(format!(
            "body is {} bytes, more than the {MAX_TOKEN_RESPONSE} read",
            body.len()
        )));
    }
    let value: Option<Value> = serde_json::from_slice(body).ok();
    let text = |key: &str| {
        value
            .as_ref()
            .and_then(|v| v.get(key))
            .and_then(Value::as_str)
            .map(|s| s.chars().take(200).collect::<String>())
    };
    if !(200..300).contains(&status) {
        let reason = http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("error");
        return Err(TokenError::Refused {
            status,
            error: text("error").unwrap_or_else(|| reason.to_owned()),
            description: text("error_description").or_else(|| text("detail")),
        });
    }
    let Some(Value::Object(map)) = value else {
        return Err(invalid("body is not a JSON object".into()));
    };
    let access_token = match map.get("access_token") {
        Some(Value::String(s)) if !s.is_empty() && s.len() <= MAX_TOKEN_LEN => s.clone(),
        Some(Value::String(s)) if s.is_empty() => {
            return Err(invalid("`access_token` is empty".into()))
        }
        Some(Value::String(_)) => {
            return Err(invalid(format!(
                "`access_token` is longer than {MAX_TOKEN_LEN} bytes"
            )))
        }
        Some(_) => return Err(invalid("`access_token` is not a string".into())),
        None => return Err(invalid("`access_token` is missing".into())),
    };
    // The token goes into a header: refuse what a header cannot carry.
    if !access_token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid(
            "`access_token` holds characters a header cannot carry".into(),
        ));
    }
    let token_type = match map.get("token_type") {
        Some(Value::String(t)) if t.eq_ignore_ascii_case("bearer") => "Bearer".to_owned(),
        Some(Value::String(t)) => {
            return Err(invalid(format!(
                "`token_type` is {:?}; only Bearer is supported",
                t.chars().take(40).collect::<String>()
            )))
        }
        Some(_) => return Err(invalid("`token_type` is not a string".into())),
        None => return Err(invalid("`token_type` is missing".into())),
    };
    let expires_in = match map.get("expires_in") {
        None | Some(Value::Null) => DEFAULT_LIFETIME,
        Some(v) => match v
            .as_u64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        {
            Some(0) => return Err(invalid("`expires_in` is 0".into())),
            Some(s) => Duration::from_secs(s.min(10 * 365 * 24 * 3600)),
            None => return Err(invalid("`expires_in` is not a positive integer".into())),
        },
    };
    Ok(Token {
        access_token: Secret::new(access_token),
        token_type,
        expires_in,
    })
}

pub(crate) fn basic_auth(client_id: &str, client_secret: &Secret) -> String {
    let raw = format!(
        "{}:{}",
        form_encode(client_id),
        form_encode(client_secret.expose())
    );
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

/// `POST {base}/api/oauth/token` asking for a client-credentials token.
pub(crate) fn token_request(
    base_url: &str,
    user_agent: &str,
    client_id: &str,
    client_secret: &Secret,
) -> Result<http::Request<Vec<u8>>, String> {
    form_request(
        base_url,
        TOKEN_PATH,
        user_agent,
        client_id,
        client_secret,
        b"grant_type=client_credentials".to_vec(),
    )
}

/// `POST {base}/api/oauth/revoke` for an access token.
pub(crate) fn revoke_request(
    base_url: &str,
    user_agent: &str,
    client_id: &str,
    client_secret: &Secret,
    token: &Secret,
) -> Result<http::Request<Vec<u8>>, String> {
    let body = format!(
        "token={}&token_type_hint=access_token",
        form_encode(token.expose())
    );
    form_request(
        base_url,
        REVOKE_PATH,
        user_agent,
        client_id,
        client_secret,
        body.into_bytes(),
    )
}

fn form_request(
    base_url: &str,
    path: &str,
    user_agent: &str,
    client_id: &str,
    client_secret: &Secret,
    body: Vec<u8>,
) -> Result<http::Request<Vec<u8>>, String> {
    let mut auth = http::HeaderValue::from_str(&basic_auth(client_id, client_secret))
        .map_err(|_| "client id or secret cannot be sent in a header".to_owned())?;
    auth.set_sensitive(true);
    let mut b = http::Request::post(format!("{base_url}{path}"))
        .header(http::header::AUTHORIZATION, auth)
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(http::header::ACCEPT, "application/json");
    if !user_agent.is_empty() {
        b = b.header(http::header::USER_AGENT, user_agent);
    }
    b.body(body)
        .map_err(|e| format!("token request cannot be formed: {e}"))
}

/// `application/x-www-form-urlencoded` encoding, which RFC 6749 §2.3.1 also asks for inside Basic.
fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_token() {
        let t = parse_token_response(
            200,
            br#"{"access_token":"abc.def","expires_in":3600,"token_type":"bearer"}"#,
        )
        .unwrap();
        assert_eq!(t.access_token.expose(), "abc.def");
        assert_eq!(t.expires_in, Duration::from_secs(3600));
        assert!(!format!("{t:?}").contains("abc.def"));
    }

    #[test]
    fn says_what_is_wrong() {
        let e = parse_token_response(
            401,
            br#"{"error":"invalid_client","error_description":"bad secret"}"#,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "token endpoint answered 401: invalid_client (bad secret); check the client id and secret"
        );
        let e = parse_token_response(
            429,
            br#"{"detail":"Resource /api/oauth/token is limited to 10 requests every 1 minutes."}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("limited to 10 requests every 1 minutes.); Atlas lets a service account mint 10 tokens a minute"), "{e}");
        let e = parse_token_response(400, br#"{"error":"access_denied"}"#).unwrap_err();
        assert!(e.to_string().contains("check its API access list"), "{e}");
        let e =
            parse_token_response(200, br#"{"access_token":"x","token_type":"mac"}"#).unwrap_err();
        assert!(e.to_string().contains("only Bearer"), "{e}");
        let e = parse_token_response(200, br#"{"token_type":"Bearer"}"#).unwrap_err();
        assert!(e.to_string().contains("`access_token` is missing"), "{e}");
        let e = parse_token_response(200, br#"{"access_token":"sek ret","token_type":"Bearer"}"#)
            .unwrap_err();
        assert!(!e.to_string().contains("sek"), "{e}");
        let e = parse_token_response(
            200,
            br#"{"access_token":"x","token_type":"Bearer","expires_in":-5}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("expires_in"), "{e}");
        let e = parse_token_response(502, b"<html>").unwrap_err();
        assert_eq!(e.to_string(), "token endpoint answered 502: Bad Gateway");
    }

    #[test]
    fn requests_are_well_formed() {
        let secret = Secret::new("s3cr:t");
        let r = token_request("https://h", "ua", "mdb_sa_id", &secret).unwrap();
        assert_eq!(r.uri(), "https://h/api/oauth/token");
        assert_eq!(r.body(), b"grant_type=client_credentials");
        let expected = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode("mdb_sa_id:s3cr%3At")
        );
        assert_eq!(r.headers()["authorization"], expected.as_str());
        let r = revoke_request("https://h", "", "id", &secret, &Secret::new("t/k")).unwrap();
        assert_eq!(r.uri(), "https://h/api/oauth/revoke");
        assert_eq!(r.body(), b"token=t%2Fk&token_type_hint=access_token");
    }
}
