"""The code stays ruff- and mypy-clean (settings in pyproject.toml), checked with the suite."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff() -> None:
    result = _run("ruff", "check", "hooks", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = _run("mypy", "--cache-dir", str(ROOT / ".cache" / "mypy"), "hooks/digest", "hooks/digest_hooks.py")
    assert result.returncode == 0, result.stdout + result.stderr
