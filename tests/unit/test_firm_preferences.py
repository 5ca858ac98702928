"""The firm's « Paramètres »: identity, outgoing mail (password in the keyring only), delays."""

from __future__ import annotations

import keyring
import pytest
from sqlalchemy import select

from tests.unit.matter_factory import make_user
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.firm.preferences import (
    SESSION_ONLY_NOTICE,
    FirmIdentity,
    GeneralInput,
    GeneralSettings,
    NotAllowed,
    SmtpInput,
    can_edit_settings,
    get_firm_identity,
    get_general_settings,
    get_smtp_settings,
    update_firm_identity,
    update_general_settings,
    update_smtp_settings,
)
from themisia_desktop.core.firm.settings import all_settings, get_setting
from themisia_desktop.core.firm.setup import firm_name
from themisia_desktop.core.models import AuditLog, FirmSetting
from themisia_desktop.core.notify.smtp_sender import load_smtp_config, smtp_secret_name

SMTP = SmtpInput(host="smtp.cabinet-lefevre.fr", port="587", security="starttls",
                 user="accueil@cabinet-lefevre.fr",
                 sender="Cabinet Lefèvre & Associés <accueil@cabinet-lefevre.fr>",
                 timeout_seconds="20")


def _audit(ctx, action):
    with ctx.db.read() as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


def _all_setting_values(ctx) -> str:
    with ctx.db.read() as s:
        return repr([(r.key, r.value) for r in s.scalars(select(FirmSetting))])


# -- identity ------------------------------------------------------------------------------------
def test_identity_is_saved_normalised_and_audited(firm_ctx):
    ctx = firm_ctx
    saved = update_firm_identity(ctx.db, ctx.clock, FirmIdentity(
        name="  Cabinet Lefèvre  Avocats ", address_line1="12 rue de la République",
        postal_code="69002", city="Lyon", phone="04 78 00 00 00", email="Accueil@Cabinet.fr",
        siren="552 008 443", vat_number="FR 19 552008443", bar="Lyon"),
        user_id=ctx.current_user.id)
    assert saved.name == "Cabinet Lefèvre Avocats"
    assert firm_name(ctx.db) == "Cabinet Lefèvre Avocats"
    assert saved.phone == "+33478000000"
    assert (saved.siren, saved.vat_number) == ("552008443", "FR19552008443")
    assert saved.email == "Accueil@cabinet.fr"
    assert get_firm_identity(ctx.db) == saved
    entry, = _audit(ctx, "firm.updated")
    assert entry.user_id == ctx.current_user.id
    assert "city" not in entry.details["changes"]  # unchanged fields are not listed
    assert entry.details["changes"]["name"] == ["Cabinet Lefèvre & Associés", "Cabinet Lefèvre Avocats"]


@pytest.mark.parametrize(("field", "changes", "message"), [
    ("name", {"name": "  "}, "Le nom du cabinet est obligatoire."),
    ("postal_code", {"postal_code": "6900"}, "5 chiffres"),
    ("siren", {"siren": "552008444"}, "SIREN"),
    ("vat_number", {"siren": "552008443", "vat_number": "FR00123456789"}, "TVA"),
    ("phone", {"phone": "12"}, "téléphone"),
    ("email", {"email": "accueil@"}, "e-mail"),
])
def test_bad_identity_changes_nothing(firm_ctx, field, changes, message):
    ctx = firm_ctx
    before = get_firm_identity(ctx.db)
    data = FirmIdentity(**{**vars(before), **changes})
    with pytest.raises(ValidationError) as err:
        update_firm_identity(ctx.db, ctx.clock, data, user_id=ctx.current_user.id)
    assert err.value.field == field
    assert message in err.value.message
    assert get_firm_identity(ctx.db) == before
    assert _audit(ctx, "firm.updated") == []


