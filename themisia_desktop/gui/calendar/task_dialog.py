"""« Nouvelle tâche »: title, description, matter, who does it (a person or a group), due date.
Saved by core on a worker; a refusal is shown under the field it is about."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget)

from themisia_desktop.core.calendar.tasks import assignment_choices, create_task, matter_choices
from themisia_desktop.core.contacts.identifiers import parse_date
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.gui.busy_guard import CloseWhenIdle
from themisia_desktop.gui.field_errors import FieldErrors, error_label
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker

DATE_HINT = "jj/mm/aaaa"


def date_edit(parent: QWidget, name: str) -> QLineEdit:
    """A date typed the French way (« 15/03/2026 »), checked by core."""
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(DATE_HINT)
    edit.setMaxLength(10)
    edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 24)
    return edit


def fr_day(day) -> str:  # noqa: ANN001
    return day.strftime("%d/%m/%Y") if day else ""


class CalendarDialog(CloseWhenIdle, QDialog):
    """Shared frame: a form, field errors, a general error line, Enregistrer / Annuler."""

    saved = Signal(object)

    def __init__(self, ctx, title: str, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(title)
        self._worker = Worker(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.error_line = error_label(self, name="dialog_error")
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("Enregistrer",
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.errors: FieldErrors | None = None
        self.setMinimumWidth(560)

    def finish_layout(self, fields: dict[str, QWidget]) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_line)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.errors = FieldErrors(self.form, fields)

    @property
    def busy(self) -> bool:
        return self._worker.busy

    @property
    def user_id(self) -> int | None:
        return self._ctx.current_user.id if self._ctx.current_user else None

    def error_message(self) -> str:
        return self.error_line.text() if not self.error_line.isHidden() else ""

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def submit_save(self, work) -> None:  # noqa: ANN001
        if self.busy:
            return
        self.errors.clear()
        self.error_line.setVisible(False)
        self._set_busy(True)
        self._worker.submit(work, self._on_saved, self._on_failed)

    def save(self) -> None:  # overridden
        raise NotImplementedError

    def _on_saved(self, result: object) -> None:
        self._set_busy(False)
        self.saved.emit(result)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError) and self.errors.has(exc.field):
            self.errors.show(exc.field, exc.message)
            return
        self.error_line.setText(error_text(exc))
        self.error_line.setVisible(True)


class TaskDialog(CalendarDialog):
    """Emits ``saved(TaskInfo)`` then closes once core has created the task."""

    def __init__(self, ctx, *, matter_id: int | None = None,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Nouvelle tâche", parent)
        self._matter_id = matter_id
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("title_edit")
        self.title_edit.setMaxLength(300)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setObjectName("description_edit")
        self.description_edit.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.matter_combo = QComboBox(self)
        self.matter_combo.setObjectName("matter_combo")
        self.assignee_combo = QComboBox(self)
        self.assignee_combo.setObjectName("assignee_combo")
        self.due_edit = date_edit(self, "due_edit")
        self.form.addRow("Tâche :", self.title_edit)
        self.form.addRow("Description :", self.description_edit)
        self.form.addRow("Dossier :", self.matter_combo)
        self.form.addRow("Confiée à :", self.assignee_combo)
        self.form.addRow("Échéance :", self.due_edit)
        self.finish_layout({"title": self.title_edit, "matter": self.matter_combo,
                            "assignee": self.assignee_combo, "due_on": self.due_edit})
        self.loaded = False
        self.resize(560, 0)
        self._set_busy(True)
        db = ctx.db
        self._worker.submit(lambda: (assignment_choices(db), matter_choices(db)),
                            self._on_choices, self._on_failed)

    def _on_choices(self, result) -> None:  # noqa: ANN001
        (users, groups), matters = result
        self.matter_combo.addItem("— Aucun —", None)
        for m in matters:
            self.matter_combo.addItem(m.label, m.id)
        if self._matter_id is not None:
            index = self.matter_combo.findData(self._matter_id)
            self.matter_combo.setCurrentIndex(max(index, 0))
            self.matter_combo.setEnabled(False)
        for u in users:
            self.assignee_combo.addItem(u.label, f"user:{u.id}")
        for g in groups:
            self.assignee_combo.addItem(f"Groupe {g.label}", f"group:{g.id}")
        mine = self.assignee_combo.findData(f"user:{self.user_id}")
        self.assignee_combo.setCurrentIndex(max(mine, 0))
        self.loaded = True
        self._set_busy(False)
        self.title_edit.setFocus()

    def save(self) -> None:
        if not self.loaded:
            return
        ctx, user_id = self._ctx, self.user_id
        title = self.title_edit.text()
        description = self.description_edit.toPlainText()
        matter_id = self._matter_id if self._matter_id is not None else self.matter_combo.currentData()
        kind, _sep, who_text = (self.assignee_combo.currentData() or "").partition(":")
        who = int(who_text) if who_text else None
        due_text = self.due_edit.text()

        def work():  # noqa: ANN202
            due = parse_date(due_text, field="due_on", label="L'échéance")
            return create_task(ctx.db, ctx.clock, title, description=description,
                               matter_id=matter_id,
                               assignee_id=who if kind == "user" else None,
                               group_id=who if kind == "group" else None,
                               due_on=due, user_id=user_id)

        self.submit_save(work)


class MessageLabel(QLabel):
    """A status line under a table (« Tâche terminée. », errors in red)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def show_info(self, text: str) -> None:
        self.setProperty("role", None)
        self.setStyleSheet("")
        self.setText(text)

    def show_error(self, text: str) -> None:
        self.setStyleSheet("color: #a11;")
        self.setText(text)
