"""Actions that tell or change: a notification (pop-up and/or e-mail), a field set to a value."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from themisia_desktop.core.automation.fields import writable_fields
from themisia_desktop.gui.automation.panels.action_panels import ActionPanel
from themisia_desktop.gui.automation.panels.base import make_combo, select_data
from themisia_desktop.gui.automation.panels.field_choices import field_info, fill_field_combo
from themisia_desktop.gui.automation.panels.recipients import RecipientsPicker
from themisia_desktop.gui.automation.panels.value_editor import MISSING, ValueEditor


class NotifyPanel(ActionPanel):
    type = "notify"

    def build(self, data: dict[str, Any]) -> None:
        channels = data.get("channels", ["popup"]) or []
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.popup = QCheckBox("pop-up dans l'application", box)
        self.popup.setObjectName("notify_popup")
        self.email = QCheckBox("e-mail", box)
        self.email.setObjectName("notify_email")
        self.popup.setChecked("popup" in channels)
        self.email.setChecked("email" in channels)
        row.addWidget(self.popup)
        row.addWidget(self.email)
        row.addStretch(1)
        self.add_row("Canaux", box)
        self.recipients = RecipientsPicker("notify_recipients", self.catalogue, self)
        self.recipients.set_recipients(list(data.get("recipients") or []))
        self.add_row("Destinataires", self.recipients)
        self.subject = self.merge_text("notify_subject", "Objet", data.get("subject"))
        self.body = self.merge_text("notify_body", "Message", data.get("body"), multiline=True)
        for signal in (self.popup.toggled, self.email.toggled, self.recipients.changed):
            signal.connect(self.emit_changed)

    def data(self) -> dict[str, Any]:
        channels = [c for c, box in (("popup", self.popup), ("email", self.email))
                    if box.isChecked()]
        return {"type": self.type, "channels": channels,
                "recipients": self.recipients.recipients(),
                "subject": self.subject.text(), "body": self.body.text()}


class SetFieldPanel(ActionPanel):
    type = "set_field"

    def build(self, data: dict[str, Any]) -> None:
        self.field = make_combo("set_field_field", (), self)
        writable = {f.path for f in writable_fields(self.record_type)} \
            if self.record_type else set()
        fill_field_combo(self.field, self.record_type, lambda f: f.path in writable)
        if not select_data(self.field, data.get("field")):
            self.field.setCurrentIndex(0 if self.field.count() else -1)
        self.add_row("Champ à modifier", self.field)
        self.value = ValueEditor("set_field_value", self)
        self.value.configure(self._info(), "eq", data.get("value", MISSING))
        self.add_row("Nouvelle valeur", self.value)
        self.field.currentIndexChanged.connect(self._field_changed)
        self.value.changed.connect(self.emit_changed)

    def _info(self):  # noqa: ANN202
        return field_info(self.record_type, self.field.currentData())

    def _field_changed(self) -> None:
        with self.loading():
            self.value.configure(self._info(), "eq")
        self.emit_changed()

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "field": self.field.currentData()}
        if self.value.value() is not MISSING:
            out["value"] = self.value.value()
        return self.clean(out)
