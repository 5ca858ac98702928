"""Time spent on a matter: entry, correction, deletion and the list of a matter.

The hourly rate is resolved when the time is entered (:func:`rates.resolve_rate`, in the same
transaction) and stored on the entry with its source: a rate negotiated or changed later never
changes time already entered. A correction re-resolves the rate only when the lawyer, the date
or the client changes; a new duration is priced at the rate the entry already holds.

Invoiced time (``invoice_id`` set, draft invoices included) is never edited nor deleted; nor is
the time of a closed or archived matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.finance.durations import check_minutes, format_duration
from themisia_desktop.core.finance.rates import SOURCE_LABELS, resolve_rate
from themisia_desktop.core.models import Invoice, Matter, TimeEntry, User
from themisia_desktop.core.models.enums import MatterStatus

ENTITY = "time_entry"
CENT = Decimal("0.01")
WRITABLE_MATTER_STATUSES = (MatterStatus.OPEN.value, MatterStatus.PENDING.value)
DESCRIPTION_MAX = 500


@dataclass(frozen=True)
class TimeInput:
    matter_id: int
    user_id: int  # the lawyer who spent the time
    work_date: date
    minutes: int
    description: str
    billable: bool = True


@dataclass(frozen=True)
class TimeRow:
    id: int
    matter_id: int
    user_id: int
    lawyer: str
    work_date: date
    minutes: int
    description: str
    hourly_rate: Decimal
    rate_source: str
    amount: Decimal
    billable: bool
    invoice_id: int | None
    invoice_number: str | None

    @property
    def duration(self) -> str:
        return format_duration(self.minutes)

    @property
    def rate_source_label(self) -> str:
        return SOURCE_LABELS.get(self.rate_source, self.rate_source)

    @property
    def invoiced(self) -> bool:
        return self.invoice_id is not None

    @property
    def invoice_label(self) -> str:
        """« F2026-00012 », « Brouillon » (on a draft invoice) or "" (not invoiced)."""
        if self.invoice_id is None:
            return ""
        return self.invoice_number or "Brouillon"


@dataclass(frozen=True)
class TimeList:
    rows: tuple[TimeRow, ...]
    total_minutes: int
    billable_minutes: int
    billable_amount: Decimal  # billable time, invoiced or not
    unbilled_amount: Decimal  # billable and not invoiced yet (the matter's "encours" of time)
    invoiced_amount: Decimal


# -- shared checks (also used by expenses and provisions) ------------------------------------
def load_writable_matter(session: Session, matter_id: int, *, what: str) -> Matter:
    """The matter, if it is open or pending; ``what`` completes « on ne peut plus y … »."""
    matter = session.get(Matter, matter_id)
    if matter is None:
        raise NotFoundError(f"Le dossier n° {matter_id} n'existe pas.")
    if matter.status not in WRITABLE_MATTER_STATUSES:
        label = MatterStatus(matter.status).label.lower()
        raise ValidationError(f"Le dossier {matter.reference} est {label} : on ne peut plus y {what}.",
                              field="matter")
    return matter


def check_not_future(day: date | None, today: date, *, field: str) -> date:
    if not isinstance(day, date):
        raise ValidationError("Indiquez la date.", field=field)
    if day > today:
        raise ValidationError(
            f"La date ne peut pas être postérieure à aujourd'hui ({today.strftime('%d/%m/%Y')}).",
            field=field)
    return day


def clean_description(text: str | None) -> str:
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise ValidationError("Décrivez le travail effectué.", field="description")
    if len(cleaned) > DESCRIPTION_MAX:
        raise ValidationError(f"La description dépasse {DESCRIPTION_MAX} caractères.",
                              field="description")
    return cleaned


def invoiced_refusal(session: Session, invoice_id: int, what: str) -> ValidationError:
    number = session.scalar(select(Invoice.number).where(Invoice.id == invoice_id))
    where = f"la facture {number}" if number else "une facture en brouillon"
    return ValidationError(f"{what} figure sur {where} : modification et suppression impossibles.",
                           field="invoice")


def amount_for(minutes: int, rate: Decimal) -> Decimal:
    return (Decimal(minutes) * rate / 60).quantize(CENT, rounding=ROUND_HALF_UP)


# -- writes ------------------------------------------------------------------------------------
def _check(session: Session, clock: Clock, data: TimeInput) -> tuple[Matter, int, str]:
    minutes = check_minutes(data.minutes)
    description = clean_description(data.description)
    check_not_future(data.work_date, clock.today(), field="work_date")
    matter = load_writable_matter(session, data.matter_id, what="saisir de temps")
    lawyer = session.get(User, data.user_id)
    if lawyer is None:
        raise ValidationError("Choisissez l'avocat qui a passé ce temps.", field="lawyer")
    if not lawyer.is_active:
        raise ValidationError(f"{lawyer.full_name} n'est plus actif : son temps ne peut plus être "
                              "saisi.", field="lawyer")
    return matter, minutes, description


def _snapshot(entry: TimeEntry) -> dict[str, Any]:
    return {"matter_id": entry.matter_id, "user_id": entry.user_id,
            "work_date": entry.work_date.isoformat(), "minutes": entry.minutes,
            "description": entry.description, "billable": entry.billable,
            "hourly_rate": str(entry.hourly_rate), "rate_source": entry.rate_source,
            "amount": str(entry.amount)}


def record_time_in(session: Session, clock: Clock, data: TimeInput, *,
                   user_id: int | None = None) -> int:
    matter, minutes, description = _check(session, clock, data)
    rate = resolve_rate(session, client_id=matter.client_id, user_id=data.user_id,
                        on_date=data.work_date)
    entry = TimeEntry(matter_id=matter.id, user_id=data.user_id, work_date=data.work_date,
                      minutes=minutes, description=description, billable=bool(data.billable),
                      hourly_rate=rate.rate, rate_source=rate.source,
                      amount=amount_for(minutes, rate.rate), created_at=clock.now())
    session.add(entry)
    session.flush()
    record_event(session, kind=EventKind.CREATED, entity_type=ENTITY, entity_id=entry.id,
                 at=clock.now(), user_id=user_id, payload=_snapshot(entry))
    return entry.id


def record_time(db: Database, clock: Clock, data: TimeInput, *, user_id: int | None = None) -> int:
    """Enter time on a matter at the rate that applies to its client; returns the entry's id."""
    with db.write() as s:
        return record_time_in(s, clock, data, user_id=user_id)


