"""Benchmark: the financial banner of a client card, against an ORM load-and-sum baseline.

    python benchmarks/bench_banner.py [--entries 2000000] [--runs 500] [--covering]

The base (cached under benchmarks/out/, gitignored) holds ``--entries`` time entries over
100,000 matters of 20,000 clients; one client (the measured one) has 200 matters and 20,000 time
entries, 400 invoices (paid, sent, partly paid, overdue, cancelled, drafts), expenses and
payments. 80 % of the time is billed. It is bulk-inserted with the driver's ``executemany``.

Prints p50/p95 of ``client_banner`` and ``matter_banner`` (budget: 2 ms p95 for the client),
and of the naive baseline that loads the client's rows with the ORM and sums in Python, and
checks both give the same figures. The base is first brought to the shipped schema (migration
0004 carries the amount in the encours indexes). ``--covering`` / ``--partial`` add extra
indexes for this run only (experiments), then drop them.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from themisia_desktop.core.clock import FixedClock  # noqa: E402
from themisia_desktop.core.db import Database, make_url_for_path, migrate  # noqa: E402
from themisia_desktop.core.finance.balances import Banner, client_banner, matter_banner  # noqa: E402
from themisia_desktop.core.models import (  # noqa: E402
    Expense,
    Invoice,
    Matter,
    PaymentAllocation,
    TimeEntry,
)

OUT = Path(__file__).resolve().parent / "out"
TODAY = date(2026, 3, 2)
CLOCK = FixedClock()
CLIENTS = 20_000
MATTERS = 100_000
TARGET_MATTERS = 200
TARGET_ENTRIES = 20_000
TARGET = 1  # the measured client's id
STAMP = "2026-01-01 00:00:00.000000"
COVERING = {
    "bench_time_entry_unbilled_amount":
        "CREATE INDEX bench_time_entry_unbilled_amount ON time_entry (matter_id, invoice_id, billable, amount)",
    "bench_expense_unbilled_amount":
        "CREATE INDEX bench_expense_unbilled_amount ON expense (matter_id, invoice_id, billable, amount)",
}
PARTIAL = {
    "bench_time_entry_unbilled_partial":
        "CREATE INDEX bench_time_entry_unbilled_partial ON time_entry (matter_id, amount) "
        "WHERE invoice_id IS NULL AND billable = 1",
    "bench_expense_unbilled_partial":
        "CREATE INDEX bench_expense_unbilled_partial ON expense (matter_id, amount) "
        "WHERE invoice_id IS NULL AND billable = 1",
}


def build(path: Path, entries: int, seed: int = 7) -> None:
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
    con.execute("INSERT INTO user_account (id, login, password_hash, first_name, last_name, category,"
                " is_admin, is_active, must_change_password, created_at, updated_at) VALUES "
                "(1, 'bench', 'x', 'Banc', 'Essai', 'partner', 1, 1, 0, ?, ?)", (STAMP, STAMP))
    con.executemany(
        "INSERT INTO contact (id, kind, status, display_name, sort_name, search_text, kyc_status,"
        " created_at, updated_at) VALUES (?, 'company', 'client_active', ?, ?, '', 'validated', ?, ?)",
        ((i, f"Client {i}", f"client {i:06d}", STAMP, STAMP) for i in range(1, CLIENTS + 1)))
    # matters: 1..200 belong to the target; the others are spread over the other clients
    statuses = ["open"] * 6 + ["pending", "closed", "archived", "archived"]
    matter_client = [0] + [TARGET if m <= TARGET_MATTERS else rng.randint(2, CLIENTS)
                           for m in range(1, MATTERS + 1)]
    con.executemany(
        "INSERT INTO matter (id, reference, title, client_id, responsible_id, status, opened_on,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, '2024-01-01', ?, ?)",
        ((m, f"B-{m:06d}", f"Dossier {m}", matter_client[m], rng.choice(statuses), STAMP, STAMP)
         for m in range(1, MATTERS + 1)))
    # two invoices per matter: #1 paid (or cancelled), #2 sent (partly paid, some overdue/doubtful)
    inv_rows, alloc_rows, pay_rows = [], [], []
    for m in range(1, MATTERS + 1):
        client = matter_client[m]
        first, second = 2 * m - 1, 2 * m
        ttc1, ttc2 = rng.randint(10_000, 500_000), rng.randint(10_000, 500_000)
        status1 = "cancelled" if rng.random() < 0.05 else "paid"
        due2 = TODAY - timedelta(days=rng.choice([-20, 10, 60, 120, 200]))
        status2 = rng.choice(["sent", "sent", "validated", "draft"])
        inv_rows.append((first, m, client, status1, "2025-06-01", "2025-07-01", ttc1, 0, ttc1, 0))
        inv_rows.append((second, m, client, status2, (due2 - timedelta(days=30)).isoformat(),
                         due2.isoformat(), ttc2, 0, ttc2, int(rng.random() < 0.05)))
        if status1 == "paid":
            pay_rows.append((first, client, "2025-07-01", ttc1))
            alloc_rows.append((first, first, ttc1))
        if status2 != "draft" and rng.random() < 0.4:
            part = ttc2 // rng.randint(2, 5)
            pay_rows.append((second, client, "2026-01-15", part))
            alloc_rows.append((second, second, part))
    con.executemany(
        "INSERT INTO invoice (id, matter_id, client_id, status, issued_on, due_on, total_excl_tax,"
        " vat_rate_bp, total_vat, total_incl_tax, is_doubtful, created_at, updated_at) VALUES "
        f"(?, ?, ?, ?, ?, ?, ?, 2000, ?, ?, ?, '{STAMP}', '{STAMP}')", inv_rows)
    con.executemany("INSERT INTO payment (id, client_id, received_on, amount, method, created_at) "
                    f"VALUES (?, ?, ?, ?, 'virement', '{STAMP}')", pay_rows)
    con.executemany("INSERT INTO payment_allocation (payment_id, invoice_id, amount) VALUES (?, ?, ?)",
                    alloc_rows)

    def entry_rows():
        others = entries - TARGET_ENTRIES
        for n in range(entries):
            if n < TARGET_ENTRIES:
                m = 1 + n % TARGET_MATTERS
            else:
                m = TARGET_MATTERS + 1 + (n - TARGET_ENTRIES) * (MATTERS - TARGET_MATTERS) // others
            r = rng.random()
            invoice = None if r < 0.2 else (2 * m - 1 if r < 0.6 else 2 * m)
            minutes = rng.choice((15, 30, 45, 60, 90, 120))
            rate = rng.choice((15_000, 25_000, 35_000))
            yield (m, f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", minutes, "Travail",
                   int(rng.random() < 0.93), rate, minutes * rate // 60, "user_standard", invoice)

    con.executemany(
        "INSERT INTO time_entry (matter_id, user_id, work_date, minutes, description, billable,"
        " hourly_rate, amount, rate_source, invoice_id, created_at) VALUES "
        f"(?, 1, ?, ?, ?, ?, ?, ?, ?, ?, '{STAMP}')", entry_rows())
    con.executemany(
        "INSERT INTO expense (matter_id, user_id, spent_on, description, amount, billable,"
        f" invoice_id, created_at) VALUES (?, 1, '2025-05-05', 'Frais', ?, ?, ?, '{STAMP}')",
        ((1 + n % MATTERS, rng.randint(500, 50_000), int(rng.random() < 0.9),
          None if rng.random() < 0.3 else 2 * (1 + n % MATTERS) - 1) for n in range(200_000)))
    con.execute("COMMIT")
    con.close()
    print(f"  base générée en {time.perf_counter() - started:.1f} s", flush=True)
    tmp.rename(path)


def naive_banner(db: Database, client_id: int, today: date) -> Banner:
    """The baseline: load the client's rows with the ORM, sum in Python."""
    with db.read() as s:
        matters = list(s.scalars(select(Matter).where(Matter.client_id == client_id)))
        ids = [m.id for m in matters]
        encours = Decimal("0.00")
        for t in s.scalars(select(TimeEntry).where(TimeEntry.matter_id.in_(ids))):
            if t.invoice_id is None and t.billable:
                encours += t.amount
        for e in s.scalars(select(Expense).where(Expense.matter_id.in_(ids))):
            if e.invoice_id is None and e.billable:
                encours += e.amount
        invoices = list(s.scalars(select(Invoice).where(Invoice.client_id == client_id)))
        paid: dict[int, Decimal] = {}
        for a in s.scalars(select(PaymentAllocation).where(
                PaymentAllocation.invoice_id.in_([i.id for i in invoices]))):
            paid[a.invoice_id] = paid.get(a.invoice_id, Decimal("0")) + a.amount
        due = doubtful = Decimal("0.00")
        cutoff = today - timedelta(days=90)
        for i in invoices:
            if i.status in ("validated", "sent"):
                left = i.total_incl_tax - paid.get(i.id, Decimal("0"))
                due += left
                if i.is_doubtful or (i.due_on is not None and i.due_on < cutoff):
                    doubtful += left
        return Banner(encours, due, doubtful,
                      sum(m.status in ("open", "pending") for m in matters),
                      sum(m.status in ("closed", "archived") for m in matters))


