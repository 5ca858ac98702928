"""Benchmark: the contact list at 100,000 contacts, against naive models in the same run.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_contact_list.py [--contacts 100000]

What is timed is what the user waits for, on the real widget (``ContactListWidget``, its
worker, its model), with the event loop turning:

* first paint: widget built and shown → its first page of real rows painted (``QWidget.grab``
  forces the paint); then → complete id list loaded (in the background);
* scroll: ``scrollTo`` a far row and paint (the GUI-thread frame: the page is not there yet, a
  placeholder is painted), then → the page's rows arrived and painted (latency);
* re-sort by each header, both directions: click → first page of the new order painted, then →
  complete list loaded.

Each also reports the longest single stretch the GUI thread was busy (``max GUI ms``): what
decides whether the window stays responsive. Baselines, same base, same run: the previous
synchronous model (all ids read, then each page read inside ``data()`` on the GUI thread), and
for sorting a plain ``QAbstractTableModel`` over Python lists of every row, sorted in Python.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView  # noqa: E402

from _contacts_base import demo_base  # noqa: E402
from themisia_desktop.core.contacts.search import fetch_rows, search_contact_ids  # noqa: E402
from themisia_desktop.gui.contacts.contact_list import ContactListWidget  # noqa: E402
from themisia_desktop.gui.contacts.list_model import COLUMNS, PAGE_SIZE  # noqa: E402

SIZE = (1366, 700)


def ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class Loop:
    """Turns the event loop until a condition holds, timing each turn (GUI thread busy)."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.longest = 0.0

    def until(self, condition, timeout_s: float = 60) -> None:
        deadline = time.perf_counter() + timeout_s
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError("condition not met")
            started = time.perf_counter()
            self.app.processEvents()
            self.longest = max(self.longest, ms(started))
            time.sleep(0.0002)  # let the worker thread run (GIL) as an idle event loop would

    def grab(self, widget) -> float:
        started = time.perf_counter()
        widget.grab()
        took = ms(started)
        self.longest = max(self.longest, took)
        return took


def visible_loaded(w: ContactListWidget) -> bool:
    view, model = w.view, w.model
    if model.rowCount() == 0:
        return False
    top = max(0, view.rowAt(0))
    bottom = view.rowAt(view.viewport().height() - 1)
    bottom = model.rowCount() - 1 if bottom < 0 else bottom
    return model.is_loaded(top) and model.is_loaded(bottom)


# -- naive models ---------------------------------------------------------------------------
class SyncModel(QAbstractTableModel):
    """The previous design: ids only, a page read inside data() on the GUI thread."""

    def __init__(self, db, ids) -> None:  # noqa: ANN001
        super().__init__()
        self.db, self.ids, self.pages = db, ids, {}

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        page = index.row() // PAGE_SIZE
        if page not in self.pages:
            rows = fetch_rows(self.db, self.ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE])
            self.pages[page] = {r.id: r for r in rows}
        row = self.pages[page].get(self.ids[index.row()])
        return getattr(row, COLUMNS[index.column()][2]) if row else ""


