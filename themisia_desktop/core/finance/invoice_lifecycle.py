"""Validation, sending, doubtful flag and cancellation by credit note (avoir).

Numbering: an invoice gets its number when it is validated, never before. The counter is the
``sequence`` row ``invoice:{year}`` of the issue date, read with a row lock and bumped in the
same transaction as the validation, so numbers follow each other without gaps: a draft never
consumes a number, a validation that fails rolls the counter back with everything else, and
each year starts again at 1 (format from the firm setting ``invoice_number_format``,
« F2026-00001 »). Credit notes take their number from the same counter.

Cancellation (``cancel_invoice``): a validated, sent or paid invoice is never edited nor
deleted; it is cancelled by a credit note — a new invoice with ``credit_note_for_id`` set, its
own number, the same lines and totals negated, status *validée*. The original becomes *annulée*
and its time entries and expenses are freed (``invoice_id`` NULL): they are back in the encours
and can be invoiced again. Payments already allocated to the original stay where they are: that
money was received for an invoice that no longer exists, so the banner shows it as owed back to
the client (negative solde dû, see ``balances``) until it is refunded (the payment deleted) —
nothing is silently lost.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, literal, select, update
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.invoice_build import (
    ENTITY,
    invoice_label,
    load_invoice,
    setting_in,
)
from themisia_desktop.core.models import (
    Expense,
    Interaction,
    Invoice,
    InvoiceLine,
    Sequence,
    TimeEntry,
)
from themisia_desktop.core.models.enums import InteractionKind, InvoiceStatus
from themisia_desktop.core.money import format_eur

S = InvoiceStatus
ISSUED = (S.VALIDATED.value, S.SENT.value, S.PAID.value)


def next_invoice_number_in(session: Session, year: int) -> str:
    """Consume the next number of ``year`` (call inside the transaction that uses it)."""
    name = f"invoice:{year}"
    seq = session.scalar(select(Sequence).where(Sequence.name == name).with_for_update())
    if seq is None:
        seq = Sequence(name=name, next_value=1)
        session.add(seq)
        session.flush()
    value = seq.next_value
    seq.next_value = value + 1
    fmt = str(setting_in(session, "invoice_number_format"))
    try:
        return fmt.format(year=year, seq=value)
    except (KeyError, IndexError, ValueError):
        raise ValidationError("Le format de numérotation des factures est invalide (paramètres du "
                              "cabinet).", field="invoice_number_format") from None


def _journal(session: Session, invoice: Invoice, at, subject: str, user_id: int | None,  # noqa: ANN001
             details: dict) -> None:
    session.add(Interaction(contact_id=invoice.client_id, matter_id=invoice.matter_id,
                            kind=InteractionKind.INVOICE.value, occurred_at=at, subject=subject,
                            user_id=user_id, details={"invoice_id": invoice.id, **details}))


def _status_event(session: Session, invoice: Invoice, before: str, at, user_id: int | None,  # noqa: ANN001
                  **extra: object) -> None:
    record_event(session, kind=EventKind.STATUS_CHANGED, entity_type=ENTITY, entity_id=invoice.id,
                 at=at, user_id=user_id,
                 payload={"changes": {"status": [before, invoice.status]}, **extra})


def validate_invoice_in(session: Session, clock: Clock, invoice_id: int, *,
                        user_id: int | None = None) -> str:
    invoice = load_invoice(session, invoice_id, for_update=True)
    if invoice.status != S.DRAFT:
        raise ValidationError(f"{invoice_label(invoice)} est déjà « {S(invoice.status).label} ».",
                              field="status")
    has_lines = session.scalar(select(InvoiceLine.id).where(InvoiceLine.invoice_id == invoice.id).limit(1))
    if has_lines is None or invoice.total_incl_tax <= 0:
        raise ValidationError("Une facture vide ou d'un montant nul ne peut pas être validée.",
                              field="entries")
    now, today = clock.now(), clock.today()
    invoice.number = next_invoice_number_in(session, today.year)
    invoice.status = S.VALIDATED.value
    invoice.issued_on = today
    invoice.due_on = today + timedelta(days=int(setting_in(session, "invoice_payment_days")))
    invoice.validated_at = now
    invoice.updated_at = now
    session.flush()
    record_event(session, kind=EventKind.VALIDATED, entity_type=ENTITY, entity_id=invoice.id, at=now,
                 user_id=user_id,
                 payload={"changes": {"status": [S.DRAFT.value, S.VALIDATED.value],
                                      "number": [None, invoice.number]},
                          "total_incl_tax": str(invoice.total_incl_tax),
                          "due_on": invoice.due_on.isoformat()})
    _journal(session, invoice, now,
             f"Facture {invoice.number} validée — {format_eur(invoice.total_incl_tax)} TTC", user_id,
             {"number": invoice.number})
    return invoice.number


def validate_invoice(db: Database, clock: Clock, invoice_id: int, *, user_id: int | None = None) -> str:
    """Validate a draft: number, issue date (today), due date; returns the number."""
    with db.write() as s:
        return validate_invoice_in(s, clock, invoice_id, user_id=user_id)


def mark_sent(db: Database, clock: Clock, invoice_id: int, *, user_id: int | None = None) -> None:
    """Record that a validated invoice (or credit note) was sent to the client."""
    with db.write() as s:
        invoice = load_invoice(s, invoice_id, for_update=True)
        if invoice.status != S.VALIDATED:
            raise ValidationError(f"Seule une facture « Validée » peut être marquée envoyée "
                                  f"({invoice_label(invoice).lower()} est « {S(invoice.status).label} »).",
                                  field="status")
        now = clock.now()
        invoice.status = S.SENT.value
        invoice.sent_at = now
        invoice.updated_at = now
        _status_event(s, invoice, S.VALIDATED.value, now, user_id)
        _journal(s, invoice, now, f"Facture {invoice.number} envoyée", user_id, {"number": invoice.number})


def set_doubtful(db: Database, clock: Clock, invoice_id: int, flag: bool, *,
                 user_id: int | None = None) -> None:
    """Mark (or unmark) an issued invoice as créance douteuse."""
    with db.write() as s:
        invoice = load_invoice(s, invoice_id, for_update=True)
        if invoice.credit_note_for_id is not None or invoice.status not in (S.VALIDATED, S.SENT):
            raise ValidationError("Seule une facture validée ou envoyée, non réglée, peut être "
                                  "déclarée douteuse.", field="is_doubtful")
        if invoice.is_doubtful == bool(flag):
            return
        now = clock.now()
        invoice.is_doubtful = bool(flag)
        invoice.updated_at = now
        record_event(s, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=invoice.id, at=now,
                     user_id=user_id, payload={"changes": {"is_doubtful": [not flag, bool(flag)]}})
        what = "déclarée créance douteuse" if flag else "n'est plus une créance douteuse"
        _journal(s, invoice, now, f"Facture {invoice.number} {what}", user_id, {"is_doubtful": bool(flag)})


def cancel_invoice_in(session: Session, clock: Clock, invoice_id: int, reason: str, *,
                      user_id: int | None = None) -> int:
    text = (reason or "").strip()
    if not text:
        raise ValidationError("Indiquez le motif de l'annulation.", field="reason")
    if len(text) > 500:
        raise ValidationError("Le motif est trop long (500 caractères au plus).", field="reason")
    original = load_invoice(session, invoice_id, for_update=True)
    if original.credit_note_for_id is not None:
        raise ValidationError("Un avoir ne peut pas être annulé.", field="status")
    if original.status not in ISSUED:
        raise ValidationError(f"{invoice_label(original)} est « {S(original.status).label} » : seule une "
                              "facture validée, envoyée ou payée s'annule par un avoir.", field="status")
    now, today = clock.now(), clock.today()
    credit = Invoice(number=next_invoice_number_in(session, today.year), matter_id=original.matter_id,
                     client_id=original.client_id, billing_contact_id=original.billing_contact_id,
                     status=S.VALIDATED.value, issued_on=today, due_on=today,
                     total_excl_tax=-original.total_excl_tax, vat_rate_bp=original.vat_rate_bp,
                     total_vat=-original.total_vat, total_incl_tax=-original.total_incl_tax,
                     credit_note_for_id=original.id, validated_at=now,
                     notes=f"Avoir annulant la facture {original.number}. Motif : {text}",
                     created_at=now, updated_at=now)
    session.add(credit)
    session.flush()
    lines = InvoiceLine.__table__
    session.execute(insert(lines).from_select(
        ["invoice_id", "position", "description", "quantity_hundredths", "unit_price", "amount"],
        select(literal(credit.id), lines.c.position, lines.c.description,
               lines.c.quantity_hundredths, lines.c.unit_price, -lines.c.amount)
        .where(lines.c.invoice_id == original.id)))
    before = original.status
    original.status = S.CANCELLED.value
    original.is_doubtful = False
    original.updated_at = now
    freed = 0
    for model in (TimeEntry, Expense):
        freed += session.execute(update(model).where(model.invoice_id == original.id)
                                 .values(invoice_id=None),
                                 execution_options={"synchronize_session": False}).rowcount
    record_event(session, kind=EventKind.VALIDATED, entity_type=ENTITY, entity_id=credit.id, at=now,
                 user_id=user_id, payload={"changes": {"number": [None, credit.number]},
                                           "credit_note_for_id": original.id, "reason": text})
    _status_event(session, original, before, now, user_id, reason=text, credit_note_id=credit.id,
                  freed_entries=freed)
    _journal(session, original, now,
             f"Facture {original.number} annulée par l'avoir {credit.number} — "
             f"{format_eur(original.total_incl_tax)} TTC", user_id,
             {"number": original.number, "credit_note": credit.number, "reason": text})
    return credit.id


def cancel_invoice(db: Database, clock: Clock, invoice_id: int, reason: str, *,
                   user_id: int | None = None) -> int:
    """Cancel an issued invoice by a credit note; returns the credit note's id."""
    with db.write() as s:
        return cancel_invoice_in(s, clock, invoice_id, reason, user_id=user_id)
