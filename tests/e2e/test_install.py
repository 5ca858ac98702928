"""A real installation: build the wheel, install it (not editable) into a fresh virtual
environment, and run ``themisia-admin`` from a folder outside the checkout. It proves that the
wheel carries the migrations and the bundled folders (pyproject's force-include) and that
``core/paths.py`` finds them inside site-packages, not in the checkout."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

PROBE = textwrap.dedent("""
    import json
    import themisia_desktop
    from themisia_desktop.core import paths
    from themisia_desktop.core.db import migrate

    def where(fn):
        try:
            return str(fn())
        except Exception as exc:  # reported, so the assertion says which folder is missing
            return f"ERROR {exc!r}"

    print(json.dumps({
        "package": themisia_desktop.__file__,
        "head": migrate.head_revision(),
        "migrations": where(paths.migrations_dir),
        "resources": where(paths.resources_dir),
        "ui": where(paths.ui_dir),
    }))
""")


def _run(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, (
        f"{' '.join(cmd)} -> {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def test_the_installed_wheel_finds_its_migrations_and_resources(tmp_path: Path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "THEMISIA_TEST_PG_ADMIN_URL")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["THEMISIA_HOME"] = str(tmp_path / "home")
    outside = tmp_path / "ailleurs"
    outside.mkdir()

    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
         cwd=outside, env=env, timeout=300)
    (wheel,) = wheels.glob("themisia_desktop-*.whl")

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=outside, env=env, timeout=120)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    # Not editable, with its dependencies from the configured index (pip's cache makes it quick).
    _run([str(python), "-m", "pip", "install", "-q", str(wheel)], cwd=outside, env=env, timeout=600)
    assert (bindir / "themisia-admin").exists() or (bindir / "themisia-admin.exe").exists()
    assert (bindir / "themisia").exists() or (bindir / "themisia.exe").exists()

    database = tmp_path / "x.sqlite3"
    admin = str(bindir / "themisia-admin")
    _run([admin, "--db", f"sqlite:///{database}", "db", "upgrade"], cwd=outside, env=env, timeout=120)

    probe = json.loads(_run([str(python), "-c", PROBE], cwd=outside, env=env, timeout=120).stdout)
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=outside, env=env, timeout=60).stdout.strip()).resolve()

    def inside_site(p: str) -> bool:
        return not p.startswith("ERROR") and Path(p).resolve().is_relative_to(site)

    assert inside_site(probe["package"]), probe
    for name in ("migrations", "resources", "ui"):
        assert inside_site(probe[name]), (name, probe[name], str(site))
        assert not Path(probe[name]).resolve().is_relative_to(ROOT), probe[name]

    from themisia_desktop.core.db.migrate import head_revision

    assert probe["head"] == head_revision()  # the wheel carries every migration of the checkout
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(probe["head"],)]
