"""Contacts of every kind, their details, channels, roles, links, rates and KYC."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from themisia_desktop.core.models.base import Base, IdMixin, TimestampMixin, utcnow


class Contact(IdMixin, TimestampMixin, Base):
    """Any relation of the firm: person, company or court, client or not."""

    __tablename__ = "contact"
    __table_args__ = (
        Index("ix_contact_status_kind_sort", "status", "kind", "sort_name"),
        Index("ix_contact_sort_name", "sort_name"),
        Index("ix_contact_merged_into", "merged_into_id"),
    )

    kind: Mapped[str] = mapped_column(String(20))  # enums.ContactKind
    status: Mapped[str] = mapped_column(String(20))  # enums.ContactStatus
    display_name: Mapped[str] = mapped_column(String(300))
    # Lower-case, accent-free name used for sorting and matching ("lefevre sarl").
    sort_name: Mapped[str] = mapped_column(String(300))
    # Lower-case, accent-free concatenation of name, e-mails, phones, identifiers and city.
    search_text: Mapped[str] = mapped_column(Text, default="")
    primary_email: Mapped[str | None] = mapped_column(String(254))
    primary_phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    city: Mapped[str | None] = mapped_column(String(100))
    external_ref: Mapped[str | None] = mapped_column(String(100), index=True)
    kyc_status: Mapped[str] = mapped_column(String(20), default="to_check")
    kyc_expires_on: Mapped[date | None]
    # « Suivi renforcé »: a client watched closely (set by hand or by an automation rule).
    close_monitoring: Mapped[bool] = mapped_column(default=False, server_default=false())
    notes: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Soft delete by merge: the merged-away contact stays, pointing at the one kept.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"))
    merged_at: Mapped[datetime | None]

    person: Mapped[PersonDetails | None] = relationship(
        back_populates="contact", uselist=False, cascade="all, delete-orphan"
    )
    company: Mapped[CompanyDetails | None] = relationship(
        back_populates="contact", uselist=False, cascade="all, delete-orphan"
    )
    jurisdiction: Mapped[JurisdictionDetails | None] = relationship(
        back_populates="contact", uselist=False, cascade="all, delete-orphan"
    )
    addresses: Mapped[list[Address]] = relationship(
        back_populates="contact", cascade="all, delete-orphan"
    )
    channels: Mapped[list[ContactChannel]] = relationship(
        back_populates="contact", cascade="all, delete-orphan"
    )


class PersonDetails(Base):
    __tablename__ = "person_details"
    __table_args__ = (Index("ix_person_details_names", "last_name", "first_name"),)

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True
    )
    civility: Mapped[str | None] = mapped_column(String(20))
    last_name: Mapped[str] = mapped_column(String(150))
    first_name: Mapped[str | None] = mapped_column(String(150))
    birth_date: Mapped[date | None]
    birth_place: Mapped[str | None] = mapped_column(String(150))
    nationality: Mapped[str | None] = mapped_column(String(80))
    id_document_type: Mapped[str | None] = mapped_column(String(40))
    id_document_number: Mapped[str | None] = mapped_column(String(60))
    id_document_expires_on: Mapped[date | None]
    profession: Mapped[str | None] = mapped_column(String(150))

    contact: Mapped[Contact] = relationship(back_populates="person")


class CompanyDetails(Base):
    __tablename__ = "company_details"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True
    )
    legal_name: Mapped[str] = mapped_column(String(300))
    legal_form: Mapped[str | None] = mapped_column(String(40))
    siren: Mapped[str | None] = mapped_column(String(9), index=True)
    siret: Mapped[str | None] = mapped_column(String(14), index=True)
    rcs_city: Mapped[str | None] = mapped_column(String(100))
    rcs_number: Mapped[str | None] = mapped_column(String(40))
    vat_number: Mapped[str | None] = mapped_column(String(20), index=True)
    share_capital: Mapped[Decimal | None]
    naf_code: Mapped[str | None] = mapped_column(String(6))

    contact: Mapped[Contact] = relationship(back_populates="company")


class JurisdictionDetails(Base):
    __tablename__ = "jurisdiction_details"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True
    )
    court_type: Mapped[str] = mapped_column(String(60))
    chamber: Mapped[str | None] = mapped_column(String(150))
    city: Mapped[str | None] = mapped_column(String(100))
    registry_phone: Mapped[str | None] = mapped_column(String(20))
    registry_email: Mapped[str | None] = mapped_column(String(254))

    contact: Mapped[Contact] = relationship(back_populates="jurisdiction")


class Address(IdMixin, Base):
    __tablename__ = "address"

    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), index=True)
    label: Mapped[str | None] = mapped_column(String(60))
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2), default="FR")
    is_primary: Mapped[bool] = mapped_column(default=False)

    contact: Mapped[Contact] = relationship(back_populates="addresses")


class ContactChannel(IdMixin, Base):
    """An e-mail address or a phone number (E.164) of a contact."""

    __tablename__ = "contact_channel"
    __table_args__ = (Index("ix_contact_channel_kind_value", "kind", "value"),)

    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # enums.ChannelKind
    value: Mapped[str] = mapped_column(String(254))
    label: Mapped[str | None] = mapped_column(String(60))
    is_primary: Mapped[bool] = mapped_column(default=False)

    contact: Mapped[Contact] = relationship(back_populates="channels")


class ContactLink(IdMixin, Base):
    """A company's legal representative or beneficial owner, as a link to a person contact."""

    __tablename__ = "contact_link"
    __table_args__ = (UniqueConstraint("company_id", "person_id", "kind"),)

    company_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # enums.ContactLinkKind
    title: Mapped[str | None] = mapped_column(String(100))  # gérant, président…
    ownership_percent: Mapped[int | None]


