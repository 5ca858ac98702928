"""Schema migrations: upgrade an older database on open, after a backup copy."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.backup import backup_file, timestamped_name
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import DatabaseError
from themisia_desktop.core.paths import migrations_dir


_MIGRATION_LOCK_ID = 0x7E3151A  # arbitrary, constant: "Themisia migrations"


class SchemaState(Enum):
    EMPTY = "empty"
    CURRENT = "current"
    OLDER = "older"
    NEWER = "newer"
    FOREIGN = "foreign"  # tables but no Themisia revision


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migration script found"
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def schema_state(db: Database) -> SchemaState:
    with db.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        rev = MigrationContext.configure(conn).get_current_revision()
    if rev is None:
        return SchemaState.FOREIGN if tables - {"alembic_version"} else SchemaState.EMPTY
    script = ScriptDirectory.from_config(alembic_config())
    if rev == script.get_current_head():
        return SchemaState.CURRENT
    try:
        script.get_revision(rev)
    except Exception:  # unknown revision: written by a newer Themisia
        return SchemaState.NEWER
    return SchemaState.OLDER


def _run_upgrade(db: Database, target: str = "head") -> None:
    cfg = alembic_config()
    with db.write_engine.connect() as conn:
        if db.is_sqlite:
            # Table rebuilds (batch mode) need foreign keys off; the pragma only works
            # outside a transaction, hence on the raw connection before BEGIN.
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                if db.is_postgresql:
                    # Workstations opening the shared base at the same moment queue here; the
                    # ones that come after find the schema current and Alembic does nothing.
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_ID})")
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
                if db.is_sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseError(
                            f"La mise à jour laisserait {len(broken)} référence(s) cassée(s) ; "
                            "elle a été annulée."
                        )
        finally:
            if db.is_sqlite:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


def upgrade(db: Database, *, backup_dir: Path | None, clock: Clock) -> UpgradeResult | None:
    """Bring the schema to the head revision. Returns None when it already was."""
    state = schema_state(db)
    if state is SchemaState.CURRENT:
        return None
    if state is SchemaState.NEWER:
        raise DatabaseError(
            "Cette base a été mise à jour par une version plus récente de Themisia. "
            "Installez cette version pour l'ouvrir."
        )
    if state is SchemaState.FOREIGN:
        raise DatabaseError(
            f"« {db.display_name()} » contient des tables qui ne sont pas celles de Themisia ; "
            "elle n'a pas été modifiée."
        )
    before = current_revision(db)
    backup = None
    if state is SchemaState.OLDER and db.sqlite_path is not None and backup_dir is not None:
        name = timestamped_name(f"avant-mise-a-jour-{before}", clock.now())
        backup = backup_file(db.sqlite_path, backup_dir / name)
    _run_upgrade(db)
    return UpgradeResult(from_revision=before, to_revision=head_revision(), backup=backup)


def upgrade_to(db: Database, revision: str) -> None:
    """Upgrade to a given revision (tests of the migrations themselves)."""
    _run_upgrade(db, revision)


def model_drift(db: Database) -> list:
    """Differences between the models and the migrated schema (empty when in step)."""
    from themisia_desktop.core.models import Base

    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)


def make_revision(message: str, url: str) -> None:  # pragma: no cover - developer tool
    """Write a new migration script by comparing the models with a database at head."""
    db = Database(url)
    cfg = alembic_config()
    if ScriptDirectory.from_config(cfg).get_current_head() is not None:
        upgrade(db, backup_dir=None, clock=Clock())
    with db.write_engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) < 3 or sys.argv[1] != "revision":
        raise SystemExit('usage: python -m themisia_desktop.core.db.migrate revision "message" [URL]')
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        url = sys.argv[3] if len(sys.argv) > 3 else f"sqlite:///{tmp}/scratch.sqlite3"
        make_revision(sys.argv[2], url)
