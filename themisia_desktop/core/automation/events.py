"""Events are data (DESIGN §3.5): a change that may trigger automation writes an ``event`` row
in the same transaction as the change. The engine reads pending rows after commit and at
start-up, so nothing is lost if the application dies in between."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from themisia_desktop.core.models import Event


class EventKind:
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"  # the row is gone; the payload keeps what it was
    STATUS_CHANGED = "status_changed"
    VALIDATED = "validated"
    COMPLETED = "completed"
    MERGED = "merged"
    RUN_FINISHED = "run_finished"


def record_event(session: Session, *, kind: str, entity_type: str, entity_id: int, at: datetime,
                 payload: dict[str, Any] | None = None, user_id: int | None = None,
                 cause: Event | None = None, workflow_id: int | None = None) -> Event:
    """Add an event to the caller's transaction. ``payload`` holds what changed, e.g.
    ``{"changes": {"status": ["prospect", "client_active"]}}``. ``cause``/``workflow_id`` are set
    when a workflow run made the change, so chains and loops can be traced and stopped."""
    chain = list(cause.chain) if cause is not None else []
    if workflow_id is not None:
        chain.append(workflow_id)
    event = Event(kind=kind, entity_type=entity_type, entity_id=entity_id, payload=payload or {},
                  occurred_at=at, user_id=user_id,
                  cause_event_id=cause.id if cause is not None else None,
                  chain=chain, depth=len(chain))
    session.add(event)
    return event