class ContactRole(IdMixin, Base):
    """For a client: who receives invoices, reminders and correspondence."""

    __tablename__ = "contact_role"
    __table_args__ = (UniqueConstraint("client_id", "contact_id", "kind"),)

    client_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # enums.ContactRoleKind
    is_default: Mapped[bool] = mapped_column(default=False)


class NegotiatedRate(IdMixin, Base):
    """A client's negotiated hourly rate: for everyone (no user, no category), for one
    lawyer, or for a category, from ``effective_from`` on. Never retroactive: time entries keep
    the rate resolved when they were entered."""

    __tablename__ = "negotiated_rate"
    __table_args__ = (
        CheckConstraint("NOT (user_id IS NOT NULL AND category IS NOT NULL)", name="one_scope"),
        Index("ix_negotiated_rate_lookup", "client_id", "effective_from"),
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    category: Mapped[str | None] = mapped_column(String(20))
    hourly_rate: Mapped[Decimal]
    effective_from: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KycRecord(IdMixin, Base):
    """One KYC review of a contact; the contact keeps the current status and expiry."""

    __tablename__ = "kyc_record"

    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # enums.KycStatus
    checklist: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_on: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(Text)


class DuplicateDismissal(IdMixin, Base):
    """"Ce ne sont pas des doublons": remembered for a pair (smaller id first)."""

    __tablename__ = "duplicate_dismissal"
    __table_args__ = (
        UniqueConstraint("contact_a_id", "contact_b_id"),
        CheckConstraint("contact_a_id < contact_b_id", name="ordered_pair"),
    )

    contact_a_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    contact_b_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class Interaction(IdMixin, Base):
    """A line of the journal: e-mail, call, meeting, note, status change, merge…"""

    __tablename__ = "interaction"
    __table_args__ = (
        Index("ix_interaction_contact_time", "contact_id", "occurred_at"),
        Index("ix_interaction_matter_time", "matter_id", "occurred_at"),
    )

    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"))
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matter.id"))
    kind: Mapped[str] = mapped_column(String(20))  # enums.InteractionKind
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
