"""Retainers (provisions sur honoraires) of a matter: request, receipts, cancellation.

A provision is requested for an amount, then received in one or several payments: its status
goes *demandée* → *partiellement versée* → *versée*; receiving more than what is still due is
refused. Only a provision of which nothing was received can be cancelled.

Provisions are kept apart from fees: they are not payments of invoices and do not change the
matter's encours nor its solde dû (:mod:`balances`). Each request and each receipt writes an
event and a line in the client's journal (kind ``provision``). The provision row keeps the
total received and the date of the last receipt; each receipt's amount and date are in its
event and journal line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.finance.time_entries import check_not_future, load_writable_matter
from themisia_desktop.core.models import Interaction, Matter, Provision
from themisia_desktop.core.models.enums import InteractionKind, ProvisionStatus
from themisia_desktop.core.money import format_eur, parse_amount

ENTITY = "provision"
NOTE_MAX = 300
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ProvisionRow:
    id: int
    matter_id: int
    requested_on: date
    amount_requested: Decimal
    amount_received: Decimal
    received_on: date | None  # last receipt
    status: ProvisionStatus
    note: str | None

    @property
    def outstanding(self) -> Decimal:
        if self.status == ProvisionStatus.CANCELLED:
            return ZERO
        return self.amount_requested - self.amount_received

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def can_receive(self) -> bool:
        return self.status in (ProvisionStatus.REQUESTED, ProvisionStatus.PARTIAL)

    @property
    def can_cancel(self) -> bool:
        return self.status == ProvisionStatus.REQUESTED


@dataclass(frozen=True)
class ProvisionList:
    rows: tuple[ProvisionRow, ...]
    total_requested: Decimal  # cancelled provisions excluded
    total_received: Decimal
    total_outstanding: Decimal


def _positive(value: Decimal | str, field: str) -> Decimal:
    if isinstance(value, float):
        raise ValidationError("Montant invalide.", field=field)
    amount = parse_amount(value if value is not None else "", field=field)
    if amount <= 0:
        raise ValidationError("Le montant doit être supérieur à zéro.", field=field)
    return amount


def _row(p: Provision) -> ProvisionRow:
    return ProvisionRow(id=p.id, matter_id=p.matter_id, requested_on=p.requested_on,
                        amount_requested=p.amount_requested, amount_received=p.amount_received,
                        received_on=p.received_on, status=ProvisionStatus(p.status), note=p.note)


def _journal(session: Session, clock: Clock, matter: Matter, subject: str, *,
             user_id: int | None, details: dict) -> None:
    session.add(Interaction(contact_id=matter.client_id, matter_id=matter.id,
                            kind=InteractionKind.PROVISION.value, occurred_at=clock.now(),
                            subject=subject, user_id=user_id, details=details))


def _fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


# -- request ---------------------------------------------------------------------------------
def request_provision_in(session: Session, clock: Clock, matter_id: int, amount: Decimal | str,
                         requested_on: date, note: str | None = None, *,
                         user_id: int | None = None) -> int:
    value = _positive(amount, "amount")
    check_not_future(requested_on, clock.today(), field="requested_on")
    note = " ".join((note or "").split()) or None
    if note is not None and len(note) > NOTE_MAX:
        raise ValidationError(f"La note dépasse {NOTE_MAX} caractères.", field="note")
    matter = load_writable_matter(session, matter_id, what="demander de provision")
    row = Provision(matter_id=matter.id, requested_on=requested_on, amount_requested=value,
                    amount_received=ZERO, status=ProvisionStatus.REQUESTED.value, note=note,
                    created_at=clock.now())
    session.add(row)
    session.flush()
    record_event(session, kind=EventKind.CREATED, entity_type=ENTITY, entity_id=row.id,
                 at=clock.now(), user_id=user_id,
                 payload={"matter_id": matter.id, "client_id": matter.client_id,
                          "amount_requested": str(value), "requested_on": requested_on.isoformat(),
                          "status": row.status})
    _journal(session, clock, matter,
             f"Provision demandée : {format_eur(value)} (dossier {matter.reference})",
             user_id=user_id, details={"provision_id": row.id, "action": "requested",
                                       "amount": str(value)})
    return row.id


def request_provision(db: Database, clock: Clock, matter_id: int, amount: Decimal | str,
                      requested_on: date, note: str | None = None, *,
                      user_id: int | None = None) -> int:
    """Ask the client for a retainer on a matter; returns the provision's id."""
    with db.write() as s:
        return request_provision_in(s, clock, matter_id, amount, requested_on, note,
                                    user_id=user_id)


def _load(session: Session, provision_id: int) -> tuple[Provision, Matter]:
    row = session.get(Provision, provision_id)
    if row is None:
        raise NotFoundError("Cette provision n'existe pas (ou plus).")
    return row, session.get(Matter, row.matter_id)


