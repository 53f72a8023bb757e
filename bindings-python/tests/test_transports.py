"""Every transport against httpbin on loopback: Digest round trips, redirects handed back rather
than followed (they would carry Authorization elsewhere), timeouts become TransportError."""

from __future__ import annotations

import asyncio
from typing import Any, Callable

import pytest

import atlas_admin

httpx = pytest.importorskip("httpx")
requests = pytest.importorskip("requests")

SYNC: dict[str, Callable[[], Any]] = {
    "urllib": atlas_admin.UrllibTransport,
    "httpx-transport": atlas_admin.HttpxTransport,
    "requests-transport": atlas_admin.RequestsTransport,
    "httpx.Client": lambda: httpx.Client(),
    "requests.Session": lambda: requests.Session(),
}


@pytest.mark.parametrize("kind", SYNC)
def test_sync_transports(httpbin_url: str, kind: str) -> None:
    auth = atlas_admin.DigestAuth("user", "passwd")
    with atlas_admin.Client(auth, base_url=httpbin_url, transport=SYNC[kind](), max_attempts=1, timeout=0.5) as c:
        assert c.request("GET", "/digest-auth/auth/user/passwd/SHA-256") == {"authenticated": True, "user": "user"}
        with pytest.raises(atlas_admin.ApiError) as info:
            c.request("GET", "/redirect-to?url=http%3A%2F%2F127.0.0.1%3A9%2F&status_code=302")
        assert info.value.status == 302
        with pytest.raises(atlas_admin.TransportError) as timeout:
            c.request("GET", "/delay/3")
        assert timeout.value.attempts == 1


@pytest.mark.parametrize("kind", ["httpx.AsyncClient", "AsyncHttpxTransport", "threaded urllib"])
def test_async_transports(httpbin_url: str, kind: str) -> None:
    async def main() -> Any:
        transport = {
            "httpx.AsyncClient": lambda: httpx.AsyncClient(),
            "AsyncHttpxTransport": atlas_admin.AsyncHttpxTransport,
            "threaded urllib": atlas_admin.UrllibTransport,
        }[kind]()
        async with atlas_admin.AsyncClient(atlas_admin.DigestAuth("user", "passwd"), base_url=httpbin_url, transport=transport) as c:
            return await c.request("GET", "/digest-auth/auth/user/passwd/MD5")

    assert asyncio.run(main()) == {"authenticated": True, "user": "user"}


def test_not_a_transport() -> None:
    with pytest.raises(TypeError):
        atlas_admin.Client(atlas_admin.BearerToken("t"), transport=object())
