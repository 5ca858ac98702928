"""« Nouveau workflow »: start from a blank workflow or from one of the shipped templates, each
shown with its French name and description."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

from themisia_desktop.core.automation.builtins import BuiltinTemplate, load_builtins
from themisia_desktop.core.automation.trace_text import describe_trigger
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker

BLANK = "Workflow vierge"
BLANK_TEXT = "Partir de zéro : choisissez vous-même le déclencheur, les conditions et les actions."


class NewWorkflowDialog(QDialog):
    """After « Créer », ``document`` is the chosen template's document (None: blank)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nouveau workflow")
        self.document: dict[str, Any] | None = None
        self.templates: list[BuiltinTemplate] = []
        self._worker = Worker(self)
        self.choices = QListWidget(self)
        self.choices.setObjectName("template_list")
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.description.setMinimumHeight(self.fontMetrics().height() * 5)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.buttons = QDialogButtonBox(self)
        self.create_button = self.buttons.addButton("Créer", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Partir d'un workflow vierge ou d'un modèle fourni :", self))
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.description)
        layout.addWidget(self.buttons)
        self.choices.addItem(BLANK)
        self.choices.currentRowChanged.connect(self._describe)
        self.choices.itemDoubleClicked.connect(lambda _i: self.accept())
        self.choices.setCurrentRow(0)
        self.resize(640, 460)
        self._worker.submit(lambda: load_builtins(), self._fill,
                            lambda exc: self.description.setText(error_text(exc)))

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def _fill(self, found: tuple[list[BuiltinTemplate], list[str]]) -> None:
        self.templates, _problems = found
        for template in self.templates:
            item = QListWidgetItem(f"Modèle : {template.definition.name}", self.choices)
            item.setToolTip(template.definition.description)

    def _describe(self, row: int) -> None:
        if row <= 0 or row > len(self.templates):
            self.description.setText(BLANK_TEXT)
            return
        template = self.templates[row - 1]
        trigger = describe_trigger(template.document["trigger"])
        self.description.setText(f"{template.definition.description}\n\nDéclencheur : {trigger}")

    def choose(self, name: str) -> None:
        """Select the choice whose label holds ``name`` (« Workflow vierge » or a template)."""
        for row in range(self.choices.count()):
            if name in self.choices.item(row).text():
                self.choices.setCurrentRow(row)
                return
        raise LookupError(name)

    def accept(self) -> None:
        row = self.choices.currentRow()
        self.document = self.templates[row - 1].document if 0 < row <= len(self.templates) \
            else None
        super().accept()
