"""Pieces of the workflow editor window: the palette and the property side panel."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QLabel, QPushButton, QScrollArea, QSizePolicy,
                               QVBoxLayout, QWidget)

from themisia_desktop.core.automation.definition import ACTION_TYPES

ERROR_STYLE = "color: #c62828;"


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class Palette(QWidget):
    """One button per thing to add; ``requested(kind, action_type)``."""

    requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("palette")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        self.buttons: dict[str, QPushButton] = {}
        layout.addWidget(_heading("Conditions", self))
        self._add(layout, "palette_condition", "Condition", "condition", None,
                  "Une comparaison sur un champ (exemple : Encours > 10 000,00 €)")
        self._add(layout, "palette_group", "Groupe ET/OU", "group", None,
                  "Un groupe : toutes les conditions, au moins une, ou aucune")
        layout.addSpacing(8)
        layout.addWidget(_heading("Actions", self))
        for action_type, label in ACTION_TYPES.items():
            self._add(layout, f"palette_{action_type}", label, "action", action_type,
                      f"Ajouter l'action « {label} »")
        layout.addSpacing(8)
        hint = QLabel("Le nouvel élément se place après l'élément sélectionné ; sans "
                      "sélection, il reste à relier (glissez depuis le point de sortie d'un "
                      "élément jusqu'à lui).", self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5a5f66;")
        layout.addWidget(hint)
        layout.addStretch(1)

    def _add(self, layout: QVBoxLayout, name: str, text: str, kind: str,
             action_type: str | None, tip: str) -> None:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.clicked.connect(lambda: self.requested.emit(kind, action_type))
        layout.addWidget(button)
        self.buttons[name] = button


class SidePanel(QScrollArea):
    """The selected node's title, its errors in red, then its property panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("property_area")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(8, 8, 8, 8)
        self.heading = _heading("", body)
        self.heading.setObjectName("property_heading")
        self.heading.setWordWrap(True)
        self.errors = QLabel(body)
        self.errors.setObjectName("node_errors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.setTextFormat(Qt.TextFormat.PlainText)
        self._layout.addWidget(self.heading)
        self._layout.addWidget(self.errors)
        self.panel: QWidget | None = None
        self.node_id: str | None = None
        self._layout.addStretch(1)
        self.setWidget(body)

    def set_errors(self, errors: list[str]) -> None:
        self.errors.setText("\n".join(f"• {e}" for e in errors))
        self.errors.setVisible(bool(errors))

    def show_panel(self, node_id: str, heading: str, panel: QWidget) -> None:
        if self.panel is not None:
            self._layout.removeWidget(self.panel)
            self.panel.hide()
            self.panel.deleteLater()
        self.node_id, self.panel = node_id, panel
        self.heading.setText(heading)
        self._layout.insertWidget(2, panel)
        panel.show()


def make_panel(kind: str, data: dict[str, Any], *, record_type: str | None, catalogue: Any,
               parent: QWidget, on_change: Callable[[dict[str, Any]], None]) -> QWidget:
    """The property panel of the « panels » package; a read-only view of the data when that
    package or the catalogue is not available."""
    try:
        from themisia_desktop.gui.automation.panels import build_panel
    except ImportError:
        build_panel = None
    if build_panel is not None and catalogue is not None:
        panel = build_panel(kind, data, record_type=record_type, catalogue=catalogue,
                            parent=parent)
        panel.changed.connect(on_change)
        return panel
    label = QLabel(json.dumps(data, ensure_ascii=False, indent=2), parent)
    label.setObjectName("readonly_panel")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
