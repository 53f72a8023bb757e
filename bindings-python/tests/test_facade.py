"""The generated facade (codegen/src/python.rs; `cargo run -p codegen -- --check` keeps it in step
with the spec): one method per operation under its typed name, the first release's names as
deprecated aliases, and the core's parameters, aliases included."""

from __future__ import annotations

import inspect
import json
import re
import warnings
from typing import Any, Dict, Iterator, Tuple

import pytest

import atlas_admin
from atlas_admin import _groups
from atlas_admin._names import snake

DOC = re.compile(r"\(operation ``(\w+)``(?:, version (\S+))?\)\.")


def methods() -> Iterator[Tuple[str, str, Any]]:
    for group_name in _groups.GROUPS:
        group = getattr(_groups.Facade, group_name).fget(None)
        for name, fn in inspect.getmembers(type(group), inspect.isfunction):
            if not name.startswith("_"):
                yield group_name, name, fn


def test_one_method_per_operation_with_the_core_params() -> None:
    ops = {o["operation_id"]: o for o in atlas_admin.operations()}
    seen = set()
    for _, name, fn in methods():
        if fn.__doc__.startswith("Deprecated:"):
            continue
        op_id, version = DOC.search(fn.__doc__).groups()
        assert op_id not in seen, f"{op_id} has two methods"
        seen.add(op_id)
        op = ops[op_id]
        # Named after the short name where there is one (and it names no other operation).
        assert name in {snake(op["short_name"] or op_id), snake(op_id)}, (name, op_id)
        sig = inspect.signature(fn).parameters
        expected = {snake(n) for p in op["params"] for n in (p["name"], *p["aliases"])}
        assert set(sig) - {"self", "version", "body", "wait"} == expected, op_id
        assert ("wait" in sig) == (op["watcher"] is not None), op_id
        # A parameter with an alias may be given by either name (the core refuses both, or none
        # when required); every other required parameter is a required keyword.
        required = {n for n, p in sig.items() if p.default is inspect.Parameter.empty} - {"self", "body"}
        assert required == {snake(p["name"]) for p in op["params"] if p["required"] and not p["aliases"]}, op_id
        assert ("body" in sig) == op["takes_body"], op_id
        # The stubs describe the version the core sends by default.
        if version:
            assert version == atlas_admin._core.chosen_version(op_id)[0], op_id
    assert seen == set(ops)


def test_docs_link_the_operations_own_page() -> None:
    ops = {o["operation_id"]: o for o in atlas_admin.operations()}
    linked = 0
    for _, _, fn in methods():
        if fn.__doc__.startswith("Deprecated:"):
            continue
        op = ops[DOC.search(fn.__doc__).group(1)]
        urls = re.findall(r"https?://\S+", fn.__doc__)
        assert urls == ([op["docs_url"]] if op["docs_url"] else []), op["operation_id"]
        linked += bool(urls)
    assert linked >= 500


def test_groups_are_tags() -> None:
    tags = {o["tag"] for o in atlas_admin.operations()}
    assert set(_groups.GROUPS.values()) == tags
    client = atlas_admin.Client(atlas_admin.BearerToken("t"))
    assert type(client.clusters).__name__ == "ClustersGroup"
    assert hasattr(client.cloud_backups, "cancel_backup_restore_job")


class Recorder:
    """Records each request and answers an empty JSON object."""

    def __init__(self) -> None:
        self.sent: list = []

    def send(self, method: str, url: str, headers: Any, body: Any, timeout: float) -> atlas_admin.Response:
        self.sent.append((method, url, body))
        return atlas_admin.Response(200, [("Content-Type", b"application/json")], b"{}")

    def close(self) -> None:
        pass


GROUP = "32b6e34b3d91647abb20e7b8"


def test_old_names_warn_and_call_the_same_operation() -> None:
    t = Recorder()
    client = atlas_admin.Client(atlas_admin.BearerToken("t"), base_url="http://atlas.test", transport=t)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.projects.create_project(body={"name": "p", "orgId": GROUP})  # the first release's name
    assert [w.category for w in caught] == [DeprecationWarning]
    assert caught[0].filename == __file__, "the warning points at the caller's line"
    assert "projects.create_group()" in str(caught[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.projects.create_group(body={"name": "p", "orgId": GROUP})  # the current name: no warning
        client.clusters.list_clusters(group_id=GROUP)  # the short name, also the first release's
    assert [s[:2] for s in t.sent] == [
        ("POST", "http://atlas.test/api/atlas/v2/groups"),
        ("POST", "http://atlas.test/api/atlas/v2/groups"),
        ("GET", f"http://atlas.test/api/atlas/v2/groups/{GROUP}/clusters"),
    ]


async def _async_old_name(client: atlas_admin.AsyncClient) -> Any:
    return await client.projects.create_project(body={"name": "p", "orgId": GROUP})


def test_old_names_work_on_the_async_client_too() -> None:
    import asyncio

    class AsyncRecorder(Recorder):
        async def send(self, *a: Any) -> atlas_admin.Response:  # type: ignore[override]
            return Recorder.send(self, *a)

        async def aclose(self) -> None:
            pass

    t = AsyncRecorder()
    client = atlas_admin.AsyncClient(atlas_admin.BearerToken("t"), base_url="http://atlas.test", transport=t)
    with pytest.warns(DeprecationWarning, match="create_project"):
        assert asyncio.run(_async_old_name(client)) == {}
    assert t.sent[0][:2] == ("POST", "http://atlas.test/api/atlas/v2/groups")


def test_project_id_is_accepted_for_group_id_and_both_is_an_error() -> None:
    t = Recorder()
    client = atlas_admin.Client(atlas_admin.BearerToken("t"), base_url="http://atlas.test", transport=t)
    client.clusters.list_clusters(project_id=GROUP)
    client.call("listClusters", project_id=GROUP)
    client.call("listGroupClusters", projectId=GROUP)
    assert {s[1] for s in t.sent} == {f"http://atlas.test/api/atlas/v2/groups/{GROUP}/clusters"}
    for call in (lambda: client.clusters.list_clusters(group_id=GROUP, project_id=GROUP),
                 lambda: client.call("listClusters", group_id=GROUP, project_id=GROUP)):
        with pytest.raises(atlas_admin.BuildError) as info:
            call()
        assert info.value.parameter == "groupId" and "projectId" in str(info.value)
    with pytest.raises(atlas_admin.BuildError) as info:
        client.clusters.list_clusters()
    assert info.value.parameter == "groupId" and "required" in str(info.value)
    with pytest.raises(atlas_admin.BuildError) as info:
        client.call("listClusters", group_id=GROUP, groupId=GROUP)
    assert info.value.parameter == "groupId" and "given twice" in str(info.value)
    assert len(t.sent) == 3
