"""« Nouveau délai »: the due date and its explanation appear while typing; saving stores it."""

from __future__ import annotations

from datetime import date

import pytest

from themisia_desktop.core.calendar.deadlines import matter_deadlines
from themisia_desktop.gui.calendar.deadline_dialog import DeadlineDialog
from tests.gui.helpers import click, type_into
from tests.unit.matter_factory import make_client_matter


@pytest.fixture
def matter_id(firm_ctx):
    with firm_ctx.db.write() as s:
        return make_client_matter(s, responsible_id=firm_ctx.current_user.id)[1]


def _open(qtbot, ctx, matter_id) -> DeadlineDialog:
    dialog = DeadlineDialog(ctx, matter_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded)
    return dialog


def test_fifteen_days_before_a_holiday_explained_live_and_saved(qtbot, firm_ctx, matter_id):
    dialog = _open(qtbot, firm_ctx, matter_id)
    assert dialog.due_label.text() == "Échéance : —"
    type_into(qtbot, dialog.title_edit, "Conclusions d'intimé")
    type_into(qtbot, dialog.trigger_edit, "17/10/2025")
    type_into(qtbot, dialog.value_edit, "15")
    assert dialog.due_label.text() == "Échéance : lundi 3 novembre 2025"
    steps = dialog.steps_label.text().splitlines()
    assert steps[0] == ("Point de départ : vendredi 17 octobre 2025 (jour de l'événement, "
                        "non compté — art. 641)")
    assert "samedi 1er novembre 2025 : Toussaint, jour férié → reporté (art. 642)" in steps
    assert dialog.steps_label.isVisible()
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, dialog.save_button)
    [stored] = matter_deadlines(firm_ctx.db, firm_ctx.clock, matter_id)
    assert (stored.title, stored.due_on, stored.period_value, stored.period_unit) == (
        "Conclusions d'intimé", date(2025, 11, 3), 15, "days")
    assert stored.steps == tuple(steps)


def test_months_and_bad_period(qtbot, firm_ctx, matter_id):
    dialog = _open(qtbot, firm_ctx, matter_id)
    type_into(qtbot, dialog.title_edit, "Appel")
    type_into(qtbot, dialog.trigger_edit, "31/01/2025")
    type_into(qtbot, dialog.value_edit, "0")
    assert dialog.steps_label.text() == ("La durée du délai doit être un nombre entier supérieur "
                                         "à zéro.")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.errors.message("period_value") != "")
    assert matter_deadlines(firm_ctx.db, firm_ctx.clock, matter_id) == []
    type_into(qtbot, dialog.value_edit, "1", replace=True)
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData("months"))
    assert dialog.due_label.text() == "Échéance : vendredi 28 février 2025"


def test_fixed_date(qtbot, firm_ctx, matter_id):
    dialog = _open(qtbot, firm_ctx, matter_id)
    type_into(qtbot, dialog.title_edit, "Fin du préavis")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("contractual"))
    click(qtbot, dialog.fixed_check)
    assert not dialog.trigger_edit.isEnabled()
    type_into(qtbot, dialog.due_edit, "30/06/2026")
    assert dialog.due_label.text() == "Échéance : mardi 30 juin 2026"
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, dialog.save_button)
    [stored] = matter_deadlines(firm_ctx.db, firm_ctx.clock, matter_id)
    assert (stored.kind, stored.due_on, stored.period_value) == ("contractual", date(2026, 6, 30), None)
