"""A table model over contact ids: the rows are fetched lazily, one page at a time, off the GUI
thread.

The model holds only the ordered ids (sorted and filtered in SQL by
:func:`themisia_desktop.core.contacts.search.search_contact_ids`), like Anki's browser table.
Painting a row whose page is not cached never waits: ``data()`` answers a placeholder at once
and asks the model's :class:`Worker` for the page (``PAGE_SIZE`` rows, ~2 ms of SQL) and its
neighbours; when a page arrives it is kept in a bounded cache and ``dataChanged`` repaints its
rows. Sorting by a header is not done here: ``sort()`` emits ``sortRequested`` and the owner
runs the ordered query off the GUI thread, then calls ``set_ids`` (first page, with its rows)
and ``extend_ids`` (the complete list, when it is known).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer,
                            Signal)

from themisia_desktop.core.contacts.search import ContactRow, fetch_rows
from themisia_desktop.core.db.engine import Database
from themisia_desktop.gui.worker import Worker

log = logging.getLogger(__name__)

# (header, order key of search_contact_ids, ContactRow attribute)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("Nom", "name", "list_name"),
    ("Type", "kind", "kind"),
    ("Statut", "status", "status"),
    ("Ville", "city", "city"),
    ("E-mail", "email", "primary_email"),
    ("Téléphone", "phone", "primary_phone"),
)
PAGE_SIZE = 200
CACHE_PAGES = 25
PREFETCH_PAGES = 1  # pages read ahead on each side of a page being painted
PREFETCH_DELAY_MS = 30  # after the page's repaint, so that both do not share the interpreter
PLACEHOLDER = "…"   # shown in the name column until the row's page arrives
ID_ROLE = Qt.ItemDataRole.UserRole
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ID_ROLE})


class ContactListModel(QAbstractTableModel):
    sortRequested = Signal(str, bool)  # order key, descending
    pageLoaded = Signal(int)           # page number whose rows just arrived

    def __init__(self, db: Database, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._db = db
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, ContactRow]] = OrderedDict()
        self._pending: set[int] = set()
        # Rows painted with a placeholder, per pending page: repainted when it arrives (a page
        # read ahead that nobody painted arrives silently — no needless repaint of the view).
        self._waiting: dict[int, tuple[int, int]] = {}
        self._epoch = 0  # bumped when ids or rows change: late pages of before are dropped
        self._worker = Worker(self)
        # Pages asked for during a paint are sent to the worker once the paint is over (a
        # zero timer): a Python thread reading rows would slow the paint down (GIL).
        self._queued: list[int] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)
        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(PREFETCH_DELAY_MS)
        self._prefetch_timer.timeout.connect(self._flush)

    # -- content -------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[int], rows: Sequence[ContactRow] | None = None) -> None:
        """Show these contacts, in this order (a new search, filter or sort). ``rows``, when
        given, are already-read rows of the first ids (the first page, read with them)."""
        self.beginResetModel()
        self._ids = list(ids)
        self._forget()
        if rows:
            by_id = {r.id: r for r in rows}
            for page in range(0, (len(self._ids) + PAGE_SIZE - 1) // PAGE_SIZE):
                page_ids = self._ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
                if len(page_ids) == PAGE_SIZE or (page + 1) * PAGE_SIZE >= len(self._ids):
                    if all(i in by_id for i in page_ids):
                        self._pages[page] = {i: by_id[i] for i in page_ids}
                        continue
                break
        self.endResetModel()

    def extend_ids(self, ids: Sequence[int]) -> None:
        """The complete list of the search whose first ids are shown: append the rest (rows
        already shown and the selection stay), or start again if the beginning differs (a
        contact changed between the two queries)."""
        ids = list(ids)
        n = len(self._ids)
        if ids[:n] != self._ids:
            self.set_ids(ids)
            return
        if len(ids) == n:
            return
        if n % PAGE_SIZE:  # the last, partial page is longer now: read again when painted
            self._pages.pop(n // PAGE_SIZE, None)
        self.beginInsertRows(QModelIndex(), n, len(ids) - 1)
        self._ids = ids
        self.endInsertRows()

    def ids(self) -> list[int]:
        return list(self._ids)

    def contact_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, contact_id: int) -> int:
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return -1

    def invalidate_rows(self) -> None:
        """Forget the cached rows (a contact changed): they are read again when painted."""
        self._forget()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1,
                                                               len(COLUMNS) - 1))

    def is_loaded(self, row: int) -> bool:
        """Whether this row's data is at hand (False: a placeholder is shown meanwhile)."""
        return row // PAGE_SIZE in self._pages

    @property
    def loading(self) -> bool:
        return bool(self._pending)

    # -- pages ---------------------------------------------------------------------------
    def _forget(self) -> None:
        self._epoch += 1
        self._pages.clear()
        self._pending.clear()
        self._waiting.clear()
        self._queued.clear()

    def _row(self, row: int) -> ContactRow | None | bool:
        """The row, None if the contact is gone, False if its page is not here yet."""
        page = row // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            low, high = self._waiting.get(page, (row, row))
            self._waiting[page] = (min(low, row), max(high, row))
            self._request(page)
            return False
        self._pages.move_to_end(page)
        return rows.get(self._ids[row])

    def _request(self, page: int, timer: QTimer | None = None) -> None:
        if page in self._pending or page in self._pages:
            return
        if not self._ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]:
            return
        self._pending.add(page)
        self._queued.append(page)
        timer = timer or self._flush_timer
        if not timer.isActive():
            timer.start()

    def _flush(self) -> None:
        db, epoch = self._db, self._epoch
        queued, self._queued = self._queued, []
        for page in queued:
            ids = self._ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
            self._worker.submit(lambda ids=ids: fetch_rows(db, ids),
                                lambda rows, page=page, ids=ids: self._arrived(epoch, page, ids,
                                                                               rows),
                                lambda exc, page=page: self._failed(epoch, page, exc))

    def _arrived(self, epoch: int, page: int, ids: list[int], rows: list[ContactRow]) -> None:
        if epoch != self._epoch:
            return
        self._pending.discard(page)
        if ids != self._ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]:  # the list grew meanwhile
            if page in self._waiting:
                self._request(page)
            return
        self._pages[page] = {r.id: r for r in rows}
        while len(self._pages) > CACHE_PAGES:
            self._pages.popitem(last=False)
        painted = self._waiting.pop(page, None)
        if painted is not None:
            first, last = painted[0], min(painted[1], len(self._ids) - 1)
            if first <= last:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1),
                                      [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])
            # Read ahead around a page someone is looking at — after it, not competing with it.
            end = (len(self._ids) - 1) // PAGE_SIZE
            for step in range(1, PREFETCH_PAGES + 1):
                for near in (page + step, page - step):
                    if 0 <= near <= end:
                        self._request(near, self._prefetch_timer)
        self.pageLoaded.emit(page)

    def _failed(self, epoch: int, page: int, exc: BaseException) -> None:
        if epoch == self._epoch:
            self._pending.discard(page)  # asked again at the next paint
            self._waiting.pop(page, None)
        log.error("contact list: page %s could not be read", page, exc_info=exc)

    # -- Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        # Called for every role of every visible cell at each paint: cheap refusals first.
        if role not in _ROLES or not index.isValid():
            return None
        r = index.row()
        if not 0 <= r < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[r]
        row = self._row(r)
        if row is False:  # page on its way: never wait for it here
            if role == Qt.ItemDataRole.DisplayRole:
                return PLACEHOLDER if index.column() == 0 else ""
            return None
        if row is None:  # deleted since the ids were read
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 0 and row.siren:
                return f"{row.list_name} — SIREN {row.siren}"
            return None
        return getattr(row, COLUMNS[index.column()][2])

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section][0]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self.sortRequested.emit(COLUMNS[column][1], order == Qt.SortOrder.DescendingOrder)
