"""The trigger: its kind, the record type it watches, then only what that kind needs."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QSpinBox, QWidget

from themisia_desktop.core.automation.conditions import OPERATORS
from themisia_desktop.core.automation.definition import TRIGGER_KINDS, VALIDATED_EVENTS
from themisia_desktop.core.automation.fields import WATCHED_RECORD_TYPES, FieldType
from themisia_desktop.gui.automation.panels.base import (
    NodePanel,
    hint_label,
    make_combo,
    select_data,
)
from themisia_desktop.gui.automation.panels.field_choices import (
    dated,
    field_info,
    fill_field_combo,
    is_own_column,
    numeric,
    record_label,
)
from themisia_desktop.gui.automation.panels.value_editor import MISSING, ValueEditor

VALIDATED_LABELS = {"task": "Tâche terminée", "invoice": "Facture validée",
                    "workflow_run": "Fin d'exécution d'un workflow"}
THRESHOLD_OPS = ("gt", "ge", "lt", "le")
ANY_FIELD = "(n'importe quel champ)"
ANY_WORKFLOW = "(n'importe quel workflow)"
HINTS = {
    "created": "Le workflow démarre à la création de chaque enregistrement de ce type.",
    "updated": "Sans champ choisi, toute modification de l'enregistrement le déclenche.",
    "threshold": "Vérifié régulièrement : une seule fois par dépassement, réarmé quand la "
                 "valeur repasse sous le seuil.",
    "date": "Se déclenche N jours avant ou après la date choisie (0 : le jour même).",
    "validated": "Se déclenche quand la tâche est terminée, la facture validée ou l'exécution "
                 "du workflow terminée.",
}


class TriggerPanel(NodePanel):
    title = "Déclencheur"

    def __init__(self, data: dict[str, Any], **kw: Any) -> None:
        super().__init__(**kw)
        self.kind = make_combo("trigger_kind", [(v, k) for k, v in TRIGGER_KINDS.items()], self)
        self.record = make_combo("trigger_record", (), self)
        self.hint = hint_label("", self)
        self.field = make_combo("trigger_field", (), self)
        self.op = make_combo("trigger_op", [(OPERATORS[o], o) for o in THRESHOLD_OPS], self)
        self.value = ValueEditor("trigger_value", self)
        self.offset = QSpinBox(self)
        self.offset.setObjectName("trigger_offset_days")
        self.offset.setRange(0, 3650)
        self.offset.setSuffix(" jour(s)")
        self.direction = make_combo("trigger_offset_direction",
                                    (("avant la date", -1), ("après la date", 1)), self)
        offset_row = QWidget(self)
        row = QHBoxLayout(offset_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.offset)
        row.addWidget(self.direction, 1)
        self.offset_row = offset_row
        self.working = QCheckBox("en jours ouvrés (sans week-ends ni jours fériés)", self)
        self.working.setObjectName("trigger_working_days")
        self.from_value = ValueEditor("trigger_from", self, optional=True)
        self.to_value = ValueEditor("trigger_to", self, optional=True)
        self.workflow = make_combo("trigger_workflow", (), self)
        self.add_row("Type de déclencheur", self.kind)
        self.add_row("Enregistrement surveillé", self.record)
        self.add_widget(self.hint)
        self.add_row("Champ", self.field)
        self.add_row("Condition du seuil", self.op)
        self.add_row("Seuil", self.value)
        self.add_row("Décalage", offset_row)
        self.add_widget(self.working)
        self.add_row("Ancienne valeur (facultatif)", self.from_value)
        self.add_row("Nouvelle valeur (facultatif)", self.to_value)
        self.add_row("Workflow terminé", self.workflow)
        with self.loading():
            select_data(self.kind, data.get("kind", "created"))
            self._fill_records(data.get("record"))
            self._fill_kind(data)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.record.currentIndexChanged.connect(self._record_changed)
        self.field.currentIndexChanged.connect(self._field_changed)
        for signal in (self.op.currentIndexChanged, self.value.changed, self.offset.valueChanged,
                       self.direction.currentIndexChanged, self.working.toggled,
                       self.from_value.changed, self.to_value.changed,
                       self.workflow.currentIndexChanged):
            signal.connect(self.emit_changed)

    # -- filling ---------------------------------------------------------------------------
    def _fill_records(self, wanted: str | None) -> None:
        self.record.clear()
        if self.kind.currentData() == "validated":
            items = [(VALIDATED_LABELS[r], r) for r in VALIDATED_EVENTS]
        else:
            items = [(record_label(r), r) for r in WATCHED_RECORD_TYPES]
        for text, key in items:
            self.record.addItem(text, key)
        if not select_data(self.record, wanted):
            self.record.setCurrentIndex(0)

    def _fill_kind(self, data: dict[str, Any]) -> None:
        """The kind-specific inputs, filled from ``data`` (defaults for what it lacks)."""
        kind, record = self.kind.currentData(), self.record.currentData()
        self.hint.setText(HINTS[kind])
        if kind == "updated":
            fill_field_combo(self.field, record, lambda f: is_own_column(record, f),
                             empty_text=ANY_FIELD)
        elif kind == "threshold":
            fill_field_combo(self.field, record, numeric)
        elif kind == "date":
            fill_field_combo(self.field, record, dated)
        else:
            self.field.clear()
        if not select_data(self.field, data.get("field")):
            self.field.setCurrentIndex(0 if self.field.count() else -1)
        select_data(self.op, data.get("op", "gt"))
        offset = int(data.get("offset_days") or 0)
        self.offset.setValue(abs(offset))
        select_data(self.direction, 1 if offset > 0 else -1)
        self.working.setChecked(bool(data.get("working_days", False)))
        self.workflow.clear()
        self.workflow.addItem(ANY_WORKFLOW, None)
        for key, name in self.catalogue.workflows:
            self.workflow.addItem(name, key)
        wf = data.get("workflow")
        if wf is not None and not select_data(self.workflow, wf):
            self.workflow.addItem(f"« {wf} » (introuvable)", wf)
            self.workflow.setCurrentIndex(self.workflow.count() - 1)
        self._fill_values(data)

    def _fill_values(self, data: dict[str, Any]) -> None:
        kind = self.kind.currentData()
        info = field_info(self.record.currentData(), self.field.currentData())
        self.value.configure(info if kind == "threshold" else None, "gt",
                             data.get("value", MISSING))
        pairs = self._pairs = info is not None and kind == "updated" and \
            info.type in (FieldType.ENUM, FieldType.TEXT, FieldType.BOOLEAN)
        self.from_value.configure(info if pairs else None, "eq", data.get("from", MISSING))
        self.to_value.configure(info if pairs else None, "eq", data.get("to", MISSING))
        self._sync()

    def _sync(self) -> None:
        kind = self.kind.currentData()
        show = self.set_row_visible
        show(self.field, kind in ("updated", "threshold", "date"))
        show(self.op, kind == "threshold")
        show(self.value, kind == "threshold")
        show(self.offset_row, kind == "date")
        show(self.working, kind == "date")
        show(self.from_value, self._pairs)
        show(self.to_value, self._pairs)
        show(self.workflow, kind == "validated" and self.record.currentData() == "workflow_run")

    # -- user changes ----------------------------------------------------------------------
    def _kind_changed(self) -> None:
        with self.loading():
            self._fill_records(self.record.currentData())
            self._fill_kind({})
        self.emit_changed()

    def _record_changed(self) -> None:
        with self.loading():
            self._fill_kind({})
        self.emit_changed()

    def _field_changed(self) -> None:
        with self.loading():
            self._fill_values({})
        self.emit_changed()

    def data(self) -> dict[str, Any]:
        kind, record = self.kind.currentData(), self.record.currentData()
        out: dict[str, Any] = {"kind": kind, "record": record}
        field = self.field.currentData()
        if kind in ("updated", "threshold", "date") and field is not None:
            out["field"] = field
        if kind == "updated":
            for key, editor in (("from", self.from_value), ("to", self.to_value)):
                if editor.value() is not MISSING:
                    out[key] = editor.value()
        elif kind == "threshold":
            out["op"] = self.op.currentData()
            if self.value.value() is not MISSING:
                out["value"] = self.value.value()
        elif kind == "date":
            out["offset_days"] = self.offset.value() * self.direction.currentData()
            out["working_days"] = self.working.isChecked()
        elif kind == "validated" and record == "workflow_run" \
                and self.workflow.currentData() is not None:
            out["workflow"] = self.workflow.currentData()
        return out
