"""The « Automatisations » area driven as a user would: the workflow list and its buttons, the
run history with its filters and traces, and the « Tester » dialog (which writes nothing).
The graph editor is stood in for by a small window with the same ``saved(int)`` signal."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy import func, select

from tests.gui.helpers import click, save_shot, type_into
from tests.unit.test_trace_text import builtin_id, loop_scenario, threshold_scenario
from themisia_desktop.core.automation.builtins import load_builtins
from themisia_desktop.core.automation.sweep import sweep
from themisia_desktop.core.automation.workflows import create_workflow, get_workflow
from themisia_desktop.core.clock import FixedClock
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import (Contact, Event, Firing, Interaction, Notification,
                                          OutboxMail, RunTrace, Task, Workflow)
from themisia_desktop.gui.automation import workflow_list
from themisia_desktop.gui.automation.automation_page import build_automation_page
from themisia_desktop.gui.automation.test_dialog import open_test_dialog

ENCOURS = "Encours client supérieur à 10 000 €"


class FakeEditor(QWidget):
    saved = Signal(int)


@pytest.fixture
def office(firm_ctx):
    wf, lawyer, client, matter = threshold_scenario(firm_ctx)
    return firm_ctx, wf, lawyer, client, matter


@pytest.fixture
def opened(monkeypatch):
    """open_workflow_editor stand-in: records its arguments, returns a FakeEditor."""
    calls: list[dict] = []

    def opener(ctx, *, workflow_id=None, document=None, parent=None):  # noqa: ANN001
        editor = FakeEditor(parent, Qt.WindowType.Window)
        calls.append({"workflow_id": workflow_id, "document": document, "editor": editor})
        return editor

    monkeypatch.setattr(workflow_list, "load_editor", lambda: opener)
    return calls


def show_page(qtbot, ctx):
    page = build_automation_page(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    with qtbot.waitSignal(page.workflows.loaded, timeout=5000):
        page.show()
    return page


def reload(qtbot, widget) -> None:
    with qtbot.waitSignal(widget.loaded, timeout=5000):
        widget.reload()


def row_of(page, name: str) -> int:
    names = [r.info.name for r in page.workflows.rows]
    return names.index(name)


def cells(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def select_workflow(page, name: str) -> None:
    page.workflows.table.selectRow(row_of(page, name))


def counts(ctx) -> dict[str, int]:
    with ctx.db.read() as s:
        out = {m.__name__: s.scalar(select(func.count()).select_from(m))
               for m in (RunTrace, Task, OutboxMail, Event, Firing, Notification, Interaction,
                         Workflow)}
        out["close_monitoring"] = s.scalar(select(func.count()).select_from(Contact)
                                           .where(Contact.close_monitoring.is_(True)))
    return out


# -- the list -----------------------------------------------------------------------------------
def test_the_list_shows_trigger_state_version_and_last_run(qtbot, qtmodeltester, office):
    ctx, wf, *_ = office
    sweep(ctx.db, ctx.clock)
    page = show_page(qtbot, ctx)

    row = cells(page.workflows.model, row_of(page, ENCOURS))
    assert row == [ENCOURS, "Contact / client",
                   "Seuil dépassé — Encours du client > 10\u202f000,00\u00a0€", "Activé", "1",
                   "02/03/2026 10:30 — Exécuté"]
    off = get_workflow(ctx.db, builtin_id(ctx, "nouveau_dossier")).info.name
    assert cells(page.workflows.model, row_of(page, off))[3:] == ["Désactivé", "1", "Jamais"]
    qtmodeltester.check(page.workflows.model)
    assert page.tabs.tabText(0) == "Workflows"
    assert page.tabs.tabText(1) == "Historique des exécutions"
    save_shot(page, "history_workflows.png")


def test_new_from_a_template_opens_the_editor_then_a_save_refreshes(qtbot, office, opened):
    ctx, *_ = office
    page = show_page(qtbot, ctx)
    templates, _ = load_builtins()
    template = next(t for t in templates if t.key == "nouveau_dossier")

    click(qtbot, page.workflows.new_button)
    dialog = page.workflows.dialog
    qtbot.waitUntil(lambda: dialog.choices.count() == len(templates) + 1)
    dialog.choose(template.definition.name)
    assert template.definition.description in dialog.description.text()
    assert "Déclencheur : Création — Dossier" in dialog.description.text()
    save_shot(dialog, "history_new_dialog.png")
    click(qtbot, dialog.create_button)

    assert len(opened) == 1 and opened[0]["workflow_id"] is None
    assert opened[0]["document"] == template.document
    new_id = create_workflow(ctx.db, ctx.clock, {**template.document, "name": "Ouverture maison"}).id
    with qtbot.waitSignal(page.workflows.loaded, timeout=5000):
        opened[0]["editor"].saved.emit(new_id)
    assert page.workflows.selected().info.id == new_id
    assert page.workflows.message.text() == "Workflow enregistré."


def test_a_blank_workflow_and_open_on_double_click(qtbot, office, opened):
    ctx, wf, *_ = office
    page = show_page(qtbot, ctx)
    click(qtbot, page.workflows.new_button)
    click(qtbot, page.workflows.dialog.create_button)
    assert opened[-1]["document"] is None and opened[-1]["workflow_id"] is None

    row = row_of(page, ENCOURS)
    index = page.workflows.model.index(row, 0)
    rect = page.workflows.table.visualRect(index)
    qtbot.mouseClick(page.workflows.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.workflows.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened[-1]["workflow_id"] == wf


def test_switching_a_workflow_on_and_off(qtbot, office):
    ctx, *_ = office
    page = show_page(qtbot, ctx)
    key_id = builtin_id(ctx, "nouveau_dossier")
    name = get_workflow(ctx.db, key_id).info.name
    select_workflow(page, name)
    assert page.workflows.toggle_button.text() == "Activer"

    with qtbot.waitSignal(page.workflows.loaded, timeout=5000):
        click(qtbot, page.workflows.toggle_button)
    assert get_workflow(ctx.db, key_id).info.enabled is True
    assert page.workflows.toggle_button.text() == "Désactiver"
    assert cells(page.workflows.model, row_of(page, name))[3] == "Activé"

    with qtbot.waitSignal(page.workflows.loaded, timeout=5000):
        click(qtbot, page.workflows.toggle_button)
    assert get_workflow(ctx.db, key_id).info.enabled is False


def test_a_refused_switch_says_why(qtbot, office, monkeypatch):
    ctx, wf, *_ = office
    page = show_page(qtbot, ctx)

    def refuse(*_a, **_k):  # noqa: ANN002, ANN003
        raise ValidationError("il démarre un workflow qui n'existe plus.", field="enabled")

    monkeypatch.setattr(workflow_list, "set_enabled", refuse)
    select_workflow(page, ENCOURS)
    click(qtbot, page.workflows.toggle_button)
    qtbot.waitUntil(lambda: "Impossible" in page.workflows.message.text())
    assert page.workflows.message.text() == (
        f"Impossible de désactiver « {ENCOURS} » : il démarre un workflow qui n'existe plus.")
    assert get_workflow(ctx.db, wf).info.enabled is True


def test_duplicate_makes_a_disabled_copy(qtbot, office):
    ctx, wf, *_ = office
    page = show_page(qtbot, ctx)
    select_workflow(page, ENCOURS)
    with qtbot.waitSignal(page.workflows.loaded, timeout=5000):
        click(qtbot, page.workflows.duplicate_button)

    copy = page.workflows.selected().info
    assert copy.name == f"{ENCOURS} (copie)" and copy.enabled is False
    assert copy.builtin_key is None
    assert get_workflow(ctx.db, copy.id).definition.actions == \
        get_workflow(ctx.db, wf).definition.actions
    assert page.workflows.message.text() == f"Copie « {ENCOURS} (copie) » créée (désactivée)."


def test_export_then_import_round_trip(qtbot, office, tmp_path):
    ctx, wf, *_ = office
    page = show_page(qtbot, ctx)
    path = tmp_path / "encours.json"
    with qtbot.waitSignal(page.workflows.loaded, timeout=5000):
        page.workflows.export_to(wf, path)
    assert path.exists() and '"themisia-workflow"' in path.read_text(encoding="utf-8")

    before = len(page.workflows.rows)
    with qtbot.waitSignal(page.workflows.loaded, timeout=5000):
        page.workflows.import_from(path)
    assert len(page.workflows.rows) == before + 1
    imported = page.workflows.selected().info
    assert imported.name == f"{ENCOURS} (2)" and imported.enabled is False
    assert get_workflow(ctx.db, imported.id).definition.trigger == \
        get_workflow(ctx.db, wf).definition.trigger

    bad = tmp_path / "pas_un_workflow.json"
    bad.write_text('{"bonjour": 1}', encoding="utf-8")
    page.workflows.import_from(bad)
    qtbot.waitUntil(lambda: "n'est pas un workflow" in page.workflows.message.text())
    assert len(page.workflows.rows) == before + 1


def test_tester_opens_the_dry_run_of_the_selected_workflow(qtbot, office):
    ctx, *_ = office
    page = show_page(qtbot, ctx)
    before = counts(ctx)
    select_workflow(page, ENCOURS)
    click(qtbot, page.workflows.test_button)
    qtbot.waitUntil(lambda: page.workflows.dialog is not None
                    and getattr(page.workflows.dialog, "result", None) is not None)
    dialog = page.workflows.dialog
    assert dialog.windowTitle() == f"Tester « {ENCOURS} »"
    assert [cells(dialog.model, r)[:2] for r in range(dialog.model.rowCount())] == [
        ["Client Hélène Lefèvre", "Se déclencherait"]]
    dialog.close()
    assert counts(ctx) == before


# -- the history --------------------------------------------------------------------------------
@pytest.fixture
def history(qtbot, office):
    """A threshold run on 2 March, then on 10 March a run and an interrupted loop."""
    ctx, wf, lawyer, client, matter = office
    sweep(ctx.db, ctx.clock)
    ctx.clock = FixedClock(datetime(2026, 3, 10, 9, 30, tzinfo=timezone.utc))
    loop = loop_scenario(ctx, matter)
    page = show_page(qtbot, ctx)
    with qtbot.waitSignal(page.history.loaded, timeout=5000):
        page.tabs.setCurrentWidget(page.history)
    return ctx, page, wf, loop, client, matter


def history_rows(page) -> list[tuple[str, str, str]]:
    model = page.history.model
    return [tuple(cells(model, r)[1:4]) for r in range(model.rowCount())]


def show_trace(qtbot, page, row: int) -> str:
    with qtbot.waitSignal(page.history.traceShown, timeout=5000):
        page.history.table.selectRow(row)
    return page.history.trace.toPlainText()


def plain(text: str) -> str:
    """A rich text view gives its no-break spaces back as plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_history_lists_runs_newest_first(qtbot, qtmodeltester, history):
    _ctx, page, *_ = history
    qtmodeltester.check(page.history.model)
    assert history_rows(page) == [
        ("Remettre en cours", "Dossier 2026-0012 — Litige commercial", "Boucle interrompue"),
        ("Remettre en cours", "Dossier 2026-0012 — Litige commercial", "Exécuté"),
        (ENCOURS, "Client Hélène Lefèvre", "Exécuté")]
    assert page.history.count_label.text() == "3 exécutions affichées"
    assert cells(page.history.model, 2)[4] == (
        "2 actions : Alerte affichée à Paul Durand ; 1 e-mail(s) mis en file d'envoi : « Encours "
        "élevé : Hélène Lefèvre (12\u202f450,00\u00a0€) » ; Champ Suivi renforcé modifié : Non → Oui")
    assert cells(page.history.model, 0)[4] == (
        "Boucle interrompue : « Remettre en cours » → « Remettre en cours »")
    assert page.history.more_button.isHidden()


