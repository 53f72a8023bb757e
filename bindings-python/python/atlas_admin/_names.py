"""Operation names and snake_case keyword arguments to the spec's names, per operation."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Mapping, Optional

from . import _core
from ._errors import BuildError


def snake(name: str) -> str:
    """``itemsPerPage`` -> ``items_per_page``, ``Use-Effective-Fields`` -> ``use_effective_fields``:
    the rule the generated methods and the core's snake_case names use (codegen's ``snake_name``)."""
    out = []
    prev = ""
    for ch in name:
        if ch.isascii() and ch.isalnum():
            if ch.isupper() and prev.isascii() and (prev.islower() or prev.isdigit()):
                out.append("_")
            out.append(ch.lower())
        elif out and out[-1] != "_":
            out.append("_")
        prev = ch
    return "".join(out).rstrip("_")


_OPERATION_KEYS = {"operationId": "operation_id", "shortName": "short_name", "formerIds": "former_ids",
                   "names": "names", "removed": "removed", "deprecated": "deprecated", "method": "method",
                   "path": "path", "tag": "tag", "summary": "summary", "docsUrl": "docs_url", "paged": "paged",
                   "watcher": "watcher"}
_PARAM_KEYS = ("name", "aliases", "in", "required", "type", "array", "enum")


def operations() -> List[Dict[str, Any]]:
    """The core's operation list (``operation_json``) in the shape ``atlas_admin.operations()``
    has always had: snake_case keys, version names, ``takes_body``."""
    def one(op: Dict[str, Any]) -> Dict[str, Any]:
        out = {snake_key: op[key] for key, snake_key in _OPERATION_KEYS.items()}
        out["versions"] = [v["name"] for v in op["versions"]]
        out["takes_body"] = op["hasBody"]
        out["params"] = [{k: p[k] for k in _PARAM_KEYS} for p in op["params"]]
        return out
    return [one(op) for op in _core.operations()]


@lru_cache(maxsize=None)
def _table() -> Dict[str, Dict[str, str]]:
    """operation id -> {snake_case or spec name of each parameter and alias: spec name}."""
    table: Dict[str, Dict[str, str]] = {}
    for op in _core.operations():
        names: Dict[str, str] = {}
        for p in op["params"]:
            for n in (p["name"], *p["aliases"]):
                names[snake(n)] = n
        table[op["operationId"]] = names
    return table


@lru_cache(maxsize=1024)
def operation_id(name: str) -> str:
    """The operation's id for any of its names: the current id (``listGroupClusters``), its short
    name (``listClusters``), an earlier id (``createProject``), or the snake_case of one. An unknown
    or ambiguous name raises ``BuildError`` (with close names, or the operations it could mean)."""
    return _core.resolve(name)


def wire_params(op: str, params: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    """Params keyed by the spec's names. Either spelling is accepted, and a parameter's alias
    (``project_id`` for ``group_id``); an unknown name is passed through so the core's error
    names it."""
    if not params:
        return None
    names = _table().get(op, {})
    out: Dict[str, Any] = {}
    given: Dict[str, str] = {}
    for k, v in params.items():
        wire = names.get(k, k)
        if wire in out and v is not None and out[wire] is not None:
            raise BuildError(
                f"{op}: parameter `{wire}` was given twice, as `{given[wire]}` and as `{k}`",
                operation=op, parameter=wire,
            )
        if v is not None or wire not in out:
            out[wire] = v
            given[wire] = k
    return out
