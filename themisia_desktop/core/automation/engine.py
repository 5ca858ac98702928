"""Processing the pending events: each one exactly once.

Each event is handled in ONE write transaction: claim it, run every enabled workflow whose
trigger it matches, mark it processed. The effects, the outbox mails, the traces and the
processed mark commit together or not at all, so a process killed at any moment leaves the
event pending with nothing half-done, and the next pass handles it.

Two processes (two workstations, or the scheduler and a command line) may run this at the
same time. On PostgreSQL the claim is ``SELECT … FOR UPDATE SKIP LOCKED``: each takes a
different event. On SQLite the write transaction starts with ``BEGIN IMMEDIATE``, so
transactions are serialised and the claim, made inside, sees the other's processed mark.

A run whose actions fail is traced as failed and the event is still marked processed (it would
fail again). An unexpected error outside the actions rolls the event's transaction back; the
event is then marked processed in a transaction of its own with a failed trace saying why, so
one bad event never blocks the queue. Database trouble (locked, connection lost) stops the
pass and leaves the event pending.

Matching an event is cheap (:func:`match_event_in`): the enabled workflows are parsed once per
version and indexed by (event kind, record type) in a :class:`WorkflowIndex` kept per
database engine; the conditions of the workflows the event fires are read for the record in
one statement, itself built once per set of condition trees (``conditions.evaluate_each``).
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.conditions import evaluate_each

from themisia_desktop.core.automation.definition import WorkflowDefinition, parse_definition
from themisia_desktop.core.automation.runner import (
    INFRASTRUCTURE_ERRORS,
    RunResult,
    error_message,
    run_loaded_in,
)
from themisia_desktop.core.automation.traces import finish_trace, start_trace_in
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError
from themisia_desktop.core.models import Event, Workflow, WorkflowVersion
from themisia_desktop.core.models.enums import RunOutcome

EVENT_TRIGGER_KINDS = ("created", "updated", "validated")


@dataclass(frozen=True)
class ProcessSummary:
    processed: int = 0                           # events marked processed by this pass
    runs: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    errors: tuple[str, ...] = ()                 # French, for the log / status bar
    more_pending: bool = False                   # the limit was reached


@dataclass(frozen=True)
class Candidate:
    """An enabled event-triggered workflow, its current version parsed."""

    workflow_id: int
    version: int
    name: str
    builtin_key: str | None
    definition: WorkflowDefinition


@dataclass(frozen=True)
class EventMatch:
    """A workflow whose trigger an event fires, and its conditions for the event's record:
    ``holds`` None when the record does not exist (the run then says so)."""

    candidate: Candidate
    holds: bool | None
    conditions: list[dict[str, Any]]


class WorkflowIndex:
    """The enabled event-triggered workflows of one database, parsed once per version and
    indexed by (event kind, record type). Each event costs one small query (ids, versions and
    names of the enabled workflows): a workflow switched on or saved meanwhile counts at once,
    and only a new version is read and parsed again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple[tuple[Any, ...], ...] | None = None
        self._parsed: dict[tuple[int, int], WorkflowDefinition] = {}
        self._index: dict[tuple[str, str], list[Candidate]] = {}

    def candidates_in(self, session: Session, kind: str, entity_type: str) -> list[Candidate]:
        """The enabled workflows an event of this kind on this record type may fire."""
        stamp = tuple(tuple(row) for row in session.execute(
            select(Workflow.id, Workflow.current_version, Workflow.name, Workflow.builtin_key)
            .where(Workflow.enabled.is_(True), Workflow.trigger_kind.in_(EVENT_TRIGGER_KINDS))
            .order_by(Workflow.id)))
        with self._lock:
            if stamp != self._stamp:
                self._rebuild(session, stamp)
            return self._index.get((kind, entity_type), [])

    def _rebuild(self, session: Session, stamp: tuple[tuple[Any, ...], ...]) -> None:
        wanted = {(wf_id, version) for wf_id, version, _name, _key in stamp}
        missing = sorted(wanted - set(self._parsed))
        if missing:
            rows = session.execute(
                select(WorkflowVersion.workflow_id, WorkflowVersion.version,
                       WorkflowVersion.definition)
                .join(Workflow, (WorkflowVersion.workflow_id == Workflow.id)
                      & (WorkflowVersion.version == Workflow.current_version))
                .where(Workflow.id.in_([wf_id for wf_id, _ in missing])))
            for wf_id, version, doc in rows:
                # Stored documents were valid when saved; templates are not re-checked.
                self._parsed[(wf_id, version)] = parse_definition(
                    doc, check_template=lambda _t, _f: [])
        # Versions only go up: a replaced version is never needed again.
        self._parsed = {key: doc for key, doc in self._parsed.items() if key in wanted}
        index: dict[tuple[str, str], list[Candidate]] = {}
        for wf_id, version, name, builtin_key in stamp:
            doc = self._parsed.get((wf_id, version))
            if doc is None:  # saved again between the two queries: next event re-reads it
                continue
            candidate = Candidate(wf_id, version, name, builtin_key, doc)
            for kind in doc.trigger.event_kinds():
                index.setdefault((kind, doc.record_type), []).append(candidate)
        self._index = index
        self._stamp = stamp if len(self._parsed) == len(wanted) else None


_INDEXES: weakref.WeakKeyDictionary[Engine, WorkflowIndex] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def workflow_index_for(session: Session) -> WorkflowIndex:
    """The index of the database the session works on (kept while its engine lives)."""
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    with _INDEXES_LOCK:
        index = _INDEXES.get(engine)
        if index is None:
            index = _INDEXES[engine] = WorkflowIndex()
        return index


