"""The login dialog, driven as a user would."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN_PASSWORD
from tests.gui.helpers import click, type_into
from themisia_desktop.core.settings import LocalSettings
from themisia_desktop.gui.login_dialog import LoginDialog


@pytest.fixture
def dialog(qtbot, firm_ctx):
    d = LoginDialog(firm_ctx, "Cabinet Lefèvre & Associés")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def test_shows_the_firm_and_starts_on_the_login_field(dialog):
    assert dialog.ui.firm_label.text() == "Cabinet Lefèvre & Associés"
    assert dialog.ui.login_edit.text() == ""
    assert dialog.ui.connect_button.text() == "Se connecter"


def test_wrong_then_right_password(qtbot, dialog, firm_ctx):
    ui = dialog.ui
    type_into(qtbot, ui.login_edit, "admin")
    type_into(qtbot, ui.password_edit, "pas-le-bon-mot-de-passe")
    click(qtbot, ui.connect_button)
    assert dialog.busy
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.error_text() == "Identifiant ou mot de passe incorrect."
    assert ui.login_edit.text() == "admin", "the login is kept"
    assert ui.password_edit.text() == "", "the password is cleared"
    assert dialog.isVisible()
    assert firm_ctx.settings.last_login is None

    type_into(qtbot, ui.password_edit, ADMIN_PASSWORD)
    assert dialog.error_text() == "", "typing again hides the error"
    with qtbot.waitSignal(dialog.logged_in, timeout=10_000) as blocker:
        click(qtbot, ui.connect_button)
    user = blocker.args[0]
    assert (user.login, user.full_name) == ("admin", "Hélène Lefèvre")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert firm_ctx.settings.last_login == "admin"
    assert LocalSettings.load(firm_ctx.settings_path).last_login == "admin"


def test_escape_while_checking_the_password_does_not_close_the_dialog(qtbot, dialog):
    from PySide6.QtCore import Qt

    type_into(qtbot, dialog.ui.login_edit, "admin")
    type_into(qtbot, dialog.ui.password_edit, ADMIN_PASSWORD)
    click(qtbot, dialog.ui.connect_button)
    assert dialog.busy
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible(), "the login under way must find its dialog"
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def test_empty_fields_are_asked_for_without_a_round_trip(qtbot, dialog):
    click(qtbot, dialog.ui.connect_button)
    assert not dialog.busy
    assert dialog.error_text() == "Saisissez votre identifiant et votre mot de passe."


def test_last_login_is_remembered(qtbot, firm_ctx):
    firm_ctx.settings.last_login = "admin"
    d = LoginDialog(firm_ctx, "Cabinet")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    assert d.ui.login_edit.text() == "admin"
    qtbot.waitUntil(lambda: d.ui.password_edit.hasFocus())
    with qtbot.waitSignal(d.logged_in, timeout=10_000):
        type_into(qtbot, d.ui.password_edit, ADMIN_PASSWORD)
        click(qtbot, d.ui.connect_button)
