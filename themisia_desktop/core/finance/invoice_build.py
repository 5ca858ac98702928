"""Invoice drafts: built from a matter's unbilled time and expenses, edited until validated.

A draft takes its entries at once (``invoice_id`` set: they leave the encours); removing an
entry or deleting the draft gives them back. Lines are rebuilt from the entries in SQL: time
grouped by lawyer and rate (« Honoraires — Me Paul Durand : 12 h 30 × 250,00 € »), then one line
per expense. Totals are Decimal: HT = sum of the lines, TVA = HT × rate rounded half up to the
cent, TTC = HT + TVA. Only a draft may be edited; anything else is refused in French.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import BigInteger, delete, func, insert, select, true, type_coerce, update
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.db.types import from_cents
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.firm.settings import DEFAULTS
from themisia_desktop.core.models import (
    Contact,
    ContactRole,
    Expense,
    FirmSetting,
    Invoice,
    InvoiceLine,
    Matter,
    TimeEntry,
    User,
)
from themisia_desktop.core.models.enums import ContactRoleKind, InvoiceStatus, UserCategory
from themisia_desktop.core.money import CENT, format_eur

ENTITY = "invoice"
_CHUNK = 5000  # ids per IN (…) list: well under the bind limits of SQLite and PostgreSQL
_TITLED = (UserCategory.PARTNER.value, UserCategory.ASSOCIATE.value)


# -- shared helpers ---------------------------------------------------------------------------
def setting_in(session: Session, key: str):  # noqa: ANN201 - JSON value
    value = session.scalar(select(FirmSetting.value).where(FirmSetting.key == key))
    return DEFAULTS[key] if value is None else value


def vat_of(excl_tax: Decimal, vat_rate_bp: int) -> Decimal:
    """TVA on an HT total, rounded half up to the cent (basis points: 2000 = 20 %)."""
    return (excl_tax * Decimal(vat_rate_bp) / Decimal(10_000)).quantize(CENT, rounding=ROUND_HALF_UP)


def totals(excl_tax: Decimal, vat_rate_bp: int) -> tuple[Decimal, Decimal, Decimal]:
    """(HT, TVA, TTC) of an HT amount."""
    ht = Decimal(excl_tax).quantize(CENT, rounding=ROUND_HALF_UP)
    vat = vat_of(ht, vat_rate_bp)
    return ht, vat, ht + vat


def load_invoice(session: Session, invoice_id: int, *, for_update: bool = False) -> Invoice:
    q = select(Invoice).where(Invoice.id == invoice_id)
    if for_update:
        q = q.with_for_update()
    invoice = session.scalar(q)
    if invoice is None:
        raise NotFoundError("Cette facture n'existe pas (ou plus).")
    return invoice


def invoice_label(invoice: Invoice) -> str:
    if invoice.number is None:
        return "Le brouillon de facture"
    kind = "L'avoir" if invoice.credit_note_for_id is not None else "La facture"
    return f"{kind} {invoice.number}"


def load_draft(session: Session, invoice_id: int) -> Invoice:
    """The invoice, locked, if it is still a draft; otherwise a clear refusal."""
    invoice = load_invoice(session, invoice_id, for_update=True)
    if invoice.status != InvoiceStatus.DRAFT:
        raise ValidationError(
            f"{invoice_label(invoice)} est « {InvoiceStatus(invoice.status).label} » : elle ne peut "
            "plus être modifiée. Pour la corriger, annulez-la par un avoir.", field="status")
    return invoice


def format_minutes(minutes: int) -> str:
    """750 → "12 h 30", 60 → "1 h", 45 → "0 h 45"."""
    hours, rest = divmod(int(minutes), 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def billing_contact_ids_in(session: Session, client_id: int) -> list[int]:
    """The contacts an invoice of this client may be addressed to: its billing contacts
    (default first) and the client itself."""
    rows = session.execute(
        select(ContactRole.contact_id).where(ContactRole.client_id == client_id,
                                             ContactRole.kind == ContactRoleKind.BILLING.value)
        .order_by(ContactRole.is_default.desc(), ContactRole.id)).scalars().all()
    return [*rows, client_id] if client_id not in rows else list(rows)


def check_billing_contact(session: Session, client_id: int, contact_id: int | None) -> int:
    allowed = billing_contact_ids_in(session, client_id)
    if contact_id is None:
        return allowed[0]
    if contact_id not in allowed:
        raise ValidationError("Ce contact n'est ni le client ni l'un de ses contacts de facturation.",
                              field="billing_contact")
    contact = session.get(Contact, contact_id)
    if contact is None or contact.merged_into_id is not None:
        raise ValidationError("Ce contact de facturation n'existe plus.", field="billing_contact")
    return contact_id


# -- entries ----------------------------------------------------------------------------------
def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def _attach(session: Session, model, matter_id: int, invoice_id: int,  # noqa: ANN001
            ids: Iterable[int] | None, label: str) -> int:
    """Give the matter's unbilled billable rows (all, or ``ids``) to the invoice; one UPDATE."""
    base = update(model).where(model.matter_id == matter_id, model.invoice_id.is_(None),
                               model.billable == true()).values(invoice_id=invoice_id)
    if ids is None:
        return session.execute(base, execution_options={"synchronize_session": False}).rowcount
    wanted = sorted({int(i) for i in ids})
    done = 0
    for chunk in _chunks(wanted):
        done += session.execute(base.where(model.id.in_(chunk)),
                                execution_options={"synchronize_session": False}).rowcount
    if done != len(wanted):
        raise ValidationError(f"Certaines {label} choisies ne sont plus à facturer sur ce dossier "
                              "(déjà facturées, non facturables ou d'un autre dossier). "
                              "Rouvrez la liste et recommencez.", field=label.split()[0])
    return done


