"""Mistakes a reader would trip over: names used but never defined, imports nobody uses."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_pyflakes_checks_pass_on_the_whole_tree() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff n'est pas installé (extra « test »)")
    result = subprocess.run([ruff, "check", "--no-cache", "themisia_desktop", "tests", "benchmarks",
                             "db", "scripts"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
