"""The 360° contact card as a user drives it, on demo data."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from tests.gui.helpers import click, save_shot, type_into
from themisia_desktop.core.contacts.card import journal
from themisia_desktop.core.demo import DEMO_PASSWORD, DEMO_USERS, generate_demo
from themisia_desktop.core.finance.balances import client_banner
from themisia_desktop.core.firm.users import authenticate
from themisia_desktop.core.models import Contact, Interaction, Matter
from themisia_desktop.core.money import format_eur
from themisia_desktop.gui.contacts.contact_card import ContactCard, matters_text
from themisia_desktop.gui.contacts.contact_list import build_contacts_page



@pytest.fixture
def demo(ctx):
    generate_demo(ctx.db, ctx.clock, contacts=300, seed=1)
    login = DEMO_USERS[0][0]
    ctx.current_user = authenticate(ctx.db, ctx.clock, login, DEMO_PASSWORD)
    return ctx


def client_with_matters(db) -> int:
    """The demo client with the most matters (the card then has rows in every tab)."""
    with db.read() as s:
        return s.execute(select(Matter.client_id).group_by(Matter.client_id)
                         .order_by(func.count().desc(), Matter.client_id).limit(1)).scalar_one()


def open_card(qtbot, ctx, contact_id: int) -> ContactCard:
    card = ContactCard(ctx, contact_id)
    qtbot.addWidget(card)
    card.resize(1366, 768)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        card.show()
    qtbot.waitUntil(lambda: not card.busy)
    return card


def test_banner_and_tabs_of_a_demo_client(qtbot, demo):
    cid = client_with_matters(demo.db)
    card = open_card(qtbot, demo, cid)
    banner = client_banner(demo.db, cid, demo.clock.today())
    assert card.encours_value.text() == format_eur(banner.encours)
    assert card.solde_value.text() == format_eur(banner.solde_du)
    assert card.douteuses_value.text() == format_eur(banner.creances_douteuses)
    assert card.matters_value.text() == matters_text(banner.active_matters, banner.archived_matters)
    assert "€" in card.encours_value.text() and "," in card.encours_value.text()
    with demo.db.read() as s:
        name = s.get(Contact, cid).display_name
    assert card.name_label.text() == name
    assert card.status_label.text() == "Client actif"
    assert card.kyc_label.text().startswith("KYC : ")
    assert card.matters_model.rowCount() == banner.active_matters + banner.archived_matters > 0
    assert card.time_model.rowCount() > 0 and card.journal_model.rowCount() > 0
    assert card.invoices_model.rowCount() > 0
    assert card.tabs.tabText(1) == f"Dossiers ({card.matters_model.rowCount()})"
    # French dates and amounts in the tables.
    m = card.time_model
    assert m.data(m.index(0, 0)).count("/") == 2 and m.data(m.index(0, 6)).endswith("€")
    assert ":" in m.data(m.index(0, 3))


def test_adding_a_note_puts_it_on_top_of_the_journal(qtbot, demo):
    cid = client_with_matters(demo.db)
    card = open_card(qtbot, demo, cid)
    before = card.journal_model.rowCount()
    card.entry_kind_combo.setCurrentIndex(card.entry_kind_combo.findText("Note"))
    type_into(qtbot, card.entry_subject_edit, "Entretien préalable à l'audience")
    card.entry_body_edit.setPlainText("Le client apporte les pièces lundi.")
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        click(qtbot, card.entry_add_button)
    m = card.journal_model
    assert m.rowCount() == min(before + 1, 100)  # the first page holds 100 lines
    assert (m.data(m.index(0, 1)), m.data(m.index(0, 2)), m.data(m.index(0, 3))) == (
        "Note", "Entretien préalable à l'audience", "Le client apporte les pièces lundi.")
    assert m.data(m.index(0, 4)) == demo.current_user.full_name
    assert card.entry_subject_edit.text() == ""
    top = journal(demo.db, cid, limit=1).lines[0]
    assert (top.kind_label, top.subject) == ("Note", "Entretien préalable à l'audience")


def test_an_empty_subject_is_refused_in_french(qtbot, demo):
    cid = client_with_matters(demo.db)
    card = open_card(qtbot, demo, cid)
    with demo.db.read() as s:
        count = s.scalar(select(func.count()).select_from(Interaction))
    click(qtbot, card.entry_add_button)
    qtbot.waitUntil(lambda: card.entry_error_text() != "")
    assert card.entry_error_text() == "L'objet est obligatoire."
    with demo.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Interaction)) == count


def test_change_status_through_the_menu(qtbot, demo):
    with demo.db.read() as s:
        cid = s.scalar(select(Contact.id).where(Contact.status == "prospect", Contact.kind == "person")
                       .order_by(Contact.id).limit(1))
    card = open_card(qtbot, demo, cid)
    assert card.status_label.text() == "Prospect"
    assert card.status_button.isEnabled()
    labels = [a.text() for a in card.status_actions()]
    assert labels == ["Contact", "Client actif", "Prospect perdu"]
    lost = next(a for a in card.status_actions() if a.text() == "Prospect perdu")
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        lost.trigger()
    assert card.status_label.text() == "Prospect perdu"
    m = card.journal_model
    assert (m.data(m.index(0, 1)), m.data(m.index(0, 2))) == (
        "Changement de statut", "Statut : Prospect → Prospect perdu")
    assert [a.text() for a in card.status_actions()] == ["Prospect"]


def test_a_refused_status_change_is_shown_in_french(qtbot, demo):
    cid = client_with_matters(demo.db)  # active matters: cannot become « Client parti »
    card = open_card(qtbot, demo, cid)
    [former] = card.status_actions()
    assert former.text() == "Client parti"
    former.trigger()
    qtbot.waitUntil(lambda: card.error_text() != "")
    assert "dossier(s) ouvert(s)" in card.error_text()
    assert card.status_label.text() == "Client actif" and card.status_button.isEnabled()


def test_modifier_opens_the_dialog_in_edit_mode_and_reloads_on_save(qtbot, demo):
    cid = client_with_matters(demo.db)
    card = open_card(qtbot, demo, cid)
    dialog = card.open_edit_dialog()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.ui.save_button.isEnabled())
    assert dialog.contact_id == cid
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        dialog.saved.emit(None)  # what the dialog emits once core has saved
    assert not card.busy


def test_double_click_in_the_list_opens_the_card(qtbot, demo):
    page = build_contacts_page(demo)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitUntil(lambda: not page.busy and page.model.rowCount() > 0 and page.model.is_loaded(0))
    view = page.view
    index = page.model.index(0, 0)
    expected = page.model.contact_id(0)
    rect = view.visualRect(index)
    # A real double-click is press, release, then a double-click event on the same row (the
    # view only opens the row that was pressed).
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.contactActivated, timeout=5000) as signal:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [expected]
    card = page.last_card
    assert isinstance(card, ContactCard) and card.contact_id == expected
    qtbot.waitUntil(lambda: card.card is not None and not card.busy, timeout=10_000)
    assert card.isVisible() and card.isWindow()
    assert card.name_label.text() == page.model.data(index)
    card.close()


def test_render_screenshot(qtbot, demo):
    cid = client_with_matters(demo.db)
    card = open_card(qtbot, demo, cid)
    card.tabs.setCurrentIndex(0)
    labels = (card.name_label, card.kind_label, card.status_label, card.kyc_label,
              *card.banner_values.values())
    # The layouts settle on the next turns of the event loop.
    qtbot.waitUntil(lambda: all(w.width() >= w.sizeHint().width() for w in labels))
    save_shot(card, "contact_card.png")
    card.tabs.setCurrentIndex(4)
    save_shot(card, "contact_card_time.png")
