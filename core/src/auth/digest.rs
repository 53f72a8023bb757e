//! HTTP Digest authentication (RFC 7616, and RFC 2617 which it obsoletes): reading a
//! `WWW-Authenticate` challenge and answering it.

use md5::Md5;
use sha2::{Digest as _, Sha256};
use std::fmt::Write as _;

/// Longest `WWW-Authenticate` value read; a challenge is a few hundred bytes, so anything
/// larger is refused rather than stored.
pub const MAX_CHALLENGE_LEN: usize = 8 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
}

impl Algorithm {
    fn parse(s: &str) -> Option<Algorithm> {
        match s.to_ascii_uppercase().as_str() {
            "MD5" => Some(Algorithm::Md5),
            "MD5-SESS" => Some(Algorithm::Md5Sess),
            "SHA-256" => Some(Algorithm::Sha256),
            "SHA-256-SESS" => Some(Algorithm::Sha256Sess),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha256Sess => "SHA-256-sess",
        }
    }

    /// Session variants bind the key to the first client nonce (RFC 7616 §3.4.2).
    pub fn is_session(self) -> bool {
        matches!(self, Algorithm::Md5Sess | Algorithm::Sha256Sess)
    }

    fn strength(self) -> u8 {
        match self {
            Algorithm::Md5 | Algorithm::Md5Sess => 1,
            Algorithm::Sha256 | Algorithm::Sha256Sess => 2,
        }
    }

    fn hash(self, data: &[u8]) -> String {
        match self {
            Algorithm::Md5 | Algorithm::Md5Sess => hex(&Md5::digest(data)),
            Algorithm::Sha256 | Algorithm::Sha256Sess => hex(&Sha256::digest(data)),
        }
    }
}

/// The quality of protection chosen from what the server offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qop {
    Auth,
    /// Also covers the request body.
    AuthInt,
    /// RFC 2069 servers that send no `qop`: no `nc`/`cnonce`.
    Legacy,
}

/// A parsed Digest challenge, reduced to what answering it needs.
#[derive(Clone, PartialEq, Eq)]
pub struct Challenge {
    pub realm: String,
    pub nonce: String,
    pub opaque: Option<String>,
    pub algorithm: Algorithm,
    pub qop: Qop,
    /// The nonce expired but the credentials were right: answer again without failing.
    pub stale: bool,
    /// The server wants the username hashed (RFC 7616 §3.4.4).
    pub userhash: bool,
}

