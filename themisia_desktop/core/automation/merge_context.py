"""The values of one record for a workflow's templates, and the records it belongs to.

A workflow template writes the same dotted names as its conditions (:func:`.fields.merge_fields`):
``{{ matter.reference }}``, ``{{ client.display_name }}``, ``{{ matter.responsible.last_name }}``.
:func:`merge_context_in` reads every one of them for one record in a single query and returns
them as nested dicts (``{"matter": {"reference": "2026-0001", "responsible": {...}}}``).
Money comes as ``Decimal`` (``{{ matter.encours | montant }}``), dates as ``date``, enum fields
as their French label (« Ouvert »), a missing value as an empty string.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.conditions import _actual, record_table, value_sql
from themisia_desktop.core.automation.fields import FieldType, field_paths, resolve
from themisia_desktop.core.errors import NotFoundError
from themisia_desktop.core.models import (
    Appointment,
    Deadline,
    Invoice,
    Matter,
    Provision,
    RunTrace,
    Task,
    TimeEntry,
)


def _display(rf: Any, value: Any) -> Any:
    if value is None:
        return ""
    if rf.type is FieldType.ENUM:
        return dict(rf.field.choices).get(value, value)
    return value


def merge_context_in(session: Session, record_type: str, entity_id: int, *,
                     today: date) -> dict[str, Any]:
    """Every merge field of the record, as nested dicts; NotFoundError if it is gone."""
    paths = field_paths(record_type)
    resolved = [resolve(record_type, p) for p in paths]
    root = record_table(record_type)
    row = session.execute(select(*[value_sql(rf) for rf in resolved])
                          .where(root.c.id == entity_id)).first()
    if row is None:
        raise NotFoundError("L'enregistrement concerné n'existe plus.")
    context: dict[str, Any] = {}
    for path, rf, raw in zip(paths, resolved, row, strict=True):
        parts = path.split(".")
        node = context
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):  # a field and a relation share a name: keep the field
                break
            node = child
        else:
            node[parts[-1]] = _display(rf, _actual(rf, raw, today))
    return context


@dataclass(frozen=True)
class RecordLinks:
    """The matter and the client (or contact) a record belongs to, when it has them."""

    matter_id: int | None = None
    contact_id: int | None = None


_MATTER_CHILDREN = {"invoice": Invoice, "deadline": Deadline, "provision": Provision,
                    "time_entry": TimeEntry}


def record_links_in(session: Session, record_type: str, entity_id: int) -> RecordLinks:
    """Where the tasks, appointments and documents an action creates for this record go."""
    if record_type == "matter":
        client_id = session.scalar(select(Matter.client_id).where(Matter.id == entity_id))
        return RecordLinks(entity_id, client_id) if client_id is not None else RecordLinks()
    if record_type == "contact":
        return RecordLinks(None, entity_id)
    if record_type in _MATTER_CHILDREN:
        model = _MATTER_CHILDREN[record_type]
        matter_id = session.scalar(select(model.matter_id).where(model.id == entity_id))
        return record_links_in(session, "matter", matter_id) if matter_id else RecordLinks()
    if record_type in ("task", "appointment"):
        model = Task if record_type == "task" else Appointment
        found = session.execute(select(model.matter_id, model.contact_id)
                                .where(model.id == entity_id)).first()
        if found is None:
            return RecordLinks()
        if found[0] is not None:
            return record_links_in(session, "matter", found[0])
        return RecordLinks(None, found[1])
    if record_type == "workflow_run":
        found = session.execute(select(RunTrace.entity_type, RunTrace.entity_id)
                                .where(RunTrace.id == entity_id)).first()
        if found is None or found[0] in (None, "workflow_run"):
            return RecordLinks()
        return record_links_in(session, found[0], found[1])
    return RecordLinks()
