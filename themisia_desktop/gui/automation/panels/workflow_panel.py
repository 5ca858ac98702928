"""The workflow itself: name, description, and what a time rule does when found late."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSpinBox

from themisia_desktop.gui.automation.panels.base import NodePanel, make_combo, select_data

LATE_MODES = (("déclencher en retard et le signaler", "fire_late"),
              ("ignorer au-delà de N jours de retard", "skip_older_than"))


class WorkflowPanel(NodePanel):
    title = "Workflow"

    def __init__(self, data: dict[str, Any], **kw: Any) -> None:
        super().__init__(**kw)
        self.name = QLineEdit(self)
        self.name.setObjectName("workflow_name")
        self.name.setMaxLength(200)
        self.description = QPlainTextEdit(self)
        self.description.setObjectName("workflow_description")
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(90)
        self.late_mode = make_combo("late_mode", LATE_MODES, self)
        self.late_days = QSpinBox(self)
        self.late_days.setObjectName("late_days")
        self.late_days.setRange(1, 3650)
        self.late_days.setSuffix(" jour(s)")
        self.add_row("Nom", self.name)
        self.add_row("Description", self.description)
        self.add_row("Si l'application était fermée au moment prévu", self.late_mode)
        self.late_days_label = self.add_row("Retard maximal", self.late_days)
        with self.loading():
            self.name.setText(str(data.get("name") or ""))
            self.description.setPlainText(str(data.get("description") or ""))
            late = data.get("late_policy") or {}
            select_data(self.late_mode, late.get("mode", "fire_late"))
            self.late_days.setValue(int(late.get("days") or 7))
            self._sync()
        self.name.textChanged.connect(self.emit_changed)
        self.description.textChanged.connect(self.emit_changed)
        self.late_mode.currentIndexChanged.connect(self._mode_changed)
        self.late_days.valueChanged.connect(self.emit_changed)

    def _sync(self) -> None:
        skip = self.late_mode.currentData() == "skip_older_than"
        self.set_row_visible(self.late_days, skip)

    def _mode_changed(self) -> None:
        self._sync()
        self.emit_changed()

    def data(self) -> dict[str, Any]:
        mode = self.late_mode.currentData()
        late: dict[str, Any] = {"mode": mode}
        if mode == "skip_older_than":
            late["days"] = self.late_days.value()
        return {"name": self.name.text(), "description": self.description.toPlainText(),
                "late_policy": late}
