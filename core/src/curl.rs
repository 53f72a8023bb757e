//! Rendering a request as a `curl` command for logs and bug reports, with secrets redacted.

use serde_json::Value;

const REDACTED: &str = "<redacted>";

/// Headers whose value is a credential.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
];

/// Field names (lower-cased, compared by substring) whose values are secrets in JSON and form
/// bodies: database user passwords, integration keys, tokens.
const SECRET_FIELDS: &[&str] = &[
    "password",
    "secret",
    "token",
    "apikey",
    "privatekey",
    "servicekey",
    "routingkey",
    "licensekey",
    "credential",
    "passphrase",
];

/// `curl -X METHOD 'url' -H '…' --data-raw '…'`, safe to paste into a POSIX shell. The
/// `Authorization` value keeps only its scheme (`Digest <redacted>`), and secret-looking fields
/// of JSON and form bodies are replaced by `<redacted>`.
pub fn to_curl(request: &http::Request<Vec<u8>>) -> String {
    let mut out = format!(
        "curl -X {} {}",
        request.method(),
        quote(&request.uri().to_string())
    );
    for (name, value) in request.headers() {
        let text = if SECRET_HEADERS.contains(&name.as_str()) || value.is_sensitive() {
            match value.to_str().ok().and_then(|v| v.split_once(' ')) {
                Some((scheme, _)) if name == http::header::AUTHORIZATION && scheme.len() < 20 => {
                    format!("{scheme} {REDACTED}")
                }
                _ => REDACTED.to_owned(),
            }
        } else {
            String::from_utf8_lossy(value.as_bytes()).into_owned()
        };
        out.push_str(" -H ");
        out.push_str(&quote(&format!("{name}: {text}")));
    }
    let body = request.body();
    if !body.is_empty() {
        let content_type = request
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let shown = if content_type.contains("json") {
            match serde_json::from_slice::<Value>(body) {
                Ok(mut v) => {
                    redact_json(&mut v);
                    Some(v.to_string())
                }
                Err(_) => None,
            }
        } else if content_type.contains("x-www-form-urlencoded") {
            std::str::from_utf8(body).ok().map(redact_form)
        } else {
            None
        };
        match shown {
            Some(text) => {
                out.push_str(" --data-raw ");
                out.push_str(&quote(&text));
            }
            None => out.push_str(&format!(
                " --data-binary {}",
                quote(&format!("<{} bytes>", body.len()))
            )),
        }
    }
    out
}

fn is_secret_field(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_FIELDS.iter().any(|s| lower.contains(s))
}

fn redact_json(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if is_secret_field(k) && !val.is_null() {
                    *val = Value::String(REDACTED.into());
                } else {
                    redact_json(val);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

fn redact_form(body: &str) -> String {
    body.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if is_secret_field(k) => format!("{k}={REDACTED}"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Single-quotes for a POSIX shell; a quote inside becomes `'\''`.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_headers_and_bodies() {
        let req = http::Request::post("https://h/api/x?a=1")
            .header(
                "authorization",
                "Digest username=\"pub\", response=\"abc123\"",
            )
            .header("content-type", "application/vnd.atlas.2023-01-01+json")
            .body(br#"{"username":"u","password":"p4ss'word","roles":[{"token":"t0k"}]}"#.to_vec())
            .unwrap();
        let c = to_curl(&req);
        assert!(c.starts_with("curl -X POST 'https://h/api/x?a=1'"), "{c}");
        assert!(c.contains("-H 'authorization: Digest <redacted>'"), "{c}");
        for secret in ["abc123", "p4ss", "t0k"] {
            assert!(!c.contains(secret), "{c}");
        }
        assert!(c.contains(r#""username":"u""#), "{c}");
    }

    #[test]
    fn form_and_binary_bodies() {
        let req = http::Request::post("https://h/api/oauth/revoke")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(b"token=abc&token_type_hint=access_token".to_vec())
            .unwrap();
        let c = to_curl(&req);
        assert!(
            c.contains("--data-raw 'token=<redacted>&token_type_hint=<redacted>'"),
            "{c}"
        );
        let req = http::Request::post("https://h/x")
            .body(vec![0, 159, 146])
            .unwrap();
        assert!(to_curl(&req).ends_with("--data-binary '<3 bytes>'"));
    }

    #[test]
    fn quotes_for_the_shell() {
        assert_eq!(quote("it's"), r"'it'\''s'");
    }
}
