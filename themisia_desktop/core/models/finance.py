"""Time, expenses, invoices, payments and retainers. Amounts are Decimal (cents in the base)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from themisia_desktop.core.models.base import Base, IdMixin, TimestampMixin, utcnow


class TimeEntry(IdMixin, Base):
    """Time spent on a matter. ``hourly_rate`` is the snapshot resolved at entry time."""

    __tablename__ = "time_entry"
    __table_args__ = (
        CheckConstraint("minutes > 0", name="positive_minutes"),
        # The banner's "encours": unbilled billable time of a matter, summed from the index
        # alone (amount included, so no table look-up per row).
        Index("ix_time_entry_matter_unbilled_amount", "matter_id", "invoice_id", "billable", "amount"),
        Index("ix_time_entry_user_date", "user_id", "work_date"),
        Index("ix_time_entry_invoice", "invoice_id"),
    )

    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    work_date: Mapped[date]
    minutes: Mapped[int]
    description: Mapped[str] = mapped_column(String(500))
    billable: Mapped[bool] = mapped_column(default=True)
    hourly_rate: Mapped[Decimal]
    amount: Mapped[Decimal]  # minutes × rate, rounded to the cent when entered
    rate_source: Mapped[str] = mapped_column(String(30))  # negotiated_user, user_standard…
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Expense(IdMixin, Base):
    __tablename__ = "expense"
    __table_args__ = (
        Index("ix_expense_matter_unbilled_amount", "matter_id", "invoice_id", "billable", "amount"),
        Index("ix_expense_invoice", "invoice_id"),
    )

    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    spent_on: Mapped[date]
    description: Mapped[str] = mapped_column(String(500))
    amount: Mapped[Decimal]  # HT
    billable: Mapped[bool] = mapped_column(default=True)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Invoice(IdMixin, TimestampMixin, Base):
    """Brouillon → validée → envoyée → payée / annulée. The number is given at validation,
    from a gap-free sequence; a validated invoice is never edited, it is cancelled by a credit
    note (``credit_note_for_id``)."""

    __tablename__ = "invoice"
    __table_args__ = (
        Index("ix_invoice_client_status", "client_id", "status"),
        Index("ix_invoice_matter", "matter_id"),
        Index("ix_invoice_due", "status", "due_on"),
    )

    number: Mapped[str | None] = mapped_column(String(30), unique=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    billing_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft")  # enums.InvoiceStatus
    issued_on: Mapped[date | None]
    due_on: Mapped[date | None]
    total_excl_tax: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    vat_rate_bp: Mapped[int] = mapped_column(default=2000)  # basis points: 2000 = 20 %
    total_vat: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    total_incl_tax: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    is_doubtful: Mapped[bool] = mapped_column(default=False)
    credit_note_for_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))
    validated_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    notes: Mapped[str | None] = mapped_column(Text)


class InvoiceLine(IdMixin, Base):
    __tablename__ = "invoice_line"

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    description: Mapped[str] = mapped_column(String(500))
    quantity_hundredths: Mapped[int] = mapped_column(default=100)  # 1.5 h → 150
    unit_price: Mapped[Decimal]
    amount: Mapped[Decimal]


class Payment(IdMixin, Base):
    __tablename__ = "payment"
    __table_args__ = (Index("ix_payment_client_date", "client_id", "received_on"),)

    client_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    received_on: Mapped[date]
    amount: Mapped[Decimal]
    method: Mapped[str] = mapped_column(String(30))  # virement, chèque, CB, CARPA…
    reference: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PaymentAllocation(IdMixin, Base):
    """Part of a payment applied to one invoice (partial payments allowed)."""

    __tablename__ = "payment_allocation"
    __table_args__ = (CheckConstraint("amount > 0", name="positive_amount"),)

    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id", ondelete="CASCADE"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    amount: Mapped[Decimal]


class Provision(IdMixin, Base):
    """A retainer (provision sur honoraires) requested and/or received for a matter."""

    __tablename__ = "provision"
    __table_args__ = (Index("ix_provision_matter_received", "matter_id", "received_on"),)

    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"))
    requested_on: Mapped[date]
    amount_requested: Mapped[Decimal]
    received_on: Mapped[date | None]
    amount_received: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    status: Mapped[str] = mapped_column(String(20), default="requested")  # ProvisionStatus
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
