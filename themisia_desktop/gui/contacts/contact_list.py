"""The contact list: search-as-you-type, status and type filters, sort by header.

Every query (search, filter, sort) runs on the widget's :class:`Worker`; the GUI thread only
swaps the id list in the model. A query is answered in two steps: the first page (its ids and
rows, a LIMIT query of a few ms) is shown at once, then the complete id list, read next on the
worker, extends the model. Typing is debounced (``SEARCH_DELAY_MS``) and each query carries
a generation number, so a slower, older answer arriving late is discarded.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from themisia_desktop.core.contacts.search import (ACTIVE_STATUSES, ALL_STATUSES, fetch_rows,
                                                   search_contact_ids)
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models.enums import ContactKind, ContactStatus
from themisia_desktop.gui.contacts.list_model import PAGE_SIZE, ContactListModel
from themisia_desktop.gui.worker import Worker

SEARCH_DELAY_MS = 150
COLUMN_WIDTHS = (300, 140, 110, 160, 300)


def count_text(n: int) -> str:
    if n == 0:
        return "Aucun contact"
    return f"{n:,}".replace(",", "\u202f") + (" contact" if n == 1 else " contacts")


class ContactListWidget(QWidget):
    """The list of contacts of the contacts area."""

    firstPageShown = Signal()   # the first rows of a new search, filter or sort are shown
    resultsShown = Signal(int)  # the complete list is shown: number of contacts listed
    searchFailed = Signal(str)
    contactActivated = Signal(int)  # a row was double-clicked: its contact id

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._worker = Worker(self)
        self._generation = 0
        self._order, self._descending = "name", False

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(
            "Rechercher : nom, e-mail, téléphone, SIREN/SIRET, ville…")
        self.search_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem("Contacts actifs", ACTIVE_STATUSES)
        self.status_combo.addItem("Tous les statuts", ALL_STATUSES)
        for status in ContactStatus:
            self.status_combo.addItem(status.label, (status.value,))
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem("Tous les types", None)
        for kind in ContactKind:
            self.kind_combo.addItem(kind.label, (kind.value,))
        self.count_label = QLabel("", self)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setMinimumWidth(130)

        self.model = ContactListModel(db, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setShowGrid(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)  # the model turns a sort into a query

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(QLabel("Statut :", self))
        top.addWidget(self.status_combo)
        top.addWidget(QLabel("Type :", self))
        top.addWidget(self.kind_combo)
        top.addWidget(self.count_label)
        self.new_button = QPushButton("Nouveau contact…", self)
        self.new_button.setVisible(False)  # shown by the contacts area, which can open the dialog
        top.addWidget(self.new_button)
        self.duplicates_button = QPushButton("Doublons…", self)
        self.duplicates_button.setVisible(False)
        top.addWidget(self.duplicates_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._debounce.start)
        self.status_combo.currentIndexChanged.connect(self.refresh)
        self.kind_combo.currentIndexChanged.connect(self.refresh)
        self.model.sortRequested.connect(self._sort)
        self.view.doubleClicked.connect(self._activated)
        self.refresh()

    def _activated(self, index) -> None:  # noqa: ANN001
        contact_id = self.model.contact_id(index.row()) if index.isValid() else None
        if contact_id is not None:
            self.contactActivated.emit(contact_id)

    # -- queries -------------------------------------------------------------------------
    def _sort(self, order: str, descending: bool) -> None:
        if (order, descending) != (self._order, self._descending):
            self._order, self._descending = order, descending
            self.refresh()

    def refresh(self) -> None:
        """Run the current search, filters and sort (on the worker)."""
        self._debounce.stop()
        self._generation += 1
        generation = self._generation
        db, text = self._db, self.search_edit.text()
        query = dict(statuses=self.status_combo.currentData(), kinds=self.kind_combo.currentData(),
                     order=self._order, descending=self._descending)
        self.count_label.setText("Recherche…")

        def first_page() -> tuple[list[int], list]:
            ids = search_contact_ids(db, text, limit=PAGE_SIZE, **query)
            return ids, fetch_rows(db, ids)

        def complete(first: tuple[list[int], list]) -> None:
            if generation != self._generation:
                return  # an older query: the user has typed since
            ids, rows = first
            self.model.set_ids(ids, rows)
            self.firstPageShown.emit()
            if len(ids) < PAGE_SIZE:
                self._show(generation, ids)
                return
            self.count_label.setText(f"{count_text(len(ids))} et plus…")
            self._worker.submit(lambda: search_contact_ids(db, text, **query),
                                lambda all_ids: self._show(generation, all_ids),
                                lambda exc: self._failed(generation, exc))

        self._worker.submit(first_page, complete, lambda exc: self._failed(generation, exc))

    def _show(self, generation: int, ids: list[int]) -> None:
        if generation != self._generation:
            return
        self.model.extend_ids(ids)
        self.count_label.setText(count_text(len(ids)))
        self.resultsShown.emit(len(ids))

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.count_label.setText("Recherche impossible")
        self.searchFailed.emit(str(exc))

    @property
    def busy(self) -> bool:
        return self._debounce.isActive() or self._worker.busy or self.model.loading


def build_contacts_page(ctx) -> QWidget:  # noqa: ANN001 - AppContext
    """Factory of the contacts area (see gui/areas): the list, with « Nouveau contact… »
    opening the contact dialog and the list refreshed once the contact is saved; a
    double-click on a row opens the contact's card (refreshing the list when it changes)."""
    from themisia_desktop.gui.contacts.contact_card import open_contact_card
    from themisia_desktop.gui.contacts.contact_dialog import open_new_contact_dialog

    page = ContactListWidget(ctx.db)

    def new_contact() -> None:
        page.new_dialog = open_new_contact_dialog(ctx, page)
        page.new_dialog.saved.connect(lambda _details: page.refresh())

    def open_card(contact_id: int) -> None:
        card = open_contact_card(ctx, contact_id, page)
        card.contactChanged.connect(page.model.invalidate_rows)
        page.last_card = card

    def duplicates() -> None:
        from themisia_desktop.gui.contacts.duplicates_view import open_duplicates_window

        page.duplicates_window = open_duplicates_window(ctx, page)
        page.duplicates_window.contactsChanged.connect(page.refresh)

    page.new_button.setVisible(True)
    page.new_button.clicked.connect(new_contact)
    page.duplicates_button.setVisible(True)
    page.duplicates_button.clicked.connect(duplicates)
    page.contactActivated.connect(open_card)
    return page
