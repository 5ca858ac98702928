"""What the Factures tab and the « Préparer une facture » dialog read (plain dataclasses).

``remaining`` follows the banner (``balances``): TTC minus payments for an issued invoice,
0 for a paid one, minus what was received for a cancelled one (owed back to the client), 0 for
a credit note; a draft owes nothing yet (its TTC is shown, not due).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, func, select, true, type_coerce
from sqlalchemy.orm import Session, aliased

from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.db.types import from_cents
from themisia_desktop.core.errors import NotFoundError
from themisia_desktop.core.finance.invoice_build import billing_contact_ids_in, setting_in
from themisia_desktop.core.models import (
    Contact,
    Expense,
    Invoice,
    InvoiceLine,
    Matter,
    PaymentAllocation,
    TimeEntry,
    User,
)
from themisia_desktop.core.models.enums import InvoiceStatus

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class InvoiceSummary:
    id: int
    number: str | None
    matter_id: int
    client_id: int
    status: InvoiceStatus
    status_label: str
    issued_on: date | None
    due_on: date | None
    total_excl_tax: Decimal
    total_vat: Decimal
    total_incl_tax: Decimal
    vat_rate_bp: int
    paid: Decimal
    remaining: Decimal
    is_doubtful: bool
    is_credit_note: bool
    credit_note_for_number: str | None
    billing_contact_id: int | None
    billing_contact_name: str | None
    notes: str | None

    @property
    def display_number(self) -> str:
        if self.number is None:
            return "Brouillon"
        return f"{self.number} (avoir)" if self.is_credit_note else self.number


@dataclass(frozen=True)
class InvoiceLineInfo:
    position: int
    description: str
    quantity_hundredths: int
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class InvoiceDetail:
    invoice: InvoiceSummary
    lines: tuple[InvoiceLineInfo, ...]
    matter_reference: str
    matter_title: str
    client_name: str
    time_entry_ids: tuple[int, ...]
    expense_ids: tuple[int, ...]


@dataclass(frozen=True)
class UnbilledTime:
    id: int
    work_date: date
    user_name: str
    minutes: int
    hourly_rate: Decimal
    amount: Decimal
    description: str


@dataclass(frozen=True)
class UnbilledExpense:
    id: int
    spent_on: date
    description: str
    amount: Decimal


@dataclass(frozen=True)
class BillingChoice:
    contact_id: int
    name: str
    is_client_itself: bool


@dataclass(frozen=True)
class UnbilledWork:
    """What « Préparer une facture » offers for a matter."""

    matter_id: int
    client_id: int
    time: tuple[UnbilledTime, ...]
    expenses: tuple[UnbilledExpense, ...]
    billing_choices: tuple[BillingChoice, ...]  # the default first
    vat_rate_bp: int


def _paid_subquery():  # noqa: ANN202
    alloc = PaymentAllocation.__table__
    return (select(alloc.c.invoice_id, func.sum(type_coerce(alloc.c.amount, BigInteger)).label("paid"))
            .group_by(alloc.c.invoice_id).subquery())


def _remaining(status: str, is_credit: bool, ttc: Decimal, paid: Decimal) -> Decimal:
    if is_credit:
        return ZERO
    if status == InvoiceStatus.CANCELLED:
        return -paid
    return ttc - paid


def _summaries(session: Session, where) -> list[InvoiceSummary]:  # noqa: ANN001
    paid = _paid_subquery()
    credited = aliased(Invoice)
    rows = session.execute(
        select(Invoice, func.coalesce(paid.c.paid, 0), credited.number, Contact.display_name)
        .outerjoin(paid, paid.c.invoice_id == Invoice.id)
        .outerjoin(credited, credited.id == Invoice.credit_note_for_id)
        .outerjoin(Contact, Contact.id == Invoice.billing_contact_id)
        .where(where)
        .order_by(Invoice.issued_on.is_(None).desc(), Invoice.issued_on.desc(), Invoice.id.desc())).all()
    out = []
    for inv, paid_cents, credited_number, contact_name in rows:
        status = InvoiceStatus(inv.status)
        paid_amount = from_cents(int(paid_cents))
        is_credit = inv.credit_note_for_id is not None
        out.append(InvoiceSummary(
            id=inv.id, number=inv.number, matter_id=inv.matter_id, client_id=inv.client_id,
            status=status, status_label=status.label, issued_on=inv.issued_on, due_on=inv.due_on,
            total_excl_tax=inv.total_excl_tax, total_vat=inv.total_vat,
            total_incl_tax=inv.total_incl_tax, vat_rate_bp=inv.vat_rate_bp, paid=paid_amount,
            remaining=_remaining(status, is_credit, inv.total_incl_tax, paid_amount),
            is_doubtful=inv.is_doubtful, is_credit_note=is_credit,
            credit_note_for_number=credited_number, billing_contact_id=inv.billing_contact_id,
            billing_contact_name=contact_name, notes=inv.notes))
    return out


def list_invoices(db: Database, matter_id: int) -> list[InvoiceSummary]:
    """The matter's invoices and credit notes: drafts first, then the newest issued."""
    with db.read() as s:
        return _summaries(s, Invoice.matter_id == matter_id)


