"""The sans-IO level: operations(), build_request(), parse_response() and the exceptions."""

from __future__ import annotations

import json

import pytest

import atlas_admin

GROUP = "32b6e34b3d91647abb20e7b8"


def test_operations_table() -> None:
    ops = atlas_admin.operations()
    assert len(ops) == atlas_admin.OPERATION_COUNT == 575
    ids = [o["operation_id"] for o in ops]
    assert ids == sorted(ids)
    clusters = next(o for o in ops if o["operation_id"] == "listGroupClusters")
    assert clusters["method"] == "GET" and clusters["tag"] == "Clusters" and clusters["paged"]
    assert {"name": "groupId", "aliases": ["projectId"], "in": "path", "required": True, "type": "string",
            "array": False, "enum": []} in clusters["params"]


def test_build_request() -> None:
    r = atlas_admin.build_request("listClusters", {"groupId": GROUP, "itemsPerPage": 5}, base_url="http://h:1/")
    assert r.method == "GET"
    assert r.url == f"http://h:1/api/atlas/v2/groups/{GROUP}/clusters?itemsPerPage=5"
    assert ("accept", "application/vnd.atlas.2024-08-05+json") in r.headers
    assert r.body is None
    old = atlas_admin.build_request("listClusters", {"groupId": GROUP}, version="2023-01-01")
    assert ("accept", "application/vnd.atlas.2023-01-01+json") in old.headers


def test_build_request_with_body() -> None:
    body = {"name": "p1", "orgId": "4888442a3354817a7320eb61"}
    r = atlas_admin.build_request("createProject", None, body)
    assert r.method == "POST" and json.loads(r.body) == body
    assert any(k == "content-type" and v.startswith("application/vnd.atlas.") for k, v in r.headers)


def test_path_values_cannot_change_the_path() -> None:
    r = atlas_admin.build_request("getDatabaseUser", {"groupId": GROUP, "databaseName": "admin", "username": "a/../b?x=1#y"})
    assert r.url.endswith("/databaseUsers/admin/a%2F..%2Fb%3Fx%3D1%23y")
    with pytest.raises(atlas_admin.BuildError):  # where the spec has a pattern, it is enforced
        atlas_admin.build_request("getCluster", {"groupId": GROUP, "clusterName": "a/../b"})


@pytest.mark.parametrize(
    "params,parameter,rule",
    [
        ({"groupId": "nothex"}, "groupId", "^([a-f0-9]{24})$"),
        ({}, "groupId", "required path parameter"),
        ({"groupId": GROUP, "itemsPerPage": 0}, "itemsPerPage", "1"),
        ({"groupId": GROUP, "bogus": 1}, "bogus", "accepted:"),
    ],
)
def test_build_error_names_parameter_and_rule(params: dict, parameter: str, rule: str) -> None:
    with pytest.raises(atlas_admin.BuildError) as info:
        atlas_admin.build_request("listClusters", params)
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, atlas_admin.AtlasError)
    assert e.operation == "listGroupClusters" and e.parameter == parameter
    assert rule in str(e) and parameter in str(e)


def test_build_error_for_body_field_and_unknown_operation() -> None:
    with pytest.raises(atlas_admin.BuildError) as info:
        atlas_admin.build_request("createProject", None, {"name": 5, "orgId": "4888442a3354817a7320eb61"})
    assert info.value.parameter == "name" and "body" in str(info.value)
    with pytest.raises(atlas_admin.BuildError) as info:
        atlas_admin.build_request("listCluster")
    assert "listClusters" in str(info.value)
    with pytest.raises(TypeError):
        atlas_admin.build_request("createProject", None, {"name": object()})


def test_parse_success_kinds() -> None:
    ct = [("Content-Type", "application/vnd.atlas.2024-08-05+json")]
    page = atlas_admin.parse_response("listClusters", 200, ct, b'{"results":[{"name":"c","n":1.5,"big":18446744073709551615}],"totalCount":1}')
    assert page == {"results": [{"name": "c", "n": 1.5, "big": 18446744073709551615}], "totalCount": 1}
    assert atlas_admin.parse_response("deleteCluster", 202, {}, b"") is None
    csv = atlas_admin.parse_response("getInvoice", 200, {"content-type": "application/vnd.atlas.2023-01-01+csv"}, b"a,b\n1,2\n")
    assert csv == "a,b\n1,2\n"
    gz = atlas_admin.parse_response("getHostLogs", 200, {"Content-Type": "application/vnd.atlas.2023-02-01+gzip"}, b"\x1f\x8b\x00")
    assert gz == b"\x1f\x8b\x00"


