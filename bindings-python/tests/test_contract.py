"""The binding contract: the shared error table, the error taxonomy and the settings' names, all
checked against the core itself (tests/contract/error-cases.json, `_core.contract()`)."""

from __future__ import annotations

import dataclasses
import inspect
import json
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

import atlas_admin
from atlas_admin import _core
from conftest import snake, table_credentials, table_settings

TABLE = json.loads((Path(__file__).resolve().parents[2] / "tests/contract/error-cases.json").read_text())
# The shared tables name their credentials: none may come from the environment.
pytestmark = pytest.mark.usefixtures("no_env_credentials")
CONTRACT = _core.contract()
NOW = 1_790_000_000.0


class ScriptedHost:
    """A fake transport answering from a case's `replies` in order, header values as `str`;
    it also supplies the clock (fixed) and records waits instead of sleeping."""

    def __init__(self, replies: List[Dict[str, Any]]) -> None:
        self.replies = list(replies)
        self.waits: List[float] = []

    def send(self, method: str, url: str, headers: Any, body: Optional[bytes], timeout: Optional[float]) -> atlas_admin.Response:
        reply = self.replies.pop(0)
        if "transportError" in reply:
            raise atlas_admin.TransportFailure(reply["transportError"])
        raw = reply["body"]
        data = raw.encode() if isinstance(raw, str) else json.dumps(raw).encode()
        return atlas_admin.Response(reply["status"], list(reply["headers"].items()), data)

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def now(self) -> float:
        return NOW

    def close(self) -> None:
        pass


def client_for(case: Dict[str, Any], host: ScriptedHost) -> atlas_admin.Client:
    return atlas_admin.Client(table_credentials(case["credentials"]), transport=host, **table_settings(TABLE["config"]))



@pytest.mark.parametrize("case", TABLE["cases"], ids=[c["name"] for c in TABLE["cases"]])
def test_every_error_case_raises_the_tabled_exception(case: Dict[str, Any]) -> None:
    host = ScriptedHost(case["replies"])
    client = client_for(case, host)
    with pytest.raises(atlas_admin.AtlasError) as info:
        client.call(case["operation"], body=case.get("body"), **case["params"])
    e = info.value
    expect = case["expect"]
    assert type(e).__name__ == expect["class"]
    assert [c.__name__ for c in type(e).__mro__ if issubclass(c, atlas_admin.AtlasError)] == expect["lineage"]
    for name in expect["lineage"]:
        assert isinstance(e, getattr(atlas_admin, name))
    assert str(e) == expect["message"]
    for key, want in expect.items():
        if key not in ("class", "lineage", "message"):
            assert getattr(e, snake(key)) == want, key
    assert host.replies == [], "replies left unused"
    assert "private-key-never-shown" not in str(e) + repr(e)


def test_exception_tree_is_the_cores() -> None:
    for name, parent in CONTRACT["errorClasses"]:
        cls = getattr(atlas_admin, name)
        assert cls.__module__ == "atlas_admin"
        bases = [b.__name__ for b in cls.__bases__ if issubclass(b, atlas_admin.AtlasError)]
        assert bases == ([parent] if parent else []), name
    assert issubclass(atlas_admin.BuildError, ValueError)


def test_the_exception_fields_are_the_reports() -> None:
    report_fields = {"operation", "method", "url", "status", "error_code", "detail", "parameters", "parameter",
                     "retry_after", "rate_limit", "attempts", "body"}
    params = set(inspect.signature(atlas_admin.AtlasError.__init__).parameters) - {"self", "message"}
    assert params == report_fields == set(atlas_admin._errors._FIELDS.values())


def fields(cls: Any) -> List[str]:
    return [f.name for f in dataclasses.fields(cls)]


@pytest.mark.parametrize("core,py", [("config", atlas_admin.Config), ("callOptions", atlas_admin.CallOptions),
                                     ("retryPolicy", atlas_admin.RetryPolicy)])
def test_settings_have_the_cores_names(core: str, py: Any) -> None:
    assert sorted(snake(k) for k in CONTRACT[core]) == sorted(fields(py))


def test_retry_defaults_are_the_cores() -> None:
    core = CONTRACT["retryPolicy"]
    assert {snake(k): v for k, v in core.items()} == dataclasses.asdict(atlas_admin.RetryPolicy())


def test_client_and_call_take_every_setting() -> None:
    for cls in (atlas_admin.Client, atlas_admin.AsyncClient):
        init = inspect.signature(cls.__init__).parameters
        assert set(fields(atlas_admin.Config)) <= set(init), cls
        for method in (cls.call, cls._paginate):
            params = set(inspect.signature(method).parameters)
            wanted = set(fields(atlas_admin.CallOptions)) - ({"retry_non_idempotent"} if method is cls._paginate else set())
            assert wanted <= params, method


def test_unknown_setting_is_refused_by_the_core() -> None:
    with pytest.raises(ValueError, match="unknown field"):
        _core.Session(b'{"baseUrl": "https://x.test", "retries": 3}', None)
