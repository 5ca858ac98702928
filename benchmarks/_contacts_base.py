"""A cached demo base for the contact benchmarks (under benchmarks/out/, gitignored)."""

from __future__ import annotations

import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, select, text

from themisia_desktop.core.clock import FixedClock
from themisia_desktop.core.contacts.search_index import PREFIX_MARK, rebuild_search_index
from themisia_desktop.core.db import Database, make_url_for_path, migrate
from themisia_desktop.core.demo import generate_demo
from themisia_desktop.core.models import ContactToken

OUT = Path(__file__).resolve().parent / "out"
CLOCK = FixedClock(datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc))


def demo_base(contacts: int, seed: int = 1) -> Database:
    """The demo base with ``contacts`` contacts, generated once, upgraded and indexed."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"contacts-{contacts // 1000}k-seed{seed}.sqlite3"
    if not path.exists():
        print(f"génération de la base de démonstration ({contacts:,} contacts)…", flush=True)
        tmp = path.with_suffix(".partial")
        for old in tmp.parent.glob(tmp.name + "*"):
            old.unlink()
        db = Database(make_url_for_path(tmp))
        migrate.upgrade(db, backup_dir=None, clock=CLOCK)
        started = time.perf_counter()
        generate_demo(db, CLOCK, contacts=contacts, seed=seed)
        print(f"  générée en {time.perf_counter() - started:.1f} s", flush=True)
        db.dispose()
        shutil.move(tmp, path)
    db = Database(make_url_for_path(path))
    migrate.upgrade(db, backup_dir=None, clock=CLOCK)
    with db.read() as s:
        indexed = s.scalar(select(func.count()).select_from(ContactToken))
        # A base indexed by an older version of the tokens (no prefix keys) is re-indexed.
        current = s.scalar(text("SELECT 1 FROM contact_token WHERE token >= :m AND token < :n "
                                "LIMIT 1"), {"m": PREFIX_MARK, "n": chr(ord(PREFIX_MARK) + 1)})
    if not indexed or not current:
        started = time.perf_counter()
        tokens = rebuild_search_index(db)
        print(f"  index de recherche : {tokens:,} mots en {time.perf_counter() - started:.1f} s")
    return db
