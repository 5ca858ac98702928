"""Matters (dossiers), their parties, assigned lawyers and conflict checks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from themisia_desktop.core.models.base import Base, IdMixin, TimestampMixin, utcnow


def matter_search_text(reference: str | None, title: str | None) -> str:
    """What ``Matter.search_text`` holds: the folded "reference title" the list searches."""
    from themisia_desktop.core.text import fold  # phonenumbers behind it: not at model import

    return fold(f"{reference or ''} {title or ''}")


def _default_search_text(context) -> str:  # noqa: ANN001 - SQLAlchemy default context
    params = context.get_current_parameters()
    return matter_search_text(params.get("reference"), params.get("title"))


matter_assignee = Table(
    "matter_assignee",
    Base.metadata,
    Column("matter_id", ForeignKey("matter.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id"), primary_key=True),
)


class Matter(IdMixin, TimestampMixin, Base):
    __tablename__ = "matter"
    __table_args__ = (
        Index("ix_matter_client_status", "client_id", "status"),
        Index("ix_matter_responsible", "responsible_id"),
    )

    reference: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    domain: Mapped[str | None] = mapped_column(String(100))
    client_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    responsible_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")  # enums.MatterStatus
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    archived_on: Mapped[date | None]
    description: Mapped[str | None] = mapped_column(Text)
    # Folded "reference title" (see matter_search_text), searched with a plain LIKE; written
    # by the services and the demo, computed at insert for a row that does not give it.
    search_text: Mapped[str] = mapped_column(Text, default=_default_search_text,
                                             server_default="")

    parties: Mapped[list[MatterParty]] = relationship(
        back_populates="matter", cascade="all, delete-orphan"
    )


class MatterParty(IdMixin, Base):
    __tablename__ = "matter_party"
    __table_args__ = (Index("ix_matter_party_contact_role", "contact_id", "role"),)

    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    role: Mapped[str] = mapped_column(String(20))  # enums.PartyRole
    notes: Mapped[str | None] = mapped_column(String(300))

    matter: Mapped[Matter] = relationship(back_populates="parties")


class ConflictCheck(IdMixin, Base):
    """A conflict-of-interest check: who ran it, when, what it found, what was decided."""

    __tablename__ = "conflict_check"

    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matter.id"), index=True)
    performed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    performed_at: Mapped[datetime] = mapped_column(default=utcnow)
    searched: Mapped[list[Any]] = mapped_column(JSON, default=list)
    hits: Mapped[list[Any]] = mapped_column(JSON, default=list)
    decision: Mapped[str] = mapped_column(String(20), default="pending")  # enums.ConflictDecision
    decision_note: Mapped[str | None] = mapped_column(Text)
