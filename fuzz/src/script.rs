//! The call machine target's input: which call, made with which credentials, and the replies
//! the host gets for it.
//!
//! ```text
//! digest post            <- credentials and call, the first line
//! 401                    <- the reply to the first Send (see `wire::reply`)
//! www-authenticate: Digest realm="r", nonce="n", qop="auth"
//!
//! ~~~                    <- `wire::REPLY_SEPARATOR`
//! !reset                 <- no answer to the second Send (`wire::TRANSPORT_ERROR`)
//! ```
//!
//! Replies past the last are transport errors: every call must end once the network is gone.

use crate::wire;
use atlas_admin::{Call, Config, Credentials, Session, WaitGoal, WaitOptions};
use serde_json::json;

/// Secrets no event, error or header may show in clear (the bearer token is sent as is, so
/// only events and errors are checked for it).
pub const PRIVATE_KEY: &str = "private-key-5f1e0a";
pub const CLIENT_SECRET: &str = "client-secret-9c3a7b";
pub const BEARER_TOKEN: &str = "bearer-token-77d2c4";

/// How the session authenticates.
pub const CREDENTIALS: &[&str] = &["none", "digest", "oauth", "bearer"];

/// Which call: a GET, a POST (never resent without consent), a list collected with a cap,
/// a walk through pages, and a wait for a state.
pub const CALLS: &[&str] = &["get", "post", "collect", "pages", "wait"];

/// The most items a `collect` call may return.
pub const COLLECT_CAP: usize = 10;

/// The path a `post` call sends to (createProject).
pub const POST_PATH: &str = "/api/atlas/v2/groups";

/// One script, read from fuzz input.
pub struct Script<'a> {
    pub credentials: &'a str,
    pub call: &'a str,
    replies: &'a [u8],
    /// Which of `SECRETS` the replies hold, found once: searching on every check was most of
    /// the target's time (each byte compare is traced by the instrumentation).
    mentioned: [bool; 3],
}

/// The secrets `mentions` knows.
const SECRETS: [&str; 3] = [PRIVATE_KEY, CLIENT_SECRET, BEARER_TOKEN];

impl<'a> Script<'a> {
    /// `None` when the first line is not one of [`CREDENTIALS`], a space, one of [`CALLS`].
    pub fn read(data: &'a [u8]) -> Option<Script<'a>> {
        let end = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
        let line = std::str::from_utf8(&data[..end]).ok()?;
        let (credentials, call) = line.split_once(' ')?;
        let credentials = CREDENTIALS.iter().find(|c| **c == credentials)?;
        let call = CALLS.iter().find(|c| **c == call)?;
        let replies = data.get(end + 1..).unwrap_or_default();
        // The secrets are ASCII, so replacing invalid UTF-8 neither hides nor makes a match.
        let text = String::from_utf8_lossy(replies);
        Some(Script {
            credentials,
            call,
            replies,
            mentioned: SECRETS.map(|secret| text.contains(secret)),
        })
    }

    /// Whether the script itself holds `secret` (then the server sent it, and it may show).
    /// Only the secrets above are known; any other is reported as mentioned.
    pub fn mentions(&self, secret: &str) -> bool {
        SECRETS
            .iter()
            .position(|s| *s == secret)
            .map_or(true, |i| self.mentioned[i])
    }

    /// The replies, each `Ok(response)` or `Err(())` for a transport error.
    pub fn replies(&self) -> impl Iterator<Item = Result<http::Response<Vec<u8>>, ()>> + 'a {
        let replies = self.replies;
        // No bytes after the first line is no reply at all, not one empty reply.
        let count = if replies.is_empty() { 0 } else { usize::MAX };
        wire::split_replies(replies).take(count).map(|r| match r {
            wire::TRANSPORT_ERROR => Err(()),
            r => Ok(wire::reply(r)),
        })
    }

    pub fn session(&self) -> Session {
        let credentials = match self.credentials {
            "digest" => Credentials::api_key("public-key", PRIVATE_KEY),
            "oauth" => Credentials::service_account("client-id", CLIENT_SECRET),
            "bearer" => Credentials::bearer(BEARER_TOKEN),
            _ => Credentials::None,
        };
        Session::new(Config::default(), credentials)
    }

    pub fn start(&self, session: &Session) -> Call {
        let group = json!({"groupId": "32b6e34b3d91647abb20e7b8"});
        match self.call {
            "post" => session.call(
                "createProject",
                &json!({}),
                Some(&json!({"name": "p", "orgId": "5f4e3d2c1b0a99887766aabb"})),
            ),
            "collect" => {
                session.collect_all("listProjects", &json!({"itemsPerPage": 2}), COLLECT_CAP)
            }
            "pages" => session.pages("listGroupClusters", &group),
            "wait" => session.wait_until(
                "getGroupCluster",
                &json!({"groupId": "32b6e34b3d91647abb20e7b8", "clusterName": "c"}),
                WaitGoal::State {
                    path: "stateName".into(),
                    done: vec!["IDLE".into()],
                    failed: vec!["FAILED".into()],
                },
                &WaitOptions::default(),
            ),
            _ => session.call("listProjects", &json!({}), None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_names_credentials_and_call() {
        let script = Script::read(b"digest post\n200\n\n{}").expect("a script");
        assert_eq!((script.credentials, script.call), ("digest", "post"));
        assert_eq!(script.replies().count(), 1);
        assert!(Script::read(b"digest\n").is_none());
        assert!(Script::read(b"digest post now\n").is_none());
        assert_eq!(
            Script::read(b"none get")
                .expect("a script")
                .replies()
                .count(),
            0
        );
    }
}
