"""The synchronous client: the core's Call state machine driven with a blocking transport."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any, Dict, Iterator, Optional, Tuple

from . import _core, _groups, _names
from ._warnings import _emit
from ._auth import Auth, from_env
from ._transport import Transport, TransportFailure, adapt

DEFAULT_BASE_URL = "https://cloud.mongodb.com"


def _session(auth: Optional[Auth], base_url: str, version: Optional[str], user_agent: Optional[str],
             max_attempts: Optional[int], max_retry_after: Optional[float]) -> "_core.Session":
    return _core.Session(
        base_url,
        auth._as_core() if auth is not None else None,
        version,
        user_agent,
        max_attempts,
        max_retry_after,
    )


def _now_and_random() -> Tuple[float, int]:
    # The core takes the clock and randomness from the host so it stays deterministic under test.
    # The OS's CSPRNG, as `secrets` would use, because the number seeds the Digest client nonce.
    return time.time(), int.from_bytes(os.urandom(8), "little")


class Client(_groups.Facade):
    """A client for the Atlas Administration API v2.

    ``auth`` defaults to credentials from ``MONGODB_ATLAS_*`` environment variables. ``version``
    pins a date (each operation uses its newest version not after it). ``transport`` is ours
    (``UrllibTransport``, ``HttpxTransport``, ``RequestsTransport``), any object with
    ``send``/``close``, or an ``httpx.Client``/``requests.Session``; the default is urllib.
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
        self._transport: Transport = adapt(transport)
        self._timeout = timeout
        self._base_url = base_url.rstrip("/")
        self._auth_repr = repr(auth)
        self._sleep = time.sleep

    def _drive(self, step: Any) -> Tuple[str, Any]:
        """Runs the core's state machine until it has a result (or a page of items)."""
        while True:
            kind, value = step.next(*_now_and_random())
            if kind == "send":
                try:
                    r = self._transport.send(value.method, value.url, value.headers, value.body, self._timeout)
                except OSError as e:
                    # TransportFailure from our transports; any OSError (refused, reset, timed
                    # out) from a caller's own transport is the same thing: no answer came back.
                    step.feed_transport_error(str(e) if isinstance(e, TransportFailure) else f"{type(e).__name__}: {e}")
                else:
                    step.feed_response(r.status, r.headers, r.body)
            elif kind == "wait":
                self._sleep(value)
            else:
                return kind, value

    def call(self, operation_id: str, /, *, body: Any = None, version: Optional[str] = None,
             retry_non_idempotent: bool = False, **params: Any) -> Any:
        """Calls one operation; params by the spec's name or in snake_case. Returns the parsed
        reply (dict/list for JSON, str for CSV/YAML, bytes for gzip, None for no content)."""
        op = _names.operation_id(operation_id)
        call = self._session.call(op, _names.wire_params(op, params), body, version, retry_non_idempotent)
        _emit(call.warnings(time.time()))
        return self._drive(call)[1]

    def _call_op(self, op: str, params: Any, body: Any, version: Optional[str]) -> Any:
        """The typed facade's entry: names are already the spec's."""
        call = self._session.call(op, params, body, version)
        _emit(call.warnings(time.time()))
        return self._drive(call)[1]

    def _paginate(self, operation_id: str, /, *, version: Optional[str] = None, **params: Any) -> Iterator[Any]:
        """Every item of a list operation, fetching pages as the iteration reaches them.
        Typed per operation (``Iterator[ClusterDescription20240805]`` for ``listClusters``)."""
        op = _names.operation_id(operation_id)
        pager = self._session.pages(op, _names.wire_params(op, params), version)
        _emit(pager.warnings(time.time()))
        while True:
            kind, value = self._drive(pager)
            if kind != "items":
                return
            yield from value

    if not TYPE_CHECKING:  # the stubs of `_groups.Facade` type it per operation
        paginate = _paginate

    def request(self, method: str, url: str, *, body: Optional[bytes] = None,
                headers: Optional[Dict[str, str]] = None) -> Any:
        """Sends a request outside the spec (``url`` absolute, or a path under ``base_url``)
        with this client's auth and retries; the reply is read by its content type."""
        full = url if "://" in url else self._base_url + url
        call = self._session.call_raw(method.upper(), full, list((headers or {}).items()), body)
        return (self._drive(call))[1]

    def revoke_token(self) -> None:
        """Revokes the service-account token held, if any."""
        self._drive(self._session.revoke_token())

    def close(self) -> None:
        """Closes the transport if this client made it."""
        self._transport.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<atlas_admin.Client base_url={self._base_url!r} auth={self._auth_repr}>"
