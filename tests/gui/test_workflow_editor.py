"""The visual workflow editor, driven as the firm's administrator would."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QToolBar

from tests.gui.helpers import click, save_shot, type_into
from themisia_desktop.core.automation.builtins import builtins_dir, install_builtins
from themisia_desktop.core.automation.graph import DETACHED_ACTION
from themisia_desktop.core.automation.workflows import (create_workflow, get_workflow,
                                                        list_workflows)
from themisia_desktop.gui.automation.editor_window import open_workflow_editor

CHAIN = "chaine_onboarding_client.json"


def builtin(name: str) -> dict:
    return json.loads((builtins_dir() / name).read_text(encoding="utf-8"))


@pytest.fixture
def open_editor(qtbot, firm_ctx):
    def opener(**kw):
        editor = open_workflow_editor(firm_ctx, **kw)
        qtbot.addWidget(editor)
        editor.resize(1366, 768)
        qtbot.waitUntil(lambda: editor.is_ready)
        return editor
    return opener


def press(qtbot, editor, name: str) -> None:
    """Click the toolbar button of the action ``name``."""
    toolbar = editor.findChild(QToolBar, "editor_toolbar")
    action = next(a for a in toolbar.actions() if a.objectName() == name)
    click(qtbot, toolbar.widgetForAction(action))


def palette(editor, name: str) -> QPushButton:
    return editor.findChild(QPushButton, name)


def test_chain_template_opens_with_its_nodes(qtbot, firm_ctx, open_editor):
    install_builtins(firm_ctx.db, firm_ctx.clock)  # the chain starts an installed workflow
    editor = open_editor(document=builtin(CHAIN))
    items = editor.scene.items_by_id
    assert list(items) == ["trigger", "action/0", "action/1", "action/2"]
    assert items["trigger"].node.title == "Création : Dossier"
    assert items["action/2"].node.title == \
        "Démarrer « Chaîne 2/3 : planification de la procédure »"
    assert editor.status_line.text() == "Aucune erreur : le workflow peut être enregistré"
    assert editor.state_line.text() == "Nouveau workflow, non enregistré"
    assert editor.findChild(QLineEdit, "workflow_name").text() == \
        "Chaîne 1/3 : onboarding client"
    save_shot(editor, "editor_chain.png")


def test_missing_target_workflow_is_shown_on_its_action(qtbot, open_editor):
    editor = open_editor(document=builtin(CHAIN))  # the chain's next step is not installed
    qtbot.waitUntil(lambda: "action/2" in editor.errors)
    assert editor.errors["action/2"] == [
        "Action 3 : le workflow « chaine_planification_procedure » n'est pas installé dans "
        "ce cabinet"]
    assert "n'est pas installé" in editor.scene.items_by_id["action/2"].toolTip()
    assert editor.status_line.text() == "1 erreur : corrigez-la avant d'enregistrer"


def test_palette_adds_after_the_selection_then_undo_redo(qtbot, firm_ctx, open_editor):
    editor = open_editor(document=builtin(CHAIN))
    editor.select_node("action/1")
    click(qtbot, palette(editor, "palette_notify"))
    actions = editor.graph.to_document()["actions"]
    assert [a["type"] for a in actions] == ["create_task", "create_task", "notify",
                                            "start_workflow"]
    assert editor.selected_id == "action/2"
    assert "action/3" in editor.scene.items_by_id
    press(qtbot, editor, "action_undo")
    assert len(editor.graph.to_document()["actions"]) == 3
    assert list(editor.scene.items_by_id) == ["trigger", "action/0", "action/1", "action/2"]
    press(qtbot, editor, "action_redo")
    assert editor.graph.to_document()["actions"][2]["type"] == "notify"


def test_detached_action_shows_its_error_and_cannot_be_saved(qtbot, firm_ctx, open_editor):
    install_builtins(firm_ctx.db, firm_ctx.clock)
    before = len(list_workflows(firm_ctx.db))
    editor = open_editor(document=builtin(CHAIN))
    editor.select_node(None)
    click(qtbot, palette(editor, "palette_create_task"))
    item = editor.scene.items_by_id["draft/1"]
    assert item.node.detached
    assert item.errors == [DETACHED_ACTION]
    assert DETACHED_ACTION in item.toolTip()
    assert editor.status_line.text() == "1 erreur : corrigez-la avant d'enregistrer"
    assert DETACHED_ACTION in editor.side.errors.text()  # the new node is selected
    editor.select_node(None)
    press(qtbot, editor, "action_save")
    assert editor.message_line.text().startswith("Impossible d'enregistrer : 1 erreur")
    assert editor.selected_id == "draft/1"  # the node to fix is shown
    assert len(list_workflows(firm_ctx.db)) == before
    save_shot(editor, "editor_error.png")


def test_delete_key_removes_the_selected_node(qtbot, open_editor):
    editor = open_editor(document=builtin(CHAIN))
    editor.select_node("action/0")
    editor.view.setFocus()
    qtbot.keyClick(editor.view.viewport(), Qt.Key.Key_Delete)
    assert len(editor.graph.to_document()["actions"]) == 2
    press(qtbot, editor, "action_undo")
    assert len(editor.graph.to_document()["actions"]) == 3


def test_dragging_from_an_output_port_connects_a_loose_action(qtbot, open_editor):
    editor = open_editor(document=builtin(CHAIN))
    editor.select_node(None)
    click(qtbot, palette(editor, "palette_create_task"))
    editor.view.fit_to_view()
    source, target = editor.scene.items_by_id["action/2"], editor.scene.items_by_id["draft/1"]
    start = editor.view.mapFromScene(source.output_port())
    end = editor.view.mapFromScene(target.sceneBoundingRect().center())
    viewport = editor.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    actions = editor.graph.to_document()["actions"]
    assert len(actions) == 4 and actions[3]["title"] == "Nouvelle tâche"
    assert "draft/1" not in editor.errors


def test_blank_workflow_built_in_the_editor_is_saved(qtbot, firm_ctx, open_editor):
    editor = open_editor()
    assert list(editor.scene.items_by_id) == ["trigger"]
    assert editor.status_line.text() == "1 erreur : corrigez-la avant d'enregistrer"
    name = editor.findChild(QLineEdit, "workflow_name")
    type_into(qtbot, name, "Relance des échéances", replace=True)
    assert editor.graph.to_document()["name"] == "Relance des échéances"
    assert editor.undo_stack.count() == 1  # typing the name is one undo step
    editor.select_node("trigger")
    click(qtbot, palette(editor, "palette_create_task"))
    assert editor.status_line.text() == "Aucune erreur : le workflow peut être enregistré"
    with qtbot.waitSignal(editor.saved) as saved:
        press(qtbot, editor, "action_save")
    workflow_id = saved.args[0]
    assert editor.message_line.text() == "Version 1 enregistrée"
    infos = {w.name: w for w in list_workflows(firm_ctx.db)}
    assert infos["Relance des échéances"].id == workflow_id
    detail = get_workflow(firm_ctx.db, workflow_id)
    assert detail.definition.actions[0].title == "Nouvelle tâche"
    assert detail.definition.trigger.kind == "created"

    editor.select_node(None)
    type_into(qtbot, editor.findChild(QLineEdit, "workflow_name"), " (v2)")
    with qtbot.waitSignal(editor.saved):
        press(qtbot, editor, "action_save")
    assert editor.message_line.text() == "Version 2 enregistrée"
    assert get_workflow(firm_ctx.db, workflow_id).info.name == "Relance des échéances (v2)"


def test_enable_and_disable(qtbot, firm_ctx, open_editor):
    info = create_workflow(firm_ctx.db, firm_ctx.clock, builtin("nouveau_dossier.json"))
    editor = open_editor(workflow_id=info.id)
    assert editor.state_line.text() == f"Workflow n° {info.id} — désactivé"
    with qtbot.waitSignal(editor.enabled_changed) as switched:
        press(qtbot, editor, "action_enable")
    assert switched.args == [info.id, True]
    assert get_workflow(firm_ctx.db, info.id).info.enabled
    assert editor.message_line.text() == "Workflow activé"
    press(qtbot, editor, "action_disable")
    qtbot.waitUntil(lambda: not editor.enabled)
    assert not get_workflow(firm_ctx.db, info.id).info.enabled

    editor.select_node(None)
    click(qtbot, palette(editor, "palette_notify"))  # a loose action: refused
    press(qtbot, editor, "action_enable")
    assert editor.message_line.text().startswith("Impossible d'activer")
    assert not get_workflow(firm_ctx.db, info.id).info.enabled


def test_export_then_import(qtbot, firm_ctx, open_editor, tmp_path):
    info = create_workflow(firm_ctx.db, firm_ctx.clock, builtin("echeance_j_moins_3.json"))
    editor = open_editor(workflow_id=info.id)
    assert list(editor.scene.items_by_id)[:3] == ["trigger", "cond", "cond/0"]
    path = tmp_path / "echeance.json"
    editor.export_to(path)
    qtbot.waitUntil(lambda: editor.message_line.text() == "Workflow exporté dans echeance.json")
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported["workflow"] == editor.graph.to_document()

    other = open_editor()
    other.import_from(path)
    qtbot.waitUntil(lambda: other.workflow_id is not None)
    assert other.workflow_id != info.id
    assert other.message_line.text() == "Workflow importé (désactivé)"
    imported = get_workflow(firm_ctx.db, other.workflow_id)
    assert imported.info.name == "Échéance à J−3 (2)" and not imported.info.enabled
    assert list(other.scene.items_by_id) == list(editor.scene.items_by_id)


def test_import_of_a_file_with_mistakes_opens_it_unsaved(qtbot, firm_ctx, open_editor,
                                                         tmp_path):
    doc = builtin("nouveau_dossier.json")
    doc["actions"][1]["assignee"] = {"role": "inconnu"}
    path = tmp_path / "faux.json"
    path.write_text(json.dumps({"format": "themisia-workflow", "format_version": 1,
                                "workflow": doc}), encoding="utf-8")
    before = len(list_workflows(firm_ctx.db))
    editor = open_editor()
    editor.import_from(path)
    qtbot.waitUntil(lambda: "action/1" in editor.errors)
    assert editor.workflow_id is None
    assert editor.errors["action/1"][0].startswith("Action 2 : rôle inconnu « inconnu »")
    assert len(list_workflows(firm_ctx.db)) == before


def test_duplicate_and_tester(qtbot, firm_ctx, open_editor):
    editor = open_editor(document=builtin("nouveau_dossier.json"))
    press(qtbot, editor, "action_duplicate")
    copy = editor._copies[-1]
    qtbot.addWidget(copy)
    qtbot.waitUntil(lambda: copy.is_ready)
    assert copy.graph.to_document()["name"] == "Nouveau dossier : premières diligences (copie)"
    assert copy.workflow_id is None
    dialog = editor.open_tester()
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_condition_error_is_shown_on_the_condition(qtbot, open_editor):
    doc = builtin("encours_dossier_sans_provision.json")
    doc["conditions"]["all"][1]["value"] = ["open", "rêve"]
    editor = open_editor(document=doc)
    items = editor.scene.items_by_id
    assert list(items)[:4] == ["trigger", "cond", "cond/0", "cond/1"]
    assert items["cond/1"].errors[0].startswith("Condition 2 : Valeur « rêve » inconnue")
    assert not items["cond/0"].errors
    editor.select_node("cond/1")
    assert "Valeur « rêve » inconnue" in editor.side.errors.text()
    assert editor.side.heading.text() == "Statut du dossier parmi Ouvert, rêve"
    save_shot(editor, "editor_condition_error.png")


def test_saving_under_a_taken_name_is_refused_with_the_reason(qtbot, firm_ctx, open_editor):
    install_builtins(firm_ctx.db, firm_ctx.clock)  # the shipped chain is already installed
    before = len(list_workflows(firm_ctx.db))
    editor = open_editor(document=builtin(CHAIN))
    press(qtbot, editor, "action_save")
    qtbot.waitUntil(lambda: editor.message_line.text() == "Un workflow porte déjà ce nom.")
    assert editor.workflow_id is None
    assert len(list_workflows(firm_ctx.db)) == before


def test_conditions_from_the_palette_go_under_the_selection(qtbot, open_editor):
    editor = open_editor(document=builtin("nouveau_dossier.json"))
    editor.select_node("trigger")
    click(qtbot, palette(editor, "palette_condition"))
    assert editor.selected_id == "cond"
    assert editor.graph.to_document()["conditions"] == {"field": "matter.reference",
                                                        "op": "not_empty"}
    editor.select_node("trigger")
    click(qtbot, palette(editor, "palette_group"))  # a group above the existing condition
    assert editor.graph.to_document()["conditions"] == {
        "all": [{"field": "matter.reference", "op": "not_empty"}]}
    editor.select_node("cond")
    click(qtbot, palette(editor, "palette_condition"))
    assert editor.selected_id == "cond/1"
    assert list(editor.scene.items_by_id)[:4] == ["trigger", "cond", "cond/0", "cond/1"]
    assert editor.status_line.text() == "Aucune erreur : le workflow peut être enregistré"


def test_detach_and_move_actions_from_the_node_menu(qtbot, open_editor):
    editor = open_editor(document=builtin("nouveau_dossier.json"))
    assert editor.scene.incoming["action/1"] == "action/0"
    editor.disconnect_nodes("action/0", "action/1")
    assert editor.scene.items_by_id["draft/1"].errors == [DETACHED_ACTION]
    assert len(editor.graph.to_document()["actions"]) == 2
    editor.move_action("action/1", 0)
    assert editor.graph.to_document()["actions"][0]["type"] == "notify"
    press(qtbot, editor, "action_undo")
    press(qtbot, editor, "action_undo")
    assert len(editor.graph.to_document()["actions"]) == 3


def test_zoom_with_ctrl_wheel_and_fit_to_view(qtbot, open_editor):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent

    editor = open_editor(document=builtin("encours_dossier_sans_provision.json"))
    view = editor.view
    press(qtbot, editor, "action_fit")
    fitted = view.zoom
    assert 0.25 <= fitted <= 1.0
    centre = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(centre, view.viewport().mapToGlobal(centre), QPoint(0, 0),
                        QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    view.wheelEvent(wheel)
    assert view.zoom == pytest.approx(fitted * 1.15 ** 2)
    press(qtbot, editor, "action_fit")
    assert view.zoom == pytest.approx(fitted)
    for item in editor.scene.items_by_id.values():
        assert view.viewport().rect().contains(view.mapFromScene(item.sceneBoundingRect().center()))
