"""« Agenda & tâches »: a task created and completed from « Mes tâches » (the event automation
reacts to is written), and an appointment created from the agenda shows up in the week."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from themisia_desktop.core.calendar.appointments import appointments_between_in
from themisia_desktop.core.calendar.tasks import create_task
from themisia_desktop.core.models import Event
from themisia_desktop.gui.calendar.calendar_page import build_calendar_page
from themisia_desktop.gui.calendar.my_tasks import OVERDUE_COLOUR
from tests.gui.helpers import click, type_into
from tests.unit.matter_factory import make_client_matter


@pytest.fixture
def matter_id(firm_ctx):
    with firm_ctx.db.write() as s:
        return make_client_matter(s, responsible_id=firm_ctx.current_user.id)[1]


def _page(qtbot, ctx):
    page = build_calendar_page(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def test_create_then_complete_a_task_from_my_tasks(qtbot, firm_ctx, matter_id):
    page = _page(qtbot, firm_ctx)
    tasks = page.tasks
    assert page.tabs.tabText(0) == "Mes tâches"
    click(qtbot, tasks.new_button)
    dialog = tasks.dialog
    qtbot.waitUntil(lambda: dialog.loaded)
    dialog.matter_combo.setCurrentIndex(dialog.matter_combo.findData(matter_id))
    type_into(qtbot, dialog.title_edit, "Déposer les conclusions")
    type_into(qtbot, dialog.due_edit, "06/03/2026")
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tasks.model.rowCount() == 1)
    assert tasks.model.index(0, 2).data() == "2026-0001 — Litige commercial"
    assert not tasks.complete_button.isEnabled()
    tasks.table.selectRow(0)
    with qtbot.waitSignal(tasks.changed):
        click(qtbot, tasks.complete_button)
    qtbot.waitUntil(lambda: tasks.model.rowCount() == 0)  # the filter shows open tasks
    assert "terminée" in tasks.message.text()
    with firm_ctx.db.read() as s:
        events = [(e.kind, e.entity_type) for e in s.scalars(select(Event).order_by(Event.id))]
    assert ("completed", "task") in events
    tasks.filter_combo.setCurrentIndex(tasks.filter_combo.findData("done"))
    qtbot.waitUntil(lambda: tasks.model.rowCount() == 1)
    assert tasks.model.index(0, 4).data() == "Terminée"


def test_overdue_task_is_red(qtbot, qtmodeltester, firm_ctx):
    create_task(firm_ctx.db, firm_ctx.clock, "En retard", due_on=date(2026, 2, 20),
                user_id=firm_ctx.current_user.id)
    page = _page(qtbot, firm_ctx)
    qtbot.waitUntil(lambda: page.tasks.model.rowCount() == 1)
    index = page.tasks.model.index(0, 1)
    assert index.data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOUR
    assert page.tasks.model.index(0, 4).data() == "À faire — en retard"
    qtmodeltester.check(page.tasks.model)
    page.tabs.setCurrentIndex(1)
    agenda = page.agenda
    qtbot.waitUntil(lambda: agenda.tree.topLevelItemCount() == 8)
    assert agenda.tree.topLevelItem(0).text(0) == "En retard (1)"
    assert agenda.visible_lines()[0] == ("En retard (1)", "depuis le 20/02", "Tâche",
                                         "En retard", "")


def test_appointment_created_from_the_agenda_shows_in_the_week(qtbot, firm_ctx, matter_id):
    page = _page(qtbot, firm_ctx)
    page.tabs.setCurrentIndex(1)
    agenda = page.agenda
    qtbot.waitUntil(lambda: agenda.tree.topLevelItemCount() == 7)
    assert agenda.title_label.text() == "Semaine du 2 au 8 mars 2026"
    click(qtbot, agenda.new_button)
    dialog = agenda.dialog
    qtbot.waitUntil(lambda: dialog.loaded)
    type_into(qtbot, dialog.title_edit, "Rendez-vous avec Mme Dupont")
    type_into(qtbot, dialog.day_edit, "05/03/2026", replace=True)
    type_into(qtbot, dialog.start_edit, "14h30", replace=True)
    type_into(qtbot, dialog.end_edit, "15:45", replace=True)
    type_into(qtbot, dialog.location_edit, "Cabinet")
    dialog.matter_combo.setCurrentIndex(dialog.matter_combo.findData(matter_id))
    with qtbot.waitSignal(agenda.loaded):
        click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: any("Mme Dupont" in line[3] for line in agenda.visible_lines()))
    assert ("Jeudi 5 mars", "14:30–15:45", "Rendez-vous", "Rendez-vous avec Mme Dupont",
            "Cabinet · 2026-0001") in agenda.visible_lines()
    with firm_ctx.db.read() as s:
        [stored] = appointments_between_in(s, firm_ctx.current_user.id,
                                           datetime(2026, 3, 5, tzinfo=timezone.utc),
                                           datetime(2026, 3, 6, tzinfo=timezone.utc))
    assert stored.starts_at == datetime(2026, 3, 5, 13, 30, tzinfo=timezone.utc)
    assert agenda.select_line("Rendez-vous avec Mme Dupont")
    click(qtbot, agenda.move_button)
    qtbot.waitUntil(lambda: agenda.dialog is not dialog and agenda.dialog is not None)
    mover = agenda.dialog
    qtbot.waitUntil(lambda: mover.loaded)
    assert mover.windowTitle() == "Déplacer le rendez-vous"
    assert (mover.start_edit.text(), mover.end_edit.text()) == ("14:30", "15:45")
    type_into(qtbot, mover.start_edit, "16:00", replace=True)
    type_into(qtbot, mover.end_edit, "17:00", replace=True)
    with qtbot.waitSignal(mover.saved):
        click(qtbot, mover.save_button)
    qtbot.waitUntil(lambda: ("Jeudi 5 mars", "16:00–17:00", "Rendez-vous",
                             "Rendez-vous avec Mme Dupont", "Cabinet · 2026-0001")
                    in agenda.visible_lines())
    assert agenda.select_line("Rendez-vous avec Mme Dupont")
    click(qtbot, agenda.cancel_button)
    with qtbot.waitSignal(agenda.changed):
        click(qtbot, agenda.confirm_yes)
    qtbot.waitUntil(lambda: not any("Mme Dupont" in line[3] for line in agenda.visible_lines()))
    assert "annulé" in agenda.message.text()
    with firm_ctx.db.read() as s:
        assert appointments_between_in(s, firm_ctx.current_user.id,
                                       datetime(2026, 3, 5, tzinfo=timezone.utc),
                                       datetime(2026, 3, 6, tzinfo=timezone.utc)) == []
    click(qtbot, agenda.day_button)
    qtbot.waitUntil(lambda: agenda.tree.topLevelItemCount() == 1)
    assert agenda.title_label.text() == "Jeudi 5 mars 2026"
    click(qtbot, agenda.next_button)
    qtbot.waitUntil(lambda: agenda.title_label.text() == "Vendredi 6 mars 2026")


def test_end_before_start_is_refused_next_to_the_hours(qtbot, firm_ctx):
    page = _page(qtbot, firm_ctx)
    page.tabs.setCurrentIndex(1)
    click(qtbot, page.agenda.new_button)
    dialog = page.agenda.dialog
    qtbot.waitUntil(lambda: dialog.loaded)
    type_into(qtbot, dialog.title_edit, "Audience")
    type_into(qtbot, dialog.end_edit, "08:00", replace=True)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.errors.message("starts_at") != "")
    assert dialog.errors.message("starts_at") == "La fin du rendez-vous doit être après son début."
    assert dialog.isVisible()
