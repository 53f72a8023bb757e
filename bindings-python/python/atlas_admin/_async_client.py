"""The asyncio client: the same core state machine, awaited I/O and ``asyncio.sleep``."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Dict, AsyncIterator, Optional, Tuple

from . import _groups, _names
from ._warnings import _emit
from ._auth import Auth, from_env
from ._client import DEFAULT_BASE_URL, _now_and_random, _session
from ._transport import AsyncTransport, TransportFailure, adapt_async


class AsyncClient(_groups.AsyncFacade):
    """``Client`` for asyncio: ``await client.call(...)``, ``async for item in client.paginate(...)``.

    ``transport`` is an ``httpx.AsyncClient``, any object with an async ``send``, or a sync
    transport (run in worker threads); the default is httpx when installed, else urllib.
    """

    def __init__(
        self,
        auth: Optional[Auth] = None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        version: Optional[str] = None,
        transport: Any = None,
        timeout: float = 60.0,
        max_attempts: Optional[int] = None,
        max_retry_after: Optional[float] = None,
        user_agent: Optional[str] = None,
    ) -> None:
        if auth is None:
            auth = from_env()
        self._session = _session(auth, base_url, version, user_agent, max_attempts, max_retry_after)
        self._transport: AsyncTransport = adapt_async(transport)
        self._timeout = timeout
        self._base_url = base_url.rstrip("/")
        self._auth_repr = repr(auth)
        import asyncio  # here, not at the top: `import atlas_admin` should not pay for asyncio

        self._sleep = asyncio.sleep

    async def _drive(self, step: Any) -> Tuple[str, Any]:
        while True:
            kind, value = step.next(*_now_and_random())
            if kind == "send":
                try:
                    r = await self._transport.send(value.method, value.url, value.headers, value.body, self._timeout)
                except OSError as e:
                    # TransportFailure from our transports; any OSError (refused, reset, timed
                    # out) from a caller's own transport is the same thing: no answer came back.
                    step.feed_transport_error(str(e) if isinstance(e, TransportFailure) else f"{type(e).__name__}: {e}")
                else:
                    step.feed_response(r.status, r.headers, r.body)
            elif kind == "wait":
                await self._sleep(value)
            else:
                return kind, value

    async def call(self, operation_id: str, /, *, body: Any = None, version: Optional[str] = None,
                   retry_non_idempotent: bool = False, **params: Any) -> Any:
        op = _names.operation_id(operation_id)
        call = self._session.call(op, _names.wire_params(op, params), body, version, retry_non_idempotent)
        _emit(call.warnings(time.time()))
        return (await self._drive(call))[1]

    async def _call_op(self, op: str, params: Any, body: Any, version: Optional[str]) -> Any:
        call = self._session.call(op, params, body, version)
        _emit(call.warnings(time.time()))
        return (await self._drive(call))[1]

    async def _paginate(self, operation_id: str, /, *, version: Optional[str] = None, **params: Any) -> AsyncIterator[Any]:
        """Every item of a list operation (``async for``), typed per operation in the stubs."""
        op = _names.operation_id(operation_id)
        pager = self._session.pages(op, _names.wire_params(op, params), version)
        _emit(pager.warnings(time.time()))
        while True:
            kind, value = await self._drive(pager)
            if kind != "items":
                return
            for item in value:
                yield item

    if not TYPE_CHECKING:  # the stubs of `_groups.AsyncFacade` type it per operation
        paginate = _paginate

    async def request(self, method: str, url: str, *, body: Optional[bytes] = None,
                headers: Optional[Dict[str, str]] = None) -> Any:
        """Sends a request outside the spec (``url`` absolute, or a path under ``base_url``)
        with this client's auth and retries; the reply is read by its content type."""
        full = url if "://" in url else self._base_url + url
        call = self._session.call_raw(method.upper(), full, list((headers or {}).items()), body)
        return (await self._drive(call))[1]

    async def revoke_token(self) -> None:
        await self._drive(self._session.revoke_token())

    async def aclose(self) -> None:
        await self._transport.aclose()

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<atlas_admin.AsyncClient base_url={self._base_url!r} auth={self._auth_repr}>"
