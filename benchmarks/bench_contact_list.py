"""Benchmark: the contact list model at 100,000 contacts, against a QSortFilterProxyModel.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_contact_list.py [--contacts 100000]

* first paint: ids queried in SQL, model set on a QTableView, shown, first frame painted
  (``QWidget.grab`` forces the paint);
* scroll frame: ``scrollTo`` a far row (new page fetched lazily) and paint;
* re-sort: ids re-queried in SQL in another order + model reset + paint, for each column;
  baseline in the same run: every row loaded into a QStandardItemModel behind a
  QSortFilterProxyModel, then ``proxy.sort(column)`` + paint.
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

from PySide6.QtCore import QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView  # noqa: E402

from _contacts_base import demo_base  # noqa: E402
from themisia_desktop.core.contacts.search import fetch_rows, search_contact_ids  # noqa: E402
from themisia_desktop.gui.contacts.list_model import COLUMNS, ContactListModel  # noqa: E402


def ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=100_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    db = demo_base(args.contacts)

    firsts = []
    for _ in range(5):
        started = time.perf_counter()
        model = ContactListModel(db)
        model.set_ids(search_contact_ids(db, ""))
        view = QTableView()
        view.resize(1366, 700)
        view.setModel(model)
        view.show()
        view.grab()
        firsts.append(ms(started))
        view.close()
    print(f"{model.rowCount():,} contacts listés")
    print(f"premier affichage : médiane {statistics.median(firsts):.1f} ms "
          f"(max {max(firsts):.1f})   budget < 100 ms")

    rng = random.Random(1)
    view.show()
    frames = []
    for _ in range(60):
        row = rng.randrange(model.rowCount())
        started = time.perf_counter()
        view.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        view.grab()
        frames.append(ms(started))
    frames.sort()
    print(f"défilement (saut lointain + page chargée) : médiane {statistics.median(frames):.1f} ms, "
          f"p95 {frames[int(0.95 * (len(frames) - 1))]:.1f} ms   budget < 16 ms")

    ours = {}
    for header, order, _attr in COLUMNS:
        times = []
        for descending in (False, True):
            started = time.perf_counter()
            model.set_ids(search_contact_ids(db, "", order=order, descending=descending))
            view.grab()
            times.append(ms(started))
        ours[header] = max(times)

    started = time.perf_counter()
    rows = fetch_rows(db, model.ids())
    std = QStandardItemModel(0, len(COLUMNS))
    for row in rows:
        std.appendRow([QStandardItem(getattr(row, attr)) for _h, _o, attr in COLUMNS])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(std)
    load = ms(started)
    view.setModel(proxy)
    theirs = {}
    for c, (header, _o, _a) in enumerate(COLUMNS):
        times = []
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            started = time.perf_counter()
            proxy.sort(c, order)
            view.grab()
            times.append(ms(started))
        theirs[header] = max(times)
    print(f"\n(base naïve : toutes les lignes chargées dans un QStandardItemModel en {load:.0f} ms)")
    print(f"{'tri par':<12} {'SQL ms':>8} {'proxy ms':>9} {'ratio':>6}   budget SQL < 150 ms")
    for header in ours:
        print(f"{header:<12} {ours[header]:>8.1f} {theirs[header]:>9.1f} "
              f"{theirs[header] / ours[header]:>5.1f}×")
    view.close()
    app.processEvents()


if __name__ == "__main__":
    main()