def timed(fn, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=2_000_000)
    ap.add_argument("--runs", type=int, default=500)
    ap.add_argument("--baseline-runs", type=int, default=20)
    ap.add_argument("--covering", action="store_true", help="mesurer avec des index couvrants")
    ap.add_argument("--partial", action="store_true",
                    help="mesurer avec des index partiels (non facturé) couvrant le montant")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"banner-{args.entries // 1000}k.sqlite3"
    if not path.exists():
        print(f"génération de la base ({args.entries:,} saisies de temps)…", flush=True)
        build(path, args.entries)
    db = Database(make_url_for_path(path))
    from themisia_desktop.core.clock import Clock
    from themisia_desktop.core.db import migrate

    migrate.upgrade(db, backup_dir=None, clock=Clock())  # measure the schema as shipped
    extra = {**(COVERING if args.covering else {}), **(PARTIAL if args.partial else {})}
    if extra:
        with db.engine.begin() as conn:
            for ddl in extra.values():
                conn.exec_driver_sql(ddl)
    try:
        fast = client_banner(db, TARGET, TODAY)
        slow = naive_banner(db, TARGET, TODAY)
        assert fast == slow, (fast, slow)
        print(f"client n° {TARGET} : {fast}")
        p50, p95 = timed(lambda: client_banner(db, TARGET, TODAY), args.runs)
        print(f"client_banner        p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   (budget 2 ms)")
        m50, m95 = timed(lambda: matter_banner(db, 1 + random.randrange(TARGET_MATTERS), TODAY), args.runs)
        print(f"matter_banner        p50 {m50:7.2f} ms   p95 {m95:7.2f} ms")
        b50, b95 = timed(lambda: naive_banner(db, TARGET, TODAY), args.baseline_runs)
        print(f"ORM + somme Python   p50 {b50:7.2f} ms   p95 {b95:7.2f} ms")
        print(f"rapport (p95) : ×{b95 / p95:.0f}   {'OK' if p95 <= 2 else 'HORS BUDGET'}")
    finally:
        if extra:
            with db.engine.begin() as conn:
                for name in extra:
                    conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
        db.dispose()


if __name__ == "__main__":
    main()
