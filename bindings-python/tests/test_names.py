"""Code written against the first release keeps working: every call of the frozen 2025-06-05
fixture (tests/fixtures/requests-2025-06-05.json) still builds through the Python client, by the
first release's method and by `client.call`, to the method and path the 2025-06-05 spec gives it.
Also: every name in `operations()`, removed operations and sunset versions warn, VERSION_GONE."""

from __future__ import annotations

import json
import os
import re
import time
import warnings
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import unquote, urlsplit

import pytest

import atlas_admin
from atlas_admin._names import snake
from conftest import JSON, ROOT

FIXTURES_2025 = json.loads((ROOT / "tests/fixtures/requests-2025-06-05.json").read_text())
SPEC_2025 = os.environ.get("ATLAS_SPEC_2025", str(ROOT.parent / "shared" / "openapi" / "atlas-admin-v2.json"))
GROUP = "32b6e34b3d91647abb20e7b8"


def spec_2025() -> Dict[str, Tuple[str, str, str]]:
    """2025 operationId -> (METHOD, path, tag)."""
    try:
        with open(SPEC_2025) as f:
            spec = json.load(f)
    except FileNotFoundError:
        pytest.skip(f"the 2025-06-05 spec is not at {SPEC_2025}")
    out = {}
    for path, item in spec["paths"].items():
        for method in ("get", "put", "post", "delete", "patch"):
            if method in item:
                op = item[method]
                out[op["operationId"]] = (method.upper(), path, op["tags"][0])
    return out


class Stop(Exception):
    pass


class Recorder:
    """Records the request and stops the call: nothing is sent anywhere."""

    def __init__(self) -> None:
        self.sent: List[Tuple[str, str]] = []

    def send(self, method: str, url: str, headers: Any, body: Any, timeout: float) -> atlas_admin.Response:
        self.sent.append((method, url))
        raise Stop()

    def close(self) -> None:
        pass


def expected_path(template: str, params: Dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)]), template)


class Refused(Exception):
    """The current spec's rules refuse the 2025 call's values (see below)."""


