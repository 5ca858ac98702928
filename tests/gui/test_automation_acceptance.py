"""The administrator's whole path, through the widgets only: build the « encours client »
rule from a blank workflow in the editor and get exactly the shipped template; switch it on
from the list, and the responsible partner sees the pop-up and the tray count after a sweep."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QToolBar,
)

from tests.gui.helpers import click, save_shot, type_into
from tests.unit.matter_factory import make_client_matter, make_user
from themisia_desktop.core.automation.builtins import builtins_dir, install_builtins
from themisia_desktop.core.automation.definition import parse_definition
from themisia_desktop.core.automation.scheduler import AutomationService
from themisia_desktop.core.automation.workflows import get_workflow, list_workflows
from themisia_desktop.core.finance.time_entries import TimeInput, record_time
from themisia_desktop.gui.automation.editor_window import open_workflow_editor
from themisia_desktop.gui.main_window import MainWindow
from themisia_desktop.gui.notify.install import install_notifications, toasts_of, tray_of

TEMPLATE = json.loads((builtins_dir() / "encours_client_eleve.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _jobs_finished_before_the_base_closes(firm_ctx):
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


class Driver:
    """Finds the editor's widgets by name and uses them as a user would."""

    def __init__(self, qtbot, editor) -> None:
        self.qtbot, self.editor = qtbot, editor

    def find(self, cls, name: str):
        """The widget ``name`` once the user can see it (panels are built as nodes are
        selected and the catalogue arrives)."""
        def shown():
            found = self.editor.findChild(cls, name)
            return found is not None and found.isVisible()

        self.qtbot.waitUntil(shown, timeout=5000)
        return self.editor.findChild(cls, name)

    def choose(self, name: str, text: str) -> None:
        combo = self.find(QComboBox, name)
        shown = [combo.itemText(i) for i in range(combo.count())]
        assert text in shown, f"{text!r} not offered by {name}: {shown}"
        combo.setCurrentIndex(shown.index(text))

    def type(self, name: str, text: str, *, cls=QLineEdit) -> None:
        edit = self.find(cls, name)
        edit.setFocus()
        self.qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        self.qtbot.keyClick(edit, Qt.Key.Key_Delete)
        for n, line in enumerate(text.split("\n")):
            if n:
                self.qtbot.keyClick(edit, Qt.Key.Key_Return)
            type_into(self.qtbot, edit, line)

    def press(self, name: str) -> None:
        toolbar = self.editor.findChild(QToolBar, "editor_toolbar")
        action = next(a for a in toolbar.actions() if a.objectName() == name)
        click(self.qtbot, toolbar.widgetForAction(action))

    def click_node(self, node_id: str) -> None:
        view = self.editor.view
        item = self.editor.scene.items_by_id[node_id]
        view.ensureVisible(item)
        pos = view.mapFromScene(item.sceneBoundingRect().center())
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        assert self.editor.selected_id == node_id


def test_template_2_is_built_from_a_blank_workflow_with_the_editor(qtbot, firm_ctx):
    editor = open_workflow_editor(firm_ctx)
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    qtbot.waitUntil(lambda: editor.is_ready)
    ui = Driver(qtbot, editor)

    ui.type("workflow_name", TEMPLATE["name"])
    ui.type("workflow_description", TEMPLATE["description"], cls=QPlainTextEdit)

    ui.click_node("trigger")
    ui.choose("trigger_kind", "Seuil dépassé")
    ui.choose("trigger_record", "Contact / client")
    ui.choose("trigger_field", "Encours du client")
    ui.choose("trigger_op", "est supérieur à")
    ui.type("trigger_value", "10 000,00")

    click(qtbot, ui.find(QPushButton, "palette_notify"))  # placed after the trigger
    assert ui.find(QCheckBox, "notify_popup").isChecked()
    click(qtbot, ui.find(QCheckBox, "notify_email"))
    recipients = ui.find(QListWidget, "notify_recipients")  # the responsible, by default
    assert [recipients.item(i).text() for i in range(recipients.count())] == \
        ["Rôle : le responsable du dossier"]
    notify = TEMPLATE["actions"][0]
    ui.type("notify_subject", notify["subject"])
    ui.type("notify_body", notify["body"], cls=QPlainTextEdit)

    click(qtbot, ui.find(QPushButton, "palette_set_field"))  # after the notification
    ui.choose("set_field_field", "Suivi renforcé")
    ui.choose("set_field_value", "oui")

    assert editor.errors == {}
    with qtbot.waitSignal(editor.saved, timeout=10_000) as saved:
        ui.press("action_save")

    stored = get_workflow(firm_ctx.db, saved.args[0]).definition.to_json()
    assert stored == parse_definition(TEMPLATE).to_json()
    assert [w.name for w in list_workflows(firm_ctx.db)] == [TEMPLATE["name"]]
    save_shot(editor, "acceptance_template_2.png")


def test_switched_on_from_the_list_a_sweep_pops_up_for_the_partner(qtbot, firm_ctx, tmp_path):
    ctx = firm_ctx
    partner = ctx.current_user.id
    install_builtins(ctx.db, ctx.clock)
    with ctx.db.write() as s:
        lawyer = make_user(s, "avocat", first="Paul", last="Durand", rate="200")
        _client, matter = make_client_matter(s, responsible_id=partner)

    window = MainWindow(ctx, ctx.current_user)
    qtbot.addWidget(window)
    window.show()
    hub = install_notifications(window, ctx, partner, interval_ms=100)
    qtbot.waitUntil(lambda: hub.last_seen_id is not None)

    workflows = window.select_area("automation").workflows
    qtbot.waitUntil(lambda: len(workflows.rows) == 8)
    row = next(i for i, r in enumerate(workflows.rows) if r.info.name == TEMPLATE["name"])
    table = workflows.table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(table.model().index(row, 0)).center())
    assert workflows.toggle_button.text() == "Activer"
    click(qtbot, workflows.toggle_button)
    qtbot.waitUntil(lambda: [w.name for w in list_workflows(ctx.db, enabled_only=True)]
                    == [TEMPLATE["name"]])

    for minutes in (480,) * 6 + (195,):  # 51 h 15 at 200 € an hour: 10 250,00 €
        record_time(ctx.db, ctx.clock, TimeInput(matter_id=matter, user_id=lawyer,
                                                 work_date=ctx.clock.today(), minutes=minutes,
                                                 description="Audiences et conclusions"))
    report = AutomationService(ctx.db, ctx.clock, data_dir=tmp_path).run_once()
    assert report.sweep.fired_count == 1

    toasts = toasts_of(window)
    qtbot.waitUntil(lambda: len(toasts.visible_toasts()) == 1, timeout=5000)
    [toast] = toasts.visible_toasts()
    assert toast.title_label.text().replace("\u202f", " ").replace("\xa0", " ") == \
        "Encours élevé : Boulangerie Dupont SARL (10 250,00 €)"
    assert toast.kind_label.text().startswith("Alertes sur les clients et contacts")
    tray = tray_of(window)
    qtbot.waitUntil(lambda: tray.count == 1)
    assert tray.tooltip == "1 notification non lue"
