"""The Échéances tab of a matter: its deadlines (pending first), the calculator's explanation
of the selected one, « Nouveau délai… », « Délai respecté », « Annuler le délai ».
``changed`` is emitted after each write; ``reload()`` refreshes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from themisia_desktop.core.calendar.deadline_calculator import unit_text
from themisia_desktop.core.calendar.deadlines import (DeadlineInfo, cancel_deadline, mark_met,
                                                      matter_deadlines)
from themisia_desktop.gui.calendar.deadline_dialog import DeadlineDialog
from themisia_desktop.gui.calendar.my_tasks import FlaggedRowsModel
from themisia_desktop.gui.calendar.task_dialog import MessageLabel, fr_day
from themisia_desktop.gui.tables import CENTER, LEFT, error_text, make_table
from themisia_desktop.gui.worker import Worker


def basis_text(d: DeadlineInfo) -> str:
    if d.period_value is None:
        return "Date fixe"
    return f"{unit_text(d.period_value, d.period_unit)} à compter du {fr_day(d.trigger_date)}"


class DeadlinesTab(QWidget):
    changed = Signal()
    loaded = Signal()

    def __init__(self, ctx, matter_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("deadlines_tab")
        self._ctx = ctx
        self.matter_id = matter_id
        self._worker = Worker(self)
        self._writer = Worker(self)
        self.deadlines: list[DeadlineInfo] = []
        self.dialog: DeadlineDialog | None = None

        self.new_button = QPushButton("Nouveau délai…", self)
        self.move_button = QPushButton("Déplacer…", self)
        self.met_button = QPushButton("Délai respecté", self)
        self.cancel_button = QPushButton("Annuler le délai", self)
        bar = QHBoxLayout()
        bar.addStretch(1)
        for button in (self.new_button, self.move_button, self.met_button, self.cancel_button):
            bar.addWidget(button)
        self.model = FlaggedRowsModel(
            ["Échéance", "Intitulé", "Nature", "Calcul", "Responsable", "Statut"],
            [CENTER, LEFT, LEFT, LEFT, LEFT, LEFT], self)
        self.table = make_table(self, self.model, [100, 300, 110, 250, 170, 190], stretch=1)
        self.steps_box = QGroupBox("Calcul de l'échéance", self)
        self.steps_label = QLabel("Sélectionnez un délai pour voir le détail du calcul.",
                                  self.steps_box)
        self.steps_label.setObjectName("steps_label")
        self.steps_label.setWordWrap(True)
        self.steps_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.steps_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self.steps_box).addWidget(self.steps_label, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.steps_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.message = MessageLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

        self.new_button.clicked.connect(self.new_deadline)
        self.move_button.clicked.connect(self.move_selected)
        self.met_button.clicked.connect(lambda: self._act(mark_met, "Délai « {} » respecté."))
        self.cancel_button.clicked.connect(lambda: self._act(cancel_deadline,
                                                             "Délai « {} » annulé."))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self._selection_changed()
        self.reload()

    def reload(self) -> None:
        ctx, matter_id = self._ctx, self.matter_id
        self._worker.submit_latest("rows", lambda: matter_deadlines(ctx.db, ctx.clock, matter_id),
                                   self._show, lambda exc: self.message.show_error(error_text(exc)))

    def _show(self, rows: list[DeadlineInfo]) -> None:
        selected = self.selected()
        self.deadlines = rows
        self.model.set_rows([(d.id, (fr_day(d.due_on), d.title, d.kind_label, basis_text(d),
                                     d.responsible_name,
                                     d.status_label + (" — en retard" if d.overdue else "")))
                             for d in rows])
        self.model.set_flags([d.overdue for d in rows])
        if selected is not None:
            self.select(selected.id)
        self._selection_changed()
        self.loaded.emit()

    def selected(self) -> DeadlineInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.deadlines):
            return None
        return self.deadlines[rows[0].row()]

    def select(self, deadline_id: int) -> bool:
        for row, d in enumerate(self.deadlines):
            if d.id == deadline_id:
                self.table.selectRow(row)
                return True
        return False

    def _selection_changed(self) -> None:
        d = self.selected()
        pending = d is not None and d.status in ("pending", "missed")
        self.move_button.setEnabled(d is not None and d.status == "pending")
        self.met_button.setEnabled(pending)
        self.cancel_button.setEnabled(pending)
        if d is not None:
            self.steps_label.setText("\n".join(d.steps) or "Aucun détail de calcul.")

    def new_deadline(self) -> None:
        self.dialog = DeadlineDialog(self._ctx, self.matter_id, parent=self)
        self.dialog.saved.connect(self._created)
        self.dialog.open()

    def move_selected(self) -> None:
        d = self.selected()
        if d is None:
            return
        self.dialog = DeadlineDialog(self._ctx, self.matter_id, parent=self, deadline=d)
        self.dialog.saved.connect(self._moved)
        self.dialog.open()

    def _moved(self, info: DeadlineInfo) -> None:
        self.message.show_info(f"Délai « {info.title} » déplacé : échéance le {fr_day(info.due_on)}.")
        self.changed.emit()
        self.reload()

    def _created(self, info: DeadlineInfo) -> None:
        self.message.show_info(f"Délai « {info.title} » ajouté : échéance le {fr_day(info.due_on)}.")
        self.changed.emit()
        self.reload()

    def _act(self, action, done_text: str) -> None:  # noqa: ANN001
        d = self.selected()
        if d is None or self._writer.busy:
            return
        ctx = self._ctx
        user_id = ctx.current_user.id if ctx.current_user else None

        def done(info: DeadlineInfo) -> None:
            self.message.show_info(done_text.format(info.title))
            self.changed.emit()
            self.reload()

        self._writer.submit(lambda: action(ctx.db, ctx.clock, d.id, user_id=user_id), done,
                            lambda exc: self.message.show_error(error_text(exc)))


def build_deadlines_tab(ctx, matter_id: int, parent: QWidget | None = None) -> DeadlinesTab:  # noqa: ANN001
    return DeadlinesTab(ctx, matter_id, parent)