def test_the_trace_of_a_threshold_run(qtbot, history):
    _ctx, page, *_ = history
    text = show_trace(qtbot, page, 2)
    assert f"{ENCOURS} (version 1)" in text
    assert "Client Hélène Lefèvre" in text
    assert plain("Déclencheur : Seuil dépassé — Encours du client > 10\u202f000,00\u00a0€") in text
    assert plain("Alerte affichée à Paul Durand ; 1 e-mail(s) mis en file d'envoi : « Encours "
                 "élevé : Hélène Lefèvre (12\u202f450,00\u00a0€) »") in text
    assert "Champ Suivi renforcé modifié : Non → Oui" in text
    assert "Résultat : Exécuté" in text
    save_shot(page, "history_trace_threshold.png")


def test_the_trace_of_an_interrupted_loop_is_red(qtbot, history):
    _ctx, page, *_ = history
    text = show_trace(qtbot, page, 0)
    assert "Boucle interrompue : « Remettre en cours » → « Remettre en cours »" in text
    assert "#b3261e" in page.history.trace.toHtml().lower()
    assert [line.kind for line in page.history.trace.lines].count("loop") == 1
    save_shot(page, "history_trace_loop.png")


def test_history_button_filters_on_the_workflow(qtbot, history):
    _ctx, page, wf, *_ = history
    page.tabs.setCurrentWidget(page.workflows)
    select_workflow(page, ENCOURS)
    click(qtbot, page.workflows.history_button)
    qtbot.waitUntil(lambda: page.history.workflow_combo.currentData() == wf
                    and history_rows(page) == [(ENCOURS, "Client Hélène Lefèvre", "Exécuté")])
    assert page.tabs.currentWidget() is page.history


