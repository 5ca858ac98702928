"""Shared fixtures: offscreen Qt, isolated folders and keyring, a fresh database per test."""

from __future__ import annotations

import os

# Before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_ACCESSIBILITY", "0")

from collections.abc import Iterator  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

import keyring  # noqa: E402
import pytest  # noqa: E402

from tests.helpers.databases import fresh_database_url, postgres_admin_url  # noqa: E402
from tests.helpers.memory_keyring import MemoryKeyring  # noqa: E402
from themisia_desktop.core.clock import FixedClock  # noqa: E402
from themisia_desktop.core.paths import UserDirs  # noqa: E402


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgresql", action="store_true", default=False,
        help="run the database tests against a real PostgreSQL server: the one named by "
             "THEMISIA_TEST_PG_ADMIN_URL, else a throwaway server started for the session",
    )


def pytest_report_header(config: pytest.Config) -> str:
    pg = postgres_admin_url() or config.getoption("--postgresql")
    return "database backend: " + ("PostgreSQL" if pg else "SQLite")


def pytest_configure(config: pytest.Config) -> None:
    """With ``--postgresql`` and no THEMISIA_TEST_PG_ADMIN_URL: start a throwaway server for the
    session and announce it through that variable. This happens here, before collection,
    because test modules decide ``skipif(postgres_admin_url() ...)`` when they are imported."""
    if not config.getoption("--postgresql", default=False) or postgres_admin_url():
        return
    from tests.helpers.databases import PG_ADMIN_ENV
    from tests.helpers.postgres_server import PostgresServer

    server = PostgresServer()
    server.start()

    def stop() -> None:
        os.environ.pop(PG_ADMIN_ENV, None)
        server.stop()

    config.add_cleanup(stop)
    os.environ[PG_ADMIN_ENV] = server.admin_url


@pytest.fixture(scope="session", autouse=True)
def postgresql_pass(request: pytest.FixtureRequest) -> str | None:
    """The PostgreSQL administrator URL of this session (None in the SQLite pass). A
    ``--postgresql`` run that has no server must not quietly test SQLite instead."""
    url = postgres_admin_url()
    if request.config.getoption("--postgresql") and url is None:
        pytest.fail("--postgresql given but no PostgreSQL server is available", pytrace=False)
    return url


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test touches the real home directory, settings or keyring."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("THEMISIA_HOME", str(tmp_path / "themisia"))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def user_dirs(tmp_path: Path) -> UserDirs:
    base = tmp_path / "themisia"
    return UserDirs(data=base / "data", config=base / "config", logs=base / "logs").ensure()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc))


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    with fresh_database_url(tmp_path) as url:
        yield url


@pytest.fixture
def ctx(db_url: str, user_dirs: UserDirs, clock: FixedClock):
    """A migrated, empty database in an AppContext (no firm yet)."""
    from themisia_desktop.context import AppContext

    context = AppContext.open(db_url, dirs=user_dirs, clock=clock, log_to_file=False)
    yield context
    context.close()


ADMIN_PASSWORD = "Motdepasse-2026"


@pytest.fixture
def firm_ctx(ctx):
    """A context whose database holds a firm and its administrator, logged in."""
    from themisia_desktop.core.firm.setup import FirmInput, create_firm
    from themisia_desktop.core.firm.users import NewUser

    ctx.current_user = create_firm(
        ctx.db, ctx.clock, FirmInput(name="Cabinet Lefèvre & Associés", city="Lyon"),
        NewUser(login="admin", password=ADMIN_PASSWORD, first_name="Hélène",
                last_name="Lefèvre", category="partner", email="helene.lefevre@example.fr"),
    )
    return ctx
