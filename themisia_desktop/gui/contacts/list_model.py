"""A table model over contact ids: the rows are fetched lazily, one page at a time.

The model holds only the ordered ids (sorted and filtered in SQL by
:func:`themisia_desktop.core.contacts.search.search_contact_ids`), like Anki's browser table.
Painting a row asks :func:`fetch_rows` for its whole page (``PAGE_SIZE`` rows, ~2 ms), which is
then kept in a bounded cache. Sorting by a header is not done here: ``sort()`` emits
``sortRequested`` and the owner runs the ordered query off the GUI thread, then calls
``set_ids``.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from themisia_desktop.core.contacts.search import ContactRow, fetch_rows
from themisia_desktop.core.db.engine import Database

# (header, order key of search_contact_ids, ContactRow attribute)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("Nom", "name", "display_name"),
    ("Type", "kind", "kind"),
    ("Statut", "status", "status"),
    ("Ville", "city", "city"),
    ("E-mail", "email", "primary_email"),
    ("Téléphone", "phone", "primary_phone"),
)
PAGE_SIZE = 200
CACHE_PAGES = 25
ID_ROLE = Qt.ItemDataRole.UserRole


class ContactListModel(QAbstractTableModel):
    sortRequested = Signal(str, bool)  # order key, descending

    def __init__(self, db: Database, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._db = db
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, ContactRow]] = OrderedDict()

    # -- content -------------------------------------------------------------------------
    def set_ids(self, ids: list[int]) -> None:
        """Show these contacts, in this order (a new search, filter or sort)."""
        self.beginResetModel()
        self._ids = list(ids)
        self._pages.clear()
        self.endResetModel()

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
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1,
                                                               len(COLUMNS) - 1))

    def _row(self, row: int) -> ContactRow | None:
        page = row // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            ids = self._ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
            rows = {r.id: r for r in fetch_rows(self._db, ids)}
            self._pages[page] = rows
            while len(self._pages) > CACHE_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows.get(self._ids[row])

    # -- Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._row(index.row())
        if row is None:  # deleted since the ids were read
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        value = getattr(row, COLUMNS[index.column()][2])
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 0 and row.siren:
                return f"{row.display_name} — SIREN {row.siren}"
            return None
        return value

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