def test_history_filters_outcome_record_and_period(qtbot, history):
    _ctx, page, *_ = history
    h = page.history
    with qtbot.waitSignal(h.loaded, timeout=5000):
        h.outcome_combo.setCurrentIndex(h.outcome_combo.findText("Boucle interrompue"))
    assert [r[2] for r in history_rows(page)] == ["Boucle interrompue"]
    with qtbot.waitSignal(h.loaded, timeout=5000):
        h.outcome_combo.setCurrentIndex(0)

    with qtbot.waitSignal(h.loaded, timeout=5000):
        h.type_combo.setCurrentIndex(h.type_combo.findText("Contact / client"))
    assert [r[1] for r in history_rows(page)] == ["Client Hélène Lefèvre"]
    with qtbot.waitSignal(h.loaded, timeout=5000):
        h.type_combo.setCurrentIndex(h.type_combo.findText("Dossier"))
    click(qtbot, h.record_button)
    search = h.picker.search
    qtbot.waitUntil(lambda: not search.busy)
    type_into(qtbot, search.edit, "0012")
    qtbot.waitUntil(lambda: not search.busy and search.results.count() == 1)
    with qtbot.waitSignal(h.loaded, timeout=5000):
        qtbot.mouseClick(search.results.viewport(), Qt.MouseButton.LeftButton,
                         pos=search.results.visualItemRect(search.results.item(0)).center())
    assert h.record_label.text() == "Dossier 2026-0012 — Litige commercial"
    assert len(history_rows(page)) == 2

    with qtbot.waitSignal(h.loaded, timeout=5000):
        click(qtbot, h.reset_button)
    with qtbot.waitSignal(h.loaded, timeout=5000):
        h.until_edit.setDate(QDate(2026, 3, 5))
    assert [r[0] for r in history_rows(page)] == [ENCOURS]
    with qtbot.waitSignal(h.loaded, timeout=5000):
        h.since_edit.setDate(QDate(2026, 3, 6))
    assert history_rows(page) == []
    assert h.message.text() == "La date de fin de la période précède sa date de début."
    assert h.current_filter().since == date(2026, 3, 6)


