"""« Enregistrer un règlement » driven as a user would: errors under the fields, then saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QDate

from tests.gui.helpers import click, type_into
from tests.unit.matter_factory import make_client_matter
from tests.unit.test_invoices import add_time
from themisia_desktop.core.finance.invoices import (create_draft, invoice_detail, mark_sent,
                                                    validate_invoice)
from themisia_desktop.core.finance.payments import list_payments
from themisia_desktop.gui.finance.payment_dialog import PaymentDialog

D = Decimal


@pytest.fixture
def invoice(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        ctx.client, ctx.matter = make_client_matter(s)
    ctx.lawyer = ctx.current_user.id
    add_time(ctx, 60, "1000")
    inv = create_draft(ctx.db, ctx.clock, ctx.matter)
    validate_invoice(ctx.db, ctx.clock, inv)
    mark_sent(ctx.db, ctx.clock, inv)
    return invoice_detail(ctx.db, inv).invoice


@pytest.fixture
def dialog(qtbot, firm_ctx, invoice):
    d = PaymentDialog(firm_ctx, invoice)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def save_expecting_error(qtbot, d: PaymentDialog, field: str) -> str:
    click(qtbot, d.save_button)
    qtbot.waitUntil(lambda: not d.busy and d.errors.message(field) != "", timeout=5000)
    assert d.isVisible()
    return d.errors.message(field)


def test_the_remaining_is_shown_and_proposed(dialog):
    assert dialog.remaining_label.text() == "Reste à régler : 1\u202f200,00\u00a0€"
    assert dialog.amount_edit.text() == "1\u202f200,00"
    assert dialog.method_combo.currentText() == "Virement"
    assert dialog.date_edit.date() == QDate(2026, 3, 2)


def test_bad_inputs_are_shown_next_to_their_field_then_saved(qtbot, dialog, firm_ctx, invoice):
    d = dialog
    type_into(qtbot, d.amount_edit, "douze", replace=True)
    assert "n'est pas un montant valide" in save_expecting_error(qtbot, d, "amount")
    assert d.amount_edit.property("invalid") is True
    type_into(qtbot, d.amount_edit, "1 500,00", replace=True)
    assert d.errors.message("amount") == ""                       # typing clears the error
    assert "Il ne reste que 1\u202f200,00" in save_expecting_error(qtbot, d, "amount")
    type_into(qtbot, d.amount_edit, "450,50", replace=True)
    d.date_edit.setDate(QDate(2026, 3, 20))
    assert "futur" in save_expecting_error(qtbot, d, "received_on")
    d.date_edit.setDate(QDate(2026, 2, 27))
    d.method_combo.setCurrentIndex(0)
    assert "mode de règlement" in save_expecting_error(qtbot, d, "method")
    d.method_combo.setCurrentIndex(d.method_combo.findText("Chèque"))
    type_into(qtbot, d.reference_edit, "Chèque n° 0012345")
    assert list_payments(firm_ctx.db, invoice_id=invoice.id) == []
    with qtbot.waitSignal(d.saved, timeout=5000):
        click(qtbot, d.save_button)
    [payment] = list_payments(firm_ctx.db, invoice_id=invoice.id)
    assert (payment.amount, payment.method_label, payment.reference) == (
        D("450.50"), "Chèque", "Chèque n° 0012345")
    assert str(payment.received_on) == "2026-02-27"
    assert invoice_detail(firm_ctx.db, invoice.id).invoice.remaining == D("749.50")
