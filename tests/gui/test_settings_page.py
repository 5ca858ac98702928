"""« Paramètres » driven as an administrator would: identity, mail server and password, test
mail against a real SMTP server on loopback, delays; read-only for other users."""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest
from sqlalchemy import select

from tests.gui.helpers import click, type_into
from tests.unit.test_test_mail import HOST, QUEUED, REFUSED, free_port, smtp_servers  # noqa: F401
from themisia_desktop.core.firm.preferences import (get_firm_identity, get_general_settings,
                                                     get_smtp_settings)
from themisia_desktop.core.firm.settings import all_settings
from themisia_desktop.core.firm.setup import firm_name
from themisia_desktop.core.firm.users import NewUser, create_user
from themisia_desktop.core.models import FirmSetting
from themisia_desktop.core.notify.smtp_sender import load_smtp_config, smtp_secret_name
from themisia_desktop.gui.settings.settings_page import READ_ONLY, build_settings_page

SHOTS = Path(os.environ.get("THEMISIA_SETTINGS_SHOTS", "/tmp/shots"))


def open_page(qtbot, ctx):
    """The page as the main window shows it: the application's style, 1366 × 768, loaded."""
    from themisia_desktop.gui.app import load_style_sheet

    widget = build_settings_page(ctx)
    qtbot.addWidget(widget)
    widget.setStyleSheet(load_style_sheet())
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitUntil(lambda: not widget.busy)
    return widget


@pytest.fixture
def page(qtbot, firm_ctx):
    return open_page(qtbot, firm_ctx)


def shot(widget, name: str) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / name))


def wait_saved(qtbot, form) -> None:
    qtbot.waitUntil(lambda: not form.busy)


def fill_smtp(qtbot, form, *, port: int | str, user: str = "", password: str = "") -> None:
    type_into(qtbot, form.host_edit, HOST, replace=True)
    type_into(qtbot, form.port_edit, str(port), replace=True)
    form.security_combo.setCurrentIndex(form.security_combo.findData("none"))
    type_into(qtbot, form.user_edit, user, replace=True)
    if password:
        type_into(qtbot, form.password_edit, password)
    type_into(qtbot, form.sender_edit, "Cabinet Lefèvre <accueil@cabinet-lefevre.fr>", replace=True)
    type_into(qtbot, form.timeout_edit, "5", replace=True)


def test_smtp_settings_and_password_are_saved_password_in_the_keyring_only(qtbot, page, firm_ctx):
    form = page.show_section("Messagerie")
    fill_smtp(qtbot, form, port=2525, user="accueil", password="Mot-de-passe-é")
    click(qtbot, form.save_button)
    wait_saved(qtbot, form)
    assert "trousseau" in form.status_text()
    config = load_smtp_config(firm_ctx.db)
    assert (config.host, config.port, config.security, config.user, config.timeout) == (
        HOST, 2525, "none", "accueil", 5.0)
    assert firm_ctx.secrets.get(smtp_secret_name(HOST, "accueil")) == "Mot-de-passe-é"
    with firm_ctx.db.read() as s:
        stored = repr([(r.key, r.value) for r in s.scalars(select(FirmSetting))])
    assert "Mot-de-passe" not in stored
    assert form.password_edit.text() == ""
    assert form.password_edit.placeholderText().startswith("Inchangé")
    shot(page, "settings_messagerie.png")


def test_a_port_typed_as_letters_gets_a_french_message_and_nothing_is_saved(qtbot, page, firm_ctx):
    form = page.show_section("Messagerie")
    before = all_settings(firm_ctx.db)
    fill_smtp(qtbot, form, port="abc", user="accueil", password="secret")
    click(qtbot, form.save_button)
    wait_saved(qtbot, form)
    assert form.errors.message("port") == "Le port doit être un nombre entier entre 1 et 65535."
    assert form.errors.label("port").isVisible()
    assert "Rien n'a été enregistré" in form.status_text()
    assert all_settings(firm_ctx.db) == before
    assert firm_ctx.secrets.get(smtp_secret_name(HOST, "accueil")) is None
    shot(page, "settings_messagerie_erreur.png")


def test_test_mail_shows_the_servers_answer(qtbot, page, firm_ctx, smtp_servers):  # noqa: F811
    server = smtp_servers()
    form = page.show_section("Messagerie")
    fill_smtp(qtbot, form, port=server.port)
    click(qtbot, form.save_button)
    wait_saved(qtbot, form)
    assert form.test_to_edit.text() == "helene.lefevre@example.fr"  # the logged-in user
    click(qtbot, form.test_button)
    qtbot.waitUntil(lambda: "Réponse du serveur" in form.test_answer_text(), timeout=10_000)
    assert form.test_answer_text() == f"E-mail envoyé. Réponse du serveur : « {QUEUED} »"
    assert server.handler.recipients == ["helene.lefevre@example.fr"]
    shot(page, "settings_messagerie_test.png")


def test_test_mail_shows_the_refusal_and_an_unreachable_server(qtbot, page, firm_ctx,
                                                              smtp_servers):  # noqa: F811
    server = smtp_servers(refuse=True)
    form = page.show_section("Messagerie")
    fill_smtp(qtbot, form, port=server.port)
    click(qtbot, form.save_button)
    wait_saved(qtbot, form)
    type_into(qtbot, form.test_to_edit, "inconnu@client.example.fr", replace=True)
    click(qtbot, form.test_button)
    qtbot.waitUntil(lambda: form.test_answer_text().startswith("Échec"), timeout=10_000)
    assert form.test_answer_text() == f"Échec de l'envoi. Destinataire refusé : {REFUSED}"
    assert server.handler.messages == []
    shot(page, "settings_messagerie_refus.png")

    closed = free_port()
    type_into(qtbot, form.port_edit, str(closed), replace=True)
    click(qtbot, form.save_button)
    wait_saved(qtbot, form)
    click(qtbot, form.test_button)
    qtbot.waitUntil(lambda: "injoignable" in form.test_answer_text(), timeout=10_000)
    assert form.test_answer_text() == (f"Échec de l'envoi. Serveur injoignable : {HOST}:{closed} "
                                       "(connexion refusée).")


