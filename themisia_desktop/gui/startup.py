"""Start-up flow: open the database off the GUI thread, then the first-start wizard (empty
base) or the login dialog, then the main window.

The login dialog is shown at once (with the remembered login, if any) and the user can type
while the database opens; that is what makes the first paint quick, since opening the base
loads SQLAlchemy, the models and the migrations. When the base turns out to hold no firm yet,
the dialog gives way to the first-start wizard.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from themisia_desktop.core.errors import ThemisiaError
from themisia_desktop.gui.paint_probe import FirstPaintProbe
from themisia_desktop.gui.worker import Worker

if TYPE_CHECKING:
    from themisia_desktop.context import AppContext
    from themisia_desktop.core.firm.users import UserInfo

# Imported once the first window is on screen, while the user reads it.
_DEFERRED_MODULES = ("themisia_desktop.gui.main_window",)


def _open_and_probe(open_context: Callable[[], AppContext]) -> tuple[AppContext, bool, str | None]:
    from themisia_desktop.core.firm.setup import firm_name, is_initialised

    ctx = open_context()
    try:
        return ctx, is_initialised(ctx.db), firm_name(ctx.db)
    except BaseException:
        ctx.close()
        raise


class StartupFlow(QObject):
    """Owns the windows of the start-up sequence.

    Signals: ``first_painted(perf_counter)`` when the first window has been painted;
    ``ready()`` when the database is open and the wizard or login dialog usable;
    ``failed(message)`` (French) when the database cannot be opened;
    ``main_window_opened(window)`` after a successful login or first-start setup.
    """

    first_painted = Signal(float)
    ready = Signal()
    failed = Signal(str)
    main_window_opened = Signal(object)

    def __init__(self, open_context: Callable[[], AppContext], *, last_login: str | None = None,
                 automation: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._automation = automation  # start the automation engine once logged in
        self._open_context = open_context
        self._last_login = last_login
        self._worker = Worker(self)
        self.ctx: AppContext | None = None
        self.first_window: QWidget | None = None
        self.current_window: QWidget | None = None
        self.main_window: QWidget | None = None
        self.automation = None  # the AutomationHost, once logged in with automation=True
        self.notifications = None  # the NotificationHub (pop-ups, tray), likewise
        self._painted = False

    def start(self) -> None:
        self._worker.submit(lambda: _open_and_probe(self._open_context),
                            self._on_opened, self._on_open_failed)
        # Something on screen at once, whatever the base holds: most starts end at this
        # dialog; on a base without a firm yet it gives way to the wizard when the base is open.
        from themisia_desktop.gui.login_dialog import LoginDialog

        self._show(LoginDialog(None, last_login=self._last_login))

    # -- windows -------------------------------------------------------------------------------
    def _show(self, window: QWidget) -> None:
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.first_window is None:
            self.first_window = window
        if not self._painted:
            # Watch every window shown until one is painted: when the base opens very fast,
            # the first window may give way to the next before it was ever painted.
            probe = FirstPaintProbe(window)
            probe.painted.connect(self._first_paint_seen)
        previous, self.current_window = self.current_window, window
        window.show()
        if previous is not None:  # closed after the new one is up, so the app does not quit
            previous.close()

    def _first_paint_seen(self, at: float) -> None:
        if self._painted:
            return
        self._painted = True
        self.first_painted.emit(at)
        QTimer.singleShot(0, self, self._import_deferred)

    @staticmethod
    def _import_deferred() -> None:
        for name in _DEFERRED_MODULES:
            importlib.import_module(name)

    # -- database ------------------------------------------------------------------------------
    def _on_opened(self, result: tuple[AppContext, bool, str | None]) -> None:
        ctx, initialised, name = result
        self.ctx = ctx
        from themisia_desktop.gui.login_dialog import LoginDialog

        current = self.current_window
        if initialised:
            if isinstance(current, LoginDialog):
                current.attach(ctx, name)
            else:
                current = LoginDialog(ctx, name)
                self._show(current)
            current.logged_in.connect(self.open_main_window)
        else:
            from themisia_desktop.gui.first_start_wizard import FirstStartWizard

            wizard = FirstStartWizard(ctx)
            wizard.completed.connect(self.open_main_window)
            self._show(wizard)
        self.ready.emit()

    def _on_open_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ThemisiaError):
            detail = str(exc)
        else:
            detail = f"{type(exc).__name__} : {exc}"
        if self.current_window is not None:
            self.current_window.hide()
        self.failed.emit(f"Impossible d'ouvrir la base de données.\n\n{detail}")

    def open_main_window(self, user: UserInfo) -> QWidget:
        from themisia_desktop.gui.main_window import MainWindow

        assert self.ctx is not None
        self.ctx.current_user = user
        window = MainWindow(self.ctx, user)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.main_window = window
        window.show()
        if self._automation:
            from themisia_desktop.gui.automation_host import AutomationHost

            self.automation = AutomationHost(self.ctx, window)
            window.destroyed.connect(self.automation.stop)
            self.automation.start()
            from themisia_desktop.gui.notify.install import install_notifications

            self.notifications = install_notifications(window, self.ctx, user.id)
        self.main_window_opened.emit(window)
        return window
