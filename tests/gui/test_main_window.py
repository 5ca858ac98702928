"""The main window and the start-up flow that leads to it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from tests.conftest import ADMIN_PASSWORD
from tests.gui.helpers import click, type_into
from themisia_desktop import __version__
from themisia_desktop.core.errors import DatabaseError
from themisia_desktop.gui.areas import AREAS
from themisia_desktop.gui.first_start_wizard import FirstStartWizard
from themisia_desktop.gui.login_dialog import LoginDialog
from themisia_desktop.gui.main_window import MainWindow
from themisia_desktop.gui.startup import StartupFlow

AREA_TITLES = ["Contacts", "Dossiers", "Agenda & tâches", "Automatisations", "Notifications",
               "Paramètres"]


@pytest.fixture
def window(qtbot, firm_ctx):
    w = MainWindow(firm_ctx, firm_ctx.current_user)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_title_areas_and_status_bar(window, firm_ctx):
    assert window.windowTitle() == "Themisia — Cabinet Lefèvre & Associés"
    assert window.area_titles() == AREA_TITLES
    assert window.user_label.text() == "Connecté : Hélène Lefèvre — Associé"
    assert window.db_label.text() == f"Base : {firm_ctx.db.describe()}"
    assert window.width() <= 1366 and window.height() <= 768


def test_the_contacts_area_shows_the_contact_list(qtbot, window):
    from themisia_desktop.gui.contacts.contact_list import ContactListWidget

    assert isinstance(window.current_page(), ContactListWidget)


def _show_area(qtbot, window, key: str):
    nav = window.ui.navigation
    row = [a.key for a in AREAS].index(key)
    rect = nav.visualItemRect(nav.item(row))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return window.current_page()


@pytest.mark.parametrize("spec", AREAS, ids=[a.key for a in AREAS])
def test_each_area_opens_its_own_page(qtbot, window, spec):
    page = _show_area(qtbot, window, spec.key)
    package = spec.factory.partition(":")[0].rsplit(".", 1)[0]
    assert type(page).__module__.startswith(package), spec.factory
    assert page.isVisible()
    assert window.current_page() is _show_area(qtbot, window, spec.key)  # built once


def test_menus(qtbot, window):
    assert window.ui.action_quit.shortcut() == QKeySequence("Ctrl+Q")
    assert window.ui.menu_file.title() == "&Fichier"
    assert window.ui.menu_help.title() == "&Aide"
    box = window.show_about()
    qtbot.waitExposed(box)
    assert __version__ in box.text()
    box.accept()
    window.ui.action_quit.trigger()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_startup_on_an_empty_base_opens_the_wizard(qtbot, ctx):
    flow = StartupFlow(lambda: ctx)
    with qtbot.waitSignals([flow.ready, flow.first_painted], timeout=10_000):
        flow.start()
    import shiboken6

    assert isinstance(flow.current_window, FirstStartWizard)
    # Something was painted before the base was open; it gave way to the wizard.
    first = flow.first_window
    assert not shiboken6.isValid(first) or not first.isVisible()
    flow.current_window.close()


def test_startup_login_then_main_window(qtbot, firm_ctx):
    firm_ctx.current_user = None
    flow = StartupFlow(lambda: firm_ctx)
    with qtbot.waitSignals([flow.ready, flow.first_painted], timeout=10_000):
        flow.start()
    dialog = flow.current_window
    assert isinstance(dialog, LoginDialog)
    assert dialog.ui.firm_label.text() == "Cabinet Lefèvre & Associés"
    type_into(qtbot, dialog.ui.login_edit, "admin")
    type_into(qtbot, dialog.ui.password_edit, ADMIN_PASSWORD)
    with qtbot.waitSignal(flow.main_window_opened, timeout=10_000) as blocker:
        click(qtbot, dialog.ui.connect_button)
    main = blocker.args[0]
    qtbot.addWidget(main)
    assert isinstance(main, MainWindow)
    assert firm_ctx.current_user.login == "admin"
    qtbot.waitExposed(main)


def test_returning_user_can_type_while_the_base_opens(qtbot, firm_ctx):
    """The login dialog is painted before the base is open; a click on « Se connecter »
    made meanwhile is carried out once it is."""
    firm_ctx.current_user = None
    base_may_open = threading.Event()

    def slow_open():
        assert base_may_open.wait(10)
        return firm_ctx

    flow = StartupFlow(slow_open, last_login="admin")
    with qtbot.waitSignal(flow.first_painted, timeout=10_000):
        flow.start()
    dialog = flow.current_window
    assert isinstance(dialog, LoginDialog) and not dialog.attached
    assert dialog.ui.login_edit.text() == "admin"
    assert dialog.ui.busy_label.text() == "Ouverture de la base…"
    type_into(qtbot, dialog.ui.password_edit, ADMIN_PASSWORD)
    click(qtbot, dialog.ui.connect_button)
    with qtbot.waitSignal(flow.main_window_opened, timeout=10_000) as blocker:
        base_may_open.set()
    main = blocker.args[0]
    qtbot.addWidget(main)
    assert firm_ctx.current_user.login == "admin"


def test_a_base_that_cannot_be_opened_is_explained_in_french(qtbot):
    def broken():
        raise DatabaseError("Cette base a été mise à jour par une version plus récente.")

    flow = StartupFlow(broken)
    with qtbot.waitSignal(flow.failed, timeout=10_000) as blocker:
        flow.start()
    assert blocker.args[0].startswith("Impossible d'ouvrir la base de données.")
    assert "version plus récente" in blocker.args[0]


def test_the_application_has_its_icon_and_style(qapp):
    from themisia_desktop.gui.app import configure_application

    configure_application(qapp)
    assert not qapp.windowIcon().isNull()
    assert qapp.styleSheet().strip()
