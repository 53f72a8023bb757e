//! The environment variables read for settings and credentials: ours and the Atlas CLI's, so
//! that a user's existing set-up works as it is. The core never reads the environment itself;
//! the host hands over a lookup (`get`), so it decides where variables come from.

use crate::config::Config;

/// API key: ours, then the Atlas CLI's name for the same.
pub const PUBLIC_KEY: [&str; 2] = ["MONGODB_ATLAS_PUBLIC_KEY", "MONGODB_ATLAS_PUBLIC_API_KEY"];
pub const PRIVATE_KEY: [&str; 2] = ["MONGODB_ATLAS_PRIVATE_KEY", "MONGODB_ATLAS_PRIVATE_API_KEY"];
/// Service account (the same names as the Atlas CLI's).
pub const CLIENT_ID: [&str; 1] = ["MONGODB_ATLAS_CLIENT_ID"];
pub const CLIENT_SECRET: [&str; 1] = ["MONGODB_ATLAS_CLIENT_SECRET"];
/// The base URL (the Atlas CLI's name, from its Ops Manager days).
pub const BASE_URL: &str = "MONGODB_ATLAS_OPS_MANAGER_URL";
/// The organization and project of calls that name none.
pub const ORG_ID: &str = "MONGODB_ATLAS_ORG_ID";
pub const PROJECT_ID: &str = "MONGODB_ATLAS_PROJECT_ID";

/// Where credentials are looked for, for the error that says none were found.
pub const CREDENTIALS_HELP: &str = "pass an API key or a service account, or set \
MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (a service account) or \
MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (an API key; also read as \
MONGODB_ATLAS_PUBLIC_KEY and MONGODB_ATLAS_PRIVATE_KEY); to call without credentials, choose \
no authentication explicitly";

/// The first of `names` set to something other than blanks, trimmed, and which name it was.
pub(crate) fn first_set(
    get: &impl Fn(&str) -> Option<String>,
    names: &[&'static str],
) -> Option<(&'static str, String)> {
    names.iter().find_map(|name| {
        let value = get(name)?;
        let value = value.trim();
        (!value.is_empty()).then(|| (*name, value.to_owned()))
    })
}

impl Config {
    /// These settings, with what the environment adds through `get`: the base URL from
    /// `MONGODB_ATLAS_OPS_MANAGER_URL`, and the default organization and project from
    /// `MONGODB_ATLAS_ORG_ID` and `MONGODB_ATLAS_PROJECT_ID`. Only settings still at their
    /// default are taken from the environment: what the caller set wins.
    pub fn with_env_vars(mut self, get: impl Fn(&str) -> Option<String>) -> Config {
        let default = Config::default();
        if self.base_url == default.base_url {
            if let Some((_, url)) = first_set(&get, &[BASE_URL]) {
                self.base_url = url;
            }
        }
        if self.default_org_id.is_none() {
            self.default_org_id = first_set(&get, &[ORG_ID]).map(|(_, id)| id);
        }
        if self.default_group_id.is_none() {
            self.default_group_id = first_set(&get, &[PROJECT_ID]).map(|(_, id)| id);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_variables_fill_what_the_caller_left_at_its_default() {
        let env = |name: &str| match name {
            BASE_URL => Some("https://cloud-qa.mongodb.com/ ".to_owned()),
            ORG_ID => Some("o1".to_owned()),
            PROJECT_ID => Some("  ".to_owned()),
            _ => None,
        };
        let config = Config::default().with_env_vars(env);
        assert_eq!(config.base_url, "https://cloud-qa.mongodb.com/");
        assert_eq!(config.default_org_id.as_deref(), Some("o1"));
        assert_eq!(config.default_group_id, None, "blank is unset");
        let mine = Config::default()
            .with_base_url("https://mine")
            .with_env_vars(env);
        assert_eq!(mine.base_url, "https://mine");
    }
}
