"""What the « Automatisations » screens read about runs: the history with its filters (workflow,
record, outcome, period), one page at a time, the last run of each workflow for the list, and
the names a trace needs (users, workflows, the record) to be told in French.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.record_names import record_names_in
from themisia_desktop.core.automation.traces import RunInfo, _info, get_run
from themisia_desktop.core.automation.workflows import WorkflowInfo, list_workflows_in
from themisia_desktop.core.clock import PARIS
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models.enums import RunOutcome
from themisia_desktop.core.automation.fields import RECORD_TYPES
from themisia_desktop.core.models import RunTrace, User, Workflow, WorkflowVersion

PAGE_SIZE = 200


@dataclass(frozen=True)
class TraceNames:
    """Names a trace shows instead of ids."""

    users: dict[int, str] = field(default_factory=dict)
    workflows: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RunFilter:
    """Empty fields do not filter. ``since``/``until`` are days (Europe/Paris), inclusive."""

    workflow_id: int | None = None
    entity_type: str | None = None
    entity_id: int | None = None
    outcome: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class RunRow:
    run: RunInfo
    record_name: str


@dataclass(frozen=True)
class RunPage:
    rows: tuple[RunRow, ...]
    has_more: bool
    names: TraceNames | None = None   # users and workflows named in these runs

    @property
    def last_id(self) -> int | None:
        return self.rows[-1].run.id if self.rows else None


@dataclass(frozen=True)
class LastRun:
    run_id: int
    started_at: datetime
    outcome: str
    outcome_label: str


@dataclass(frozen=True)
class WorkflowRow:
    info: WorkflowInfo
    last_run: LastRun | None
    trigger_text: str = ""          # « Seuil dépassé — Encours du client > 10 000,00 € »
    record_label: str = ""          # « Contact / client »


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), PARIS).astimezone(timezone.utc)


def list_runs_page(db: Database, flt: RunFilter = RunFilter(), *, before_id: int | None = None,
                   limit: int = PAGE_SIZE) -> RunPage:
    """Runs matching ``flt``, newest first, at most ``limit`` of them, older than the run
    ``before_id`` (to show more); each with the French name of its record."""
    if flt.since is not None and flt.until is not None and flt.until < flt.since:
        raise ValidationError("La date de fin de la période précède sa date de début.",
                              field="until")
    query = (select(RunTrace, Workflow.name)
             .outerjoin(Workflow, Workflow.id == RunTrace.workflow_id)
             .order_by(RunTrace.id.desc()).limit(limit + 1))
    if flt.workflow_id is not None:
        query = query.where(RunTrace.workflow_id == flt.workflow_id)
    if flt.entity_type:
        query = query.where(RunTrace.entity_type == flt.entity_type)
    if flt.entity_id is not None:
        query = query.where(RunTrace.entity_id == flt.entity_id)
    if flt.outcome:
        query = query.where(RunTrace.outcome == flt.outcome)
    if flt.since is not None:
        query = query.where(RunTrace.started_at >= _start_of(flt.since))
    if flt.until is not None:
        query = query.where(RunTrace.started_at < _start_of(flt.until + timedelta(days=1)))
    if before_id is not None:
        query = query.where(RunTrace.id < before_id)
    with db.read() as s:
        found = [_info(row, name) for row, name in s.execute(query)]
        runs = found[:limit]
        names = record_names_in(s, [(r.entity_type, r.entity_id) for r in runs])
        people = trace_names_in(s) if runs else TraceNames()
    rows = tuple(RunRow(r, names.get((r.entity_type or "", r.entity_id or 0), "")
                        if r.entity_type and r.entity_id is not None else "") for r in runs)
    return RunPage(rows, has_more=len(found) > limit, names=people)


def last_runs_in(session: Session, workflow_ids: Iterable[int] | None = None) -> dict[int, LastRun]:
    latest = select(RunTrace.workflow_id, func.max(RunTrace.id).label("last_id")) \
        .where(RunTrace.workflow_id.is_not(None)).group_by(RunTrace.workflow_id)
    if workflow_ids is not None:
        latest = latest.where(RunTrace.workflow_id.in_(list(workflow_ids)))
    sub = latest.subquery()
    rows = session.execute(select(RunTrace.id, RunTrace.workflow_id, RunTrace.started_at,
                                  RunTrace.outcome)
                           .join(sub, sub.c.last_id == RunTrace.id))
    return {workflow_id: LastRun(run_id, started_at, outcome, _outcome_label(outcome))
            for run_id, workflow_id, started_at, outcome in rows}


def _outcome_label(outcome: str) -> str:
    try:
        return RunOutcome(outcome).label
    except ValueError:
        return outcome


def workflow_rows(db: Database) -> list[WorkflowRow]:
    """Every workflow, by name, with its trigger in French and its last run."""
    from themisia_desktop.core.automation.trace_text import describe_trigger

    with db.read() as s:
        infos = list_workflows_in(s)
        last = last_runs_in(s)
        triggers = {wid: (doc or {}).get("trigger") or {} for wid, doc in s.execute(
            select(Workflow.id, WorkflowVersion.definition)
            .join(WorkflowVersion, (WorkflowVersion.workflow_id == Workflow.id)
                  & (WorkflowVersion.version == Workflow.current_version)))}
        names = trace_names_in(s)
    out = []
    for info in infos:
        kind = RECORD_TYPES.get(info.record_type)
        out.append(WorkflowRow(info, last.get(info.id),
                               describe_trigger(triggers.get(info.id, {}), names),
                               kind.label if kind is not None else info.record_type))
    return out


def trace_names_in(session: Session) -> TraceNames:
    users = {uid: f"{first or ''} {last or ''}".strip() or login
             for uid, first, last, login in session.execute(
                 select(User.id, User.first_name, User.last_name, User.login))}
    workflows = dict(session.execute(select(Workflow.id, Workflow.name)).all())
    return TraceNames(users, workflows)


def trace_names(db: Database) -> TraceNames:
    """Every user's and workflow's name (small tables), for :mod:`.trace_text`."""
    with db.read() as s:
        return trace_names_in(s)


@dataclass(frozen=True)
class RunDetail:
    run: RunInfo
    record_name: str
    names: TraceNames


def load_run(db: Database, run_id: int) -> RunDetail:
    """One run with what its trace view needs."""
    run = get_run(db, run_id)
    with db.read() as s:
        names = trace_names_in(s)
        record = record_names_in(s, [(run.entity_type, run.entity_id)])
    key = (run.entity_type or "", run.entity_id or 0)
    return RunDetail(run, record.get(key, ""), names)
