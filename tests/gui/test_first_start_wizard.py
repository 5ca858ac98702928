"""The first-start wizard, driven as a user would, checked through core services."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QWizard

from tests.conftest import ADMIN_PASSWORD
from tests.gui.helpers import click, type_into
from themisia_desktop.core.firm.setup import firm_name, is_initialised
from themisia_desktop.core.firm.users import list_users
from themisia_desktop.core.models.enums import UserCategory
from themisia_desktop.core.settings import LocalSettings
from themisia_desktop.gui.first_start_wizard import (PAGE_ADMIN, PAGE_CHOICE, PAGE_FIRM,
                                                     PASSWORDS_DIFFER, FirstStartWizard)

NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton


@pytest.fixture
def wizard(qtbot, ctx):
    w = FirstStartWizard(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def fill_firm_page(qtbot, w: FirstStartWizard, *, siren: str = "") -> None:
    ui = w.ui
    type_into(qtbot, ui.firm_name_edit, "Cabinet Martin & Associés")
    type_into(qtbot, ui.address_edit, "12 rue de la République")
    type_into(qtbot, ui.postal_code_edit, "69002")
    type_into(qtbot, ui.city_edit, "Lyon")
    if siren:
        type_into(qtbot, ui.siren_edit, siren)
    type_into(qtbot, ui.firm_email_edit, "contact@cabinet-martin.fr")
    type_into(qtbot, ui.phone_edit, "04 78 00 00 00")
    type_into(qtbot, ui.bar_edit, "Lyon")


def fill_admin_page(qtbot, w: FirstStartWizard, *, confirm: str = ADMIN_PASSWORD) -> None:
    ui = w.ui
    type_into(qtbot, ui.first_name_edit, "Claire")
    type_into(qtbot, ui.last_name_edit, "Martin")
    type_into(qtbot, ui.login_edit, "cmartin")
    type_into(qtbot, ui.admin_email_edit, "claire.martin@cabinet-martin.fr")
    ui.category_edit.setCurrentIndex(ui.category_edit.findData(UserCategory.PARTNER.value))
    type_into(qtbot, ui.password_edit, ADMIN_PASSWORD)
    type_into(qtbot, ui.password_confirm_edit, confirm)


def go_to_admin_page(qtbot, w: FirstStartWizard) -> None:
    click(qtbot, w.button(NEXT))
    fill_firm_page(qtbot, w)
    click(qtbot, w.button(NEXT))
    assert w.currentId() == PAGE_ADMIN


def test_categories_are_offered_with_their_french_labels(wizard):
    combo = wizard.ui.category_edit
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == [c.label for c in UserCategory]


def test_invalid_siren_is_shown_next_to_the_field_then_the_firm_is_created(qtbot, wizard, ctx):
    assert wizard.currentId() == PAGE_CHOICE
    assert wizard.ui.create_radio.isChecked()
    click(qtbot, wizard.button(NEXT))
    assert wizard.currentId() == PAGE_FIRM

    fill_firm_page(qtbot, wizard, siren="123456789")
    click(qtbot, wizard.button(NEXT))
    error = wizard.firm_errors.label("siren")
    assert wizard.currentId() == PAGE_FIRM, "the page must not advance on bad input"
    assert error.isVisible()
    assert "SIREN" in error.text() and "n'est pas valide" in error.text()
    assert wizard.ui.siren_edit.property("invalid") is True
    assert not is_initialised(ctx.db)

    type_into(qtbot, wizard.ui.siren_edit, "732829320", replace=True)
    assert not error.isVisible(), "editing the field clears its error"
    click(qtbot, wizard.button(NEXT))
    assert wizard.currentId() == PAGE_ADMIN
    assert not is_initialised(ctx.db)

    fill_admin_page(qtbot, wizard)
    with qtbot.waitSignal(wizard.completed, timeout=30_000) as blocker:
        click(qtbot, wizard.button(FINISH))
        assert wizard.busy
        assert not wizard.button(FINISH).isEnabled()
    user = blocker.args[0]
    assert user.login == "cmartin"
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert wizard.result() == QWizard.DialogCode.Accepted

    assert is_initialised(ctx.db)
    assert firm_name(ctx.db) == "Cabinet Martin & Associés"
    (admin,) = list_users(ctx.db)
    assert (admin.login, admin.full_name, admin.is_admin) == ("cmartin", "Claire Martin", True)
    assert admin.category is UserCategory.PARTNER
    assert admin.email == "claire.martin@cabinet-martin.fr"
    assert LocalSettings.load(ctx.settings_path).last_login == "cmartin"


def test_firm_name_is_required(qtbot, wizard, ctx):
    click(qtbot, wizard.button(NEXT))
    click(qtbot, wizard.button(NEXT))
    assert wizard.currentId() == PAGE_FIRM
    assert wizard.firm_errors.message("name") == "Le nom du cabinet est obligatoire."


def test_passwords_that_differ_are_refused(qtbot, wizard, ctx):
    go_to_admin_page(qtbot, wizard)
    fill_admin_page(qtbot, wizard, confirm=ADMIN_PASSWORD + "x")
    click(qtbot, wizard.button(FINISH))
    assert wizard.currentId() == PAGE_ADMIN
    assert wizard.admin_errors.label("password_confirm").isVisible()
    assert wizard.admin_errors.message("password_confirm") == PASSWORDS_DIFFER
    assert not wizard.busy
    assert wizard.isVisible()
    assert not is_initialised(ctx.db)


def test_weak_password_and_bad_login_are_explained(qtbot, wizard, ctx):
    go_to_admin_page(qtbot, wizard)
    ui = wizard.ui
    type_into(qtbot, ui.first_name_edit, "Claire")
    type_into(qtbot, ui.last_name_edit, "Martin")
    type_into(qtbot, ui.login_edit, "Claire Martin")
    type_into(qtbot, ui.password_edit, "court")
    type_into(qtbot, ui.password_confirm_edit, "court")
    click(qtbot, wizard.button(FINISH))
    assert wizard.admin_errors.message("login").startswith("L'identifiant doit faire")

    type_into(qtbot, ui.login_edit, "cmartin", replace=True)
    click(qtbot, wizard.button(FINISH))
    assert "au moins 10 caractères" in wizard.admin_errors.message("password")
    assert not wizard.admin_errors.label("login").isVisible()
    assert not is_initialised(ctx.db)


def test_choosing_the_demo_makes_the_first_page_the_last(qtbot, wizard):
    click(qtbot, wizard.ui.demo_radio)
    assert wizard.button(FINISH).isVisible() and wizard.button(FINISH).isEnabled()
    assert not wizard.button(NEXT).isVisible()
    click(qtbot, wizard.ui.create_radio)
    assert wizard.button(NEXT).isVisible() and wizard.button(NEXT).isEnabled()
    assert not wizard.button(FINISH).isVisible()


def test_demo_firm_can_be_loaded(qtbot, wizard, ctx):
    demo = pytest.importorskip("themisia_desktop.core.demo")
    if not hasattr(demo, "generate_demo"):
        pytest.skip("the demo generator is not there yet")
    users = []
    wizard.completed.connect(users.append)
    click(qtbot, wizard.ui.demo_radio)
    click(qtbot, wizard.button(FINISH))
    assert wizard.busy
    qtbot.waitUntil(lambda: not wizard.busy, timeout=110_000)
    error = wizard.findChild(QLabel, "choice_error")
    assert not error.isVisible(), error.text()
    (user,) = users
    assert is_initialised(ctx.db)
    assert user.login in {u.login for u in list_users(ctx.db)}
    qtbot.waitUntil(lambda: not wizard.isVisible())
