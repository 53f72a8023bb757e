"""Test helpers: ``MockAtlas``, the core's in-process Atlas, as a transport for the client.

It routes every request to its operation and answers from the spec's success examples, unless
told otherwise: scripted replies, Digest or OAuth authentication (real challenges, real checks),
rate limits, dropped connections, fabricated list items. Time is simulated: a client given the
mock as its transport waits on the mock's clock, so back-off costs nothing. No network.

Example::

    import atlas_admin
    from atlas_admin.testing import MockAtlas

    atlas = MockAtlas()
    atlas.require_digest("pub", "priv")
    atlas.list_items("listProjects", 7)
    atlas.rate_limit(1, retry_after=2)  # the first request gets 429 with Retry-After: 2
    atlas.respond("getProject", 404, {"error": 404, "errorCode": "GROUP_NOT_FOUND", "detail": "no such project"})

    client = atlas_admin.Client(atlas_admin.DigestAuth("pub", "priv"), transport=atlas)
    assert len(list(client.paginate("listProjects", items_per_page=3))) == 7
    assert atlas.waits == [2.0]
    try:
        client.call("getProject", group_id="32b6e34b3d91647abb20e7b8")
    except atlas_admin.NotFound as e:
        assert e.error_code == "GROUP_NOT_FOUND"
    assert [r.operation for r in atlas.received][-1] == "getGroup"
"""

from __future__ import annotations

import json
from typing import Any, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

from . import _core
from ._transport import Response, TransportFailure

__all__ = ["MockAtlas", "Received"]


class Received(NamedTuple):
    """One request the mock received."""

    method: str
    #: Path and query as sent.
    target: str
    #: The operation it routed to, if any.
    operation: Optional[str]
    status: int
    #: The ``Authorization`` scheme used (``Digest``, ``Bearer``), never its value.
    auth_scheme: Optional[str]


class MockAtlas:
    """The simulated Atlas (see the module docs). Each setter returns the mock, for chaining."""

    def __init__(self) -> None:
        self._core = _core.MockAtlas()

    def respond(self, operation: str, status: int = 200, body: Union[bytes, str, Any] = b"",
                headers: Optional[Mapping[str, str]] = None) -> "MockAtlas":
        """The next call of ``operation`` (any of its names) gets this reply; several queue up.
        A ``body`` that is not bytes or str is sent as JSON (``application/json`` unless
        ``headers`` name a content type)."""
        hdrs = dict(headers or {})
        if not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            if not any(k.lower() == "content-type" for k in hdrs):
                hdrs["Content-Type"] = "application/json"
        raw = body.encode() if isinstance(body, str) else body
        self._core.respond(operation, status, list(hdrs.items()), raw)
        return self

    def require_digest(self, public_key: str, private_key: str) -> "MockAtlas":
        """Demand HTTP Digest with these API keys on every operation."""
        self._core.require_digest(public_key, private_key)
        return self

    def require_oauth(self, client_id: str, client_secret: str, lifetime: float = 3600.0) -> "MockAtlas":
        """Demand bearer tokens from its ``/api/oauth/token`` for this service account."""
        self._core.require_oauth(client_id, client_secret, lifetime)
        return self

    def rate_limit(self, calls: int, retry_after: int = 0) -> "MockAtlas":
        """The next ``calls`` requests get 429 with ``Retry-After: retry_after``."""
        self._core.rate_limit(calls, retry_after)
        return self

    def token_bucket(self, endpoint_set: str, capacity: int, refill_rate: int, refill_every: float,
                     headers: bool = True) -> "MockAtlas":
        """Every operation draws from one token bucket, as Atlas's endpoint sets do: ``capacity``
        requests, ``refill_rate`` more every ``refill_every`` seconds; an empty bucket answers 429
        ``RATE_LIMITED_TOKEN_BUCKET``. Without ``headers`` no ``RateLimit-*``/``Retry-After``
        header is sent: only the body says when to come back."""
        self._core.token_bucket(endpoint_set, capacity, refill_rate, refill_every, headers)
        return self

    def limit_token_minting(self, per_minute: int) -> "MockAtlas":
        """The token endpoint mints at most ``per_minute`` tokens a minute, then answers 429."""
        self._core.limit_token_minting(per_minute)
        return self

    @property
    def tokens_minted(self) -> int:
        """Service-account tokens minted so far."""
        return int(self._core.tokens_minted())

    def fail_transport(self, sends: int) -> "MockAtlas":
        """The next ``sends`` requests fail as if the connection dropped."""
        self._core.fail_transport(sends)
        return self

    def list_items(self, operation: str, count: int) -> "MockAtlas":
        """The list ``operation`` serves ``count`` fabricated items across its pages."""
        self._core.list_items(operation, count)
        return self

    def expire_nonce(self) -> "MockAtlas":
        """The current Digest nonce goes stale."""
        self._core.expire_nonce()
        return self

    @property
    def received(self) -> List[Received]:
        return [Received(*r) for r in self._core.received]

    @property
    def waits(self) -> List[float]:
        """Every wait the client performed on the mock's clock, in seconds."""
        return list(self._core.waits)

    # The transport interface (and the clock a client takes from it).
    def send(self, method: str, url: str, headers: Sequence[Tuple[str, str]], body: Optional[bytes],
             timeout: Optional[float]) -> Response:
        try:
            status, hdrs, raw = self._core.send(method, url, list(headers), body)
        except ConnectionError as e:
            raise TransportFailure(str(e)) from None
        return Response(status, hdrs, raw)

    def sleep(self, seconds: float) -> None:
        self._core.sleep(seconds)

    def now(self) -> float:
        return float(self._core.now())

    def close(self) -> None:
        pass
