"""Find a contact by typing part of its name: a search field and its results, read on a worker.

One widget serves every place where a contact is chosen. Inline (``rows`` given: the matter
dialogs and tabs), the results show under the field while the user types and a click picks
one. As a list (``rows=None``: the « Choisir un contact » dialog), the results stay, the first
one is selected, a click selects and a double-click picks. Either way, Bas / Haut move through
the results without leaving the field and Entrée picks the selected one (or the only match).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from themisia_desktop.core.contacts.search import ContactRow
from themisia_desktop.core.matters.queries import find_contacts
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker

SEARCH_DELAY_MS = 150
RESULTS = 30
NO_MATCH = "Aucun contact trouvé"
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def row_label(row: ContactRow) -> str:
    """« GIRARD Marc  —  Personne physique · Client actif · Lyon · marc@exemple.fr »."""
    detail = " · ".join(p for p in (row.kind, row.status, row.city, row.primary_email) if p)
    name = row.list_name or row.display_name
    return f"{name}  —  {detail}" if detail else name


class ContactSearch(QWidget):
    """``picked(id, name)`` when a contact is chosen; ``resultsShown(count)`` after each search;
    ``failed(message)`` when a search could not be run; ``currentChanged()`` when the selected
    result changes."""

    picked = Signal(int, str)
    resultsShown = Signal(int)
    failed = Signal(str)
    currentChanged = Signal()

    def __init__(self, db, parent: QWidget | None = None, *,  # noqa: ANN001
                 kinds: Sequence[str] | None = None, exclude: Iterable[int] = (),
                 placeholder: str = "", rows: int | None = 4) -> None:
        super().__init__(parent)
        self._db = db
        self._kinds = tuple(kinds) if kinds else None
        self._exclude = frozenset(exclude)
        self._inline = rows is not None
        self._worker = Worker(self)
        self._generation = 0
        self._rows: list[ContactRow] = []
        self.contact_id: int | None = None
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder or "Tapez le début du nom…")
        self.edit.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        if self._inline:
            self.results.setFixedHeight(self._rows_height(rows))
            self.results.hide()
            layout.addWidget(self.results)
            self.results.itemClicked.connect(self._choose)
        else:
            self.results.setMinimumHeight(self.fontMetrics().height() * 8)
            layout.addWidget(self.results, 1)
            self.results.itemDoubleClicked.connect(self._choose)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.search_now)
        self.edit.textEdited.connect(self._typed)
        self.edit.installEventFilter(self)
        self.results.installEventFilter(self)
        self.results.currentRowChanged.connect(lambda _row: self.currentChanged.emit())

    def _rows_height(self, rows: int) -> int:
        """The height that shows exactly ``rows`` results."""
        self.results.addItem(NO_MATCH)
        row = self.results.sizeHintForRow(0)
        self.results.clear()
        return row * rows + 2 * self.results.frameWidth()

    # -- state ---------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._debounce.isActive() or self._worker.busy

    def current_row(self) -> ContactRow | None:
        """The selected result, if any."""
        row = self.results.currentRow()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def set_exclude(self, ids: Iterable[int]) -> None:
        """Contacts never offered from the next search on."""
        self._exclude = frozenset(ids)

    def clear(self) -> None:
        self._generation += 1
        self._debounce.stop()
        self.contact_id = None
        self.edit.clear()
        self._show([])

    # -- searching -----------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self.contact_id = None
        self._debounce.start()

    def search_now(self) -> None:
        """Search the field's text now (the debounce timer calls this)."""
        self._debounce.stop()
        self._generation += 1
        generation, text = self._generation, self.edit.text()
        if not text.strip():
            self._show([])
            return
        db, kinds, exclude = self._db, self._kinds, self._exclude

        def shown(rows: list[ContactRow]) -> None:
            if generation == self._generation:
                self._show(rows)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._show_failure(error_text(exc))

        self._worker.submit(lambda: find_contacts(db, text, kinds=kinds, limit=RESULTS,
                                                  exclude=exclude), shown, failed)

    def _show(self, rows: list[ContactRow]) -> None:
        self._rows = list(rows)
        self.results.clear()
        for row in rows:
            item = QListWidgetItem(row_label(row))
            item.setToolTip(row_label(row))
            self.results.addItem(item)
        typed = bool(self.edit.text().strip())
        if not rows and typed:
            self._add_note(NO_MATCH)
        if rows and not self._inline:
            self.results.setCurrentRow(0)
        if self._inline:
            self.results.setVisible(typed)
        self.currentChanged.emit()
        self.resultsShown.emit(len(rows))

    def _show_failure(self, message: str) -> None:
        self._rows = []
        self.results.clear()
        self._add_note(message)
        self.results.setVisible(True)
        self.currentChanged.emit()
        self.failed.emit(message)

    def _add_note(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.results.addItem(item)

    # -- picking -------------------------------------------------------------------------
    def pick_current(self) -> bool:
        """Pick the selected result, or the only one; False when there is none to pick."""
        row = self.results.currentRow()
        if not 0 <= row < len(self._rows) and len(self._rows) == 1:
            row = 0
        if not 0 <= row < len(self._rows):
            return False
        self._pick(self._rows[row])
        return True

    def choose_row(self, row: int) -> None:
        """Pick the ``row``-th result (as a click would)."""
        self._pick(self._rows[row])

    def _choose(self, item: QListWidgetItem) -> None:
        row = self.results.row(item)
        if 0 <= row < len(self._rows):
            self._pick(self._rows[row])

    def _pick(self, row: ContactRow) -> None:
        self.contact_id = row.id
        self.edit.setText(row.display_name)
        if self._inline:
            self.results.hide()
        self.picked.emit(row.id, row.display_name)

    def _move(self, step: int) -> None:
        if not self._rows:
            return
        current = self.results.currentRow()
        start = -1 if current < 0 and step > 0 else current
        self.results.setCurrentRow(max(0, min(len(self._rows) - 1, start + step)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in _ENTER and watched in (self.edit, self.results):
                # Consumed: a dialog's default button must not act on the same key.
                self.pick_current()
                return True
            if watched is self.edit and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
        return super().eventFilter(watched, event)
