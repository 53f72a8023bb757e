"""Per-client and per-call settings reaching the wire, reply metadata, and events in `logging`."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import atlas_admin
from atlas_admin.testing import MockAtlas
from conftest import Scripted

GROUP = "32b6e34b3d91647abb20e7b8"
OK = (200, {"Content-Type": "application/vnd.atlas.2023-01-01+json", "RateLimit-Limit": "100",
            "RateLimit-Remaining": "97", "X-Request-Id": "r-1"}, b'{"results":[],"totalCount":0}')


def test_client_settings_and_call_options_reach_the_request() -> None:
    t = Scripted([OK, OK])
    timeouts: list = []
    send = t.send
    t.send = lambda m, u, h, b, timeout: (timeouts.append(timeout), send(m, u, h, b, timeout))[1]  # type: ignore[method-assign]
    client = atlas_admin.Client(atlas_admin.BearerToken("tok"), base_url="http://atlas.test", transport=t,
                                user_agent="ua/1", headers={"X-Trace": "client", "X-Team": "a"}, timeout=7.5,
                                version_pin="2023-06-01", retry=atlas_admin.RetryPolicy(max_attempts=1))
    client.call("listProjects")
    client.call("listProjects", headers={"X-Trace": "call"}, timeout=2.0, version="2023-01-01")
    (first, second) = [h for _, _, h, _ in t.sent]
    assert first["user-agent"] == "ua/1" and first["x-trace"] == "client" and first["x-team"] == "a"
    assert second["x-trace"] == "call" and second["x-team"] == "a"
    assert second["accept"] == "application/vnd.atlas.2023-01-01+json"
    assert timeouts == [7.5, 2.0]


def test_strict_per_call_and_per_client_reject_an_unlisted_enum_value() -> None:
    t = Scripted([OK])
    client = atlas_admin.Client(atlas_admin.BearerToken("tok"), transport=t)
    with pytest.raises(atlas_admin.BuildError) as info:
        client.call("listGroupAlerts", group_id=GROUP, status="SNOOZED", strict=True)
    assert info.value.parameter == "status" and t.sent == []
    client.call("listGroupAlerts", group_id=GROUP, status="SNOOZED")  # not strict: sent as given
    assert t.sent[0][1].endswith("status=SNOOZED")
    strict = atlas_admin.Client(atlas_admin.BearerToken("tok"), transport=t, strict=True)
    with pytest.raises(atlas_admin.BuildError):
        strict.call("listGroupAlerts", group_id=GROUP, status="SNOOZED")


def test_retry_per_call_overrides_the_client() -> None:
    limited = (429, {"Content-Type": "application/json", "Retry-After": "1"}, b'{"error":429}')
    t = Scripted([limited, limited])
    client = atlas_admin.Client(atlas_admin.BearerToken("tok"), transport=t)
    client._sleep = t.slept.append
    with pytest.raises(atlas_admin.RateLimited) as info:
        client.call("listProjects", retry={"max_attempts": 2})
    assert info.value.attempts == 2 and t.slept == [1.0]
    with pytest.raises(TypeError):
        client.call("listProjects", retry={"max_attempts": 2, "no_such": 1})


def test_a_reserved_header_is_refused() -> None:
    client = atlas_admin.Client(atlas_admin.BearerToken("tok"), transport=Scripted([]))
    with pytest.raises(atlas_admin.BuildError) as info:
        client.call("listProjects", headers={"Authorization": "x"})
    assert info.value.parameter == "options.headers" and "Authorization" in str(info.value)


def test_metadata_on_request() -> None:
    client = atlas_admin.Client(atlas_admin.BearerToken("tok"), transport=Scripted([OK, OK]))
    assert client.call("listProjects") == {"results": [], "totalCount": 0}  # plain data by default
    result = client.call("listProjects", return_metadata=True)
    data, meta = result
    assert data == {"results": [], "totalCount": 0} and isinstance(result, atlas_admin.Result)
    assert meta is not None and (meta.operation, meta.status, meta.version, meta.attempts) == ("listGroups", 200, "2023-01-01", 1)
    assert meta.rate_limit == atlas_admin.RateLimit(100, 97)
    assert meta.header("X-Request-Id") == "r-1"


def test_events_go_to_logging_without_secrets(caplog: pytest.LogCaptureFixture) -> None:
    atlas = MockAtlas().require_digest("pub", "PRIV-SECRET").rate_limit(1, retry_after=2)
    client = atlas_admin.Client(atlas_admin.DigestAuth("pub", "PRIV-SECRET"), transport=atlas)
    with caplog.at_level(logging.DEBUG, logger="atlas_admin"):
        client.call("getProject", group_id=GROUP)
    records = [r for r in caplog.records if r.name == "atlas_admin"]
    kinds = [(r.levelno, r.atlas_event["event"]) for r in records]  # type: ignore[attr-defined]
    assert (logging.DEBUG, "requestSent") in kinds and (logging.DEBUG, "replyReceived") in kinds
    assert (logging.INFO, "waiting") in kinds and (logging.WARNING, "retrying") in kinds
    sent = next(r for r in records if r.atlas_event["event"] == "requestSent")  # type: ignore[attr-defined]
    assert f"/groups/{GROUP}" in sent.getMessage()
    text = caplog.text + "".join(repr(r.__dict__) for r in records)
    assert "PRIV-SECRET" not in text and "response=" not in text


def test_service_account_token_event_shows_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    atlas = MockAtlas().require_oauth("mdb_sa_id", "SA-SECRET", lifetime=600)
    client = atlas_admin.Client(atlas_admin.ServiceAccount("mdb_sa_id", "SA-SECRET"), transport=atlas)
    with caplog.at_level(logging.DEBUG, logger="atlas_admin"):
        client.call("listProjects")
    events = [r.atlas_event for r in caplog.records if r.name == "atlas_admin"]  # type: ignore[attr-defined]
    token = [e for e in events if e["event"] == "tokenFetched"]
    assert len(token) == 1 and token[0]["clientId"] == "mdb_sa_id"
    assert "SA-SECRET" not in caplog.text + repr(events)


def test_no_records_when_logging_is_quiet(caplog: pytest.LogCaptureFixture) -> None:
    client = atlas_admin.Client(atlas_admin.BearerToken("tok"), transport=Scripted([OK]))
    with caplog.at_level(logging.WARNING, logger="atlas_admin"):
        client.call("listProjects")
    assert [r for r in caplog.records if r.name == "atlas_admin"] == []