def _detach(session: Session, model, invoice_id: int, ids: Iterable[int]) -> int:  # noqa: ANN001
    wanted = sorted({int(i) for i in ids})
    done = 0
    for chunk in _chunks(wanted):
        done += session.execute(
            update(model).where(model.invoice_id == invoice_id, model.id.in_(chunk))
            .values(invoice_id=None), execution_options={"synchronize_session": False}).rowcount
    return done


def rebuild_lines(session: Session, invoice: Invoice) -> None:
    """Lines and totals of a draft from the entries it holds (aggregate queries, bulk insert)."""
    session.execute(delete(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id),
                    execution_options={"synchronize_session": False})
    cents = type_coerce(TimeEntry.amount, BigInteger)
    groups = session.execute(
        select(User.first_name, User.last_name, User.category, TimeEntry.hourly_rate,
               func.sum(TimeEntry.minutes), func.sum(cents))
        .join(User, User.id == TimeEntry.user_id)
        .where(TimeEntry.invoice_id == invoice.id)
        .group_by(TimeEntry.user_id, User.first_name, User.last_name, User.category,
                  TimeEntry.hourly_rate)
        .order_by(User.last_name, User.first_name, TimeEntry.hourly_rate.desc())).all()
    rows: list[dict] = []
    total_cents = 0
    for first, last, category, rate, minutes, amount_cents in groups:
        title = "Me " if category in _TITLED else ""
        name = f"{first} {last}".strip()
        rows.append({"description": f"Honoraires — {title}{name} : {format_minutes(minutes)} × "
                                    f"{format_eur(rate)}",
                     "quantity_hundredths": int(minutes) * 100 // 60, "unit_price": rate,
                     "amount": from_cents(int(amount_cents))})
        total_cents += int(amount_cents)
    expenses = session.execute(
        select(Expense.description, Expense.spent_on, Expense.amount)
        .where(Expense.invoice_id == invoice.id).order_by(Expense.spent_on, Expense.id)).all()
    for description, spent_on, amount in expenses:
        rows.append({"description": f"Frais : {description} ({spent_on:%d/%m/%Y})",
                     "quantity_hundredths": 100, "unit_price": amount, "amount": amount})
        total_cents += int(amount * 100)
    for position, row in enumerate(rows, start=1):
        row["invoice_id"] = invoice.id
        row["position"] = position
    if rows:
        session.execute(insert(InvoiceLine), rows)
    invoice.total_excl_tax, invoice.total_vat, invoice.total_incl_tax = totals(
        from_cents(total_cents), invoice.vat_rate_bp)


