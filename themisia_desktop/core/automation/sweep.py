"""The sweep: finds what time rules (seuil dépassé, date limite) must fire, fires each once,
runs the delayed actions that are due, then processes the pending events.

One set-based query per enabled time rule (its conditions AND its trigger, compiled to SQL by
:mod:`.conditions`). Each rule is swept in its own write transaction: the watch states, the
firings and the effects of the runs commit together, so a crash never leaves a firing without
its actions or actions without their firing.

* threshold — see :mod:`.watch`: fires when a record goes from false to true, once per
  episode (``episode_key`` "t1", "t2"…), re-armed only after being seen false;
* date — fires when the alert day (the date ± ``offset_days``) has come; the episode is the
  date itself (ISO), so a deadline that moves fires again. A firing found late (the application
  was closed) follows the rule's ``late_policy``: ``fire_late`` fires and the trace says
  « en retard de N jours »; ``skip_older_than`` N records the firing as skipped, with the
  reason in a trace, and runs nothing.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import String, and_, exists, func, select, type_coerce
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.conditions import (
    AllOf,
    compile_sql,
    record_table,
    select_ids,
    value_sql,
)
from themisia_desktop.core.automation.definition import WorkflowDefinition, shift_date
from themisia_desktop.core.automation.fields import Compute, resolve
from themisia_desktop.core.automation.watch import claim_firing, fired_keys, update_watch_states
from themisia_desktop.core.automation.workflows import get_workflow_in
from themisia_desktop.core.clock import PARIS, Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models import Firing, FirmSetting, RunTrace, ScheduledAction, Workflow
from themisia_desktop.core.models.enums import RunOutcome

log = logging.getLogger(__name__)

TIME_TRIGGERS = ("threshold", "date")


@dataclass(frozen=True)
class Fired:
    """One firing of a time rule, and what its run did."""

    workflow_id: int
    entity_type: str
    entity_id: int
    episode_key: str
    firing_id: int
    outcome: str  # enums.RunOutcome value
    run_id: int | None
    late_days: int = 0


@dataclass(frozen=True)
class SweepSummary:
    started_at: datetime
    workflows: int = 0                      # time rules swept
    fired: tuple[Fired, ...] = ()           # firings written by this sweep (incl. skipped)
    rearmed: int = 0                        # threshold records seen false again
    scheduled_done: tuple[int, ...] = ()    # ids of the delayed actions run
    errors: tuple[str, ...] = ()            # French, one per rule or action that failed
    events: Any = None                      # runner.ProcessSummary, when events were processed

    @property
    def fired_count(self) -> int:
        return sum(1 for f in self.fired if f.outcome != RunOutcome.SKIPPED_LATE.value)

    @property
    def skipped_count(self) -> int:
        return sum(1 for f in self.fired if f.outcome == RunOutcome.SKIPPED_LATE.value)


@dataclass
class _Acc:
    fired: list[Fired] = field(default_factory=list)
    rearmed: int = 0
    data_dir: Path | None = None


# -- the runner (the engine's other half), imported late ------------------------------------
def _runner() -> Any:
    from themisia_desktop.core.automation import runner

    return runner


def _process_pending_events(db: Database, clock: Clock, data_dir: Path | None = None) -> Any:
    """The engine's event processing (core.automation.engine, else the runner)."""
    try:
        from themisia_desktop.core.automation import engine
    except ImportError:
        engine = _runner()
    process = engine.process_pending_events
    if data_dir is not None and "data_dir" in inspect.signature(process).parameters:
        return process(db, clock, data_dir=data_dir)
    return process(db, clock)


def _late_text(days: int) -> str:
    return f"en retard de {days} jour{'s' if days > 1 else ''}"


def _alsace_moselle(session: Session) -> bool:
    row = session.get(FirmSetting, "alsace_moselle_holidays")
    return bool(row.value) if row is not None else False


def _run(session: Session, clock: Clock, workflow_id: int, record: str, entity_id: int,
         trigger: dict[str, Any], firing_id: int, data_dir: Path | None) -> tuple[str, int | None]:
    """Run the workflow for a new firing in a SAVEPOINT: an action that crashes is traced as
    failed and the firing stays (once per episode, even for failures)."""
    try:
        with session.begin_nested():
            result = _runner().run_workflow_in(
                session, clock, workflow_id, entity_type=record, entity_id=entity_id,
                trigger=trigger, firing_id=firing_id, data_dir=data_dir)
        return result.outcome, result.run_id
    except Exception as exc:  # noqa: BLE001 - a broken action must not stop the sweep
        log.exception("workflow %s failed on %s %s", workflow_id, record, entity_id)
        trace = _trace(session, clock, workflow_id, record, entity_id, firing_id, trigger,
                       RunOutcome.FAILED.value, f"L'exécution a échoué : {exc}")
        return RunOutcome.FAILED.value, trace.id


