"""mypy accepts a script that uses the typed facade and rejects one with wrong keywords, types and
fields: the stubs carry every operation's parameters and the TypedDicts of bodies and results."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "mypy_samples"


def mypy(script: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    pytest.importorskip("mypy")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), *extra, str(HERE / script)],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )


def test_mypy_accepts_good_usage(tmp_path: Path) -> None:
    r = mypy("good.py", tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_rejects_wrong_keywords_types_and_fields(tmp_path: Path) -> None:
    r = mypy("bad.py", tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    bad_lines = {i for i, line in enumerate((HERE / "bad.py").read_text().splitlines(), 1) if "# BAD" in line}
    flagged = {int(line.split(":")[1]) for line in r.stdout.splitlines() if ": error:" in line}
    assert flagged == bad_lines, r.stdout
    assert 'Unexpected keyword argument "item_per_page"' in r.stdout


def test_mypy_flags_old_names_and_removed_operations_as_deprecated(tmp_path: Path) -> None:
    r = mypy("deprecated.py", tmp_path, "--enable-error-code", "deprecated")
    marked = {i for i, line in enumerate((HERE / "deprecated.py").read_text().splitlines(), 1) if "# DEPRECATED" in line}
    flagged = {int(line.split(":")[1]) for line in r.stdout.splitlines() if "[deprecated]" in line}
    assert flagged == marked, r.stdout
    assert "use projects.create_group" in r.stdout
    # Without the opt-in error code the same script type-checks.
    assert mypy("deprecated.py", tmp_path).returncode == 0


def test_package_and_stubs_pass_mypy_strict(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    package = Path(__file__).resolve().parent.parent / "python" / "atlas_admin"
    r = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(package)],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr
