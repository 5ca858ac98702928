"""Test databases: a fresh SQLite file per test, or a fresh database on a real PostgreSQL
server when the suite runs its PostgreSQL pass (``THEMISIA_TEST_PG_ADMIN_URL`` set)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from themisia_desktop.core.db import make_url_for_path

PG_ADMIN_ENV = "THEMISIA_TEST_PG_ADMIN_URL"


def postgres_admin_url() -> str | None:
    return os.environ.get(PG_ADMIN_ENV) or None


@contextmanager
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    admin = postgres_admin_url()
    if admin is None:
        yield make_url_for_path(tmp_path / "test.sqlite3")
        return
    name = f"themisia_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
