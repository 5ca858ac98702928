"""First start and users: what the wizard, the login dialog and the CLI rely on."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.conftest import ADMIN_PASSWORD
from themisia_desktop.core.errors import AuthenticationError, ValidationError
from themisia_desktop.core.firm import settings as firm_settings
from themisia_desktop.core.firm.setup import FirmInput, create_firm, firm_name, is_initialised
from themisia_desktop.core.firm.users import NewUser, authenticate, create_user, list_users, reset_password
from themisia_desktop.core.models import User

ADMIN = NewUser(login="CMartin ", password="Une-phrase-longue", first_name="Claire",
                last_name="Martin", category="partner")


def test_creating_the_firm_makes_its_first_administrator(ctx):
    assert not is_initialised(ctx.db)
    admin = create_firm(ctx.db, ctx.clock, FirmInput(name="  Cabinet Martin ", siren="732 829 320"), ADMIN)
    assert is_initialised(ctx.db) and firm_name(ctx.db) == "Cabinet Martin"
    assert admin.login == "cmartin" and admin.is_admin
    assert set(admin.groups) == {"Associés", "Administrateurs"}


@pytest.mark.parametrize("firm, field, message", [
    (FirmInput(name=""), "name", "obligatoire"),
    (FirmInput(name="Cabinet", siren="732 829 321"), "siren", "SIREN « 732 829 321 » n'est pas valide"),
    (FirmInput(name="Cabinet", email="cabinet@"), "email", "n'est pas valide"),
    (FirmInput(name="Cabinet", postal_code="6900"), "postal_code", "5 chiffres"),
])
def test_a_bad_firm_field_is_explained_and_nothing_is_created(ctx, firm, field, message):
    with pytest.raises(ValidationError, match=message) as err:
        create_firm(ctx.db, ctx.clock, firm, ADMIN)
    assert err.value.field == field
    assert not is_initialised(ctx.db)


def test_a_weak_password_creates_nothing(ctx):
    from dataclasses import replace

    with pytest.raises(ValidationError, match="au moins 10 caractères") as err:
        create_firm(ctx.db, ctx.clock, FirmInput(name="Cabinet"), replace(ADMIN, password="court"))
    assert err.value.field == "password"
    assert not is_initialised(ctx.db)


def test_the_firm_cannot_be_created_twice(firm_ctx):
    with pytest.raises(ValidationError, match="déjà configuré"):
        create_firm(firm_ctx.db, firm_ctx.clock, FirmInput(name="Autre"), ADMIN)


def test_passwords_are_stored_as_argon2id_hashes(firm_ctx):
    with firm_ctx.db.read() as s:
        stored = s.scalar(select(User.password_hash).where(User.login == "admin"))
    assert stored.startswith("$argon2id$") and ADMIN_PASSWORD not in stored


def test_login_accepts_the_right_password_only(firm_ctx):
    assert authenticate(firm_ctx.db, firm_ctx.clock, " Admin", ADMIN_PASSWORD).login == "admin"
    for login, password in (("admin", "mauvais-mot-de-passe"), ("inconnu", ADMIN_PASSWORD)):
        with pytest.raises(AuthenticationError, match="Identifiant ou mot de passe incorrect"):
            authenticate(firm_ctx.db, firm_ctx.clock, login, password)


def test_users_have_a_category_a_rate_and_groups(firm_ctx):
    create_user(firm_ctx.db, firm_ctx.clock, NewUser(
        login="pdurand", password="Durand-2026-ok", first_name="Paul", last_name="Durand",
        category="associate", standard_rate=Decimal("220.00"), groups=("Contentieux",)))
    users = {u.login: u for u in list_users(firm_ctx.db)}
    assert users["pdurand"].category.label == "Collaborateur"
    assert users["pdurand"].standard_rate == Decimal("220.00")
    assert users["pdurand"].groups == ("Contentieux",)


@pytest.mark.parametrize("change, field", [
    ({"login": "jean dupont"}, "login"), ({"login": "admin"}, "login"), ({"first_name": " "}, "first_name"),
    ({"category": "stagiaire-chef"}, "category"), ({"email": "jean@@x"}, "email"),
])
def test_bad_user_input_is_refused_with_its_field(firm_ctx, change, field):
    data = dict(login="jdupont", password="Dupont-2026-ok", first_name="Jean", last_name="Dupont",
                category="associate") | change
    with pytest.raises(ValidationError) as err:
        create_user(firm_ctx.db, firm_ctx.clock, NewUser(**data))
    assert err.value.field == field
    assert [u.login for u in list_users(firm_ctx.db)] == ["admin"]


def test_a_reset_password_replaces_the_old_one(firm_ctx):
    reset_password(firm_ctx.db, firm_ctx.clock, "admin", "Nouveau-secret-99")
    assert authenticate(firm_ctx.db, firm_ctx.clock, "admin", "Nouveau-secret-99")
    with pytest.raises(AuthenticationError):
        authenticate(firm_ctx.db, firm_ctx.clock, "admin", ADMIN_PASSWORD)


def test_firm_settings_have_defaults_and_can_change(firm_ctx):
    assert firm_settings.get_setting(firm_ctx.db, "doubtful_debt_days") == 90
    firm_settings.set_setting(firm_ctx.db, "doubtful_debt_days", 60)
    assert firm_settings.all_settings(firm_ctx.db)["doubtful_debt_days"] == 60


def test_a_firm_made_by_the_wizard_or_init_has_the_built_in_automations_switched_off(ctx):
    from themisia_desktop.core.automation.workflows import list_workflows
    from themisia_desktop.core.firm.setup import FirmInput, create_firm
    from themisia_desktop.core.firm.users import NewUser

    create_firm(ctx.db, ctx.clock, FirmInput(name="Cabinet Martin", city="Paris"),
                NewUser(login="cm", password="Motdepasse-2026", first_name="Claire",
                        last_name="Martin", category="partner"), with_automations=True)
    workflows = list_workflows(ctx.db)
    assert len(workflows) >= 6
    assert not any(w.enabled for w in workflows)
    assert "nouveau_dossier" in {w.builtin_key for w in workflows}
