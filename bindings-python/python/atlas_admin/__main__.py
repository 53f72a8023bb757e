"""``python -m atlas_admin``: the operations table, or the request one call would send.

    python -m atlas_admin                         # every operation: id, method, path
    python -m atlas_admin listClusters group_id=32b6e34b3d91647abb20e7b8 items_per_page=5
    python -m atlas_admin createProject --body '{"name": "p", "orgId": "..."}'

The request is printed as a curl command with secret body fields redacted; it is built but
never sent, and carries no credentials (they are added while sending).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Dict, List, Optional

from . import AtlasError, DEFAULT_BASE_URL, build_request, operations
from ._names import operation_id as resolve_id
from ._names import snake


def table() -> str:
    """One line per operation: its id, method, path and its other names (short name, former ids)."""
    ops = operations()
    width = max(len(o["operation_id"]) for o in ops)
    lines = []
    for o in ops:
        others = [n for n in [o["short_name"], *o["former_ids"]] if n and n != o["operation_id"]]
        note = f"  ({', '.join(dict.fromkeys(others))})" if others else ""
        if o["removed"]:
            note += f"  [removed; last listed {o['removed']}]"
        lines.append(f"{o['operation_id']:<{width}}  {o['method']:<6}  {o['path']}{note}")
    removed = sum(1 for o in ops if o["removed"])
    lines.append(f"{len(ops)} operations ({removed} removed by Atlas, still callable)")
    return "\n".join(lines)


def _value(text: str, kind: str, array: bool) -> Any:
    """A command-line value typed by the parameter's kind (lists as comma-separated)."""
    if array:
        return [_value(t, kind, False) for t in text.split(",")]
    if kind in ("integer", "number", "boolean"):
        try:
            return json.loads(text)
        except ValueError:
            return text  # the core says what is wrong with it
    return text


def params_from(op: Dict[str, Any], pairs: List[str]) -> Dict[str, Any]:
    by_name = {}
    for p in op["params"]:
        for n in (p["name"], *p.get("aliases", [])):
            by_name[n] = {**p, "name": n}
            by_name[snake(n)] = by_name[n]
    out: Dict[str, Any] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep:
            raise SystemExit(f"expected name=value, got {pair!r}")
        p = by_name.get(name)
        out[p["name"] if p else name] = _value(text, p["type"], p["array"]) if p else text
    return out


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m atlas_admin", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("operation", nargs="?", help="an operationId (listClusters or list_clusters)")
    ap.add_argument("params", nargs="*", help="name=value (spec or snake_case names)")
    ap.add_argument("--body", help="JSON request body, or @FILE")
    ap.add_argument("--version", help="an exact API version, e.g. 2024-08-05")
    ap.add_argument("--base-url", default=DEFAULT_BASE_URL)
    args = ap.parse_args(argv)
    if not args.operation:
        print(table())
        return 0
    body = None
    if args.body:
        text = open(args.body[1:]).read() if args.body.startswith("@") else args.body
        body = json.loads(text)
    try:
        op_id = resolve_id(args.operation)
        op: Dict[str, Any] = next((o for o in operations() if o["operation_id"] == op_id), {"params": []})
        req = build_request(op_id, params_from(op, args.params), body, version=args.version, base_url=args.base_url)
    except AtlasError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(req.to_curl())
    return 0


if __name__ == "__main__":
    sys.exit(main())
