"""The main window: navigation on the left, the current area on the right."""

from __future__ import annotations

import html
import importlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidgetItem, QMainWindow, QMessageBox, QWidget

from themisia_desktop import __version__
from themisia_desktop.context import AppContext
from themisia_desktop.core.firm.setup import firm_name
from themisia_desktop.core.firm.users import UserInfo
from themisia_desktop.gui.areas import AREAS, AreaSpec
from themisia_desktop.gui.forms.ui_main_window import Ui_MainWindow

ABOUT_TEXT = (
    "<h3>Themisia {version}</h3>"
    "<p>Gestion de cabinet d'avocats : contacts et clients, dossiers, agenda, "
    "automatisations.</p>"
    "<p>Base de données : {database}</p>"
)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, user: UserInfo, *, firm: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._user = user
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.firm = firm if firm is not None else (firm_name(ctx.db) or "")
        self.setWindowTitle(f"Themisia — {self.firm}" if self.firm else "Themisia")
        self.resize(1280, 720)  # fits a 1366×768 screen with its task bar

        self._pages: dict[str, QWidget] = {}
        for spec in AREAS:
            item = QListWidgetItem(spec.title, self.ui.navigation)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
        self.ui.navigation.currentRowChanged.connect(self._show_area)

        self.user_label = QLabel(f"Connecté : {user.full_name} — {user.category.label}")
        self.user_label.setObjectName("status_user")
        self.db_label = QLabel(f"Base : {ctx.db.describe()}")
        self.db_label.setObjectName("status_database")
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)

        self.ui.action_quit.triggered.connect(self.close)
        self.ui.action_about.triggered.connect(self.show_about)
        self.ui.navigation.setCurrentRow(0)

    # -- areas ---------------------------------------------------------------------------------
    def area_titles(self) -> list[str]:
        nav = self.ui.navigation
        return [nav.item(i).text() for i in range(nav.count())]

    def select_area(self, key: str) -> QWidget:
        row = next(i for i, spec in enumerate(AREAS) if spec.key == key)
        self.ui.navigation.setCurrentRow(row)
        return self.current_page()

    def current_page(self) -> QWidget:
        return self.ui.stack.currentWidget()

    def _show_area(self, row: int) -> None:
        if row < 0:
            return
        spec = AREAS[row]
        page = self._pages.get(spec.key)
        if page is None:
            page = self._build_page(spec)
            self._pages[spec.key] = page
            self.ui.stack.addWidget(page)
        self.ui.stack.setCurrentWidget(page)

    def _build_page(self, spec: AreaSpec) -> QWidget:
        module_name, _, attr = spec.factory.partition(":")
        factory = getattr(importlib.import_module(module_name), attr)
        return factory(self._ctx)

    # -- menu ----------------------------------------------------------------------------------
    def show_about(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, "À propos de Themisia",
                          ABOUT_TEXT.format(version=__version__,
                                            database=html.escape(self._ctx.db.describe())),
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box
