"""The base of every property panel: a titled form, labels above their inputs (a narrow side
panel), and one ``changed`` signal carrying the node's complete data."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from themisia_desktop.core.automation.editor_catalogue import EMPTY_CATALOGUE, EditorCatalogue


def make_combo(name: str, items: list[tuple[str, Any]] | tuple = (),
               parent: QWidget | None = None) -> QComboBox:
    """A combo that stays narrow whatever the length of its labels."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    for text, value in items:
        combo.addItem(text, value)
    return combo


def select_data(combo: QComboBox, value: Any) -> bool:
    """Select the item holding ``value`` (item data); False when there is none."""
    for i in range(combo.count()):
        held = combo.itemData(i)
        if held is not None and type(held) is type(value) and held == value:
            combo.setCurrentIndex(i)
            return True
    return False


def hint_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setProperty("role", "hint")
    label.setStyleSheet("color: #5a5f66;")
    return label


class NodePanel(QWidget):
    """The properties of one node of the workflow document.

    ``changed`` carries the node's complete new data (a JSON-able dict) after every change the
    user makes; :meth:`data` returns the same dict at any time."""

    changed = Signal(object)
    title = ""

    def __init__(self, *, record_type: str | None = None,
                 catalogue: EditorCatalogue = EMPTY_CATALOGUE,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record_type = record_type
        self.catalogue = catalogue
        self._loading = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(6)
        if self.title:
            heading = QLabel(self.title, self)
            heading.setObjectName("panel_title")
            heading.setWordWrap(True)
            font = heading.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.15)
            heading.setFont(font)
            outer.addWidget(heading)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(8)
        self._row_of: dict[QWidget, QWidget] = {}
        outer.addLayout(self.rows)
        outer.addStretch(1)

    def add_row(self, text: str, widget: QWidget) -> QLabel:
        """A label above its input (they wrap to the width of the side panel)."""
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setBuddy(widget)
        self._add(widget, label)
        return label

    def add_widget(self, widget: QWidget) -> None:
        """A row without a label (a check box, a hint, a sub-panel)."""
        self._add(widget, None)

    def _add(self, widget: QWidget, label: QLabel | None) -> None:
        row = QWidget(self)
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if label is not None:
            label.setParent(row)
            layout.addWidget(label)
        layout.addWidget(widget)
        self._row_of[widget] = row
        self.rows.addWidget(row)

    def set_row_visible(self, widget: QWidget, visible: bool) -> None:
        self._row_of[widget].setVisible(visible)

    def row_visible(self, widget: QWidget) -> bool:
        return not self._row_of[widget].isHidden()

    @contextmanager
    def loading(self):
        """Fill the inputs from data without emitting ``changed``."""
        self._loading += 1
        try:
            yield
        finally:
            self._loading -= 1

    def emit_changed(self, *_args: Any) -> None:
        if not self._loading:
            self.changed.emit(self.data())

    def data(self) -> dict[str, Any]:  # pragma: no cover - every panel overrides it
        raise NotImplementedError
