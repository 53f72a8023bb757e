"""The asyncio client: the same core state machine, awaited I/O and ``asyncio.sleep``."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Dict, AsyncIterator, Mapping, Optional, Sequence, Tuple

from . import _core, _groups, _names
from ._auth import Auth, from_env
from ._client import DEFAULT_BASE_URL, _config, _feed, _now_and_random, _options, _session, _start, _wait_until
from ._options import ResponseMetadata, Result, RetryArg, WaitArg, WaitOptions, log_events
from ._tokens import TokenCacheArg, TokenKeeper, TokenMethods
from ._transport import AsyncTransport, adapt_async


class AsyncClient(_groups.AsyncFacade, TokenMethods):
    """``Client`` for asyncio: ``await client.call(...)``, ``async for item in client.paginate(...)``.

    ``transport`` is an ``httpx.AsyncClient``, any object with an async ``send``, or a sync
    transport (run in worker threads); the default is httpx when installed, else urllib.
    """

    def __init__(
        self,
        auth: Optional[Auth] = None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        user_agent: Optional[str] = None,
        version_pin: Optional[str] = None,
        strict: bool = False,
        retry: RetryArg = None,
        timeout: Optional[float] = 60.0,
        headers: Optional[Mapping[str, str]] = None,
        transport: Any = None,
        version: Optional[str] = None,
        max_attempts: Optional[int] = None,
        max_retry_after: Optional[float] = None,
        default_org_id: Optional[str] = None,
        default_group_id: Optional[str] = None,
        token_cache: TokenCacheArg = None,
    ) -> None:
        if auth is None:
            auth = from_env()
        self.config = _config(base_url, user_agent, version_pin, version, strict, retry, timeout, headers,
                              max_attempts, max_retry_after, default_org_id, default_group_id)
        self._session = _session(auth, self.config)
        self._transport: AsyncTransport = adapt_async(transport)
        self._base_url = base_url.rstrip("/")
        self._auth_repr = repr(auth)
        import asyncio  # here, not at the top: `import atlas_admin` should not pay for asyncio

        self._sleep: Any = asyncio.sleep
        self._clock = getattr(transport, "now", time.time)
        host_sleep = getattr(transport, "sleep", None)
        if host_sleep is not None:  # simulated time (atlas_admin.testing.MockAtlas)
            async def sleep(seconds: float) -> None:
                host_sleep(seconds)

            self._sleep = sleep
        self._tokens = TokenKeeper(self._session, token_cache, self._clock())

    async def _drive(self, call: "_core.Call") -> Tuple[str, Any]:
        while True:
            try:
                kind, value = call.next(*_now_and_random(self._clock))
            finally:
                events = call.take_events()
                log_events(events)
                self._tokens.after(events)
            if kind == "send":
                try:
                    sent: Any = await self._transport.send(value.method, value.url, value.headers, value.body, call.timeout)
                except OSError as e:
                    sent = e
                _feed(call, sent)
            elif kind == "wait":
                await self._sleep(value)
            else:
                return kind, value

    async def call(self, operation_id: str, /, *, body: Any = None, version: Optional[str] = None,
                   format: Optional[str] = None, strict: Optional[bool] = None,
                   headers: Optional[Mapping[str, str]] = None, retry: RetryArg = None,
                   timeout: Optional[float] = None, retry_non_idempotent: bool = False,
                   return_metadata: bool = False, wait: WaitArg = None, **params: Any) -> Any:
        """``Client.call``, awaited (``wait=True`` awaits the work it started too)."""
        op = _names.operation_id(operation_id)
        options = _options(version, format, strict, headers, retry, timeout, retry_non_idempotent)
        call = _start(self._session, op, _names.wire_params(op, params), body, options, wait=wait)
        data = (await self._drive(call))[1]
        return Result(data, ResponseMetadata._of(call.metadata())) if return_metadata else data

    async def wait(self, operation_id: str, /, *, path: Optional[str] = None, values: Sequence[str] = (),
                   failed: Sequence[str] = (), gone: bool = False, wait: Optional[WaitOptions] = None,
                   **params: Any) -> Any:
        """``Client.wait``, awaited."""
        call = _wait_until(self._session, operation_id, params, path, values, failed, gone, wait)
        return (await self._drive(call))[1]

    async def _call_op(self, op: str, params: Any, body: Any, version: Optional[str], wait: WaitArg = None) -> Any:
        return (await self._drive(_start(self._session, op, params, body, _options(version), wait=wait)))[1]

    async def _paginate(self, operation_id: str, /, *, version: Optional[str] = None,
                        format: Optional[str] = None, strict: Optional[bool] = None,
                        headers: Optional[Mapping[str, str]] = None, retry: RetryArg = None,
                        timeout: Optional[float] = None, **params: Any) -> AsyncIterator[Any]:
        """Every item of a list operation (``async for``), typed per operation in the stubs."""
        op = _names.operation_id(operation_id)
        options = _options(version, format, strict, headers, retry, timeout)
        call = _start(self._session, op, _names.wire_params(op, params), None, options, paged=True)
        while True:
            kind, value = await self._drive(call)
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
