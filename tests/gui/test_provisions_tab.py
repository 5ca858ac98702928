"""The Provisions tab: request, partial then full receipt, cancellation."""

from datetime import date
from decimal import Decimal

import pytest

from tests.gui.helpers import click, type_into
from tests.unit.matter_factory import make_client_matter, make_user
from themisia_desktop.core.finance.provisions import list_provisions, request_provision
from themisia_desktop.gui.matters.provisions_tab import build_provisions_tab


@pytest.fixture
def firm(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        ctx.alice = make_user(s, "alice", first="Alice", last="Moreau")
        ctx.client, ctx.matter = make_client_matter(s, responsible_id=ctx.alice)
    return ctx


def show_tab(qtbot, firm):
    tab = build_provisions_tab(firm, firm.matter, None)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: not tab.busy)
    return tab


def cells(tab):
    m = tab.model
    return [tuple(m.index(r, c).data() for c in range(m.columnCount())) for r in range(m.rowCount())]


def test_request_then_a_partial_receipt_then_the_rest(qtbot, firm):
    tab = show_tab(qtbot, firm)
    assert not tab.receipt_button.isEnabled()
    click(qtbot, tab.request_button)
    dialog = tab.dialog
    type_into(qtbot, dialog.amount_edit, "2 500")
    type_into(qtbot, dialog.note_edit, "Provision pour l'expertise")
    with qtbot.waitSignal(tab.loaded):
        click(qtbot, dialog.save_button)
    assert cells(tab) == [("02/03/2026", "2\u202f500,00\xa0€", "0,00\xa0€", "2\u202f500,00\xa0€",
                           "Demandée", "", "Provision pour l'expertise")]

    tab.view.selectRow(0)
    click(qtbot, tab.receipt_button)
    receipt = tab.dialog
    assert receipt.amount_edit.text() == "2 500,00"  # what is still due is proposed
    type_into(qtbot, receipt.amount_edit, "1 000", replace=True)
    with qtbot.waitSignal(tab.loaded):
        click(qtbot, receipt.save_button)
    assert cells(tab)[0][2:6] == ("1\u202f000,00\xa0€", "1\u202f500,00\xa0€", "Partiellement versée",
                                  "02/03/2026")
    assert "Reste à recevoir : 1\u202f500,00\xa0€" in tab.totals_label.text()
    assert not tab.cancel_button.isEnabled()  # something was received

    click(qtbot, tab.receipt_button)
    receipt = tab.dialog
    type_into(qtbot, receipt.amount_edit, "2 000", replace=True)  # more than is due
    click(qtbot, receipt.save_button)
    qtbot.waitUntil(lambda: receipt.field_error("amount") != "")
    assert "dépasse le reste à recevoir (1\u202f500,00\xa0€)" in receipt.field_error("amount")
    type_into(qtbot, receipt.amount_edit, "1 500", replace=True)
    with qtbot.waitSignal(tab.loaded):
        click(qtbot, receipt.save_button)
    assert cells(tab)[0][4] == "Versée"
    assert not tab.receipt_button.isEnabled()
    [row] = list_provisions(firm.db, firm.matter).rows
    assert (row.amount_received, row.status.value) == (Decimal("2500.00"), "received")


def test_an_unpaid_provision_is_cancelled_after_confirmation(qtbot, firm):
    request_provision(firm.db, firm.clock, firm.matter, "800", date(2026, 2, 1))
    tab = show_tab(qtbot, firm)
    tab.view.selectRow(0)
    click(qtbot, tab.cancel_button)
    with qtbot.waitSignal(tab.loaded):
        click(qtbot, tab.confirm_yes)
    assert cells(tab)[0][4] == "Annulée"
    assert list_provisions(firm.db, firm.matter).total_requested == Decimal("0.00")
    assert not tab.cancel_button.isEnabled() and not tab.receipt_button.isEnabled()
