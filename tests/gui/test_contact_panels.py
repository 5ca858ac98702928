"""The card's panels as a user drives them: KYC review, roles, negotiated rates, links."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from tests.gui.helpers import click, save_shot, type_into
from tests.unit.matter_factory import make_client_matter, make_user
from themisia_desktop.core.contacts.kyc import kyc_state
from themisia_desktop.core.contacts.links import list_links
from themisia_desktop.core.contacts.roles import list_roles
from themisia_desktop.core.contacts.schema import ChannelInput, ContactInput, PersonInput
from themisia_desktop.core.contacts.service import create_contact
from themisia_desktop.core.finance.rates import list_rates
from themisia_desktop.core.models.enums import ContactRoleKind, KycStatus
from themisia_desktop.gui.contacts.contact_card import ContactCard



def _person(ctx, last: str, first: str, email: str | None = None) -> int:
    chans = (ChannelInput("email", email),) if email else ()
    return create_contact(ctx.db, ctx.clock, ContactInput(
        PersonInput(last_name=last, first_name=first), channels=chans)).id


@pytest.fixture
def client(firm_ctx):
    with firm_ctx.db.write() as s:
        client_id, matter_id = make_client_matter(s)
    return client_id, matter_id


def open_card(qtbot, ctx, contact_id: int) -> ContactCard:
    card = ContactCard(ctx, contact_id)
    qtbot.addWidget(card)
    card.resize(1366, 768)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        card.show()
    qtbot.waitUntil(lambda: not card.busy and all(not p.busy for p in card.panels.values()))
    return card


def show_tab(card: ContactCard, name: str):  # noqa: ANN201
    panel = card.panels[name]
    card.tabs.setCurrentWidget(panel)
    return panel


def shot(card: ContactCard, name: str, qtbot=None) -> None:  # noqa: ANN001
    if qtbot is not None:  # the badge's new width is laid out on the next event loop turn
        qtbot.waitUntil(lambda: card.kyc_label.width() >= card.kyc_label.sizeHint().width())
    save_shot(card, name)


def double_click(qtbot, view, index) -> None:
    """As a mouse does it: a press-release, then the double-click."""
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def tab_names(card: ContactCard) -> list[str]:
    return [card.tabs.tabText(i).split(" (")[0] for i in range(card.tabs.count())]


def test_tabs_only_where_they_apply(qtbot, firm_ctx, client):
    card = open_card(qtbot, firm_ctx, client[0])
    assert tab_names(card)[-4:] == ["KYC", "Rôles", "Tarifs négociés", "Liens"]
    plain = open_card(qtbot, firm_ctx, _person(firm_ctx, "Lefèvre", "Hélène"))
    assert tab_names(plain)[5:] == ["KYC", "Liens"]  # a « Contact »: no roles, no rates


def test_a_kyc_review_is_recorded_and_the_header_badge_follows(qtbot, firm_ctx, client):
    ctx, cid = firm_ctx, client[0]
    card = open_card(qtbot, ctx, cid)
    panel = show_tab(card, "KYC")
    assert list(panel.checks) == ["kbis", "statuts", "beneficial_owners", "representative_identity"]
    panel.status_combo.setCurrentIndex(panel.status_combo.findText(KycStatus.VALIDATED.label))
    click(qtbot, panel.checks["kbis"])
    click(qtbot, panel.save_button)
    qtbot.waitUntil(lambda: not panel.busy)
    assert "il manque" in panel.error_text()
    assert kyc_state(ctx.db, cid, ctx.clock.today()).reviews == 0
    for key in ("statuts", "beneficial_owners", "representative_identity"):
        click(qtbot, panel.checks[key])
    type_into(qtbot, panel.expires_edit, "31/12/2026")
    with qtbot.waitSignal(card.loaded, timeout=5000):
        click(qtbot, panel.save_button)
    qtbot.waitUntil(lambda: not panel.busy and panel.state.reviews == 1)
    state = kyc_state(ctx.db, cid, ctx.clock.today())
    assert state.status == KycStatus.VALIDATED and state.expires_on == date(2026, 12, 31)
    assert card.kyc_label.text() == "KYC : Validé (expire le 31/12/2026)"
    assert "Validé" in panel.state_label.text()
    shot(card, "card_kyc.png", qtbot)


def test_a_bad_expiry_date_is_shown_next_to_its_field(qtbot, firm_ctx, client):
    card = open_card(qtbot, firm_ctx, client[0])
    panel = show_tab(card, "KYC")
    type_into(qtbot, panel.expires_edit, "32/13/2026")
    click(qtbot, panel.save_button)
    qtbot.waitUntil(lambda: not panel.busy)
    assert panel.errors.message("kyc_expires_on")
    assert kyc_state(firm_ctx.db, client[0], firm_ctx.clock.today()).reviews == 0


def pick(qtbot, picker, text: str) -> None:
    with qtbot.waitSignal(picker.searched, timeout=5000):
        type_into(qtbot, picker.search_edit, text)
    assert picker.results.count() >= 1
    click(qtbot, picker.choose_button)


def test_roles_add_default_and_remove(qtbot, firm_ctx, client):
    ctx, cid = firm_ctx, client[0]
    first = _person(ctx, "Lefèvre", "Hélène", "helene@exemple.fr")
    second = _person(ctx, "Garçon", "Noël")
    card = open_card(qtbot, ctx, cid)
    panel = show_tab(card, "Rôles")
    for name in ("lefevre", "garcon"):
        picker = panel.open_picker()
        with qtbot.waitSignal(panel.loaded, timeout=5000):
            pick(qtbot, picker, name)
    roles = list_roles(ctx.db, cid, ContactRoleKind.BILLING.value)
    assert [(r.contact_id, r.is_default) for r in roles] == [(first, True), (second, False)]
    assert [panel.model.data(panel.model.index(r, 3)) for r in range(2)] == ["★ Par défaut", ""]
    panel.view.selectRow(1)
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        click(qtbot, panel.default_button)
    assert [r.contact_id for r in list_roles(ctx.db, cid) if r.is_default] == [second]
    shot(card, "card_roles.png")
    panel.view.selectRow(0)
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        click(qtbot, panel.remove_button)
    assert [(r.contact_id, r.is_default) for r in list_roles(ctx.db, cid)] == [(first, True)]


def test_the_roles_picker_does_not_offer_the_client_itself(qtbot, firm_ctx, client):
    card = open_card(qtbot, firm_ctx, client[0])
    panel = show_tab(card, "Rôles")
    picker = panel.open_picker()
    assert picker.windowTitle() == "Contact « Facturation »"
    with qtbot.waitSignal(picker.searched, timeout=5000) as searched:
        type_into(qtbot, picker.search_edit, "boulangerie")
    assert searched.args == [0] and picker.hint_label.text() == "0 résultat."
    assert [picker.results.item(r).text() for r in range(picker.results.count())] == [
        "Aucun contact trouvé"]
    assert not picker.choose_button.isEnabled()
    qtbot.waitUntil(lambda: not picker.busy)
    assert list_roles(firm_ctx.db, client[0]) == []


def test_a_negotiated_rate_is_added_in_french_and_deleted(qtbot, firm_ctx, client):
    ctx, cid = firm_ctx, client[0]
    with ctx.db.write() as s:
        make_user(s, "pdurand", first="Paul", last="Durand")
    card = open_card(qtbot, ctx, cid)
    panel = show_tab(card, "Tarifs négociés")
    dialog = panel.open_add_dialog()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.lawyer_combo.count() >= 2)
    dialog.scope_combo.setCurrentIndex(dialog.scope_combo.findData("user"))
    dialog.lawyer_combo.setCurrentIndex(dialog.lawyer_combo.findText("Paul Durand", Qt.MatchFlag.MatchStartsWith))
    type_into(qtbot, dialog.rate_edit, "abc")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.errors.message("hourly_rate") and list_rates(ctx.db, cid) == []
    dialog.resize(520, dialog.sizeHint().height())
    save_shot(dialog, "add_rate_dialog.png")
    type_into(qtbot, dialog.rate_edit, "1 250,50", replace=True)
    type_into(qtbot, dialog.from_edit, "01/02/2026", replace=True)
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        click(qtbot, dialog.save_button)
    [rate] = list_rates(ctx.db, cid)
    assert (rate.scope, rate.lawyer_name, rate.hourly_rate, rate.effective_from) == (
        "user", "Paul Durand", Decimal("1250.50"), date(2026, 2, 1))
    assert [panel.model.data(panel.model.index(0, c)) for c in range(3)] == [
        "01/02/2026", "1\u202f250,50\u00a0€", "Avocat : Paul Durand"]
    shot(card, "card_rates.png")
    panel.view.selectRow(0)
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        click(qtbot, panel.remove_button)
    assert list_rates(ctx.db, cid) == []


def test_links_of_a_company_and_double_click_opens_the_person(qtbot, firm_ctx, client):
    ctx, cid = firm_ctx, client[0]
    person = _person(ctx, "Lefèvre", "Hélène")
    card = open_card(qtbot, ctx, cid)
    panel = show_tab(card, "Liens")
    type_into(qtbot, panel.title_edit, "Gérante")
    picker = panel.open_picker()
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        pick(qtbot, picker, "lefe")
    [link] = list_links(ctx.db, cid)
    assert (link.person_id, link.title, link.kind.value) == (person, "Gérante", "legal_representative")
    shot(card, "card_links.png")
    opened: list[int] = []
    panel.open_contact = opened.append
    double_click(qtbot, panel.view, panel.model.index(0, 1))
    assert opened == [person]
    panel.view.selectRow(0)
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        click(qtbot, panel.remove_button)
    assert list_links(ctx.db, cid) == []


def test_the_person_sees_the_companies_she_represents(qtbot, firm_ctx, client):
    from themisia_desktop.core.contacts.links import add_link

    ctx, cid = firm_ctx, client[0]
    person = _person(ctx, "Lefèvre", "Hélène")
    add_link(ctx.db, ctx.clock, cid, person, "beneficial_owner", ownership_percent=60)
    card = open_card(qtbot, ctx, person)
    panel = show_tab(card, "Liens")
    assert [panel.model.data(panel.model.index(0, c)) for c in (1, 3)] == [
        "Boulangerie Dupont SARL", "60 %"]


def test_double_click_on_a_matter_calls_the_hook(qtbot, firm_ctx, client):
    cid, matter_id = client
    card = open_card(qtbot, firm_ctx, cid)
    opened: list[int] = []
    card.open_matter = opened.append
    card.tabs.setCurrentWidget(card.matters_view)
    double_click(qtbot, card.matters_view, card.matters_model.index(0, 1))
    assert opened == [matter_id]
