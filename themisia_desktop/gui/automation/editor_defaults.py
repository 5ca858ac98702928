"""What a palette button adds: a new node's starting data, valid where a sensible default
exists (the administrator then adjusts it in the property panel)."""

from __future__ import annotations

from typing import Any

from themisia_desktop.core.automation.editor_catalogue import EditorCatalogue
from themisia_desktop.core.automation.fields import FieldType, UnknownField, catalogue, \
    writable_fields

RESPONSIBLE = {"role": "responsible"}


def _fields(record: str | None, *, writable: bool = False) -> list[Any]:
    try:
        return writable_fields(record) if writable else catalogue(record)
    except (UnknownField, KeyError, LookupError, TypeError):
        return []


def default_condition(record: str | None) -> dict[str, Any]:
    for info in _fields(record):
        if info.type is FieldType.BOOLEAN:
            return {"field": info.path, "op": "eq", "value": True}
        return {"field": info.path, "op": "not_empty"}
    return {"field": "", "op": "eq", "value": ""}


def _default_value(info: Any) -> Any:
    if info.type is FieldType.BOOLEAN:
        return True
    if info.type is FieldType.ENUM and info.choices:
        return info.choices[0][0]
    if info.type is FieldType.INTEGER:
        return 0
    if info.type is FieldType.MONEY:
        return "0.00"
    return ""


def default_action(action_type: str, record: str | None, cat: EditorCatalogue) -> dict[str, Any]:
    if action_type == "create_task":
        return {"type": "create_task", "title": "Nouvelle tâche", "assignee": dict(RESPONSIBLE),
                "due_in_days": 1}
    if action_type == "create_appointment":
        return {"type": "create_appointment", "title": "Nouveau rendez-vous", "in_days": 7,
                "time": "10:00", "duration_minutes": 60, "attendees": [dict(RESPONSIBLE)]}
    if action_type == "create_document":
        template = cat.document_templates[0][0] if cat.document_templates else ""
        return {"type": "create_document", "template": template}
    if action_type == "set_field":
        fields = _fields(record, writable=True)
        if fields:
            return {"type": "set_field", "field": fields[0].path,
                    "value": _default_value(fields[0])}
        return {"type": "set_field", "field": "", "value": ""}
    if action_type == "notify":
        return {"type": "notify", "channels": ["popup"], "recipients": [dict(RESPONSIBLE)],
                "subject": "Nouvelle notification", "body": ""}
    if action_type == "schedule":
        return {"type": "schedule", "in_days": 7,
                "action": default_action("create_task", record, cat)}
    if action_type == "start_workflow":
        return {"type": "start_workflow",
                "workflow": cat.workflows[0][0] if cat.workflows else ""}
    raise ValueError(f"unknown action type {action_type!r}")
