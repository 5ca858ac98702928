"""« Nouveau dossier » as a user fills it: find the client by typing, add an adverse party,
run the conflict check, decide, confirm the KYC warning, open."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.gui.helpers import click, save_shot, type_into
from tests.unit.contact_factory import make_company, make_person
from themisia_desktop.core.matters.queries import load_matter
from themisia_desktop.core.models import ConflictCheck, Contact, Matter
from themisia_desktop.gui.matters.open_matter_dialog import OpenMatterDialog



@pytest.fixture
def people(firm_ctx):
    with firm_ctx.db.write() as s:
        client = make_company(s, "Boulangerie Dupont SARL", status="prospect")
        adverse = make_person(s, "Marc", "Girard", status="client_active")  # our client elsewhere
        s.get(Contact, client).kyc_status = "validated"
        s.get(Contact, client).kyc_expires_on = date(2027, 1, 1)
        unchecked = make_company(s, "Garage Lefort SAS", status="prospect")
    return firm_ctx, client, adverse, unchecked


def new_dialog(qtbot, ctx) -> OpenMatterDialog:
    dialog = OpenMatterDialog(ctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.choicesLoaded, timeout=10_000):
        dialog.show()
    return dialog


def pick(qtbot, picker, text: str) -> None:
    with qtbot.waitSignal(picker.resultsShown, timeout=10_000):
        type_into(qtbot, picker.edit, text)
    assert picker.results.isVisible()
    item = picker.results.item(0)
    rect = picker.results.visualItemRect(item)
    qtbot.mouseClick(picker.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def run_check(qtbot, dialog) -> None:
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        click(qtbot, dialog.conflicts.check_button)


def test_open_a_matter_with_a_conflict_waived(qtbot, people):
    ctx, client, adverse, _ = people
    dialog = new_dialog(qtbot, ctx)
    pick(qtbot, dialog.client_picker, "dupo")
    assert dialog.client_picker.edit.text() == "Boulangerie Dupont SARL"
    type_into(qtbot, dialog.title_edit, "Litige commercial c/ Girard — rupture")
    type_into(qtbot, dialog.domain_combo.lineEdit(), "Droit commercial")
    pick(qtbot, dialog.party_picker, "girard")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findText("Partie adverse"))
    click(qtbot, dialog.add_party_button)
    assert dialog.parties_list.item(0).text() == "Marc Girard — Partie adverse"

    click(qtbot, dialog.open_button)     # not checked yet: refused
    assert "Vérifier les conflits" in dialog.conflicts.error_label.text()

    run_check(qtbot, dialog)
    model = dialog.conflicts.model
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Marc Girard"
    assert model.index(0, 1).data().startswith("Partie adverse qui est client du cabinet")
    assert model.index(0, 2).data() == "Bloquant"
    dialog.resize(1120, 720)
    save_shot(dialog, "open_matter_dialog.png")

    click(qtbot, dialog.conflicts.radios["waived"])
    click(qtbot, dialog.open_button)     # no justification
    assert dialog.conflicts.error_label.text() == "Pour passer outre, indiquez la justification."
    type_into(qtbot, dialog.conflicts.note_edit, "Accord écrit des deux clients")
    with qtbot.waitSignal(dialog.opened, timeout=10_000) as opened:
        click(qtbot, dialog.open_button)
    matter_id = opened.args[0]
    view = load_matter(ctx.db, matter_id, ctx.clock.today())
    assert (view.reference, view.title, view.domain, view.client_name) == (
        "2026-0001", "Litige commercial c/ Girard — rupture", "Droit commercial",
        "Boulangerie Dupont SARL")
    assert [(p.name, p.role_label) for p in view.parties] == [
        ("Boulangerie Dupont SARL", "Client"), ("Marc Girard", "Partie adverse")]
    [check] = view.conflict_checks
    assert (check.decision_label, check.note, check.blocking) == (
        "Conflit levé", "Accord écrit des deux clients", 1)
    with ctx.db.read() as s:
        assert s.get(Contact, client).status == "client_active"
    qtbot.waitUntil(lambda: not dialog.busy)


def test_conflict_decision_does_not_open(qtbot, people):
    ctx, _client, _adverse, _ = people
    dialog = new_dialog(qtbot, ctx)
    pick(qtbot, dialog.client_picker, "dupont")
    type_into(qtbot, dialog.title_edit, "Litige")
    pick(qtbot, dialog.party_picker, "girard")
    click(qtbot, dialog.add_party_button)
    run_check(qtbot, dialog)
    click(qtbot, dialog.conflicts.radios["conflict"])
    click(qtbot, dialog.open_button)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.error_label.isVisible())
    assert dialog.error_label.text() == ("Conflit d'intérêts consigné : le dossier n'est pas "
                                         "ouvert.")
    with ctx.db.read() as s:
        assert s.scalars(select(Matter)).all() == []
        assert s.scalars(select(ConflictCheck.decision)).all() == ["conflict"]


def test_changing_parties_asks_for_a_new_check(qtbot, people):
    ctx, *_ = people
    dialog = new_dialog(qtbot, ctx)
    pick(qtbot, dialog.client_picker, "dupont")
    type_into(qtbot, dialog.title_edit, "Conseil")
    run_check(qtbot, dialog)
    assert dialog.conflicts.state_label.text() == "Aucun conflit trouvé."
    assert dialog.conflicts.radios["cleared"].isChecked()
    pick(qtbot, dialog.party_picker, "girard")
    click(qtbot, dialog.add_party_button)
    assert not dialog.conflicts.current
    click(qtbot, dialog.open_button)
    assert "liste actuelle des parties" in dialog.conflicts.error_label.text()
    qtbot.waitUntil(lambda: not dialog.busy)


def test_kyc_warning_is_confirmed(qtbot, people):
    ctx, _client, _adverse, unchecked = people
    dialog = new_dialog(qtbot, ctx)
    pick(qtbot, dialog.client_picker, "lefort")
    run_check(qtbot, dialog)
    click(qtbot, dialog.open_button)       # title missing: shown under the field
    qtbot.waitUntil(lambda: dialog.errors.message("title") != "", timeout=10_000)
    assert dialog.errors.message("title") == "L'intitulé du dossier est obligatoire."
    type_into(qtbot, dialog.title_edit, "Cession de fonds")
    click(qtbot, dialog.open_button)
    qtbot.waitUntil(lambda: dialog.confirm_box is not None, timeout=10_000)
    box = dialog.confirm_box
    assert "vérification KYC de Garage Lefort SAS n'a pas encore été faite" in box.text()
    with qtbot.waitSignal(dialog.opened, timeout=10_000) as opened:
        click(qtbot, next(b for b in box.buttons() if b.text() == "Ouvrir quand même"))
    with ctx.db.read() as s:
        matter = s.get(Matter, opened.args[0])
        assert (matter.client_id, matter.title) == (unchecked, "Cession de fonds")
        # one check recorded, attached to the matter, although the first try was refused
        assert s.scalars(select(ConflictCheck.matter_id)).all() == [matter.id]
    qtbot.waitUntil(lambda: not dialog.busy)