def test_show_more_appends_the_older_runs(qtbot, history):
    _ctx, page, *_ = history
    page.history.page_size = 2
    reload(qtbot, page.history)
    assert len(history_rows(page)) == 2 and page.history.more_button.isEnabled()
    assert page.history.count_label.text() == "2 exécutions affichées (il y en a d'autres)"
    with qtbot.waitSignal(page.history.loaded, timeout=5000):
        click(qtbot, page.history.more_button)
    assert [r[0] for r in history_rows(page)][-1] == ENCOURS
    assert page.history.more_button.isHidden()


# -- the test dialog ----------------------------------------------------------------------------
def open_dialog(qtbot, ctx, document, workflow_id=None):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = open_test_dialog(ctx, document, parent, workflow_id=workflow_id)
    dialog.test_parent = parent  # the window the dialog belongs to lives as long as it
    qtbot.waitUntil(lambda: dialog.result is not None or bool(dialog.errors), timeout=10000)
    return dialog


def dialog_rows(dialog) -> list[list[str]]:
    return [cells(dialog.model, r) for r in range(dialog.model.rowCount())]


def test_the_test_dialog_shows_what_would_happen_and_writes_nothing(qtbot, office):
    ctx, wf, *_ = office
    before = counts(ctx)
    document = get_workflow(ctx.db, wf).definition.to_json()

    dialog = open_dialog(qtbot, ctx, document, workflow_id=wf)

    assert dialog.heading.text() == "1 enregistrement concerné aujourd'hui :"
    assert dialog_rows(dialog) == [[
        "Client Hélène Lefèvre", "Se déclencherait",
        "Prévenir (alerte et e-mail) Paul Durand : Encours élevé : Hélène Lefèvre "
        "(12\u202f450,00\u00a0€) ; Passer le champ Suivi renforcé à Oui (actuellement Non)"]]
    detail = dialog.detail.toPlainText()
    assert plain("Déclencheur : Seuil dépassé — Encours du client > 10\u202f000,00\u00a0€") in detail
    assert "Passer le champ Suivi renforcé à Oui (actuellement Non)" in detail
    dialog.resize(1366, 768)
    save_shot(dialog, "history_test_dialog.png")
    assert counts(ctx) == before


