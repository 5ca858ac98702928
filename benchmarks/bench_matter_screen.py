"""Benchmark: opening a matter screen, and searching the matter list, on the 100k demo base.

    python benchmarks/bench_matter_screen.py [--sample 40] [--runs 5]

The cached demo base of ``_contacts_base.demo_base(100_000)`` is shared by several benchmarks:
it is copied (SQLite online backup) to a temporary file, which the application's
``migrate.upgrade`` brings to the shipped schema (0006 fills ``matter.search_text``; its time
is printed). Then, on a sample of matters of the busiest clients (most time entries):

* ``MatterScreen`` creation → its ``loaded`` signal (header and banner shown), offscreen, with
  the first tab (« Parties ») built as a user sees it; budget 200 ms p95;
* ``load_matter`` alone (what the worker runs);
* the naive baseline: the matter loaded through the ORM with all its time entries, expenses,
  invoices and their payment allocations, the banner summed in Python (same figures checked);
* ``list_matters`` with a search text: the accent folding in SQL over every row (the old
  expression, kept here as the baseline) against the LIKE on the stored folded texts.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import and_, func, or_, select, true  # noqa: E402

from _contacts_base import CLOCK, OUT, demo_base  # noqa: E402
from themisia_desktop.core.db import Database, make_url_for_path, migrate  # noqa: E402
from themisia_desktop.core.finance.balances import OPEN_INVOICE_STATUSES  # noqa: E402
from themisia_desktop.core.matters import queries  # noqa: E402
from themisia_desktop.core.matters.queries import list_matters, load_matter  # noqa: E402
from themisia_desktop.core.models import (  # noqa: E402
    Contact,
    Expense,
    Invoice,
    Matter,
    PaymentAllocation,
    TimeEntry,
    User,
)
from themisia_desktop.core.text import fold  # noqa: E402

CONTACTS = 100_000
BUDGET_MS = 200
SEARCHES = ("bail", "echeance", "dupont", "lefevre bail", "2025-01", "societe lyon")
# Accented letters the list used to fold inside SQL, on every row of every search.
_OLD_FOLD = (("é", "e"), ("è", "e"), ("ê", "e"), ("ë", "e"), ("É", "e"), ("È", "e"),
             ("à", "a"), ("â", "a"), ("î", "i"), ("ï", "i"), ("ô", "o"), ("û", "u"),
             ("ù", "u"), ("ç", "c"))


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def private_copy(folder: Path) -> Database:
    """The cached 100k demo base copied to ``folder`` and upgraded there."""
    source = OUT / f"contacts-{CONTACTS // 1000}k-seed1.sqlite3"
    if not source.exists():
        demo_base(CONTACTS).dispose()  # generates and caches it
    target = folder / source.name
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    with dst:
        src.backup(dst, pages=-1)
    src.close()
    dst.close()
    db = Database(make_url_for_path(target))
    before = migrate.current_revision(db)
    took, _ = _timed(lambda: migrate.upgrade(db, backup_dir=None, clock=CLOCK))
    print(f"base copiée ({before} → {migrate.current_revision(db)}) ; mise à jour "
          f"{took:.1f} s")
    return db


def sample_matters(db: Database, size: int) -> list[int]:
    """Matters of the busiest clients (most time entries over their matters), a seeded sample."""
    with db.read() as s:
        busy = s.scalars(select(Matter.client_id).join(TimeEntry, TimeEntry.matter_id == Matter.id)
                         .group_by(Matter.client_id)
                         .order_by(func.count().desc(), Matter.client_id).limit(25)).all()
        ids = s.scalars(select(Matter.id).where(Matter.client_id.in_(busy))
                        .order_by(Matter.id)).all()
    return sorted(random.Random(3).sample(list(ids), min(size, len(ids))))


def naive_banner(db: Database, matter_id: int) -> tuple[Decimal, Decimal]:
    """The baseline: every row of the matter loaded through the ORM, summed in Python."""
    with db.read() as s:
        matter = s.get(Matter, matter_id)
        _client = s.get(Contact, matter.client_id)
        _responsible = s.get(User, matter.responsible_id)
        entries = s.scalars(select(TimeEntry).where(TimeEntry.matter_id == matter_id)).all()
        expenses = s.scalars(select(Expense).where(Expense.matter_id == matter_id)).all()
        invoices = s.scalars(select(Invoice).where(Invoice.matter_id == matter_id)).all()
        encours = sum((e.amount for e in [*entries, *expenses]
                       if e.invoice_id is None and e.billable), Decimal("0.00"))
        due = Decimal("0.00")
        for invoice in invoices:
            if invoice.status in OPEN_INVOICE_STATUSES and invoice.credit_note_for_id is None:
                paid = sum((a.amount for a in s.scalars(select(PaymentAllocation).where(
                    PaymentAllocation.invoice_id == invoice.id))), Decimal("0.00"))
                due += invoice.total_incl_tax - paid
        return encours, due


def old_list(db: Database, text: str, limit: int = queries.PAGE_SIZE) -> tuple[int, int]:
    """The list query as it was: accents folded in SQL over every row, the client's name."""
    title = func.lower(Matter.title)
    for accented, plain in _OLD_FOLD:
        title = func.replace(title, accented, plain)
    conds = []
    for word in fold(text).split():
        pattern = f"%{word}%"
        conds.append(or_(func.lower(Matter.reference).like(pattern), title.like(pattern),
                         Contact.sort_name.like(pattern)))
    joined = (select(Matter.id).join(Contact, Contact.id == Matter.client_id)
              .join(User, User.id == Matter.responsible_id))
    with db.read() as s:
        rows = s.execute(
            select(Matter.id, Matter.reference, Matter.title, Contact.display_name,
                   User.first_name, User.last_name, Matter.status, Matter.opened_on)
            .join(Contact, Contact.id == Matter.client_id)
            .join(User, User.id == Matter.responsible_id)
            .where(and_(true(), *conds)).order_by(*queries._order("reference", True))
            .limit(limit)).all()
        total = len(rows) if len(rows) < limit else s.scalar(select(func.count()).select_from(
            joined.where(and_(true(), *conds)).subquery()))
    return len(rows), int(total or 0)