def list_client_invoices(db: Database, client_id: int) -> list[InvoiceSummary]:
    with db.read() as s:
        return _summaries(s, Invoice.client_id == client_id)


def invoice_summary_in(session: Session, invoice_id: int) -> InvoiceSummary:
    found = _summaries(session, Invoice.id == invoice_id)
    if not found:
        raise NotFoundError("Cette facture n'existe pas (ou plus).")
    return found[0]


def invoice_detail_in(session: Session, invoice_id: int) -> InvoiceDetail:
    summary = invoice_summary_in(session, invoice_id)
    lines = tuple(InvoiceLineInfo(position=ln.position, description=ln.description,
                                  quantity_hundredths=ln.quantity_hundredths, unit_price=ln.unit_price,
                                  amount=ln.amount)
                  for ln in session.scalars(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_id)
                                            .order_by(InvoiceLine.position)))
    matter = session.get(Matter, summary.matter_id)
    client = session.get(Contact, summary.client_id)
    time_ids = tuple(session.scalars(select(TimeEntry.id).where(TimeEntry.invoice_id == invoice_id)
                                     .order_by(TimeEntry.id)))
    expense_ids = tuple(session.scalars(select(Expense.id).where(Expense.invoice_id == invoice_id)
                                        .order_by(Expense.id)))
    return InvoiceDetail(invoice=summary, lines=lines, matter_reference=matter.reference,
                         matter_title=matter.title, client_name=client.display_name,
                         time_entry_ids=time_ids, expense_ids=expense_ids)


def invoice_detail(db: Database, invoice_id: int) -> InvoiceDetail:
    with db.read() as s:
        return invoice_detail_in(s, invoice_id)


def billing_choices_in(session: Session, client_id: int) -> tuple[BillingChoice, ...]:
    ids = billing_contact_ids_in(session, client_id)
    names = dict(session.execute(select(Contact.id, Contact.display_name).where(Contact.id.in_(ids))).all())
    return tuple(BillingChoice(contact_id=i, name=names.get(i, "?"), is_client_itself=i == client_id)
                 for i in ids)


def unbilled_work(db: Database, matter_id: int) -> UnbilledWork:
    """The matter's unbilled billable time and expenses, with the billing contacts offered."""
    with db.read() as s:
        matter = s.get(Matter, matter_id)
        if matter is None:
            raise NotFoundError("Ce dossier n'existe pas (ou plus).")
        time = tuple(
            UnbilledTime(id=t.id, work_date=t.work_date, user_name=f"{first} {last}".strip(),
                         minutes=t.minutes, hourly_rate=t.hourly_rate, amount=t.amount,
                         description=t.description)
            for t, first, last in s.execute(
                select(TimeEntry, User.first_name, User.last_name)
                .join(User, User.id == TimeEntry.user_id)
                .where(TimeEntry.matter_id == matter_id, TimeEntry.invoice_id.is_(None),
                       TimeEntry.billable == true())
                .order_by(TimeEntry.work_date, TimeEntry.id)))
        expenses = tuple(
            UnbilledExpense(id=x.id, spent_on=x.spent_on, description=x.description, amount=x.amount)
            for x in s.scalars(select(Expense).where(
                Expense.matter_id == matter_id, Expense.invoice_id.is_(None), Expense.billable == true())
                .order_by(Expense.spent_on, Expense.id)))
        return UnbilledWork(matter_id=matter_id, client_id=matter.client_id, time=time,
                            expenses=expenses, billing_choices=billing_choices_in(s, matter.client_id),
                            vat_rate_bp=int(setting_in(s, "vat_rate_bp")))
