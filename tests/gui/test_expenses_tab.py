"""The Frais tab and the expense dialog, driven as a user would."""

from datetime import date
from decimal import Decimal

import pytest

from tests.gui.helpers import click, type_into
from tests.unit.matter_factory import make_client_matter, make_user
from themisia_desktop.core.finance.expenses import ExpenseInput, list_expenses, record_expense
from themisia_desktop.core.models import Expense, Invoice
from themisia_desktop.gui.matters.expenses_tab import build_expenses_tab


@pytest.fixture
def firm(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        ctx.alice = make_user(s, "alice", first="Alice", last="Moreau")
        ctx.client, ctx.matter = make_client_matter(s, responsible_id=ctx.alice)
    return ctx


def show_tab(qtbot, firm):
    tab = build_expenses_tab(firm, firm.matter, None)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: not tab.busy)
    return tab


def cells(tab):
    m = tab.model
    return [tuple(m.index(r, c).data() for c in range(m.columnCount())) for r in range(m.rowCount())]


def test_a_new_expense_typed_in_french_appears_with_its_totals(qtbot, firm):
    tab = show_tab(qtbot, firm)
    click(qtbot, tab.add_expense_button)
    dialog = tab.dialog
    type_into(qtbot, dialog.description_edit, "Frais d'huissier — signification")
    type_into(qtbot, dialog.amount_edit, "1 234,50")
    with qtbot.waitSignal(tab.loaded):
        click(qtbot, dialog.save_button)
    assert cells(tab) == [("02/03/2026", "Frais d'huissier — signification", "1\u202f234,50\xa0€",
                           "Oui", "Hélène Lefèvre", "Non")]
    assert tab.totals_label.text().startswith("Total : 1\u202f234,50\xa0€ HT")
    [row] = list_expenses(firm.db, firm.matter).rows
    assert (row.amount, row.billable) == (Decimal("1234.50"), True)


def test_a_bad_amount_is_shown_next_to_the_field_and_nothing_is_saved(qtbot, firm):
    tab = show_tab(qtbot, firm)
    click(qtbot, tab.add_expense_button)
    dialog = tab.dialog
    type_into(qtbot, dialog.description_edit, "Greffe")
    type_into(qtbot, dialog.amount_edit, "douze euros")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.field_error("amount") != "")
    assert "n'est pas un montant valide" in dialog.field_error("amount")
    assert list_expenses(firm.db, firm.matter).rows == ()


def test_an_expense_is_corrected_then_deleted_but_an_invoiced_one_is_locked(qtbot, firm):
    for text, amount in (("Greffe", "75,40"), ("Huissier", "180")):
        record_expense(firm.db, firm.clock, ExpenseInput(firm.matter, date(2026, 2, 3), text, amount))
    with firm.db.write() as s:
        inv = Invoice(matter_id=firm.matter, client_id=firm.client, number="F2026-00004",
                      status="sent")
        s.add(inv)
        s.flush()
        s.query(Expense).filter(Expense.description == "Huissier").one().invoice_id = inv.id
    tab = show_tab(qtbot, firm)
    rows = {row[1]: r for r, row in enumerate(cells(tab))}
    tab.view.selectRow(rows["Huissier"])
    assert not tab.edit_button.isEnabled() and not tab.delete_button.isEnabled()
    tab.view.selectRow(rows["Greffe"])
    click(qtbot, tab.edit_button)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.amount_edit.text() == "75,40")
    type_into(qtbot, dialog.amount_edit, "80", replace=True)
    click(qtbot, dialog.billable_check)
    with qtbot.waitSignal(tab.loaded):
        click(qtbot, dialog.save_button)
    greffe = [r for r in list_expenses(firm.db, firm.matter).rows if r.description == "Greffe"][0]
    assert (greffe.amount, greffe.billable) == (Decimal("80.00"), False)

    tab.view.selectRow([r for r, row in enumerate(cells(tab)) if row[1] == "Greffe"][0])
    click(qtbot, tab.delete_button)
    with qtbot.waitSignal(tab.loaded):
        click(qtbot, tab.confirm_yes)
    assert [row[1] for row in cells(tab)] == ["Huissier"]
    assert [r.description for r in list_expenses(firm.db, firm.matter).rows] == ["Huissier"]
