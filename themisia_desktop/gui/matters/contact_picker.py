"""Pick a contact by typing part of its name (search as you type, on a worker)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from themisia_desktop.core.contacts.search import ContactRow
from themisia_desktop.core.matters.queries import find_contacts
from themisia_desktop.gui.worker import Worker

SEARCH_DELAY_MS = 150


class ContactPicker(QWidget):
    """A search field and the matching contacts; ``picked(id, name)`` when one is chosen
    (clicked, or Entrée on the field with one match or a selection)."""

    picked = Signal(int, str)
    resultsShown = Signal(int)

    def __init__(self, db, parent: QWidget | None = None, *,  # noqa: ANN001
                 kinds: Sequence[str] | None = None, placeholder: str = "",
                 rows: int = 4) -> None:
        super().__init__(parent)
        self._db = db
        self._kinds = tuple(kinds) if kinds else None
        self._worker = Worker(self)
        self._generation = 0
        self.contact_id: int | None = None
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder or "Tapez le début du nom…")
        self.edit.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setFixedHeight(self.fontMetrics().height() * rows + 12)
        self.results.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.results)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._search)
        self.edit.textEdited.connect(self._typed)
        self.edit.returnPressed.connect(self._enter)
        self.results.itemClicked.connect(self._choose)
        self.results.itemActivated.connect(self._choose)

    @property
    def busy(self) -> bool:
        return self._debounce.isActive() or self._worker.busy

    def clear(self) -> None:
        self.contact_id = None
        self.edit.clear()
        self.results.clear()
        self.results.hide()

    def _typed(self, _text: str) -> None:
        self.contact_id = None
        self._debounce.start()

    def _search(self) -> None:
        self._generation += 1
        generation, text, db, kinds = self._generation, self.edit.text(), self._db, self._kinds

        def shown(rows: list[ContactRow]) -> None:
            if generation == self._generation:
                self._show(rows)

        self._worker.submit(lambda: find_contacts(db, text, kinds=kinds), shown,
                            lambda _exc: shown([]))

    def _show(self, rows: list[ContactRow]) -> None:
        self.results.clear()
        for row in rows:
            detail = " · ".join(p for p in (row.kind, row.status, row.city) if p)
            item = QListWidgetItem(f"{row.display_name}  —  {detail}")
            item.setData(Qt.ItemDataRole.UserRole, (row.id, row.display_name))
            self.results.addItem(item)
        if not rows and self.edit.text().strip():
            item = QListWidgetItem("Aucun contact trouvé")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        self.results.setVisible(bool(self.edit.text().strip()))
        self.resultsShown.emit(len(rows))

    def _enter(self) -> None:
        item = self.results.currentItem()
        if item is None and self.results.count() == 1:
            item = self.results.item(0)
        if item is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if not data:
            return
        contact_id, name = data
        self.contact_id = contact_id
        self.edit.setText(name)
        self.results.hide()
        self.picked.emit(contact_id, name)

    def choose_row(self, row: int) -> None:
        """Choose the ``row``-th result (as a click would)."""
        self._choose(self.results.item(row))
