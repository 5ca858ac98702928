"""``themisia`` / ``python -m themisia_desktop``: build the application and run it."""

from __future__ import annotations

import argparse
import logging
import sys
import time

import shiboken6
from PySide6.QtCore import QLibraryInfo, QLocale, QThreadPool, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from themisia_desktop import APP_AUTHOR, APP_NAME, __version__

log = logging.getLogger(__name__)

STYLE_SHEET = "style.qss"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="themisia", description="Themisia — gestion de cabinet d'avocats.")
    parser.add_argument(
        "--db", metavar="URL_OU_CHEMIN",
        help="base à ouvrir : URL SQLAlchemy (postgresql://…) ou chemin d'un fichier SQLite "
             "(par défaut : celle des réglages, sinon le fichier du dossier utilisateur)")
    parser.add_argument(
        "--smoke-test", action="store_true",
        help="contrôle de livraison : se connecte avec THEMISIA_SMOKE_LOGIN et "
             "THEMISIA_SMOKE_PASSWORD, affiche la fenêtre principale puis quitte")
    parser.add_argument(
        "--measure-startup", action="store_true",
        help="affiche le temps jusqu'au premier affichage (first-paint-ms) puis quitte")
    return parser


def configure_application(app: QApplication) -> None:
    """Name, French locale and translations, style. Safe to call on an existing app."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    translator = QTranslator(app)
    if translator.load(QLocale(), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    app.setStyle("Fusion")
    app.setStyleSheet(load_style_sheet())
    app.setWindowIcon(load_icon())


def load_icon() -> QIcon:
    from themisia_desktop.core.paths import resources_dir

    try:
        return QIcon(str(resources_dir() / "icons" / "themisia.png"))
    except FileNotFoundError as exc:
        log.warning("application icon not found: %s", exc)
        return QIcon()


def load_style_sheet() -> str:
    from themisia_desktop.core.paths import ui_dir

    try:
        return (ui_dir() / STYLE_SHEET).read_text(encoding="utf-8")
    except OSError as exc:  # a missing style sheet must not keep the app from starting
        log.warning("style sheet not loaded: %s", exc)
        return ""


def _fatal(message: str, *, interactive: bool) -> int:
    print(message, file=sys.stderr)
    if interactive:
        QMessageBox.critical(None, "Themisia", message)
    return 1


def run(argv: list[str], *, t0: float | None = None) -> int:
    """Run the GUI; return the process exit code. ``t0`` is the ``perf_counter()`` taken
    as early as possible in the process (for ``--measure-startup``)."""
    t0 = time.perf_counter() if t0 is None else t0
    args, qt_args = build_parser().parse_known_args(argv[1:])
    headless = args.smoke_test or args.measure_startup

    if args.smoke_test:
        from themisia_desktop.gui.smoke import credentials, missing_credentials_message

        if credentials() is None:
            print(missing_credentials_message(), file=sys.stderr)
            return 2

    app = QApplication.instance() or QApplication([argv[0] if argv else "themisia", *qt_args])
    configure_application(app)

    if args.smoke_test:
        return _run_smoke_test(app, args.db)

    from themisia_desktop.core.paths import UserDirs
    from themisia_desktop.core.settings import LocalSettings
    from themisia_desktop.gui.startup import StartupFlow

    dirs = UserDirs.default()
    settings = LocalSettings.load(dirs.config / "settings.json")

    def open_context():  # runs on a worker thread
        from themisia_desktop.context import AppContext

        return AppContext.open(args.db, dirs=dirs)

    flow = StartupFlow(open_context, last_login=settings.last_login,
                       automation=not args.measure_startup)
    outcome: dict[str, int] = {}

    def failed(message: str) -> None:
        outcome["code"] = _fatal(message, interactive=not headless)
        app.exit(1)

    flow.failed.connect(failed)
    if args.measure_startup:
        _report_startup(app, flow, t0)
    try:
        flow.start()
        code = app.exec()
        return outcome.get("code", code)
    finally:
        if flow.automation is not None and shiboken6.isValid(flow.automation):
            flow.automation.stop()
        if flow.notifications is not None and shiboken6.isValid(flow.notifications):
            flow.notifications.stop()  # no new poll once the pool has drained
        QThreadPool.globalInstance().waitForDone()
        if flow.ctx is not None:
            flow.ctx.close()


def _report_startup(app: QApplication, flow, t0: float) -> None:  # noqa: ANN001
    """Print when the first window was painted and when it became usable, then quit."""
    seen: set[str] = set()

    def mark(what: str, at: float) -> None:
        print(f"{what}-ms: {(at - t0) * 1000:.1f}", flush=True)
        seen.add(what)
        if seen == {"first-paint", "ready"}:
            app.exit(0)

    flow.first_painted.connect(lambda at: mark("first-paint", at))
    flow.ready.connect(lambda: mark("ready", time.perf_counter()))


def _run_smoke_test(app: QApplication, db: str | None) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from themisia_desktop.context import AppContext
    from themisia_desktop.core.errors import ThemisiaError
    from themisia_desktop.gui.smoke import run_smoke_test

    try:
        ctx = AppContext.open(db)
    except (ThemisiaError, SQLAlchemyError, OSError) as exc:
        return _fatal(f"smoke-test: cannot open the database: {exc}", interactive=False)
    try:
        return run_smoke_test(app, ctx)
    finally:
        QThreadPool.globalInstance().waitForDone()
        ctx.close()