def test_simulate_on_one_chosen_record(qtbot, office):
    ctx, _wf, _lawyer, _client, matter = office
    document = {"name": "Gros dossier en attente",
                "trigger": {"kind": "updated", "record": "matter", "field": "matter.status"},
                "conditions": {"all": [
                    {"field": "matter.encours", "op": "gt", "value": "5000.00"},
                    {"field": "matter.status", "op": "eq", "value": "pending"}]},
                "actions": [{"type": "create_task", "title": "Appeler {{ client.display_name }}",
                             "assignee": {"role": "responsible"}, "due_in_days": 2}]}
    before = counts(ctx)
    dialog = open_dialog(qtbot, ctx, document)
    assert dialog.heading.text() == "Aucun enregistrement ne déclencherait ce workflow aujourd'hui."
    assert not dialog.simulate_button.isEnabled()

    qtbot.waitUntil(lambda: not dialog.search.busy)
    type_into(qtbot, dialog.search.edit, "litige")
    qtbot.waitUntil(lambda: not dialog.search.busy and dialog.search.results.count() == 1)
    results = dialog.search.results
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton,
                     pos=results.visualItemRect(results.item(0)).center())
    assert dialog.chosen_label.text() == "Choisi : Dossier 2026-0012 — Litige commercial"
    dialog.result = None
    click(qtbot, dialog.simulate_button)
    qtbot.waitUntil(lambda: dialog.result is not None)

    assert dialog.heading.text() == "Simulation sur : Dossier 2026-0012 — Litige commercial"
    assert dialog_rows(dialog)[0][:2] == ["Dossier 2026-0012 — Litige commercial",
                                          "Conditions non remplies"]
    detail = dialog.detail.toPlainText()
    assert plain("Condition « Encours du dossier est supérieur à 5\u202f000,00\u00a0€ » : "
                 "12\u202f450,00\u00a0€ → vraie") in detail
    assert "Condition « Statut du dossier est égal à En attente » : Ouvert → fausse" in detail
    assert [w.entity_id for w in dialog.result.would] == [matter]
    assert dialog.all_button.isEnabled()
    dialog.resize(1366, 768)
    save_shot(dialog, "history_test_dialog_record.png")
    assert counts(ctx) == before


def test_simulate_on_a_contact_found_by_name(qtbot, office):
    ctx, wf, _lawyer, client, _matter = office
    sweep(ctx.db, ctx.clock)            # it fired: a dry run of all records finds nobody now
    before = counts(ctx)
    document = get_workflow(ctx.db, wf).definition.to_json()
    dialog = open_dialog(qtbot, ctx, document, workflow_id=wf)
    assert dialog_rows(dialog) == []

    type_into(qtbot, dialog.search.edit, "Lefè")
    qtbot.waitUntil(lambda: not dialog.search.busy and dialog.search.contacts.results.count() >= 1)
    dialog.search.choose_row(0)
    dialog.result = None
    click(qtbot, dialog.simulate_button)
    qtbot.waitUntil(lambda: dialog.result is not None)
    assert dialog_rows(dialog)[0][0] == "Client Hélène Lefèvre"
    assert [w.entity_id for w in dialog.result.would] == [client]
    assert "Champ Suivi renforcé déjà à Oui : inchangé" in dialog.detail.toPlainText()
    assert counts(ctx) == before


def test_an_invalid_document_lists_its_mistakes(qtbot, firm_ctx):
    document = {"name": "Incomplet", "trigger": {"kind": "threshold", "record": "matter"},
                "actions": [{"type": "create_task", "title": "", "due_in_days": -1,
                             "assignee": {"role": "responsible"}}]}
    dialog = open_dialog(qtbot, firm_ctx, document)
    assert dialog.heading.text() == "Ce workflow ne peut pas être testé :"
    assert len(dialog.errors) >= 2
    assert all(line.startswith("• ") for line in dialog.error_label.text().splitlines())
    assert dialog.model.rowCount() == 0
    assert not dialog.simulate_button.isEnabled()
    save_shot(dialog, "history_test_dialog_errors.png")
