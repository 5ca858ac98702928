"""Dry runs: what a workflow would do against today's data, without writing anything.

* an event trigger (created / updated / validated) is tried on the records whose events of the
  last :data:`RECENT_DAYS` days match it (or on one record given by the caller);
* a time trigger (threshold / date) is tried on what a sweep would find now: one set-based
  query, the conditions plus the trigger's own condition.

Everything happens in a read unit of work that is rolled back; no trace, no event, no file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.conditions import AllOf, compile_sql, record_table, value_sql
from themisia_desktop.core.automation.definition import WorkflowDefinition, parse_definition
from themisia_desktop.core.automation.fields import resolve
from themisia_desktop.core.automation.runner import Cause, run_definition_in
from themisia_desktop.core.automation.watch import fired_keys, true_states
from themisia_desktop.core.automation.workflows import get_workflow_in
from themisia_desktop.core.clock import PARIS, Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models import Event, FirmSetting

RECENT_DAYS = 30
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class WouldRun:
    entity_type: str
    entity_id: int
    outcome: str                      # enums.RunOutcome value the run would have
    trigger: dict[str, Any]
    conditions: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    summary: str = ""


class _DayClock(Clock):
    """Another day, as if the dry run happened then (09:00 in Paris)."""

    def __init__(self, day: date) -> None:
        self.day = day

    def now(self) -> datetime:
        return datetime.combine(self.day, time(9), PARIS).astimezone(timezone.utc)

    def today(self) -> date:
        return self.day


def _alsace_moselle(session: Session) -> bool:
    row = session.get(FirmSetting, "alsace_moselle_holidays")
    return bool(row.value) if row is not None else False


def _event_candidates(session: Session, doc: WorkflowDefinition, since: datetime,
                      limit: int) -> list[tuple[int, dict[str, Any], Cause]]:
    """The latest matching event of each record, newest first."""
    trigger = doc.trigger
    rows = session.execute(
        select(Event.id, Event.kind, Event.entity_id, Event.payload, Event.user_id,
               Event.chain, Event.occurred_at)
        .where(Event.entity_type == trigger.record, Event.kind.in_(trigger.event_kinds()),
               Event.occurred_at >= since)
        .order_by(Event.id.desc()))
    seen: set[int] = set()
    out = []
    for ev_id, kind, entity_id, payload, user_id, chain, occurred in rows:
        if entity_id in seen or not trigger.matches_event(kind, trigger.record, payload):
            continue
        seen.add(entity_id)
        info = {"event_id": ev_id, "kind": kind, "entity_type": trigger.record,
                "entity_id": entity_id, "occurred_at": occurred.isoformat() if occurred else None,
                "dry_run": True}
        out.append((entity_id, info, Cause(ev_id, tuple(chain or ()), user_id)))
        if len(out) >= limit:
            break
    return out


def _as_day(raw: Any) -> date | None:
    if isinstance(raw, datetime):
        return raw.astimezone(PARIS).date() if raw.tzinfo else raw.date()
    return raw if isinstance(raw, date) else None


def _time_candidates(session: Session, doc: WorkflowDefinition, today: date, limit: int,
                     workflow_id: int | None) -> list[tuple[int, dict[str, Any], Cause | None]]:
    """What the sweep would fire now: the records meeting the conditions and the trigger,
    less those that already fired for the current episode (a threshold still true since its
    last firing, a date whose value already fired)."""
    trigger = doc.trigger
    extra = trigger.as_condition() or trigger.due_condition(
        today, alsace_moselle=_alsace_moselle(session))
    node = AllOf((doc.conditions, extra)) if extra is not None else doc.conditions
    root = record_table(trigger.record)
    value = value_sql(resolve(trigger.record, trigger.field))
    rows = session.execute(select(root.c.id, value)
                           .where(compile_sql(node, trigger.record, today=today))
                           .order_by(root.c.id)).all()
    if workflow_id is not None and trigger.kind == "threshold":
        armed_off = true_states(session, workflow_id, trigger.record)
        rows = [r for r in rows if r[0] not in armed_off]
    out: list[tuple[int, dict[str, Any], Cause | None]] = []
    fired = fired_keys(session, workflow_id, trigger.record, (r[0] for r in rows)) \
        if workflow_id is not None and trigger.kind == "date" else set()
    for entity_id, raw in rows:
        info: dict[str, Any] = {**trigger.to_json(), "entity_type": trigger.record,
                                "entity_id": entity_id, "dry_run": True}
        if trigger.kind == "date":
            day = _as_day(raw)
            if day is None or (entity_id, day.isoformat()) in fired:
                continue
            info["date"] = day.isoformat()
        out.append((entity_id, info, None))
        if len(out) >= limit:
            break
    return out


def dry_run_in(session: Session, clock: Clock, workflow: int | WorkflowDefinition | dict, *,
               entity_id: int | None = None, since_days: int = RECENT_DAYS,
               limit: int = DEFAULT_LIMIT, data_dir: Path | None = None) -> list[WouldRun]:
    if isinstance(workflow, int):
        workflow_id: int | None = workflow
        doc = get_workflow_in(session, workflow).definition
    else:
        workflow_id = None
        doc = workflow if isinstance(workflow, WorkflowDefinition) else parse_definition(workflow)
    today = clock.today()
    if entity_id is not None:
        candidates: list[Any] = [(entity_id, {"kind": doc.trigger.kind, "dry_run": True,
                                              "entity_type": doc.record_type,
                                              "entity_id": entity_id}, None)]
    elif doc.trigger.is_time_based:
        candidates = _time_candidates(session, doc, today, limit, workflow_id)
    else:
        candidates = _event_candidates(session, doc, clock.now() - timedelta(days=since_days),
                                       limit)
    out = []
    for record_id, trigger, cause in candidates:
        result = run_definition_in(session, clock, doc, entity_type=doc.record_type,
                                   entity_id=record_id, trigger=trigger, workflow_id=workflow_id,
                                   cause=cause, data_dir=data_dir)
        out.append(WouldRun(doc.record_type, record_id, result.outcome, trigger,
                            result.conditions, result.actions, result.error, result.summary))
    return out


def dry_run(db: Database, clock: Clock, workflow: int | WorkflowDefinition | dict, *,
            today: date | None = None, entity_id: int | None = None,
            since_days: int = RECENT_DAYS, limit: int = DEFAULT_LIMIT,
            data_dir: Path | None = None) -> list[WouldRun]:
    """What ``workflow`` (an id, or a document not saved yet) would do now — or on ``today`` —
    for each record it would concern; nothing is written."""
    run_clock = _DayClock(today) if today is not None else clock
    with db.read() as s:
        try:
            return dry_run_in(s, run_clock, workflow, entity_id=entity_id,
                              since_days=since_days, limit=limit, data_dir=data_dir)
        finally:
            s.rollback()
