"""Text inputs for subjects, bodies, titles and descriptions, each with an « Insérer un champ »
menu listing the merge fields of the trigger's record; the chosen field is inserted at the
cursor as ``{{ contact.display_name }}`` (amounts ``| montant``, dates ``| date_longue``)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from themisia_desktop.core.automation.fields import FieldInfo, FieldType, catalogue
from themisia_desktop.gui.automation.panels.field_choices import group_of, record_label

FILTER_BY_TYPE = {FieldType.MONEY: "montant", FieldType.DATE: "date_longue"}


def merge_expression(info: FieldInfo) -> str:
    """The template text inserting a field, formatted the French way."""
    flt = FILTER_BY_TYPE.get(info.type)
    return f"{{{{ {info.path} | {flt} }}}}" if flt else f"{{{{ {info.path} }}}}"


class InsertFieldButton(QToolButton):
    """« Insérer un champ »: a menu of the record's merge fields, one sub-menu per record."""

    def __init__(self, target: QLineEdit | QPlainTextEdit, record_type: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.setObjectName(f"{target.objectName()}_insert_field")
        self.setText("Insérer un champ ▾")
        self.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.setToolTip("Insère à l'emplacement du curseur une donnée de l'enregistrement, "
                        "remplacée à l'envoi par sa valeur")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        menu.setObjectName(f"{target.objectName()}_fields_menu")
        self.setMenu(menu)
        self.setEnabled(bool(record_type))
        if record_type:
            self._fill(menu, record_type)

    def _fill(self, menu: QMenu, record_type: str) -> None:
        submenus: dict[str, QMenu] = {}
        for info in catalogue(record_type):
            group = group_of(record_type, info.path) or record_label(record_type)
            sub = submenus.get(group)
            if sub is None:
                sub = submenus[group] = menu.addMenu(group)
            action = sub.addAction(info.label)
            action.setData(info.path)
            action.setToolTip(merge_expression(info))
            action.triggered.connect(lambda _=False, i=info: self.insert(i))

    def field_actions(self) -> dict[str, dict[str, object]]:
        """{group title: {field label: QAction}} — what the menu shows."""
        return {sub.title(): {a.text(): a for a in sub.actions()}
                for sub in (a.menu() for a in self.menu().actions()) if sub is not None}

    def insert(self, info: FieldInfo) -> None:
        text = merge_expression(info)
        if isinstance(self.target, QLineEdit):
            self.target.insert(text)
        else:
            self.target.textCursor().insertText(text)
        self.target.setFocus()


class MergeText(QWidget):
    """A text input (one line or several) with its « Insérer un champ » button."""

    changed = Signal()

    def __init__(self, name: str, record_type: str | None, *, multiline: bool = False,
                 placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_box")
        self.edit: QLineEdit | QPlainTextEdit = QPlainTextEdit(self) if multiline \
            else QLineEdit(self)
        self.edit.setObjectName(name)
        self.edit.setPlaceholderText(placeholder)
        if multiline:
            self.edit.setTabChangesFocus(True)
            self.edit.setMinimumHeight(120)
        self.edit.textChanged.connect(self.changed)
        self.button = InsertFieldButton(self.edit, record_type, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        layout.addLayout(row)

    def text(self) -> str:
        e = self.edit
        return e.text() if isinstance(e, QLineEdit) else e.toPlainText()

    def set_text(self, text: str) -> None:
        if isinstance(self.edit, QLineEdit):
            self.edit.setText(text)
        else:
            self.edit.setPlainText(text)