def _load_editable(session: Session, entry_id: int) -> TimeEntry:
    entry = session.get(TimeEntry, entry_id)
    if entry is None:
        raise NotFoundError("Ce temps n'existe pas (ou plus).")
    if entry.invoice_id is not None:
        raise invoiced_refusal(session, entry.invoice_id, "Ce temps")
    load_writable_matter(session, entry.matter_id, what="modifier le temps")
    return entry


def update_time(db: Database, clock: Clock, entry_id: int, data: TimeInput, *,
                user_id: int | None = None) -> TimeRow:
    """Correct a time entry that is not invoiced. The event lists what changed."""
    with db.write() as s:
        entry = _load_editable(s, entry_id)
        matter, minutes, description = _check(s, clock, data)
        before = _snapshot(entry)
        old_client = s.get(Matter, entry.matter_id).client_id
        if (data.user_id, data.work_date, matter.client_id) != (entry.user_id, entry.work_date,
                                                                 old_client):
            rate = resolve_rate(s, client_id=matter.client_id, user_id=data.user_id,
                                on_date=data.work_date)
            entry.hourly_rate, entry.rate_source = rate.rate, rate.source
        entry.matter_id, entry.user_id, entry.work_date = matter.id, data.user_id, data.work_date
        entry.minutes, entry.description, entry.billable = minutes, description, bool(data.billable)
        entry.amount = amount_for(minutes, entry.hourly_rate)
        after = _snapshot(entry)
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if changes:
            record_event(s, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=entry.id,
                         at=clock.now(), user_id=user_id,
                         payload={"changes": changes, "amount": after["amount"],
                                  "matter_id": entry.matter_id})
        s.flush()
        return _rows(s, TimeEntry.id == entry.id)[0]


