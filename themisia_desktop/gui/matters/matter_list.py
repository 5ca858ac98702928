"""The Dossiers area: search, status filter, a page of matters sorted in SQL, « Nouveau
dossier… », and a double-click opening the matter screen.

Every query runs on the page's :class:`Worker`; typing is debounced and each query carries a
generation number so a late, older answer is dropped. The list shows one page of
:data:`PAGE_SIZE` rows at a time (the demo base holds ~40,000 matters).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from themisia_desktop.core.contacts.card import fr_date
from themisia_desktop.core.matters.queries import (ACTIVE_STATUSES, ORDERS, PAGE_SIZE,
                                                   MatterPage, list_matters)
from themisia_desktop.core.models.enums import MatterStatus
from themisia_desktop.gui.tables import CENTER, LEFT, RowsModel, error_text, make_table
from themisia_desktop.gui.worker import Worker

SEARCH_DELAY_MS = 200
HEADERS = ("Référence", "Intitulé", "Client", "Responsable", "Statut", "Ouvert le")
WIDTHS = (110, 420, 300, 170, 100, 100)


def count_text(total: int) -> str:
    if total == 0:
        return "Aucun dossier"
    return f"{total:,}".replace(",", "\u202f") + (" dossier" if total == 1 else " dossiers")


class MatterListWidget(QWidget):
    """The list of matters. ``pageShown(total)`` after each page is shown."""

    pageShown = Signal(int)
    matterActivated = Signal(int)
    failed = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self._worker = Worker(self)
        self._generation = 0
        self._offset = 0
        self._total = 0
        self._order, self._descending = "reference", True

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Rechercher : référence, intitulé, client…")
        self.search_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem("Dossiers actifs", ACTIVE_STATUSES)
        self.status_combo.addItem("Tous les statuts", None)
        for status in MatterStatus:
            self.status_combo.addItem(status.label, (status.value,))
        self.mine_combo = QComboBox(self)
        self.mine_combo.addItem("Tous les responsables", None)
        user = getattr(ctx, "current_user", None)
        if user is not None:
            self.mine_combo.addItem("Mes dossiers", user.id)
        self.new_button = QPushButton("Nouveau dossier…", self)
        self.count_label = QLabel("", self)
        self.count_label.setMinimumWidth(150)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.model = RowsModel(HEADERS, (LEFT, LEFT, LEFT, LEFT, LEFT, CENTER), self)
        self.view = make_table(self, self.model, WIDTHS, stretch=1)
        header = self.view.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        header.sectionClicked.connect(self._header_clicked)

        self.previous_button = QPushButton("◀ Précédents", self)
        self.next_button = QPushButton("Suivants ▶", self)
        self.page_label = QLabel("", self)
        self.previous_button.clicked.connect(lambda: self._go(self._offset - PAGE_SIZE))
        self.next_button.clicked.connect(lambda: self._go(self._offset + PAGE_SIZE))
        self.error_label = QLabel("", self)
        self.error_label.setStyleSheet("color: #a61b1b;")
        self.error_label.hide()

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(QLabel("Statut :", self))
        top.addWidget(self.status_combo)
        top.addWidget(self.mine_combo)
        top.addWidget(self.count_label)
        top.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.error_label, 1)
        bottom.addWidget(self.page_label)
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._debounce.start)
        self.status_combo.currentIndexChanged.connect(self.refresh)
        self.mine_combo.currentIndexChanged.connect(self.refresh)
        self.view.doubleClicked.connect(self._activated)
        self.refresh()

    @property
    def busy(self) -> bool:
        return self._debounce.isActive() or self._worker.busy

    def _activated(self, index) -> None:  # noqa: ANN001
        if index.isValid():
            self.matterActivated.emit(self.model.row_id(index.row()))

    def _header_clicked(self, column: int) -> None:
        order = ORDERS[column]
        descending = not self._descending if order == self._order else order == "opened_on"
        self._order, self._descending = order, descending
        self.view.horizontalHeader().setSortIndicator(
            column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        self.refresh()

    def _go(self, offset: int) -> None:
        self._load(max(0, offset))

    def refresh(self) -> None:
        """Run the search again from the first page."""
        self._load(0)

    def _load(self, offset: int) -> None:
        self._debounce.stop()
        self._generation += 1
        generation = self._generation
        db, text = self._ctx.db, self.search_edit.text()
        query = dict(text=text, statuses=self.status_combo.currentData(),
                     responsible_id=self.mine_combo.currentData(), order=self._order,
                     descending=self._descending, offset=offset)
        self.count_label.setText("Recherche…")

        def shown(page: MatterPage) -> None:
            if generation == self._generation:
                self._show(page)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.count_label.setText("")
                self.error_label.setText(error_text(exc))
                self.error_label.show()
                self.failed.emit(error_text(exc))

        self._worker.submit(lambda: list_matters(db, **query), shown, failed)

    def _show(self, page: MatterPage) -> None:
        self.error_label.hide()
        self._offset, self._total = page.offset, page.total
        self.model.set_rows([(r.id, (r.reference, r.title, r.client_name, r.responsible_name,
                                     r.status_label, fr_date(r.opened_on))) for r in page.rows])
        self.count_label.setText(count_text(page.total))
        last = page.offset + len(page.rows)
        paged = page.total > PAGE_SIZE
        self.page_label.setText(f"{page.offset + 1}–{last} sur {page.total}" if paged else "")
        self.previous_button.setVisible(paged)
        self.next_button.setVisible(paged)
        self.previous_button.setEnabled(page.offset > 0)
        self.next_button.setEnabled(last < page.total)
        self.pageShown.emit(page.total)


def build_matters_page(ctx) -> QWidget:  # noqa: ANN001 - AppContext
    """Factory of the Dossiers area: the list; « Nouveau dossier… » opens the opening dialog
    (the list is refreshed and the new matter's screen shown once it is opened); a
    double-click opens the matter screen."""
    from themisia_desktop.gui.matters.matter_screen import open_matter_screen
    from themisia_desktop.gui.matters.open_matter_dialog import OpenMatterDialog

    page = MatterListWidget(ctx)

    def open_screen(matter_id: int) -> None:
        screen = open_matter_screen(ctx, matter_id, page)
        screen.changed.connect(page.refresh)
        page.last_screen = screen

    def new_matter() -> None:
        # Freed when the next one opens, not on close (see MatterScreen.open_edit_dialog).
        previous = getattr(page, "new_dialog", None)
        if previous is not None and shiboken6.isValid(previous) and not previous.isVisible():
            previous.deleteLater()
        dialog = OpenMatterDialog(ctx, page)
        dialog.opened.connect(lambda mid: (page.refresh(), open_screen(mid)))
        page.new_dialog = dialog
        dialog.open()

    page.new_button.clicked.connect(new_matter)
    page.matterActivated.connect(open_screen)
    return page
