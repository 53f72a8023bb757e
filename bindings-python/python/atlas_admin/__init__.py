"""MongoDB Atlas Administration API v2 client over a sans-IO Rust core.

Sans-IO level: ``operations()``, ``build_request()``, ``parse_response()``.
Clients: ``Client`` and ``AsyncClient``, with ``client.call("listClusters", group_id=...)``,
``client.paginate(...)`` and a typed facade (``client.clusters.list_clusters(group_id=...)``).
Types of bodies and replies: ``atlas_admin.models`` (imported on demand, not by this module).
Settings: ``Config``, ``CallOptions``, ``RetryPolicy`` (the core's, in snake_case).
Errors: ``AtlasError`` and the core's taxonomy (``ApiError``, ``NotFound``, ...), see ``_errors``.
Metadata: ``client.call(..., return_metadata=True)`` gives ``Result(data, metadata)``.
Logging: events go to the ``atlas_admin`` logger (DEBUG requests/replies, INFO waits, WARNING retries).
Testing: ``atlas_admin.testing.MockAtlas``.
Warnings: ``AtlasWarning`` (``RemovedOperationWarning``, ``SunsetWarning``).
"""

from __future__ import annotations

import time
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from . import _core, _names
from ._async_client import AsyncClient
from ._auth import Anonymous, BearerToken, DigestAuth, ServiceAccount, from_env
from ._tokens import FileTokenCache, TokenCache
from ._client import DEFAULT_BASE_URL, USER_AGENT, Client
from ._errors import (
    ApiError,
    AtlasError,
    AuthError,
    BadRequest,
    BuildError,
    Conflict,
    DecodeError,
    Forbidden,
    NotFound,
    RateLimited,
    ServerError,
    TransportError,
    Unauthorized,
    VersionGone,
    WaitError,
)
from ._options import to_json
from ._options import CallOptions, Config, RateLimit, ResponseMetadata, Result, RetryPolicy, WaitOptions
from ._warnings import AtlasWarning, RemovedOperationWarning, SunsetWarning, _emit
from ._transport import (
    AsyncHttpxTransport,
    HttpxTransport,
    RequestsTransport,
    Response,
    ThreadedTransport,
    TransportFailure,
    UrllibTransport,
)

__version__: str = _core.__version__
Request = _core.Request
OPERATION_COUNT: int = _core.OPERATION_COUNT


def operations() -> List[Dict[str, Any]]:
    """Every operation once, sorted by id: ``operation_id`` (the current id, or the last one of
    an operation Atlas removed), ``short_name``, ``former_ids``, ``names`` (every name it answers
    to, snake_case forms included), ``removed`` (the date of the last API that listed it, or
    None), ``deprecated``, ``method``, ``path``, ``tag``, ``summary``, ``docs_url``, ``paged``,
    ``versions``, ``takes_body``, ``params`` (``name``, ``aliases``, ``in``, ``required``, ...) and
    ``watcher`` (how ``wait=True`` waits: the GET polled, its version, ``until``), or None."""
    return _names.operations()


def build_request(
    operation_id: str,
    params: Optional[Dict[str, Any]] = None,
    body: Any = None,
    *,
    version: Optional[str] = None,
    base_url: Optional[str] = None,
    version_pin: Optional[str] = None,
) -> "_core.Request":
    """The request an operation would send (no credentials): ``.method``, ``.url``,
    ``.headers`` (list of pairs) and ``.body`` (bytes or None). Params use the spec's names
    (or an alias the spec declares, ``projectId`` for ``groupId``). Building a removed operation,
    or a version past its sunset, warns as a call would."""
    config = to_json(Config(base_url=base_url or DEFAULT_BASE_URL, user_agent=USER_AGENT, version_pin=version_pin))
    request = _core.build_request(operation_id, to_json(params), to_json(body), config=config,
                                  options=to_json(CallOptions(version=version)), now=time.time())
    _emit(request.warnings)
    return request


def parse_response(
    operation_id: str,
    status: int,
    headers: Union[Sequence[Tuple[str, str]], Dict[str, str]],
    body: bytes,
) -> Any:
    """A reply as Python values: dict/list for JSON, str for CSV/YAML, bytes for gzip, None for
    no content. An error status raises the ``ApiError`` subclass for it."""
    pairs = list(headers.items()) if isinstance(headers, dict) else list(headers)
    return _core.parse_response(operation_id, status, pairs, body)


__all__ = [
    "ApiError", "AsyncClient", "AsyncHttpxTransport", "AtlasError", "AtlasWarning", "AuthError", "BadRequest",
    "Anonymous", "BearerToken", "FileTokenCache", "TokenCache", "BuildError", "Client", "Conflict", "DEFAULT_BASE_URL", "DecodeError",
    "DigestAuth", "Forbidden", "HttpxTransport", "NotFound", "OPERATION_COUNT", "RateLimited",
    "Request", "RequestsTransport", "Response", "ServerError", "ServiceAccount",
    "ThreadedTransport", "TransportError", "TransportFailure", "Unauthorized",
    "UrllibTransport", "VersionGone", "WaitError", "WaitOptions", "Config", "CallOptions", "RetryPolicy", "ResponseMetadata", "RateLimit", "Result", "RemovedOperationWarning", "SunsetWarning", "build_request", "from_env", "operations", "parse_response",
]
