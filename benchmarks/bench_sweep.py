"""Benchmark: the sweep of a threshold rule « encours du dossier > 20 000 € » over a large base,
against a naive Python loop (one query per matter).

    python benchmarks/bench_sweep.py [--matters 10000] [--entries 1000000] [--runs 50]

The base (cached under benchmarks/out/, gitignored) holds ``--matters`` matters of 2,000
clients and ``--entries`` time entries bulk-inserted with the driver's ``executemany``: about
15 % of the time is still unbilled (a few heavy matters carry much more), the rest is on
one paid invoice per matter; 20,000 expenses. Measured:

* the sweep's detection query — ``conditions.select_ids`` of the rule's conditions AND its
  trigger (``Trigger.as_condition()``), one set-based query (budget: 50 ms p95);
* the full ``sweep()`` in steady state (watch states already written, nothing new to fire),
  on a working copy of the base, when the engine's runner is installed;
* the naive baseline: for each matter, one query for its encours and status, compared in
  Python; both must find the same matters.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import shutil
import sqlite3
import statistics
import sys
import time
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text, true  # noqa: E402

from themisia_desktop.core.automation.conditions import AllOf  # noqa: E402
from themisia_desktop.core.automation.conditions import select_ids as select_ids_  # noqa: E402
from themisia_desktop.core.automation.definition import parse_definition  # noqa: E402
from themisia_desktop.core.clock import FixedClock  # noqa: E402
from themisia_desktop.core.db import Database, make_url_for_path, migrate  # noqa: E402
from themisia_desktop.core.models import Expense, Matter, TimeEntry  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
CLOCK = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))
TODAY = CLOCK.today()
CLIENTS = 2_000
EXPENSES = 20_000
STAMP = "2026-01-01 00:00:00.000000"
THRESHOLD = Decimal("20000.00")
RULE = {
    "schema_version": 1,
    "name": "Banc : encours dossier > 20 000 €",
    "description": "Règle de mesure",
    "trigger": {"kind": "threshold", "record": "matter", "field": "matter.encours", "op": "gt",
                "value": "20000.00"},
    "conditions": {"field": "matter.status", "op": "in", "value": ["open", "pending"]},
    "actions": [{"type": "notify", "channels": ["popup"], "recipients": [{"role": "responsible"}],
                 "subject": "Encours élevé : {{ matter.reference }}",
                 "body": "Encours de {{ matter.encours | montant }}"}],
    "late_policy": {"mode": "fire_late"},
}


def build(path: Path, matters: int, entries: int, seed: int = 11) -> None:
    tmp = path.with_suffix(".partial")
    for old in tmp.parent.glob(tmp.name + "*"):
        old.unlink()
    db = Database(make_url_for_path(tmp))
    migrate.upgrade(db, backup_dir=None, clock=CLOCK)
    db.dispose()
    rng = random.Random(seed)
    started = time.perf_counter()
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-400000")
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO user_account (id, login, password_hash, first_name, last_name, category,"
        " email, is_admin, is_active, must_change_password, created_at, updated_at) VALUES "
        "(?, ?, 'x', 'Associé', ?, 'partner', ?, 0, 1, 0, ?, ?)",
        ((u, f"assoc{u}", f"N{u}", f"assoc{u}@cabinet.example.fr", STAMP, STAMP)
         for u in range(1, 11)))
    con.executemany(
        "INSERT INTO contact (id, kind, status, display_name, sort_name, search_text, kyc_status,"
        " created_at, updated_at) VALUES (?, 'company', 'client_active', ?, ?, '', 'validated', ?, ?)",
        ((i, f"Client {i}", f"client {i:06d}", STAMP, STAMP) for i in range(1, CLIENTS + 1)))
    statuses = ["open"] * 7 + ["pending", "closed", "archived"]
    con.executemany(
        "INSERT INTO matter (id, reference, title, client_id, responsible_id, status, opened_on,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '2025-06-01', ?, ?)",
        ((m, f"S-{m:06d}", f"Dossier {m}", 1 + m % CLIENTS, 1 + m % 10, rng.choice(statuses),
          STAMP, STAMP) for m in range(1, matters + 1)))
    con.executemany(  # one paid invoice per matter carries its billed time
        "INSERT INTO invoice (id, matter_id, client_id, status, issued_on, due_on, total_excl_tax,"
        " vat_rate_bp, total_vat, total_incl_tax, is_doubtful, created_at, updated_at) VALUES "
        f"(?, ?, ?, 'paid', '2025-10-01', '2025-11-01', 0, 2000, 0, 0, 0, '{STAMP}', '{STAMP}')",
        ((m, m, 1 + m % CLIENTS) for m in range(1, matters + 1)))
    heavy = set(rng.sample(range(1, matters + 1), max(1, matters // 25)))  # 4 % heavy matters

    def entry_rows():
        for n in range(entries):
            m = 1 + n % matters
            unbilled = rng.random() < (0.75 if m in heavy else 0.13)
            minutes = rng.choice((15, 30, 45, 60, 90, 120, 180))
            rate = rng.choice((15_000, 25_000, 35_000))
            yield (m, 1 + m % 10, f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", minutes,
                   int(rng.random() < 0.93), rate, minutes * rate // 60,
                   None if unbilled else m)

    con.executemany(
        "INSERT INTO time_entry (matter_id, user_id, work_date, minutes, description, billable,"
        " hourly_rate, amount, rate_source, invoice_id, created_at) VALUES "
        f"(?, ?, ?, ?, 'Travail', ?, ?, ?, 'user_standard', ?, '{STAMP}')", entry_rows())
    con.executemany(
        "INSERT INTO expense (matter_id, user_id, spent_on, description, amount, billable,"
        f" invoice_id, created_at) VALUES (?, 1, '2025-05-05', 'Frais', ?, 1, ?, '{STAMP}')",
        ((1 + n % matters, rng.randint(500, 50_000),
          None if rng.random() < 0.15 else 1 + n % matters) for n in range(EXPENSES)))
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.close()
    print(f"  base générée en {time.perf_counter() - started:.1f} s", flush=True)
    tmp.rename(path)


def base_path(matters: int, entries: int) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"sweep-{matters // 1000}k-{entries // 1000}k.sqlite3"
    if not path.exists():
        print(f"génération de la base ({matters:,} dossiers, {entries:,} saisies de temps)…",
              flush=True)
        build(path, matters, entries)
    return path


def detection_statement():
    """The one set-based query of the sweep for the rule: conditions AND trigger."""
    definition = parse_definition(RULE)
    condition = AllOf((definition.conditions, definition.trigger.as_condition()))
    return select_ids_(condition, "matter", today=TODAY)


def detect(db: Database, statement) -> set[int]:  # noqa: ANN001
    with db.read() as s:
        return set(s.scalars(statement))


def naive(db: Database) -> set[int]:
    """The baseline: every matter, then one query per matter for its encours."""
    found: set[int] = set()
    with db.read() as s:
        matters = s.execute(select(Matter.id, Matter.status)).all()
        for matter_id, status in matters:
            cents = s.execute(text(
                "SELECT (SELECT COALESCE(SUM(amount), 0) FROM time_entry WHERE matter_id = :m"
                " AND invoice_id IS NULL AND billable = 1) + (SELECT COALESCE(SUM(amount), 0)"
                " FROM expense WHERE matter_id = :m AND invoice_id IS NULL AND billable = 1)"),
                {"m": matter_id}).scalar_one()
            if status in ("open", "pending") and Decimal(cents) / 100 > THRESHOLD:
                found.add(matter_id)
    return found


def timed(fn, runs: int) -> tuple[float, float]:  # noqa: ANN001
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def full_sweep(path: Path, runs: int) -> tuple[float, float, int] | None:
    """p50/p95 of sweep() in steady state on a working copy, and how many fired at first."""
    if importlib.util.find_spec("themisia_desktop.core.automation.runner") is None:
        return None
    from themisia_desktop.core.automation.sweep import sweep
    from themisia_desktop.core.automation.workflows import create_workflow, set_enabled

    work = OUT / "sweep-work.sqlite3"
    for old in OUT.glob(work.name + "*"):
        old.unlink()
    shutil.copyfile(path, work)
    db = Database(make_url_for_path(work))
    try:
        info = create_workflow(db, CLOCK, RULE)
        set_enabled(db, CLOCK, info.id, True)
        first = sweep(db, CLOCK)
        if first.errors:
            print("  erreurs du premier balayage :", *first.errors[:3], sep="\n    ")
        p50, p95 = timed(lambda: sweep(db, CLOCK), runs)
        return p50, p95, len(first.fired)
    finally:
        db.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--matters", type=int, default=10_000)
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--baseline-runs", type=int, default=3)
    ap.add_argument("--no-full-sweep", action="store_true", help="ne mesurer que la détection")
    args = ap.parse_args()
    path = base_path(args.matters, args.entries)
    db = Database(make_url_for_path(path))
    try:
        with db.read() as s:
            unbilled = s.scalar(select(func.count()).select_from(TimeEntry)
                                .where(TimeEntry.invoice_id.is_(None)))
            total = s.scalar(select(func.count()).select_from(TimeEntry))
            expenses = s.scalar(select(func.count()).select_from(Expense)
                                .where(Expense.invoice_id.is_(None), Expense.billable == true()))
        print(f"base : {args.matters:,} dossiers, {total:,} saisies de temps "
              f"({unbilled / total:.1%} non facturées), {expenses:,} frais non facturés")
        statement = detection_statement()
        fast, slow = detect(db, statement), naive(db)
        assert fast == slow, (len(fast), len(slow), sorted(fast ^ slow)[:10])
        print(f"règle « encours > 20 000 € » : {len(fast)} dossiers au-dessus du seuil "
              f"(mêmes dossiers que la boucle naïve)")
        d50, d95 = timed(lambda: detect(db, statement), args.runs)
        print(f"détection (1 requête)        p50 {d50:8.2f} ms   p95 {d95:8.2f} ms   "
              f"(budget 50 ms) {'OK' if d95 <= 50 else 'HORS BUDGET'}")
        b50, b95 = timed(lambda: naive(db), args.baseline_runs)
        print(f"boucle naïve (1 req./dossier) p50 {b50:8.2f} ms   p95 {b95:8.2f} ms")
        print(f"rapport (p50) : ×{b50 / d50:.0f}")
    finally:
        db.dispose()
    if args.no_full_sweep:
        return
    result = full_sweep(path, max(5, args.runs // 5))
    if result is None:
        print("sweep() complet : module runner absent, non mesuré")
        return
    s50, s95, fired = result
    print(f"sweep() complet, régime établi p50 {s50:8.2f} ms   p95 {s95:8.2f} ms   "
          f"(premier balayage : {fired} déclenchements)   rapport naïf/sweep (p50) ×{b50 / s50:.0f}")


if __name__ == "__main__":
    main()
