#!/usr/bin/env python3
"""Benchmark (not a test): per-call cost of build_request/parse_response, parsing a ~5 MB list
reply into Python objects against json.loads on the same bytes, and `import atlas_admin` time.

    python bench.py [--spec PATH] [--mb 5]

The list reply is made by a seeded generator walking the spec's ClusterDescription20240805
schema, so it has the shape and size of a real page of clusters; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import atlas_admin

HERE = Path(__file__).resolve().parent
DEFAULT_SPEC = HERE.parent.parent / "shared" / "openapi" / "atlas-admin-v2.json"
GROUP = "32b6e34b3d91647abb20e7b8"
CT = [("Content-Type", "application/vnd.atlas.2024-08-05+json")]


class Fake:
    """Values for a schema, from a seeded RNG: enums pick a listed value, strings are words."""

    def __init__(self, spec: Dict[str, Any], seed: int) -> None:
        self.schemas = spec["components"]["schemas"]
        self.rng = random.Random(seed)

    def value(self, schema: Dict[str, Any], depth: int = 0, merging: bool = False) -> Any:
        if "$ref" in schema:
            return self.value(self.schemas[schema["$ref"].rsplit("/", 1)[-1]], depth, merging)
        # A variant lists its parent in allOf, and the parent lists its variants in oneOf: when
        # merging a parent's fields into a variant, do not pick a variant again.
        for key in ("oneOf", "anyOf"):
            if schema.get(key) and not merging:
                return self.value(self.rng.choice(schema[key]), depth)
        props: Dict[str, Any] = {}
        for part in schema.get("allOf", []):
            part_value = self.value(part, depth, merging=True)
            if isinstance(part_value, dict):
                props.update(part_value)
        if schema.get("properties") or props:
            if depth > 6:
                return props
            for name, sub in schema.get("properties", {}).items():
                props[name] = self.value(sub, depth + 1)
            return props
        kind = schema.get("type")
        if "enum" in schema:
            return self.rng.choice(schema["enum"])
        if kind == "array":
            return [self.value(schema.get("items", {}), depth + 1) for _ in range(self.rng.randint(1, 3))] if depth < 6 else []
        if kind == "integer":
            return self.rng.randint(0, 100000)
        if kind == "number":
            return round(self.rng.random() * 1000, 3)
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind == "object":
            return {f"k{i}": f"v{self.rng.randint(0, 999)}" for i in range(self.rng.randint(0, 3))}
        if schema.get("format") == "date-time":
            return f"2025-0{self.rng.randint(1, 9)}-1{self.rng.randint(0, 9)}T12:34:56Z"
        return "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(self.rng.randint(4, 24)))


def list_reply(spec: Dict[str, Any], megabytes: float) -> bytes:
    fake = Fake(spec, seed=20240805)
    schema = {"$ref": "#/components/schemas/ClusterDescription20240805"}
    results: List[Any] = []
    size, target = 0, int(megabytes * 1_000_000)
    while size < target:
        item = fake.value(schema)
        results.append(item)
        size += len(json.dumps(item, separators=(",", ":")))
    return json.dumps({"links": [], "results": results, "totalCount": len(results)}, separators=(",", ":")).encode()


class Canned:
    """A transport that answers every request with the same reply, so only our code is timed."""

    def __init__(self, body: bytes) -> None:
        self.reply = atlas_admin.Response(200, [("Content-Type", CT[0][1].encode())], body)

    def send(self, *args: Any) -> atlas_admin.Response:
        return self.reply

    def close(self) -> None:
        pass


def per_call(*fns: Callable[[], Any], seconds: float = 1.0) -> List[float]:
    """Microseconds per call of each function: the best of 5 timed batches (the least disturbed
    by other work). The batches take turns, so a figure and its baseline meet the same moments of
    a shared machine's load."""
    sizes = []
    for fn in fns:
        n = 1
        while True:
            t = time.perf_counter()
            for _ in range(n):
                fn()
            if time.perf_counter() - t > seconds / 10:
                break
            n *= 2
        sizes.append(n)
    best = [float("inf")] * len(fns)
    for _ in range(5):
        for i, (fn, n) in enumerate(zip(fns, sizes)):
            t = time.perf_counter()
            for _ in range(n):
                fn()
            best[i] = min(best[i], (time.perf_counter() - t) / n)
    return [b * 1e6 for b in best]


def import_time() -> float:
    code = "import time; t = time.perf_counter(); import atlas_admin; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout) for _ in range(7)]
    return statistics.median(runs) * 1e3


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--json", action="store_true", help="rows for bench/run")
    args = ap.parse_args()
    spec = json.loads(args.spec.read_text())

    params = {"groupId": GROUP, "itemsPerPage": 10, "includeCount": True}
    small_body = json.dumps(Fake(spec, 1).value({"$ref": "#/components/schemas/ClusterDescription20240805"})).encode()
    big = list_reply(spec, args.mb)
    count = len(json.loads(big)["results"])
    assert atlas_admin.parse_response("listClusters", 200, CT, big) == json.loads(big)

    client = atlas_admin.Client(atlas_admin.BearerToken("t"), base_url="http://bench.invalid", transport=Canned(big))
    [build] = per_call(lambda: atlas_admin.build_request("listClusters", params))
    small, small_json = per_call(
        lambda: atlas_admin.parse_response("getCluster", 200, CT, small_body),
        lambda: json.loads(small_body),
    )
    large, large_json, call = (us / 1e3 for us in per_call(
        lambda: atlas_admin.parse_response("listClusters", 200, CT, big),
        lambda: json.loads(big),
        lambda: client.call("listClusters", group_id=GROUP),
        seconds=3,
    ))
    imp = import_time()
    mb = f"{len(big) / 1e6:.1f} MB"
    if args.json:
        # Rows for bench/run: each figure beside the baseline a Python user would otherwise have.
        ratio = lambda ours, base: f"{base / ours:.2f}x"
        print(json.dumps([
            {"what": "build_request(listClusters)", "value": f"{build:.1f} µs/call"},
            {"what": f"parse_response getCluster, {len(small_body)} B", "value": f"{small:.1f} µs", "baseline": "json.loads", "baseline_value": f"{small_json:.1f} µs", "ratio": ratio(small, small_json)},
            {"what": f"parse_response list, {mb}, {count} clusters", "value": f"{large:.1f} ms", "baseline": "json.loads", "baseline_value": f"{large_json:.1f} ms", "ratio": ratio(large, large_json)},
            {"what": f"Client.call list, {mb}, in-memory transport", "value": f"{call:.1f} ms", "baseline": "json.loads", "baseline_value": f"{large_json:.1f} ms", "ratio": ratio(call, large_json)},
            {"what": "import atlas_admin (median of 7)", "value": f"{imp:.1f} ms"},
        ]))
        return
    rows = [
        ("build_request(listClusters)", f"{build:.1f} µs"),
        (f"parse_response(getCluster, {len(small_body)} B)", f"{small:.1f} µs"),
        (f"json.loads same {len(small_body)} B", f"{small_json:.1f} µs"),
        (f"parse_response list, {mb}, {count} clusters", f"{large:.1f} ms"),
        (f"json.loads same {mb}", f"{large_json:.1f} ms"),
        (f"Client.call list, {mb}, in-memory transport", f"{call:.1f} ms"),
        ("import atlas_admin (median of 7)", f"{imp:.1f} ms"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  result")
    print(f"{'-' * width}  ------")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")

if __name__ == "__main__":
    main()
