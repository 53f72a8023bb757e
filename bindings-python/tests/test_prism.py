"""Every operation of the current spec through the Python client against Prism, a validating mock
started with that spec: Prism answers 4xx to any request that breaks the spec, so a 4xx is our
defect, except for Prism's own known refusals in tests/prism/known-limits.json, which every suite
(Rust, Python, JS, Kotlin) reads, so all accept exactly the same refusals by the same rules.
Operations Atlas removed are not sent (Prism does not know them): test_names.py builds them."""

from __future__ import annotations

import asyncio
import json
import re
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import atlas_admin
from conftest import ROOT

REMOVED = {o["operation_id"] for o in atlas_admin.operations() if o["removed"]}
ALL_FIXTURES = json.loads((ROOT / "tests/fixtures/requests.json").read_text())
FIXTURES = [fx for fx in ALL_FIXTURES if fx["operationId"] not in REMOVED]
LIMITS = json.loads((ROOT / "tests/prism/known-limits.json").read_text())
KNOWN: Dict[str, str] = LIMITS["operations"]


STUB = (Path(atlas_admin.__file__).parent / "_facade.pyi").read_text()
# operationId -> the result type the stubs promise (sync classes come first in the file).
RESULT: Dict[str, str] = {}
for _ret, _op in re.findall(r"\) -> (.+):\n\s+\"\"\"[^\n]*\(operation ``(\w+)``(?:, version \S+)?\)\.", STUB):
    RESULT.setdefault(_op, _ret)


def kind_matches(op: str, result: Any) -> bool:
    """The reply is of the kind the stubs say: text, bytes, nothing, or JSON values."""
    promised = RESULT[op]
    if promised == "str":
        return isinstance(result, str)
    if promised == "bytes":
        return isinstance(result, bytes)
    return not isinstance(result, (str, bytes))


def test_known_list_is_read() -> None:
    assert KNOWN and set(KNOWN) <= {fx["operationId"] for fx in FIXTURES}, "known limits name current ids"
    assert set(KNOWN.values()) <= set(LIMITS["kinds"])
    assert all(rule["endsWith"] or rule["contains"] for rule in LIMITS["kinds"].values())
    assert len(RESULT) == atlas_admin.OPERATION_COUNT and RESULT[atlas_admin._names.operation_id("getHostLogs")] == "bytes"
    assert len(FIXTURES) == atlas_admin.OPERATION_COUNT - len(REMOVED) == 540


def violations(header: Optional[str], body: Any) -> List[str]:
    """Prism's violations: the `sl-violations` header, else the problem body's `validation`."""
    found = None
    if header:
        try:
            found = json.loads(header)
        except ValueError:
            found = None
    if found is None and isinstance(body, dict):
        found = body.get("validation")
    out = []
    for v in found or []:
        at = ".".join(p if isinstance(p, str) else json.dumps(p) for p in v.get("location", []))
        out.append(f"{at} {v.get('message', '')}")
    return out


def known_prism_limitation(op: str, found: List[str]) -> Optional[str]:
    """The shared rule: a listed operation, and every violation fits the listed kind (ends with
    one of its `endsWith`, or contains one of its `contains`)."""
    kind = KNOWN.get(op)
    if kind is None or not found:
        return None
    rule = LIMITS["kinds"][kind]

    def fits(v: str) -> bool:
        return any(v.endswith(e) for e in rule["endsWith"]) or any(c in v for c in rule["contains"])

    return kind if all(fits(v) for v in found) else None


def prefer(op: str) -> Optional[str]:
    # Prism answers with the lowest 2xx unless told; ask for the chosen version's own status.
    statuses = atlas_admin._core.chosen_version(op)[1]
    return f"code={statuses[0]}" if statuses else None