def test_a_bad_test_address_is_shown_under_the_field(qtbot, page):
    form = page.show_section("Messagerie")
    type_into(qtbot, form.test_to_edit, "helene@", replace=True)
    click(qtbot, form.test_button)
    qtbot.waitUntil(lambda: form.test_errors.message("to") != "")
    assert form.test_errors.message("to") == "L'adresse « helene@ » n'est pas valide."


def test_without_keyring_the_user_is_told_and_the_password_lives_for_the_session(qtbot, firm_ctx):
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())  # the autouse fixture restores the memory keyring
    widget = open_page(qtbot, firm_ctx)
    form = widget.show_section("Messagerie")
    assert form.notice.isVisible()
    assert "Aucun trousseau" in form.notice_label.text()
    fill_smtp(qtbot, form, port=2525, user="accueil", password="pw-session")
    click(qtbot, form.save_button)
    wait_saved(qtbot, form)
    assert "pour cette session seulement" in form.status_text()
    shot(widget, "settings_messagerie_sans_trousseau.png")
    assert firm_ctx.secrets.get(smtp_secret_name(HOST, "accueil")) == "pw-session"
    assert get_smtp_settings(firm_ctx.db, firm_ctx.secrets).password_known
    with firm_ctx.db.read() as s:
        assert "pw-session" not in repr([r.value for r in s.scalars(select(FirmSetting))])


def test_firm_identity_is_saved_and_used(qtbot, page, firm_ctx):
    form = page.show_section("Cabinet")
    assert form.name_edit.text() == "Cabinet Lefèvre & Associés"
    type_into(qtbot, form.name_edit, "Cabinet Lefèvre Avocats", replace=True)
    type_into(qtbot, form.address1_edit, "12 rue de la République")
    type_into(qtbot, form.postal_edit, "69002")
    type_into(qtbot, form.phone_edit, "04 78 00 00 00")
    type_into(qtbot, form.siren_edit, "552 008 443")
    type_into(qtbot, form.vat_edit, "FR19552008443")
    type_into(qtbot, form.bar_edit, "Lyon")
    click(qtbot, form.save_button)
    wait_saved(qtbot, form)
    assert firm_name(firm_ctx.db) == "Cabinet Lefèvre Avocats"
    assert form.status_text().startswith("Identité du cabinet enregistrée")
    assert form.phone_edit.text() == "04 78 00 00 00"
    shot(page, "settings_cabinet.png")


def test_a_bad_siren_is_shown_next_to_its_field(qtbot, page, firm_ctx):
    form = page.show_section("Cabinet")
    type_into(qtbot, form.siren_edit, "123456789")
    click(qtbot, form.save_button)
    wait_saved(qtbot, form)
    assert "SIREN" in form.errors.message("siren")
    assert form.errors.label("siren").isVisible()
    assert get_firm_identity(firm_ctx.db).siren == ""


def test_delays_and_interval_are_saved(qtbot, page, firm_ctx):
    form = page.show_section("Automatisations et délais")
    assert (form.doubtful_edit.text(), form.vat_edit.text(), form.payment_edit.text()) == (
        "90", "20", "30")
    type_into(qtbot, form.doubtful_edit, "120", replace=True)
    type_into(qtbot, form.sweep_edit, "15", replace=True)
    click(qtbot, form.holidays_check)
    click(qtbot, form.save_button)
    wait_saved(qtbot, form)
    saved = get_general_settings(firm_ctx.db)
    assert (saved.doubtful_debt_days, saved.sweep_interval_minutes,
            saved.alsace_moselle_holidays) == (120, 15, True)
    assert saved.vat_rate_bp == 2000  # untouched fields keep their value
    assert "prochain passage" in form.status_text()
    shot(page, "settings_automatisations.png")

    type_into(qtbot, form.sweep_edit, "2000", replace=True)
    click(qtbot, form.save_button)
    wait_saved(qtbot, form)
    assert "entre 1 et 1440" in form.errors.message("sweep_interval_minutes")
    assert get_general_settings(firm_ctx.db).sweep_interval_minutes == 15


def test_a_user_who_is_not_administrator_sees_the_settings_read_only(qtbot, firm_ctx):
    firm_ctx.current_user = create_user(firm_ctx.db, firm_ctx.clock, NewUser(
        login="assistant", password="Motdepasse-2026", first_name="Paul", last_name="Durand",
        category="assistant", email="paul.durand@example.fr"))
    assert not firm_ctx.current_user.is_admin
    widget = open_page(qtbot, firm_ctx)
    assert widget.read_only_notice.isVisible()
    assert READ_ONLY.startswith("Seuls les administrateurs")
    for title in ("Cabinet", "Messagerie", "Automatisations et délais"):
        form = widget.show_section(title)
        assert not form.save_button.isVisible()
    firm = widget.show_section("Cabinet")
    assert firm.name_edit.text() == "Cabinet Lefèvre & Associés"
    assert firm.name_edit.isReadOnly()
    smtp = widget.show_section("Messagerie")
    assert not smtp.test_box.isVisible()
    assert not smtp.security_combo.isEnabled()
    general = widget.show_section("Automatisations et délais")
    assert not general.holidays_check.isEnabled()
    shot(widget, "settings_lecture_seule.png")
