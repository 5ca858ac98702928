"""``python -m themisia_desktop`` as a real process: smoke test and start-up measurement."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ADMIN_PASSWORD
from themisia_desktop.gui.smoke import LOGIN_ENV, PASSWORD_ENV, SUCCESS_LINE


def run_app(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", "themisia_desktop", *args], env=full_env,
                          capture_output=True, text=True, timeout=90)


def _without_credentials() -> dict[str, str]:
    env = dict(os.environ)
    env.pop(LOGIN_ENV, None)
    env.pop(PASSWORD_ENV, None)
    return env


@pytest.mark.slow
def test_smoke_test_opens_and_paints_the_main_window(firm_ctx):
    url = firm_ctx.db.url.render_as_string(hide_password=False)
    proc = run_app("--db", url, "--smoke-test",
                   env={LOGIN_ENV: "admin", PASSWORD_ENV: ADMIN_PASSWORD})
    assert proc.returncode == 0, proc.stderr
    assert SUCCESS_LINE in proc.stdout.splitlines()


@pytest.mark.slow
def test_smoke_test_with_wrong_password_fails(firm_ctx):
    url = firm_ctx.db.url.render_as_string(hide_password=False)
    proc = run_app("--db", url, "--smoke-test",
                   env={LOGIN_ENV: "admin", PASSWORD_ENV: "mauvais-mot-de-passe"})
    assert proc.returncode not in (0, 2)
    assert "Identifiant ou mot de passe incorrect." in proc.stderr
    assert SUCCESS_LINE not in proc.stdout


def test_smoke_test_without_credentials_exits_2(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "themisia_desktop", "--db", str(tmp_path / "x.sqlite3"),
         "--smoke-test"], env={**_without_credentials(), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert LOGIN_ENV in proc.stderr and "définissez" in proc.stderr
    assert not (tmp_path / "x.sqlite3").exists(), "nothing is created when refusing to run"


@pytest.mark.slow
def test_measure_startup_prints_the_first_paint_time(firm_ctx):
    url = firm_ctx.db.url.render_as_string(hide_password=False)
    proc = run_app("--db", url, "--measure-startup")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^first-paint-ms: \d+\.\d$", proc.stdout, re.MULTILINE), proc.stdout
    assert re.search(r"^ready-ms: \d+\.\d$", proc.stdout, re.MULTILINE), proc.stdout
