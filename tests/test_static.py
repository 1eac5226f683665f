"""mypy (strict) and ruff pass on src/ — part of the suite so CI enforces them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_mypy_strict() -> None:
    result = run("mypy", "--strict", "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff() -> None:
    result = run("ruff", "check", "src", "tests")
    assert result.returncode == 0, result.stdout + result.stderr
