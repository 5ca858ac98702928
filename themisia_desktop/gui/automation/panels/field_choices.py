"""Field pickers: the catalogue of a record type in a combo, French labels, own fields first,
then each related record as its own group (« Client › Encours du client »)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from themisia_desktop.core.automation.fields import (
    RECORD_TYPES,
    Compute,
    FieldInfo,
    FieldType,
    catalogue,
    resolve,
)

SEP = " › "


def group_of(record_type: str, path: str) -> str:
    """"" for the record's own fields, else the relations followed (« Dossier › Client »)."""
    rf = resolve(record_type, path)
    return SEP.join(h.label for h in rf.hops)


def field_label(record_type: str, path: str) -> str:
    rf = resolve(record_type, path)
    group = group_of(record_type, path)
    return f"{group}{SEP}{rf.field.label}" if group else rf.field.label


def field_info(record_type: str | None, path: str | None) -> FieldInfo | None:
    if not record_type or not path:
        return None
    return next((f for f in catalogue(record_type) if f.path == path), None)


def record_label(record_type: str) -> str:
    rt = RECORD_TYPES.get(record_type)
    return rt.label if rt else record_type


def is_own_column(record_type: str, info: FieldInfo) -> bool:
    rf = resolve(record_type, info.path)
    return not rf.hops and rf.field.compute is Compute.COLUMN


def fill_field_combo(combo: QComboBox, record_type: str | None,
                     keep: Callable[[FieldInfo], bool] = lambda f: True, *,
                     empty_text: str | None = None) -> None:
    """Replace the combo's items with the fields of ``record_type`` that ``keep`` accepts.
    ``empty_text`` adds a first item meaning "no field" (data None)."""
    combo.clear()
    if empty_text is not None:
        combo.addItem(empty_text, None)
    if not record_type:
        return
    previous_group: str | None = None
    for info in catalogue(record_type):
        if not keep(info):
            continue
        group = group_of(record_type, info.path)
        if previous_group is not None and group != previous_group:
            combo.insertSeparator(combo.count())
        previous_group = group
        combo.addItem(field_label(record_type, info.path), info.path)
        combo.setItemData(combo.count() - 1, info.path, Qt.ItemDataRole.ToolTipRole)


def numeric(info: FieldInfo) -> bool:
    return info.type.is_numeric


def dated(info: FieldInfo) -> bool:
    return info.type is FieldType.DATE
