"""Expenses (frais et débours) of a matter: amount HT, billable or not.

Same rules as time: an invoiced expense (draft invoice included) is neither edited nor deleted,
and a closed or archived matter takes no new expense.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.finance.time_entries import (check_not_future, clean_description,
                                                        invoiced_refusal, load_writable_matter)
from themisia_desktop.core.models import Expense, Invoice, User
from themisia_desktop.core.money import parse_amount

ENTITY = "expense"


@dataclass(frozen=True)
class ExpenseInput:
    matter_id: int
    spent_on: date
    description: str
    amount: Decimal | str  # HT; French text accepted ("1 234,50")
    billable: bool = True
    user_id: int | None = None  # who spent it, when known


@dataclass(frozen=True)
class ExpenseRow:
    id: int
    matter_id: int
    spent_on: date
    description: str
    amount: Decimal
    billable: bool
    user_id: int | None
    user_name: str | None
    invoice_id: int | None
    invoice_number: str | None

    @property
    def invoiced(self) -> bool:
        return self.invoice_id is not None

    @property
    def invoice_label(self) -> str:
        if self.invoice_id is None:
            return ""
        return self.invoice_number or "Brouillon"


@dataclass(frozen=True)
class ExpenseList:
    rows: tuple[ExpenseRow, ...]
    total_amount: Decimal
    billable_amount: Decimal
    unbilled_amount: Decimal  # billable and not invoiced yet
    invoiced_amount: Decimal


def _clean_amount(value: Decimal | str) -> Decimal:
    amount = parse_amount(value if value is not None else "", field="amount")
    if amount <= 0:
        raise ValidationError("Le montant doit être supérieur à zéro.", field="amount")
    return amount


def _check(session: Session, clock: Clock, data: ExpenseInput) -> tuple[int, str, Decimal]:
    if isinstance(data.amount, float):
        raise ValidationError("Montant invalide.", field="amount")
    amount = _clean_amount(data.amount)
    description = clean_description(data.description)
    check_not_future(data.spent_on, clock.today(), field="spent_on")
    matter = load_writable_matter(session, data.matter_id, what="saisir de frais")
    if data.user_id is not None and session.get(User, data.user_id) is None:
        raise ValidationError("Cet utilisateur n'existe pas.", field="user")
    return matter.id, description, amount


def _snapshot(row: Expense) -> dict[str, Any]:
    return {"matter_id": row.matter_id, "spent_on": row.spent_on.isoformat(),
            "description": row.description, "amount": str(row.amount),
            "billable": row.billable, "user_id": row.user_id}


def record_expense_in(session: Session, clock: Clock, data: ExpenseInput, *,
                      user_id: int | None = None) -> int:
    matter_id, description, amount = _check(session, clock, data)
    row = Expense(matter_id=matter_id, user_id=data.user_id if data.user_id is not None else user_id,
                  spent_on=data.spent_on, description=description, amount=amount,
                  billable=bool(data.billable), created_at=clock.now())
    session.add(row)
    session.flush()
    record_event(session, kind=EventKind.CREATED, entity_type=ENTITY, entity_id=row.id,
                 at=clock.now(), user_id=user_id, payload=_snapshot(row))
    return row.id


def record_expense(db: Database, clock: Clock, data: ExpenseInput, *,
                   user_id: int | None = None) -> int:
    """Record an expense on a matter; returns its id."""
    with db.write() as s:
        return record_expense_in(s, clock, data, user_id=user_id)


def _load_editable(session: Session, expense_id: int) -> Expense:
    row = session.get(Expense, expense_id)
    if row is None:
        raise NotFoundError("Cette dépense n'existe pas (ou plus).")
    if row.invoice_id is not None:
        raise invoiced_refusal(session, row.invoice_id, "Cette dépense")
    load_writable_matter(session, row.matter_id, what="modifier les frais")
    return row


def update_expense(db: Database, clock: Clock, expense_id: int, data: ExpenseInput, *,
                   user_id: int | None = None) -> ExpenseRow:
    """Correct an expense that is not invoiced. The event lists what changed."""
    with db.write() as s:
        row = _load_editable(s, expense_id)
        matter_id, description, amount = _check(s, clock, data)
        before = _snapshot(row)
        row.matter_id, row.spent_on, row.description = matter_id, data.spent_on, description
        row.amount, row.billable = amount, bool(data.billable)
        if data.user_id is not None:
            row.user_id = data.user_id
        after = _snapshot(row)
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if changes:
            record_event(s, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=row.id,
                         at=clock.now(), user_id=user_id,
                         payload={"changes": changes, "amount": after["amount"],
                                  "matter_id": row.matter_id})
        s.flush()
        return _rows(s, Expense.id == row.id)[0]


def delete_expense(db: Database, clock: Clock, expense_id: int, *,
                   user_id: int | None = None) -> None:
    """Delete an expense that is not invoiced."""
    with db.write() as s:
        row = _load_editable(s, expense_id)
        snapshot = _snapshot(row)
        s.delete(row)
        record_event(s, kind=EventKind.DELETED, entity_type=ENTITY, entity_id=expense_id,
                     at=clock.now(), user_id=user_id, payload={"deleted": snapshot})


def _rows(session: Session, where) -> list[ExpenseRow]:  # noqa: ANN001
    result = session.execute(
        select(Expense, User.first_name, User.last_name, Invoice.number)
        .outerjoin(User, User.id == Expense.user_id)
        .outerjoin(Invoice, Invoice.id == Expense.invoice_id)
        .where(where)
        .order_by(Expense.spent_on.desc(), Expense.id.desc()))
    return [ExpenseRow(id=e.id, matter_id=e.matter_id, spent_on=e.spent_on,
                       description=e.description, amount=e.amount, billable=e.billable,
                       user_id=e.user_id,
                       user_name=f"{first} {last}".strip() if first is not None else None,
                       invoice_id=e.invoice_id, invoice_number=number)
            for e, first, last, number in result]


def get_expense(db: Database, expense_id: int) -> ExpenseRow:
    with db.read() as s:
        rows = _rows(s, Expense.id == expense_id)
    if not rows:
        raise NotFoundError("Cette dépense n'existe pas (ou plus).")
    return rows[0]


def list_expenses(db: Database, matter_id: int) -> ExpenseList:
    """The expenses of a matter, newest first, with their totals."""
    with db.read() as s:
        rows = _rows(s, Expense.matter_id == matter_id)
    zero = Decimal("0.00")
    billable = [r for r in rows if r.billable]
    return ExpenseList(
        rows=tuple(rows), total_amount=sum((r.amount for r in rows), zero),
        billable_amount=sum((r.amount for r in billable), zero),
        unbilled_amount=sum((r.amount for r in billable if not r.invoiced), zero),
        invoiced_amount=sum((r.amount for r in rows if r.invoiced), zero))