def _trace(session: Session, clock: Clock, workflow_id: int, record: str, entity_id: int,
           firing_id: int, trigger: dict[str, Any], outcome: str, error: str) -> RunTrace:
    wf = session.get(Workflow, workflow_id)
    now = clock.now()
    trace = RunTrace(workflow_id=workflow_id, workflow_version=wf.current_version if wf else None,
                     firing_id=firing_id, entity_type=record, entity_id=entity_id,
                     started_at=now, finished_at=now, outcome=outcome, trigger=trigger,
                     conditions=[], actions=[], error=error)
    session.add(trace)
    session.flush()
    return trace


# -- threshold ------------------------------------------------------------------------------
def _sweep_threshold(session: Session, clock: Clock, workflow_id: int,
                     definition: WorkflowDefinition, acc: _Acc) -> None:
    data_dir = acc.data_dir
    trigger = definition.trigger
    record = trigger.record
    today = clock.today()
    now = clock.now()
    condition = AllOf((trigger.as_condition(), definition.conditions))
    matching = set(session.scalars(select_ids(condition, record, today=today)))
    changes = update_watch_states(session, now, workflow_id, record, matching)
    acc.rearmed += changes.rearmed
    for entity_id, episode in changes.started:
        key = f"t{episode}"
        firing_id = claim_firing(session, workflow_id=workflow_id, entity_type=record,
                                 entity_id=entity_id, episode_key=key, fired_at=now)
        if firing_id is None:
            continue
        info = {**trigger.to_json(), "episode": key, "swept_at": now.isoformat()}
        outcome, run_id = _run(session, clock, workflow_id, record, entity_id, info, firing_id,
                               data_dir)
        acc.fired.append(Fired(workflow_id, record, entity_id, key, firing_id, outcome, run_id))


