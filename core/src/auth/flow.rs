//! What credentials do to one request and to the server's refusals: the only place that knows
//! the difference between Digest, OAuth and a plain bearer token. The call machine asks two
//! questions: how do I send this ([`Authenticator::authorize`]), and what does this 401 mean
//! ([`Authenticator::on_unauthorized`]).

use super::digest::Challenge;
use super::{oauth, AuthError, AuthState, Credentials, DigestNonce, HeldToken, Secret};
use crate::api_error::ApiError;
use http::header::{HeaderValue, AUTHORIZATION, WWW_AUTHENTICATE};
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

/// Stale-nonce re-challenges answered within one call; a server that keeps calling every nonce
/// stale would otherwise loop forever.
const MAX_STALE: u32 = 3;

/// How to go on with a request.
pub(crate) enum Authorize {
    /// The request carries its credentials (or needs none); `bearer` is the token it carries,
    /// so a 401 can drop exactly that one.
    Send { bearer: Option<Secret> },
    /// A service-account token must be fetched first: send this, then feed the answer to
    /// [`Authenticator::on_token`].
    FetchToken(Box<http::Request<Vec<u8>>>),
}

/// What a 401 means.
pub(crate) enum Unauthorized {
    /// Answer it: send the request again (a fresh challenge, a stale nonce, an expired token).
    Resend,
    /// The credentials were refused.
    Fail(AuthError),
    /// Not an authentication matter for these credentials (none were sent).
    NotMine,
}

/// What one call has already answered, so that a refusal is not answered forever.
#[derive(Debug, Default)]
pub(crate) struct Tries {
    challenge_answered: bool,
    stale_answered: u32,
    token_refreshed: bool,
}

/// A session's credentials and the state its calls share.
pub(crate) struct Authenticator<'a> {
    pub credentials: &'a Credentials,
    pub state: &'a Mutex<AuthState>,
    pub base_url: &'a str,
    pub user_agent: &'a str,
}

