"""`python -m atlas_admin`: the operations table, or a call rendered as curl."""

from __future__ import annotations

import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "atlas_admin", *args], capture_output=True, text=True, timeout=60)


def test_table() -> None:
    r = run()
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[-1] == "575 operations (35 removed by Atlas, still callable)"
    assert any(line.split() == ["listGroupClusters", "GET", "/api/atlas/v2/groups/{groupId}/clusters", "(listClusters)"] for line in lines)
    assert any(line.split()[:4] == ["createGroup", "POST", "/api/atlas/v2/groups", "(createProject)"] for line in lines)
    assert any(line.startswith("pausePipeline ") and line.endswith("[removed; last listed 2025-06-05]") for line in lines)


def test_curl_with_typed_params_and_redacted_body() -> None:
    r = run("list_clusters", "group_id=32b6e34b3d91647abb20e7b8", "items_per_page=3", "include_count=false")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("curl -X GET 'https://cloud.mongodb.com/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters?includeCount=false&itemsPerPage=3'")
    body = '{"username":"u","password":"hunter2-SECRET","databaseName":"admin","groupId":"32b6e34b3d91647abb20e7b8","roles":[{"roleName":"read","databaseName":"admin"}]}'
    r = run("createDatabaseUser", "groupId=32b6e34b3d91647abb20e7b8", "--body", body)
    assert r.returncode == 0, r.stderr
    assert "hunter2-SECRET" not in r.stdout and '"password":"<redacted>"' in r.stdout


def test_bad_param_is_an_error() -> None:
    r = run("listClusters", "group_id=nothex")
    assert r.returncode == 2 and "groupId" in r.stderr
