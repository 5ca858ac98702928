"""Tasks, appointments and deadlines."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from themisia_desktop.core.models.base import Base, IdMixin, TimestampMixin


class Task(IdMixin, TimestampMixin, Base):
    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_assignee_status_due", "assignee_id", "status", "due_on"),
        Index("ix_task_matter", "matter_id"),
    )

    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matter.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("user_group_def.id"))
    due_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="open")  # enums.TaskStatus
    completed_at: Mapped[datetime | None]
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run_trace.id"))  # made by automation


appointment_attendee = Table(
    "appointment_attendee",
    Base.metadata,
    Column("appointment_id", ForeignKey("appointment.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id"), primary_key=True),
)


class Appointment(IdMixin, TimestampMixin, Base):
    __tablename__ = "appointment"
    __table_args__ = (Index("ix_appointment_start", "starts_at"),)

    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    location: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matter.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"), index=True)
    organizer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run_trace.id"))


class Deadline(IdMixin, TimestampMixin, Base):
    """A procedural or contractual deadline; ``computation`` keeps the calculator's steps."""

    __tablename__ = "deadline"
    __table_args__ = (Index("ix_deadline_status_due", "status", "due_on"),)

    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="procedural")  # or contractual
    trigger_date: Mapped[date | None]
    period_value: Mapped[int | None]
    period_unit: Mapped[str | None] = mapped_column(String(10))  # days / months
    due_on: Mapped[date]
    computation: Mapped[list[Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # enums.DeadlineStatus
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