impl Authenticator<'_> {
    fn state(&self) -> MutexGuard<'_, AuthState> {
        // A panic elsewhere while holding the lock leaves plain data behind; keep using it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Puts credentials on `req`, or says a token must be fetched first.
    pub fn authorize(
        &self,
        req: &mut http::Request<Vec<u8>>,
        now: SystemTime,
        random: u64,
    ) -> Result<Authorize, AuthError> {
        let bearer = match self.credentials {
            Credentials::None => None,
            Credentials::Missing => return Err(AuthError::NoCredentials),
            Credentials::Bearer(token) => Some(token.clone()),
            Credentials::ServiceAccount {
                client_id,
                client_secret,
            } => match self.state().token.clone().filter(|t| t.is_fresh(now)) {
                Some(t) => Some(t.token),
                None => {
                    let fetch = oauth::token_request(
                        self.base_url,
                        self.user_agent,
                        client_id,
                        client_secret,
                    )
                    .map_err(|problem| AuthError::Unsendable { problem })?;
                    return Ok(Authorize::FetchToken(Box::new(fetch)));
                }
            },
            Credentials::ApiKey {
                public_key,
                private_key,
            } => {
                self.sign_digest(req, public_key, private_key, random)?;
                None
            }
        };
        if let Some(token) = &bearer {
            set_authorization(
                req,
                &format!("Bearer {}", token.expose()),
                "the bearer token",
            )?;
        }
        Ok(Authorize::Send { bearer })
    }

    /// Answers the Digest challenge held, if any; the first request of a session goes unsigned
    /// to learn it.
    fn sign_digest(
        &self,
        req: &mut http::Request<Vec<u8>>,
        public_key: &str,
        private_key: &Secret,
        random: u64,
    ) -> Result<(), AuthError> {
        let mut state = self.state();
        let Some(d) = state.digest.as_mut() else {
            return Ok(());
        };
        d.nc = d.nc.wrapping_add(1).max(1);
        let cnonce = if d.challenge.algorithm.is_session() {
            d.session_cnonce
                .get_or_insert_with(|| hex64(random))
                .clone()
        } else {
            hex64(random)
        };
        let uri = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let value = d.challenge.authorization(
            public_key,
            private_key.expose(),
            req.method().as_str(),
            uri,
            req.body(),
            d.nc,
            &cnonce,
        );
        drop(state);
        set_authorization(req, &value, "the public key")
    }

    /// Keeps the token a token endpoint answered with (`asked_at` is when it was asked for, so
    /// its lifetime counts from then). A 2xx that is not a token, or a refusal, is an error.
    pub fn on_token(
        &self,
        asked_at: SystemTime,
        status: u16,
        body: &[u8],
    ) -> Result<std::time::Duration, AuthError> {
        let token =
            oauth::parse_token_response(status, body).map_err(|error| AuthError::Token {
                client_id: self.client_id(),
                error,
            })?;
        let expires_at = asked_at.checked_add(token.expires_in).unwrap_or(asked_at);
        self.state().token = Some(HeldToken {
            token: token.access_token,
            expires_at,
            lifetime: token.expires_in,
        });
        Ok(token.expires_in)
    }

    pub fn client_id(&self) -> String {
        match self.credentials {
            Credentials::ServiceAccount { client_id, .. } => client_id.clone(),
            _ => String::new(),
        }
    }

    /// What a 401 to a request sent with `bearer` means; `error` is the reply read as an API
    /// error, for the refusal.
    pub fn on_unauthorized(
        &self,
        tries: &mut Tries,
        bearer: Option<&Secret>,
        response: &http::Response<Vec<u8>>,
        error: ApiError,
    ) -> Unauthorized {
        match self.credentials {
            Credentials::ApiKey { public_key, .. } => {
                self.on_digest_refusal(tries, public_key, response, error)
            }
            Credentials::ServiceAccount { .. } => {
                // Whatever the 401 says of it, the token is no good: expired, revoked (by
                // another process, or still in a cache after `revoke_token`), or minted for
                // another server. One fresh token answers all of these; a second 401 is the
                // account's.
                if !tries.token_refreshed {
                    tries.token_refreshed = true;
                    let mut state = self.state();
                    // Another call may already have replaced the token; only drop the one we sent.
                    if state.token.as_ref().map(|t| &t.token) == bearer {
                        state.token = None;
                    }
                    return Unauthorized::Resend;
                }
                Unauthorized::Fail(AuthError::TokenRefused {
                    error: Box::new(error),
                })
            }
            Credentials::Bearer(_) => Unauthorized::Fail(AuthError::TokenRefused {
                error: Box::new(error),
            }),
            Credentials::None | Credentials::Missing => Unauthorized::NotMine,
        }
    }

    fn on_digest_refusal(
        &self,
        tries: &mut Tries,
        public_key: &str,
        response: &http::Response<Vec<u8>>,
        error: ApiError,
    ) -> Unauthorized {
        let values: Vec<&str> = response
            .headers()
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        if values.is_empty() {
            // Atlas always challenges an unsigned or wrongly signed request; a bare 401 comes
            // from something else at that address.
            return Unauthorized::Fail(AuthError::NoChallenge {
                public_key: public_key.to_owned(),
                error: Box::new(error),
            });
        }
        let challenge = match Challenge::parse(values) {
            Ok(c) => c,
            Err(e) => return Unauthorized::Fail(AuthError::Challenge(e)),
        };
        if challenge.stale && tries.stale_answered < MAX_STALE {
            // Right keys, old nonce: answer again without counting it as a refusal.
            tries.stale_answered += 1;
        } else if tries.challenge_answered {
            return Unauthorized::Fail(AuthError::KeysRefused {
                public_key: public_key.to_owned(),
                error: Box::new(error),
            });
        } else {
            tries.challenge_answered = true;
        }
        let mut state = self.state();
        // Calls racing the first challenge all receive the same nonce: keep its count going,
        // or two of them would sign with the same `nc` and one be a replay.
        let same_nonce = state
            .digest
            .as_ref()
            .is_some_and(|d| d.challenge.nonce == challenge.nonce && !challenge.stale);
        if !same_nonce {
            state.digest = Some(DigestNonce {
                challenge,
                nc: 0,
                session_cnonce: None,
            });
        }
        Unauthorized::Resend
    }

    /// The request revoking the token held (`None` when there is nothing to revoke).
    pub fn revoke_request(&self) -> Result<Option<http::Request<Vec<u8>>>, AuthError> {
        let Credentials::ServiceAccount {
            client_id,
            client_secret,
        } = self.credentials
        else {
            return Ok(None);
        };
        let Some(held) = self.state().token.clone() else {
            return Ok(None);
        };
        oauth::revoke_request(
            self.base_url,
            self.user_agent,
            client_id,
            client_secret,
            &held.token,
        )
        .map(Some)
        .map_err(|problem| AuthError::Unsendable { problem })
    }

    /// After a successful revocation.
    pub fn forget_token(&self) {
        self.state().token = None;
    }
}

fn hex64(x: u64) -> String {
    format!("{x:016x}")
}

/// Puts a credential in `Authorization`, marked sensitive so HTTP stacks keep it out of logs.
fn set_authorization(
    req: &mut http::Request<Vec<u8>>,
    value: &str,
    what: &str,
) -> Result<(), AuthError> {
    let mut v = HeaderValue::from_str(value).map_err(|_| AuthError::Unsendable {
        problem: format!("{what} holds characters a header cannot carry"),
    })?;
    v.set_sensitive(true);
    req.headers_mut().insert(AUTHORIZATION, v);
    Ok(())
}