class ListsModel(QAbstractTableModel):
    """Every row in Python lists, sorted in Python (the replacement for a proxy model)."""

    def __init__(self, rows) -> None:  # noqa: ANN001
        super().__init__()
        self.columns = [[getattr(r, attr) for r in rows] for _h, _o, attr in COLUMNS]
        self.names = [r.display_name.casefold() for r in rows]
        self.order = list(range(len(rows)))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.columns[index.column()][self.order[index.row()]]

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:  # noqa: ANN001
        self.layoutAboutToBeChanged.emit()
        values, names = self.columns[column], self.names
        self.order.sort(key=lambda i: (values[i], names[i]),
                        reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


# -- measures -------------------------------------------------------------------------------
def first_paint(app, db) -> tuple[ContactListWidget, dict]:  # noqa: ANN001
    shown, complete, stalls = [], [], []
    w = None
    for _ in range(5):
        if w is not None:
            w.close()
            w.deleteLater()
        loop = Loop(app)
        started = time.perf_counter()
        w = ContactListWidget(db)
        w.resize(*SIZE)
        w.show()
        full = []
        w.resultsShown.connect(lambda n, full=full: full.append(ms(started)))
        loop.until(lambda w=w: visible_loaded(w))
        loop.grab(w)
        shown.append(ms(started))
        loop.until(lambda full=full: bool(full))
        complete.append(full[0])
        stalls.append(loop.longest)
    return w, {"shown": shown, "complete": complete, "stall": stalls}


def naive_first_paint(db) -> list[float]:  # noqa: ANN001
    out = []
    for _ in range(5):
        started = time.perf_counter()
        view = QTableView()
        view.resize(*SIZE)
        view.setModel(SyncModel(db, search_contact_ids(db, "")))
        view.show()
        view.grab()
        out.append(ms(started))
        view.close()
    return out


def scroll(app, w: ContactListWidget, jumps: int) -> dict:
    rng = random.Random(1)
    frames, latency, stalls = [], [], []
    model, view = w.model, w.view
    for _ in range(jumps):
        loop = Loop(app)
        row = rng.randrange(model.rowCount())
        started = time.perf_counter()
        view.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        frames.append(loop.grab(view))  # the table, as the naive one below
        loop.until(lambda: visible_loaded(w))
        frames.append(loop.grab(view))
        latency.append(ms(started))
        stalls.append(loop.longest)
    return {"frames": frames, "latency": latency, "stall": stalls}


def naive_scroll(db, ids, jumps: int) -> list[float]:  # noqa: ANN001
    rng = random.Random(1)
    view = QTableView()
    view.resize(*SIZE)
    model = SyncModel(db, ids)
    view.setModel(model)
    view.show()
    view.grab()
    frames = []
    for _ in range(jumps):
        row = rng.randrange(model.rowCount())
        started = time.perf_counter()
        view.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        view.grab()
        frames.append(ms(started))
    view.close()
    return frames


def resort(app, w: ContactListWidget) -> dict:
    out = {}
    for column, (header, _order, _attr) in enumerate(COLUMNS):
        shown, complete, stalls = [], [], []
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            loop = Loop(app)
            first, full = [], []
            w.firstPageShown.connect(lambda: first.append(1))
            w.resultsShown.connect(lambda n: full.append(1))
            started = time.perf_counter()
            w.model.sort(column, order)
            loop.until(lambda: bool(first) and visible_loaded(w))
            loop.grab(w)
            shown.append(ms(started))
            loop.until(lambda: bool(full))
            complete.append(ms(started))
            stalls.append(loop.longest)
            w.firstPageShown.disconnect()
            w.resultsShown.disconnect()
        out[header] = {"shown": max(shown), "complete": max(complete), "stall": max(stalls)}
    return out


def naive_resort(db, ids) -> tuple[float, dict]:  # noqa: ANN001
    started = time.perf_counter()
    model = ListsModel(fetch_rows(db, ids))
    load = ms(started)
    view = QTableView()
    view.resize(*SIZE)
    view.setModel(model)
    view.show()
    view.grab()
    out = {}
    for column, (header, _o, _a) in enumerate(COLUMNS):
        times = []
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            started = time.perf_counter()
            model.sort(column, order)
            view.grab()
            times.append(ms(started))
        out[header] = max(times)
    view.close()
    return load, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--jumps", type=int, default=60)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    db = demo_base(args.contacts)
    search_contact_ids(db, "")  # warm the page cache like a running app

    w, fp = first_paint(app, db)
    naive_fp = naive_first_paint(db)
    ids = w.model.ids()
    print(f"{len(ids):,} contacts listés, fenêtre {SIZE[0]}×{SIZE[1]}")
    print(f"premier affichage : médiane {statistics.median(fp['shown']):.1f} ms "
          f"(max {max(fp['shown']):.1f})   budget < 100 ms   "
          f"[naïf synchrone : médiane {statistics.median(naive_fp):.1f} ms, "
          f"ratio {statistics.median(naive_fp) / statistics.median(fp['shown']):.1f}×]")
    print(f"  liste complète chargée en fond : médiane {statistics.median(fp['complete']):.1f} ms;"
          f" plus long blocage du fil GUI : {max(fp['stall']):.1f} ms "
          f"(par essai : {', '.join(f'{v:.0f}' for v in fp['stall'])})")

    sc = scroll(app, w, args.jumps)
    naive_sc = naive_scroll(db, ids, args.jumps)
    print(f"défilement (saut lointain) : image médiane {statistics.median(sc['frames']):.1f} ms, "
          f"p95 {pct(sc['frames'], 95):.1f} ms   budget < 16 ms   "
          f"[naïf synchrone : médiane {statistics.median(naive_sc):.1f}, "
          f"p95 {pct(naive_sc, 95):.1f} ms, ratio p95 {pct(naive_sc, 95) / pct(sc['frames'], 95):.1f}×]")
    print(f"  lignes réelles affichées après : médiane {statistics.median(sc['latency']):.1f} ms, "
          f"p95 {pct(sc['latency'], 95):.1f} ms; plus long blocage du fil GUI : "
          f"{max(sc['stall']):.1f} ms")

    ours = resort(app, w)
    load, theirs = naive_resort(db, ids)
    print(f"\n(base naïve : {len(ids):,} lignes chargées dans des listes Python en {load:.0f} ms, "
          f"puis triées en Python)")
    print(f"{'tri par':<11} {'1re page ms':>11} {'complet ms':>11} {'max GUI ms':>11} "
          f"{'naïf ms':>8} {'ratio':>6}   budget 1re page < 150 ms")
    for header, r in ours.items():
        print(f"{header:<11} {r['shown']:>11.1f} {r['complete']:>11.1f} {r['stall']:>11.1f} "
              f"{theirs[header]:>8.1f} {theirs[header] / r['shown']:>5.1f}×")
    w.close()
    app.processEvents()


if __name__ == "__main__":
    main()
