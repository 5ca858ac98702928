"""One section of « Paramètres »: a title, a form, « Enregistrer », field errors under the
fields, and a line saying what happened. Loads and saves on a worker; read-only for users
who are not administrators."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractButton, QComboBox, QFormLayout, QFrame, QHBoxLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from themisia_desktop.context import AppContext
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.gui.field_errors import FieldErrors
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker

SAVE = "Enregistrer"
SAVED = "Modifications enregistrées."
LOADING = "Chargement…"
SAVING = "Enregistrement…"
FORM_WIDTH = 720


def notice_frame(parent: QWidget, name: str) -> tuple[QFrame, QLabel]:
    """A blue « notice » box with one word-wrapped line (hidden until given a text)."""
    frame = QFrame(parent)
    frame.setObjectName(name)
    frame.setProperty("role", "notice")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 8, 12, 8)
    label = QLabel(frame)
    label.setObjectName(f"{name}_label")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout.addWidget(label)
    frame.setVisible(False)
    return frame, label


def line_edit(parent: QWidget, name: str, *, max_length: int = 200, width: int | None = None,
              placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setMaxLength(max_length)
    if width:
        edit.setMaximumWidth(width)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


class SettingsForm(QWidget):
    """Subclasses add their rows to ``self.form``, call :meth:`finish` with the field map,
    and implement ``fetch`` / ``fill`` / ``collect`` / ``store`` / ``saved_message``."""

    saved = Signal(object)
    loaded = Signal(object)

    def __init__(self, ctx: AppContext, title: str, lead: str, *, editable: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editable = editable
        self.worker = Worker(self)
        self.errors: FieldErrors | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        self.body = body = QWidget(scroll)
        body.setObjectName("settings_form_body")
        scroll.setWidget(body)
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(10)
        self.column = column
        heading = QLabel(title, body)
        heading.setObjectName("section_title")
        heading.setProperty("role", "subtitle")
        heading.setStyleSheet("font-weight: 600; font-size: 13pt;")
        column.addWidget(heading)
        intro = QLabel(lead, body)
        intro.setObjectName("section_lead")
        intro.setProperty("role", "hint")
        intro.setWordWrap(True)
        intro.setMaximumWidth(FORM_WIDTH)
        column.addWidget(intro)
        self.notice, self.notice_label = notice_frame(body, "section_notice")
        self.notice.setMaximumWidth(FORM_WIDTH)
        column.addWidget(self.notice)
        self.form_box = QWidget(body)
        self.form_box.setMaximumWidth(FORM_WIDTH)
        self.form = QFormLayout(self.form_box)
        self.form.setContentsMargins(0, 6, 0, 0)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(8)
        column.addWidget(self.form_box)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 6, 0, 0)
        self.save_button = QPushButton(SAVE, body)
        self.save_button.setObjectName("save_button")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.status_label = QLabel(body)
        self.status_label.setObjectName("status_label")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons.addWidget(self.save_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.status_label, 1)
        self.buttons_box = QWidget(body)
        self.buttons_box.setLayout(buttons)
        self.buttons_box.setMaximumWidth(FORM_WIDTH)
        column.addWidget(self.buttons_box)
        self._inputs: list[QWidget] = []

    # -- to be provided by each section ------------------------------------------------------
    def fetch(self) -> Any:  # runs on a worker
        raise NotImplementedError

    def fill(self, value: Any) -> None:
        raise NotImplementedError

    def collect(self) -> Any:
        raise NotImplementedError

    def store(self, data: Any) -> Any:  # runs on a worker
        raise NotImplementedError

    def saved_message(self, result: Any) -> str:
        return SAVED

    # -- building --------------------------------------------------------------------------
    def add_row(self, label: str, widget: QWidget, *, name: str | None = None) -> QWidget:
        caption = QLabel(label, self.form_box)
        caption.setBuddy(widget)
        self.form.addRow(caption, widget)
        self._inputs.append(widget)
        return widget

    def finish(self, fields: dict[str, QWidget]) -> None:
        self.errors = FieldErrors(self.form, fields)
        for name in fields:  # as wide as the form, not as the (narrow) field above
            self.errors.label(name).setMinimumWidth(420)
        self.column.addStretch(1)
        self.set_editable(self.editable)

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        for widget in self._inputs:
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(not editable)
            elif isinstance(widget, (QComboBox, QAbstractButton)):
                widget.setEnabled(editable)
        self.save_button.setVisible(editable)

    # -- state -------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.worker.busy

    def status_text(self) -> str:
        return self.status_label.text()

    def set_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("role", "error" if error else "hint")
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)

    def show_notice(self, text: str | None) -> None:
        self.notice_label.setText(text or "")
        self.notice.setVisible(bool(text))

    def _set_busy(self, text: str | None) -> None:
        self.form_box.setEnabled(text is None)
        self.save_button.setEnabled(text is None)
        if text:
            self.set_status(text)

    # -- load / save -------------------------------------------------------------------------
    def load(self) -> None:
        self._set_busy(LOADING)
        self.worker.submit(self.fetch, self._on_loaded, self._on_load_failed)

    def _on_loaded(self, value: Any) -> None:
        self._set_busy(None)
        self.set_status("")
        self.fill(value)
        self.loaded.emit(value)

    def _on_load_failed(self, exc: BaseException) -> None:
        self._set_busy(None)
        self.set_status(error_text(exc), error=True)

    def save(self) -> None:
        if not self.editable or self.busy:
            return
        assert self.errors is not None
        self.errors.clear()
        try:
            data = self.collect()
        except ValidationError as exc:
            self._on_save_failed(exc)
            return
        self._set_busy(SAVING)
        self.worker.submit(lambda: self.store(data), self._on_saved, self._on_save_failed)

    def _on_saved(self, result: Any) -> None:
        self._set_busy(None)
        self.set_status(self.saved_message(result))
        self.fill(result)
        self.saved.emit(result)

    def _on_save_failed(self, exc: BaseException) -> None:
        self._set_busy(None)
        if isinstance(exc, ValidationError) and self.errors is not None and self.errors.has(exc.field):
            self.errors.show(exc.field, exc.message)
            self.set_status("Rien n'a été enregistré : corrigez le champ signalé.", error=True)
        else:
            self.set_status(error_text(exc), error=True)