# -- date -----------------------------------------------------------------------------------
def _iso_sql(session: Session, expr: Any) -> Any:
    """A stored date as its ISO text, in SQL, for the episode key comparison."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(expr, "YYYY-MM-DD")
    return type_coerce(expr, String)  # SQLite stores dates as "YYYY-MM-DD" text


def _as_date(raw: Any) -> date | None:
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.astimezone(PARIS).date() if raw.tzinfo else raw.date()
    if isinstance(raw, date):
        return raw
    return date.fromisoformat(str(raw)[:10])


def _due_candidates(session: Session, workflow_id: int, definition: WorkflowDefinition,
                    today: date, alsace: bool) -> list[tuple[int, date]]:
    """(record id, date value) of the records whose alert day has come and whose current date
    value has not fired yet — one query."""
    trigger = definition.trigger
    record = trigger.record
    rf = resolve(record, trigger.field)
    root = record_table(record)
    value = value_sql(rf)
    condition = AllOf((trigger.due_condition(today, alsace_moselle=alsace), definition.conditions))
    query = select(root.c.id, value).where(compile_sql(condition, record, today=today))
    plain_date = rf.field.compute is Compute.COLUMN
    if plain_date:
        query = query.where(~exists().where(and_(
            Firing.workflow_id == workflow_id, Firing.entity_type == record,
            Firing.entity_id == root.c.id, Firing.episode_key == _iso_sql(session, value))))
    rows = [(row[0], _as_date(row[1])) for row in session.execute(query)]
    rows = [(i, d) for i, d in rows if d is not None]
    if not plain_date:  # instants: the day is computed in Python, so is the exclusion
        done = fired_keys(session, workflow_id, record, (i for i, _ in rows))
        rows = [(i, d) for i, d in rows if (i, d.isoformat()) not in done]
    return sorted(rows)


def _sweep_date(session: Session, clock: Clock, workflow_id: int,
                definition: WorkflowDefinition, acc: _Acc) -> None:
    trigger = definition.trigger
    record = trigger.record
    today = clock.today()
    now = clock.now()
    alsace = _alsace_moselle(session)
    policy = definition.late_policy
    for entity_id, value in _due_candidates(session, workflow_id, definition, today, alsace):
        alert_day = shift_date(value, trigger.offset_days, working_days=trigger.working_days,
                               alsace_moselle=alsace)
        late = max((today - alert_day).days, 0)
        key = value.isoformat()
        due_at = datetime.combine(alert_day, time(0), PARIS).astimezone(timezone.utc)
        firing_id = claim_firing(session, workflow_id=workflow_id, entity_type=record,
                                 entity_id=entity_id, episode_key=key, fired_at=now,
                                 due_at=due_at)
        if firing_id is None:
            continue
        info: dict[str, Any] = {**trigger.to_json(), "episode": key, "date": key,
                                "alert_day": alert_day.isoformat(), "late_days": late,
                                "swept_at": now.isoformat()}
        if late:
            info["late"] = f"Déclenché {_late_text(late)} (l'application était fermée)."
        if late and policy.mode == "skip_older_than" and late > (policy.days or 0):
            reason = (f"Non exécuté : l'alerte du {alert_day:%d/%m/%Y} est {_late_text(late)}, "
                      f"au-delà du délai de {policy.days} jours prévu par le workflow.")
            info["late"] = reason
            trace = _trace(session, clock, workflow_id, record, entity_id, firing_id, info,
                           RunOutcome.SKIPPED_LATE.value, reason)
            acc.fired.append(Fired(workflow_id, record, entity_id, key, firing_id,
                                   RunOutcome.SKIPPED_LATE.value, trace.id, late))
            continue
        outcome, run_id = _run(session, clock, workflow_id, record, entity_id, info, firing_id,
                               acc.data_dir)
        acc.fired.append(Fired(workflow_id, record, entity_id, key, firing_id, outcome, run_id,
                               late))


# -- rules ----------------------------------------------------------------------------------
def time_workflow_ids(db: Database, workflow_ids: Iterable[int] | None = None) -> list[int]:
    """Enabled workflows with a time trigger (optionally among ``workflow_ids``), by id."""
    query = select(Workflow.id).where(Workflow.enabled.is_(True),
                                      Workflow.trigger_kind.in_(TIME_TRIGGERS))
    if workflow_ids is not None:
        query = query.where(Workflow.id.in_(list(workflow_ids)))
    with db.read() as s:
        return list(s.scalars(query.order_by(Workflow.id)))


def sweep_workflow_in(session: Session, clock: Clock, workflow_id: int, *,
                      data_dir: Path | None = None) -> tuple[list[Fired], int]:
    """Sweep one time rule inside the caller's transaction: (firings, records re-armed).
    ``data_dir`` locates the document store for ``create_document`` actions."""
    wf = session.get(Workflow, workflow_id)
    if wf is None or not wf.enabled:  # disabled meanwhile (or by another workstation)
        return [], 0
    definition = get_workflow_in(session, workflow_id).definition
    acc = _Acc(data_dir=data_dir)
    if definition.trigger.kind == "threshold":
        _sweep_threshold(session, clock, workflow_id, definition, acc)
    elif definition.trigger.kind == "date":
        _sweep_date(session, clock, workflow_id, definition, acc)
    return acc.fired, acc.rearmed


# -- delayed actions ------------------------------------------------------------------------
def due_scheduled_ids(db: Database, clock: Clock) -> list[int]:
    with db.read() as s:
        return list(s.scalars(select(ScheduledAction.id).where(
            ScheduledAction.done_at.is_(None), ScheduledAction.cancelled_at.is_(None),
            ScheduledAction.due_at <= clock.now()).order_by(ScheduledAction.due_at,
                                                          ScheduledAction.id)))


def run_due_scheduled_action(db: Database, clock: Clock, scheduled_action_id: int, *,
                             data_dir: Path | None = None) -> bool:
    """Run one delayed action in its own transaction, exactly once: the row is claimed (locked
    with SKIP LOCKED on PostgreSQL, the write transaction is serialised on SQLite) and re-checked
    as still due before running. False when it was done, cancelled or taken meanwhile."""
    with db.write() as s:
        claimed = s.scalar(
            select(ScheduledAction.id).where(
                ScheduledAction.id == scheduled_action_id, ScheduledAction.done_at.is_(None),
                ScheduledAction.cancelled_at.is_(None), ScheduledAction.due_at <= clock.now())
            .with_for_update(skip_locked=True))
        if claimed is None:
            return False
        _runner().run_scheduled_action_in(s, clock, scheduled_action_id, data_dir=data_dir)
        return True


# -- the sweep ------------------------------------------------------------------------------
def sweep(db: Database, clock: Clock, *, workflow_ids: Iterable[int] | None = None,
          process_events: bool = True, data_dir: Path | None = None) -> SweepSummary:
    """Sweep every enabled time rule (or those of ``workflow_ids``), run the due delayed
    actions, then process the pending events. One transaction per rule and per action: a rule
    that fails is reported (French, in ``errors``) and the others go on."""
    started = clock.now()
    fired: list[Fired] = []
    errors: list[str] = []
    rearmed = 0
    ids = time_workflow_ids(db, workflow_ids)
    for workflow_id in ids:
        try:
            with db.write() as s:
                found, back = sweep_workflow_in(s, clock, workflow_id, data_dir=data_dir)
        except Exception as exc:  # noqa: BLE001 - one broken rule must not stop the others
            log.exception("sweep of workflow %s failed", workflow_id)
            errors.append(f"Workflow n° {workflow_id} : la surveillance a échoué ({exc}).")
            continue
        fired.extend(found)
        rearmed += back
    done: list[int] = []
    for action_id in due_scheduled_ids(db, clock):
        try:
            if run_due_scheduled_action(db, clock, action_id, data_dir=data_dir):
                done.append(action_id)
        except Exception as exc:  # noqa: BLE001
            log.exception("scheduled action %s failed", action_id)
            errors.append(f"Action différée n° {action_id} : l'exécution a échoué ({exc}).")
    events = None
    if process_events:
        try:
            events = _process_pending_events(db, clock, data_dir)
        except Exception as exc:  # noqa: BLE001
            log.exception("event processing failed")
            errors.append(f"Le traitement des événements a échoué ({exc}).")
    return SweepSummary(started_at=started, workflows=len(ids), fired=tuple(fired),
                        rearmed=rearmed, scheduled_done=tuple(done), errors=tuple(errors),
                        events=events)
