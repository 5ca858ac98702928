"""Backups and restores of the SQLite file with SQLite's online backup API.

A live file is never copied byte by byte (a copy taken during a write is corrupt). The backup
runs in one step (``pages=-1``): a step-by-step backup restarts on every concurrent write and
may never finish.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from themisia_desktop.core.errors import DatabaseError

REQUIRED_TABLES = {"alembic_version", "contact", "user_account"}


def backup_file(source: Path, dest: Path) -> Path:
    """Copy the database ``source`` to ``dest`` (written under a temporary name, then renamed)."""
    if not source.exists():
        raise DatabaseError(f"La base « {source} » n'existe pas.")
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partiel")
    tmp.unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(tmp)) as dst:
        src.backup(dst, pages=-1)
        # The copy is a standalone file: no WAL beside it.
        dst.execute("PRAGMA journal_mode=DELETE")
    os.replace(tmp, dest)
    return dest


def timestamped_name(prefix: str, when: datetime) -> str:
    return f"{prefix}-{when.strftime('%Y%m%d-%H%M%S')}.sqlite3"


def check_backup(path: Path) -> None:
    """Refuse a file that is not a sound Themisia database, with a French reason."""
    if not Path(path).is_file():
        raise DatabaseError(f"Le fichier « {path} » est introuvable.")
    try:
        with closing(sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"« {path} » n'est pas une base SQLite lisible ({exc}).") from exc
    if not result or result[0] != "ok":
        raise DatabaseError(f"La sauvegarde « {path} » est endommagée : {result[0] if result else '?'}.")
    missing = REQUIRED_TABLES - tables
    if missing:
        raise DatabaseError(f"« {path} » n'est pas une sauvegarde Themisia (tables manquantes : "
                            f"{', '.join(sorted(missing))}).")


def restore_file(backup: Path, target: Path) -> None:
    """Replace the content of the database ``target`` by ``backup`` (checked first)."""
    check_backup(backup)
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(backup)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst, pages=-1)