def delete_time(db: Database, clock: Clock, entry_id: int, *, user_id: int | None = None) -> None:
    """Delete a time entry that is not invoiced."""
    with db.write() as s:
        entry = _load_editable(s, entry_id)
        snapshot = _snapshot(entry)
        s.delete(entry)
        record_event(s, kind=EventKind.DELETED, entity_type=ENTITY, entity_id=entry_id,
                     at=clock.now(), user_id=user_id, payload={"deleted": snapshot})


# -- reads -------------------------------------------------------------------------------------
def _rows(session: Session, where) -> list[TimeRow]:  # noqa: ANN001
    result = session.execute(
        select(TimeEntry, User.first_name, User.last_name, Invoice.number)
        .join(User, User.id == TimeEntry.user_id)
        .outerjoin(Invoice, Invoice.id == TimeEntry.invoice_id)
        .where(where)
        .order_by(TimeEntry.work_date.desc(), TimeEntry.id.desc()))
    return [TimeRow(id=t.id, matter_id=t.matter_id, user_id=t.user_id,
                    lawyer=f"{first} {last}".strip(), work_date=t.work_date, minutes=t.minutes,
                    description=t.description, hourly_rate=t.hourly_rate,
                    rate_source=t.rate_source, amount=t.amount, billable=t.billable,
                    invoice_id=t.invoice_id, invoice_number=number)
            for t, first, last, number in result]


def get_time(db: Database, entry_id: int) -> TimeRow:
    with db.read() as s:
        rows = _rows(s, TimeEntry.id == entry_id)
    if not rows:
        raise NotFoundError("Ce temps n'existe pas (ou plus).")
    return rows[0]


def list_time(db: Database, matter_id: int, *, lawyer_id: int | None = None) -> TimeList:
    """The time of a matter, newest first, with its totals (optionally one lawyer's only)."""
    with db.read() as s:
        where = TimeEntry.matter_id == matter_id
        if lawyer_id is not None:
            where = where & (TimeEntry.user_id == lawyer_id)
        rows = _rows(s, where)
    billable = [r for r in rows if r.billable]
    zero = Decimal("0.00")
    return TimeList(
        rows=tuple(rows), total_minutes=sum(r.minutes for r in rows),
        billable_minutes=sum(r.minutes for r in billable),
        billable_amount=sum((r.amount for r in billable), zero),
        unbilled_amount=sum((r.amount for r in billable if not r.invoiced), zero),
        invoiced_amount=sum((r.amount for r in rows if r.invoiced), zero))


@dataclass(frozen=True)
class MatterRef:
    """What the time, expense and provision forms need to know about their matter."""

    id: int
    reference: str
    client_id: int
    status: MatterStatus
    lawyers: tuple[tuple[int, str], ...]  # active users (id, full name), by name

    @property
    def writable(self) -> bool:
        return self.status.value in WRITABLE_MATTER_STATUSES


def matter_ref(db: Database, matter_id: int) -> MatterRef:
    with db.read() as s:
        matter = s.get(Matter, matter_id)
        if matter is None:
            raise NotFoundError(f"Le dossier n° {matter_id} n'existe pas.")
        users = s.execute(select(User.id, User.first_name, User.last_name)
                          .where(User.is_active.is_(True))
                          .order_by(User.last_name, User.first_name, User.id)).all()
        return MatterRef(id=matter.id, reference=matter.reference, client_id=matter.client_id,
                         status=MatterStatus(matter.status),
                         lawyers=tuple((uid, f"{first} {last}".strip())
                                       for uid, first, last in users))
