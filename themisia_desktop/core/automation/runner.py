"""One run of a workflow for one record, inside the caller's transaction.

:func:`run_workflow_in` refuses a loop (the workflow is already in the chain of workflows that
caused the event, or the chain is :data:`MAX_DEPTH` long), evaluates the conditions for the
record, executes the actions in order under a SAVEPOINT — one failing action rolls back every
effect of the run, the trace says which one and why — writes a :class:`RunTrace` and records
a ``run_finished`` event (so « when workflow X finished » triggers and chains work). Every
event written by the actions carries the chain (``cause``, ``chain``, ``depth``), whichever
service writes it, so loops are seen. With ``dry_run=True`` nothing at all is written: the
result lists what would be created or sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import select, update
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from themisia_desktop.core.automation import actions as act
from themisia_desktop.core.automation.conditions import evaluate
from themisia_desktop.core.automation.definition import ACTION_TYPES, WorkflowDefinition, parse_definition
from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.automation.traces import finish_trace, start_trace_in, summary
from themisia_desktop.core.automation.workflows import get_workflow_in
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.documents import store as doc_store
from themisia_desktop.core.errors import NotFoundError, ThemisiaError, ValidationError
from themisia_desktop.core.models import Event, RunTrace, ScheduledAction, Workflow
from themisia_desktop.core.models.enums import RunOutcome

MAX_DEPTH = 5
_CHAIN_STACK = "themisia_run_chain"
# Database trouble is not the run's fault: it propagates, the event stays pending.
INFRASTRUCTURE_ERRORS = (OperationalError, InterfaceError)


@dataclass(frozen=True)
class Cause:
    """What ``cause`` needs to be when no event row stands for it (a workflow started by
    another, a delayed action): the chain of workflows that led here."""

    id: int | None
    chain: tuple[int, ...] = ()
    user_id: int | None = None

    @property
    def depth(self) -> int:
        return len(self.chain)


@dataclass(frozen=True)
class RunResult:
    run_id: int | None              # None in a dry run
    outcome: str                    # enums.RunOutcome value
    conditions: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    workflow_id: int | None = None
    workflow_name: str = ""
    entity_type: str = ""
    entity_id: int | None = None
    summary: str = ""


@dataclass(frozen=True)
class _Workflow:
    id: int | None
    name: str
    version: int | None
    builtin_key: str | None
    definition: WorkflowDefinition


# -- chain attribution ------------------------------------------------------------------------
def _on_pending(session: Session, obj: Any) -> None:
    stack = session.info.get(_CHAIN_STACK)
    if not stack or not isinstance(obj, Event) or obj.chain or obj.cause_event_id is not None:
        return
    cause_id, chain = stack[-1]
    obj.chain, obj.depth, obj.cause_event_id = list(chain), len(chain), cause_id


@contextmanager
def events_caused_by(session: Session, cause_id: int | None,
                     chain: tuple[int, ...]) -> Iterator[None]:
    """Every event added to the session meanwhile is marked as caused by this run."""
    if not sa_event.contains(session, "transient_to_pending", _on_pending):
        sa_event.listen(session, "transient_to_pending", _on_pending)
    stack = session.info.setdefault(_CHAIN_STACK, [])
    stack.append((cause_id, chain))
    try:
        yield
    finally:
        stack.pop()


def _names(session: Session, ids: list[int]) -> str:
    names = dict(session.execute(select(Workflow.id, Workflow.name).where(Workflow.id.in_(ids))).all())
    return " → ".join(f"« {names.get(i, f'n° {i}')} »" for i in ids)


def error_message(exc: Exception) -> str:
    if isinstance(exc, ThemisiaError):
        return getattr(exc, "message", None) or str(exc)
    return f"Erreur inattendue : {exc.__class__.__name__} {exc}".strip()


# -- the run ------------------------------------------------------------------------------------
def _execute_actions(session: Session, clock: Clock, ctx: act.RunContext,
                     todo: tuple[Any, ...]) -> tuple[list[dict[str, Any]], str | None]:
    """Run the actions in a SAVEPOINT: all of them, or none (files written are removed)."""
    done: list[dict[str, Any]] = []
    if ctx.dry_run:
        for n, action in enumerate(todo, 1):
            try:
                done.append(act.execute(session, clock, ctx, action))
            except ThemisiaError as exc:
                done.append({"action": action.type, "error": error_message(exc)})
                return done, f"Action {n} ({ACTION_TYPES[action.type]}) : {error_message(exc)}"
        return done, None
    files_before = list(session.info.get(doc_store._PENDING_FILES, []))
    savepoint = session.begin_nested()
    n, action = 0, None
    try:
        with events_caused_by(session, ctx.cause_id, ctx.chain_with_self):
            for n, action in enumerate(todo, 1):
                done.append(act.execute(session, clock, ctx, action))
            session.flush()
        savepoint.commit()
        return done, None
    except INFRASTRUCTURE_ERRORS:
        raise
    except Exception as exc:  # noqa: BLE001 — any failure of an action is traced, not raised
        savepoint.rollback()
        pending = session.info.get(doc_store._PENDING_FILES, [])
        for path in pending[len(files_before):]:
            path.unlink(missing_ok=True)
        del pending[len(files_before):]
        rolled = [{**entry, "rolled_back": True} for entry in done]
        kind = action.type if action is not None else ""
        rolled.append({"action": kind, "error": error_message(exc)})
        return rolled, f"Action {n} ({ACTION_TYPES.get(kind, kind)}) : {error_message(exc)}"


def _run(session: Session, clock: Clock, wf: _Workflow, *, entity_type: str, entity_id: int,
         trigger: dict[str, Any], cause: Any, firing_id: int | None, dry_run: bool,
         data_dir: Path | None, conditions: bool = True,
         evaluation: tuple[bool, list[dict[str, Any]]] | None = None) -> RunResult:
    now, today = clock.now(), clock.today()
    chain = tuple(cause.chain) if cause is not None else ()
    cause_id = cause.id if cause is not None else None
    user_id = getattr(cause, "user_id", None)
    base = {"workflow_id": wf.id, "workflow_name": wf.name, "entity_type": entity_type,
            "entity_id": entity_id}
    if entity_type != wf.definition.record_type:
        raise ValidationError(f"Le workflow « {wf.name} » porte sur un autre type "
                              "d'enregistrement.", field="workflow")
    outcome, error = RunOutcome.SUCCEEDED.value, None
    cond_trace: list[dict[str, Any]] = []
    done: list[dict[str, Any]] = []
    if wf.id is not None and (wf.id in chain or len(chain) >= MAX_DEPTH):
        why = "" if wf.id in chain else f" (profondeur maximale de {MAX_DEPTH} atteinte)"
        outcome = RunOutcome.LOOP_STOPPED.value
        error = f"Boucle interrompue{why} : {_names(session, [*chain, wf.id])}"
    else:
        ok = True
        if conditions and evaluation is not None:
            ok, cond_trace = evaluation
        elif conditions:
            try:
                ok, cond_trace = evaluate(session, wf.definition.conditions, entity_type,
                                          entity_id, today=today)
            except NotFoundError:
                ok, outcome = False, RunOutcome.FAILED.value
                error = "L'enregistrement concerné n'existe plus."
        if not ok and error is None:
            outcome = RunOutcome.CONDITIONS_FALSE.value
    row: RunTrace | None = None
    if not dry_run:
        row = start_trace_in(session, workflow_id=wf.id, workflow_version=wf.version,
                             entity_type=entity_type, entity_id=entity_id, trigger=trigger,
                             started_at=now, event_id=cause_id, firing_id=firing_id)
    if outcome == RunOutcome.SUCCEEDED:
        ctx = act.RunContext(workflow_id=wf.id, workflow_name=wf.name, record_type=entity_type,
                             entity_id=entity_id, run_id=row.id if row is not None else None,
                             cause_id=cause_id, chain=chain, user_id=user_id, now=now,
                             today=today, dry_run=dry_run, data_dir=data_dir)
        done, error = _execute_actions(session, clock, ctx, wf.definition.actions)
        if error is not None:
            outcome = RunOutcome.FAILED.value
    if row is not None:
        finish_trace(row, outcome=outcome, conditions=cond_trace, actions=done, error=error,
                     finished_at=clock.now())
        if outcome != RunOutcome.LOOP_STOPPED:
            record_event(session, kind=EventKind.RUN_FINISHED, entity_type="workflow_run",
                         entity_id=row.id, at=now, user_id=user_id,
                         payload={"workflow_id": wf.id, "builtin_key": wf.builtin_key,
                                  "outcome": outcome, "entity_type": entity_type,
                                  "entity_id": entity_id},
                         cause=cause, workflow_id=wf.id)
        session.flush()
    return RunResult(run_id=row.id if row is not None else None, outcome=outcome,
                     conditions=cond_trace, actions=done, error=error,
                     summary=summary(outcome, cond_trace, done, error), **base)


def load_workflow_in(session: Session, workflow_id: int) -> _Workflow:
    detail = get_workflow_in(session, workflow_id)
    return _Workflow(detail.info.id, detail.info.name, detail.version, detail.info.builtin_key,
                     detail.definition)


def run_workflow_in(session: Session, clock: Clock, workflow_id: int, *, entity_type: str,
                    entity_id: int, trigger: dict[str, Any], cause: Event | Cause | None = None,
                    firing_id: int | None = None, dry_run: bool = False,
                    data_dir: Path | None = None) -> RunResult:
    """Run a workflow (its current version) for one record in the caller's transaction.
    ``cause`` is the event (or :class:`Cause`) that led here; ``data_dir`` locates the
    document store for ``create_document``."""
    return _run(session, clock, load_workflow_in(session, workflow_id), entity_type=entity_type,
                entity_id=entity_id, trigger=trigger, cause=cause, firing_id=firing_id,
                dry_run=dry_run, data_dir=data_dir)


def run_loaded_in(session: Session, clock: Clock, *, workflow_id: int, version: int, name: str,
                  builtin_key: str | None, definition: WorkflowDefinition, entity_type: str,
                  entity_id: int, trigger: dict[str, Any], cause: Event | Cause | None = None,
                  evaluation: tuple[bool, list[dict[str, Any]]] | None = None,
                  data_dir: Path | None = None) -> RunResult:
    """:func:`run_workflow_in` for a workflow whose current version the caller has already
    read (the engine keeps them parsed). ``evaluation`` is the result of
    ``conditions.evaluate`` for the record if the caller already has it (read in the same
    transaction, nothing changed since); without it the conditions are evaluated here."""
    wf = _Workflow(workflow_id, name, version, builtin_key, definition)
    return _run(session, clock, wf, entity_type=entity_type, entity_id=entity_id,
                trigger=trigger, cause=cause, firing_id=None, dry_run=False, data_dir=data_dir,
                evaluation=evaluation)


def run_definition_in(session: Session, clock: Clock, definition: WorkflowDefinition, *,
                      entity_type: str, entity_id: int, trigger: dict[str, Any],
                      workflow_id: int | None = None, cause: Event | Cause | None = None,
                      data_dir: Path | None = None) -> RunResult:
    """A dry run of a document that may not be saved yet (nothing is written)."""
    wf = _Workflow(workflow_id, definition.name, None, None, definition)
    return _run(session, clock, wf, entity_type=entity_type, entity_id=entity_id,
                trigger=trigger, cause=cause, firing_id=None, dry_run=True, data_dir=data_dir)


# -- delayed actions ----------------------------------------------------------------------------
def _scheduled_cause(session: Session, sa: ScheduledAction) -> Cause:
    """The chain of the run that scheduled the action (so its effects stay in that chain)."""
    if sa.run_id is None:
        return Cause(None)
    found = session.execute(select(Event.id, Event.chain, Event.user_id)
                            .join(RunTrace, RunTrace.event_id == Event.id)
                            .where(RunTrace.id == sa.run_id)).first()
    if found is None:
        return Cause(None)
    return Cause(found[0], tuple(found[1] or ()), found[2])


def run_scheduled_action_in(session: Session, clock: Clock, scheduled_action_id: int, *,
                            data_dir: Path | None = None) -> RunResult:
    """Execute a due delayed action once: it is claimed (``done_at`` set) with a conditional
    UPDATE, so a second caller finds it done and does nothing (``run_id`` None). A failure
    is traced and the action stays done — it is not retried forever."""
    now = clock.now()
    claimed = session.execute(
        update(ScheduledAction)
        .where(ScheduledAction.id == scheduled_action_id, ScheduledAction.done_at.is_(None),
               ScheduledAction.cancelled_at.is_(None))
        .values(done_at=now).execution_options(synchronize_session=False)).rowcount
    sa = session.get(ScheduledAction, scheduled_action_id, populate_existing=True)
    if sa is None:
        raise NotFoundError("Cette action différée n'existe pas (ou plus).")
    if not claimed:
        return RunResult(run_id=None, outcome=RunOutcome.SUCCEEDED.value,
                         workflow_id=sa.workflow_id, entity_type=sa.entity_type,
                         entity_id=sa.entity_id,
                         summary="Action différée déjà exécutée ou annulée")
    doc = parse_definition({"name": "Action différée",
                            "trigger": {"kind": "created", "record": sa.entity_type},
                            "actions": [sa.action]}, check_template=lambda _t, _f: [])
    wf = _Workflow(None, "Action différée", None, None, doc)
    if sa.workflow_id is not None and session.get(Workflow, sa.workflow_id) is not None:
        loaded = load_workflow_in(session, sa.workflow_id)
        wf = _Workflow(loaded.id, loaded.name, loaded.version, loaded.builtin_key, doc)
    cause = _scheduled_cause(session, sa)
    trigger = {"kind": "scheduled", "scheduled_action_id": sa.id,
               "due_at": sa.due_at.isoformat(), "scheduled_by_run_id": sa.run_id}
    # Its workflow is already in the chain only if it was scheduled by a loop: check depth only.
    cause = Cause(cause.id, tuple(w for w in cause.chain if w != wf.id), cause.user_id)
    return _run(session, clock, wf, entity_type=sa.entity_type, entity_id=sa.entity_id,
                trigger=trigger, cause=cause, firing_id=None, dry_run=False, data_dir=data_dir,
                conditions=False)
