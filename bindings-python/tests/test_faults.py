"""The shared fault matrix (tests/contract/faults.json) through the default transport (urllib),
real sockets and all, against the fault server (tests/faults/server.py) on 127.0.0.1. The Rust,
JS and Kotlin suites run the same table through theirs."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import atlas_admin
from conftest import snake, table_credentials, table_settings

ROOT = Path(__file__).resolve().parents[2]
TABLE_PATH = ROOT / "tests/contract/faults.json"
TABLE = json.loads(TABLE_PATH.read_text())
# The shared tables name their credentials: none may come from the environment.
pytestmark = pytest.mark.usefixtures("no_env_credentials")


class FaultServer:
    """tests/faults/server.py on an ephemeral loopback port; closing its stdin stops it."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, str(ROOT / "tests/faults/server.py"), str(TABLE_PATH)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        ports = json.loads(self.process.stdout.readline())
        self.port, self.refused_port = ports["port"], ports["refusedPort"]

    def base_url(self, case: Dict[str, Any]) -> str:
        port = self.refused_port if case.get("server") == "refused" else self.port
        return f"http://127.0.0.1:{port}/{case['id']}"

    def requests(self, case: Dict[str, Any]) -> List[str]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{case['id']}/_faults/requests", timeout=5) as r:
            return json.loads(r.read())

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    s = FaultServer()
    try:
        yield s
    finally:
        s.stop()



def client_for(case: Dict[str, Any], server: FaultServer) -> atlas_admin.Client:
    # No transport given: the default one is what is under test.
    credentials, settings = table_credentials(case["credentials"]), table_settings(TABLE["config"])
    return atlas_admin.Client(credentials, base_url=server.base_url(case), **settings)


def play(case: Dict[str, Any], client: atlas_admin.Client) -> Any:
    options = {snake(k): v for k, v in case.get("options", {}).items()}
    if case.get("paged"):
        return [item["id"] for item in client.paginate(case["operation"], **options, **case["params"])]
    return client.call(case["operation"], body=case.get("body"), **options, **case["params"])


@pytest.mark.parametrize("case", TABLE["cases"], ids=[c["id"] for c in TABLE["cases"]])
def test_every_fault_case_ends_as_the_table_says(case: Dict[str, Any], server: FaultServer,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="atlas_admin")
    client = client_for(case, server)
    expect = case["expect"]
    texts: List[str] = []
    started = time.monotonic()
    if "error" in expect:
        with pytest.raises(atlas_admin.AtlasError) as info:
            play(case, client)
        e = info.value
        texts += [str(e), repr(e), repr(vars(e))]
        assert type(e).__name__ == expect["error"]["class"], str(e)
        for key, want in expect["error"].items():
            if key != "class":
                assert getattr(e, snake(key)) == want, key
    else:
        got = play(case, client)
        if "items" in expect:
            assert got == expect["items"]
        for key, want in expect.get("result", {}).items():
            assert got[key] == want, key
    took = time.monotonic() - started
    assert took < TABLE["withinSeconds"], f"took {took:.1f} s"
    assert server.requests(case) == expect["requests"]
    texts += [r.getMessage() + repr(getattr(r, "atlas_event", None)) for r in caplog.records]
    assert texts, "no error text and no events to look for secrets in"
    for secret in TABLE["secrets"]:
        for text in texts:
            assert secret not in text
