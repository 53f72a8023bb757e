"""`pip install ./bindings-python` works in a fresh venv from a clean clone: the committed files
alone build (maturin from PyPI, the core from the clone) and import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.mark.skipif(bool(os.environ.get("ATLAS_PY_SKIP_INSTALL_TEST")), reason="ATLAS_PY_SKIP_INSTALL_TEST is set")
def test_pip_install_into_fresh_venv_from_clean_clone(tmp_path: Path) -> None:
    clone, venv = tmp_path / "clone", tmp_path / "venv"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    env = dict(os.environ)
    # A debug build is enough to prove the install works and is much quicker on a small machine;
    # the shared target dir lets cargo reuse the compiled dependencies.
    env["MATURIN_PEP517_ARGS"] = "--profile dev"
    r = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(clone / "bindings-python")],
        capture_output=True, text=True, env=env, timeout=1200,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    check = ("import atlas_admin, atlas_admin.models as m, pathlib; print(len(atlas_admin.operations()), "
             "pathlib.Path(atlas_admin.__file__).with_name('py.typed').exists(), "
             "pathlib.Path(atlas_admin.__file__).with_name('_facade.pyi').exists(), sorted(m.GroupInput.__required_keys__))")
    r = subprocess.run([str(py), "-c", check], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert r.stdout.split() == ["575", "True", "True", "['name',", "'orgId']"], r.stderr
