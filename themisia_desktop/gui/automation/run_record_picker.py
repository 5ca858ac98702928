"""Choose the record a workflow is about, by typing a few letters.

Contacts are found with the application's :class:`ContactSearch`; matters, tasks, deadlines,
invoices… with :func:`themisia_desktop.core.automation.record_names.search_records` (name,
reference, number or id), read on a worker. :class:`RecordPickerDialog` wraps it for the
history's « Enregistrement » filter."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QVBoxLayout, QWidget)

from themisia_desktop.core.automation.record_names import RecordChoice, search_records, type_label
from themisia_desktop.gui.contacts.contact_search import ContactSearch
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker

SEARCH_DELAY_MS = 150
PLACEHOLDERS = {"matter": "Référence ou intitulé du dossier…",
                "contact": "Nom, e-mail, téléphone, ville…"}


class RecordSearch(QWidget):
    """``picked(id, name)`` when a record is chosen (click, double-click or Entrée);
    ``resultsShown(count)`` after each search."""

    picked = Signal(int, str)
    resultsShown = Signal(int)

    def __init__(self, ctx, record_type: str, parent: QWidget | None = None, *,  # noqa: ANN001
                 rows: int = 6) -> None:
        super().__init__(parent)
        self.record_type = record_type
        self.record_id: int | None = None
        self.record_name = ""
        self._db = ctx.db
        self._choices: list[RecordChoice] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.contacts: ContactSearch | None = None
        if record_type == "contact":
            self.contacts = ContactSearch(ctx.db, self, rows=rows,
                                          placeholder=PLACEHOLDERS["contact"])
            self.contacts.picked.connect(self._picked)
            self.contacts.resultsShown.connect(self.resultsShown)
            self.edit = self.contacts.edit
            layout.addWidget(self.contacts)
            return
        self._worker = Worker(self)
        self.edit = QLineEdit(self)
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(PLACEHOLDERS.get(
            record_type, f"{type_label(record_type)} : quelques lettres ou son numéro…"))
        self.results = QListWidget(self)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setFixedHeight(self.fontMetrics().height() * rows + 16)
        self.status = QLabel(self)
        self.status.setProperty("role", "hint")
        self.status.hide()
        layout.addWidget(self.edit)
        layout.addWidget(self.results)
        layout.addWidget(self.status)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.search_now)
        self.edit.textEdited.connect(lambda _t: self._debounce.start())
        self.edit.returnPressed.connect(self._enter)
        self.results.itemClicked.connect(self._clicked)
        self.results.itemActivated.connect(self._clicked)
        self.search_now()

    @property
    def busy(self) -> bool:
        if self.contacts is not None:
            return self.contacts.busy
        return self._debounce.isActive() or self._worker.busy

    def search_now(self) -> None:
        if self.contacts is not None:
            self.contacts.search_now()
            return
        db, kind, text = self._db, self.record_type, self.edit.text()
        self._worker.submit_latest("search", lambda: search_records(db, kind, text),
                                   self._show, self._failed)

    def _show(self, choices: list[RecordChoice]) -> None:
        self._choices = list(choices)
        self.results.clear()
        for choice in choices:
            item = QListWidgetItem(choice.label, self.results)
            item.setToolTip(choice.label)
        if choices:
            self.results.setCurrentRow(0)
        self.status.setText("Aucun enregistrement trouvé." if not choices else "")
        self.status.setVisible(not choices)
        self.resultsShown.emit(len(choices))

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))
        self.status.show()
        self.resultsShown.emit(0)

    def _enter(self) -> None:
        row = self.results.currentRow()
        if 0 <= row < len(self._choices):
            self.choose_row(row)

    def _clicked(self, item: QListWidgetItem) -> None:
        self.choose_row(self.results.row(item))

    def choose_row(self, row: int) -> None:
        if self.contacts is not None:
            self.contacts.choose_row(row)
            return
        choice = self._choices[row]
        self._picked(choice.id, choice.label)

    def _picked(self, record_id: int, name: str) -> None:
        self.record_id = record_id
        self.record_name = name
        self.picked.emit(record_id, name)


class RecordPickerDialog(QDialog):
    """« Choisir un enregistrement »: emits ``picked(id, name)`` and closes."""

    picked = Signal(int, str)

    def __init__(self, ctx, record_type: str, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle(f"Choisir : {type_label(record_type)}")
        self.search = RecordSearch(ctx, record_type, self, rows=10)
        self.search.picked.connect(self._picked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Tapez quelques lettres, puis cliquez sur l'enregistrement.", self))
        layout.addWidget(self.search, 1)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def _picked(self, record_id: int, name: str) -> None:
        self.picked.emit(record_id, name)
        self.accept()
