"""The matter screen: header, banner, tabs loaded when shown, status changes, parties."""

from __future__ import annotations


import pytest
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from tests.gui.helpers import click, save_shot, type_into
from tests.unit.contact_factory import make_company, make_person
from themisia_desktop.core.matters.queries import load_matter
from themisia_desktop.core.matters.schema import MatterInput
from themisia_desktop.core.matters.service import open_matter
from themisia_desktop.core.models import Matter
from themisia_desktop.gui.matters import matter_screen as screen_module
from themisia_desktop.gui.matters.matter_screen import MATTER_TABS, MatterScreen



@pytest.fixture
def matter(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        client = make_company(s, "Boulangerie Dupont SARL", status="client_active")
        adverse = make_person(s, "Marc", "Girard")
        make_company(s, "Cabinet d'expertise Morel", status="contact")
    mid = open_matter(ctx.db, ctx.clock, MatterInput(
        client, "Litige commercial c/ Girard", ctx.current_user.id, domain="Droit commercial",
        parties=((adverse, "adverse"),)), user_id=ctx.current_user.id, kyc_acknowledged=True)
    return ctx, mid


def open_screen(qtbot, ctx, mid) -> MatterScreen:
    screen = MatterScreen(ctx, mid)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.show()
    qtbot.waitUntil(lambda: screen.tab("Parties").model.rowCount() > 0, timeout=10_000)
    return screen


def test_header_tabs_and_parties(qtbot, matter):
    ctx, mid = matter
    screen = open_screen(qtbot, ctx, mid)
    assert [screen.tabs.tabText(i) for i in range(screen.tabs.count())] == [
        "Parties", "Temps", "Frais", "Factures", "Provisions", "Tâches", "Échéances",
        "Documents", "Journal"]
    assert screen.reference_label.text() == "2026-0001"
    assert screen.status_label.text() == "Ouvert"
    assert screen.client_label.text() == "Client : Boulangerie Dupont SARL"
    assert screen.banner_values["encours"].text() == "0,00\xa0€"
    parties = screen.tab("Parties").model
    assert [(parties.index(r, 0).data(), parties.index(r, 1).data())
            for r in range(parties.rowCount())] == [
        ("Boulangerie Dupont SARL (client du dossier)", "Client"), ("Marc Girard", "Partie adverse")]
    qtbot.waitUntil(lambda: not screen.busy)
    save_shot(screen, "matter_screen.png")
    journal = screen.tab("Journal")
    qtbot.waitUntil(lambda: journal.model.rowCount() == 1, timeout=10_000)
    assert journal.model.index(0, 2).data() == ("Ouverture du dossier 2026-0001 — Litige "
                                                "commercial c/ Girard")
    screen.tabs.setCurrentIndex(screen.tabs.count() - 1)
    save_shot(screen, "matter_journal.png")
    qtbot.waitUntil(lambda: not screen.busy and not journal.busy)


def test_status_change_updates_the_badge(qtbot, matter):
    ctx, mid = matter
    screen = open_screen(qtbot, ctx, mid)
    assert [a.text() for a in screen.status_actions()] == ["En attente", "Clôturé"]
    with qtbot.waitSignal(screen.changed, timeout=10_000):
        next(a for a in screen.status_actions() if a.text() == "Clôturé").trigger()
    qtbot.waitUntil(lambda: screen.status_label.text() == "Clôturé", timeout=10_000)
    assert [a.text() for a in screen.status_actions()] == ["Rouvrir", "Archivé"]
    assert "clôturé le 02/03/2026" in screen.dates_label.text()
    with ctx.db.read() as s:
        assert s.get(Matter, mid).status == "closed"
    qtbot.waitUntil(lambda: not screen.busy)


def test_party_added_from_the_parties_tab(qtbot, matter):
    ctx, mid = matter
    screen = open_screen(qtbot, ctx, mid)
    tab = screen.tab("Parties")
    with qtbot.waitSignal(tab.picker.resultsShown, timeout=10_000):
        type_into(qtbot, tab.picker.edit, "morel")
    tab.picker.choose_row(0)
    tab.role_combo.setCurrentIndex(tab.role_combo.findText("Expert"))
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        click(qtbot, tab.add_button)
    names = [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())]
    assert "Cabinet d'expertise Morel" in names
    view = load_matter(ctx.db, mid, ctx.clock.today())
    assert ("Cabinet d'expertise Morel", "Expert") in [(p.name, p.role_label) for p in view.parties]

    # The client party cannot be removed: its buttons stay disabled.
    tab.view.selectRow(0)
    assert not tab.remove_button.isEnabled()
    row = names.index("Marc Girard")
    tab.view.selectRow(row)
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        click(qtbot, tab.remove_button)
    assert "Marc Girard" not in [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())]
    qtbot.waitUntil(lambda: not screen.busy and not tab.busy)


