"""Credentials. They only hold the secrets (handed to the core as its ``Credentials`` JSON); the
core does the Digest and OAuth work."""

from __future__ import annotations

import os
from typing import Any, Dict, Mapping, Optional, Union

from . import _core


class DigestAuth:
    """A programmatic API key pair, answered with HTTP Digest."""

    __slots__ = ("public_key", "_private_key")

    def __init__(self, public_key: str, private_key: str) -> None:
        self.public_key = public_key
        self._private_key = private_key

    def _as_core(self) -> Dict[str, Any]:
        return {"apiKey": {"publicKey": self.public_key, "privateKey": self._private_key}}

    def __repr__(self) -> str:
        return f"DigestAuth(public_key={self.public_key!r}, private_key=<redacted>)"


class ServiceAccount:
    """A service account: OAuth 2 client credentials exchanged for short-lived tokens."""

    __slots__ = ("client_id", "_client_secret")

    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self._client_secret = client_secret

    def _as_core(self) -> Dict[str, Any]:
        return {"serviceAccount": {"clientId": self.client_id, "clientSecret": self._client_secret}}

    def __repr__(self) -> str:
        return f"ServiceAccount(client_id={self.client_id!r}, client_secret=<redacted>)"


class BearerToken:
    """An access token already held, sent as ``Authorization: Bearer``."""

    __slots__ = ("_token",)

    def __init__(self, token: str) -> None:
        self._token = token

    def _as_core(self) -> Dict[str, Any]:
        return {"bearer": self._token}

    def __repr__(self) -> str:
        return "BearerToken(<redacted>)"


class Anonymous:
    """No credentials at all, chosen explicitly (a server or an operation that needs none).
    Without it, a client that finds no credentials refuses every call that needs them."""

    __slots__ = ()

    def _as_core(self) -> str:
        return "none"

    def __repr__(self) -> str:
        return "Anonymous()"


Auth = Union[DigestAuth, ServiceAccount, BearerToken, Anonymous]


def from_env(environ: Optional[Mapping[str, str]] = None) -> Optional[Auth]:
    """Credentials from ``MONGODB_ATLAS_CLIENT_ID``/``MONGODB_ATLAS_CLIENT_SECRET`` or
    ``MONGODB_ATLAS_PUBLIC_API_KEY``/``MONGODB_ATLAS_PRIVATE_API_KEY`` (the Atlas CLI's names; also
    read as ``MONGODB_ATLAS_PUBLIC_KEY``/``MONGODB_ATLAS_PRIVATE_KEY``); None when neither is set.
    Half a pair, or both pairs, raises ``BuildError`` naming the variables."""
    env = os.environ if environ is None else environ
    wanted = {k: v for k, v in env.items() if k.startswith("MONGODB_ATLAS_")}
    found = _core.auth_from_env(wanted)
    if found is None:
        return None
    if found[0] == "digest":
        return DigestAuth(found[1], found[2])
    if found[0] == "sa":
        return ServiceAccount(found[1], found[2])
    return BearerToken(found[1])
