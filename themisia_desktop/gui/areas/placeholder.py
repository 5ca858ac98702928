"""The page of an area that is not built yet: what it will hold, and that it is not there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from themisia_desktop.gui.areas import AreaSpec

NOT_AVAILABLE = "Cette partie n'est pas encore disponible dans cette version."


class PlaceholderPage(QWidget):
    def __init__(self, spec: AreaSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"area_{spec.key}")
        column = QWidget(self)
        column.setMaximumWidth(680)
        inner = QVBoxLayout(column)
        inner.setSpacing(14)

        title = QLabel(spec.title, column)
        title.setObjectName("area_title")
        title.setProperty("role", "title")
        summary = QLabel(spec.summary, column)
        summary.setObjectName("area_summary")
        summary.setProperty("role", "lead")
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        notice = QFrame(column)
        notice.setObjectName("area_notice")
        notice.setProperty("role", "notice")
        notice_layout = QVBoxLayout(notice)
        notice_layout.setContentsMargins(14, 10, 14, 10)
        self.notice_label = QLabel(NOT_AVAILABLE, notice)
        self.notice_label.setWordWrap(True)
        notice_layout.addWidget(self.notice_label)

        inner.addWidget(title)
        inner.addWidget(summary)
        inner.addSpacing(6)
        inner.addWidget(notice)
        inner.addStretch(1)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(40, 32, 40, 24)
        outer.addWidget(column, 1)
        outer.addStretch(0)
        self.summary_label = summary
        self.title_label = title
