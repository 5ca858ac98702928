"""The workflow document: trigger + conditions + ordered actions, as typed, validated JSON.

Version 1 of the document (``schema_version``)::

    {
      "schema_version": 1,
      "name": "Encours élevé",
      "description": "Prévenir l'associé responsable",
      "trigger": {"kind": "threshold", "record": "matter",
                  "field": "matter.encours", "op": "gt", "value": "20000.00"},
      "conditions": {"all": [{"field": "matter.status", "op": "eq", "value": "open"}]},
      "actions": [
        {"type": "notify", "channels": ["popup", "email"],
         "recipients": [{"role": "responsible"}],
         "subject": "Encours élevé : {{ matter.reference }}", "body": "..."}
      ],
      "late_policy": {"mode": "fire_late"}
    }

Triggers (``record`` is one of :data:`.fields.WATCHED_RECORD_TYPES`):

* ``created`` — a record of that type is created;
* ``updated`` — optionally ``field`` (an own field, ``matter.status``) and, for enum, text or
  yes/no fields, ``from`` / ``to`` values;
* ``threshold`` — a numeric field (own, related or aggregate) crosses ``op`` (lt/le/gt/ge)
  ``value``; found by the sweep, once per episode;
* ``date`` — a date ``field`` of the record, ``offset_days`` before (negative) or after it,
  counted in ``working_days`` (French public holidays) or calendar days;
* ``validated`` — a task completed, an invoice validated, or a workflow run finished
  (``record`` = task / invoice / workflow_run; ``workflow`` may name the run's workflow).

Conditions: see :mod:`.conditions`. Actions (templates are checked against the merge fields
of the record type, :func:`.fields.merge_fields`):

* ``create_task`` {title, assignee, due_in_days ≥ 0, description?}
* ``create_appointment`` {title, in_days ≥ 0, time "HH:MM", duration_minutes > 0,
  attendees [assignee…], location?}
* ``create_document`` {template, title?}
* ``set_field`` {field (writable in the catalogue), value}
* ``notify`` {channels ⊆ ["popup", "email"], recipients [assignee…], subject, body}
* ``schedule`` {in_days ≥ 1, action: <one action, not itself a schedule>}
* ``start_workflow`` {workflow: id or built-in key}

An assignee is ``{"user": id}``, ``{"group": "name"}`` or ``{"role": "responsible" |
"assignees" | "current_user"}``. ``late_policy`` says what a time rule does when it is found
late (the application was closed): ``{"mode": "fire_late"}`` or
``{"mode": "skip_older_than", "days": N}``. Whether a workflow is enabled is kept outside the
versioned document.

:func:`parse_definition` collects every mistake and raises :class:`DefinitionError` whose
``errors`` list reads « Action 2 : le délai doit être un nombre de jours positif ».
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, ClassVar

from themisia_desktop.core.automation.conditions import (
    ALWAYS,
    Comparison,
    DefinitionError,
    Node,
    value_json,
)
from themisia_desktop.core.automation.events import EventKind
from themisia_desktop.core.automation.fields import resolve
from themisia_desktop.core.calendar.holidays_fr import is_working_day

__all__ = ["DefinitionError", "SCHEMA_VERSION", "WorkflowDefinition", "parse_definition"]

SCHEMA_VERSION = 1
TemplateChecker = Callable[[str, Iterable[str]], list[str]]

TRIGGER_KINDS = {"created": "Création", "updated": "Modification", "threshold": "Seuil dépassé",
                 "date": "Date limite", "validated": "Validation"}
VALIDATED_EVENTS = {"task": EventKind.COMPLETED, "invoice": EventKind.VALIDATED,
                    "workflow_run": EventKind.RUN_FINISHED}
ROLES = {"responsible": "le responsable du dossier", "assignees": "les intervenants du dossier",
         "current_user": "l'utilisateur à l'origine de l'événement"}
CHANNELS = ("popup", "email")
LATE_MODES = ("fire_late", "skip_older_than")


# -- trigger --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Trigger:
    kind: str
    record: str
    field: str | None = None
    from_value: Any = None
    to_value: Any = None
    op: str | None = None
    value: Any = None
    offset_days: int = 0
    working_days: bool = False
    workflow: int | str | None = None

    @property
    def is_time_based(self) -> bool:
        return self.kind in ("threshold", "date")

    def event_kinds(self) -> tuple[str, ...]:
        """Event kinds (events.EventKind) that may fire this trigger; () for time triggers."""
        if self.kind == "created":
            return (EventKind.CREATED,)
        if self.kind == "updated":
            return (EventKind.UPDATED, EventKind.STATUS_CHANGED)
        if self.kind == "validated":
            return (VALIDATED_EVENTS[self.record],)
        return ()

    def matches_event(self, kind: str, entity_type: str, payload: dict[str, Any] | None) -> bool:
        """Whether an event row (kind, entity_type, payload) fires this trigger."""
        if entity_type != self.record or kind not in self.event_kinds():
            return False
        payload = payload or {}
        if self.kind == "validated" and self.workflow is not None:
            return payload.get("workflow_id") == self.workflow \
                or payload.get("builtin_key") == self.workflow
        if self.kind != "updated" or self.field is None:
            return True
        column = resolve(self.record, self.field).field.column_name
        change = (payload.get("changes") or {}).get(column)
        if not isinstance(change, list | tuple) or len(change) != 2:
            return False
        old, new = change
        return ((self.from_value is None or old == self.from_value)
                and (self.to_value is None or new == self.to_value))

    def as_condition(self) -> Comparison | None:
        """A threshold trigger as the comparison the sweep adds to the conditions."""
        if self.kind != "threshold":
            return None
        return Comparison(self.field, self.op, self.value)

    def due_condition(self, today: date, *, alsace_moselle: bool = False) -> Comparison | None:
        """For a date trigger: the records whose alert day has come (field ≤ the latest base
        date), as a comparison the sweep adds to the conditions."""
        if self.kind != "date":
            return None
        return Comparison(self.field, "le", latest_base_date(
            today, self.offset_days, working_days=self.working_days, alsace_moselle=alsace_moselle))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "record": self.record}
        if self.field is not None:
            out["field"] = self.field
        if self.kind == "updated":
            if self.from_value is not None:
                out["from"] = self.from_value
            if self.to_value is not None:
                out["to"] = self.to_value
        if self.kind == "threshold":
            out.update(op=self.op, value=value_json(self.value))
        if self.kind == "date":
            out.update(offset_days=self.offset_days, working_days=self.working_days)
        if self.workflow is not None:
            out["workflow"] = self.workflow
        return out


def shift_date(day: date, days: int, *, working_days: bool = False,
               alsace_moselle: bool = False) -> date:
    """``day`` moved by ``days`` (negative: earlier), counting only working days if asked
    (no weekend, no French public holiday)."""
    if not working_days:
        return day + timedelta(days=days)
    step = 1 if days >= 0 else -1
    current, left = day, abs(days)
    while left:
        current += timedelta(days=step)
        if is_working_day(current, alsace_moselle=alsace_moselle):
            left -= 1
    return current


def latest_base_date(today: date, offset_days: int, *, working_days: bool = False,
                     alsace_moselle: bool = False) -> date:
    """The latest date D whose alert day (``shift_date(D, offset_days)``) is on or before
    ``today``: a date trigger is due for every record whose field ≤ this date."""
    if not working_days:
        return today - timedelta(days=offset_days)
    # shift_date grows with D: start from an upper bound and walk back.
    candidate = today - timedelta(days=offset_days) + timedelta(days=abs(offset_days) // 5 * 3 + 10)
    while shift_date(candidate, offset_days, working_days=True,
                     alsace_moselle=alsace_moselle) > today:
        candidate -= timedelta(days=1)
    return candidate


# -- actions --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Assignee:
    """``{"user": 3}``, ``{"group": "Associés"}`` or ``{"role": "responsible"}``."""

    kind: str
    value: int | str

    def to_json(self) -> dict[str, Any]:
        return {self.kind: self.value}


@dataclass(frozen=True)
class CreateTask:
    type: ClassVar[str] = "create_task"
    title: str
    assignee: Assignee
    due_in_days: int
    description: str | None = None


@dataclass(frozen=True)
class CreateAppointment:
    type: ClassVar[str] = "create_appointment"
    title: str
    in_days: int
    time: str
    duration_minutes: int
    attendees: tuple[Assignee, ...]
    location: str | None = None


@dataclass(frozen=True)
class CreateDocument:
    type: ClassVar[str] = "create_document"
    template: str
    title: str | None = None


@dataclass(frozen=True)
class SetField:
    type: ClassVar[str] = "set_field"
    field: str
    value: Any


@dataclass(frozen=True)
class Notify:
    type: ClassVar[str] = "notify"
    channels: tuple[str, ...]
    recipients: tuple[Assignee, ...]
    subject: str
    body: str


@dataclass(frozen=True)
class Schedule:
    type: ClassVar[str] = "schedule"
    in_days: int
    action: Action


@dataclass(frozen=True)
class StartWorkflow:
    type: ClassVar[str] = "start_workflow"
    workflow: int | str


Action = (CreateTask | CreateAppointment | CreateDocument | SetField | Notify | Schedule
          | StartWorkflow)
ACTION_TYPES = {"create_task": "Créer une tâche", "create_appointment": "Créer un rendez-vous",
                "create_document": "Créer un document", "set_field": "Modifier un champ",
                "notify": "Notifier", "schedule": "Différer une action",
                "start_workflow": "Démarrer un workflow"}


def action_to_json(action: Action) -> dict[str, Any]:
    out: dict[str, Any] = {"type": action.type}
    for name, value in action.__dict__.items():
        if value is None:
            continue
        if isinstance(value, Assignee):
            value = value.to_json()
        elif isinstance(value, tuple):
            value = [v.to_json() if isinstance(v, Assignee) else v for v in value]
        elif name == "action":
            value = action_to_json(value)
        elif name == "value":
            value = value_json(value)
        out[name] = value
    return out


# -- the document ---------------------------------------------------------------------------
@dataclass(frozen=True)
class LatePolicy:
    mode: str = "fire_late"
    days: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"mode": self.mode} if self.days is None else {"mode": self.mode, "days": self.days}


@dataclass(frozen=True)
class WorkflowDefinition:
    name: str
    trigger: Trigger
    conditions: Node = ALWAYS
    actions: tuple[Action, ...] = ()
    description: str = ""
    late_policy: LatePolicy = field(default_factory=LatePolicy)
    schema_version: int = SCHEMA_VERSION

    @property
    def record_type(self) -> str:
        return self.trigger.record

    def to_json(self) -> dict[str, Any]:
        return {"schema_version": self.schema_version, "name": self.name,
                "description": self.description, "trigger": self.trigger.to_json(),
                "conditions": self.conditions.to_json(),
                "actions": [action_to_json(a) for a in self.actions],
                "late_policy": self.late_policy.to_json()}


def default_template_checker() -> TemplateChecker:
    """The notification engine's checker (Jinja2 sandbox, merge fields), imported late."""
    from themisia_desktop.core.notify.templating import check_template

    return check_template


def parse_definition(data: dict[str, Any] | str, *,
                     check_template: TemplateChecker | None = None) -> WorkflowDefinition:
    """A JSON document (dict or text) → a checked :class:`WorkflowDefinition`.

    Every mistake is collected; if there is any, :class:`DefinitionError` lists them all.
    ``check_template(text, allowed_fields) -> [problems]`` checks the text templates (the
    notification engine's checker by default)."""
    from themisia_desktop.core.automation.definition_parser import parse

    return parse(data, check_template=check_template)
