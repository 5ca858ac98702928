"""The schema revision this build of Themisia expects, checked without loading Alembic.

Alembic (with Mako and Pygments behind it) costs ~150 ms to import; at start-up we only need
to know whether the base is already at our revision, which one query answers. A test keeps
``SCHEMA_HEAD`` equal to the head of the migration scripts in ``db/versions``.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from themisia_desktop.core.db.engine import Database

SCHEMA_HEAD = "0006"


def is_current(db: Database) -> bool:
    try:
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no such table yet: new or foreign base
        return False
    return [r[0] for r in rows] == [SCHEMA_HEAD]
