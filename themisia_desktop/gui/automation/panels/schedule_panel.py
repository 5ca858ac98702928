"""« Différer une action »: a delay, then the nested action chosen by type and edited in its
own sub-panel."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QVBoxLayout

from themisia_desktop.core.automation.definition import ACTION_TYPES
from themisia_desktop.gui.automation.panels.action_panels import (
    ActionPanel,
    AppointmentPanel,
    DocumentPanel,
    StartWorkflowPanel,
    TaskPanel,
    days_spin,
)
from themisia_desktop.gui.automation.panels.base import make_combo, select_data
from themisia_desktop.gui.automation.panels.notify_panel import NotifyPanel, SetFieldPanel

SIMPLE_PANELS: dict[str, type[ActionPanel]] = {
    p.type: p for p in (TaskPanel, AppointmentPanel, DocumentPanel, SetFieldPanel, NotifyPanel,
                        StartWorkflowPanel)}


class SchedulePanel(ActionPanel):
    type = "schedule"

    def build(self, data: dict[str, Any]) -> None:
        self.in_days = days_spin("schedule_in_days", self, minimum=1,
                                 value=int(data.get("in_days") or 1))
        self.in_days.valueChanged.connect(self.emit_changed)
        self.add_row("Exécuter l'action dans", self.in_days)
        inner = dict(data.get("action") or {"type": "create_task"})
        self.action_type = make_combo("schedule_type", [(label, key) for key, label in
                                                        ACTION_TYPES.items() if key != "schedule"],
                                      self)
        select_data(self.action_type, inner.get("type"))
        self.action_type.currentIndexChanged.connect(self._type_changed)
        self.add_row("Action différée", self.action_type)
        self.frame = QFrame(self)
        self.frame.setObjectName("schedule_action")
        self.frame.setFrameShape(QFrame.Shape.StyledPanel)
        QVBoxLayout(self.frame).setContentsMargins(0, 0, 0, 0)
        self.add_widget(self.frame)
        self.inner: ActionPanel | None = None
        self._show_inner(inner)

    def _show_inner(self, data: dict[str, Any]) -> None:
        if self.inner is not None:
            self.inner.hide()
            self.inner.setParent(None)
            self.inner.deleteLater()
        cls = SIMPLE_PANELS[self.action_type.currentData()]
        self.inner = cls({**data, "type": cls.type}, record_type=self.record_type,
                         catalogue=self.catalogue, parent=self.frame)
        self.inner.layout().setContentsMargins(6, 6, 6, 6)
        self.frame.layout().addWidget(self.inner)
        self.inner.show()
        self.inner.changed.connect(self.emit_changed)

    def _type_changed(self) -> None:
        self._show_inner({})
        self.emit_changed()

    def data(self) -> dict[str, Any]:
        return {"type": self.type, "in_days": self.in_days.value(),
                "action": self.inner.data() if self.inner is not None else {}}
