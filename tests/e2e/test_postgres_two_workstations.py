"""Two workstations sharing one PostgreSQL base (DESIGN §4): what one writes, the other sees.

Each "workstation" is its own AppContext with its own per-user folders and engine, as on two
machines; only the PostgreSQL database is shared. Runs in the PostgreSQL pass only
(``pytest --postgresql``, or THEMISIA_TEST_PG_ADMIN_URL pointing at a server).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from tests.helpers.databases import postgres_admin_url
from themisia_desktop.core.db import migrate
from themisia_desktop.core.paths import UserDirs

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        postgres_admin_url() is None,
        reason="PostgreSQL pass only: run `pytest --postgresql` (starts a throwaway server) "
               "or set THEMISIA_TEST_PG_ADMIN_URL",
    ),
]

PASSWORD_A = "Motdepasse-2026"
PASSWORD_B = "Autre-motdepasse-2026"


def _dirs(tmp_path: Path, name: str) -> UserDirs:
    base = tmp_path / name
    return UserDirs(data=base / "data", config=base / "config", logs=base / "logs").ensure()


def _open(db_url: str, dirs: UserDirs, clock):
    from themisia_desktop.context import AppContext

    return AppContext.open(db_url, dirs=dirs, clock=clock, log_to_file=False)


def test_what_one_workstation_writes_the_other_sees_and_logs_in_with(db_url, tmp_path, clock):
    from themisia_desktop.core.errors import AuthenticationError, ValidationError
    from themisia_desktop.core.firm.setup import FirmInput, create_firm, firm_name, is_initialised
    from themisia_desktop.core.firm.users import NewUser, authenticate, create_user, list_users

    assert db_url.startswith("postgresql+psycopg://")

    first = _open(db_url, _dirs(tmp_path, "poste-accueil"), clock)
    second = None
    try:
        assert first.db.is_postgresql
        # The first workstation to open the empty base migrates it...
        assert first.upgrade is not None
        assert first.upgrade.from_revision is None
        assert first.upgrade.to_revision == migrate.head_revision()
        assert first.upgrade.backup is None  # no file to copy on a server
        # ...the second finds it at head and leaves it alone.
        second = _open(db_url, _dirs(tmp_path, "poste-associe"), clock)
        assert second.upgrade is None
        assert migrate.schema_state(second.db) is migrate.SchemaState.CURRENT
        assert not is_initialised(second.db)

        admin = create_firm(
            first.db, first.clock, FirmInput(name="Cabinet Lefèvre & Associés", city="Lyon"),
            NewUser(login="admin", password=PASSWORD_A, first_name="Hélène", last_name="Lefèvre",
                    category="partner", email="helene.lefevre@example.fr"),
        )
        create_user(first.db, first.clock,
                    NewUser(login="m.durand", password=PASSWORD_B, first_name="Marc",
                            last_name="Durand", category="associate"))

        # The other workstation sees the firm and both users at once (no restart, no cache).
        assert is_initialised(second.db)
        assert firm_name(second.db) == "Cabinet Lefèvre & Associés"
        assert {u.login for u in list_users(second.db)} == {"admin", "m.durand"}
        who = authenticate(second.db, second.clock, "admin", PASSWORD_A)
        assert who.id == admin.id and who.is_admin
        assert authenticate(second.db, second.clock, "M.Durand", PASSWORD_B).login == "m.durand"
        with pytest.raises(AuthenticationError):
            authenticate(second.db, second.clock, "m.durand", PASSWORD_A)

        # The firm is created once, whichever workstation tries again.
        with pytest.raises(ValidationError):
            create_firm(second.db, second.clock, FirmInput(name="Doublon"),
                        NewUser(login="autre", password=PASSWORD_B, first_name="A",
                                last_name="B", category="partner"))

        # Both workstations now reopen: nothing to migrate, a single revision row.
        for ctx in (first, second):
            ctx.close()
        first = _open(db_url, _dirs(tmp_path, "poste-accueil"), clock)
        second = _open(db_url, _dirs(tmp_path, "poste-associe"), clock)
        assert first.upgrade is None and second.upgrade is None
        with first.db.read() as s:
            assert s.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [
                migrate.head_revision()]
    finally:
        first.close()
        if second is not None:
            second.close()


OPEN_AND_LOGIN = textwrap.dedent("""
    import sys
    from pathlib import Path
    from themisia_desktop.context import AppContext
    from themisia_desktop.core.firm.users import authenticate
    from themisia_desktop.core.paths import UserDirs
    base = Path(sys.argv[2])
    dirs = UserDirs(data=base / "data", config=base / "config", logs=base / "logs")
    ctx = AppContext.open(sys.argv[1], dirs=dirs, log_to_file=False)
    try:
        print(authenticate(ctx.db, ctx.clock, "admin", sys.argv[3]).login)
    finally:
        ctx.close()
""")


@pytest.mark.slow
def test_a_workstation_in_another_process_logs_in_to_the_shared_base(firm_ctx, tmp_path):
    """The same, across processes: a separate program (another workstation) reaches the base
    over TCP with its own engine and authenticates the administrator created here."""
    from tests.conftest import ADMIN_PASSWORD

    url = firm_ctx.db.url.render_as_string(hide_password=False)
    out = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LOGIN, url, str(tmp_path / "poste-distant"), ADMIN_PASSWORD],
        capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[2],
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "admin"
    engine = create_engine(url)
    try:
        assert "alembic_version" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


OPEN_ONLY = textwrap.dedent("""
    import sys
    from pathlib import Path
    from themisia_desktop.context import AppContext
    from themisia_desktop.core.paths import UserDirs
    base = Path(sys.argv[2])
    dirs = UserDirs(data=base / "data", config=base / "config", logs=base / "logs")
    AppContext.open(sys.argv[1], dirs=dirs, log_to_file=False).close()
""")


@pytest.mark.slow
def test_two_workstations_opening_an_empty_base_at_once_both_succeed(db_url, tmp_path):
    """The morning after an upgrade, everybody opens Themisia at 9:00."""
    procs = [
        subprocess.Popen([sys.executable, "-c", OPEN_ONLY, db_url, str(tmp_path / f"poste-{i}")],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         cwd=Path(__file__).resolve().parents[2])
        for i in range(3)
    ]
    outs = [p.communicate(timeout=90) for p in procs]
    failures = [err.strip().splitlines()[-1:] for p, (_out, err) in zip(procs, outs) if p.returncode]
    assert not failures, failures
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [
                migrate.head_revision()]
    finally:
        engine.dispose()
