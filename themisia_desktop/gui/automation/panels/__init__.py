"""Property panels of the workflow editor: one panel per node kind, with real pickers.

    panel = build_panel("trigger", document["trigger"], record_type="contact",
                        catalogue=catalogue)
    panel.changed.connect(...)   # the node's complete new data, after every user change
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from themisia_desktop.core.automation.editor_catalogue import EditorCatalogue
from themisia_desktop.gui.automation.panels.base import NodePanel
from themisia_desktop.gui.automation.panels.condition_panel import ConditionPanel, GroupPanel
from themisia_desktop.gui.automation.panels.schedule_panel import SIMPLE_PANELS, SchedulePanel
from themisia_desktop.gui.automation.panels.trigger_panel import TriggerPanel
from themisia_desktop.gui.automation.panels.workflow_panel import WorkflowPanel

__all__ = ["KINDS", "NodePanel", "build_panel"]

KINDS = ("workflow", "trigger", "group", "condition", "action")
_PANELS = {"workflow": WorkflowPanel, "trigger": TriggerPanel, "group": GroupPanel,
           "condition": ConditionPanel}


def build_panel(kind: str, data: dict[str, Any], *, record_type: str | None,
                catalogue: EditorCatalogue, parent: QWidget | None = None) -> NodePanel:
    """The panel editing one node of the document (``kind`` among :data:`KINDS`).

    ``record_type`` is the trigger's record (it decides the fields, the merge fields and the
    values offered); ``catalogue`` the users, groups, templates and workflows to pick from."""
    if kind == "action":
        action_type = (data or {}).get("type")
        cls = SchedulePanel if action_type == "schedule" else SIMPLE_PANELS.get(action_type)
        if cls is None:
            raise ValueError(f"unknown action type {action_type!r}")
    elif kind in _PANELS:
        cls = _PANELS[kind]
    else:
        raise ValueError(f"unknown node kind {kind!r}")
    return cls(dict(data or {}), record_type=record_type, catalogue=catalogue, parent=parent)
