"""The exceptions every call can raise.

``AtlasError`` is the base. ``BuildError`` means the request was refused before any I/O (it is
also a ``ValueError``); ``ApiError`` means Atlas answered with an error status, with one subclass
per common status; ``DecodeError`` means a reply did not fit what the operation promises.
Messages never hold credentials: the core leaves them out, and so does this module.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Type


class AtlasError(Exception):
    """Base of every error this package raises."""


class BuildError(AtlasError, ValueError):
    """A request the client refused to build: ``parameter`` names the input, ``rule`` what it breaks."""

    def __init__(
        self,
        message: str,
        *,
        operation_id: Optional[str] = None,
        parameter: Optional[str] = None,
        rule: Optional[str] = None,
        suggestions: Optional[List[str]] = None,
        candidates: Optional[List[str]] = None,
    ) -> None:
        super().__init__(message)
        self.operation_id = operation_id
        self.parameter = parameter
        self.rule = rule
        #: Close names, for an unknown operation name.
        self.suggestions = list(suggestions or [])
        #: The operations an ambiguous name could mean, by id (call one of them by its id).
        self.candidates = list(candidates or [])


class ApiError(AtlasError):
    """Atlas answered with an error status; the fields come from its error body."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        error_code: Optional[str] = None,
        detail: Optional[str] = None,
        reason: Optional[str] = None,
        parameters: Optional[List[Any]] = None,
        bad_request_detail: Optional[Dict[str, Any]] = None,
        retry_after: Optional[float] = None,
        body: Any = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.detail = detail
        self.reason = reason
        self.parameters = list(parameters or [])
        self.bad_request_detail = bad_request_detail
        #: Seconds to wait before trying again, when Atlas said so (``Retry-After``).
        self.retry_after = retry_after
        #: The whole error body when it was JSON.
        self.body = body
        #: Attempts made, retries included.
        self.attempts = attempts

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status}, error_code={self.error_code!r}, detail={self.detail!r})"


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


class RateLimited(ApiError):
    """429, after the retries the policy allows; ``retry_after`` says when to come back."""


class ServerError(ApiError):
    """5xx, after the retries the policy allows."""


class VersionGone(ApiError):
    """410 ``VERSION_GONE``: Atlas no longer serves the version called. ``operation_id`` and
    ``version`` name what was called; ``newest`` is the version to use instead (None when this
    client knows no other)."""

    def __init__(self, message: str, *, operation_id: str, version: str, newest: Optional[str] = None,
                 **fields: Any) -> None:
        super().__init__(message, **fields)
        self.operation_id = operation_id
        self.version = version
        self.newest = newest


class DecodeError(AtlasError):
    """The reply's bytes do not fit what the operation returns."""

    def __init__(self, message: str, *, status: int, content_type: str, problem: str, snippet: str) -> None:
        super().__init__(message)
        self.status = status
        self.content_type = content_type
        self.problem = problem
        self.snippet = snippet


class TransportError(AtlasError):
    """No answer came back (connection refused, reset, timed out), after ``attempts`` tries."""

    def __init__(self, message: str, *, problem: str = "", attempts: int = 1) -> None:
        super().__init__(message)
        self.problem = problem
        self.attempts = attempts


class AuthError(AtlasError):
    """Authentication could not be carried out (a malformed challenge, a token server error)."""


class TooManyItems(AtlasError):
    """Collecting every item of a list would hold more than the cap allowed."""


class UsageError(AtlasError):
    """The client was driven out of order; a bug in the caller or in this package."""


# Shown as `atlas_admin.NotFound` in tracebacks, the name users import.
for _cls in (AtlasError, BuildError, ApiError, BadRequest, Unauthorized, Forbidden, NotFound, Conflict,
             RateLimited, ServerError, VersionGone, DecodeError, TransportError, AuthError, TooManyItems, UsageError):
    _cls.__module__ = "atlas_admin"

_BY_STATUS: Mapping[int, Type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
}


def api_error_class(status: int) -> Type[ApiError]:
    """The ``ApiError`` subclass raised for ``status``."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, ApiError)


def _from_core(kind: str, message: str, fields: Dict[str, Any]) -> AtlasError:
    """Called by the Rust extension to turn a core error into the matching exception."""
    if kind == "build":
        return BuildError(message, **fields)
    if kind == "version_gone":
        return VersionGone(message, **fields)
    if kind == "api":
        return api_error_class(fields["status"])(message, **fields)
    if kind == "decode":
        return DecodeError(message, **fields)
    if kind == "transport":
        return TransportError(message, **fields)
    if kind == "too_many_items":
        return TooManyItems(message)
    if kind == "auth":
        return AuthError(message)
    return UsageError(message)