def match_event_in(session: Session, *, kind: str, entity_type: str, entity_id: int,
                   payload: dict[str, Any] | None, today: date,
                   index: WorkflowIndex | None = None) -> list[EventMatch]:
    """The enabled workflows whose trigger this event fires, in id order, each with its
    conditions evaluated for the record (values and explanation, as in a run trace): the
    conditions of all of them are read in one query."""
    candidates = [c for c in (index or workflow_index_for(session))
                  .candidates_in(session, kind, entity_type)
                  if c.definition.trigger.matches_event(kind, entity_type, payload)]
    if not candidates:
        return []
    try:
        evaluations = evaluate_each(session, [c.definition.conditions for c in candidates],
                                    entity_type, entity_id, today=today)
    except NotFoundError:
        return [EventMatch(c, None, []) for c in candidates]
    return [EventMatch(c, holds, trace)
            for c, (holds, trace) in zip(candidates, evaluations, strict=True)]


def match_event(db: Database, clock: Clock, *, kind: str, entity_type: str, entity_id: int,
                payload: dict[str, Any] | None = None) -> list[EventMatch]:
    """:func:`match_event_in` in a read transaction, against today's data (dry checks,
    measurements): nothing is run or written."""
    with db.read() as s:
        return match_event_in(s, kind=kind, entity_type=entity_type, entity_id=entity_id,
                              payload=payload, today=clock.today())


def claim_next_in(session: Session, *, postgresql: bool) -> Event | None:
    """The oldest pending event, locked for this transaction."""
    query = select(Event).where(Event.processed_at.is_(None)).order_by(Event.id).limit(1)
    if postgresql:
        query = query.with_for_update(skip_locked=True)
    return session.scalars(query).first()


def trigger_of(event: Event) -> dict[str, Any]:
    return {"event_id": event.id, "kind": event.kind, "entity_type": event.entity_type,
            "entity_id": event.entity_id, "occurred_at": event.occurred_at.isoformat()
            if event.occurred_at else None, "user_id": event.user_id}


def process_event_in(session: Session, clock: Clock, event: Event, *,
                     index: WorkflowIndex | None = None,
                     data_dir: Path | None = None) -> list[RunResult]:
    """Run the workflows this event triggers and mark it processed (caller's transaction).
    The conditions matched before the first run stand until a run changes something; after
    that, the next workflows' conditions are read again, so each sees the effects of the
    runs before it."""
    results: list[RunResult] = []
    changed = False
    for match in match_event_in(session, kind=event.kind, entity_type=event.entity_type,
                                entity_id=event.entity_id, payload=event.payload,
                                today=clock.today(), index=index):
        c = match.candidate
        evaluation = None if changed or match.holds is None else (match.holds, match.conditions)
        result = run_loaded_in(session, clock, workflow_id=c.workflow_id, version=c.version,
                               name=c.name, builtin_key=c.builtin_key, definition=c.definition,
                               entity_type=event.entity_type, entity_id=event.entity_id,
                               trigger=trigger_of(event), cause=event, evaluation=evaluation,
                               data_dir=data_dir)
        results.append(result)
        changed = changed or (result.outcome == RunOutcome.SUCCEEDED and bool(result.actions))
    event.processed_at = clock.now()
    session.flush()
    return results


def _give_up_in(session: Session, clock: Clock, event_id: int, error: str) -> bool:
    event = session.get(Event, event_id)
    if event is None or event.processed_at is not None:
        return False
    row = start_trace_in(session, workflow_id=None, workflow_version=None,
                         entity_type=event.entity_type, entity_id=event.entity_id,
                         trigger=trigger_of(event), started_at=clock.now(), event_id=event.id)
    finish_trace(row, outcome=RunOutcome.FAILED.value, conditions=[], actions=[],
                 error=f"L'événement n'a pas pu être traité : {error}", finished_at=clock.now())
    event.processed_at = clock.now()
    return True


def process_pending_events(db: Database, clock: Clock, *, limit: int = 200,
                           data_dir: Path | None = None) -> ProcessSummary:
    """Handle up to ``limit`` pending events, oldest first, one transaction each (events
    written meanwhile by the runs are handled in the same pass, within the limit)."""
    index = None
    processed = runs = 0
    outcomes: Counter[str] = Counter()
    errors: list[str] = []
    for _ in range(limit):
        claimed_id: int | None = None
        try:
            with db.write() as s:
                event = claim_next_in(s, postgresql=db.is_postgresql)
                if event is None:
                    break
                claimed_id = event.id
                index = index or workflow_index_for(s)
                results = process_event_in(s, clock, event, index=index, data_dir=data_dir)
        except INFRASTRUCTURE_ERRORS as exc:
            detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            errors.append("Base de données indisponible, traitement reporté : "
                          f"{detail[0] if detail else exc.__class__.__name__}")
            return ProcessSummary(processed, runs, dict(outcomes), tuple(errors), True)
        except Exception as exc:  # noqa: BLE001 — one bad event must not block the others
            if claimed_id is None:
                raise
            errors.append(f"Événement n° {claimed_id} : {error_message(exc)}")
            with db.write() as s:
                processed += _give_up_in(s, clock, claimed_id, error_message(exc))
            continue
        processed += 1
        runs += len(results)
        outcomes.update(r.outcome for r in results)
    else:
        with db.read() as s:
            more = s.scalar(select(Event.id).where(Event.processed_at.is_(None)).limit(1))
        return ProcessSummary(processed, runs, dict(outcomes), tuple(errors), more is not None)
    return ProcessSummary(processed, runs, dict(outcomes), tuple(errors), False)