def bench_screen(db: Database, folder: Path, matter_ids: list[int]) -> list[float]:
    from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from themisia_desktop.context import AppContext
    from themisia_desktop.core.paths import UserDirs
    from themisia_desktop.gui.matters.matter_screen import MatterScreen

    def quiet(_mode, _context, message: str) -> None:  # noqa: ANN001
        if "propagateSizeHints" not in message:  # the offscreen platform's notice
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)
    app = QApplication.instance() or QApplication([])
    dirs = UserDirs(data=folder / "data", config=folder / "config", logs=folder / "logs")
    ctx = AppContext.open(str(db.engine.url), dirs=dirs, clock=CLOCK, log_to_file=False)
    times = []
    try:
        for mid in [matter_ids[0], *matter_ids]:  # the first one warms the imports up
            loop = QEventLoop()
            done: list[float] = []
            started = time.perf_counter()
            screen = MatterScreen(ctx, mid)
            screen.loaded.connect(lambda: (done.append(time.perf_counter()), loop.quit()))
            screen.failed.connect(lambda message: (print("échec :", message), loop.quit()))
            screen.resize(1366, 768)
            screen.show()
            QTimer.singleShot(10_000, loop.quit)
            if not done:
                loop.exec()
            if not done:
                raise SystemExit(f"dossier {mid} : pas de signal loaded en 10 s")
            times.append(done[0] - started)
            while screen.busy:  # let the first tab's read finish before closing
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            screen.close()
            screen.deleteLater()
            app.processEvents()
    finally:
        ctx.close()
    return times[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5, help="runs of each list search")
    args = parser.parse_args()
    today = CLOCK.today()
    with tempfile.TemporaryDirectory(prefix="themisia-bench-matter-") as name:
        folder = Path(name)
        db = private_copy(folder)
        with db.read() as s:
            count = s.scalar(select(func.count()).select_from(Matter))
        mids = sample_matters(db, args.sample)
        with db.read() as s:
            entries = s.scalar(select(func.count()).select_from(TimeEntry)
                               .where(TimeEntry.matter_id.in_(mids)))
        print(f"{count:,} dossiers ; échantillon de {len(mids)} dossiers des clients les plus "
              f"chargés ({entries / len(mids):.0f} temps passés par dossier en moyenne)")

        loads, naive = [], []
        for mid in mids:
            took, view = _timed(lambda: load_matter(db, mid, today))
            loads.append(took)
            took, (encours, due) = _timed(lambda: naive_banner(db, mid))
            naive.append(took)
            assert view.banner.encours == encours, (mid, view.banner.encours, encours)
        screen = bench_screen(db, folder, mids)
        print(f"MatterScreen → loaded   {_ms(screen)}")
        print(f"load_matter seul        {_ms(loads)}")
        print(f"naïf (ORM, somme Python) {_ms(naive)}")
        print(f"rapport naïf / load_matter (p50) : "
              f"{statistics.median(naive) / statistics.median(loads):.1f}×")
        verdict = "OK" if _p95(screen) * 1000 < BUDGET_MS else "HORS BUDGET"
        print(f"budget {BUDGET_MS} ms (p95 de l'écran) : {verdict}")

        print("\nliste des dossiers, recherche (tous statuts, 1re page de 200) :")
        for text in SEARCHES:
            before, after = [], []
            for _ in range(args.runs):
                took, (_rows, old_total) = _timed(lambda: old_list(db, text))
                before.append(took)
                took, page = _timed(lambda: list_matters(db, text=text, statuses=None))
                after.append(took)
            print(f"  « {text} »  avant {statistics.median(before) * 1000:6.1f} ms "
                  f"({old_total:>5} trouvés)   après {statistics.median(after) * 1000:6.1f} ms "
                  f"({page.total:>5} trouvés)   ×{statistics.median(before) / statistics.median(after):.1f}")
        db.dispose()


if __name__ == "__main__":
    main()
