"""Actions that create something or chain: a task, an appointment, a document, another
workflow."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QLineEdit, QSpinBox, QTimeEdit

from themisia_desktop.core.automation.definition import ACTION_TYPES
from themisia_desktop.gui.automation.panels.base import NodePanel, make_combo, select_data
from themisia_desktop.gui.automation.panels.merge_text import MergeText
from themisia_desktop.gui.automation.panels.recipients import (
    RecipientsPicker,
    fill_assignee_combo,
)


def days_spin(name: str, parent, *, minimum: int = 0, value: int = 0) -> QSpinBox:  # noqa: ANN001
    spin = QSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(minimum, 3650)
    spin.setSuffix(" jour(s)")
    spin.setValue(max(minimum, value))
    return spin


class ActionPanel(NodePanel):
    """An action of one type; ``type`` is the document's action type."""

    type = ""

    def __init__(self, data: dict[str, Any], **kw: Any) -> None:
        self.title = ACTION_TYPES.get(self.type, self.type)
        super().__init__(**kw)
        with self.loading():
            self.build(data)

    def build(self, data: dict[str, Any]) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def merge_text(self, name: str, label: str, text: Any, *, multiline: bool = False,
                   placeholder: str = "") -> MergeText:
        widget = MergeText(name, self.record_type, multiline=multiline,
                           placeholder=placeholder, parent=self)
        widget.set_text(str(text or ""))
        widget.changed.connect(self.emit_changed)
        self.add_row(label, widget)
        return widget

    @staticmethod
    def clean(out: dict[str, Any]) -> dict[str, Any]:
        """No None and no empty optional text in the document."""
        return {k: v for k, v in out.items() if v is not None}


class TaskPanel(ActionPanel):
    type = "create_task"

    def build(self, data: dict[str, Any]) -> None:
        self.task_title = self.merge_text("task_title", "Titre de la tâche", data.get("title"))
        self.assignee = make_combo("task_assignee", (), self)
        fill_assignee_combo(self.assignee, self.catalogue, data.get("assignee"))
        self.assignee.currentIndexChanged.connect(self.emit_changed)
        self.add_row("Assignée à", self.assignee)
        self.due = days_spin("task_due_in_days", self, value=int(data.get("due_in_days") or 0))
        self.due.valueChanged.connect(self.emit_changed)
        self.add_row("Échéance (jours après le déclenchement)", self.due)
        self.description = self.merge_text("task_description", "Description (facultatif)",
                                           data.get("description"), multiline=True)

    def data(self) -> dict[str, Any]:
        return self.clean({"type": self.type, "title": self.task_title.text(),
                           "assignee": self.assignee.currentData(),
                           "due_in_days": self.due.value(),
                           "description": self.description.text() or None})


class AppointmentPanel(ActionPanel):
    type = "create_appointment"

    def build(self, data: dict[str, Any]) -> None:
        self.appt_title = self.merge_text("appointment_title", "Objet du rendez-vous",
                                          data.get("title"))
        self.in_days = days_spin("appointment_in_days", self, value=int(data.get("in_days") or 0))
        self.add_row("Dans (jours après le déclenchement)", self.in_days)
        self.time = QTimeEdit(self)
        self.time.setObjectName("appointment_time")
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(QTime.fromString(str(data.get("time") or "09:00"), "HH:mm"))
        self.add_row("Heure", self.time)
        self.duration = QSpinBox(self)
        self.duration.setObjectName("appointment_duration_minutes")
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" min")
        self.duration.setValue(int(data.get("duration_minutes") or 60))
        self.add_row("Durée", self.duration)
        self.attendees = RecipientsPicker("appointment_attendees", self.catalogue, self)
        self.attendees.set_recipients(list(data.get("attendees") or []))
        self.add_row("Participants", self.attendees)
        self.location = QLineEdit(str(data.get("location") or ""), self)
        self.location.setObjectName("appointment_location")
        self.add_row("Lieu (facultatif)", self.location)
        for signal in (self.in_days.valueChanged, self.time.timeChanged,
                       self.duration.valueChanged, self.attendees.changed,
                       self.location.textChanged):
            signal.connect(self.emit_changed)

    def data(self) -> dict[str, Any]:
        return self.clean({"type": self.type, "title": self.appt_title.text(),
                           "in_days": self.in_days.value(),
                           "time": self.time.time().toString("HH:mm"),
                           "duration_minutes": self.duration.value(),
                           "attendees": self.attendees.recipients(),
                           "location": self.location.text() or None})


class DocumentPanel(ActionPanel):
    type = "create_document"

    def build(self, data: dict[str, Any]) -> None:
        self.template = make_combo("document_template", [(t, k) for k, t in
                                                         self.catalogue.document_templates], self)
        wanted = data.get("template")
        if wanted and not select_data(self.template, wanted):
            self.template.addItem(f"« {wanted} » (introuvable)", wanted)
            self.template.setCurrentIndex(self.template.count() - 1)
        self.template.currentIndexChanged.connect(self.emit_changed)
        self.add_row("Modèle de document", self.template)
        self.doc_title = self.merge_text("document_title", "Titre du document (facultatif)",
                                         data.get("title"))

    def data(self) -> dict[str, Any]:
        return self.clean({"type": self.type, "template": self.template.currentData() or "",
                           "title": self.doc_title.text() or None})


class StartWorkflowPanel(ActionPanel):
    type = "start_workflow"

    def build(self, data: dict[str, Any]) -> None:
        self.workflow = make_combo("start_workflow_workflow",
                                   [(name, key) for key, name in self.catalogue.workflows], self)
        wanted = data.get("workflow")
        if wanted is not None and not select_data(self.workflow, wanted):
            self.workflow.addItem(f"« {wanted} » (introuvable)", wanted)
            self.workflow.setCurrentIndex(self.workflow.count() - 1)
        self.workflow.currentIndexChanged.connect(self.emit_changed)
        self.add_row("Workflow à démarrer", self.workflow)

    def data(self) -> dict[str, Any]:
        return self.clean({"type": self.type, "workflow": self.workflow.currentData()})
