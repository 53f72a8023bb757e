"""Authentication on the wire: Digest against httpbin over the default (urllib) transport, and the
service-account flow against a small local token server."""

from __future__ import annotations

import base64
import json
from typing import Any, Callable, Dict, Iterator, List

import pytest

import atlas_admin
from conftest import serve_wsgi


class CountingUrllib(atlas_admin.UrllibTransport):
    def __init__(self) -> None:
        super().__init__()
        self.statuses: List[int] = []

    def send(self, *args: Any) -> atlas_admin.Response:
        r = super().send(*args)
        self.statuses.append(r.status)
        return r


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256"])
def test_digest_against_httpbin(httpbin_url: str, algorithm: str) -> None:
    t = CountingUrllib()
    with atlas_admin.Client(atlas_admin.DigestAuth("user", "passwd"), base_url=httpbin_url, transport=t) as c:
        path = f"/digest-auth/auth/user/passwd/{algorithm}"
        assert c.request("GET", path) == {"authenticated": True, "user": "user"}
        assert t.statuses == [401, 200]
        # The nonce is reused: a warm client needs one round trip per call.
        assert c.request("GET", path) == {"authenticated": True, "user": "user"}
        assert t.statuses == [401, 200, 200]


def test_digest_with_the_default_transport(httpbin_url: str) -> None:
    with atlas_admin.Client(atlas_admin.DigestAuth("user", "passwd"), base_url=httpbin_url) as c:
        assert isinstance(c._transport, atlas_admin.UrllibTransport)
        assert c.request("GET", "/digest-auth/auth/user/passwd/MD5")["authenticated"] is True


def test_digest_wrong_key_is_an_auth_error(httpbin_url: str) -> None:
    with atlas_admin.Client(atlas_admin.DigestAuth("user", "WRONG-SECRET"), base_url=httpbin_url) as c:
        with pytest.raises(atlas_admin.AuthError) as info:
            c.request("GET", "/digest-auth/auth/user/passwd/MD5")
    assert info.value.status == 401 and "user" in str(info.value) and "WRONG-SECRET" not in str(info.value)


class TokenServer:
    """Issues a token for one client id/secret, serves a page of projects to that token, revokes."""

    def __init__(self) -> None:
        self.log: List[str] = []
        self.issued = 0
        self.valid: set = set()

    def __call__(self, environ: Dict[str, Any], start: Callable[..., Any]) -> Iterator[bytes]:
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        auth = environ.get("HTTP_AUTHORIZATION", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = environ["wsgi.input"].read(length).decode()
        self.log.append(f"{method} {path}")

        def reply(status: str, body: Any, ctype: str = "application/json") -> Iterator[bytes]:
            start(status, [("Content-Type", ctype)])
            return iter([json.dumps(body).encode()])

        if path == "/api/oauth/token":
            expected = "Basic " + base64.b64encode(b"mdb_sa_id_1:sa-SECRET").decode()
            if method != "POST" or auth != expected or "grant_type=client_credentials" not in form:
                return reply("401 Unauthorized", {"error": "invalid_client"})
            self.issued += 1
            token = f"tok{self.issued}"
            self.valid.add(token)
            return reply("200 OK", {"access_token": token, "token_type": "Bearer", "expires_in": 3600})
        if path == "/api/oauth/revoke":
            self.valid.discard(form.split("token=", 1)[1].split("&", 1)[0])
            return reply("200 OK", {})
        if auth.removeprefix("Bearer ") not in self.valid:
            return reply("401 Unauthorized", {"error": 401, "errorCode": "NOT_AUTHORIZED", "detail": "token expired"})
        return reply("200 OK", {"results": [{"id": "p1"}], "totalCount": 1}, "application/vnd.atlas.2023-01-01+json")


@pytest.fixture
def token_server() -> Iterator[Any]:
    server = TokenServer()
    url, stop = serve_wsgi(server)
    server.url = url  # type: ignore[attr-defined]
    yield server
    stop()


def test_service_account_flow(token_server: Any) -> None:
    auth = atlas_admin.ServiceAccount("mdb_sa_id_1", "sa-SECRET")
    with atlas_admin.Client(auth, base_url=token_server.url) as c:
        assert c.projects.list_groups()["results"] == [{"id": "p1"}]
        assert c.call("listProjects")["totalCount"] == 1
        assert token_server.log == ["POST /api/oauth/token", "GET /api/atlas/v2/groups", "GET /api/atlas/v2/groups"]
        # A token revoked (or expired) server-side is fetched again once, transparently.
        token_server.valid.clear()
        assert c.call("listProjects")["totalCount"] == 1
        assert token_server.issued == 2
        c.revoke_token()
        assert token_server.log[-1] == "POST /api/oauth/revoke" and not token_server.valid


def test_service_account_refused(token_server: Any) -> None:
    with atlas_admin.Client(atlas_admin.ServiceAccount("mdb_sa_id_1", "WRONG-SECRET"), base_url=token_server.url) as c:
        with pytest.raises(atlas_admin.AtlasError) as info:
            c.call("listProjects")
    text = str(info.value)
    assert "mdb_sa_id_1" in text and "invalid_client" in text and "SECRET" not in text
