"""The « Agenda & tâches » area: « Mes tâches » and « Agenda »."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from themisia_desktop.gui.calendar.agenda_view import AgendaView
from themisia_desktop.gui.calendar.my_tasks import TaskList, build_my_tasks


class CalendarPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("calendar_page")
        self.setWindowTitle("Agenda & tâches")
        self.tabs = QTabWidget(self)
        self.tasks: TaskList = build_my_tasks(ctx, self.tabs)
        self.agenda = AgendaView(ctx, self.tabs)
        self.tabs.addTab(self.tasks, "Mes tâches")
        self.tabs.addTab(self.agenda, "Agenda")
        # A task created or completed shows up in the agenda, and the other way round.
        self.tasks.changed.connect(self.agenda.reload)
        self.agenda.changed.connect(self.tasks.reload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)


def build_calendar_page(ctx) -> QWidget:  # noqa: ANN001
    """Area factory of « Agenda & tâches »."""
    return CalendarPage(ctx)
