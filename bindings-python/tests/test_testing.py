"""`atlas_admin.testing.MockAtlas`: the core's mock Atlas as the client's transport."""

from __future__ import annotations

import asyncio
import doctest
from typing import Any

import pytest

import atlas_admin
import atlas_admin.testing
from atlas_admin.testing import MockAtlas

GROUP = "32b6e34b3d91647abb20e7b8"


def test_module_example_runs() -> None:
    parser = doctest.DocTestParser()
    source = atlas_admin.testing.__doc__ or ""
    example = source.split("Example::", 1)[1].split('"""')[0]
    code = "\n".join(line[4:] for line in example.splitlines())
    exec(compile(code, "atlas_admin.testing example", "exec"), {})
    assert parser  # the example is plain code, run above


def test_answers_from_the_spec_examples_with_digest() -> None:
    atlas = MockAtlas().require_digest("pub", "priv")
    client = atlas_admin.Client(atlas_admin.DigestAuth("pub", "priv"), transport=atlas)
    project = client.call("getProject", group_id=GROUP)
    assert isinstance(project, dict) and project
    assert [r.status for r in atlas.received] == [401, 200]
    assert [r.auth_scheme for r in atlas.received] == [None, "Digest"]


def test_wrong_digest_key_is_an_auth_error() -> None:
    atlas = MockAtlas().require_digest("pub", "priv")
    client = atlas_admin.Client(atlas_admin.DigestAuth("pub", "WRONG"), transport=atlas)
    with pytest.raises(atlas_admin.AuthError):
        client.call("listProjects")


def test_scripted_reply_and_list_items() -> None:
    atlas = MockAtlas().list_items("listProjects", 5)
    atlas.respond("getProject", 409, {"error": 409, "errorCode": "CONFLICT_X", "detail": "busy"})
    client = atlas_admin.Client(atlas_admin.BearerToken("t"), transport=atlas)
    assert len(list(client.paginate("listProjects", items_per_page=2))) == 5
    assert len(atlas.received) == 3
    with pytest.raises(atlas_admin.Conflict) as info:
        client.call("getProject", group_id=GROUP)
    assert info.value.error_code == "CONFLICT_X" and info.value.detail == "busy"


def test_rate_limit_waits_on_the_mock_clock() -> None:
    atlas = MockAtlas().rate_limit(2, retry_after=30)
    start = atlas.now()
    client = atlas_admin.Client(atlas_admin.BearerToken("t"), transport=atlas)
    client.call("listProjects")
    assert atlas.waits == [30.0, 30.0] and atlas.now() - start == 60.0
    atlas.rate_limit(5, retry_after=1)
    with pytest.raises(atlas_admin.RateLimited) as info:
        client.call("listProjects", retry={"max_attempts": 2})
    assert info.value.retry_after == 1.0 and info.value.attempts == 2


def test_fail_transport_then_recover_or_give_up() -> None:
    atlas = MockAtlas().fail_transport(1)
    client = atlas_admin.Client(atlas_admin.BearerToken("t"), transport=atlas)
    assert client.call("listProjects") is not None
    atlas.fail_transport(4)
    with pytest.raises(atlas_admin.TransportError) as info:
        client.call("listProjects")
    assert info.value.attempts == 4 and "simulated" in str(info.value)


def test_oauth_and_async_client() -> None:
    atlas = MockAtlas().require_oauth("id", "secret", lifetime=60)

    async def main() -> Any:
        async with atlas_admin.AsyncClient(atlas_admin.ServiceAccount("id", "secret"), transport=atlas) as c:
            await c.call("listProjects")
            return await c.call("listProjects")

    assert asyncio.run(main()) is not None
    ops = [r.operation for r in atlas.received]
    assert ops.count("listGroups") == 2 and [r.auth_scheme for r in atlas.received].count("Basic") == 1