# -- receipt ---------------------------------------------------------------------------------
def record_provision_receipt_in(session: Session, clock: Clock, provision_id: int,
                                amount: Decimal | str, received_on: date, *,
                                user_id: int | None = None) -> ProvisionRow:
    value = _positive(amount, "amount")
    check_not_future(received_on, clock.today(), field="received_on")
    row, matter = _load(session, provision_id)
    status = ProvisionStatus(row.status)
    if status == ProvisionStatus.CANCELLED:
        raise ValidationError("Cette provision a été annulée : aucun versement ne peut y être "
                              "enregistré.", field="amount")
    if status == ProvisionStatus.RECEIVED:
        raise ValidationError("Cette provision est déjà entièrement versée.", field="amount")
    if received_on < row.requested_on:
        raise ValidationError(f"Le versement ne peut pas précéder la demande ({_fr(row.requested_on)}).",
                              field="received_on")
    outstanding = row.amount_requested - row.amount_received
    if value > outstanding:
        raise ValidationError(f"Ce versement dépasse le reste à recevoir ({format_eur(outstanding)}).",
                              field="amount")
    old_received = row.amount_received
    row.amount_received = old_received + value
    row.received_on = received_on
    row.status = (ProvisionStatus.RECEIVED if row.amount_received == row.amount_requested
                  else ProvisionStatus.PARTIAL).value
    changes: dict = {"amount_received": [str(old_received), str(row.amount_received)]}
    if row.status != status.value:
        changes["status"] = [status.value, row.status]
    record_event(session, kind=EventKind.STATUS_CHANGED if "status" in changes else EventKind.UPDATED,
                 entity_type=ENTITY, entity_id=row.id, at=clock.now(), user_id=user_id,
                 payload={"changes": changes, "matter_id": row.matter_id,
                          "client_id": matter.client_id,
                          "receipt": {"amount": str(value), "received_on": received_on.isoformat()}})
    _journal(session, clock, matter,
             f"Provision reçue : {format_eur(value)} sur {format_eur(row.amount_requested)} "
             f"(dossier {matter.reference})",
             user_id=user_id, details={"provision_id": row.id, "action": "received",
                                       "amount": str(value), "received_on": received_on.isoformat()})
    session.flush()
    return _row(row)


def record_provision_receipt(db: Database, clock: Clock, provision_id: int, amount: Decimal | str,
                             received_on: date, *, user_id: int | None = None) -> ProvisionRow:
    """Record a payment (full or partial) of a requested provision."""
    with db.write() as s:
        return record_provision_receipt_in(s, clock, provision_id, amount, received_on,
                                           user_id=user_id)


# -- cancellation ----------------------------------------------------------------------------
def cancel_provision(db: Database, clock: Clock, provision_id: int, *,
                     user_id: int | None = None) -> ProvisionRow:
    """Cancel a provision of which nothing was received."""
    with db.write() as s:
        row, matter = _load(s, provision_id)
        status = ProvisionStatus(row.status)
        if status == ProvisionStatus.CANCELLED:
            raise ValidationError("Cette provision est déjà annulée.", field="status")
        if status != ProvisionStatus.REQUESTED:
            raise ValidationError("Une partie de cette provision a déjà été versée : elle ne peut "
                                  "plus être annulée.", field="status")
        row.status = ProvisionStatus.CANCELLED.value
        record_event(s, kind=EventKind.STATUS_CHANGED, entity_type=ENTITY, entity_id=row.id,
                     at=clock.now(), user_id=user_id,
                     payload={"changes": {"status": [status.value, row.status]},
                              "matter_id": row.matter_id, "client_id": matter.client_id})
        _journal(s, clock, matter,
                 f"Provision annulée : {format_eur(row.amount_requested)} (dossier {matter.reference})",
                 user_id=user_id, details={"provision_id": row.id, "action": "cancelled"})
        s.flush()
        return _row(row)


# -- reads -----------------------------------------------------------------------------------
def totals_of(rows: tuple[ProvisionRow, ...] | list[ProvisionRow]) -> tuple[Decimal, Decimal, Decimal]:
    live = [r for r in rows if r.status != ProvisionStatus.CANCELLED]
    requested = sum((r.amount_requested for r in live), ZERO)
    received = sum((r.amount_received for r in live), ZERO)
    return requested, received, sum((r.outstanding for r in live), ZERO)


def list_provisions_in(session: Session, matter_id: int) -> ProvisionList:
    rows = tuple(_row(p) for p in session.scalars(
        select(Provision).where(Provision.matter_id == matter_id)
        .order_by(Provision.requested_on.desc(), Provision.id.desc())))
    requested, received, outstanding = totals_of(rows)
    return ProvisionList(rows=rows, total_requested=requested, total_received=received,
                         total_outstanding=outstanding)


def list_provisions(db: Database, matter_id: int) -> ProvisionList:
    """The provisions of a matter, newest first, with the totals requested / received / due."""
    with db.read() as s:
        return list_provisions_in(s, matter_id)


def get_provision(db: Database, provision_id: int) -> ProvisionRow:
    with db.read() as s:
        row = s.get(Provision, provision_id)
        if row is None:
            raise NotFoundError("Cette provision n'existe pas (ou plus).")
        return _row(row)
