"""Waiting for what a call started: ``call(..., wait=True)`` and ``client.wait(...)``, on the
core's mock Atlas and its clock (no real time passes)."""

from __future__ import annotations

import asyncio
import logging

import pytest

import atlas_admin
from atlas_admin.testing import MockAtlas

GROUP = "32b6e34b3d91647abb20e7b8"
V2024 = {"Content-Type": "application/vnd.atlas.2024-08-05+json"}
V2023 = {"Content-Type": "application/vnd.atlas.2023-01-01+json"}


def cluster(state: str) -> dict:
    return {"name": "c1", "groupId": GROUP, "stateName": state}


def test_create_cluster_waits_until_idle_through_a_503_and_a_429(caplog: pytest.LogCaptureFixture) -> None:
    atlas = MockAtlas()
    atlas.respond("createCluster", 201, cluster("CREATING"), V2024)
    atlas.respond("getCluster", 200, cluster("CREATING"), V2024)
    atlas.respond("getCluster", 503, {"error": 503, "errorCode": "SERVICE_UNAVAILABLE"})
    atlas.respond("getCluster", 429, {"error": 429, "errorCode": "RATE_LIMITED"}, {"Retry-After": "7"})
    atlas.respond("getCluster", 200, cluster("IDLE"), V2024)
    client = atlas_admin.Client(atlas_admin.BearerToken("t"), transport=atlas)
    with caplog.at_level(logging.INFO, logger="atlas_admin"):
        final = client.call("createCluster", group_id=GROUP, body={"name": "c1"}, wait=True)
    assert final["stateName"] == "IDLE"
    assert [(r.method, r.target.rsplit("/", 1)[-1]) for r in atlas.received] == \
        [("POST", "clusters")] + [("GET", "c1")] * 4
    assert atlas.waits[:2] == [5.0, 7.5] and 7.0 in atlas.waits
    assert any("stateName is CREATING" in r.getMessage() for r in caplog.records)


def test_delete_waits_until_404_and_returns_none() -> None:
    atlas = MockAtlas()
    atlas.respond("deleteCluster", 202, b"")
    atlas.respond("getCluster", 200, cluster("DELETING"), V2024)
    atlas.respond("getCluster", 404, {"error": 404, "errorCode": "CLUSTER_NOT_FOUND"})
    client = atlas_admin.Client(atlas_admin.BearerToken("t"), transport=atlas)
    options = atlas_admin.WaitOptions(interval=1.0)
    assert client.call("deleteCluster", group_id=GROUP, cluster_name="c1", wait=options) is None
    assert [r.method for r in atlas.received] == ["DELETE", "GET", "GET"]
    assert atlas.waits == [1.0, 1.5]


def test_a_failed_export_raises_wait_error_and_a_timeout_names_the_last_state() -> None:
    atlas = MockAtlas()
    export = {"id": "6500000000000000000000aa", "state": "InProgress"}
    atlas.respond("createGroupClusterBackupExport", 200, export, V2023)
    atlas.respond("getGroupClusterBackupExport", 200, dict(export, state="Failed"), V2023)
    client = atlas_admin.Client(atlas_admin.BearerToken("t"), transport=atlas)
    body = {"snapshotId": "6500000000000000000000bb", "exportBucketId": "6500000000000000000000cc"}
    with pytest.raises(atlas_admin.WaitError) as info:
        client.call("createGroupClusterBackupExport", group_id=GROUP, cluster_name="c1", body=body, wait=True)
    assert "`state` became Failed" in str(info.value)
    assert isinstance(info.value, atlas_admin.AtlasError) and info.value.operation == "createGroupClusterBackupExport"

    for _ in range(10):
        atlas.respond("getCluster", 200, cluster("UPDATING"), V2024)
    start = atlas.now()
    with pytest.raises(atlas_admin.WaitError, match="after 30 s: polling getGroupCluster, the last state seen was UPDATING"):
        client.wait("getCluster", group_id=GROUP, cluster_name="c1", path="stateName", values=["IDLE"],
                    wait=atlas_admin.WaitOptions(timeout=30))
    assert atlas.now() - start == 30.0


def test_generic_wait_sync_and_async_and_its_bad_input() -> None:
    atlas = MockAtlas()
    atlas.respond("getCluster", 200, {"status": {"phase": "RUNNING"}}, V2024)
    atlas.respond("getCluster", 200, {"status": {"phase": "DONE"}}, V2024)

    async def main() -> dict:
        async with atlas_admin.AsyncClient(atlas_admin.BearerToken("t"), transport=atlas) as client:
            return await client.wait("getCluster", group_id=GROUP, cluster_name="c1",
                                     path="status.phase", values=["DONE"])

    assert asyncio.run(main())["status"]["phase"] == "DONE"
    client = atlas_admin.Client(atlas_admin.BearerToken("t"), transport=atlas)
    with pytest.raises(TypeError, match="path= and values="):
        client.wait("getCluster", group_id=GROUP, cluster_name="c1")
    sent = len(atlas.received)
    with pytest.raises(atlas_admin.BuildError, match="not a GET"):
        client.wait("createCluster", group_id=GROUP, path="stateName", values=["IDLE"])
    with pytest.raises(atlas_admin.BuildError, match="no way to wait"):
        client.call("listClusters", group_id=GROUP, wait=True)
    assert len(atlas.received) == sent


def test_the_typed_facade_waits_where_the_spec_says_how() -> None:
    atlas = MockAtlas()
    atlas.respond("createCluster", 201, cluster("CREATING"), V2024)
    atlas.respond("getCluster", 200, cluster("IDLE"), V2024)
    client = atlas_admin.Client(atlas_admin.BearerToken("t"), transport=atlas)
    final = client.clusters.create_cluster(group_id=GROUP, body={"name": "c1"}, wait=True)
    assert final["stateName"] == "IDLE" and len(atlas.received) == 2
    assert "wait" not in client.clusters.list_clusters.__code__.co_varnames


def test_the_patch_watcher_is_polled_with_get() -> None:
    atlas = MockAtlas()
    atlas.respond("updateGroupCluster", 200, cluster("UPDATING"), V2024)
    atlas.respond("getGroupCluster", 200, cluster("IDLE"), V2024)
    client = atlas_admin.Client(atlas_admin.BearerToken("t"), transport=atlas)
    final = client.call("updateGroupCluster", group_id=GROUP, cluster_name="c1", body={"paused": True}, wait=True)
    assert final["stateName"] == "IDLE"
    assert [(r.method, r.operation) for r in atlas.received] == [("PATCH", "updateGroupCluster"),
                                                                 ("GET", "getGroupCluster")]
