"""Payments received from a client, allocated to its invoices.

* A payment is split over one or more invoices of the same client (partial payments allowed).
  An allocation may not exceed what remains due on that invoice, and only a validated or sent
  invoice (not a draft, a paid or cancelled invoice, nor a credit note) can receive one.
* The whole amount must be allocated: a remainder is refused (the firm records an overpayment
  as a retainer, elsewhere), so the banner's solde dû is always invoices minus allocations.
* An invoice whose remaining reaches 0 becomes *payée*; deleting a payment puts it back to
  *envoyée* (or *validée* if it was never sent).

Each payment writes an event (``payment`` created/deleted, and a status change for each invoice
that becomes or stops being paid) and a journal line on the client card.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, func, select, type_coerce
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.db.types import from_cents
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.finance.invoice_build import invoice_label
from themisia_desktop.core.models import Contact, Interaction, Invoice, Payment, PaymentAllocation
from themisia_desktop.core.models.enums import InteractionKind, InvoiceStatus
from themisia_desktop.core.money import format_eur, parse_amount

ENTITY = "payment"
S = InvoiceStatus

# Codes as stored (the demo data uses the same), French labels as shown.
PAYMENT_METHODS: dict[str, str] = {
    "transfer": "Virement",
    "cheque": "Chèque",
    "card": "Carte bancaire",
    "cash": "Espèces",
    "carpa": "CARPA",
    "direct_debit": "Prélèvement",
}


def method_label(code: str) -> str:
    return PAYMENT_METHODS.get(code, code)


@dataclass(frozen=True)
class PaymentInfo:
    id: int
    client_id: int
    received_on: date
    amount: Decimal
    method: str
    method_label: str
    reference: str | None
    allocations: tuple[tuple[int, Decimal], ...]  # (invoice id, amount)


def paid_on_in(session: Session, invoice_id: int) -> Decimal:
    cents = session.scalar(select(func.coalesce(func.sum(type_coerce(PaymentAllocation.amount, BigInteger)), 0))
                           .where(PaymentAllocation.invoice_id == invoice_id))
    return from_cents(int(cents))


def _grouped(allocations: Iterable[tuple[int, Decimal | str]]) -> dict[int, Decimal]:
    out: dict[int, Decimal] = {}
    for invoice_id, amount in allocations:
        value = parse_amount(amount, field="allocations")
        if value <= 0:
            raise ValidationError("Chaque montant affecté à une facture doit être positif.",
                                  field="allocations")
        out[int(invoice_id)] = out.get(int(invoice_id), Decimal("0.00")) + value
    return out


def record_payment_in(session: Session, clock: Clock, client_id: int, amount: Decimal | str,
                      received_on: date, method: str, reference: str | None = None,
                      allocations: Iterable[tuple[int, Decimal | str]] = (), *,
                      user_id: int | None = None) -> int:
    value = parse_amount(amount, field="amount")
    if value <= 0:
        raise ValidationError("Le montant du règlement doit être supérieur à zéro.", field="amount")
    if received_on is None or received_on > clock.today():
        raise ValidationError("La date de réception ne peut pas être dans le futur.", field="received_on")
    if method not in PAYMENT_METHODS:
        raise ValidationError("Choisissez le mode de règlement.", field="method")
    ref = (reference or "").strip() or None
    if ref is not None and len(ref) > 100:
        raise ValidationError("La référence est trop longue (100 caractères au plus).", field="reference")
    wanted = _grouped(allocations)
    if not wanted:
        raise ValidationError("Affectez le règlement à au moins une facture.", field="allocations")
    allocated = sum(wanted.values(), Decimal("0.00"))
    if allocated != value:
        raise ValidationError(
            f"Le montant affecté aux factures ({format_eur(allocated)}) doit être égal au montant du "
            f"règlement ({format_eur(value)}).", field="amount")
    if session.get(Contact, client_id) is None:
        raise NotFoundError("Ce client n'existe pas (ou plus).")
    invoices = {i.id: i for i in session.scalars(
        select(Invoice).where(Invoice.id.in_(list(wanted))).order_by(Invoice.id).with_for_update())}
    for invoice_id, part in wanted.items():
        inv = invoices.get(invoice_id)
        if inv is None or inv.client_id != client_id:
            raise ValidationError("Une des factures choisies n'est pas une facture de ce client.",
                                  field="allocations")
        if inv.credit_note_for_id is not None or inv.status not in (S.VALIDATED, S.SENT):
            raise ValidationError(f"{invoice_label(inv)} est « {S(inv.status).label} » : elle ne peut "
                                  "pas recevoir de règlement.", field="allocations")
        remaining = inv.total_incl_tax - paid_on_in(session, inv.id)
        if part > remaining:
            raise ValidationError(f"Il ne reste que {format_eur(remaining)} à régler sur la facture "
                                  f"{inv.number} : {format_eur(part)} ne peut pas lui être affecté.",
                                  field="allocations")
    now = clock.now()
    payment = Payment(client_id=client_id, received_on=received_on, amount=value, method=method,
                      reference=ref, created_at=now)
    session.add(payment)
    session.flush()
    for invoice_id, part in wanted.items():
        session.add(PaymentAllocation(payment_id=payment.id, invoice_id=invoice_id, amount=part))
    session.flush()
    numbers = []
    for invoice_id in wanted:
        inv = invoices[invoice_id]
        numbers.append(inv.number)
        if paid_on_in(session, inv.id) >= inv.total_incl_tax:
            before, inv.status, inv.updated_at = inv.status, S.PAID.value, now
            record_event(session, kind=EventKind.STATUS_CHANGED, entity_type="invoice", entity_id=inv.id,
                         at=now, user_id=user_id, payload={"changes": {"status": [before, S.PAID.value]},
                                                           "payment_id": payment.id})
    record_event(session, kind=EventKind.CREATED, entity_type=ENTITY, entity_id=payment.id, at=now,
                 user_id=user_id, payload={"client_id": client_id, "amount": str(value), "method": method,
                                           "allocations": {str(k): str(v) for k, v in wanted.items()}})
    first = invoices[next(iter(wanted))]
    session.add(Interaction(
        contact_id=client_id, matter_id=first.matter_id if len(wanted) == 1 else None,
        kind=InteractionKind.PAYMENT.value, occurred_at=now, user_id=user_id,
        subject=f"Règlement de {format_eur(value)} reçu ({method_label(method)}) — "
                f"facture{'s' if len(numbers) > 1 else ''} {', '.join(numbers)}",
        details={"payment_id": payment.id, "reference": ref}))
    return payment.id


def record_payment(db: Database, clock: Clock, client_id: int, amount: Decimal | str, received_on: date,
                   method: str, reference: str | None = None,
                   allocations: Iterable[tuple[int, Decimal | str]] = (), *,
                   user_id: int | None = None) -> int:
    """Record a payment and its allocations ``[(invoice_id, amount)]``; returns its id."""
    with db.write() as s:
        return record_payment_in(s, clock, client_id, amount, received_on, method, reference,
                                 allocations, user_id=user_id)


def delete_payment(db: Database, clock: Clock, payment_id: int, *, user_id: int | None = None) -> None:
    """Delete a payment entered by mistake (or refunded): paid invoices become due again."""
    with db.write() as s:
        payment = s.get(Payment, payment_id)
        if payment is None:
            raise NotFoundError("Ce règlement n'existe pas (ou plus).")
        now = clock.now()
        allocations = list(s.scalars(select(PaymentAllocation).where(PaymentAllocation.payment_id == payment_id)))
        invoice_ids = [a.invoice_id for a in allocations]
        for a in allocations:
            s.delete(a)
        s.flush()
        for inv in s.scalars(select(Invoice).where(Invoice.id.in_(invoice_ids)).with_for_update()):
            if inv.status == S.PAID:
                inv.status = S.SENT.value if inv.sent_at is not None else S.VALIDATED.value
                inv.updated_at = now
                record_event(s, kind=EventKind.STATUS_CHANGED, entity_type="invoice", entity_id=inv.id,
                             at=now, user_id=user_id,
                             payload={"changes": {"status": [S.PAID.value, inv.status]}})
        record_event(s, kind=EventKind.DELETED, entity_type=ENTITY, entity_id=payment.id, at=now,
                     user_id=user_id, payload={"deleted": True, "amount": str(payment.amount)})
        s.add(Interaction(contact_id=payment.client_id, kind=InteractionKind.PAYMENT.value, occurred_at=now,
                          user_id=user_id, subject=f"Règlement de {format_eur(payment.amount)} du "
                                                   f"{payment.received_on:%d/%m/%Y} supprimé",
                          details={"payment_id": payment.id}))
        s.delete(payment)


def list_payments(db: Database, *, client_id: int | None = None,
                  invoice_id: int | None = None) -> list[PaymentInfo]:
    """Payments of a client, or those allocated (even in part) to one invoice; newest first."""
    with db.read() as s:
        q = select(Payment).order_by(Payment.received_on.desc(), Payment.id.desc())
        if client_id is not None:
            q = q.where(Payment.client_id == client_id)
        if invoice_id is not None:
            q = q.where(Payment.id.in_(select(PaymentAllocation.payment_id)
                                       .where(PaymentAllocation.invoice_id == invoice_id)))
        payments = list(s.scalars(q))
        allocs: dict[int, list[tuple[int, Decimal]]] = {}
        if payments:
            for a in s.scalars(select(PaymentAllocation).where(
                    PaymentAllocation.payment_id.in_([p.id for p in payments])).order_by(PaymentAllocation.id)):
                allocs.setdefault(a.payment_id, []).append((a.invoice_id, a.amount))
        return [PaymentInfo(id=p.id, client_id=p.client_id, received_on=p.received_on, amount=p.amount,
                            method=p.method, method_label=method_label(p.method), reference=p.reference,
                            allocations=tuple(allocs.get(p.id, ()))) for p in payments]
