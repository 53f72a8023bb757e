"""Shared fixtures: a Prism mock (from $PRISM_URL or started here), httpbin and small local
servers, all on 127.0.0.1, and a scripted transport for sans-IO-level tests."""

from __future__ import annotations

import os
import re
import subprocess
import threading
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

import atlas_admin

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent  # the repository
SPEC = Path(os.environ.get("ATLAS_SPEC", ROOT.parent / "shared" / "openapi" / "atlas-admin-v2-2026-08-21.yaml"))


@pytest.fixture(scope="session")
def prism_url() -> Iterator[str]:
    url = os.environ.get("PRISM_URL")
    if url:
        yield url.rstrip("/")
        return
    out = subprocess.run(
        ["bash", str(ROOT / "tests/prism/start.sh"), str(SPEC)],
        check=True, capture_output=True, text=True, env={**os.environ, "PRISM_VERBOSE": "warn"},
    ).stdout
    env = dict(line.split("=", 1) for line in out.splitlines() if "=" in line and not line.startswith("export"))
    try:
        yield env["PRISM_URL"]
    finally:
        subprocess.run(["bash", str(ROOT / "tests/prism/stop.sh"), env["PRISM_PID"]], check=False, capture_output=True)


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    # One thread per connection: a slow endpoint (/delay) must not hold up the next test.
    daemon_threads = True


def serve_wsgi(app: Callable[..., Any]) -> Tuple[str, Callable[[], None]]:
    """Serves a WSGI app on a free loopback port in a thread; returns its URL and a stopper."""
    server = make_server("127.0.0.1", 0, app, server_class=_ThreadingServer, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(5)

    return f"http://127.0.0.1:{server.server_port}", stop


@pytest.fixture(scope="session")
def httpbin_url() -> Iterator[str]:
    from httpbin import app

    url, stop = serve_wsgi(app)
    yield url
    stop()


class Scripted:
    """A transport that answers from a script and records what it was sent."""

    def __init__(self, answers: List[Any]) -> None:
        self.answers = list(answers)
        self.sent: List[Tuple[str, str, Dict[str, str], Optional[bytes]]] = []
        self.slept: List[float] = []

    def send(self, method: str, url: str, headers: Any, body: Optional[bytes], timeout: float) -> atlas_admin.Response:
        self.sent.append((method, url, {k.lower(): v for k, v in headers}, body))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            answer = answer(method, url, body)
        status, headers_out, body_out = answer
        return atlas_admin.Response(status, [(k, v.encode()) for k, v in headers_out.items()], body_out)

    def close(self) -> None:
        pass


JSON = {"Content-Type": "application/json"}


@pytest.fixture
def scripted() -> Callable[[List[Any]], Tuple[atlas_admin.Client, Scripted]]:
    def make(answers: List[Any], **kwargs: Any) -> Tuple[atlas_admin.Client, Scripted]:
        t = Scripted(answers)
        client = atlas_admin.Client(atlas_admin.BearerToken("t0ken-SECRET"), base_url="http://atlas.test", transport=t, **kwargs)
        client._sleep = t.slept.append  # waits are recorded, not slept
        return client, t

    return make


def snake(name: str) -> str:
    """A camelCase name (the core's, the shared tables') in snake_case, as Python spells it."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def table_credentials(c: Dict[str, Any]) -> Any:
    """A shared table's `credentials` entry (tests/contract/*.json) as an auth object."""
    if c["kind"] == "apiKey":
        return atlas_admin.DigestAuth(c["publicKey"], c["privateKey"])
    if c["kind"] == "serviceAccount":
        return atlas_admin.ServiceAccount(c["clientId"], c["clientSecret"])
    assert c["kind"] == "none"
    return atlas_admin.Anonymous()


def table_settings(config: Dict[str, Any]) -> Dict[str, Any]:
    """A shared table's client `config` (the core's names) as `atlas_admin.Client` keywords."""
    settings = {snake(k): v for k, v in config.items()}
    settings["retry"] = {snake(k): v for k, v in settings.get("retry", {}).items()}
    return settings


@pytest.fixture
def no_env_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Atlas CLI credentials in the environment (for tests whose cases name their own)."""
    for k in ("MONGODB_ATLAS_PUBLIC_KEY", "MONGODB_ATLAS_PRIVATE_KEY", "MONGODB_ATLAS_CLIENT_ID", "MONGODB_ATLAS_CLIENT_SECRET"):
        monkeypatch.delenv(k, raising=False)
