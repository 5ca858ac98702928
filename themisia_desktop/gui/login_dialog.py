"""The login dialog: identifiant + mot de passe, checked by core off the GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

from themisia_desktop.core.errors import ThemisiaError
from themisia_desktop.gui.forms.ui_login_dialog import Ui_LoginDialog
from themisia_desktop.gui.busy_guard import CloseWhenIdle
from themisia_desktop.gui.worker import Worker

if TYPE_CHECKING:  # the core modules load SQLAlchemy: not needed to paint the dialog
    from themisia_desktop.context import AppContext
    from themisia_desktop.core.firm.users import UserInfo

UNEXPECTED = "La connexion a échoué : {error}"
OPENING = "Ouverture de la base…"
CHECKING = "Vérification…"


class LoginDialog(CloseWhenIdle, QDialog):
    """Emits ``logged_in(UserInfo)`` then closes (accepted) when the credentials are right.

    It may be shown before the database is open (``ctx=None``, start-up): the user can type
    meanwhile; ``attach(ctx, firm_name)`` makes it usable, and a click on « Se connecter »
    made before that is carried out then.
    """

    logged_in = Signal(object)

    def __init__(self, ctx: AppContext | None, firm_name: str | None = None, *,
                 last_login: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx: AppContext | None = None
        self._submit_when_attached = False
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self._worker = Worker(self)
        self.ui.connect_button.clicked.connect(self.submit)
        self.ui.quit_button.clicked.connect(self.reject)
        self.ui.login_edit.textEdited.connect(self._clear_error)
        self.ui.password_edit.textEdited.connect(self._clear_error)
        last = ctx.settings.last_login if ctx is not None else last_login
        if last:
            self.ui.login_edit.setText(last)
            self.ui.password_edit.setFocus()
        else:
            self.ui.login_edit.setFocus()
        if ctx is None:
            self.ui.busy_label.setText(OPENING)
            self.ui.busy_label.setVisible(True)
            self.ui.firm_label.setVisible(False)
        else:
            self.attach(ctx, firm_name)

    def attach(self, ctx: AppContext, firm_name: str | None) -> None:
        """The database is open: show the firm and accept logins."""
        self._ctx = ctx
        self.ui.firm_label.setText(firm_name or "")
        self.ui.firm_label.setVisible(bool(firm_name))
        self.ui.busy_label.setVisible(False)
        if self._submit_when_attached:
            self._submit_when_attached = False
            self.submit()

    @property
    def attached(self) -> bool:
        return self._ctx is not None

    # -- state -------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._worker.busy

    def error_text(self) -> str:
        return self.ui.error_label.text() if self.ui.error_label.isVisible() else ""

    def _set_busy(self, busy: bool) -> None:
        for w in (self.ui.login_edit, self.ui.password_edit, self.ui.connect_button):
            w.setEnabled(not busy)
        self.ui.busy_label.setText(CHECKING)
        self.ui.busy_label.setVisible(busy)

    def _show_error(self, message: str) -> None:
        self.ui.error_label.setText(message)
        self.ui.error_label.setVisible(True)

    def _clear_error(self) -> None:
        self.ui.error_label.setVisible(False)

    # -- actions -----------------------------------------------------------------------------
    def submit(self) -> None:
        if self.busy:
            return
        if self._ctx is None:
            self._submit_when_attached = True
            return
        from themisia_desktop.core.firm.users import authenticate, normalise_login

        login = normalise_login(self.ui.login_edit.text())
        password = self.ui.password_edit.text()
        if not login or not password:
            self._show_error("Saisissez votre identifiant et votre mot de passe.")
            (self.ui.login_edit if not login else self.ui.password_edit).setFocus()
            return
        self._clear_error()
        self._set_busy(True)
        ctx = self._ctx

        def work() -> UserInfo:
            user = authenticate(ctx.db, ctx.clock, login, password)
            if ctx.settings.last_login != user.login:
                ctx.settings.last_login = user.login
                ctx.save_settings()
            return user

        self._worker.submit(work, self._on_success, self._on_failure)

    def _on_success(self, user: UserInfo) -> None:
        self._set_busy(False)
        self.logged_in.emit(user)
        self.accept()

    def _on_failure(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ThemisiaError):
            self._show_error(str(exc))
        else:
            self._show_error(UNEXPECTED.format(error=exc))
        self.ui.password_edit.clear()
        self.ui.password_edit.setFocus()
