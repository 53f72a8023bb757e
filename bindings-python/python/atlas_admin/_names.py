"""Operation names and snake_case keyword arguments to the spec's names, per operation."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Mapping, Optional

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


@lru_cache(maxsize=None)
def _table() -> Dict[str, Dict[str, str]]:
    """operation id -> {snake_case or spec name of each parameter and alias: spec name}."""
    table: Dict[str, Dict[str, str]] = {}
    for op in _core.operations():
        names: Dict[str, str] = {}
        for p in op["params"]:
            for n in (p["name"], *p["aliases"]):
                names[snake(n)] = n
        table[op["operation_id"]] = names
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
