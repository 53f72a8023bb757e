"""snake_case keyword arguments to the spec's camelCase names, per operation."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Dict, Mapping, Optional

from . import _core

_UPPER = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake(name: str) -> str:
    """``itemsPerPage`` -> ``items_per_page``."""
    return _UPPER.sub(r"_\1", name).lower()


def camel(name: str) -> str:
    """``items_per_page`` -> ``itemsPerPage``."""
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


@lru_cache(maxsize=None)
def _table() -> Dict[str, Dict[str, str]]:
    return {op["operation_id"]: {snake(p["name"]): p["name"] for p in op["params"]} for op in _core.operations()}


def operation_id(name: str) -> str:
    """The spec's id for ``name``, which may also be given in snake_case (``list_clusters``)."""
    if name in _table():
        return name
    c = camel(name)
    return c if c in _table() else name  # unknown: the core names it and suggests close ids


def wire_params(op: str, params: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    """Params keyed by the spec's names. Either spelling is accepted; an unknown name is passed
    through so the core's error names it."""
    if not params:
        return None
    names = _table().get(op, {})
    return {names.get(k, k): v for k, v in params.items()}
