"""The generated facade: reproducible from the spec, and in step with the core's operation table."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import atlas_admin
from atlas_admin import _groups
from atlas_admin._names import snake
from conftest import SPEC

GEN = Path(__file__).resolve().parent.parent / "gen" / "generate_facade.py"


def methods():
    for group_name in _groups.GROUPS:
        group = getattr(_groups.Facade, group_name).fget(None)
        for name, fn in inspect.getmembers(type(group), inspect.isfunction):
            if not name.startswith("_"):
                yield group_name, name, fn


def test_generation_is_reproducible(tmp_path: Path) -> None:
    if not SPEC.exists():
        pytest.skip(f"spec not found at {SPEC}")
    r = subprocess.run([sys.executable, str(GEN), "--spec", str(SPEC), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_one_method_per_operation_with_the_core_params() -> None:
    ops = {o["operation_id"]: o for o in atlas_admin.operations()}
    seen = set()
    for _, name, fn in methods():
        op_id = re.search(r"\((\w+)\); typed for version (\S+)\.", fn.__doc__).group(1)
        version = re.search(r"typed for version (\S+)\.", fn.__doc__).group(1)
        seen.add(op_id)
        op = ops[op_id]
        assert name == snake(op_id)
        params = set(inspect.signature(fn).parameters) - {"self", "version", "body"}
        assert params == {snake(p["name"]) for p in op["params"]}, op_id
        required = {n for n, p in inspect.signature(fn).parameters.items() if p.default is inspect.Parameter.empty} - {"self", "body"}
        assert required == {snake(p["name"]) for p in op["params"] if p["required"]}, op_id
        assert ("body" in inspect.signature(fn).parameters) == op["takes_body"], op_id
        # The stubs describe the version the core sends by default.
        assert version == atlas_admin._core.chosen_version(op_id)[0], op_id
    assert seen == set(ops)


def test_groups_are_tags() -> None:
    tags = {o["tag"] for o in atlas_admin.operations()}
    assert set(_groups.GROUPS.values()) == tags
    client = atlas_admin.Client(atlas_admin.BearerToken("t"))
    assert type(client.clusters).__name__ == "ClustersGroup"
    assert hasattr(client.cloud_backups, "cancel_backup_restore_job")
