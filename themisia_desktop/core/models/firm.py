"""The firm, its users, groups, standard rates and firm-wide settings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from themisia_desktop.core.models.base import Base, IdMixin, TimestampMixin, utcnow


class Firm(IdMixin, TimestampMixin, Base):
    """The firm itself: identity used on invoices, documents and mails (one row)."""

    __tablename__ = "firm"

    name: Mapped[str] = mapped_column(String(200))
    address_line1: Mapped[str | None] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(100))
    siren: Mapped[str | None] = mapped_column(String(9))
    vat_number: Mapped[str | None] = mapped_column(String(20))
    bar: Mapped[str | None] = mapped_column(String(100))  # barreau d'inscription
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    legal_mentions: Mapped[str | None] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(default=False)


class FirmSetting(Base):
    """Firm-wide settings shared by every workstation (key → JSON value)."""

    __tablename__ = "firm_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Sequence(Base):
    """Gap-free counters (invoice numbers, matter references), bumped inside the business
    transaction that consumes the number."""

    __tablename__ = "sequence"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    next_value: Mapped[int] = mapped_column(default=1)


user_group = Table(
    "user_group",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", ForeignKey("user_group_def.id", ondelete="CASCADE"), primary_key=True),
)


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = "user_account"

    login: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    initials: Mapped[str | None] = mapped_column(String(8))
    email: Mapped[str | None] = mapped_column(String(254))
    category: Mapped[str] = mapped_column(String(20))  # enums.UserCategory
    standard_rate: Mapped[Decimal | None]  # € HT per hour
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    last_login_at: Mapped[datetime | None]

    groups: Mapped[list[Group]] = relationship(secondary=user_group, back_populates="members")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Group(IdMixin, Base):
    __tablename__ = "user_group_def"

    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str | None] = mapped_column(String(255))

    members: Mapped[list[User]] = relationship(secondary=user_group, back_populates="groups")


class CategoryRate(IdMixin, Base):
    """The firm's standard hourly rate for a category of user, from a date on."""

    __tablename__ = "category_rate"
    __table_args__ = (UniqueConstraint("category", "effective_from"),)

    category: Mapped[str] = mapped_column(String(20))
    hourly_rate: Mapped[Decimal]
    effective_from: Mapped[date]