def test_only_an_administrator_may_change_settings(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        clerk_id = make_user(s, login="assistant", category="assistant")
    assert can_edit_settings(ctx.db, ctx.current_user.id)
    assert not can_edit_settings(ctx.db, clerk_id)
    with pytest.raises(NotAllowed, match="administrateur"):
        update_general_settings(ctx.db, ctx.clock, GeneralInput(30, True, 5, 30),
                                user_id=clerk_id)
    with pytest.raises(NotAllowed):
        update_firm_identity(ctx.db, ctx.clock, FirmIdentity(name="Autre"), user_id=clerk_id)
    assert get_setting(ctx.db, "doubtful_debt_days") == 90
    assert firm_name(ctx.db) == "Cabinet Lefèvre & Associés"


# -- SMTP ----------------------------------------------------------------------------------------
def test_smtp_settings_go_to_the_database_and_the_password_to_the_keyring(firm_ctx):
    ctx = firm_ctx
    result = update_smtp_settings(ctx.db, ctx.clock, ctx.secrets, SMTP, password="s3cret-à-Lyon",
                                  user_id=ctx.current_user.id)
    assert result.password == "keyring" and result.notice is None
    config = load_smtp_config(ctx.db)
    assert (config.host, config.port, config.security, config.timeout) == (
        "smtp.cabinet-lefevre.fr", 587, "starttls", 20.0)
    assert config.sender == "Cabinet Lefèvre & Associés <accueil@cabinet-lefevre.fr>"
    name = smtp_secret_name("smtp.cabinet-lefevre.fr", "accueil@cabinet-lefevre.fr")
    assert keyring.get_password("Themisia", name) == "s3cret-à-Lyon"
    assert "s3cret" not in _all_setting_values(ctx)
    entry, = _audit(ctx, "settings.smtp_updated")
    assert "s3cret" not in repr(entry.details) and entry.details["password"] == "changed"
    shown = get_smtp_settings(ctx.db, ctx.secrets)
    assert shown.password_known and shown.keyring_available


def test_a_renamed_account_keeps_its_password(firm_ctx):
    ctx = firm_ctx
    update_smtp_settings(ctx.db, ctx.clock, ctx.secrets, SMTP, password="pw-1")
    moved = SmtpInput(**{**vars(SMTP), "host": "mail.cabinet-lefevre.fr"})
    update_smtp_settings(ctx.db, ctx.clock, ctx.secrets, moved)
    assert ctx.secrets.get(smtp_secret_name("mail.cabinet-lefevre.fr", SMTP.user)) == "pw-1"
    assert ctx.secrets.get(smtp_secret_name(SMTP.host, SMTP.user)) is None


def test_without_keyring_the_password_is_kept_for_this_session_only(firm_ctx):
    from keyring.backends.fail import Keyring as FailKeyring

    ctx = firm_ctx
    keyring.set_keyring(FailKeyring())  # the autouse fixture restores the memory keyring
    result = update_smtp_settings(ctx.db, ctx.clock, ctx.secrets, SMTP, password="pw-session")
    assert result.password == "session"
    assert result.notice == SESSION_ONLY_NOTICE
    assert ctx.secrets.get(smtp_secret_name(SMTP.host, SMTP.user)) == "pw-session"
    assert "pw-session" not in _all_setting_values(ctx)
    assert get_smtp_settings(ctx.db, ctx.secrets).keyring_available is False


@pytest.mark.parametrize(("field", "changes"), [
    ("port", {"port": "abc"}),
    ("port", {"port": "0"}),
    ("port", {"port": "65536"}),
    ("host", {"host": "smtp://mail.cabinet.fr"}),
    ("host", {"host": "mail cabinet.fr"}),
    ("host", {"host": ""}),
    ("sender", {"sender": "accueil"}),
    ("sender", {"sender": "Cabinet <accueil@cabinet.fr"}),
    ("security", {"security": "tls13"}),
    ("timeout_seconds", {"timeout_seconds": "0"}),
])
def test_bad_smtp_input_changes_nothing(firm_ctx, field, changes):
    ctx = firm_ctx
    before = all_settings(ctx.db)
    with pytest.raises(ValidationError) as err:
        update_smtp_settings(ctx.db, ctx.clock, ctx.secrets, SmtpInput(**{**vars(SMTP), **changes}),
                             password="pw")
    assert err.value.field == field
    assert err.value.message and err.value.message[0].isupper()
    assert all_settings(ctx.db) == before
    assert ctx.secrets.get(smtp_secret_name(SMTP.host, SMTP.user)) is None


def test_port_message_is_french(firm_ctx):
    with pytest.raises(ValidationError, match="Le port doit être un nombre entier entre 1 et 65535"):
        update_smtp_settings(firm_ctx.db, firm_ctx.clock, firm_ctx.secrets,
                             SmtpInput(**{**vars(SMTP), "port": "abc"}))


def test_ipv4_host_and_plain_sender_are_accepted(firm_ctx):
    ctx = firm_ctx
    update_smtp_settings(ctx.db, ctx.clock, ctx.secrets, SmtpInput(
        host="127.0.0.1", port=2525, security="none", user="", sender="accueil@cabinet.fr"))
    config = load_smtp_config(ctx.db)
    assert (config.host, config.port, config.security, config.user, config.sender) == (
        "127.0.0.1", 2525, "none", "", "accueil@cabinet.fr")


# -- delays and automations ------------------------------------------------------------------------
def test_general_settings_are_saved_and_audited(firm_ctx):
    ctx = firm_ctx
    saved = update_general_settings(ctx.db, ctx.clock, GeneralInput(
        doubtful_debt_days="120", alsace_moselle_holidays=True, sweep_interval_minutes="15",
        invoice_payment_days="45", vat_rate="5,5"), user_id=ctx.current_user.id)
    assert (saved.doubtful_debt_days, saved.alsace_moselle_holidays, saved.sweep_interval_minutes,
            saved.invoice_payment_days, saved.vat_rate_bp) == (120, True, 15, 45, 550)
    assert saved.vat_rate_text == "5,5"
    assert GeneralSettings(90, False, 5, 30, 2000).vat_rate_text == "20"
    assert GeneralSettings(90, False, 5, 30, 1010).vat_rate_text == "10,1"
    assert GeneralSettings(90, False, 5, 30, 1005).vat_rate_text == "10,05"
    assert get_general_settings(ctx.db) == saved
    from themisia_desktop.core.automation.scheduler import sweep_interval_minutes
    assert sweep_interval_minutes(ctx.db) == 15
    entry, = _audit(ctx, "settings.updated")
    assert entry.details["changes"]["doubtful_debt_days"] == [90, 120]


@pytest.mark.parametrize(("field", "changes"), [
    ("doubtful_debt_days", {"doubtful_debt_days": "0"}),
    ("doubtful_debt_days", {"doubtful_debt_days": "3651"}),
    ("sweep_interval_minutes", {"sweep_interval_minutes": "1441"}),
    ("sweep_interval_minutes", {"sweep_interval_minutes": "cinq"}),
    ("invoice_payment_days", {"invoice_payment_days": ""}),
    ("vat_rate", {"vat_rate": "101"}),
    ("vat_rate", {"vat_rate": "5,555"}),
])
def test_bad_general_input_changes_nothing(firm_ctx, field, changes):
    ctx = firm_ctx
    base = dict(doubtful_debt_days="90", alsace_moselle_holidays=True, sweep_interval_minutes="5",
                invoice_payment_days="30", vat_rate="20")
    with pytest.raises(ValidationError) as err:
        update_general_settings(ctx.db, ctx.clock, GeneralInput(**{**base, **changes}))
    assert err.value.field == field
    assert get_general_settings(ctx.db).alsace_moselle_holidays is False
    assert _audit(ctx, "settings.updated") == []
