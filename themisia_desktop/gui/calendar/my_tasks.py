"""A list of tasks with its actions (« Nouvelle tâche… », « Terminer », « Rouvrir ») and a filter
(à faire / terminées / toutes). « Mes tâches » shows the tasks assigned to the logged-in user
or to one of the user's groups; the matter's Tâches tab reuses the same widget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

from themisia_desktop.core.calendar.tasks import TaskInfo, complete_task, my_tasks, reopen_task
from themisia_desktop.gui.calendar.task_dialog import MessageLabel, TaskDialog, fr_day
from themisia_desktop.gui.tables import CENTER, LEFT, RowsModel, error_text, make_table
from themisia_desktop.gui.worker import Worker

OVERDUE_COLOUR = QColor("#b3261e")
FILTERS = (("open", "À faire"), ("done", "Terminées"), ("all", "Toutes"))


class FlaggedRowsModel(RowsModel):
    """RowsModel whose flagged rows are shown in red and bold (overdue items)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._flags: list[bool] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_flags(self, flags: list[bool]) -> None:
        self._flags = list(flags)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def is_flagged(self, row: int) -> bool:
        return row < len(self._flags) and self._flags[row]

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and self.is_flagged(index.row()):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(OVERDUE_COLOUR)
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
        return super().data(index, role)


def status_text(task: TaskInfo) -> str:
    return f"{task.status_label} — en retard" if task.overdue else task.status_label


class TaskList(QWidget):
    """``loader(show)`` runs on the worker and returns the tasks to show for the filter."""

    changed = Signal()
    loaded = Signal()

    def __init__(self, ctx, loader: Callable[[str], list[TaskInfo]], *,  # noqa: ANN001
                 matter_id: int | None = None, show_matter: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._loader = loader
        self._matter_id = matter_id
        self._show_matter = show_matter
        self._worker = Worker(self)
        self._writer = Worker(self)
        self.tasks: list[TaskInfo] = []
        self.dialog: TaskDialog | None = None

        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("task_filter")
        for key, label in FILTERS:
            self.filter_combo.addItem(label, key)
        self.new_button = QPushButton("Nouvelle tâche…", self)
        self.complete_button = QPushButton("Terminer", self)
        self.reopen_button = QPushButton("Rouvrir", self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Afficher :", self))
        bar.addWidget(self.filter_combo)
        bar.addStretch(1)
        for button in (self.new_button, self.complete_button, self.reopen_button):
            bar.addWidget(button)
        headers = ["Échéance", "Tâche"] + (["Dossier"] if show_matter else []) + [
            "Confiée à", "Statut"]
        aligns = [CENTER, LEFT] + ([LEFT] if show_matter else []) + [LEFT, LEFT]
        widths = [100, 380] + ([260] if show_matter else []) + [180, 170]
        self.model = FlaggedRowsModel(headers, aligns, self)
        self.table = make_table(self, self.model, widths, stretch=1)
        self.message = MessageLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

        self.filter_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.new_button.clicked.connect(self.new_task)
        self.complete_button.clicked.connect(self.complete_selected)
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()
        self.reload()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        show, loader = self.filter_combo.currentData(), self._loader
        self._worker.submit_latest("rows", lambda: loader(show), self._show,
                                   lambda exc: self.message.show_error(error_text(exc)))

    def _show(self, rows: list[TaskInfo]) -> None:
        selected = self.selected_task()
        self.tasks = rows
        self.model.set_rows([(t.id, self._cells(t)) for t in rows],
                            tips=[t.description or t.title for t in rows])
        self.model.set_flags([t.overdue for t in rows])
        if selected is not None:
            for row, t in enumerate(rows):
                if t.id == selected.id:
                    self.table.selectRow(row)
        self._update_buttons()
        self.loaded.emit()

    def _cells(self, t: TaskInfo) -> tuple[str, ...]:
        matter = [f"{t.matter_reference} — {t.matter_title}" if t.matter_id else t.contact_name]
        return ((fr_day(t.due_on) or "—", t.title) + (tuple(matter) if self._show_matter else ())
                + (t.assigned_to, status_text(t)))

    # -- actions ---------------------------------------------------------------------------
    def selected_task(self) -> TaskInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.tasks):
            return None
        return self.tasks[rows[0].row()]

    def select_task(self, task_id: int) -> bool:
        for row, t in enumerate(self.tasks):
            if t.id == task_id:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        task = self.selected_task()
        self.complete_button.setEnabled(task is not None and task.status == "open")
        self.reopen_button.setEnabled(task is not None and task.status != "open")

    def new_task(self) -> None:
        self.dialog = TaskDialog(self._ctx, matter_id=self._matter_id, parent=self)
        self.dialog.saved.connect(self._created)
        self.dialog.open()

    def _created(self, task: TaskInfo) -> None:
        self.message.show_info(f"Tâche « {task.title} » créée.")
        self.changed.emit()
        self.reload()

    def complete_selected(self) -> None:
        self._act(complete_task, "Tâche « {} » terminée.")

    def reopen_selected(self) -> None:
        self._act(reopen_task, "Tâche « {} » rouverte.")

    def _act(self, action, done_text: str) -> None:  # noqa: ANN001
        task = self.selected_task()
        if task is None or self._writer.busy:
            return
        ctx = self._ctx
        user_id = ctx.current_user.id if ctx.current_user else None
        self.complete_button.setEnabled(False)
        self.reopen_button.setEnabled(False)

        def done(info: TaskInfo) -> None:
            self.message.show_info(done_text.format(info.title))
            self.changed.emit()
            self.reload()

        def failed(exc: BaseException) -> None:
            self.message.show_error(error_text(exc))
            self._update_buttons()

        self._writer.submit(lambda: action(ctx.db, ctx.clock, task.id, user_id=user_id), done, failed)


def build_my_tasks(ctx, parent: QWidget | None = None) -> TaskList:  # noqa: ANN001
    """« Mes tâches » of the logged-in user."""
    user_id = ctx.current_user.id if ctx.current_user else 0
    widget = TaskList(ctx, lambda show: my_tasks(ctx.db, ctx.clock, user_id, show=show),
                      parent=parent)
    widget.setObjectName("my_tasks")
    return widget
