"""The client loop over a scripted transport: results, errors, paging, retries, the facade."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

import atlas_admin
from conftest import JSON, Scripted

GROUP = "32b6e34b3d91647abb20e7b8"
V = {"Content-Type": "application/vnd.atlas.2024-08-05+json"}


def page(items: list, total: int) -> tuple:
    return (200, V, json.dumps({"results": items, "totalCount": total}).encode())


def test_call_sends_bearer_and_returns_parsed(scripted: Any) -> None:
    client, t = scripted([page([{"name": "c1"}], 1)])
    assert client.call("listClusters", group_id=GROUP, items_per_page=5) == {"results": [{"name": "c1"}], "totalCount": 1}
    method, url, headers, body = t.sent[0]
    assert (method, url) == ("GET", f"http://atlas.test/api/atlas/v2/groups/{GROUP}/clusters?itemsPerPage=5")
    assert headers["authorization"] == "Bearer t0ken-SECRET" and body is None


@pytest.mark.parametrize(
    "body, expected",
    [
        (b'{"results": [{"status": 1}], "totalCount": 1}', {"results": [{"status": 1}], "totalCount": 1}),
        (b'{"status": 200, "results": [], "totalCount": 0}', {"results": [], "totalCount": 0}),  # envelope
        (b'{"status": "PENDING", "totalCount": 0}', {"status": "PENDING", "totalCount": 0}),
        (b'{"status": true, "totalCount": 0}', {"status": True, "totalCount": 0}),
    ],
)
def test_json_replies_read_by_json_loads_match_the_core(scripted: Any, body: bytes, expected: Any) -> None:
    # `json.loads` reads a JSON success (the core hands it over unread); an `envelope=true`
    # wrapper (a whole-number top-level `status`) goes back to the core to unwrap.
    client, _ = scripted([(200, V, body)])
    assert client.call("listClusters", group_id=GROUP) == expected
    assert atlas_admin.parse_response("listClusters", 200, V, body) == expected


@pytest.mark.parametrize(
    "body", [b'{"results": [', b'{"n": NaN}', b'{"n": -Infinity}', b'{"a": "\xff"}', b"{} {}", b"[" * 5000 + b"]" * 5000]
)
def test_json_replies_json_loads_refuses_are_the_cores_decode_error(scripted: Any, body: bytes) -> None:
    # The last body is nested past `json.loads`'s recursion limit: a RecursionError, also the core's.
    client, _ = scripted([(200, V, body)])
    with pytest.raises(atlas_admin.DecodeError) as info:
        client.call("listClusters", group_id=GROUP)
    with pytest.raises(atlas_admin.DecodeError) as core:
        atlas_admin.parse_response("listClusters", 200, V, body)
    assert str(core.value).split(":")[0] in str(info.value) and info.value.status == 200
    assert info.value.operation == "listGroupClusters" and info.value.url.endswith("/clusters")


def test_spec_names_and_snake_ids_work_too(scripted: Any) -> None:
    client, t = scripted([page([], 0)])
    client.call("list_clusters", groupId=GROUP, itemsPerPage=2)
    assert t.sent[0][1].endswith("/clusters?itemsPerPage=2")


def test_a_fake_transport_may_give_header_values_as_text() -> None:
    class Fake:
        def send(self, method: str, url: str, headers: Any, body: Any, timeout: float) -> atlas_admin.Response:
            ct = "application/vnd.atlas.2024-08-05+json"
            return atlas_admin.Response(200, [("Content-Type", ct), ("X-Raw", b"kept")], b'{"totalCount": 0, "results": []}')

        def close(self) -> None:
            pass

    client = atlas_admin.Client(atlas_admin.BearerToken("t"), base_url="http://atlas.test", transport=Fake())
    assert client.call("listClusters", group_id=GROUP) == {"totalCount": 0, "results": []}


def test_facade_builds_the_same_request(scripted: Any) -> None:
    client, t = scripted([page([], 0), (201, V, b'{"name":"c"}')])
    assert client.clusters.list_clusters(group_id=GROUP, include_count=True) == {"results": [], "totalCount": 0}
    assert t.sent[0][1].endswith(f"/groups/{GROUP}/clusters?includeCount=true")
    out = client.clusters.create_cluster(group_id=GROUP, body={"name": "c", "clusterType": "REPLICASET"})
    assert out == {"name": "c"} and json.loads(t.sent[1][3]) == {"name": "c", "clusterType": "REPLICASET"}
    with pytest.raises(TypeError):
        client.clusters.list_clusters(group_id=GROUP, no_such_arg=1)  # type: ignore[call-arg]


def test_build_error_before_any_io(scripted: Any) -> None:
    client, t = scripted([])
    with pytest.raises(atlas_admin.BuildError) as info:
        client.call("listClusters", group_id="bad")
    assert info.value.parameter == "groupId" and t.sent == []


@pytest.mark.parametrize("status,cls", [(404, atlas_admin.NotFound), (409, atlas_admin.Conflict), (400, atlas_admin.BadRequest)])
def test_api_errors(scripted: Any, status: int, cls: type) -> None:
    body = {"error": status, "errorCode": "X_CODE", "detail": "d", "reason": "r", "parameters": [GROUP]}
    client, _ = scripted([(status, JSON, json.dumps(body).encode())])
    with pytest.raises(cls) as info:
        client.call("getProject", group_id=GROUP)
    assert (info.value.status, info.value.error_code, info.value.parameters) == (status, "X_CODE", [GROUP])


def test_retries_after_429_with_retry_after(scripted: Any) -> None:
    limited = (429, {**JSON, "Retry-After": "3"}, b'{"error":429,"errorCode":"RATE_LIMITED","detail":"slow down"}')
    client, t = scripted([limited, limited, page([{"id": 1}], 1)])
    assert client.call("listProjects")["results"] == [{"id": 1}]
    # Retry-After first; on a repeated 429, Atlas's advice: at least 20 s before the second retry.
    assert len(t.sent) == 3 and t.slept == [3.0, 20.0]


def test_429_gives_up_after_max_attempts(scripted: Any) -> None:
    limited = (429, {**JSON, "Retry-After": "2"}, b'{"error":429,"errorCode":"RATE_LIMITED"}')
    client, t = scripted([limited] * 3, max_attempts=3)
    with pytest.raises(atlas_admin.RateLimited) as info:
        client.call("listProjects")
    e = info.value
    assert e.status == 429 and e.retry_after == 2.0 and e.attempts == 3 and len(t.sent) == 3


def test_post_not_retried_on_500_but_get_is(scripted: Any) -> None:
    boom = (500, JSON, b'{"error":500,"errorCode":"UNEXPECTED_ERROR"}')
    client, t = scripted([boom])
    with pytest.raises(atlas_admin.ServerError):
        client.call("createProject", body={"name": "p", "orgId": "4888442a3354817a7320eb61"})
    assert len(t.sent) == 1
    client, t = scripted([boom, page([], 0)])
    client.call("listProjects")
    assert len(t.sent) == 2 and len(t.slept) == 1 and 0 < t.slept[0] <= 0.5


def test_transport_errors_are_retried_then_raised(scripted: Any) -> None:
    down = atlas_admin.TransportFailure("ConnectionRefusedError: refused")
    client, t = scripted([down, page([], 0)])
    assert client.call("listProjects") == {"results": [], "totalCount": 0}
    client, t = scripted([down] * 4)
    with pytest.raises(atlas_admin.TransportError) as info:
        client.call("listProjects")
    assert info.value.attempts == 4 and "refused" in str(info.value)


def test_paginate_follows_pages(scripted: Any) -> None:
    client, t = scripted([page([1, 2], 5), page([3, 4], 5), page([5], 5)])
    assert list(client.paginate("listClusters", group_id=GROUP, items_per_page=2)) == [1, 2, 3, 4, 5]
    assert [u.rsplit("?", 1)[1] for _, u, _, _ in t.sent] == [
        "itemsPerPage=2&pageNum=1", "itemsPerPage=2&pageNum=2", "itemsPerPage=2&pageNum=3"]


def test_paginate_is_lazy_and_raises_midway(scripted: Any) -> None:
    client, t = scripted([page([1, 2], 6), (404, JSON, b'{"error":404,"errorCode":"GONE"}')])
    it = client.paginate("listClusters", group_id=GROUP, items_per_page=2)
    assert next(it) == 1 and len(t.sent) == 1
    assert next(it) == 2
    with pytest.raises(atlas_admin.NotFound):
        next(it)
    with pytest.raises(atlas_admin.AtlasError) as info:
        list(client.paginate("getProject", group_id=GROUP))
    assert type(info.value) is atlas_admin.AtlasError  # a misuse: the root class, nothing narrower


def test_async_client_with_scripted_sync_transport() -> None:
    t = Scripted([page([1, 2], 3), page([3], 3), (200, V, b'{"id":"x"}')])

    async def main() -> Any:
        async with atlas_admin.AsyncClient(atlas_admin.BearerToken("tok"), base_url="http://atlas.test", transport=t) as c:
            items = [i async for i in c.paginate("listClusters", group_id=GROUP, items_per_page=2)]
            one = await c.projects.get_project(group_id=GROUP)
            return items, one

    assert asyncio.run(main()) == ([1, 2, 3], {"id": "x"})


def test_secrets_never_in_repr_or_errors(scripted: Any) -> None:
    for auth in (atlas_admin.DigestAuth("pub", "PRIV-SECRET"), atlas_admin.ServiceAccount("id", "SA-SECRET"), atlas_admin.BearerToken("TOK-SECRET")):
        with atlas_admin.Client(auth, transport=Scripted([])) as c:
            text = repr(auth) + repr(c)
            assert "SECRET" not in text
    client, t = scripted([(401, JSON, b'{"error":401,"errorCode":"NOT_AUTHORIZED"}')])
    with pytest.raises(atlas_admin.AuthError) as info:  # a refused token: the credentials, not the API
        client.call("listProjects")
    assert "SECRET" not in str(info.value) + repr(info.value)


def test_credentials_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for k in ("MONGODB_ATLAS_PUBLIC_KEY", "MONGODB_ATLAS_PRIVATE_KEY", "MONGODB_ATLAS_CLIENT_ID", "MONGODB_ATLAS_CLIENT_SECRET"):
        monkeypatch.delenv(k, raising=False)
    assert atlas_admin.from_env() is None
    monkeypatch.setenv("MONGODB_ATLAS_CLIENT_ID", "mdb_sa_id_1")
    monkeypatch.setenv("MONGODB_ATLAS_CLIENT_SECRET", "s3cr3t")
    auth = atlas_admin.from_env()
    assert isinstance(auth, atlas_admin.ServiceAccount) and auth.client_id == "mdb_sa_id_1"
    monkeypatch.setenv("MONGODB_ATLAS_PUBLIC_KEY", "pub")
    with pytest.raises(atlas_admin.BuildError) as info:
        atlas_admin.Client()
    assert "MONGODB_ATLAS_PRIVATE_KEY" in str(info.value)
    monkeypatch.delenv("MONGODB_ATLAS_CLIENT_ID")
    monkeypatch.delenv("MONGODB_ATLAS_CLIENT_SECRET")
    monkeypatch.setenv("MONGODB_ATLAS_PRIVATE_KEY", "priv")
    t = Scripted([(401, {"WWW-Authenticate": 'Digest realm="MMS Public API", nonce="abc", qop="auth", algorithm=MD5'}, b""), page([], 0)])
    with atlas_admin.Client(transport=t) as c:
        c.call("listProjects")
    assert 'username="pub"' in t.sent[1][2]["authorization"]


def test_a_custom_transport_oserror_is_a_transport_failure(scripted: Any) -> None:
    client, t = scripted([TimeoutError("read timed out"), page([], 0)])
    assert client.call("listProjects") == {"results": [], "totalCount": 0}
    client, t = scripted([ConnectionResetError("reset")], max_attempts=1)
    with pytest.raises(atlas_admin.TransportError, match="ConnectionResetError: reset"):
        client.call("listProjects")
