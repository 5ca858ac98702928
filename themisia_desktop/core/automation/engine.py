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
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.definition import WorkflowDefinition, parse_definition
from themisia_desktop.core.automation.runner import (
    INFRASTRUCTURE_ERRORS,
    RunResult,
    error_message,
    run_workflow_in,
)
from themisia_desktop.core.automation.traces import finish_trace, start_trace_in
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
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


class _Definitions:
    """Parsed documents of the enabled event-triggered workflows, re-read per event (a
    workflow switched on meanwhile counts), parsed once per version."""

    def __init__(self) -> None:
        self._parsed: dict[tuple[int, int], WorkflowDefinition] = {}

    def enabled_in(self, session: Session) -> list[tuple[int, WorkflowDefinition]]:
        rows = session.execute(
            select(Workflow.id, Workflow.current_version, WorkflowVersion.definition)
            .join(WorkflowVersion, (WorkflowVersion.workflow_id == Workflow.id)
                  & (WorkflowVersion.version == Workflow.current_version))
            .where(Workflow.enabled.is_(True), Workflow.trigger_kind.in_(EVENT_TRIGGER_KINDS))
            .order_by(Workflow.id))
        out = []
        for wf_id, version, doc in rows:
            key = (wf_id, version)
            if key not in self._parsed:
                self._parsed[key] = parse_definition(doc, check_template=lambda _t, _f: [])
            out.append((wf_id, self._parsed[key]))
        return out


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
                     definitions: _Definitions | None = None,
                     data_dir: Path | None = None) -> list[RunResult]:
    """Run the workflows this event triggers and mark it processed (caller's transaction)."""
    results = []
    for wf_id, doc in (definitions or _Definitions()).enabled_in(session):
        if doc.trigger.matches_event(event.kind, event.entity_type, event.payload):
            results.append(run_workflow_in(session, clock, wf_id, entity_type=event.entity_type,
                                           entity_id=event.entity_id, trigger=trigger_of(event),
                                           cause=event, data_dir=data_dir))
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
    definitions = _Definitions()
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
                results = process_event_in(s, clock, event, definitions=definitions,
                                           data_dir=data_dir)
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
