"""The abi3 wheel works on the oldest Python it claims (3.9), when one is on this machine."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path
from typing import Optional

import pytest

WHEEL = os.environ.get("ATLAS_PY_WHEEL", "")


def find(python: str) -> Optional[str]:
    """On PATH, or among pyenv's versions (its shims refuse versions not selected)."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    for exe in [shutil.which(python), *sorted(glob.glob(str(root / "versions" / "*" / "bin" / python)))]:
        if exe and subprocess.run([exe, "-c", "pass"], capture_output=True).returncode == 0:
            return exe
    return None


@pytest.mark.parametrize("python", ["python3.9"])
def test_wheel_on_oldest_python(python: str, tmp_path: Path) -> None:
    if not WHEEL or not Path(WHEEL).exists():
        pytest.skip("ATLAS_PY_WHEEL not set (test.sh sets it to the wheel it built)")
    exe = find(python)
    if exe is None:
        pytest.skip(f"{python} not available")
    venv = tmp_path / "venv"
    subprocess.run([exe, "-m", "venv", str(venv)], check=True, timeout=120)
    py = str(venv / "bin" / "python")
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check", WHEEL], check=True, timeout=300)
    code = (
        "import atlas_admin as a, sys\n"
        "r = a.build_request('listClusters', {'groupId': '32b6e34b3d91647abb20e7b8'})\n"
        "v = a.parse_response('listClusters', 200, [('Content-Type', 'application/json')], b'{\"results\": []}')\n"
        "c = a.Client(a.BearerToken('t'))\n"
        "print(sys.version_info[:2], r.method, v, type(c.clusters).__name__)\n"
    )
    out = subprocess.run([py, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert out.stdout.split(")", 1)[1].split() == ["GET", "{'results':", "[]}", "ClustersGroup"], out.stderr
