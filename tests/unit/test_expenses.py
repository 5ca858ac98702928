"""Expenses of a matter: entry, correction, deletion, invoiced ones frozen, totals."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.unit.matter_factory import make_client_matter, make_user
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.balances import matter_banner
from themisia_desktop.core.finance.expenses import (ExpenseInput, delete_expense, get_expense,
                                                    list_expenses, record_expense, update_expense)
from themisia_desktop.core.models import Event, Expense, Invoice, Matter

D = Decimal
DAY = date(2026, 2, 20)


@pytest.fixture
def firm(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        ctx.alice = make_user(s, "alice", first="Alice", last="Moreau")
        ctx.client, ctx.matter = make_client_matter(s, responsible_id=ctx.alice)
    return ctx


def spend(ctx, amount="1 234,50", *, day=DAY, description="Frais d'huissier", billable=True):
    return record_expense(ctx.db, ctx.clock, ExpenseInput(ctx.matter, day, description, amount,
                                                          billable), user_id=ctx.current_user.id)


def payloads(ctx, expense_id):
    with ctx.db.read() as s:
        return [(e.kind, e.payload) for e in s.scalars(select(Event).where(
            Event.entity_type == "expense", Event.entity_id == expense_id).order_by(Event.id))]


def test_an_expense_typed_in_french_is_recorded_with_its_event(firm):
    row = get_expense(firm.db, spend(firm))
    assert (row.amount, row.description, row.billable, row.user_name) == (
        D("1234.50"), "Frais d'huissier", True, "Hélène Lefèvre")
    assert payloads(firm, row.id) == [("created", {
        "matter_id": firm.matter, "spent_on": "2026-02-20", "description": "Frais d'huissier",
        "amount": "1234.50", "billable": True, "user_id": firm.current_user.id})]


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"amount": "0"}, "amount", "supérieur à zéro"),
    ({"amount": "douze"}, "amount", "n'est pas un montant valide"),
    ({"amount": "-5"}, "amount", "négatif"),
    ({"amount": "10,005"}, "amount", "deux décimales"),
    ({"description": ""}, "description", "Décrivez"),
    ({"day": date(2026, 3, 3)}, "spent_on", "postérieure"),
])
def test_bad_expenses_are_refused_and_nothing_is_written(firm, kwargs, field, message):
    with pytest.raises(ValidationError, match=message) as err:
        spend(firm, **kwargs)
    assert err.value.field == field
    with firm.db.read() as s:
        assert s.scalar(select(func.count(Expense.id))) == 0


def test_a_closed_matter_takes_no_new_expense(firm):
    with firm.db.write() as s:
        s.get(Matter, firm.matter).status = "closed"
    with pytest.raises(ValidationError, match="clôturé"):
        spend(firm)


def test_an_expense_is_corrected_and_the_event_says_what_changed(firm):
    expense_id = spend(firm, "80")
    row = update_expense(firm.db, firm.clock, expense_id, ExpenseInput(
        firm.matter, DAY, "Frais de greffe", "95,40", False))
    assert (row.amount, row.description, row.billable) == (D("95.40"), "Frais de greffe", False)
    assert payloads(firm, expense_id)[-1][1]["changes"] == {
        "description": ["Frais d'huissier", "Frais de greffe"], "amount": ["80.00", "95.40"],
        "billable": [True, False]}


def test_invoiced_expenses_are_frozen_the_others_can_be_deleted(firm):
    kept, gone = spend(firm, "100"), spend(firm, "20")
    with firm.db.write() as s:
        inv = Invoice(matter_id=firm.matter, client_id=firm.client, number="F2026-00007",
                      status="sent")
        s.add(inv)
        s.flush()
        s.get(Expense, kept).invoice_id = inv.id
    with pytest.raises(ValidationError, match="F2026-00007"):
        delete_expense(firm.db, firm.clock, kept)
    with pytest.raises(ValidationError, match="F2026-00007"):
        update_expense(firm.db, firm.clock, kept, ExpenseInput(firm.matter, DAY, "X", "1"))
    delete_expense(firm.db, firm.clock, gone)
    listed = list_expenses(firm.db, firm.matter)
    assert [(r.id, r.invoice_label) for r in listed.rows] == [(kept, "F2026-00007")]
    assert payloads(firm, gone)[-1] == ("deleted", payloads(firm, gone)[-1][1])
    assert payloads(firm, gone)[-1][1]["deleted"]["amount"] == "20.00"


def test_the_list_totals_and_the_banner_count_billable_unbilled_expenses(firm):
    spend(firm, "100", day=date(2026, 2, 1))
    spend(firm, "40,50", day=date(2026, 2, 3), description="Déplacement", billable=False)
    spend(firm, "9,99", day=date(2026, 2, 2), description="Photocopies")
    listed = list_expenses(firm.db, firm.matter)
    assert [r.description for r in listed.rows] == ["Déplacement", "Photocopies", "Frais d'huissier"]
    assert (listed.total_amount, listed.billable_amount, listed.unbilled_amount) == (
        D("150.49"), D("109.99"), D("109.99"))
    assert matter_banner(firm.db, firm.matter, firm.clock.today()).unbilled_expenses == D("109.99")