class PrismTransport:
    """Adds `Prefer` for the call in progress and keeps the last reply's violations header."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.prefer: Optional[str] = None
        self.violations: Optional[str] = None

    def _headers(self, headers: Any) -> List[Tuple[str, str]]:
        return list(headers) + ([("prefer", self.prefer)] if self.prefer else [])

    def _keep(self, r: atlas_admin.Response) -> atlas_admin.Response:
        self.violations = next((v.decode() for k, v in r.headers if k.lower() == "sl-violations"), None)
        return r

    def send(self, method: str, url: str, headers: Any, body: Optional[bytes], timeout: float) -> atlas_admin.Response:
        return self._keep(self.inner.send(method, url, self._headers(headers), body, timeout))

    def close(self) -> None:
        self.inner.close()


class AsyncPrismTransport(PrismTransport):
    async def send(self, method: str, url: str, headers: Any, body: Optional[bytes], timeout: float) -> atlas_admin.Response:  # type: ignore[override]
        return self._keep(await self.inner.send(method, url, self._headers(headers), body, timeout))

    async def aclose(self) -> None:
        await self.inner.aclose()


class Tally:
    def __init__(self) -> None:
        self.accepted = self.parsed = 0
        self.rejected: List[str] = []
        self.unparsed: List[str] = []
        self.limits: List[str] = []
        self.defects: List[str] = []
        self.mistyped: List[str] = []
        self.warned: Dict[str, int] = {}

    def record_warnings(self, caught: List[warnings.WarningMessage]) -> None:
        for w in caught:
            name = w.category.__name__
            self.warned[name] = self.warned.get(name, 0) + 1

    def outcome(self, op: str, t: PrismTransport, result: Any = None, error: Optional[Exception] = None) -> None:
        if isinstance(error, atlas_admin.ApiError) and 400 <= error.status < 500:
            found = violations(t.violations, error.body)
            kind = known_prism_limitation(op, found)
            if kind:
                self.limits.append(f"{op}: {kind}")
            else:
                self.rejected.append(f"{op}: {error.status} {error} {found}")
            return
        self.accepted += 1
        if t.violations:
            self.defects.append(op)
        if error is None:
            self.parsed += 1
            if not kind_matches(op, result):
                self.mistyped.append(f"{op}: stubs say {RESULT[op]}, got {type(result).__name__}")
        elif isinstance(error, atlas_admin.ServerError):
            self.parsed += 1  # Prism could not make an example; the 5xx still parsed into an error
        else:
            self.unparsed.append(f"{op}: {type(error).__name__}: {error}")

    def check(self, total: int) -> None:
        kinds: Dict[str, int] = {}
        for entry in self.limits:
            kind = entry.rsplit(": ", 1)[1]
            kinds[kind] = kinds.get(kind, 0) + 1
        print(f"prism (python): {total} sent, {self.accepted} accepted, {self.parsed} parsed, "
              f"{len(self.limits)} tolerated {kinds}, {len(self.defects)} spec-defect replies, "
              f"warnings {self.warned}")
        # Operations Prism knows are current: none may warn that it was removed.
        assert "RemovedOperationWarning" not in self.warned
        assert not self.rejected, "\n".join(self.rejected)
        assert not self.unparsed, "\n".join(self.unparsed)
        assert not self.mistyped, "\n".join(self.mistyped)
        assert self.accepted + len(self.limits) == total
        assert self.parsed == self.accepted
        assert len(self.limits) <= len(KNOWN)


def test_all_operations_against_prism(prism_url: str) -> None:
    assert len(FIXTURES) == 540
    t = PrismTransport(atlas_admin.UrllibTransport())
    tally = Tally()
    with atlas_admin.Client(atlas_admin.BearerToken("x"), base_url=prism_url, transport=t, max_attempts=1) as client:
        for fx in FIXTURES:
            op = fx["operationId"]
            t.prefer = prefer(op)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    result = client.call(op, body=fx["body"], **(fx["params"] or {}))
                except atlas_admin.AtlasError as e:
                    tally.outcome(op, t, error=e)
                else:
                    tally.outcome(op, t, result)
            tally.record_warnings(caught)
    tally.check(len(FIXTURES))


def test_get_operations_async_over_httpx(prism_url: str) -> None:
    httpx = pytest.importorskip("httpx")
    ops = {o["operation_id"]: o for o in atlas_admin.operations()}
    gets = [fx for fx in FIXTURES if ops[fx["operationId"]]["method"] == "GET"]
    assert len(gets) > 200

    async def main() -> Tally:
        tally = Tally()
        t = AsyncPrismTransport(atlas_admin.AsyncHttpxTransport(httpx.AsyncClient()))
        async with atlas_admin.AsyncClient(atlas_admin.BearerToken("x"), base_url=prism_url, transport=t, max_attempts=1) as client:
            for fx in gets:
                op = fx["operationId"]
                t.prefer = prefer(op)
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    try:
                        result = await client.call(op, body=fx["body"], **(fx["params"] or {}))
                    except atlas_admin.AtlasError as e:
                        tally.outcome(op, t, error=e)
                    else:
                        tally.outcome(op, t, result)
                tally.record_warnings(caught)
        return tally

    asyncio.run(main()).check(len(gets))