ERROR_BODY = {
    "error": 400,
    "errorCode": "INVALID_ATTRIBUTE",
    "detail": "Invalid attribute name specified.",
    "reason": "Bad Request",
    "parameters": ["name"],
    "badRequestDetail": {"fields": [{"field": "name", "description": "too long"}]},
}


@pytest.mark.parametrize(
    "status,cls",
    [(400, atlas_admin.BadRequest), (401, atlas_admin.Unauthorized), (403, atlas_admin.Forbidden),
     (404, atlas_admin.NotFound), (409, atlas_admin.Conflict), (429, atlas_admin.RateLimited),
     (500, atlas_admin.ServerError), (503, atlas_admin.ServerError), (418, atlas_admin.ApiError)],
)
def test_error_status_mapping(status: int, cls: type) -> None:
    body = json.dumps({**ERROR_BODY, "error": status}).encode()
    with pytest.raises(cls) as info:
        atlas_admin.parse_response("listClusters", status, [("Content-Type", "application/json"), ("Retry-After", "7")], body)
    e = info.value
    assert type(e) is cls and isinstance(e, atlas_admin.ApiError)
    assert e.status == status and e.error_code == "INVALID_ATTRIBUTE" and e.body["reason"] == "Bad Request"
    assert e.detail == "Invalid attribute name specified." and e.parameters == ["name"]
    assert e.body["badRequestDetail"] == {"fields": [{"field": "name", "description": "too long"}]}
    assert e.retry_after == 7.0
    assert "INVALID_ATTRIBUTE" in str(e)


def test_error_without_json_body_keeps_status() -> None:
    with pytest.raises(atlas_admin.ServerError) as info:
        atlas_admin.parse_response("listClusters", 502, {"Content-Type": "text/html"}, b"<html>bad gateway</html>")
    assert info.value.status == 502 and info.value.error_code is None and "bad gateway" in info.value.detail


def test_decode_error() -> None:
    with pytest.raises(atlas_admin.DecodeError) as info:
        atlas_admin.parse_response("listClusters", 200, {"Content-Type": "application/json"}, b'{"results": [')
    e = info.value
    assert e.status == 200 and "application/json" in str(e) and "results" in str(e)
    assert "invalid JSON" in str(e)


def test_to_curl_redacts() -> None:
    r = atlas_admin.build_request(
        "createDatabaseUser", {"groupId": GROUP},
        {"username": "u", "password": "hunter2-SECRET", "databaseName": "admin", "groupId": GROUP,
         "roles": [{"roleName": "read", "databaseName": "admin"}]},
    )
    c = r.to_curl()
    assert c.startswith("curl -X POST 'https://cloud.mongodb.com/api/atlas/v2/groups/")
    assert "hunter2-SECRET" not in c and "<redacted>" in c


def test_envelope_replies_are_unwrapped_by_the_core() -> None:
    ct = {"Content-Type": "application/json"}
    inner = {"id": GROUP, "name": "p"}
    assert atlas_admin.parse_response("getProject", 200, ct, json.dumps({"status": 200, "content": inner}).encode()) == inner
    with pytest.raises(atlas_admin.NotFound) as info:
        atlas_admin.parse_response("getProject", 200, ct, json.dumps({"status": 404, "content": {"errorCode": "NOPE"}}).encode())
    assert info.value.error_code == "NOPE"
    page = {"status": 200, "results": [1], "totalCount": 1}
    assert atlas_admin.parse_response("listProjects", 200, ct, json.dumps(page).encode()) == {"results": [1], "totalCount": 1}
    job = {"id": "j", "status": "PENDING"}  # a string `status` is a field, not an envelope
    assert atlas_admin.parse_response("getProject", 200, ct, json.dumps(job).encode()) == job


@pytest.mark.parametrize(
    "doc",
    [
        {"a": [1, -2, 3.5, 1e300, True, False, None], "b": {"c": {"d": "é\u2603\n\"x\""}}},
        [{"k": i, "same": "key"} for i in range(50)],
        {"big": 18446744073709551615, "neg": -9223372036854775808, "esc\\u0041": "\ud83d\ude00"},
        [],
        "text",
    ],
)
def test_parse_matches_json_loads(doc: object) -> None:
    body = json.dumps(doc).encode()
    assert atlas_admin.parse_response("listProjects", 200, {"Content-Type": "application/vnd.atlas.2023-01-01+json"}, body) == json.loads(body)


def test_bad_json_and_trailing_bytes_are_decode_errors() -> None:
    for body in (b'{"a": 1} x', b'{"a": }', b"\xff\xfe"):
        with pytest.raises(atlas_admin.DecodeError):
            atlas_admin.parse_response("listProjects", 200, {"Content-Type": "application/json"}, body)
