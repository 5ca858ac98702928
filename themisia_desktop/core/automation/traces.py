"""Run traces: what each run of a workflow saw and did, kept for a while, then purged.

A trace holds the trigger, each condition with its expected and actual value and its result,
each action with what it created or sent (or the error), and the outcome
(:class:`~themisia_desktop.core.models.enums.RunOutcome`). :func:`summary` says it in one
French sentence for lists (« Condition non remplie : Statut du dossier est égal à « Clôturé »
— valeur actuelle « open » »).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.conditions import OPERATORS
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError
from themisia_desktop.core.models import RunTrace, Workflow
from themisia_desktop.core.models.base import Base
from themisia_desktop.core.models.enums import RunOutcome

DEFAULT_MAX_AGE_DAYS = 90
DEFAULT_MAX_ROWS = 50_000


@dataclass(frozen=True)
class RunInfo:
    id: int
    workflow_id: int | None
    workflow_name: str
    workflow_version: int | None
    event_id: int | None
    firing_id: int | None
    entity_type: str | None
    entity_id: int | None
    started_at: datetime
    finished_at: datetime | None
    outcome: str
    outcome_label: str
    trigger: dict[str, Any]
    conditions: list[Any]
    actions: list[Any]
    error: str | None
    summary: str

    def to_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["started_at"] = self.started_at.isoformat()
        out["finished_at"] = self.finished_at.isoformat() if self.finished_at else None
        return out


def _quote(value: Any) -> str:
    if value is None or value == "":
        return "vide"
    if isinstance(value, list):
        return ", ".join(_quote(v) for v in value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    return f"« {value} »"


def failed_conditions(conditions: list[dict[str, Any]]) -> list[str]:
    """The comparisons that were false, in French, with the value found."""
    out = []
    for entry in conditions:
        if "field" not in entry or entry.get("result"):
            continue
        op = OPERATORS.get(entry.get("op", ""), entry.get("op", ""))
        expected = "" if entry.get("expected") is None and entry.get("op") in (
            "is_empty", "not_empty") else f" {_quote(entry.get('expected'))}"
        out.append(f"{entry.get('label', entry['field'])} {op}{expected} — valeur actuelle "
                   f"{_quote(entry.get('actual'))}")
    return out


def _action_line(entry: dict[str, Any]) -> str:
    if "error" in entry:
        return f"{entry.get('action')} : {entry['error']}"
    return str(entry.get("action", ""))


def summary(outcome: str, conditions: list[Any], actions: list[Any], error: str | None) -> str:
    """One French sentence describing a run."""
    if outcome == RunOutcome.CONDITIONS_FALSE:
        misses = failed_conditions(conditions)
        return ("Condition non remplie : " + " ; ".join(misses)) if misses \
            else "Conditions non remplies"
    if outcome in (RunOutcome.FAILED, RunOutcome.LOOP_STOPPED, RunOutcome.SKIPPED_LATE):
        return error or RunOutcome(outcome).label
    entries = [a for a in actions if isinstance(a, dict)]
    idle = sum(1 for a in entries if "error" not in a and ("skipped" in a or "unchanged" in a))
    done = sum(1 for a in entries if "error" not in a) - idle
    text = f"{done} action(s) exécutée(s)" if done else "Aucune action exécutée"
    return text + (f", {idle} sans effet" if idle else "")


def _label(outcome: str) -> str:
    try:
        return RunOutcome(outcome).label
    except ValueError:
        return outcome


def _info(row: RunTrace, name: str | None) -> RunInfo:
    conditions = list(row.conditions or [])
    actions = list(row.actions or [])
    return RunInfo(id=row.id, workflow_id=row.workflow_id, workflow_name=name or "",
                   workflow_version=row.workflow_version, event_id=row.event_id,
                   firing_id=row.firing_id, entity_type=row.entity_type, entity_id=row.entity_id,
                   started_at=row.started_at, finished_at=row.finished_at, outcome=row.outcome,
                   outcome_label=_label(row.outcome), trigger=dict(row.trigger or {}),
                   conditions=conditions, actions=actions, error=row.error,
                   summary=summary(row.outcome, conditions, actions, row.error))


# -- writing --------------------------------------------------------------------------------
def start_trace_in(session: Session, *, workflow_id: int | None, workflow_version: int | None,
                   entity_type: str | None, entity_id: int | None, trigger: dict[str, Any],
                   started_at: datetime, event_id: int | None = None,
                   firing_id: int | None = None) -> RunTrace:
    """A trace row (outcome to be set by :func:`finish_trace`), flushed so actions can name
    its id."""
    row = RunTrace(workflow_id=workflow_id, workflow_version=workflow_version, event_id=event_id,
                   firing_id=firing_id, entity_type=entity_type, entity_id=entity_id,
                   started_at=started_at, outcome=RunOutcome.SUCCEEDED.value, trigger=trigger,
                   conditions=[], actions=[])
    session.add(row)
    session.flush()
    return row


def finish_trace(row: RunTrace, *, outcome: str, conditions: list[Any], actions: list[Any],
                 error: str | None, finished_at: datetime) -> None:
    row.outcome = outcome
    row.conditions = list(conditions)
    row.actions = list(actions)
    row.error = error
    row.finished_at = finished_at


# -- reading --------------------------------------------------------------------------------
def list_runs_in(session: Session, *, workflow_id: int | None = None,
                 entity_type: str | None = None, entity_id: int | None = None,
                 outcome: str | None = None, limit: int = 100) -> list[RunInfo]:
    query = (select(RunTrace, Workflow.name).outerjoin(Workflow, Workflow.id == RunTrace.workflow_id)
             .order_by(RunTrace.id.desc()).limit(limit))
    if workflow_id is not None:
        query = query.where(RunTrace.workflow_id == workflow_id)
    if entity_type is not None:
        query = query.where(RunTrace.entity_type == entity_type)
    if entity_id is not None:
        query = query.where(RunTrace.entity_id == entity_id)
    if outcome is not None:
        query = query.where(RunTrace.outcome == outcome)
    return [_info(row, name) for row, name in session.execute(query)]


def list_runs(db: Database, *, workflow_id: int | None = None, entity_type: str | None = None,
              entity_id: int | None = None, outcome: str | None = None,
              limit: int = 100) -> list[RunInfo]:
    """The most recent runs first, optionally of one workflow, one record or one outcome."""
    with db.read() as s:
        return list_runs_in(s, workflow_id=workflow_id, entity_type=entity_type,
                            entity_id=entity_id, outcome=outcome, limit=limit)


def get_run(db: Database, run_id: int) -> RunInfo:
    with db.read() as s:
        found = s.execute(select(RunTrace, Workflow.name)
                          .outerjoin(Workflow, Workflow.id == RunTrace.workflow_id)
                          .where(RunTrace.id == run_id)).first()
        if found is None:
            raise NotFoundError("Cette exécution n'existe pas (ou plus).")
        return _info(*found)


# -- retention ------------------------------------------------------------------------------
def _referencing_columns() -> list[Any]:
    """Columns of other tables pointing at run_trace.id (a task made by a run…)."""
    table = RunTrace.__table__
    return [fk.parent for t in Base.metadata.tables.values() if t is not table
            for fk in t.foreign_keys if fk.column.table is table]


def purge_traces_in(session: Session, now: datetime, *, max_age_days: int = DEFAULT_MAX_AGE_DAYS,
                    max_rows: int = DEFAULT_MAX_ROWS) -> int:
    cutoff = now - timedelta(days=max_age_days)
    doomed = RunTrace.started_at < cutoff
    beyond = session.scalar(select(RunTrace.id).order_by(RunTrace.id.desc())
                            .offset(max_rows).limit(1))
    if beyond is not None:
        doomed = or_(doomed, RunTrace.id <= beyond)
    ids = set(session.scalars(select(RunTrace.id).where(doomed)))
    if not ids:
        return 0
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        for column in _referencing_columns():
            session.execute(update(column.table).where(column.in_(chunk))
                            .values({column.name: None}))
        session.execute(delete(RunTrace).where(RunTrace.id.in_(chunk)))
    return len(ordered)


def purge_traces(db: Database, clock: Clock, *, max_age_days: int = DEFAULT_MAX_AGE_DAYS,
                 max_rows: int = DEFAULT_MAX_ROWS) -> int:
    """Delete traces older than ``max_age_days`` and the oldest beyond ``max_rows``; what they
    created stays (its link to the run is cleared). Returns how many were deleted."""
    with db.write() as s:
        return purge_traces_in(s, clock.now(), max_age_days=max_age_days, max_rows=max_rows)
