"""Host transports: they move bytes and nothing else (no auth, no retries, no redirects).

A transport's ``send`` returns a ``Response`` or raises ``TransportFailure`` when no answer came
back; the core decides whether to try again. Redirects are never followed: following one would
carry the Authorization header somewhere the caller did not choose.
"""

from __future__ import annotations

import inspect
from typing import Any, List, NamedTuple, Optional, Sequence, Tuple, Union

try:  # Protocol is in typing from 3.8; kept in one place for the stubs.
    from typing import Protocol
except ImportError:  # pragma: no cover
    from typing_extensions import Protocol  # type: ignore[assignment]

Headers = Sequence[Tuple[str, str]]


class Response(NamedTuple):
    status: int
    #: (name, value) pairs as received, each value raw bytes or text; repeated headers stay
    #: repeated.
    headers: Sequence[Tuple[str, Union[bytes, str]]]
    body: bytes


class TransportFailure(ConnectionError):
    """No HTTP answer: refused, reset, timed out, DNS. The message reaches the final error."""


class Transport(Protocol):
    def send(self, method: str, url: str, headers: Headers, body: Optional[bytes], timeout: Optional[float]) -> Response: ...

    def close(self) -> None: ...


class AsyncTransport(Protocol):
    async def send(self, method: str, url: str, headers: Headers, body: Optional[bytes], timeout: Optional[float]) -> Response: ...

    async def aclose(self) -> None: ...


def _latin1(pairs: Any) -> List[Tuple[str, bytes]]:
    return [(k, v.encode("latin-1", "replace")) for k, v in pairs]


class UrllibTransport:
    """The standard library's ``urllib``: no dependency, one connection per request."""

    def __init__(self) -> None:
        # Imported here: urllib.request pulls in http.client, email and ssl, which `import
        # atlas_admin` should not pay for when another transport is used.
        import http.client
        import urllib.error
        import urllib.request

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        self._request = urllib.request.Request
        self._http_error = urllib.error.HTTPError
        # http.client's own failures (IncompleteRead: a body cut short of its Content-Length,
        # BadStatusLine) are not OSErrors, yet they mean the same: no whole answer came back.
        self._http_client_error = http.client.HTTPException
        # Proxies from the environment are honoured, as urllib always does.
        self._opener = urllib.request.build_opener(NoRedirect)

    def send(self, method: str, url: str, headers: Headers, body: Optional[bytes], timeout: Optional[float]) -> Response:
        req = self._request(url, data=body, headers=dict(headers), method=method)
        try:
            try:
                with self._opener.open(req, timeout=timeout) as r:
                    return Response(r.status, _latin1(r.headers.items()), r.read())
            except self._http_error as e:  # an answer with an error status is still an answer
                with e:  # (its body may be cut short too: read inside the outer try)
                    return Response(e.code, _latin1(e.headers.items()), e.read())
        except (OSError, ValueError, self._http_client_error) as e:  # URLError, timeouts, resets; ValueError: bad URL
            raise TransportFailure(f"{type(e).__name__}: {getattr(e, 'reason', e)}") from e

    def close(self) -> None:
        pass


class HttpxTransport:
    """``httpx.Client`` (connection pooling, HTTP/2 if enabled on the client given)."""

    def __init__(self, client: Any = None) -> None:
        import httpx

        self._httpx = httpx
        self._own = client is None
        self._client = client if client is not None else httpx.Client(follow_redirects=False)

    def send(self, method: str, url: str, headers: Headers, body: Optional[bytes], timeout: Optional[float]) -> Response:
        try:
            r = self._client.request(method, url, headers=list(headers), content=body, timeout=timeout, follow_redirects=False)
        except self._httpx.TransportError as e:
            raise TransportFailure(f"{type(e).__name__}: {e}") from e
        return Response(r.status_code, [(k.decode("latin-1"), v) for k, v in r.headers.raw], r.content)

    def close(self) -> None:
        if self._own:
            self._client.close()


class RequestsTransport:
    """``requests.Session``."""

    def __init__(self, session: Any = None) -> None:
        import requests

        self._requests = requests
        self._own = session is None
        self._session = session if session is not None else requests.Session()

    def send(self, method: str, url: str, headers: Headers, body: Optional[bytes], timeout: Optional[float]) -> Response:
        try:
            r = self._session.request(method, url, headers=dict(headers), data=body, timeout=timeout, allow_redirects=False)
        except self._requests.RequestException as e:
            raise TransportFailure(f"{type(e).__name__}: {e}") from e
        return Response(r.status_code, _latin1(r.headers.items()), r.content)

    def close(self) -> None:
        if self._own:
            self._session.close()


class AsyncHttpxTransport:
    """``httpx.AsyncClient``."""

    def __init__(self, client: Any = None) -> None:
        import httpx

        self._httpx = httpx
        self._own = client is None
        self._client = client if client is not None else httpx.AsyncClient(follow_redirects=False)

    async def send(self, method: str, url: str, headers: Headers, body: Optional[bytes], timeout: Optional[float]) -> Response:
        try:
            r = await self._client.request(method, url, headers=list(headers), content=body, timeout=timeout, follow_redirects=False)
        except self._httpx.TransportError as e:
            raise TransportFailure(f"{type(e).__name__}: {e}") from e
        return Response(r.status_code, [(k.decode("latin-1"), v) for k, v in r.headers.raw], r.content)

    async def aclose(self) -> None:
        if self._own:
            await self._client.aclose()


class ThreadedTransport:
    """Any sync transport made awaitable by running each request in a worker thread."""

    def __init__(self, transport: Transport) -> None:
        self._inner = transport

    async def send(self, method: str, url: str, headers: Headers, body: Optional[bytes], timeout: Optional[float]) -> Response:
        import asyncio

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self._inner.send, method, url, headers, body, timeout)

    async def aclose(self) -> None:
        self._inner.close()


def default_transport() -> Transport:
    return UrllibTransport()


def default_async_transport() -> AsyncTransport:
    """httpx when installed, else urllib in worker threads, so a bare install works."""
    try:
        import httpx  # noqa: F401
    except ImportError:
        return ThreadedTransport(UrllibTransport())
    return AsyncHttpxTransport()


def adapt(transport: Any) -> Transport:
    """A transport from what the caller gave: ours, or an ``httpx.Client``/``requests.Session``."""
    if transport is None:
        return default_transport()
    if hasattr(transport, "send") and hasattr(transport, "close") and not _is_library_client(transport):
        return transport  # type: ignore[no-any-return]
    kind = type(transport).__module__.split(".")[0]
    if kind == "httpx":
        return HttpxTransport(transport)
    if kind == "requests":
        return RequestsTransport(transport)
    raise TypeError(f"not a transport: {type(transport).__name__}")


def adapt_async(transport: Any) -> AsyncTransport:
    if transport is None:
        return default_async_transport()
    if _is_library_client(transport):
        if type(transport).__name__ == "AsyncClient":
            return AsyncHttpxTransport(transport)
        return ThreadedTransport(adapt(transport))
    if inspect.iscoroutinefunction(getattr(transport, "send", None)):
        return transport  # type: ignore[no-any-return]
    return ThreadedTransport(adapt(transport))


def _is_library_client(obj: Any) -> bool:
    return type(obj).__module__.split(".")[0] in ("httpx", "requests")