def sent(t: Recorder, call: Any) -> Tuple[str, str, List[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            call()
        except Stop:
            pass
        except atlas_admin.BuildError as e:
            if e.operation_id and e.parameter:
                raise Refused(e) from e
            raise
    method, url = t.sent.pop()
    return method, unquote(urlsplit(url).path), list(caught)


def test_every_2025_call_still_builds_by_its_first_release_method_and_name() -> None:
    ops = spec_2025()
    current = {o["operation_id"]: o for o in atlas_admin.operations()}
    t = Recorder()
    client = atlas_admin.Client(atlas_admin.BearerToken("t"), base_url="http://atlas.test", transport=t, max_attempts=1)
    assert len(FIXTURES_2025) == len(ops) == 466
    deprecated = removed = ambiguous = 0
    refused: List[str] = []
    routes = {o["operation_id"]: (o["method"], o["path"]) for o in atlas_admin.operations()}
    for fx in FIXTURES_2025:
        old_id, params, body = fx["operationId"], fx["params"] or {}, fx["body"]
        method, template, tag = ops[old_id]
        want = (method, expected_path(template, params))
        kwargs = {snake(k): v for k, v in params.items()}
        if body is not None:
            kwargs["body"] = body
        # The first release's typed method: its group (tag) and name (snake_case of the 2025 id).
        fn = getattr(getattr(client, snake(tag)), snake(old_id))
        try:
            got_method, got_path, caught = sent(t, lambda: fn(**kwargs))
        except Refused as e:
            # The 2026 spec requires body fields (or ranges) the 2025 one did not, and the core
            # checks the current rules: the values are refused, by the operation the old name
            # still names, at the same method and path.
            err = e.args[0]
            assert routes[err.operation_id] == (method, template), old_id
            refused.append(f"{old_id}: {err}")
            continue
        assert (got_method, got_path) == want, old_id
        kinds = {w.category for w in caught}
        op_id = atlas_admin._names.operation_id(snake(old_id)) if old_id != "removeUserFromTeam" else None
        is_current_name = fn.__name__ == snake(old_id) and not fn.__doc__.startswith("Deprecated:")
        assert (DeprecationWarning in kinds) == (not is_current_name), old_id
        deprecated += DeprecationWarning in kinds
        dep = [w for w in caught if w.category is DeprecationWarning]
        assert all(w.filename == __file__ for w in dep), old_id
        if atlas_admin.RemovedOperationWarning in kinds:
            removed += 1
            assert current[op_id]["removed"] == "2025-06-05", old_id
        # The dynamic call by the 2025 id: the same request, no deprecation.
        if old_id == "removeUserFromTeam":
            # The one ambiguous name: the 2025 id of POST ...:removeUser and the 2026 short name of
            # DELETE .../users/{userId}. Refused by name, naming both; the typed method above keeps it.
            with pytest.raises(atlas_admin.BuildError) as info:
                client.call(old_id, body=body, **params)
            assert all(c in str(info.value) for c in ("removeOrgTeamUser", "removeOrgTeamUserFromTeam"))
            ambiguous += 1
            continue
        got_method, got_path, caught = sent(t, lambda: client.call(old_id, body=body, **params))
        assert (got_method, got_path) == want, old_id
        assert DeprecationWarning not in {w.category for w in caught}
    print(f"2025 calls: {len(FIXTURES_2025) - len(refused)} of {len(FIXTURES_2025)} built, {deprecated} by a deprecated "
          f"method name, {removed} removed, {ambiguous} ambiguous by name, {len(refused)} refused by the 2026 rules:")
    print("\n".join(refused))
    assert removed == 35 and ambiguous == 1 and 250 < deprecated < 466 - 14
    # Values only (required body fields the 2026 spec added, a new minimum), never a name.
    assert len(refused) <= 14, refused


def test_operations_lists_each_once_with_every_name() -> None:
    ops = atlas_admin.operations()
    assert len(ops) == atlas_admin.OPERATION_COUNT == 575
    assert len({o["operation_id"] for o in ops}) == len(ops)
    assert sum(1 for o in ops if o["removed"]) == 35
    by_id = {o["operation_id"]: o for o in ops}
    clusters = by_id["listGroupClusters"]
    assert clusters["short_name"] == "listClusters" and clusters["removed"] is None
    assert set(clusters["names"]) >= {"listGroupClusters", "listClusters", "list_group_clusters", "list_clusters"}
    assert by_id["createGroup"]["former_ids"] == ["createProject"]
    assert by_id["pausePipeline"]["removed"] == "2025-06-05"
    for o in ops:
        for n in [o["operation_id"], o["short_name"], *o["former_ids"]]:
            if n and n != "removeUserFromTeam":
                assert n in o["names"] and snake(n) in o["names"], (o["operation_id"], n)
                assert atlas_admin._names.operation_id(n) == o["operation_id"]
                assert atlas_admin._names.operation_id(snake(n)) == o["operation_id"]
        assert isinstance(o["deprecated"], bool)


def test_removed_operations_build_and_warn() -> None:
    removed = [o for o in atlas_admin.operations() if o["removed"]]
    fixtures = {fx["operationId"]: fx for fx in json.loads((ROOT / "tests/fixtures/requests.json").read_text())}
    t = Recorder()
    client = atlas_admin.Client(atlas_admin.BearerToken("t"), base_url="http://atlas.test", transport=t, max_attempts=1)
    for o in removed:
        fx = fixtures[o["operation_id"]]
        method, path, caught = sent(t, lambda: client.call(o["operation_id"], body=fx["body"], **(fx["params"] or {})))
        assert (method, path) == (o["method"], expected_path(o["path"], fx["params"] or {}))
        found = [w for w in caught if w.category is atlas_admin.RemovedOperationWarning]
        assert len(found) == 1 and found[0].filename == __file__, o["operation_id"]
        assert found[0].message.operation_id == o["operation_id"]
        assert "no longer lists" in str(found[0].message)
        with pytest.warns(atlas_admin.RemovedOperationWarning):
            request = atlas_admin.build_request(o["operation_id"], fx["params"], fx["body"])
        assert request.warnings[0][:2] == ("removed", o["operation_id"])
    assert len(removed) == 35
    # The current operations do not warn that way.
    with warnings.catch_warnings():
        warnings.simplefilter("error", atlas_admin.RemovedOperationWarning)
        atlas_admin.build_request("listClusters", {"groupId": GROUP})


def test_a_version_past_its_sunset_warns_and_is_still_called(monkeypatch: pytest.MonkeyPatch, scripted: Any) -> None:
    later = time.time() + 100 * 365 * 86400
    # Any operation whose default version has an announced sunset (the core decides; this
    # checks that the binding routes what it says to a Python warning at the caller's line).
    fixtures = {fx["operationId"]: fx for fx in json.loads((ROOT / "tests/fixtures/requests.json").read_text())}
    op = next(o for o in atlas_admin.operations() if not o["removed"] and o["method"] == "GET"
              and any(k == "past_sunset" for k, _, _ in atlas_admin._core.chosen_version(o["operation_id"], later)[2]))
    params = fixtures[op["operation_id"]]["params"] or {}
    client, t = scripted([(200, JSON, b"{}")] * 2)

    class Later:
        @staticmethod
        def time() -> float:
            return later

    monkeypatch.setattr(atlas_admin._client, "time", Later)
    with pytest.warns(atlas_admin.SunsetWarning, match="announced to stop on") as caught:
        client.call(op["operation_id"], **params)
    assert caught[0].filename == __file__ and len(t.sent) == 1
    assert issubclass(atlas_admin.SunsetWarning, atlas_admin.AtlasWarning)
    assert issubclass(atlas_admin.AtlasWarning, UserWarning)
    monkeypatch.undo()
    with warnings.catch_warnings():
        warnings.simplefilter("error", atlas_admin.SunsetWarning)
        client.call(op["operation_id"], **params)  # today: the default version is not past its sunset


def test_version_gone_names_operation_version_and_newest(scripted: Any) -> None:
    body = {"error": 410, "errorCode": "VERSION_GONE", "detail": "gone", "reason": "Gone"}
    client, _ = scripted([(410, JSON, json.dumps(body).encode())])
    with pytest.raises(atlas_admin.VersionGone) as info:
        client.call("listClusters", group_id=GROUP, version="2023-02-01")
    e = info.value
    assert isinstance(e, atlas_admin.ApiError) and e.status == 410 and e.error_code == "VERSION_GONE"
    assert e.operation == "listGroupClusters" and "2023-02-01" in str(e)
    newest = atlas_admin._core.chosen_version("listGroupClusters")[0]
    assert newest != "2023-02-01" and newest in str(e)
