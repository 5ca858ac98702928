"""An input typed by the chosen field: amount in euros typed the French way, whole number,
date (a day, or « il y a N jours » / « dans N jours »), enum value, oui/non, text; a list of
values for « est parmi » / « n'est pas parmi »."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from themisia_desktop.core.automation.fields import FieldInfo, FieldType
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.money import parse_amount
from themisia_desktop.gui.automation.panels.base import make_combo, select_data
from themisia_desktop.gui.field_errors import error_label

MISSING: Any = object()
NO_VALUE_OPS = ("is_empty", "not_empty")
LIST_OPS = ("in", "not_in")
ANY_TEXT = "(quelconque)"
DATE_MODES = (("à la date du", "on"), ("il y a … jours", "ago"), ("dans … jours", "ahead"))


def french_amount(value: Any) -> str:
    """Decimal("10000") → "10 000,00" (what a French user types)."""
    try:
        d = parse_amount(value, allow_negative=True)
    except ValidationError:
        return str(value)
    return f"{d:,.2f}".replace(",", " ").replace(".", ",")


def amount_json(text: str) -> Any:
    """The document's string for an amount typed in French ("10 000,00" → "10000.00"); the
    text itself when it is not an amount (the document check then names the mistake)."""
    try:
        return f"{parse_amount(text, allow_negative=True):.2f}"
    except ValidationError:
        return text.strip()


class ValueEditor(QWidget):
    """The value side of a comparison, rebuilt when the field or the operator changes.

    The main input carries the given object name; a date also has ``<name>_mode`` (combo) and
    ``<name>_days`` (spin box); an amount shows its mistake in ``<name>_error``."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None, *,
                 optional: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_box")
        self._name = name
        self._optional = optional
        self._info: FieldInfo | None = None
        self._op: str | None = None
        self._kind = "none"
        self._inputs: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self._body = QWidget(self)
        self._layout = QVBoxLayout(self._body)
        outer.addWidget(self._body)
        self._error = error_label(self, name=f"{name}_error")
        self._error.setStyleSheet("color: #b00020;")
        outer.addWidget(self._error)
        self.setVisible(False)

    # -- building --------------------------------------------------------------------------
    def configure(self, info: FieldInfo | None, op: str | None = "eq",
                  value: Any = MISSING) -> None:
        """Show the input for ``info`` and ``op``, filled with ``value`` (a document value)."""
        self._info, self._op = info, op
        old = self._body
        old.hide()
        old.setParent(None)  # gone at once for findChild, deleted by Qt later
        old.deleteLater()
        self._body = QWidget(self)
        self._layout = QVBoxLayout(self._body)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.layout().insertWidget(0, self._body)
        self._inputs = {}
        self._error.setVisible(False)
        if info is None or op in NO_VALUE_OPS:
            self._kind = "none"
            self.setVisible(False)
            return
        t = info.type
        if op in LIST_OPS:
            self._kind = "enum_list" if t is FieldType.ENUM else "text_list"
        else:
            self._kind = t.value
        getattr(self, f"_build_{self._kind}")(info)
        self._body.show()
        self.setVisible(True)
        if value is not MISSING and value is not None:
            try:
                self.set_value(value)
            except (ValueError, TypeError, AttributeError):
                pass  # a value that does not fit the field (the field was changed): default
        self._check()

    def _add(self, key: str, widget: QWidget, layout: QHBoxLayout | None = None) -> QWidget:
        self._inputs[key] = widget
        (layout or self._layout).addWidget(widget)
        return widget

    def _line(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self._body)
        edit.setObjectName(self._name)
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self._edited)
        return edit

    def _build_money(self, info: FieldInfo) -> None:
        edit = self._line("exemple : 10 000,00")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self._layout.addLayout(row)
        self._add("main", edit, row)
        euro = self._add("unit", QLabel("€", self._body), row)
        euro.setObjectName(f"{self._name}_unit")

    def _build_integer(self, info: FieldInfo) -> None:
        spin = QSpinBox(self._body)
        spin.setObjectName(self._name)
        spin.setRange(-1_000_000, 1_000_000)
        spin.valueChanged.connect(self._edited)
        self._add("main", spin)

    def _build_date(self, info: FieldInfo) -> None:
        mode = make_combo(f"{self._name}_mode", DATE_MODES, self._body)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self._layout.addLayout(row)
        self._add("mode", mode, row)
        day = QDateEdit(QDate.currentDate(), self._body)
        day.setObjectName(self._name)
        day.setDisplayFormat("dd/MM/yyyy")
        day.setCalendarPopup(True)
        days = QSpinBox(self._body)
        days.setObjectName(f"{self._name}_days")
        days.setRange(0, 3650)
        days.setSuffix(" jour(s)")
        self._add("date", day, row)
        self._add("days", days, row)
        days.hide()
        mode.currentIndexChanged.connect(self._date_mode)
        day.dateChanged.connect(self._edited)
        days.valueChanged.connect(self._edited)

    def _date_mode(self) -> None:
        relative = self._inputs["mode"].currentData() != "on"
        self._inputs["date"].setVisible(not relative)
        self._inputs["days"].setVisible(relative)
        self._edited()

    def _build_choice(self, items: list[tuple[str, Any]]) -> None:
        if self._optional:
            items = [(ANY_TEXT, None), *items]
        combo = make_combo(self._name, items, self._body)
        combo.currentIndexChanged.connect(self._edited)
        self._add("main", combo)

    def _build_enum(self, info: FieldInfo) -> None:
        self._build_choice([(label, code) for code, label in info.choices])

    def _build_boolean(self, info: FieldInfo) -> None:
        self._build_choice([("oui", True), ("non", False)])

    def _build_text(self, info: FieldInfo) -> None:
        self._add("main", self._line("laisser vide : quelconque" if self._optional else ""))

    def _build_enum_list(self, info: FieldInfo) -> None:
        box = QListWidget(self._body)
        box.setObjectName(self._name)
        for code, label in info.choices:
            item = QListWidgetItem(label, box)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        box.setMaximumHeight(min(26 * len(info.choices) + 6, 160))
        box.itemChanged.connect(self._edited)
        self._add("main", box)

    def _build_text_list(self, info: FieldInfo) -> None:
        example = {"money": "exemple : 1 000,00 ; 2 500,00", "integer": "exemple : 30 ; 60"}
        self._add("main", self._line(example.get(info.type.value,
                                                 "valeurs séparées par des points-virgules")))

    # -- reading and writing ---------------------------------------------------------------
    def set_value(self, value: Any) -> None:
        main = self._inputs.get("main")
        k = self._kind
        if k == "money":
            main.setText(french_amount(value))
        elif k == "integer" and isinstance(value, int):
            main.setValue(value)
        elif k == "date":
            if isinstance(value, dict) and "days_from_today" in value:
                n = int(value["days_from_today"])
                select_data(self._inputs["mode"], "ago" if n < 0 else "ahead")
                self._inputs["days"].setValue(abs(n))
            else:
                select_data(self._inputs["mode"], "on")
                self._inputs["date"].setDate(QDate(date.fromisoformat(str(value))))
        elif k in ("enum", "boolean"):
            select_data(main, value)
        elif k == "text":
            main.setText(str(value))
        elif k == "enum_list":
            wanted = set(value) if isinstance(value, list | tuple) else {value}
            for i in range(main.count()):
                item = main.item(i)
                item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                                   in wanted else Qt.CheckState.Unchecked)
        elif k == "text_list":
            shown = [french_amount(v) if self._info.type is FieldType.MONEY else str(v)
                     for v in (value if isinstance(value, list | tuple) else [value])]
            main.setText(" ; ".join(shown))

    def value(self) -> Any:
        """The document's value, or MISSING when there is nothing to write."""
        main = self._inputs.get("main")
        k = self._kind
        if k == "none":
            return MISSING
        if k == "money":
            text = main.text().strip()
            return amount_json(text) if text else MISSING
        if k == "integer":
            return main.value()
        if k == "date":
            mode = self._inputs["mode"].currentData()
            if mode == "on":
                return self._inputs["date"].date().toPython().isoformat()
            n = self._inputs["days"].value()
            return {"days_from_today": -n if mode == "ago" else n}
        if k in ("enum", "boolean"):
            data = main.currentData()
            return MISSING if data is None else data
        if k == "text":
            text = main.text()
            return MISSING if self._optional and not text.strip() else text
        if k == "enum_list":
            return [main.item(i).data(Qt.ItemDataRole.UserRole) for i in range(main.count())
                    if main.item(i).checkState() == Qt.CheckState.Checked]
        parts = [p.strip() for p in main.text().split(";") if p.strip()]
        if self._info.type is FieldType.MONEY:
            return [amount_json(p) for p in parts]
        if self._info.type is FieldType.INTEGER:
            return [int(p) if p.lstrip("-").isdigit() else p for p in parts]
        return parts

    def input(self, key: str = "main") -> QWidget | None:
        return self._inputs.get(key)

    def _check(self) -> None:
        message = ""
        if self._kind == "money":
            text = self._inputs["main"].text().strip()
            if text:
                try:
                    parse_amount(text, allow_negative=True)
                except ValidationError as exc:
                    message = str(exc)
        self._error.setText(message)
        self._error.setVisible(bool(message))

    def _edited(self, *_args: Any) -> None:
        self._check()
        self.changed.emit()


__all__ = ["MISSING", "ValueEditor", "amount_json", "french_amount"]
