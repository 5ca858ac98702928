"""The « Journal » tab of a matter: its journal lines (opening, status changes, calls,
notes…), newest first, with older lines on demand."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from themisia_desktop.core.contacts.card import JournalLine, JournalPage
from themisia_desktop.core.matters.queries import matter_journal
from themisia_desktop.gui.tables import CENTER, LEFT, RowsModel, error_text, make_table
from themisia_desktop.gui.worker import Worker


class JournalTab(QWidget):
    loaded = Signal()

    def __init__(self, ctx, matter_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self.matter_id = matter_id
        self._worker = Worker(self)
        self._generation = 0
        self.lines: list[JournalLine] = []
        self.model = RowsModel(("Date", "Type", "Objet", "Détail", "Par"),
                               (CENTER, LEFT, LEFT, LEFT, LEFT), self)
        self.view = make_table(self, self.model, (130, 150, 460, 300, 170), stretch=2)
        self.more_button = QPushButton("Afficher les lignes plus anciennes", self)
        self.more_button.clicked.connect(self.load_more)
        self.more_button.hide()
        self.error_label = QLabel("", self)
        self.error_label.setStyleSheet("color: #a61b1b;")
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.error_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignRight)
        self.reload()

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        db, mid = self._ctx.db, self.matter_id

        def shown(page: JournalPage) -> None:
            if generation == self._generation:
                self.lines = list(page.lines)
                self._show(page)

        self._worker.submit(lambda: matter_journal(db, mid), shown, self._failed)

    def load_more(self) -> None:
        db, mid, offset, generation = self._ctx.db, self.matter_id, len(self.lines), self._generation

        def shown(page: JournalPage) -> None:
            if generation == self._generation:
                self.lines.extend(page.lines)
                self._show(page)

        self._worker.submit(lambda: matter_journal(db, mid, offset=offset), shown, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.error_label.setText(error_text(exc))
        self.error_label.show()

    def _show(self, page: JournalPage) -> None:
        self.error_label.hide()
        self.model.set_rows([(line.id, (line.when_text, line.kind_label, line.subject,
                                        " ".join((line.body or "").split()),
                                        line.user_name or "")) for line in self.lines],
                            tips=[line.body for line in self.lines])
        self.more_button.setVisible(page.has_more)
        self.loaded.emit()


def build_journal_tab(ctx, matter_id: int, parent: QWidget) -> QWidget:  # noqa: ANN001
    return JournalTab(ctx, matter_id, parent)
