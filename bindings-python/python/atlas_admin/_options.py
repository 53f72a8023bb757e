"""Settings (the core's ``Config``, ``CallOptions`` and ``RetryPolicy``, field for field, in
snake_case; durations in seconds), reply metadata, and the routing of call events to ``logging``.

Events go to the ``atlas_admin`` logger: requests and replies at DEBUG, waits and token fetches at
INFO, retries at WARNING. Each record carries the core's event dict as ``record.atlas_event``.
No event holds a secret (URLs carry only the path and query the caller gave).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Tuple, Union

logger = logging.getLogger("atlas_admin")

# The core decides each event's level; this only names it in `logging`'s terms.
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries with exponential back-off (the core's ``RetryPolicy``)."""

    #: Attempts in all, the first included; 1 disables retries.
    max_attempts: int = 4
    #: Back-off before the first retry, in seconds; doubled for each later one.
    base_delay: float = 0.5
    #: No back-off (Retry-After aside) is longer than this.
    max_delay: float = 30.0
    #: A Retry-After longer than this is not waited for: the error is raised with it.
    max_retry_after: float = 300.0
    #: Also retry POST and PATCH on 500/502/504 and transport errors.
    retry_non_idempotent: bool = False


@dataclasses.dataclass(frozen=True)
class Config:
    """Client-wide settings (the core's ``Config``); ``Client(...)`` takes the same keywords."""

    base_url: str = "https://cloud.mongodb.com"
    user_agent: Optional[str] = None
    #: A date ``YYYY-MM-DD``: each operation uses its newest stable version not after it.
    version_pin: Optional[str] = None
    #: Also reject enum values the spec does not list and unknown body fields.
    strict: bool = False
    retry: Optional[RetryPolicy] = None
    #: Seconds one HTTP exchange may take, enforced by the transport.
    timeout: Optional[float] = 60.0
    #: Headers added to every request (not the client's own: Authorization, Accept...).
    headers: Optional[Mapping[str, str]] = None
    #: The organization of calls that name none (else ``MONGODB_ATLAS_ORG_ID``).
    default_org_id: Optional[str] = None
    #: The project of calls that name none (else ``MONGODB_ATLAS_PROJECT_ID``).
    default_group_id: Optional[str] = None


@dataclasses.dataclass(frozen=True)
class CallOptions:
    """Per-call overrides (the core's ``CallOptions``); ``client.call(...)`` takes the same keywords."""

    #: An exact version the operation serves (``2023-01-01``, ``preview``); wins over the pin.
    version: Optional[str] = None
    #: The response format where an operation offers several (``csv``).
    format: Optional[str] = None
    strict: Optional[bool] = None
    headers: Optional[Mapping[str, str]] = None
    retry: Optional[RetryPolicy] = None
    timeout: Optional[float] = None
    retry_non_idempotent: bool = False


@dataclasses.dataclass(frozen=True)
class WaitOptions:
    """How long and how often a wait polls (the core's ``WaitOptions``), in seconds."""

    #: The longest the wait may take, from the end of the call that started the work.
    timeout: float = 3600.0
    #: The first pause before polling; each next one is half as long again.
    interval: float = 5.0
    #: The longest pause between polls.
    max_interval: float = 60.0


RetryArg = Union[RetryPolicy, Mapping[str, Any], None]
WaitArg = Union[bool, WaitOptions, None]


def wait_options(wait: WaitArg) -> Optional[WaitOptions]:
    """``wait=True`` is the defaults; ``False``/None is no wait."""
    if isinstance(wait, WaitOptions):
        return wait
    return WaitOptions() if wait else None


def retry_policy(retry: RetryArg, **overrides: Any) -> Optional[RetryPolicy]:
    """A policy from a ``RetryPolicy``, a mapping of its fields, or None, with overrides."""
    if isinstance(retry, Mapping):
        retry = RetryPolicy(**retry)
    set_ = {k: v for k, v in overrides.items() if v is not None}
    if set_:
        retry = dataclasses.replace(retry or RetryPolicy(), **set_)
    return retry


def _wire(obj: Any) -> Dict[str, Any]:
    """A settings dataclass as the core's JSON object (camelCase; unset fields left out)."""
    out: Dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            value = _wire(value)
        elif isinstance(value, Mapping):
            value = dict(value)
        if value is not None and not (f.name == "headers" and not value):
            out[_camel(f.name)] = value
    return out


def _default(obj: Any) -> Any:
    if isinstance(obj, (datetime.date, datetime.time)):
        return obj.isoformat()  # dates go as ISO 8601, the form the API's date-time fields take
    if isinstance(obj, (tuple, set, frozenset)):
        return list(obj)
    raise TypeError(f"cannot send a {type(obj).__name__} as JSON; use dict, list, str, int, float, bool or None")


def to_json(value: Any) -> Optional[bytes]:
    """Params, a body or settings as JSON text for the extension (None stays None)."""
    if value is None:
        return None
    if dataclasses.is_dataclass(value):
        value = _wire(value)
    return json.dumps(value, default=_default, allow_nan=False, ensure_ascii=False).encode()


class RateLimit(NamedTuple):
    limit: Optional[int]
    remaining: Optional[int]


@dataclasses.dataclass(frozen=True)
class ResponseMetadata:
    """What a call learnt about its last reply (the core's ``Metadata``)."""

    operation: str
    status: int
    #: Every header of the reply, names lower-case, in the order received.
    headers: Tuple[Tuple[str, str], ...]
    #: The version named by the reply's content type (``2024-08-05``), if any.
    version: Optional[str]
    attempts: int
    rate_limit: Optional[RateLimit]

    def header(self, name: str) -> Optional[str]:
        """The first value of header ``name`` (any case)."""
        return next((v for k, v in self.headers if k == name.lower()), None)

    @classmethod
    def _of(cls, m: Optional[Dict[str, Any]]) -> Optional["ResponseMetadata"]:
        if m is None:
            return None
        rl = m.get("rateLimit")
        return cls(m["operation"], m["status"], tuple((k, v) for k, v in m["headers"]), m.get("version"),
                   m["attempts"], RateLimit(rl.get("limit"), rl.get("remaining")) if rl else None)


class Result(NamedTuple):
    """``client.call(..., return_metadata=True)``: the parsed reply and its metadata."""

    data: Any
    metadata: Optional[ResponseMetadata]


def log_events(events: List[Dict[str, Any]]) -> None:
    for event in events:
        level = _LEVELS.get(event["level"], logging.DEBUG)
        if logger.isEnabledFor(level):
            logger.log(level, "%s", event["message"], extra={"atlas_event": event})
