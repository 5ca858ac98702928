"""The 360° card of a contact: header, live banner, journal and the tabs (dossiers, factures,
règlements, temps), read in one read-only unit of work and returned as plain dataclasses.

Every tab is limited to its most recent ``TAB_LIMIT`` rows (newest first) and read through an
index (matter by client, invoice by client, payment by client and date, time by matter,
interaction by contact and time). :func:`add_journal_entry` writes a call, a meeting or a note
and its event in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import PARIS, Clock
from themisia_desktop.core.contacts.kyc import effective_status
from themisia_desktop.core.contacts.lifecycle import allowed_transitions
from themisia_desktop.core.contacts.records import load_contact
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.balances import Banner, client_banner_in
from themisia_desktop.core.models import (
    Interaction,
    Invoice,
    Matter,
    Payment,
    PaymentAllocation,
    TimeEntry,
    User,
)
from themisia_desktop.core.models.enums import (
    ContactKind,
    ContactStatus,
    InteractionKind,
    InvoiceStatus,
    KycStatus,
    MatterStatus,
)

TAB_LIMIT = 500
JOURNAL_PAGE = 100
JOURNAL_KINDS = (InteractionKind.CALL, InteractionKind.MEETING, InteractionKind.NOTE)
SUBJECT_MAX = 300
DRAFT_NUMBER = "brouillon"


# -- dataclasses ----------------------------------------------------------------------------
@dataclass(frozen=True)
class CardHeader:
    id: int
    display_name: str
    kind: ContactKind
    status: ContactStatus
    kyc_status: KycStatus          # as seen today (validated past its expiry → expired)
    kyc_expires_on: date | None
    primary_email: str | None
    primary_phone: str | None
    city: str | None
    transitions: tuple[ContactStatus, ...]  # what « Changer de statut » offers
    merged_into_id: int | None = None

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def kyc_label(self) -> str:
        text = f"KYC : {self.kyc_status.label}"
        if self.kyc_expires_on is not None and self.kyc_status in (KycStatus.VALIDATED,
                                                                   KycStatus.EXPIRED):
            verb = "expire le" if self.kyc_status == KycStatus.VALIDATED else "expiré le"
            text += f" ({verb} {fr_date(self.kyc_expires_on)})"
        return text


@dataclass(frozen=True)
class JournalLine:
    id: int
    kind: InteractionKind
    occurred_at: datetime  # aware UTC
    subject: str
    body: str | None
    user_name: str | None
    matter_reference: str | None = None

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def when_text(self) -> str:
        return fr_datetime(self.occurred_at)


@dataclass(frozen=True)
class JournalPage:
    lines: tuple[JournalLine, ...]
    offset: int
    has_more: bool


@dataclass(frozen=True)
class MatterRow:
    id: int
    reference: str
    title: str
    status: MatterStatus
    opened_on: date
    responsible: str

    @property
    def status_label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class InvoiceRow:
    id: int
    number: str  # "brouillon" while not validated
    issued_on: date | None
    status: InvoiceStatus
    total_incl_tax: Decimal
    due_on: date | None
    doubtful: bool
    matter_reference: str
    is_credit_note: bool = False

    @property
    def status_label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class PaymentRow:
    id: int
    received_on: date
    amount: Decimal
    method: str
    reference: str | None
    invoices: tuple[str, ...]  # numbers of the invoices it was allocated to


@dataclass(frozen=True)
class TimeRow:
    id: int
    work_date: date
    lawyer: str
    matter_reference: str
    minutes: int
    description: str
    hourly_rate: Decimal
    amount: Decimal
    billable: bool
    billed: bool

    @property
    def duration(self) -> str:
        return duration_text(self.minutes)


@dataclass(frozen=True)
class ContactCard:
    header: CardHeader
    banner: Banner
    journal: JournalPage
    matters: tuple[MatterRow, ...]
    invoices: tuple[InvoiceRow, ...]
    payments: tuple[PaymentRow, ...]
    time: tuple[TimeRow, ...]


# -- formatting helpers (plain text, no Qt) -------------------------------------------------
def fr_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def fr_datetime(instant: datetime | None) -> str:
    if instant is None:
        return ""
    return instant.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")


def duration_text(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _user_name(first: str | None, last: str | None) -> str | None:
    name = f"{first or ''} {last or ''}".strip()
    return name or None


# -- queries in a session -------------------------------------------------------------------
def header_in(session: Session, contact_id: int, today: date) -> CardHeader:
    c = load_contact(session, contact_id)
    status = ContactStatus(c.status)
    transitions = (() if c.kind == ContactKind.JURISDICTION or c.merged_into_id is not None
                   else tuple(allowed_transitions(status)))
    return CardHeader(
        id=c.id, display_name=c.display_name, kind=ContactKind(c.kind), status=status,
        kyc_status=effective_status(c.kyc_status, c.kyc_expires_on, today),
        kyc_expires_on=c.kyc_expires_on, primary_email=c.primary_email,
        primary_phone=c.primary_phone, city=c.city, transitions=transitions,
        merged_into_id=c.merged_into_id)


def journal_in(session: Session, contact_id: int, *, offset: int = 0,
               limit: int = JOURNAL_PAGE) -> JournalPage:
    """Journal lines of a contact, newest first, ``limit`` from ``offset``."""
    rows = session.execute(
        select(Interaction.id, Interaction.kind, Interaction.occurred_at, Interaction.subject,
               Interaction.body, User.first_name, User.last_name, Matter.reference)
        .outerjoin(User, User.id == Interaction.user_id)
        .outerjoin(Matter, Matter.id == Interaction.matter_id)
        .where(Interaction.contact_id == contact_id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .offset(offset).limit(limit + 1)).all()
    lines = tuple(JournalLine(id=r[0], kind=_interaction_kind(r[1]), occurred_at=r[2], subject=r[3],
                              body=r[4], user_name=_user_name(r[5], r[6]), matter_reference=r[7])
                  for r in rows[:limit])
    return JournalPage(lines=lines, offset=offset, has_more=len(rows) > limit)


def _interaction_kind(value: str) -> InteractionKind:
    try:
        return InteractionKind(value)
    except ValueError:
        return InteractionKind.NOTE


def matters_in(session: Session, contact_id: int, limit: int = TAB_LIMIT) -> tuple[MatterRow, ...]:
    rows = session.execute(
        select(Matter.id, Matter.reference, Matter.title, Matter.status, Matter.opened_on,
               User.first_name, User.last_name)
        .join(User, User.id == Matter.responsible_id)
        .where(Matter.client_id == contact_id)
        .order_by(Matter.opened_on.desc(), Matter.id.desc()).limit(limit)).all()
    return tuple(MatterRow(id=r[0], reference=r[1], title=r[2], status=MatterStatus(r[3]),
                           opened_on=r[4], responsible=_user_name(r[5], r[6]) or "")
                 for r in rows)


def invoices_in(session: Session, contact_id: int, limit: int = TAB_LIMIT) -> tuple[InvoiceRow, ...]:
    # Drafts have no date yet: they come first (the newest work), then by issue date.
    rows = session.execute(
        select(Invoice.id, Invoice.number, Invoice.issued_on, Invoice.status,
               Invoice.total_incl_tax, Invoice.due_on, Invoice.is_doubtful, Matter.reference,
               Invoice.credit_note_for_id)
        .join(Matter, Matter.id == Invoice.matter_id)
        .where(Invoice.client_id == contact_id)
        .order_by(Invoice.issued_on.is_(None).desc(), Invoice.issued_on.desc(), Invoice.id.desc())
        .limit(limit)).all()
    return tuple(InvoiceRow(id=r[0], number=r[1] or DRAFT_NUMBER, issued_on=r[2],
                            status=InvoiceStatus(r[3]), total_incl_tax=r[4], due_on=r[5],
                            doubtful=bool(r[6]), matter_reference=r[7],
                            is_credit_note=r[8] is not None)
                 for r in rows)


def payments_in(session: Session, contact_id: int, limit: int = TAB_LIMIT) -> tuple[PaymentRow, ...]:
    rows = session.execute(
        select(Payment.id, Payment.received_on, Payment.amount, Payment.method, Payment.reference)
        .where(Payment.client_id == contact_id)
        .order_by(Payment.received_on.desc(), Payment.id.desc()).limit(limit)).all()
    numbers: dict[int, list[str]] = {}
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), 250):  # stay under every backend's parameter limit
        chunk = ids[start:start + 250]
        for payment_id, number in session.execute(
                select(PaymentAllocation.payment_id, Invoice.number)
                .join(Invoice, Invoice.id == PaymentAllocation.invoice_id)
                .where(PaymentAllocation.payment_id.in_(chunk))
                .order_by(PaymentAllocation.payment_id, Invoice.number)):
            numbers.setdefault(payment_id, []).append(number or DRAFT_NUMBER)
    return tuple(PaymentRow(id=r[0], received_on=r[1], amount=r[2], method=r[3], reference=r[4],
                            invoices=tuple(numbers.get(r[0], ())))
                 for r in rows)


def time_in(session: Session, contact_id: int, limit: int = TAB_LIMIT) -> tuple[TimeRow, ...]:
    rows = session.execute(
        select(TimeEntry.id, TimeEntry.work_date, User.first_name, User.last_name,
               Matter.reference, TimeEntry.minutes, TimeEntry.description,
               TimeEntry.hourly_rate, TimeEntry.amount, TimeEntry.billable, TimeEntry.invoice_id)
        .join(Matter, Matter.id == TimeEntry.matter_id)
        .join(User, User.id == TimeEntry.user_id)
        .where(Matter.client_id == contact_id)
        .order_by(TimeEntry.work_date.desc(), TimeEntry.id.desc()).limit(limit)).all()
    return tuple(TimeRow(id=r[0], work_date=r[1], lawyer=_user_name(r[2], r[3]) or "",
                         matter_reference=r[4], minutes=r[5], description=r[6], hourly_rate=r[7],
                         amount=r[8], billable=bool(r[9]), billed=r[10] is not None)
                 for r in rows)


# -- services -------------------------------------------------------------------------------
def load_card(db: Database, contact_id: int, today: date) -> ContactCard:
    """Everything the card shows, in one read (one consistent snapshot)."""
    with db.read() as s:
        return ContactCard(
            header=header_in(s, contact_id, today), banner=client_banner_in(s, contact_id, today),
            journal=journal_in(s, contact_id), matters=matters_in(s, contact_id),
            invoices=invoices_in(s, contact_id), payments=payments_in(s, contact_id),
            time=time_in(s, contact_id))


def card_header(db: Database, contact_id: int, today: date) -> CardHeader:
    with db.read() as s:
        return header_in(s, contact_id, today)


def journal(db: Database, contact_id: int, *, offset: int = 0,
            limit: int = JOURNAL_PAGE) -> JournalPage:
    with db.read() as s:
        return journal_in(s, contact_id, offset=offset, limit=limit)


def journal_count(db: Database, contact_id: int) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Interaction)
                        .where(Interaction.contact_id == contact_id)) or 0


def add_journal_entry(db: Database, clock: Clock, contact_id: int, kind: str, subject: str,
                      body: str | None = None, user_id: int | None = None, *,
                      occurred_at: datetime | None = None) -> JournalLine:
    """Write a call, a meeting or a note in the contact's journal, and its event, in one
    transaction. Refused (nothing written) with a French message on bad input."""
    try:
        line_kind = InteractionKind(kind)
    except ValueError:
        line_kind = None
    if line_kind not in JOURNAL_KINDS:
        raise ValidationError("Une ligne de journal est un appel, un rendez-vous ou une note.",
                              field="kind")
    subject = " ".join((subject or "").split())
    if not subject:
        raise ValidationError("L'objet est obligatoire.", field="subject")
    if len(subject) > SUBJECT_MAX:
        raise ValidationError(f"L'objet ne peut dépasser {SUBJECT_MAX} caractères.", field="subject")
    body = (body or "").strip() or None
    when = occurred_at or clock.now()
    if when.tzinfo is None:
        raise ValidationError("La date de la ligne doit porter un fuseau horaire.", field="occurred_at")
    with db.write() as s:
        contact = load_contact(s, contact_id, for_write=True)
        line = Interaction(contact_id=contact.id, kind=line_kind.value, occurred_at=when,
                           subject=subject, body=body, user_id=user_id)
        s.add(line)
        s.flush()
        record_event(s, kind=EventKind.CREATED, entity_type="interaction", entity_id=line.id,
                     at=clock.now(), user_id=user_id,
                     payload={"contact_id": contact.id, "kind": line_kind.value})
        user = s.get(User, user_id) if user_id is not None else None
        return JournalLine(id=line.id, kind=line_kind, occurred_at=when, subject=subject, body=body,
                           user_name=user.full_name if user else None)
