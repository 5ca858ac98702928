"""Models and migrations agree; opening an older base upgrades it without losing a row."""

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, Integer, MetaData, String, Text
from sqlalchemy import select, text

from tests.helpers.databases import postgres_admin_url
from themisia_desktop.context import AppContext
from themisia_desktop.core.db import Database, migrate
from themisia_desktop.core.errors import DatabaseError


def test_models_and_migrations_are_in_step(ctx):
    assert migrate.model_drift(ctx.db) == []


def test_the_start_up_check_knows_the_latest_migration():
    from themisia_desktop.core.db.schema import SCHEMA_HEAD

    assert SCHEMA_HEAD == migrate.head_revision(), "update SCHEMA_HEAD in core/db/schema.py"


def test_a_new_base_is_created_at_the_latest_schema(ctx):
    assert migrate.current_revision(ctx.db) == migrate.head_revision()
    assert ctx.upgrade is not None and ctx.upgrade.from_revision is None


def _value(column, i: int):
    t = column.type
    if column.foreign_keys or (column.primary_key and isinstance(t, Integer)):
        return i
    if isinstance(t, Boolean):
        return bool(i % 2)
    if isinstance(t, Integer | BigInteger):
        return 100 * i + 7
    if isinstance(t, DateTime):
        return datetime(2025, 1, i, 10, 30)
    if isinstance(t, Date):
        return date(2025, 2, i)
    if isinstance(t, JSON):
        return {"n": i, "texte": "é"}
    if isinstance(t, String | Text):
        length = getattr(t, "length", None) or 20
        return f"v{i}é"[:length]
    raise AssertionError(f"no sample for {column}")


SPECIAL = {
    ("negotiated_rate", "category"): None,  # one scope only
    ("duplicate_dismissal", "contact_a_id"): 1,
    ("duplicate_dismissal", "contact_b_id"): 2,
}


def _fill_every_table(db: Database) -> dict[str, list[tuple]]:
    meta = MetaData()
    meta.reflect(db.engine)
    with db.write_engine.connect() as conn:
        with conn.begin():
            for table in meta.sorted_tables:
                if table.name == "alembic_version":
                    continue
                rows = 1 if table.name == "duplicate_dismissal" else 2
                for i in range(1, rows + 1):
                    conn.execute(table.insert().values({
                        c.name: SPECIAL.get((table.name, c.name), _value(c, i)) for c in table.columns
                    }))
    with db.engine.connect() as conn:
        return {t.name: conn.execute(select(t).order_by(*t.primary_key.columns)).all()
                for t in meta.sorted_tables if t.name != "alembic_version"}


def test_upgrading_an_older_base_keeps_every_row_and_writes_a_backup_first(tmp_path, user_dirs, clock):
    if postgres_admin_url():
        from tests.helpers.databases import fresh_database_url

        cm = fresh_database_url(tmp_path)
        url = cm.__enter__()
    else:
        cm, url = None, f"sqlite:///{tmp_path / 'ancienne.sqlite3'}"
    old = Database(url)
    migrate.upgrade_to(old, "0001")
    before = _fill_every_table(old)
    old.dispose()
    assert sum(len(r) for r in before.values()) > 60

    ctx = AppContext.open(url, dirs=user_dirs, clock=clock, log_to_file=False)
    try:
        assert ctx.upgrade is not None and ctx.upgrade.from_revision == "0001"
        assert migrate.current_revision(ctx.db) == migrate.head_revision()
        meta = MetaData()
        with ctx.db.engine.connect() as conn:
            meta.reflect(conn)
            for name, rows in before.items():
                table = meta.tables[name]
                cols = [table.c[c] for c in rows[0]._fields] if rows else list(table.columns)
                after = conn.execute(select(*cols).order_by(*table.primary_key.columns)).all()
                assert after == rows, f"table {name} changed during the upgrade"
        if not postgres_admin_url():
            backup = ctx.upgrade.backup
            assert backup is not None and backup.exists()
            check = Database(backup)
            assert migrate.current_revision(check) == "0001"
            with check.engine.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM contact")).scalar() == 2
            check.dispose()
    finally:
        ctx.close()
        if cm is not None:
            cm.__exit__(None, None, None)


def test_migrations_go_down_and_up_again(ctx):
    from alembic import command

    cfg = migrate.alembic_config()
    with ctx.db.write_engine.connect() as conn:
        cfg.attributes["connection"] = conn
        with conn.begin():
            command.downgrade(cfg, "base")
    assert migrate.current_revision(ctx.db) is None
    migrate.upgrade_to(ctx.db, "head")
    assert migrate.model_drift(ctx.db) == []


@pytest.mark.skipif(postgres_admin_url() is not None, reason="checks the SQLite file")
def test_a_base_from_a_newer_version_is_refused_and_left_untouched(tmp_path, user_dirs, clock):
    path = tmp_path / "future.sqlite3"
    db = Database(path)
    migrate.upgrade_to(db, "head")
    with db.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num = 'zz99'"))
    db.dispose()
    content = path.read_bytes()
    with pytest.raises(DatabaseError, match="version plus récente"):
        AppContext.open(str(path), dirs=user_dirs, clock=clock, log_to_file=False)
    assert path.read_bytes() == content


@pytest.mark.skipif(postgres_admin_url() is not None, reason="checks the SQLite file")
def test_a_foreign_sqlite_file_is_not_touched(tmp_path: Path, user_dirs, clock):
    import sqlite3

    path = tmp_path / "autre.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recettes (id INTEGER PRIMARY KEY)")
    with pytest.raises(DatabaseError, match="pas celles de Themisia"):
        AppContext.open(str(path), dirs=user_dirs, clock=clock, log_to_file=False)
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert names == ["recettes"]


def test_upgrading_to_0006_fills_the_matters_search_text(tmp_path, user_dirs, clock):
    if postgres_admin_url():
        from tests.helpers.databases import fresh_database_url

        cm = fresh_database_url(tmp_path)
        url = cm.__enter__()
    else:
        cm, url = None, f"sqlite:///{tmp_path / 'avant-0006.sqlite3'}"
    old = Database(url)
    migrate.upgrade_to(old, "0005")
    _fill_every_table(old)
    with old.write_engine.connect() as conn, conn.begin():
        conn.execute(text("UPDATE matter SET title = 'Échéance de prêt — CŒUR', "
                          "status = 'open' WHERE id = 2"))
    old.dispose()
    ctx = AppContext.open(url, dirs=user_dirs, clock=clock, log_to_file=False)
    try:
        from themisia_desktop.core.matters.queries import list_matters

        with ctx.db.engine.connect() as conn:
            rows = conn.execute(text("SELECT reference, search_text FROM matter ORDER BY id")).all()
        assert [r[1] for r in rows] == ["v1e v1e", "v2e echeance de pret - coeur"]
        found = list_matters(ctx.db, text="echeance coeur", statuses=None)
        assert [r.reference for r in found.rows] == ["v2é"]
    finally:
        ctx.close()
        if cm is not None:
            cm.__exit__(None, None, None)