# -- services ---------------------------------------------------------------------------------
def create_draft_in(session: Session, clock: Clock, matter_id: int, *,
                    time_ids: Iterable[int] | None = None, expense_ids: Iterable[int] | None = None,
                    billing_contact_id: int | None = None, user_id: int | None = None) -> int:
    matter = session.get(Matter, matter_id)
    if matter is None:
        raise NotFoundError("Ce dossier n'existe pas (ou plus).")
    contact_id = check_billing_contact(session, matter.client_id, billing_contact_id)
    now = clock.now()
    invoice = Invoice(matter_id=matter_id, client_id=matter.client_id, billing_contact_id=contact_id,
                      status=InvoiceStatus.DRAFT.value, vat_rate_bp=int(setting_in(session, "vat_rate_bp")),
                      created_at=now, updated_at=now)
    session.add(invoice)
    session.flush()
    taken = _attach(session, TimeEntry, matter_id, invoice.id, time_ids, "temps passés")
    taken += _attach(session, Expense, matter_id, invoice.id, expense_ids, "frais")
    if not taken:
        raise ValidationError("Rien à facturer : choisissez au moins un temps passé ou un frais "
                              "non encore facturé.", field="entries")
    rebuild_lines(session, invoice)
    record_event(session, kind=EventKind.CREATED, entity_type=ENTITY, entity_id=invoice.id, at=now,
                 user_id=user_id, payload={"matter_id": matter_id, "client_id": matter.client_id,
                                           "total_excl_tax": str(invoice.total_excl_tax)})
    return invoice.id


def create_draft(db: Database, clock: Clock, matter_id: int, *, time_ids: Iterable[int] | None = None,
                 expense_ids: Iterable[int] | None = None, billing_contact_id: int | None = None,
                 user_id: int | None = None) -> int:
    """A draft invoice of the matter from its unbilled billable entries (``None`` = all of
    them; ``[]`` = none of that kind). Returns the invoice id."""
    with db.write() as s:
        return create_draft_in(s, clock, matter_id, time_ids=time_ids, expense_ids=expense_ids,
                               billing_contact_id=billing_contact_id, user_id=user_id)


def _updated(session: Session, clock: Clock, invoice: Invoice, changes: dict, user_id: int | None) -> None:
    now = clock.now()
    invoice.updated_at = now
    record_event(session, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=invoice.id, at=now,
                 user_id=user_id, payload={"changes": changes})


def set_billing_contact(db: Database, clock: Clock, invoice_id: int, contact_id: int, *,
                        user_id: int | None = None) -> None:
    with db.write() as s:
        invoice = load_draft(s, invoice_id)
        before = invoice.billing_contact_id
        invoice.billing_contact_id = check_billing_contact(s, invoice.client_id, contact_id)
        if before != invoice.billing_contact_id:
            _updated(s, clock, invoice, {"billing_contact_id": [before, contact_id]}, user_id)


def set_notes(db: Database, clock: Clock, invoice_id: int, notes: str | None, *,
              user_id: int | None = None) -> None:
    text = (notes or "").strip() or None
    if text is not None and len(text) > 4000:
        raise ValidationError("La note est trop longue (4 000 caractères au plus).", field="notes")
    with db.write() as s:
        invoice = load_draft(s, invoice_id)
        before = invoice.notes
        invoice.notes = text
        if before != text:
            _updated(s, clock, invoice, {"notes": [before, text]}, user_id)


def remove_entries(db: Database, clock: Clock, invoice_id: int, *, time_ids: Iterable[int] = (),
                   expense_ids: Iterable[int] = (), user_id: int | None = None) -> None:
    """Take entries off a draft: they return to the encours; lines and totals are rebuilt."""
    with db.write() as s:
        invoice = load_draft(s, invoice_id)
        removed_time = _detach(s, TimeEntry, invoice.id, time_ids)
        removed_expenses = _detach(s, Expense, invoice.id, expense_ids)
        if not removed_time + removed_expenses:
            raise ValidationError("Ces éléments ne figurent pas sur ce brouillon.", field="entries")
        before = invoice.total_excl_tax
        rebuild_lines(s, invoice)
        _updated(s, clock, invoice, {"total_excl_tax": [str(before), str(invoice.total_excl_tax)]},
                 user_id)


def delete_draft(db: Database, clock: Clock, invoice_id: int, *, user_id: int | None = None) -> None:
    """Delete a draft: its entries return to the encours; no number was ever consumed."""
    with db.write() as s:
        invoice = load_draft(s, invoice_id)
        for model in (TimeEntry, Expense):
            s.execute(update(model).where(model.invoice_id == invoice.id).values(invoice_id=None),
                      execution_options={"synchronize_session": False})
        s.execute(delete(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id),
                  execution_options={"synchronize_session": False})
        record_event(s, kind=EventKind.DELETED, entity_type=ENTITY, entity_id=invoice.id,
                     at=clock.now(), user_id=user_id,
                     payload={"changes": {"status": [InvoiceStatus.DRAFT.value, None]}, "deleted": True})
        s.delete(invoice)
