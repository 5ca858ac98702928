"""Merge records (for undo) and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from themisia_desktop.core.models.base import Base, IdMixin, utcnow


class MergeRecord(IdMixin, Base):
    """A merge of ``merged_id`` into ``kept_id``: a JSON snapshot of the merged-away record,
    of the kept record's fields before, and of every re-pointed foreign key, so that undo can
    replay it in reverse."""

    __tablename__ = "merge_record"

    kept_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    merged_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    performed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    performed_at: Mapped[datetime] = mapped_column(default=utcnow)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    undone_at: Mapped[datetime | None]
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class AuditLog(IdMixin, Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(50))
    entity_type: Mapped[str | None] = mapped_column(String(30))
    entity_id: Mapped[int | None]
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
