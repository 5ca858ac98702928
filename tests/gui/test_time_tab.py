"""The Temps tab and the time-entry dialog, driven as a user would."""

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate

from tests.gui.helpers import click, type_into
from tests.unit.matter_factory import make_client_matter, make_user
from themisia_desktop.core.finance.rates import add_negotiated_rate
from themisia_desktop.core.finance.time_entries import TimeInput, list_time, record_time
from themisia_desktop.core.models import Invoice, TimeEntry
from themisia_desktop.gui.matters.time_tab import build_time_tab

NEGOTIATED = "Taux appliqué : 180,00\xa0€ HT/h (taux négocié du client)"


@pytest.fixture
def firm(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        ctx.alice = make_user(s, "alice", first="Alice", last="Moreau", rate="250")
        ctx.client, ctx.matter = make_client_matter(s, responsible_id=ctx.alice)
    add_negotiated_rate(ctx.db, ctx.clock, ctx.client, hourly_rate="180",
                        effective_from=date(2026, 1, 1))
    return ctx


@pytest.fixture
def tab(qtbot, firm):
    widget = build_time_tab(firm, firm.matter, None)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    qtbot.waitUntil(lambda: not widget.busy)
    return widget


def open_dialog(qtbot, tab):
    click(qtbot, tab.add_time_button)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled() and not dialog.busy)
    return dialog


def cells(tab):
    m = tab.model
    return [tuple(m.index(r, c).data() for c in range(m.columnCount())) for r in range(m.rowCount())]


def test_typing_1h30_shows_the_duration_and_the_rate_then_the_row_appears(qtbot, qtmodeltester,
                                                                          tab, firm):
    dialog = open_dialog(qtbot, tab)
    assert dialog.lawyer_combo.currentText() == "Hélène Lefèvre"  # the logged-in user
    assert dialog.date_edit.text() == "02/03/2026"
    assert dialog.rate_label.text() == NEGOTIATED
    type_into(qtbot, dialog.duration_edit, "1h30")
    assert dialog.duration_echo.text() == "= 1 h 30"
    type_into(qtbot, dialog.description_edit, "Réunion de préparation de l'expertise")
    with qtbot.waitSignal(tab.loaded):
        click(qtbot, dialog.save_button)
    assert cells(tab) == [("02/03/2026", "Hélène Lefèvre", "1 h 30",
                           "Réunion de préparation de l'expertise", "180,00\xa0€", "270,00\xa0€",
                           "Oui", "Non")]
    assert "Non facturé : 270,00\xa0€ HT" in tab.totals_label.text()
    qtmodeltester.check(tab.model)
    [row] = list_time(firm.db, firm.matter).rows
    assert (row.minutes, row.amount, row.rate_source) == (90, Decimal("270.00"), "negotiated_client")


def test_changing_the_lawyer_updates_the_rate_line(qtbot, tab, firm):
    dialog = open_dialog(qtbot, tab)
    with qtbot.waitSignal(dialog.rateShown) as shown:
        dialog.lawyer_combo.setCurrentIndex(dialog.lawyer_combo.findText("Alice Moreau"))
    assert shown.args == [NEGOTIATED]  # the client-wide rate applies to her too
    add_negotiated_rate(firm.db, firm.clock, firm.client, hourly_rate="150",
                        effective_from=date(2026, 2, 1), lawyer_id=firm.alice)
    with qtbot.waitSignal(dialog.rateShown) as shown:
        dialog.date_edit.setDate(QDate(2026, 2, 10))
    assert shown.args == ["Taux appliqué : 150,00\xa0€ HT/h (taux négocié pour cet avocat)"]


def test_a_bad_duration_shows_the_french_error_and_nothing_is_saved(qtbot, tab, firm):
    dialog = open_dialog(qtbot, tab)
    type_into(qtbot, dialog.duration_edit, "une heure et demie")
    assert dialog.duration_echo.text() == ""
    type_into(qtbot, dialog.description_edit, "Appel")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.field_error("minutes") != "")
    assert dialog.field_error("minutes") == "Durée invalide : saisissez par exemple 1h30 ou 1,5"
    assert dialog.isVisible()
    assert list_time(firm.db, firm.matter).rows == ()
    type_into(qtbot, dialog.duration_edit, "0,5", replace=True)
    assert dialog.field_error("minutes") == ""  # typing again clears the error
    with qtbot.waitSignal(tab.changed):
        click(qtbot, dialog.save_button)
    assert [r.minutes for r in list_time(firm.db, firm.matter).rows] == [30]


def test_an_empty_description_is_shown_next_to_its_field(qtbot, tab, firm):
    dialog = open_dialog(qtbot, tab)
    type_into(qtbot, dialog.duration_edit, "2h")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.field_error("description") != "")
    assert dialog.field_error("description") == "Décrivez le travail effectué."
    assert list_time(firm.db, firm.matter).rows == ()


def test_edit_and_delete_follow_the_selection_and_are_off_for_invoiced_time(qtbot, firm):
    for minutes, text in ((60, "Consultation"), (30, "Appel")):
        record_time(firm.db, firm.clock, TimeInput(firm.matter, firm.alice, date(2026, 2, 2),
                                                   minutes, text))
    with firm.db.write() as s:
        inv = Invoice(matter_id=firm.matter, client_id=firm.client, number="F2026-00003",
                      status="validated")
        s.add(inv)
        s.flush()
        s.query(TimeEntry).filter(TimeEntry.description == "Consultation").one().invoice_id = inv.id
    tab = build_time_tab(firm, firm.matter, None)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    assert not tab.edit_button.isEnabled()
    invoiced = [r for r, row in enumerate(cells(tab)) if row[7] == "F2026-00003"][0]
    tab.view.selectRow(invoiced)
    assert not tab.edit_button.isEnabled() and not tab.delete_button.isEnabled()
    tab.view.selectRow(1 - invoiced)
    assert tab.edit_button.isEnabled()

    click(qtbot, tab.edit_button)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.duration_edit.text() == "30 min")
    assert dialog.rate_label.text() == NEGOTIATED
    type_into(qtbot, dialog.duration_edit, "45", replace=True)
    with qtbot.waitSignal(tab.changed):
        click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: "45 min" in [row[2] for row in cells(tab)])
    assert sorted(r.amount for r in list_time(firm.db, firm.matter).rows) == [
        Decimal("135.00"), Decimal("180.00")]

    tab.view.selectRow([r for r, row in enumerate(cells(tab)) if row[2] == "45 min"][0])
    box = tab.ask_delete()
    with qtbot.waitSignal(tab.changed):
        click(qtbot, tab.confirm_yes)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert [r.description for r in list_time(firm.db, firm.matter).rows] == ["Consultation"]
    assert not box.isVisible()
