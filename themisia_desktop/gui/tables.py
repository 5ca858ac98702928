"""Read-only tables shared by the cards and screens: a model of display strings with row ids,
a view set up the same way everywhere, and the French text of an error for a status line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from themisia_desktop.core.errors import ThemisiaError

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


def error_text(exc: BaseException) -> str:
    if isinstance(exc, ThemisiaError):
        return str(exc)
    return f"L'opération a échoué : {exc}"


class RowsModel(QAbstractTableModel):
    """Rows of display strings, with one alignment per column and the row's id (``ID_ROLE``)."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, headers: Sequence[str], aligns: Sequence[Qt.AlignmentFlag],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._aligns = list(aligns)
        self._rows: list[tuple[str, ...]] = []
        self._ids: list[int] = []
        self._tips: list[str | None] = []

    def set_rows(self, rows: Sequence[tuple[int, tuple[str, ...]]],
                 tips: Sequence[str | None] | None = None) -> None:
        self.beginResetModel()
        self._ids = [r[0] for r in rows]
        self._rows = [r[1] for r in rows]
        self._tips = list(tips) if tips is not None else [None] * len(rows)
        self.endResetModel()

    def row_id(self, row: int) -> int:
        return self._ids[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(self._aligns[index.column()])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[index.row()] or self._rows[index.row()][index.column()] or None
        if role == self.ID_ROLE:
            return self._ids[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


def make_table(parent: QWidget, model: RowsModel, widths: Sequence[int],
           stretch: int | None = None) -> QTableView:
    """A read-only table; ``stretch`` is the column that takes the spare width (else the last)."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setShowGrid(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(parent.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
