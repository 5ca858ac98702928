"""A condition group (toutes / au moins une / aucune) and one field comparison."""

from __future__ import annotations

from typing import Any

from themisia_desktop.core.automation.conditions import OPERATORS, OPS_BY_TYPE
from themisia_desktop.gui.automation.panels.base import (
    NodePanel,
    hint_label,
    make_combo,
    select_data,
)
from themisia_desktop.gui.automation.panels.field_choices import field_info, fill_field_combo
from themisia_desktop.gui.automation.panels.value_editor import MISSING, ValueEditor

GROUP_MODES = (("toutes les conditions (ET)", "all"), ("au moins une condition (OU)", "any"),
               ("aucune des conditions (NON)", "not"))


class GroupPanel(NodePanel):
    title = "Groupe de conditions"

    def __init__(self, data: dict[str, Any], **kw: Any) -> None:
        super().__init__(**kw)
        self.mode = make_combo("group_mode", GROUP_MODES, self)
        self.add_row("Le groupe est vrai quand sont vraies", self.mode)
        self.add_widget(hint_label("« aucune » : le groupe est vrai si aucune des conditions "
                                    "qu'il contient n'est vraie.", self))
        with self.loading():
            select_data(self.mode, data.get("mode", "all"))
        self.mode.currentIndexChanged.connect(self.emit_changed)

    def data(self) -> dict[str, Any]:
        return {"mode": self.mode.currentData()}


def fill_operators(combo, info, ops: tuple[str, ...] | None = None) -> None:  # noqa: ANN001
    combo.clear()
    allowed = OPS_BY_TYPE[info.type] if info is not None else ()
    for op in allowed:
        if ops is None or op in ops:
            combo.addItem(OPERATORS[op], op)


class ConditionPanel(NodePanel):
    title = "Condition"

    def __init__(self, data: dict[str, Any], **kw: Any) -> None:
        super().__init__(**kw)
        self.field = make_combo("condition_field", (), self)
        self.op = make_combo("condition_op", (), self)
        self.value = ValueEditor("condition_value", self)
        self.add_row("Champ", self.field)
        self.add_row("Opérateur", self.op)
        self.value_label = self.add_row("Valeur", self.value)
        with self.loading():
            fill_field_combo(self.field, self.record_type)
            if not select_data(self.field, data.get("field")):
                self.field.setCurrentIndex(0 if self.field.count() else -1)
            info = self._info()
            fill_operators(self.op, info)
            select_data(self.op, data.get("op", "eq"))
            self.value.configure(info, self.op.currentData(), data.get("value", MISSING))
            self._sync()
        self.field.currentIndexChanged.connect(self._field_changed)
        self.op.currentIndexChanged.connect(self._op_changed)
        self.value.changed.connect(self.emit_changed)

    def _info(self):  # noqa: ANN202
        return field_info(self.record_type, self.field.currentData())

    def _sync(self) -> None:
        self.set_row_visible(self.value, self.op.currentData() not in ("is_empty", "not_empty")
                                and self._info() is not None)

    def _field_changed(self) -> None:
        with self.loading():
            previous = self.op.currentData()
            info = self._info()
            fill_operators(self.op, info)
            select_data(self.op, previous)
            self.value.configure(info, self.op.currentData())
            self._sync()
        self.emit_changed()

    def _op_changed(self) -> None:
        with self.loading():
            old = self.value.value()
            self.value.configure(self._info(), self.op.currentData())
            lists = ("in", "not_in")
            if old is not MISSING and (isinstance(old, list)) == (self.op.currentData() in lists):
                self.value.set_value(old)
            self._sync()
        self.emit_changed()

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field.currentData(), "op": self.op.currentData()}
        value = self.value.value()
        if value is not MISSING and out["op"] not in ("is_empty", "not_empty"):
            out["value"] = value
        return {k: v for k, v in out.items() if v is not None}
