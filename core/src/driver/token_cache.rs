//! A service account's token kept in a file between processes, so that each process does not
//! mint its own (Atlas lets a service account mint 10 tokens a minute and hold 100). The file
//! holds the token itself: it is created readable by its owner only (0600, in a 0700 directory
//! on Unix), and replaced whole so that a reader never sees half of it. This is I/O, so it lives
//! beside the reference drivers, not in the core; the same rules (one file per base URL and
//! client id, named by [`Session::token_cache_key`]) hold in every binding.
//!
//! ```no_run
//! use atlas_admin::driver::token_cache::FileTokenCache;
//! use atlas_admin::{Config, Credentials, Session};
//! use std::time::SystemTime;
//!
//! let session = Session::new(Config::default(), Credentials::service_account("mdb_sa_id", "secret"));
//! let cache = FileTokenCache::in_user_cache();
//! cache.load(&session, SystemTime::now()); // before the first call
//! // ... calls ...
//! cache.save(&session).ok(); // after a call that fetched a token
//! ```

use crate::auth::SavedToken;
use crate::session::Session;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Tokens in `<directory>/<cache key>.json`.
#[derive(Debug, Clone)]
pub struct FileTokenCache {
    directory: PathBuf,
}

impl FileTokenCache {
    pub fn new(directory: impl Into<PathBuf>) -> FileTokenCache {
        FileTokenCache {
            directory: directory.into(),
        }
    }

    /// `$XDG_CACHE_HOME/atlas-admin/tokens`, else `~/.cache/atlas-admin/tokens` (the directory
    /// every binding's file cache uses by default).
    pub fn in_user_cache() -> FileTokenCache {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
            .unwrap_or_else(std::env::temp_dir);
        FileTokenCache::new(base.join("atlas-admin").join("tokens"))
    }

    fn file(&self, key: &str) -> PathBuf {
        self.directory.join(format!("{key}.json"))
    }

    /// Gives `session` the token kept for its account, if there is one still fresh at `now`;
    /// returns whether it took one. A missing or unreadable file is no token.
    pub fn load(&self, session: &Session, now: SystemTime) -> bool {
        let Some(key) = session.token_cache_key() else {
            return false;
        };
        let Ok(text) = fs::read(self.file(&key)) else {
            return false;
        };
        SavedToken::from_json(&text).is_ok_and(|token| session.import_token(&token, now))
    }

    /// Keeps the token `session` holds, if any, for other processes.
    pub fn save(&self, session: &Session) -> io::Result<()> {
        let (Some(key), Some(token)) = (session.token_cache_key(), session.export_token()) else {
            return Ok(());
        };
        private_dir(&self.directory)?;
        let temp = self
            .directory
            .join(format!(".{key}.{}.tmp", std::process::id()));
        let written = private_file(&temp).and_then(|mut f| f.write_all(token.to_json().as_bytes()));
        match written.and_then(|()| fs::rename(&temp, self.file(&key))) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = fs::remove_file(&temp);
                Err(e)
            }
        }
    }
}

#[cfg(unix)]
fn private_dir(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
}

#[cfg(not(unix))]
fn private_dir(path: &Path) -> io::Result<()> {
    fs::create_dir_all(path)
}

fn private_file(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
