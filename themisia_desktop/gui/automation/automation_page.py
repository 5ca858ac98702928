"""The « Automatisations » area: « Workflows » (the list and its actions) and « Historique des
exécutions » (every run, filtered, with its trace)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from themisia_desktop.gui.automation.run_history import RunHistory
from themisia_desktop.gui.automation.workflow_list import WorkflowList


class AutomationPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("automation_page")
        self.setWindowTitle("Automatisations")
        self.tabs = QTabWidget(self)
        self.workflows = WorkflowList(ctx, self.tabs)
        self.history = RunHistory(ctx, self.tabs)
        self.tabs.addTab(self.workflows, "Workflows")
        self.tabs.addTab(self.history, "Historique des exécutions")
        self.workflows.historyRequested.connect(self.show_history_of)
        # A workflow created, renamed or imported appears in the history's filter.
        self.workflows.changed.connect(self.history.reload_workflows)
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def show_history_of(self, workflow_id: int) -> None:
        self.tabs.setCurrentWidget(self.history)
        self.history.show_workflow(workflow_id)

    def _tab_changed(self, index: int) -> None:
        # Runs happen in the background: each visit shows the latest ones.
        if self.tabs.widget(index) is self.history:
            self.history.reload()
        elif self.tabs.widget(index) is self.workflows:
            self.workflows.reload()


def build_automation_page(ctx) -> QWidget:  # noqa: ANN001
    """Area factory of « Automatisations »."""
    return AutomationPage(ctx)
