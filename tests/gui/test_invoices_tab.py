"""The Factures tab of a matter, driven as a user would; results checked through core."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.helpers import click, type_into
from tests.unit.matter_factory import make_client_matter, make_user
from tests.unit.test_invoices import add_expense, add_time
from themisia_desktop.core.finance.balances import matter_banner
from themisia_desktop.core.finance.invoices import invoice_detail, list_invoices
from themisia_desktop.gui.finance.invoice_dialog import PrepareInvoiceDialog
from themisia_desktop.gui.finance.invoices_tab import CONFIRM_TEXT, InvoicesTab, build_invoices_tab

D = Decimal


@pytest.fixture
def firm(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        ctx.lawyer = make_user(s, "pdurand", first="Paul", last="Durand", category="partner")
        ctx.client, ctx.matter = make_client_matter(s, responsible_id=ctx.lawyer)
    ctx.times = [add_time(ctx, 90, "200"), add_time(ctx, 60, "200"), add_time(ctx, 30, "300")]
    ctx.expense = add_expense(ctx, "35.20")
    return ctx


@pytest.fixture
def tab(qtbot, firm):
    opened = []
    widget = InvoicesTab(firm, firm.matter, opener=opened.append)
    widget.opened = opened
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitUntil(lambda: not widget.busy, timeout=5000)
    return widget


def row_texts(tab: InvoicesTab, row: int = 0) -> list[str]:
    return [tab.model.index(row, c).data() for c in range(tab.model.columnCount())]


def active_dialog(tab, kind):
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())


def prepare_draft(qtbot, tab: InvoicesTab, *, untick_time: int | None = None) -> None:
    click(qtbot, tab.prepare_button)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=5000)
    dialog: PrepareInvoiceDialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.work is not None, timeout=5000)
    assert dialog.time_table.rowCount() == 3 and dialog.expense_table.rowCount() == 1
    assert "Total TTC : 822,24" in dialog.totals_label.text()        # (300+200+150+35,20) × 1,2
    if untick_time is not None:
        dialog.time_table.item(untick_time, 0).setCheckState(Qt.CheckState.Unchecked)
        assert "Total HT : 535,20" in dialog.totals_label.text()     # the totals follow the ticks
        assert "Total TTC : 642,24" in dialog.totals_label.text()
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        click(qtbot, dialog.create_button)


def test_prepare_validate_then_pay_in_two_steps(qtbot, tab, firm):
    assert "Aucune facture" in tab.summary_label.text()
    prepare_draft(qtbot, tab, untick_time=2)                       # leave the 30 min at 300 €/h
    assert row_texts(tab)[0] == "Brouillon" and row_texts(tab)[6] == "Brouillon"
    assert tab.selected() is not None
    assert tab.validate_button.isEnabled() and tab.delete_button.isEnabled()
    assert not tab.payment_button.isEnabled() and not tab.sent_button.isEnabled()
    [draft] = list_invoices(firm.db, firm.matter)
    assert draft.total_excl_tax == D("535.20") and draft.total_incl_tax == D("642.24")
    assert matter_banner(firm.db, firm.matter, firm.clock.today()).encours == D("150.00")

    click(qtbot, tab.validate_button)                              # asks first
    qtbot.waitUntil(lambda: tab.confirm_box is not None and tab.confirm_box.isVisible())
    assert CONFIRM_TEXT in tab.confirm_box.text()
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        click(qtbot, tab.confirm_yes)
    qtbot.waitUntil(lambda: tab.selected() is not None and tab.selected().number is not None)
    assert row_texts(tab)[:7] == ["F2026-00001", "02/03/2026", "01/04/2026", "642,24\u00a0€",
                                  "0,00\u00a0€", "642,24\u00a0€", "Validée"]
    assert "F2026-00001 validée" in tab.status_label.text()
    assert not tab.validate_button.isEnabled() and not tab.delete_button.isEnabled()   # no more edits
    assert tab.sent_button.isEnabled() and tab.payment_button.isEnabled()

    with qtbot.waitSignal(tab.loaded, timeout=5000):
        click(qtbot, tab.sent_button)
    assert row_texts(tab)[6] == "Envoyée"

    click(qtbot, tab.payment_button)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    assert "Reste à régler : 642,24" in dialog.remaining_label.text()
    type_into(qtbot, dialog.amount_edit, "200,24", replace=True)
    type_into(qtbot, dialog.reference_edit, "Chèque n° 1234567")
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        click(qtbot, dialog.save_button)
    assert row_texts(tab)[4:7] == ["200,24\u00a0€", "442,00\u00a0€", "Envoyée"]
    assert "reste dû sur ce dossier : 442,00" in tab.summary_label.text()

    click(qtbot, tab.payment_button)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    assert dialog.amount_edit.text() == "442,00"                    # the rest, proposed
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        click(qtbot, dialog.save_button)
    assert row_texts(tab)[4:7] == ["642,24\u00a0€", "0,00\u00a0€", "Payée"]
    assert not tab.payment_button.isEnabled() and tab.cancel_button.isEnabled()
    assert invoice_detail(firm.db, draft.id).invoice.status_label == "Payée"


def test_doubtful_flag_credit_note_and_document(qtbot, tab, firm, tmp_path):
    prepare_draft(qtbot, tab)
    click(qtbot, tab.validate_button)
    qtbot.waitUntil(lambda: tab.confirm_box is not None and tab.confirm_box.isVisible())
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        click(qtbot, tab.confirm_yes)
    with qtbot.waitSignal(tab.changed, timeout=5000):
        click(qtbot, tab.doubtful_button)
    qtbot.waitUntil(lambda: row_texts(tab)[7] == "Oui")
    assert tab.doubtful_button.isChecked()

    click(qtbot, tab.document_button)
    qtbot.waitUntil(lambda: tab.opened != [], timeout=5000)
    assert tab.opened[0].name == "Facture F2026-00001.docx" and tab.opened[0].is_file()

    click(qtbot, tab.cancel_button)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    click(qtbot, dialog.ok_button)                                  # no reason: refused
    qtbot.waitUntil(lambda: dialog.errors.message("reason") != "", timeout=5000)
    assert "motif" in dialog.errors.message("reason")
    type_into(qtbot, dialog.reason_edit, "Erreur sur la société facturée")
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        click(qtbot, dialog.ok_button)
    assert row_texts(tab, 0)[0] in ("F2026-00002 (avoir)", "F2026-00001")
    texts = {row_texts(tab, r)[0]: row_texts(tab, r)[6] for r in range(tab.model.rowCount())}
    assert texts == {"F2026-00002 (avoir)": "Validée", "F2026-00001": "Annulée"}
    banner = matter_banner(firm.db, firm.matter, firm.clock.today())
    assert (banner.solde_du, banner.encours) == (D("0.00"), D("685.20"))


def test_deleting_a_draft_gives_the_work_back(qtbot, tab, firm):
    prepare_draft(qtbot, tab)
    click(qtbot, tab.delete_button)
    qtbot.waitUntil(lambda: tab.confirm_box is not None and tab.confirm_box.isVisible())
    with qtbot.waitSignal(tab.changed, timeout=5000):
        click(qtbot, tab.confirm_yes)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0 and not tab.busy)
    assert list_invoices(firm.db, firm.matter) == []
    assert matter_banner(firm.db, firm.matter, firm.clock.today()).encours == D("685.20")


def test_build_invoices_tab_returns_the_tab(qtbot, firm):
    widget = build_invoices_tab(firm, firm.matter)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: not widget.busy, timeout=5000)
    assert isinstance(widget, InvoicesTab) and widget.model.rowCount() == 0
    assert not widget.validate_button.isEnabled() and widget.prepare_button.isEnabled()
