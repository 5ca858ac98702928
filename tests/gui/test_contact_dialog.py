"""The contact dialog driven as a user would; what was saved is checked through core."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.gui.helpers import click, type_into
from themisia_desktop.core.contacts.identifiers import suggest_vat
from themisia_desktop.core.contacts.schema import (AddressInput, ChannelInput, ContactInput,
                                                   PersonInput)
from themisia_desktop.core.contacts.service import create_contact, get_contact
from themisia_desktop.core.models import Contact
from themisia_desktop.core.models.enums import ContactKind
from themisia_desktop.gui.contacts.contact_dialog import (EDIT_TITLE, NEW_TITLE, ContactDialog,
                                                          open_new_contact_dialog)

PERSON, COMPANY, COURT = ContactKind.PERSON, ContactKind.COMPANY, ContactKind.JURISDICTION
VALID_SIREN = "732829320"


def contact_count(ctx) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(Contact))


@pytest.fixture
def dialog(qtbot, firm_ctx):
    d = ContactDialog(firm_ctx)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def save_expecting_error(qtbot, d: ContactDialog, field: str) -> str:
    click(qtbot, d.ui.save_button)
    qtbot.waitUntil(lambda: not d.busy and d.errors.message(field, d.kind) != "", timeout=5000)
    assert d.isVisible()
    return d.errors.message(field, d.kind)


def save_expecting_success(qtbot, d: ContactDialog):
    with qtbot.waitSignal(d.saved, timeout=5000) as blocker:
        click(qtbot, d.ui.save_button)
    qtbot.waitUntil(lambda: not d.isVisible())
    return blocker.args[0]


def add_helene(ctx, **extra) -> int:
    return create_contact(ctx.db, ctx.clock, ContactInput(
        details=PersonInput(last_name="Lefèvre", first_name="Hélène", civility="Mme"),
        channels=(ChannelInput("email", "helene@lefevre.fr"), ChannelInput("phone", "0612345678")),
        addresses=(AddressInput(line1="3 rue Mercière", postal_code="69002", city="Lyon"),),
        notes="Rencontrée au salon.", **extra)).id


# -- each typology: refused first, then saved --------------------------------------------------
def test_person_bad_phone_and_future_birth_are_refused_then_saved(qtbot, dialog, firm_ctx):
    d, ui = dialog, dialog.ui
    assert d.windowTitle() == NEW_TITLE and d.kind == PERSON
    ui.civility_combo.setCurrentIndex(ui.civility_combo.findData("Mme"))
    type_into(qtbot, ui.last_name_edit, "Lefèvre")
    type_into(qtbot, ui.first_name_edit, "Hélène")
    type_into(qtbot, ui.birth_date_edit, "12/03/2030")
    type_into(qtbot, ui.phone_edit, "06 12 34")
    message = save_expecting_error(qtbot, d, "birth_date")
    assert "postérieure au 02/03/2026" in message
    assert ui.birth_date_edit.hasFocus() and ui.birth_date_edit.property("invalid") is True

    type_into(qtbot, ui.birth_date_edit, "12/03/1980", replace=True)
    assert d.errors.message("birth_date", PERSON) == ""  # editing the field clears its error
    assert "n'est pas valide" in save_expecting_error(qtbot, d, "phones[1]")
    assert contact_count(firm_ctx) == 0

    type_into(qtbot, ui.phone_edit, "06 12 34 56 78", replace=True)
    type_into(qtbot, ui.email_edit, "h.lefevre@exemple.fr")
    type_into(qtbot, ui.line1_edit, "3 rue Mercière")
    type_into(qtbot, ui.postal_code_edit, "6900")
    assert "5 chiffres" in save_expecting_error(qtbot, d, "addresses[0].postal_code")
    type_into(qtbot, ui.postal_code_edit, "69002", replace=True)
    type_into(qtbot, ui.city_edit, "Lyon")
    ui.status_combo.setCurrentIndex(ui.status_combo.findData("prospect"))
    saved = save_expecting_success(qtbot, d)

    stored = get_contact(firm_ctx.db, saved.id)
    assert stored.display_name == "Hélène Lefèvre" and stored.status == "prospect"
    assert stored.person.birth_date == date(1980, 3, 12) and stored.person.civility == "Mme"
    assert stored.phones == ("+33612345678",) and stored.emails == ("h.lefevre@exemple.fr",)
    assert stored.addresses[0].one_line() == "3 rue Mercière, 69002 Lyon"


def test_company_bad_siren_refused_then_vat_suggested_and_saved(qtbot, dialog, firm_ctx):
    d, ui = dialog, dialog.ui
    click(qtbot, ui.company_radio)
    assert d.kind == COMPANY and ui.details_group.title() == "Personne morale"
    type_into(qtbot, ui.legal_name_edit, "Dupont Bâtiment")
    ui.legal_form_combo.setCurrentIndex(ui.legal_form_combo.findText("SARL"))
    type_into(qtbot, ui.siren_edit, "732 829 321")
    assert ui.vat_edit.text() == ""  # no suggestion from a wrong SIREN
    assert "SIREN « 732 829 321 » n'est pas valide" in save_expecting_error(qtbot, d, "siren")
    assert contact_count(firm_ctx) == 0

    type_into(qtbot, ui.siren_edit, "732 829 320", replace=True)
    assert ui.vat_edit.text() == suggest_vat(VALID_SIREN) == "FR44732829320"
    type_into(qtbot, ui.share_capital_edit, "10 000,00")
    type_into(qtbot, ui.rcs_city_edit, "Lyon")
    type_into(qtbot, ui.rcs_number_edit, VALID_SIREN)
    saved = save_expecting_success(qtbot, d)

    company = get_contact(firm_ctx.db, saved.id).company
    assert (company.legal_name, company.legal_form, company.siren) == ("Dupont Bâtiment", "SARL",
                                                                       VALID_SIREN)
    assert company.vat_number == "FR44732829320" and str(company.share_capital) == "10000.00"
    assert company.rcs_number == "RCS Lyon 732 829 320"


def test_company_vat_button_and_a_vat_of_another_company(qtbot, dialog, firm_ctx):
    d, ui = dialog, dialog.ui
    click(qtbot, ui.company_radio)
    type_into(qtbot, ui.legal_name_edit, "Martin Conseil")
    click(qtbot, ui.vat_suggest_button)  # no SIREN yet: said under the SIREN
    assert "Saisissez d'abord un SIREN" in d.errors.message("siren", COMPANY)
    type_into(qtbot, ui.vat_edit, "FR00123456789")  # the user's own number is not overwritten
    type_into(qtbot, ui.siren_edit, VALID_SIREN)
    assert ui.vat_edit.text() == "FR00123456789"
    assert "TVA" in save_expecting_error(qtbot, d, "vat_number")
    assert ui.vat_edit.property("invalid") is True
    click(qtbot, ui.vat_suggest_button)
    assert ui.vat_edit.text() == "FR44732829320" and d.errors.message("vat_number", COMPANY) == ""
    saved = save_expecting_success(qtbot, d)
    assert get_contact(firm_ctx.db, saved.id).company.vat_number == "FR44732829320"


def test_jurisdiction_needs_a_type_and_a_valid_registry_email(qtbot, dialog, firm_ctx):
    d, ui = dialog, dialog.ui
    click(qtbot, ui.jurisdiction_radio)
    assert d.kind == COURT
    type_into(qtbot, ui.court_city_edit, "Lyon")
    assert save_expecting_error(qtbot, d, "court_type") == "Choisissez le type de juridiction."
    ui.court_type_combo.setCurrentIndex(ui.court_type_combo.findData("tribunal_judiciaire"))
    assert ui.court_name_edit.placeholderText() == "Tribunal judiciaire de Lyon"
    type_into(qtbot, ui.chamber_edit, "3e chambre civile")
    type_into(qtbot, ui.registry_email_edit, "greffe@")
    assert "e-mail" in save_expecting_error(qtbot, d, "registry_email")
    assert contact_count(firm_ctx) == 0
    type_into(qtbot, ui.registry_email_edit, "greffe.tj-lyon@justice.fr", replace=True)
    type_into(qtbot, ui.registry_phone_edit, "04 72 60 70 12")
    saved = save_expecting_success(qtbot, d)
    stored = get_contact(firm_ctx.db, saved.id)
    assert stored.display_name == "Tribunal judiciaire de Lyon — 3e chambre civile"
    assert stored.jurisdiction.registry_phone == "+33472607012"


# -- duplicates --------------------------------------------------------------------------------
def test_typing_an_existing_name_shows_the_duplicate_panel(qtbot, dialog, firm_ctx):
    add_helene(firm_ctx)
    ui = dialog.ui
    assert ui.duplicate_frame.isHidden()
    type_into(qtbot, ui.last_name_edit, "Lefevre")
    type_into(qtbot, ui.first_name_edit, "Helene")
    qtbot.waitUntil(lambda: ui.duplicate_frame.isVisible(), timeout=5000)
    assert ui.duplicate_title.text() == "Doublon possible"
    assert "Hélène Lefèvre — 90 % — Même nom" in ui.duplicate_list.text()
    type_into(qtbot, ui.email_edit, "helene@lefevre.fr")
    qtbot.waitUntil(lambda: "Même e-mail" in ui.duplicate_list.text(), timeout=5000)
    assert "Hélène Lefèvre — 95 % — Même nom, Même e-mail" in ui.duplicate_list.text()
    type_into(qtbot, ui.last_name_edit, "Zola", replace=True)
    type_into(qtbot, ui.email_edit, "emile@zola.fr", replace=True)
    qtbot.waitUntil(lambda: ui.duplicate_frame.isHidden() and not dialog.duplicates.pending,
                    timeout=5000)


def test_stale_answers_are_dropped(qtbot, dialog, firm_ctx):
    add_helene(firm_ctx)
    ui, watcher = dialog.ui, dialog.duplicates
    ui.last_name_edit.setText("Lefèvre")
    ui.first_name_edit.setText("Hélène")
    watcher.check_now()  # this answer may arrive after the next one: it must not be shown
    ui.last_name_edit.setText("Zola")
    watcher.check_now()
    qtbot.waitUntil(lambda: not watcher.pending, timeout=5000)
    assert watcher.matches == [] and ui.duplicate_frame.isHidden()


@pytest.mark.parametrize("answer", ["create", "back"])
def test_saving_a_strong_duplicate_asks_first(qtbot, dialog, firm_ctx, answer):
    add_helene(firm_ctx)
    ui = dialog.ui
    type_into(qtbot, ui.last_name_edit, "Lefèvre")
    type_into(qtbot, ui.first_name_edit, "Hélène")
    type_into(qtbot, ui.phone_edit, "06 12 34 56 78")
    click(qtbot, ui.save_button)
    qtbot.waitUntil(lambda: dialog.confirm_box is not None and dialog.confirm_box.isVisible(),
                    timeout=5000)
    box = dialog.confirm_box
    assert "Créer quand même ?" in box.text()
    assert "Hélène Lefèvre — 95 % — Même nom, Même téléphone" in box.informativeText()
    assert ui.duplicate_frame.isVisible() and contact_count(firm_ctx) == 1
    if answer == "back":
        click(qtbot, dialog.confirm_no)
        qtbot.waitUntil(lambda: not box.isVisible())
        assert dialog.isVisible() and not dialog.busy and contact_count(firm_ctx) == 1
    else:
        with qtbot.waitSignal(dialog.saved, timeout=5000):
            click(qtbot, dialog.confirm_yes)
        assert contact_count(firm_ctx) == 2


# -- edit mode ---------------------------------------------------------------------------------
def test_edit_mode_loads_the_contact_and_saves_a_new_city(qtbot, firm_ctx):
    cid = add_helene(firm_ctx, status="prospect")
    d = ContactDialog(firm_ctx, contact_id=cid)
    qtbot.addWidget(d)
    d.show()
    ui = d.ui
    qtbot.waitUntil(lambda: not d.busy and ui.last_name_edit.text() == "Lefèvre", timeout=5000)
    assert d.windowTitle() == EDIT_TITLE and not ui.company_radio.isEnabled()
    assert ui.city_edit.text() == "Lyon" and ui.phone_edit.text() == "06 12 34 56 78"
    assert ui.status_combo.currentText() == "Prospect" and not ui.status_combo.isEnabled()
    assert ui.civility_combo.currentText() == "Mme"
    type_into(qtbot, ui.postal_code_edit, "69100", replace=True)
    type_into(qtbot, ui.city_edit, "Villeurbanne", replace=True)
    saved = save_expecting_success(qtbot, d)
    assert saved.id == cid
    stored = get_contact(firm_ctx.db, cid)
    assert [a.one_line() for a in stored.addresses] == ["3 rue Mercière, 69100 Villeurbanne"]
    assert stored.phones == ("+33612345678",) and stored.emails == ("helene@lefevre.fr",)
    assert stored.notes == "Rencontrée au salon." and stored.status == "prospect"
    assert stored.city == "Villeurbanne"


def test_open_new_contact_dialog(qtbot, firm_ctx):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    d = open_new_contact_dialog(firm_ctx, parent)
    assert d.isVisible() and d.windowTitle() == NEW_TITLE and d.parent() is parent
    click(qtbot, d.ui.cancel_button)
    qtbot.waitUntil(lambda: not d.isVisible())


# -- what it looks like ------------------------------------------------------------------------
def test_render_each_typology(qtbot, firm_ctx, tmp_path):
    """PNGs for a human to look at: into $THEMISIA_SHOTS when set (else a temporary folder)."""
    from themisia_desktop.gui.app import load_style_sheet

    out = Path(os.environ.get("THEMISIA_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    add_helene(firm_ctx)
    d = ContactDialog(firm_ctx)
    qtbot.addWidget(d)
    d.setStyleSheet(load_style_sheet())
    d.resize(760, 640)
    d.show()
    qtbot.waitExposed(d)
    ui = d.ui
    type_into(qtbot, ui.last_name_edit, "Lefèvre")
    type_into(qtbot, ui.first_name_edit, "Hélène")
    type_into(qtbot, ui.email_edit, "helene@lefevre.fr")
    qtbot.waitUntil(lambda: ui.duplicate_frame.isVisible(), timeout=5000)
    type_into(qtbot, ui.birth_date_edit, "12/03/2030")
    save_expecting_error(qtbot, d, "birth_date")
    assert d.grab().save(str(out / "contact_person_duplicate.png"))
    click(qtbot, ui.company_radio)
    type_into(qtbot, ui.legal_name_edit, "Dupont Bâtiment")
    type_into(qtbot, ui.siren_edit, VALID_SIREN)
    type_into(qtbot, ui.siret_edit, "123")
    save_expecting_error(qtbot, d, "siret")
    qtbot.waitUntil(lambda: not d.duplicates.pending, timeout=5000)
    d.layout().activate()
    assert d.grab().save(str(out / "contact_company.png"))
    click(qtbot, ui.jurisdiction_radio)
    ui.court_type_combo.setCurrentIndex(ui.court_type_combo.findData("cour_appel"))
    type_into(qtbot, ui.court_city_edit, "Aix-en-Provence")
    qtbot.waitUntil(lambda: not d.duplicates.pending, timeout=5000)
    assert d.grab().save(str(out / "contact_jurisdiction.png"))


def test_new_contact_from_the_list_appears_in_it(qtbot, firm_ctx):
    from themisia_desktop.gui.contacts.contact_list import build_contacts_page

    page = build_contacts_page(firm_ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    assert page.model.rowCount() == 0
    click(qtbot, page.new_button)
    dialog = page.new_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    assert dialog.windowTitle() == NEW_TITLE
    type_into(qtbot, dialog.ui.last_name_edit, "Lefèvre")
    type_into(qtbot, dialog.ui.first_name_edit, "Hélène")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        click(qtbot, dialog.ui.save_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.busy, timeout=10_000)
