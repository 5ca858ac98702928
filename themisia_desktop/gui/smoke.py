"""``--smoke-test``: log in through core, open the main window, wait for its first paint.

Used to check a packaged build: it needs no user and no dialog, prints one line and exits 0,
or prints the reason to stderr and exits non-zero.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from themisia_desktop.context import AppContext
from themisia_desktop.core.errors import ThemisiaError
from themisia_desktop.core.firm.users import authenticate
from themisia_desktop.gui.paint_probe import FirstPaintProbe

LOGIN_ENV = "THEMISIA_SMOKE_LOGIN"
PASSWORD_ENV = "THEMISIA_SMOKE_PASSWORD"
SUCCESS_LINE = "smoke-test: main window painted"
PAINT_TIMEOUT_MS = 30_000

EXIT_NO_CREDENTIALS = 2
EXIT_LOGIN_FAILED = 3
EXIT_NOT_PAINTED = 4


def credentials() -> tuple[str, str] | None:
    login, password = os.environ.get(LOGIN_ENV), os.environ.get(PASSWORD_ENV)
    return (login, password) if login and password else None


def missing_credentials_message() -> str:
    return (f"Test de fumée : définissez les variables d'environnement {LOGIN_ENV} et "
            f"{PASSWORD_ENV} (identifiant et mot de passe d'un utilisateur de la base).")


def run_smoke_test(app: QApplication, ctx: AppContext) -> int:
    creds = credentials()
    if creds is None:
        print(missing_credentials_message(), file=sys.stderr)
        return EXIT_NO_CREDENTIALS
    try:
        user = authenticate(ctx.db, ctx.clock, *creds)
    except ThemisiaError as exc:
        print(f"smoke-test: login failed: {exc}", file=sys.stderr)
        return EXIT_LOGIN_FAILED
    ctx.current_user = user

    from themisia_desktop.gui.main_window import MainWindow

    window = MainWindow(ctx, user)
    probe = FirstPaintProbe(window)

    def painted(_at: float) -> None:
        print(SUCCESS_LINE, flush=True)
        app.exit(0)

    def too_late() -> None:
        print(f"smoke-test: main window not painted within {PAINT_TIMEOUT_MS} ms",
              file=sys.stderr)
        app.exit(EXIT_NOT_PAINTED)

    probe.painted.connect(painted)
    QTimer.singleShot(PAINT_TIMEOUT_MS, window, too_late)
    window.show()
    code = app.exec()
    window.close()
    window.deleteLater()
    return code
