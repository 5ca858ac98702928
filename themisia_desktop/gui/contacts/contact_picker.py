"""« Choisir un contact »: search-as-you-type over the contacts (on a worker), pick one.

Used by the card's panels (a role's contact, a company's representative). Emits
``picked(contact_id)`` and closes when the user validates a result (double-click or
« Choisir »).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QVBoxLayout, QWidget)

from themisia_desktop.core.contacts.search import ALL_STATUSES, fetch_rows, search_contact_ids
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker

RESULTS = 30
DELAY_MS = 150


class ContactPicker(QDialog):
    picked = Signal(int)
    searched = Signal(int)  # results shown

    def __init__(self, ctx, title: str, *, kinds: tuple[str, ...] | None = None,  # noqa: ANN001
                 exclude: set[int] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._kinds = kinds
        self._exclude = set(exclude or ())
        self._generation = 0
        self._worker = Worker(self)
        self.setWindowTitle(title)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Nom, e-mail, téléphone, ville…")
        self.results = QListWidget(self)
        self.results.setMinimumHeight(220)
        self.hint_label = QLabel("Tapez les premières lettres du nom.", self)
        self.hint_label.setProperty("role", "hint")
        self.buttons = QDialogButtonBox(self)
        self.choose_button = self.buttons.addButton("Choisir", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        self.results.itemDoubleClicked.connect(lambda _item: self.choose())
        self.results.currentRowChanged.connect(lambda _r: self._update())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.search_edit.textEdited.connect(lambda _t: self._timer.start())
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.buttons)
        self.resize(460, 380)
        self._update()

    def _update(self) -> None:
        self.choose_button.setEnabled(self.results.currentRow() >= 0)

    def search(self) -> None:
        text = self.search_edit.text().strip()
        self._generation += 1
        generation = self._generation
        db, kinds, exclude = self._ctx.db, self._kinds, self._exclude

        def work():  # noqa: ANN202
            if not text:
                return []
            ids = [i for i in search_contact_ids(db, text, statuses=ALL_STATUSES, kinds=kinds,
                                                 limit=RESULTS + len(exclude)) if i not in exclude]
            return fetch_rows(db, ids[:RESULTS])

        def shown(rows) -> None:  # noqa: ANN001
            if generation != self._generation:
                return
            self.results.clear()
            for row in rows:
                extra = " · ".join(p for p in (row.kind, row.city, row.primary_email) if p)
                item = QListWidgetItem(f"{row.list_name or row.display_name}  —  {extra}")
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                self.results.addItem(item)
            if rows:
                self.results.setCurrentRow(0)
            self.hint_label.setText(f"{len(rows)} résultat{'s' if len(rows) > 1 else ''}."
                                    if text else "Tapez les premières lettres du nom.")
            self._update()
            self.searched.emit(len(rows))

        def failed(exc: BaseException) -> None:
            self.hint_label.setText(error_text(exc))

        self._worker.submit(work, shown, failed)

    def choose(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.picked.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        self.accept()
