"""How every connection to the embedded SQLite base behaves (DESIGN §4, §5b)."""

import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest
from sqlalchemy import event, select, text

from tests.helpers.databases import postgres_admin_url
from themisia_desktop.core.db import Database
from themisia_desktop.core.db.engine import normalise_url
from themisia_desktop.core.models import Firm, Payment

sqlite_only = pytest.mark.skipif(postgres_admin_url() is not None, reason="SQLite behaviour")


@sqlite_only
def test_every_sqlite_connection_is_durable_and_checks_references(ctx):
    with ctx.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


@sqlite_only
def test_writes_begin_immediate_and_reads_begin_deferred(ctx):
    seen: list[str] = []

    @event.listens_for(ctx.db.engine, "before_cursor_execute")
    def record(conn, cursor, statement, *args):  # noqa: ANN001
        if statement.startswith("BEGIN"):
            seen.append(statement)

    with ctx.db.read() as s:
        s.execute(select(Firm.id)).all()
    with ctx.db.write() as s:
        s.add(Firm(name="Cabinet"))
    assert seen == ["BEGIN", "BEGIN IMMEDIATE"]


def test_a_failed_business_action_leaves_nothing_behind(ctx):
    with pytest.raises(RuntimeError):
        with ctx.db.write() as s:
            s.add(Firm(name="Cabinet fantôme"))
            s.flush()
            raise RuntimeError("boom")
    with ctx.db.read() as s:
        assert s.scalars(select(Firm)).all() == []


def test_a_reference_to_a_missing_row_is_refused(ctx):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with ctx.db.write() as s:
            s.add(Payment(client_id=999_999, received_on=ctx.clock.today(), amount=Decimal("10"),
                          method="virement"))


def test_large_amounts_keep_every_cent(firm_ctx):
    from datetime import date

    from themisia_desktop.core.models import Contact

    big = Decimal("98765432.19")
    with firm_ctx.db.write() as s:
        c = Contact(kind="company", status="client_active", display_name="X", sort_name="x")
        s.add(c)
        s.flush()
        s.add(Payment(client_id=c.id, received_on=date(2026, 1, 2), amount=big, method="virement"))
    with firm_ctx.db.read() as s:
        assert s.scalar(select(Payment.amount)) == big
        raw = s.execute(text("SELECT amount FROM payment")).scalar()
    assert raw == 9876543219  # stored as integer cents


def test_a_float_amount_is_refused_before_it_reaches_the_base(firm_ctx):
    from sqlalchemy.exc import StatementError

    with pytest.raises(StatementError, match="never float"):
        with firm_ctx.db.write() as s:
            s.execute(Payment.__table__.insert().values(client_id=1, received_on=firm_ctx.clock.today(),
                                                        amount=0.1, method="virement"))
    with firm_ctx.db.read() as s:
        assert s.scalars(select(Payment)).all() == []


def test_a_plain_path_or_short_url_is_accepted(tmp_path):
    assert normalise_url(str(tmp_path / "a.sqlite3")).drivername == "sqlite+pysqlite"
    assert normalise_url("postgresql://u:p@localhost/db").drivername == "postgresql+psycopg"
    db = Database("postgresql://u:secret@serveur:5433/cabinet")
    assert "secret" not in db.display_name()
    assert db.describe() == "PostgreSQL cabinet sur serveur:5433"
    db.dispose()


WRITER = textwrap.dedent("""
    import sys
    from sqlalchemy import select, update
    from themisia_desktop.core.db import Database
    from themisia_desktop.core.models import Sequence
    db = Database(sys.argv[1])
    errors = 0
    for _ in range(int(sys.argv[2])):
        try:
            with db.write() as s:  # read, then write: the pattern that deadlocks with plain BEGIN
                value = s.scalar(select(Sequence.next_value).where(Sequence.name == "n"))
                s.execute(update(Sequence).where(Sequence.name == "n").values(next_value=value + 1))
        except Exception as exc:
            errors += 1
            print(repr(exc), file=sys.stderr)
    print(errors)
""")


@sqlite_only
@pytest.mark.slow
def test_two_processes_doing_read_then_write_never_see_database_is_locked(ctx):
    from themisia_desktop.core.models import Sequence

    with ctx.db.write() as s:
        s.add(Sequence(name="n", next_value=0))
    url = ctx.db.url.render_as_string()
    n = 150
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, url, str(n)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=100) for p in procs]
    assert [o[0].strip() for o in outs] == ["0", "0"], [o[1][-500:] for o in outs]
    with ctx.db.read() as s:
        assert s.scalar(select(Sequence.next_value)) == 2 * n  # no lost update either


def test_listeners_hear_of_committed_events_only(firm_ctx):
    from themisia_desktop.core.automation.events import EventKind, record_event
    from themisia_desktop.core.models import FirmSetting

    heard = []
    firm_ctx.db.on_events_committed(lambda: heard.append(True))
    with firm_ctx.db.write() as s:  # no event: nobody is told
        s.add(FirmSetting(key="x-test", value=1))
    assert heard == []
    with firm_ctx.db.write() as s:
        record_event(s, kind=EventKind.CREATED, entity_type="matter", entity_id=1,
                     at=firm_ctx.clock.now())
    assert heard == [True]
    try:  # a rolled-back transaction tells nobody
        with firm_ctx.db.write() as s:
            record_event(s, kind=EventKind.CREATED, entity_type="matter", entity_id=2,
                         at=firm_ctx.clock.now())
            s.flush()
            raise RuntimeError("abandon")
    except RuntimeError:
        pass
    assert heard == [True]
