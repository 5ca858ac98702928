"""« Nouvelle tâche » driven as a user would, checked through the tasks service."""

from __future__ import annotations

from datetime import date

import pytest

from themisia_desktop.core.calendar.tasks import matter_tasks, my_tasks
from themisia_desktop.gui.calendar.task_dialog import TaskDialog
from tests.gui.helpers import click, type_into
from tests.unit.matter_factory import make_client_matter


@pytest.fixture
def matter_id(firm_ctx):
    with firm_ctx.db.write() as s:
        return make_client_matter(s, responsible_id=firm_ctx.current_user.id)[1]


def _open(qtbot, ctx, **kwargs) -> TaskDialog:
    dialog = TaskDialog(ctx, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded)
    return dialog


def test_create_a_task_for_a_matter(qtbot, firm_ctx, matter_id):
    dialog = _open(qtbot, firm_ctx, matter_id=matter_id)
    assert not dialog.matter_combo.isEnabled()
    assert dialog.matter_combo.currentText() == "2026-0001 — Litige commercial"
    assert dialog.assignee_combo.currentText() == "Hélène Lefèvre"
    type_into(qtbot, dialog.title_edit, "Rédiger l'assignation en référé")
    type_into(qtbot, dialog.due_edit, "13/03/2026")
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, dialog.save_button)
    [task] = matter_tasks(firm_ctx.db, firm_ctx.clock, matter_id)
    assert (task.title, task.due_on, task.assignee_id) == (
        "Rédiger l'assignation en référé", date(2026, 3, 13), firm_ctx.current_user.id)
    assert not dialog.isVisible()


def test_errors_are_shown_next_to_the_fields_and_nothing_is_saved(qtbot, firm_ctx, matter_id):
    dialog = _open(qtbot, firm_ctx)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.errors.message("title") != "")
    assert dialog.errors.message("title") == "Donnez un intitulé à la tâche."
    assert dialog.errors.label("title").isVisible()
    type_into(qtbot, dialog.title_edit, "Appeler le greffe")
    type_into(qtbot, dialog.due_edit, "31/02/2026")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.errors.message("due_on") != "")
    assert "n'est pas une date valide" in dialog.errors.message("due_on")
    assert dialog.isVisible()
    assert my_tasks(firm_ctx.db, firm_ctx.clock, firm_ctx.current_user.id) == []
