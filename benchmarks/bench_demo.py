"""Benchmark: generating the demo firm, against a naive ORM baseline in the same run.

    python benchmarks/bench_demo.py --contacts 100000

1. Generates the demo (``core.demo.generate_demo``) into a temporary SQLite file through the
   real engine (``Database`` + ``migrate.upgrade``, WAL, synchronous=FULL, foreign keys on) and
   prints the time, the rows per table, rows per second and the file size.
2. Baseline: re-inserts the first ``--baseline-sample`` contacts of that base, with their
   details, addresses and channels, into a second fresh base the naive way — one ORM object at
   a time, ``session.add`` + ``session.flush()`` per object, ids given by the database — in one
   transaction, then extrapolates its rows per second to the whole demo and prints the ratio.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from themisia_desktop.core.clock import FixedClock  # noqa: E402
from themisia_desktop.core.db import Database, make_url_for_path, migrate  # noqa: E402
from themisia_desktop.core.demo import generate_demo  # noqa: E402
from themisia_desktop.core.models import (  # noqa: E402
    Address,
    CompanyDetails,
    Contact,
    ContactChannel,
    JurisdictionDetails,
    PersonDetails,
    User,
)

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


def _fresh(path: Path) -> Database:
    db = Database(make_url_for_path(path))
    migrate.upgrade(db, backup_dir=None, clock=FixedClock(NOW))
    return db


def _columns(obj, *, skip: tuple[str, ...] = ()) -> dict:  # noqa: ANN001
    return {a.key: getattr(obj, a.key) for a in obj.__mapper__.column_attrs if a.key not in skip}


def naive_baseline(source: Database, target: Database, sample: int) -> tuple[int, float]:
    """Copy ``sample`` contacts and their rows with one ORM object per add + flush.
    Returns (rows inserted, seconds)."""
    with Session(source.engine) as s:
        contacts = list(s.scalars(select(Contact).order_by(Contact.id).limit(sample)))
        ids = [c.id for c in contacts]
        children: dict[type, list] = {}
        for model in (PersonDetails, CompanyDetails, JurisdictionDetails, Address, ContactChannel):
            children[model] = list(s.scalars(select(model).where(model.contact_id.in_(ids))))
        users = [_columns(u) for u in s.scalars(select(User))]
        plain = [(_columns(c, skip=("id", "merged_into_id")), c.id) for c in contacts]
        kids = {model: [(_columns(o, skip=("id",)), o.contact_id) for o in rows] for model, rows in children.items()}
    with target.write() as s:  # the users the contacts point to (not timed)
        s.execute(insert(User), users)
    rows = 0
    started = time.perf_counter()
    with target.write() as s:
        new_id: dict[int, int] = {}
        for values, old_id in plain:
            contact = Contact(**values)
            s.add(contact)
            s.flush()
            new_id[old_id] = contact.id
            rows += 1
        for model, items in kids.items():
            for values, old_contact in items:
                values["contact_id"] = new_id[old_contact]
                s.add(model(**values))
                s.flush()
                rows += 1
    return rows, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-sample", type=int, default=2_000,
                        help="contacts re-inserted the naive way (default 2000)")
    parser.add_argument("--keep", type=Path, default=None, help="copy the generated base to this path")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="themisia-bench-") as tmp:
        path = Path(tmp) / "demo.sqlite3"
        db = _fresh(path)
        last = [""]

        def progress(step: str, fraction: float) -> None:
            if step != last[0]:
                last[0] = step
                print(f"  … {step} ({fraction:.0%})", flush=True)

        print(f"Generating the demo firm with {args.contacts:,} contacts (seed {args.seed}) into {path}")
        summary = generate_demo(db, FixedClock(NOW), contacts=args.contacts, seed=args.seed, progress=progress)
        db.dispose()  # last connection closed: the WAL is checkpointed into the file
        total = sum(summary.counts.values())
        size = path.stat().st_size
        print(f"\nGenerated in {summary.seconds:.1f} s — {total:,} rows, {total / summary.seconds:,.0f} rows/s, "
              f"file {size / 2**20:.1f} MiB")
        width = max(len(t) for t in summary.counts)
        for table, count in sorted(summary.counts.items(), key=lambda kv: -kv[1]):
            print(f"  {table:<{width}} {count:>10,}")

        sample = min(args.baseline_sample, args.contacts)
        baseline_db = _fresh(Path(tmp) / "baseline.sqlite3")
        source = Database(make_url_for_path(path))
        rows, seconds = naive_baseline(source, baseline_db, sample)
        source.dispose()
        baseline_db.dispose()
        rate = rows / seconds
        estimate = total / rate
        print(f"\nNaive baseline (ORM, add + flush per object): {sample:,} contacts = {rows:,} rows "
              f"in {seconds:.1f} s, {rate:,.0f} rows/s")
        print(f"  extrapolated to {total:,} rows: {estimate:,.0f} s ({estimate / 60:.1f} min)")
        print(f"  ratio baseline / bulk generator: {estimate / summary.seconds:.1f}×")
        if args.keep:
            import shutil

            shutil.copyfile(path, args.keep)
            print(f"\nBase kept in {args.keep}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