// Nonces are not secrets, but they are noise in logs; show only their length.
impl std::fmt::Debug for Challenge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Challenge")
            .field("realm", &self.realm)
            .field("nonce_len", &self.nonce.len())
            .field("algorithm", &self.algorithm)
            .field("qop", &self.qop)
            .field("stale", &self.stale)
            .field("userhash", &self.userhash)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChallengeError {
    #[error("WWW-Authenticate is {len} bytes, more than the {max} read")]
    TooLong { len: usize, max: usize },
    #[error("WWW-Authenticate offers no Digest challenge (schemes: {schemes})")]
    NotDigest { schemes: String },
    #[error("Digest challenge is malformed: {problem}")]
    Malformed { problem: String },
    #[error("Digest challenge has no `{param}`")]
    Missing { param: &'static str },
    #[error("Digest challenge uses algorithm `{algorithm}`; supported: MD5, MD5-sess, SHA-256, SHA-256-sess")]
    UnsupportedAlgorithm { algorithm: String },
    #[error("Digest challenge offers qop `{qop}`; supported: auth, auth-int")]
    UnsupportedQop { qop: String },
}

/// One scheme and its parameters, as written in the header.
struct RawChallenge {
    scheme: String,
    params: Vec<(String, String)>,
}

impl RawChallenge {
    fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Challenge {
    /// Reads every challenge in one or more `WWW-Authenticate` values and keeps the strongest
    /// Digest challenge this client can answer.
    pub fn parse<'a>(
        values: impl IntoIterator<Item = &'a str>,
    ) -> Result<Challenge, ChallengeError> {
        let mut raws = Vec::new();
        for value in values {
            if value.len() > MAX_CHALLENGE_LEN {
                return Err(ChallengeError::TooLong {
                    len: value.len(),
                    max: MAX_CHALLENGE_LEN,
                });
            }
            raws.extend(tokenize(value)?);
            if raws.len() > 16 {
                return Err(ChallengeError::Malformed {
                    problem: "more than 16 challenges".into(),
                });
            }
        }
        let digests: Vec<&RawChallenge> = raws
            .iter()
            .filter(|r| r.scheme.eq_ignore_ascii_case("digest"))
            .collect();
        if digests.is_empty() {
            let schemes: Vec<&str> = raws.iter().map(|r| r.scheme.as_str()).collect();
            return Err(ChallengeError::NotDigest {
                schemes: if schemes.is_empty() {
                    "none".into()
                } else {
                    schemes.join(", ")
                },
            });
        }
        let mut best: Option<Challenge> = None;
        let mut first_error = None;
        for raw in digests {
            match Self::from_raw(raw) {
                Ok(c) => {
                    if best
                        .as_ref()
                        .is_none_or(|b| c.algorithm.strength() > b.algorithm.strength())
                    {
                        best = Some(c);
                    }
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        best.ok_or_else(|| first_error.expect("at least one digest challenge was tried"))
    }

    fn from_raw(raw: &RawChallenge) -> Result<Challenge, ChallengeError> {
        let nonce = raw
            .get("nonce")
            .ok_or(ChallengeError::Missing { param: "nonce" })?;
        if nonce.is_empty() {
            return Err(ChallengeError::Missing { param: "nonce" });
        }
        let algorithm = match raw.get("algorithm") {
            None => Algorithm::Md5,
            Some(a) => Algorithm::parse(a).ok_or_else(|| ChallengeError::UnsupportedAlgorithm {
                algorithm: a.chars().take(40).collect(),
            })?,
        };
        let qop = match raw.get("qop") {
            None => Qop::Legacy,
            Some(list) => {
                let offered: Vec<&str> = list.split(',').map(str::trim).collect();
                if offered.iter().any(|q| q.eq_ignore_ascii_case("auth")) {
                    Qop::Auth
                } else if offered.iter().any(|q| q.eq_ignore_ascii_case("auth-int")) {
                    Qop::AuthInt
                } else {
                    return Err(ChallengeError::UnsupportedQop {
                        qop: list.chars().take(40).collect(),
                    });
                }
            }
        };
        if qop == Qop::Legacy && algorithm.is_session() {
            // The session key needs a cnonce, which only qop-style answers carry.
            return Err(ChallengeError::Malformed {
                problem: format!("algorithm {} needs a qop", algorithm.as_str()),
            });
        }
        let flag = |name| {
            raw.get(name)
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        };
        Ok(Challenge {
            realm: raw.get("realm").unwrap_or("").to_owned(),
            nonce: nonce.to_owned(),
            opaque: raw.get("opaque").map(str::to_owned),
            algorithm,
            qop,
            stale: flag("stale"),
            userhash: flag("userhash"),
        })
    }

    /// The `Authorization` value for one request.
    ///
    /// `uri` is the request target as sent (path and query), `nc` counts the requests made with
    /// this nonce from 1, and `cnonce` is the client's random nonce (for `-sess` algorithms, the
    /// one used with the first request of this nonce).
    #[allow(clippy::too_many_arguments)]
    pub fn authorization(
        &self,
        username: &str,
        password: &str,
        method: &str,
        uri: &str,
        body: &[u8],
        nc: u32,
        cnonce: &str,
    ) -> String {
        let alg = self.algorithm;
        let nc_text = format!("{nc:08x}");
        let qop_text = self.qop_text();
        let response = self.response(username, password, method, uri, body, &nc_text, cnonce);
        let user = if self.userhash {
            alg.hash(format!("{username}:{}", self.realm).as_bytes())
        } else {
            username.to_owned()
        };
        let mut out = String::with_capacity(256);
        let _ = write!(
            out,
            "Digest username={}, realm={}, uri={}, algorithm={}, nonce={}",
            quote(&user),
            quote(&self.realm),
            quote(uri),
            alg.as_str(),
            quote(&self.nonce)
        );
        if self.qop != Qop::Legacy {
            let _ = write!(
                out,
                ", nc={nc_text}, cnonce={}, qop={qop_text}",
                quote(cnonce)
            );
        }
        let _ = write!(out, ", response=\"{response}\"");
        if let Some(opaque) = &self.opaque {
            let _ = write!(out, ", opaque={}", quote(opaque));
        }
        if self.userhash {
            out.push_str(", userhash=true");
        }
        out
    }

    /// The `response` hash of an answer (RFC 7616 §3.4.1), `nc_text` as sent (`00000001`).
    #[allow(clippy::too_many_arguments)]
    fn response(
        &self,
        username: &str,
        password: &str,
        method: &str,
        uri: &str,
        body: &[u8],
        nc_text: &str,
        cnonce: &str,
    ) -> String {
        let alg = self.algorithm;
        let mut ha1 = alg.hash(format!("{username}:{}:{password}", self.realm).as_bytes());
        if alg.is_session() {
            ha1 = alg.hash(format!("{ha1}:{}:{cnonce}", self.nonce).as_bytes());
        }
        let ha2 = match self.qop {
            Qop::AuthInt => alg.hash(format!("{method}:{uri}:{}", alg.hash(body)).as_bytes()),
            Qop::Auth | Qop::Legacy => alg.hash(format!("{method}:{uri}").as_bytes()),
        };
        match self.qop {
            Qop::Legacy => alg.hash(format!("{ha1}:{}:{ha2}", self.nonce).as_bytes()),
            _ => alg.hash(
                format!(
                    "{ha1}:{}:{nc_text}:{cnonce}:{}:{ha2}",
                    self.nonce,
                    self.qop_text()
                )
                .as_bytes(),
            ),
        }
    }

    fn qop_text(&self) -> &'static str {
        match self.qop {
            Qop::Auth => "auth",
            Qop::AuthInt => "auth-int",
            Qop::Legacy => "",
        }
    }
}

/// The parameters of an `Authorization: Digest` header, for servers (the mock) that check one.
pub fn parse_authorization(value: &str) -> Option<Vec<(String, String)>> {
    if value.len() > MAX_CHALLENGE_LEN {
        return None;
    }
    let mut raws = tokenize(value).ok()?;
    if raws.len() != 1 || !raws[0].scheme.eq_ignore_ascii_case("digest") {
        return None;
    }
    Some(std::mem::take(&mut raws[0].params))
}

/// Recomputes the `response` a client should have sent with these `Authorization` parameters,
/// for a server (such as the mock) verifying it. `username` is the account the server expects;
/// `None` when the header names another (in clear or, with `userhash=true`, hashed).
pub fn expected_response(
    params: &[(String, String)],
    username: &str,
    password: &str,
    method: &str,
    body: &[u8],
) -> Option<String> {
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(k))
            .map(|(_, v)| v.as_str())
    };
    let algorithm = Algorithm::parse(get("algorithm").unwrap_or("MD5"))?;
    let qop = match get("qop") {
        None => Qop::Legacy,
        Some(q) if q.eq_ignore_ascii_case("auth") => Qop::Auth,
        Some(q) if q.eq_ignore_ascii_case("auth-int") => Qop::AuthInt,
        Some(_) => return None,
    };
    let realm = get("realm")?;
    let userhash = get("userhash").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let sent_user = if userhash {
        algorithm.hash(format!("{username}:{realm}").as_bytes())
    } else {
        username.to_owned()
    };
    if get("username")? != sent_user {
        return None;
    }
    let challenge = Challenge {
        realm: realm.to_owned(),
        nonce: get("nonce")?.to_owned(),
        opaque: None,
        algorithm,
        qop,
        stale: false,
        userhash: false,
    };
    let nc = match qop {
        Qop::Legacy => 0,
        _ => u32::from_str_radix(get("nc")?, 16).ok()?,
    };
    // Computed, not read back from an answer's text: a nonce or realm may itself hold
    // `response="`.
    Some(challenge.response(
        username,
        password,
        method,
        get("uri")?,
        body,
        &format!("{nc:08x}"),
        get("cnonce").unwrap_or(""),
    ))
}

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Splits `Scheme a=b, c="d", Other e=f` into challenges (RFC 9110 §11.6.1). Every step consumes
/// at least one byte, so any input ends.
fn tokenize(value: &str) -> Result<Vec<RawChallenge>, ChallengeError> {
    let b = value.as_bytes();
    let mut i = 0;
    let mut out: Vec<RawChallenge> = Vec::new();
    let malformed = |problem: &str| ChallengeError::Malformed {
        problem: problem.to_owned(),
    };
    while i < b.len() {
        if b[i] == b' ' || b[i] == b'\t' || b[i] == b',' {
            i += 1;
            continue;
        }
        if !is_tchar(b[i]) {
            return Err(malformed(&format!("unexpected character at byte {i}")));
        }
        let start = i;
        while i < b.len() && is_tchar(b[i]) {
            i += 1;
        }
        let name = &value[start..i];
        let mut j = i;
        while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
            j += 1;
        }
        let is_param = j < b.len() && b[j] == b'=' && !out.is_empty();
        if !is_param {
            out.push(RawChallenge {
                scheme: name.to_owned(),
                params: Vec::new(),
            });
            continue;
        }
        i = j + 1;
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        let val = if i < b.len() && b[i] == b'"' {
            i += 1;
            let mut v = String::new();
            let mut closed = false;
            while i < b.len() {
                match b[i] {
                    b'"' => {
                        closed = true;
                        i += 1;
                        break;
                    }
                    b'\\' if i + 1 < b.len() => {
                        // `i` stays on char boundaries: quoted text may hold UTF-8.
                        let ch = value[i + 1..].chars().next().unwrap_or('\\');
                        v.push(ch);
                        i += 1 + ch.len_utf8();
                    }
                    _ => {
                        let ch = value[i..].chars().next().unwrap_or('?');
                        v.push(ch);
                        i += ch.len_utf8();
                    }
                }
            }
            if !closed {
                return Err(malformed(&format!(
                    "parameter `{}` has an unterminated quoted string",
                    short(name)
                )));
            }
            v
        } else {
            let vs = i;
            while i < b.len() && (is_tchar(b[i]) || b[i] == b'/' || b[i] == b'=') {
                i += 1;
            }
            value[vs..i].to_owned()
        };
        let current = out.last_mut().expect("a parameter follows a scheme");
        if current.params.len() >= 32 {
            return Err(malformed("more than 32 parameters"));
        }
        if !current
            .params
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case(name))
        {
            current.params.push((name.to_owned(), val));
        }
    }
    Ok(out)
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_strongest_digest_among_schemes() {
        let c = Challenge::parse([
            r#"Basic realm="x", Digest realm="r", nonce="n1", algorithm=MD5, qop="auth""#,
            r#"Digest realm="r", nonce="n2", algorithm=SHA-256, qop="auth,auth-int", opaque="o", stale=TRUE"#,
        ])
        .unwrap();
        assert_eq!(c.algorithm, Algorithm::Sha256);
        assert_eq!(c.nonce, "n2");
        assert_eq!(c.opaque.as_deref(), Some("o"));
        assert!(c.stale);
        assert_eq!(c.qop, Qop::Auth);
    }

    #[test]
    fn names_what_is_wrong() {
        let e = Challenge::parse([r#"Digest realm="r", algorithm=SHA-512-256, nonce="n""#])
            .unwrap_err();
        assert!(e.to_string().contains("SHA-512-256"), "{e}");
        let e = Challenge::parse([r#"Digest realm="r""#]).unwrap_err();
        assert_eq!(e, ChallengeError::Missing { param: "nonce" });
        let e = Challenge::parse([r#"Bearer realm="r""#]).unwrap_err();
        assert!(e.to_string().contains("Bearer"), "{e}");
        let e = Challenge::parse([r#"Digest realm="r, nonce=x"#]).unwrap_err();
        assert!(matches!(e, ChallengeError::Malformed { .. }), "{e}");
        let e = Challenge::parse([r#"Digest nonce="n", algorithm=MD5-sess"#]).unwrap_err();
        assert!(e.to_string().contains("MD5-sess needs a qop"), "{e}");
        let e = Challenge::parse([r#"Digest nonce="n", qop="auth-conf""#]).unwrap_err();
        assert!(e.to_string().contains("auth-conf"), "{e}");
    }

    #[test]
    fn escapes_and_userhash() {
        let c = Challenge::parse([r#"Digest realm="a \"b\"", nonce="n", qop=auth, userhash=true"#])
            .unwrap();
        assert_eq!(c.realm, "a \"b\"");
        let h = c.authorization("u", "p", "GET", "/x", b"", 1, "c");
        assert!(h.contains(r#"realm="a \"b\"""#), "{h}");
        assert!(h.contains("userhash=true"));
        assert!(!h.contains("username=\"u\""));
    }

    #[test]
    fn legacy_and_session_algorithms_verify() {
        for header in [
            r#"Digest realm="r", nonce="n""#,
            r#"Digest realm="r", nonce="n", algorithm=SHA-256"#,
            r#"Digest realm="r", nonce="n", qop="auth", algorithm=MD5-sess"#,
            r#"Digest realm="r", nonce="n", qop="auth-int", algorithm=SHA-256-sess"#,
        ] {
            let c = Challenge::parse([header]).unwrap();
            let auth = c.authorization("user", "pw", "POST", "/a?b=c", b"{}", 7, "cn");
            let params = parse_authorization(&auth).unwrap();
            let sent = params
                .iter()
                .find(|(k, _)| k == "response")
                .unwrap()
                .1
                .clone();
            assert_eq!(
                expected_response(&params, "user", "pw", "POST", b"{}"),
                Some(sent.clone())
            );
            assert_ne!(
                expected_response(&params, "user", "wrong", "POST", b"{}"),
                Some(sent)
            );
        }
    }
}
