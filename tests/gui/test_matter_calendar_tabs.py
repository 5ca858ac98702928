"""The Tâches and Échéances tabs of a matter, hosted in a plain window."""

from __future__ import annotations

from datetime import date

import pytest

from themisia_desktop.core.calendar.deadlines import add_deadline, matter_deadlines
from themisia_desktop.core.calendar.tasks import matter_tasks
from themisia_desktop.gui.calendar.deadlines_tab import build_deadlines_tab
from themisia_desktop.gui.calendar.matter_tasks_tab import build_tasks_tab
from tests.gui.helpers import click, type_into
from tests.unit.matter_factory import make_client_matter


@pytest.fixture
def matter_id(firm_ctx):
    with firm_ctx.db.write() as s:
        return make_client_matter(s, responsible_id=firm_ctx.current_user.id)[1]


def test_tasks_tab_creates_for_its_matter_and_completes(qtbot, firm_ctx, matter_id):
    tab = build_tasks_tab(firm_ctx, matter_id, None)
    qtbot.addWidget(tab)
    tab.show()
    click(qtbot, tab.new_button)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.matter_combo.currentData() == matter_id
    type_into(qtbot, dialog.title_edit, "Demander les pièces")
    with qtbot.waitSignal(tab.changed):
        click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.index(0, 1).data() == "Demander les pièces"
    tab.table.selectRow(0)
    with qtbot.waitSignal(tab.changed):
        click(qtbot, tab.complete_button)
    qtbot.waitUntil(lambda: tab.model.index(0, 3).data() == "Terminée")
    assert [t.status for t in matter_tasks(firm_ctx.db, firm_ctx.clock, matter_id)] == ["done"]
    assert tab.reopen_button.isEnabled()


def test_deadlines_tab_adds_explains_and_marks_met(qtbot, firm_ctx, matter_id):
    add_deadline(firm_ctx.db, firm_ctx.clock, matter_id, "Pièces adverses", "procedural", None,
                 None, None, None, due_on=date(2026, 2, 27))
    tab = build_deadlines_tab(firm_ctx, matter_id, None)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.index(0, 5).data() == "À venir — en retard"
    click(qtbot, tab.new_button)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.loaded)
    type_into(qtbot, dialog.title_edit, "Appel")
    type_into(qtbot, dialog.trigger_edit, "02/03/2026")
    type_into(qtbot, dialog.value_edit, "1")
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData("months"))
    with qtbot.waitSignal(tab.changed):
        click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    assert tab.model.index(1, 0).data() == "02/04/2026"
    assert tab.model.index(1, 3).data() == "1 mois à compter du 02/03/2026"
    tab.table.selectRow(1)
    assert tab.steps_label.text().splitlines()[-1] == "Échéance : jeudi 2 avril 2026"
    with qtbot.waitSignal(tab.changed):
        click(qtbot, tab.met_button)
    qtbot.waitUntil(lambda: any(d.status == "met" for d in tab.deadlines))
    statuses = {d.title: d.status for d in matter_deadlines(firm_ctx.db, firm_ctx.clock, matter_id)}
    assert statuses == {"Appel": "met", "Pièces adverses": "pending"}


def test_move_a_deadline_recomputes_it(qtbot, qtmodeltester, firm_ctx, matter_id):
    add_deadline(firm_ctx.db, firm_ctx.clock, matter_id, "Conclusions", "procedural",
                 date(2026, 3, 2), 15, "jours", None)
    tab = build_deadlines_tab(firm_ctx, matter_id, None)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    qtmodeltester.check(tab.model)
    tab.table.selectRow(0)
    click(qtbot, tab.move_button)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.windowTitle() == "Déplacer le délai"
    assert (dialog.trigger_edit.text(), dialog.value_edit.text()) == ("02/03/2026", "15")
    assert not dialog.title_edit.isEnabled()
    type_into(qtbot, dialog.trigger_edit, "20/04/2026", replace=True)
    assert dialog.due_label.text() == "Échéance : mardi 5 mai 2026"
    with qtbot.waitSignal(tab.changed):
        click(qtbot, dialog.save_button)
    [moved] = matter_deadlines(firm_ctx.db, firm_ctx.clock, matter_id)
    assert moved.due_on == date(2026, 5, 5) and moved.trigger_date == date(2026, 4, 20)
    qtbot.waitUntil(lambda: tab.model.index(0, 0).data() == "05/05/2026")
