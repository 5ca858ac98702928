"""The Tâches tab of a matter: its tasks, « Nouvelle tâche… » (for this matter), « Terminer »,
« Rouvrir ». ``changed`` is emitted after each write; ``reload()`` refreshes."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from themisia_desktop.core.calendar.tasks import TaskInfo, matter_tasks
from themisia_desktop.gui.calendar.my_tasks import TaskList

_STATUS_OF_FILTER = {"open": "open", "done": "done"}


def _loader(ctx, matter_id: int):  # noqa: ANN001, ANN202
    def load(show: str) -> list[TaskInfo]:
        rows = matter_tasks(ctx.db, ctx.clock, matter_id)
        wanted = _STATUS_OF_FILTER.get(show)
        return [t for t in rows if wanted is None or t.status == wanted]
    return load


def build_tasks_tab(ctx, matter_id: int, parent: QWidget | None = None) -> TaskList:  # noqa: ANN001
    widget = TaskList(ctx, _loader(ctx, matter_id), matter_id=matter_id, show_matter=False,
                      parent=parent)
    widget.setObjectName("matter_tasks_tab")
    widget.filter_combo.setCurrentIndex(widget.filter_combo.findData("all"))
    return widget