def test_missing_tab_module_shows_a_label_other_errors_surface(qtbot, matter, monkeypatch):
    ctx, mid = matter
    monkeypatch.setattr(screen_module, "MATTER_TABS", MATTER_TABS[:1] + (
        ("Temps", "themisia_desktop.gui.matters.no_such_tab:build"),
        ("Frais", "themisia_desktop.gui.matters.parties_tab:no_such_factory")))
    screen = open_screen(qtbot, ctx, mid)
    placeholder = screen.tab("Temps")
    assert isinstance(placeholder, QLabel)
    assert placeholder.text() == "L'onglet « Temps » sera disponible dans une prochaine version."
    with pytest.raises(AttributeError):
        screen.tab("Frais")
    qtbot.waitUntil(lambda: not screen.busy)
    with ctx.db.read() as s:
        assert s.scalars(select(Matter.reference)).all() == ["2026-0001"]


def test_edit_details_from_the_screen(qtbot, matter):
    ctx, mid = matter
    screen = open_screen(qtbot, ctx, mid)
    click(qtbot, screen.edit_button)
    dialog = screen.edit_dialog
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    assert dialog.title_edit.text() == "Litige commercial c/ Girard"
    save_shot(dialog, "edit_matter_dialog.png")
    type_into(qtbot, dialog.title_edit, "   ", replace=True)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.errors.message("title") != "", timeout=10_000)
    assert dialog.errors.message("title") == "L'intitulé du dossier est obligatoire."
    type_into(qtbot, dialog.title_edit, "Litige commercial c/ Girard — appel", replace=True)
    with qtbot.waitSignal(screen.changed, timeout=10_000):
        click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: screen.title_label.text() == "Litige commercial c/ Girard — appel",
                    timeout=10_000)
    assert load_matter(ctx.db, mid, ctx.clock.today()).title == "Litige commercial c/ Girard — appel"
    qtbot.waitUntil(lambda: not screen.busy)


def test_the_banner_shows_provisions_received_and_expected(qtbot, matter):
    from datetime import date

    from themisia_desktop.core.finance.provisions import (record_provision_receipt,
                                                          request_provision)

    ctx, mid = matter
    user = ctx.current_user.id
    pid = request_provision(ctx.db, ctx.clock, mid, "2 000", date(2026, 1, 5), user_id=user)
    request_provision(ctx.db, ctx.clock, mid, "1 500", date(2026, 1, 5), user_id=user)
    record_provision_receipt(ctx.db, ctx.clock, pid, "500", date(2026, 1, 5), user_id=user)
    screen = open_screen(qtbot, ctx, mid)
    values = {key: label.text() for key, label in screen.banner_values.items()}
    assert values["provisions_received"] == "500,00\xa0€"
    assert values["provisions_expected"] == "3\u202f000,00\xa0€"
    assert values["encours"] == values["solde_du"] == "0,00\xa0€"   # not fee payments
    captions = [w.text() for w in screen.banner.findChildren(QLabel)]
    assert "Provisions reçues" in captions and "Provisions attendues" in captions
    qtbot.waitUntil(lambda: not screen.busy)
    save_shot(screen, "matter_screen_provisions.png")
