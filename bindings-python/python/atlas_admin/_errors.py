"""The exceptions every call can raise: one class per core ``ErrorClass``, same names, same tree.

::

    AtlasError
    ├── BuildError          refused before any I/O; ``parameter`` names what was wrong
    ├── ApiError            Atlas answered with an error status
    │   ├── BadRequest (400)  Unauthorized (401)  Forbidden (403)  NotFound (404)
    │   ├── Conflict (409)  VersionGone (410 VERSION_GONE)  RateLimited (429)
    │   └── ServerError (5xx)
    ├── AuthError           the credentials were refused, or could not be used
    ├── DecodeError         a reply that does not fit what the operation promises
    ├── TransportError      no reply at all
    └── WaitError           a wait saw the work fail, or ran out of time

The core decides the class and writes the message (``str(e)``); every exception carries the
same fields: ``operation``, ``method``, ``url``, ``status``, ``error_code``, ``detail``,
``parameters``, ``parameter``, ``retry_after`` (seconds), ``rate_limit``, ``attempts`` and ``body``. No field
holds a credential.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

#: The report's camelCase keys and the attribute each becomes.
_FIELDS = {
    "operation": "operation", "method": "method", "url": "url", "status": "status",
    "errorCode": "error_code", "detail": "detail", "parameters": "parameters",
    "parameter": "parameter", "retryAfter": "retry_after", "rateLimit": "rate_limit", "attempts": "attempts",
    "body": "body",
}


class AtlasError(Exception):
    """Base of every error this package raises."""

    def __init__(
        self,
        message: str,
        *,
        operation: Optional[str] = None,
        method: Optional[str] = None,
        url: Optional[str] = None,
        status: Optional[int] = None,
        error_code: Optional[str] = None,
        detail: Optional[str] = None,
        parameters: Optional[List[Any]] = None,
        parameter: Optional[str] = None,
        retry_after: Optional[float] = None,
        rate_limit: Optional[Dict[str, Any]] = None,
        attempts: Optional[int] = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        #: The operation called (its current id).
        self.operation = operation
        self.method = method
        #: The request's URL as built (path and query; never a header).
        self.url = url
        self.status = status
        self.error_code = error_code
        self.detail = detail
        #: Atlas's ``parameters`` list.
        self.parameters: List[Any] = list(parameters or [])
        #: For a ``BuildError``: the parameter, body field or setting that was wrong.
        self.parameter = parameter
        #: Seconds to wait before trying again, when Atlas said (``Retry-After``).
        self.retry_after = retry_after
        #: For a token-bucket 429: ``{"path", "retryAfterSeconds", "capacity", "refillRate",
        #: "refillDurationSeconds"}``, the endpoint set and how its bucket refills.
        self.rate_limit = rate_limit
        #: Attempts made, the first included (None for a ``BuildError``).
        self.attempts = attempts
        #: Atlas's whole error body when it was JSON.
        self.body = body

    @property
    def operation_id(self) -> Optional[str]:
        """Former name of ``operation``."""
        return self.operation

    def __repr__(self) -> str:
        return f"{type(self).__name__}(operation={self.operation!r}, status={self.status!r}, error_code={self.error_code!r})"


class BuildError(AtlasError, ValueError):
    """A request refused before any I/O (also a ``ValueError``)."""


class ApiError(AtlasError):
    """Atlas answered with an error status."""


class BadRequest(ApiError):
    """400."""


class Unauthorized(ApiError):
    """401: the credentials were refused."""


class Forbidden(ApiError):
    """403."""


class NotFound(ApiError):
    """404."""


class Conflict(ApiError):
    """409."""


class VersionGone(ApiError):
    """410 ``VERSION_GONE``: Atlas no longer serves the version called (the message names the one to use)."""


class RateLimited(ApiError):
    """429, after the retries the policy allows; ``retry_after`` says when to come back."""


class ServerError(ApiError):
    """5xx, after the retries the policy allows."""


class AuthError(AtlasError):
    """Authentication could not be carried out (no challenge, a token server error)."""


class DecodeError(AtlasError):
    """The reply's bytes do not fit what the operation returns."""


class TransportError(AtlasError):
    """No answer came back (connection refused, reset, timed out), after ``attempts`` tries."""


class WaitError(AtlasError):
    """A wait saw the work end in a state that means it failed (a backup export ``Failed``), or
    ran past its timeout; the message names the state."""


_CLASSES: Dict[str, type] = {
    c.__name__: c
    for c in (AtlasError, BuildError, ApiError, BadRequest, Unauthorized, Forbidden, NotFound, Conflict,
              VersionGone, RateLimited, ServerError, AuthError, DecodeError, TransportError, WaitError)
}
for _cls in _CLASSES.values():
    _cls.__module__ = "atlas_admin"  # shown as `atlas_admin.NotFound`, the name users import


def _from_report(report: Dict[str, Any]) -> AtlasError:
    """Called by the extension with the core's ``ErrorReport``: the class it names, its fields."""
    cls = _CLASSES.get(report["class"], AtlasError)
    error: AtlasError = cls(report["message"], **{attr: report.get(key) for key, attr in _FIELDS.items()})
    return error
