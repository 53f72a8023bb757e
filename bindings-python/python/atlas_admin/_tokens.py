"""Service-account tokens shared between processes: Atlas lets a service account mint 10 tokens a
minute and hold 100 at once, so scripts that each mint their own soon meet its limits. The core
exports and imports a token (with its base URL, client id and expiry); a cache keeps it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Protocol, Union

from . import _core


class TokenCache(Protocol):
    """Where tokens are kept between processes, by the key the client gives (one per base URL and
    client id). ``load`` returns what ``save`` was given, or None."""

    def load(self, key: str) -> Optional[str]: ...

    def save(self, key: str, token: str) -> None: ...


def default_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "atlas-admin" / "tokens"


class FileTokenCache:
    """Tokens in files only their owner may read: ``<directory>/<key>.json``, mode 0600, in a
    directory of mode 0700 (default ``~/.cache/atlas-admin/tokens``). Each file is replaced whole,
    so a reader never sees half a token."""

    def __init__(self, directory: Union[str, "os.PathLike[str]", None] = None) -> None:
        self.directory = Path(directory) if directory is not None else default_directory()

    def load(self, key: str) -> Optional[str]:
        try:
            return (self.directory / f"{key}.json").read_text()
        except OSError:
            return None

    def save(self, key: str, token: str) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")  # created 0600
        try:
            with os.fdopen(fd, "w") as f:
                f.write(token)
            os.replace(temp, self.directory / f"{key}.json")
        except BaseException:
            os.unlink(temp)
            raise

    def __repr__(self) -> str:
        return f"FileTokenCache({str(self.directory)!r})"


TokenCacheArg = Union[TokenCache, bool, None]


class TokenKeeper:
    """A client's side of a cache: the token loaded before its first call, a newly fetched one
    saved. A cache that fails is skipped (a client can always mint its own token)."""

    def __init__(self, session: "_core.Session", cache: TokenCacheArg, now: float) -> None:
        self._session = session
        self._cache: Optional[TokenCache] = FileTokenCache() if cache is True else (cache or None)
        self._key = session.token_cache_key()
        if self._cache is not None and self._key is not None:
            try:
                saved = self._cache.load(self._key)
                if saved:
                    session.import_token(saved.encode(), now)
            except (OSError, ValueError):
                pass

    def after(self, events: List[Dict[str, Any]]) -> None:
        if self._cache is None or self._key is None:
            return
        if any(e.get("event") == "tokenFetched" for e in events):
            token = self._session.export_token()
            if token is not None:
                try:
                    self._cache.save(self._key, token)
                except OSError:
                    pass


class TokenMethods:
    """Token export and import, the same for ``Client`` and ``AsyncClient`` (no I/O in either)."""

    _session: "_core.Session"
    _clock: Any

    def export_token(self) -> Optional[str]:
        """The service-account token this client holds, as text for another process (it holds
        the token: keep it where only its owner reads it); None without one."""
        return self._session.export_token()

    def import_token(self, token: str) -> bool:
        """Uses a token another client exported instead of minting one; only a token of the same
        service account and base URL, still fresh, is taken. Returns whether it was."""
        return self._session.import_token(token.encode(), self._clock())
