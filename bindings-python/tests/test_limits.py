"""Atlas's limits from Python, on the mock's clock: token buckets with and without their headers,
a service account's token shared through a file cache, and credentials where users keep them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import atlas_admin
from atlas_admin.testing import MockAtlas

GROUP = "32b6e34b3d91647abb20e7b8"


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("MONGODB_ATLAS_"):
            monkeypatch.delenv(name)


@pytest.mark.parametrize("headers", [True, False])
def test_fifty_calls_to_a_bucket_of_ten_meet_one_429(headers: bool) -> None:
    atlas = MockAtlas().token_bucket("api/atlas/v2/groups", 10, 5, 60.0, headers=headers)
    client = atlas_admin.Client(atlas_admin.Anonymous(), transport=atlas)
    for _ in range(50):
        client.call("getProject", group_id=GROUP)
    statuses = [r.status for r in atlas.received]
    assert statuses.count(429) == 1 and statuses.index(429) == 10 and len(statuses) == 51
    assert atlas.waits == [60.0] * 8


def test_a_token_bucket_429_carries_its_figures_and_the_bodys_wait() -> None:
    atlas = MockAtlas().token_bucket("api/atlas/v2/groups", 1, 1, 45.0, headers=False)
    client = atlas_admin.Client(atlas_admin.Anonymous(), transport=atlas)
    client.call("getProject", group_id=GROUP)
    with pytest.raises(atlas_admin.RateLimited) as info:
        client.call("getProject", group_id=GROUP, retry={"max_attempts": 1})
    assert info.value.retry_after == 45.0
    assert info.value.rate_limit == {"path": "api/atlas/v2/groups", "retryAfterSeconds": 45, "capacity": 1,
                                     "refillRate": 1, "refillDurationSeconds": 45}


def test_a_hundred_calls_over_two_clients_sharing_a_token_cache_mint_one(tmp_path: Path) -> None:
    atlas = MockAtlas().require_oauth("mdb_sa_id", "sa-secret", lifetime=3600)
    cache = atlas_admin.FileTokenCache(tmp_path / "tokens")
    for _ in range(2):  # two processes, one after the other
        client = atlas_admin.Client(atlas_admin.ServiceAccount("mdb_sa_id", "sa-secret"), transport=atlas,
                                    token_cache=cache)
        for _ in range(50):
            client.call("listProjects")
    assert atlas.tokens_minted == 1
    (file,) = (tmp_path / "tokens").iterdir()
    assert file.name == client._session.token_cache_key() + ".json" and file.name.startswith("atlas-token-")
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "tokens").stat().st_mode) == 0o700
    assert "mdb_sa_id" not in file.name and "mock-token-1" in file.read_text()

    other = atlas_admin.Client(atlas_admin.ServiceAccount("other", "s"), transport=atlas)
    assert not other.import_token(client.export_token() or "")
    assert atlas_admin.Client(atlas_admin.DigestAuth("p", "k"), transport=atlas).export_token() is None


def test_a_token_endpoint_that_limits_minting_says_to_share_tokens() -> None:
    atlas = MockAtlas().require_oauth("mdb_sa_id", "sa-secret", lifetime=3600).limit_token_minting(1)
    account = atlas_admin.ServiceAccount("mdb_sa_id", "sa-secret")
    atlas_admin.Client(account, transport=atlas).call("listProjects")
    with pytest.raises(atlas_admin.AuthError, match="share one token between processes"):
        atlas_admin.Client(account, transport=atlas, retry={"max_attempts": 2}).call("listProjects")


def test_no_credentials_is_refused_before_sending_and_says_where_they_are_looked_for() -> None:
    atlas = MockAtlas()
    with pytest.raises(atlas_admin.AuthError, match="MONGODB_ATLAS_CLIENT_ID") as info:
        atlas_admin.Client(transport=atlas).call("listProjects")
    assert info.value.operation == "listGroups" and atlas.received == []
    assert atlas_admin.Client(atlas_admin.Anonymous(), transport=atlas).call("listProjects") is not None


def test_the_atlas_cli_variables_give_credentials_base_url_and_default_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONGODB_ATLAS_PUBLIC_API_KEY", "pub")
    monkeypatch.setenv("MONGODB_ATLAS_PRIVATE_API_KEY", "priv")
    monkeypatch.setenv("MONGODB_ATLAS_PROJECT_ID", GROUP)
    monkeypatch.setenv("MONGODB_ATLAS_OPS_MANAGER_URL", "https://cloud-qa.mongodb.com")
    assert repr(atlas_admin.from_env()) == "DigestAuth(public_key='pub', private_key=<redacted>)"
    atlas = MockAtlas().require_digest("pub", "priv")
    client = atlas_admin.Client(transport=atlas)
    client.call("listClusters")
    assert atlas.received[-1].target == f"/api/atlas/v2/groups/{GROUP}/clusters"
    atlas.respond("listClusters", 404, {"error": 404, "errorCode": "GROUP_NOT_FOUND"})
    with pytest.raises(atlas_admin.NotFound) as info:
        client.call("listClusters")
    assert info.value.url == f"https://cloud-qa.mongodb.com/api/atlas/v2/groups/{GROUP}/clusters"
    other = "5e6b6e34b3d91647abb20e7c"
    atlas = MockAtlas().require_digest("pub", "priv")
    client = atlas_admin.Client(transport=atlas, default_group_id=other)
    client.call("listClusters")
    assert atlas.received[-1].target == f"/api/atlas/v2/groups/{other}/clusters"
