"""Who receives or does something: a role relative to the record (definition.ROLES), a group
or a user of the firm. One combo for a single assignee; a list with « Ajouter » / « Retirer »
for several recipients."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from themisia_desktop.core.automation.definition import ROLES
from themisia_desktop.core.automation.editor_catalogue import EditorCatalogue
from themisia_desktop.gui.automation.panels.base import make_combo

Assignee = dict[str, Any]  # {"role": "responsible"} | {"group": "Associés"} | {"user": 3}


def assignee_text(who: Assignee, catalogue: EditorCatalogue) -> str:
    (kind, value), = who.items()
    if kind == "role":
        return f"Rôle : {ROLES.get(value, value)}"
    if kind == "group":
        return f"Groupe : {value}"
    name = catalogue.user_name(value) if isinstance(value, int) else None
    return f"Utilisateur : {name or f'n° {value} (inconnu ou inactif)'}"


def assignee_items(catalogue: EditorCatalogue) -> list[tuple[str, Assignee]]:
    """Roles first (they follow the record), then groups, then users."""
    whos: list[Assignee] = [{"role": r} for r in ROLES]
    whos += [{"group": g} for g in catalogue.groups]
    whos += [{"user": uid} for uid, _ in catalogue.users]
    return [(assignee_text(w, catalogue), w) for w in whos]


def fill_assignee_combo(combo: QComboBox, catalogue: EditorCatalogue,
                        current: Assignee | None = None) -> None:
    combo.clear()
    items = assignee_items(catalogue)
    if current and current not in [w for _, w in items]:
        items.append((assignee_text(current, catalogue), current))  # keep what the document has
    for text, who in items:
        combo.addItem(text, who)
    if current:
        combo.setCurrentIndex([w for _, w in items].index(current))


class RecipientsPicker(QWidget):
    """A list of recipients (object name ``name``), the combo ``<name>_choice``, the buttons
    ``<name>_add`` (« Ajouter ») and ``<name>_remove`` (« Retirer la sélection »)."""

    changed = Signal()

    def __init__(self, name: str, catalogue: EditorCatalogue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_box")
        self.catalogue = catalogue
        self.list = QListWidget(self)
        self.list.setObjectName(name)
        self.list.setMaximumHeight(90)
        self.choice = make_combo(f"{name}_choice", assignee_items(catalogue), self)
        self.add_button = QPushButton("Ajouter", self)
        self.add_button.setObjectName(f"{name}_add")
        self.remove_button = QPushButton("Retirer la sélection", self)
        self.remove_button.setObjectName(f"{name}_remove")
        self.remove_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        row.addWidget(self.choice, 1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.remove_button)
        layout.addLayout(bottom)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.list.currentRowChanged.connect(
            lambda row: self.remove_button.setEnabled(row >= 0))

    def set_recipients(self, whos: list[Assignee]) -> None:
        self.list.clear()
        for who in whos:
            self._append(who)

    def recipients(self) -> list[Assignee]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _append(self, who: Assignee) -> None:
        item = QListWidgetItem(assignee_text(who, self.catalogue), self.list)
        item.setData(Qt.ItemDataRole.UserRole, dict(who))

    def _add(self) -> None:
        who = self.choice.currentData()
        if who is None or who in self.recipients():
            return
        self._append(who)
        self.changed.emit()

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.list.takeItem(row)
        self.remove_button.setEnabled(self.list.currentRow() >= 0)
        self.changed.emit()
