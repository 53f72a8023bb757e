"""The synchronous client: the core's Call state machine driven with a blocking transport."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any, Dict, Iterator, Mapping, Optional, Sequence, Tuple

from . import _core, _groups, _names
from ._auth import Auth, from_env
from ._options import (CallOptions, Config, ResponseMetadata, Result, RetryArg, WaitArg, WaitOptions, log_events,
                       retry_policy, to_json, wait_options)
from ._tokens import TokenCacheArg, TokenKeeper, TokenMethods
from ._transport import Transport, TransportFailure, adapt
from ._warnings import _emit

DEFAULT_BASE_URL = "https://cloud.mongodb.com"
USER_AGENT = f"atlas-admin-python/{_core.__version__}"


def _config(base_url: str, user_agent: Optional[str], version_pin: Optional[str], version: Optional[str],
            strict: bool, retry: RetryArg, timeout: Optional[float], headers: Optional[Mapping[str, str]],
            max_attempts: Optional[int], max_retry_after: Optional[float], default_org_id: Optional[str] = None,
            default_group_id: Optional[str] = None) -> Config:
    return Config(base_url=base_url, user_agent=user_agent or USER_AGENT, version_pin=version_pin or version,
                  strict=strict, retry=retry_policy(retry, max_attempts=max_attempts, max_retry_after=max_retry_after),
                  timeout=timeout, headers=headers, default_org_id=default_org_id, default_group_id=default_group_id)


def _session(auth: Optional[Auth], config: Config) -> "_core.Session":
    return _core.Session(to_json(config) or b"{}", to_json(auth._as_core()) if auth is not None else None)


def _options(version: Optional[str] = None, format: Optional[str] = None, strict: Optional[bool] = None,
             headers: Optional[Mapping[str, str]] = None, retry: RetryArg = None, timeout: Optional[float] = None,
             retry_non_idempotent: bool = False) -> Optional[bytes]:
    return to_json(CallOptions(version, format, strict, headers, retry_policy(retry), timeout, retry_non_idempotent))


def _start(session: "_core.Session", op: str, params: Any, body: Any, options: Optional[bytes],
           paged: bool = False, wait: WaitArg = None) -> "_core.Call":
    call = session.call(op, to_json(params), to_json(body), options, paged, to_json(wait_options(wait)))
    _emit(call.warnings(time.time()))
    return call


def _wait_until(session: "_core.Session", operation_id: str, params: Mapping[str, Any], path: Optional[str],
                values: Sequence[str], failed: Sequence[str], gone: bool, wait: Optional[WaitOptions]) -> "_core.Call":
    if not gone and (not path or not values):
        raise TypeError("wait() needs path= and values= (the member to watch and the values that end the wait), "
                        "or gone=True (wait for a 404)")
    op = _names.operation_id(operation_id)
    goal = {"status": 404} if gone else {"state": {"path": path, "done": list(values), "failed": list(failed)}}
    wire = to_json(_names.wire_params(op, params)) or b"{}"
    return session.wait_until(op, wire, to_json(goal) or b"{}", to_json(wait or WaitOptions()) or b"{}")


def _now_and_random(clock: Any = time.time) -> Tuple[float, int]:
    # The core takes the clock and randomness from the host so it stays deterministic under test.
    # The OS's CSPRNG, as `secrets` would use, because the number seeds the Digest client nonce.
    return clock(), int.from_bytes(os.urandom(8), "little")


def _feed(call: "_core.Call", send: Any) -> None:
    """Feeds what one send gave: a response, or the exception that says no answer came."""
    if isinstance(send, BaseException):
        # TransportFailure from our transports; any OSError (refused, reset, timed out) from a
        # caller's own transport is the same thing: no answer came back.
        call.feed_transport_error(str(send) if isinstance(send, TransportFailure) else f"{type(send).__name__}: {send}")
    else:
        call.feed_response(send.status, send.headers, send.body)


class Client(_groups.Facade, TokenMethods):
    """A client for the Atlas Administration API v2.

    ``auth`` defaults to credentials from ``MONGODB_ATLAS_*`` environment variables. The settings
    are the core's ``Config`` fields: ``base_url``, ``user_agent``, ``version_pin`` (a date: each
    operation uses its newest version not after it; ``version`` is its former name), ``strict``,
    ``retry`` (a ``RetryPolicy`` or a dict of its fields; ``max_attempts`` and ``max_retry_after``
    set one field), ``timeout`` (seconds per exchange) and ``headers``. ``transport`` is ours
    (``UrllibTransport``, ``HttpxTransport``, ``RequestsTransport``), any object with
    ``send``/``close``, or an ``httpx.Client``/``requests.Session``; the default is urllib. A
    transport that also has ``sleep(seconds)`` and ``now()`` (``atlas_admin.testing.MockAtlas``)
    supplies the clock too. ``default_org_id``/``default_group_id`` fill calls that leave
    ``orgId``/``groupId`` out (else ``MONGODB_ATLAS_ORG_ID``/``MONGODB_ATLAS_PROJECT_ID``, as the
    Atlas CLI reads them; ``MONGODB_ATLAS_OPS_MANAGER_URL`` gives the base URL). With no credentials
    given or found, calls that need them raise ``AuthError``; ``Anonymous()`` sends none.
    ``token_cache`` (True for a ``FileTokenCache`` in ``~/.cache/atlas-admin/tokens``, or any
    object with ``load(key)``/``save(key, token)``) shares a service account's token between
    processes instead of minting one in each.
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
        self._transport: Transport = adapt(transport)
        self._base_url = base_url.rstrip("/")
        self._auth_repr = repr(auth)
        self._sleep = getattr(self._transport, "sleep", time.sleep)
        self._clock = getattr(self._transport, "now", time.time)
        self._tokens = TokenKeeper(self._session, token_cache, self._clock())

    def _drive(self, call: "_core.Call") -> Tuple[str, Any]:
        """Runs the core's state machine until it has a result (or a page of items)."""
        while True:
            try:
                kind, value = call.next(*_now_and_random(self._clock))
            finally:
                events = call.take_events()
                log_events(events)
                self._tokens.after(events)
            if kind == "send":
                try:
                    sent: Any = self._transport.send(value.method, value.url, value.headers, value.body, call.timeout)
                except OSError as e:
                    sent = e
                _feed(call, sent)
            elif kind == "wait":
                self._sleep(value)
            else:
                return kind, value

    def call(self, operation_id: str, /, *, body: Any = None, version: Optional[str] = None,
             format: Optional[str] = None, strict: Optional[bool] = None, headers: Optional[Mapping[str, str]] = None,
             retry: RetryArg = None, timeout: Optional[float] = None, retry_non_idempotent: bool = False,
             return_metadata: bool = False, wait: WaitArg = None, **params: Any) -> Any:
        """Calls one operation; params by the spec's name or in snake_case. Returns the parsed
        reply (dict/list for JSON, str for CSV/YAML, bytes for gzip, None for no content), or with
        ``return_metadata=True`` a ``Result(data, metadata)`` whose ``metadata`` is the reply's
        ``ResponseMetadata`` (status, headers, version served, attempts, rate limit). The other
        keywords are the core's ``CallOptions`` for this call.

        ``wait=True`` (or a ``WaitOptions``) then waits for the work the call started, as the spec
        says for it (a cluster until ``IDLE``, a deleted one until 404), and returns the final state
        (None after a delete); a failed end state or the timeout raises ``WaitError``."""
        op = _names.operation_id(operation_id)
        options = _options(version, format, strict, headers, retry, timeout, retry_non_idempotent)
        call = _start(self._session, op, _names.wire_params(op, params), body, options, wait=wait)
        data = self._drive(call)[1]
        return Result(data, ResponseMetadata._of(call.metadata())) if return_metadata else data

    def wait(self, operation_id: str, /, *, path: Optional[str] = None, values: Sequence[str] = (),
             failed: Sequence[str] = (), gone: bool = False, wait: Optional[WaitOptions] = None,
             **params: Any) -> Any:
        """Polls a GET operation until the member at ``path`` (dotted: ``stateName``) is one of
        ``values`` and returns that reply, or with ``gone=True`` until it answers 404 (None). A
        value of ``failed``, or running past ``wait.timeout``, raises ``WaitError``. For what the
        spec describes, ``call(..., wait=True)`` needs none of this."""
        call = _wait_until(self._session, operation_id, params, path, values, failed, gone, wait)
        return self._drive(call)[1]

    def _call_op(self, op: str, params: Any, body: Any, version: Optional[str], wait: WaitArg = None) -> Any:
        """The typed facade's entry: names are already the spec's."""
        return self._drive(_start(self._session, op, params, body, _options(version), wait=wait))[1]

    def _paginate(self, operation_id: str, /, *, version: Optional[str] = None, format: Optional[str] = None,
                  strict: Optional[bool] = None, headers: Optional[Mapping[str, str]] = None, retry: RetryArg = None,
                  timeout: Optional[float] = None, **params: Any) -> Iterator[Any]:
        """Every item of a list operation, fetching pages as the iteration reaches them.
        Typed per operation (``Iterator[ClusterDescription20240805]`` for ``listClusters``)."""
        op = _names.operation_id(operation_id)
        options = _options(version, format, strict, headers, retry, timeout)
        call = _start(self._session, op, _names.wire_params(op, params), None, options, paged=True)
        while True:
            kind, value = self._drive(call)
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
