"""Workflows and their versions, events (transactional outbox), firings, run traces and
delayed actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from themisia_desktop.core.models.base import Base, IdMixin, TimestampMixin, utcnow


class Workflow(IdMixin, TimestampMixin, Base):
    __tablename__ = "workflow"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(default=False)
    current_version: Mapped[int] = mapped_column(default=1)
    builtin_key: Mapped[str | None] = mapped_column(String(50))
    trigger_kind: Mapped[str] = mapped_column(String(30))  # copied from the current version


class WorkflowVersion(IdMixin, Base):
    """Each saved change is a new version; runs name the version they ran."""

    __tablename__ = "workflow_version"
    __table_args__ = (UniqueConstraint("workflow_id", "version"),)

    workflow_id: Mapped[int] = mapped_column(ForeignKey("workflow.id", ondelete="CASCADE"))
    version: Mapped[int]
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class Event(IdMixin, Base):
    """Something that happened to a record, written in the same transaction as the change.

    ``chain`` lists the workflow ids that caused it (loop detection), ``depth`` its length.
    """

    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_pending", "processed_at", "id"),
        Index("ix_event_entity", "entity_type", "entity_id"),
    )

    kind: Mapped[str] = mapped_column(String(30))  # created, updated, validated, completed…
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    cause_event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"))
    chain: Mapped[list[int]] = mapped_column(JSON, default=list)
    depth: Mapped[int] = mapped_column(default=0)
    processed_at: Mapped[datetime | None]


class Firing(IdMixin, Base):
    """A time rule that fired for a record, once per episode (the unique key says so)."""

    __tablename__ = "firing"
    __table_args__ = (UniqueConstraint("workflow_id", "entity_type", "entity_id", "episode_key"),)

    workflow_id: Mapped[int] = mapped_column(ForeignKey("workflow.id", ondelete="CASCADE"))
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int]
    episode_key: Mapped[str] = mapped_column(String(100))
    fired_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime | None]  # when it should have fired (late-firing policy)


class WatchState(Base):
    """Whether a threshold rule is armed for a record: it re-arms only after being false."""

    __tablename__ = "watch_state"

    workflow_id: Mapped[int] = mapped_column(
        ForeignKey("workflow.id", ondelete="CASCADE"), primary_key=True
    )
    entity_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    entity_id: Mapped[int] = mapped_column(primary_key=True)
    is_true: Mapped[bool] = mapped_column(default=False)
    episode: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class RunTrace(IdMixin, Base):
    """What one run of a workflow saw and did."""

    __tablename__ = "run_trace"
    __table_args__ = (
        Index("ix_run_trace_workflow_started", "workflow_id", "started_at"),
        Index("ix_run_trace_entity", "entity_type", "entity_id"),
    )

    workflow_id: Mapped[int | None] = mapped_column(ForeignKey("workflow.id", ondelete="SET NULL"))
    workflow_version: Mapped[int | None]
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"))
    firing_id: Mapped[int | None] = mapped_column(ForeignKey("firing.id"))
    entity_type: Mapped[str | None] = mapped_column(String(30))
    entity_id: Mapped[int | None]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(String(20))  # enums.RunOutcome
    trigger: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    conditions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    actions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)


class ScheduledAction(IdMixin, Base):
    """A delayed action stored as data (e.g. a reminder at D+30), run by the sweep."""

    __tablename__ = "scheduled_action"
    __table_args__ = (Index("ix_scheduled_action_due", "done_at", "due_at"),)

    workflow_id: Mapped[int | None] = mapped_column(ForeignKey("workflow.id", ondelete="SET NULL"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run_trace.id"))
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int]
    due_at: Mapped[datetime]
    action: Mapped[dict[str, Any]] = mapped_column(JSON)
    done_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
