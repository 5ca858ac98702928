"""Benchmark: a draft invoice of 2,000 time entries, and its validation, against an ORM baseline.

    python benchmarks/bench_invoice.py [--entries 2000] [--runs 9]

A new SQLite base in a temporary folder: a firm (``create_firm``), a client, a matter and
``--entries`` unbilled billable time entries of four lawyers at several rates, bulk-inserted.

* ``create_draft`` — every unbilled entry attached to a new draft, lines grouped per lawyer and
  rate, totals — timed ``--runs`` times, each followed by ``delete_draft`` (which returns the
  entries to the encours) so that every run bills the same 2,000 entries;
* ``validate_invoice`` — timed ``--runs`` times, each on a draft of ``--entries`` fresh entries;
* the naive baseline, in the same run: load each entry through the ORM, create one
  ``InvoiceLine`` per entry, set ``invoice_id`` on each entry one by one, sum in Python.

Prints p50/p95 of each and the ratio to the baseline; checks the totals agree.
Budget: create_draft + validate_invoice under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import delete, func, insert, select, update  # noqa: E402

from themisia_desktop.core.clock import FixedClock  # noqa: E402
from themisia_desktop.core.db import Database, make_url_for_path, migrate  # noqa: E402
from themisia_desktop.core.finance.invoices import (  # noqa: E402
    create_draft,
    delete_draft,
    validate_invoice,
)
from themisia_desktop.core.firm.setup import FirmInput, create_firm  # noqa: E402
from themisia_desktop.core.firm.users import NewUser  # noqa: E402
from themisia_desktop.core.models import (  # noqa: E402
    Contact,
    Invoice,
    InvoiceLine,
    Matter,
    TimeEntry,
    User,
)

CLOCK = FixedClock(datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc))
BUDGET_S = 1.0
RATES = (Decimal("150.00"), Decimal("250.00"), Decimal("350.00"))
CENT = Decimal("0.01")


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def setup(db: Database) -> tuple[int, int, list[int]]:
    """The firm, its lawyers, a client and a matter: (admin id, matter id, lawyer ids)."""
    migrate.upgrade(db, backup_dir=None, clock=CLOCK)
    admin = create_firm(db, CLOCK, FirmInput(name="Cabinet Banc d'Essai", city="Lyon"),
                        NewUser(login="admin", password="Motdepasse-2026", first_name="Hélène",
                                last_name="Lefèvre", category="partner")).id
    now = CLOCK.now()
    with db.write() as s:
        lawyers = [admin]
        for n, (first, last, category) in enumerate((("Paul", "Durand", "associate"),
                                                    ("Léa", "Martin", "associate"),
                                                    ("Marc", "Girard", "paralegal"))):
            user = User(login=f"avocat{n}", password_hash="x", first_name=first, last_name=last,
                        category=category, created_at=now, updated_at=now)
            s.add(user)
            s.flush()
            lawyers.append(user.id)
        client = Contact(kind="company", status="client_active", display_name="Dupont SAS",
                         sort_name="dupont sas", search_text="dupont sas", kyc_status="validated",
                         created_at=now, updated_at=now)
        s.add(client)
        s.flush()
        matter = Matter(reference="2026-0001", title="Contentieux commercial", client_id=client.id,
                        responsible_id=admin, status="open", opened_on=date(2025, 1, 6),
                        created_at=now, updated_at=now)
        s.add(matter)
        s.flush()
        return admin, matter.id, lawyers


def add_entries(db: Database, matter_id: int, lawyers: list[int], count: int, seed: int) -> None:
    """``count`` unbilled billable time entries, one bulk INSERT."""
    rows = []
    for n in range(count):
        minutes = (15, 30, 45, 60, 90, 120)[(n + seed) % 6]
        rate = RATES[(n // 7 + seed) % len(RATES)]
        rows.append({"matter_id": matter_id, "user_id": lawyers[n % len(lawyers)],
                     "work_date": date(2025, 1 + n % 12, 1 + n % 28), "minutes": minutes,
                     "description": f"Travail {seed}-{n}", "billable": True, "hourly_rate": rate,
                     "amount": (rate * minutes / 60).quantize(CENT, ROUND_HALF_UP),
                     "rate_source": "user_standard", "created_at": CLOCK.now()})
    with db.write() as s:
        s.execute(insert(TimeEntry), rows)


def naive_draft(db: Database, matter_id: int) -> tuple[int, Decimal]:
    """The baseline: entries loaded one by one, one line per entry, invoice_id set per entry."""
    with db.write() as s:
        matter = s.get(Matter, matter_id)
        invoice = Invoice(matter_id=matter_id, client_id=matter.client_id, status="draft",
                          vat_rate_bp=2000, created_at=CLOCK.now(), updated_at=CLOCK.now())
        s.add(invoice)
        s.flush()
        ids = s.scalars(select(TimeEntry.id).where(TimeEntry.matter_id == matter_id,
                                                   TimeEntry.invoice_id.is_(None),
                                                   TimeEntry.billable.is_(True))).all()
        total = Decimal("0.00")
        for position, entry_id in enumerate(ids, start=1):
            entry = s.get(TimeEntry, entry_id)
            s.add(InvoiceLine(invoice_id=invoice.id, position=position,
                              description=entry.description,
                              quantity_hundredths=entry.minutes * 100 // 60,
                              unit_price=entry.hourly_rate, amount=entry.amount))
            entry.invoice_id = invoice.id
            s.flush()
            total += entry.amount
        vat = (total * Decimal("0.20")).quantize(CENT, ROUND_HALF_UP)
        invoice.total_excl_tax, invoice.total_vat, invoice.total_incl_tax = total, vat, total + vat
        return invoice.id, total


def undo_naive(db: Database, invoice_id: int) -> None:
    with db.write() as s:
        s.execute(update(TimeEntry).where(TimeEntry.invoice_id == invoice_id)
                  .values(invoice_id=None))
        s.execute(delete(InvoiceLine).where(InvoiceLine.invoice_id == invoice_id))
        s.execute(delete(Invoice).where(Invoice.id == invoice_id))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="themisia-bench-invoice-") as folder:
        db = Database(make_url_for_path(Path(folder) / "facturation.sqlite3"))
        admin, matter_id, lawyers = setup(db)
        add_entries(db, matter_id, lawyers, args.entries, seed=0)
        print(f"{args.entries:,} temps passés non facturés sur un dossier, {args.runs} mesures")

        drafts, naive, deletes = [], [], []
        for _ in range(args.runs):
            took, invoice_id = _timed(lambda: create_draft(db, CLOCK, matter_id, user_id=admin))
            drafts.append(took)
            with db.read() as s:
                inv = s.get(Invoice, invoice_id)
                draft_total = inv.total_excl_tax
                lines = s.scalar(select(func.count()).select_from(InvoiceLine)
                                 .where(InvoiceLine.invoice_id == invoice_id))
            deletes.append(_timed(lambda: delete_draft(db, CLOCK, invoice_id, user_id=admin))[0])
            took, (naive_id, naive_total) = _timed(lambda: naive_draft(db, matter_id))
            naive.append(took)
            undo_naive(db, naive_id)
            assert naive_total == draft_total, (naive_total, draft_total)
        assert lines, "the draft has no line"

        validations = []
        for run in range(args.runs):
            add_entries(db, matter_id, lawyers, args.entries, seed=run + 1)
            invoice_id = create_draft(db, CLOCK, matter_id, user_id=admin)
            took, number = _timed(lambda: validate_invoice(db, CLOCK, invoice_id, user_id=admin))
            validations.append(took)
        db.dispose()

    p50 = statistics.median
    print(f"create_draft         {_ms(drafts)}   ({lines} lignes, total HT {draft_total} €)")
    print(f"delete_draft         {_ms(deletes)}")
    print(f"validate_invoice     {_ms(validations)}   (dernière : {number})")
    print(f"naïf (ORM)           {_ms(naive)}   (1 ligne et 1 UPDATE par temps passé)")
    print(f"rapport naïf / create_draft (p50) : {p50(naive) / p50(drafts):.1f}×")
    worst = max(drafts) + max(validations)
    verdict = "OK" if worst < BUDGET_S else "HORS BUDGET"
    print(f"budget {BUDGET_S:.0f} s pour brouillon + validation (pire cas "
          f"{worst * 1000:.0f} ms) : {verdict}")


if __name__ == "__main__":
    main()
