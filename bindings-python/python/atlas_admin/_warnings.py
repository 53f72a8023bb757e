"""The warnings a call can carry, and the deprecations of the first release's names.

``AtlasWarning`` is the base (a ``UserWarning``, shown by default). ``RemovedOperationWarning``:
the operation is not in the current API any more (it may still answer, or stop without notice).
``SunsetWarning``: the version called is past its announced sunset date (by this machine's clock).
The core decides both (``Call.warnings``); this module only turns them into Python warnings that
point at the caller's line. Silence them as usual::

    warnings.simplefilter("ignore", atlas_admin.SunsetWarning)
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Iterable, Tuple, Type

_HERE = os.path.dirname(os.path.abspath(__file__)) + os.sep


class AtlasWarning(UserWarning):
    """Base of the warnings this package emits; ``operation_id`` names the operation called."""

    def __init__(self, message: str, operation_id: str = "") -> None:
        super().__init__(message)
        self.operation_id = operation_id


class RemovedOperationWarning(AtlasWarning):
    """The operation is no longer in the Atlas Admin API; the call is still made."""


class SunsetWarning(AtlasWarning):
    """The version called is past its announced sunset date; the call is still made."""


for _cls in (AtlasWarning, RemovedOperationWarning, SunsetWarning):
    _cls.__module__ = "atlas_admin"

_KINDS = {"removed": RemovedOperationWarning, "past_sunset": SunsetWarning}


def _caller_level() -> int:
    """The ``stacklevel`` of the first frame outside this package, seen from ``_emit``'s or
    ``_deprecated``'s caller: a warning points at the user's line, however deep the call."""
    frame = sys._getframe(2)
    level = 2
    while frame is not None and frame.f_code.co_filename.startswith(_HERE):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def _emit(found: Iterable[Tuple[str, str, str]]) -> None:
    """Warns once for each ``(kind, operation_id, message)`` the core reported."""
    for kind, operation_id, message in found:
        cls: Type[AtlasWarning] = _KINDS.get(kind, AtlasWarning)
        warnings.warn(cls(message, operation_id), stacklevel=_caller_level())


def _deprecated(old: str, new: str) -> None:
    """A first-release method name was called."""
    warnings.warn(
        f"client.{old}() is the first release's name: use client.{new}(), the name of the current API",
        DeprecationWarning,
        stacklevel=_caller_level(),
    )


def _deprecated_group(old: str, new: str) -> None:
    """A group of the first release whose operations moved to other groups was used."""
    warnings.warn(
        f"client.{old} is the first release's group: its operations are now in {new}",
        DeprecationWarning,
        stacklevel=_caller_level(),
    )
