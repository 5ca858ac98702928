"""The screen of one matter: header (reference, title, client, status badge, responsible),
the money banner, « Modifier… » and « Changer de statut », and the tabs of every module.

The header is one read on the screen's worker; each tab is built the first time it is shown,
from :data:`MATTER_TABS` ("module:callable", imported then). A tab factory has the signature
``build_x_tab(ctx, matter_id: int, parent: QWidget) -> QWidget``; its widget may have a
``changed`` signal (emitted after a write: the screen reloads its header and calls
``reload()`` on the other tabs built so far).
"""

from __future__ import annotations

import importlib

import shiboken6

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QMenu, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from themisia_desktop.core.contacts.card import fr_date
from themisia_desktop.core.matters.queries import load_matter
from themisia_desktop.core.matters.schema import MatterView
from themisia_desktop.core.matters.service import change_matter_status
from themisia_desktop.core.models.enums import MatterStatus
from themisia_desktop.core.money import format_eur
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker

MATTER_TABS: tuple[tuple[str, str], ...] = (
    ("Parties", "themisia_desktop.gui.matters.parties_tab:build_parties_tab"),
    ("Temps", "themisia_desktop.gui.matters.time_tab:build_time_tab"),
    ("Frais", "themisia_desktop.gui.matters.expenses_tab:build_expenses_tab"),
    ("Factures", "themisia_desktop.gui.finance.invoices_tab:build_invoices_tab"),
    ("Provisions", "themisia_desktop.gui.matters.provisions_tab:build_provisions_tab"),
    ("Tâches", "themisia_desktop.gui.calendar.matter_tasks_tab:build_tasks_tab"),
    ("Échéances", "themisia_desktop.gui.calendar.deadlines_tab:build_deadlines_tab"),
    ("Documents", "themisia_desktop.gui.documents.documents_tab:build_documents_tab"),
    ("Journal", "themisia_desktop.gui.matters.journal_tab:build_journal_tab"),
)

STATUS_COLOURS = {
    MatterStatus.OPEN: ("#1e6b34", "#dff3e4"),
    MatterStatus.PENDING: ("#7a5200", "#fff1cc"),
    MatterStatus.CLOSED: ("#3d4552", "#e4e7ec"),
    MatterStatus.ARCHIVED: ("#3d4552", "#e4e7ec"),
}
BANNER = (("encours", "Encours (non facturé)"), ("unbilled_time", "dont temps"),
          ("unbilled_expenses", "dont frais"), ("solde_du", "Facturé non réglé"),
          ("creances_douteuses", "Créances douteuses"),
          ("provisions_received", "Provisions reçues"),
          ("provisions_expected", "Provisions attendues"))
# Retainers are not fee payments: a rule sets them apart from the fee figures.
PROVISION_KEYS = ("provisions_received", "provisions_expected")


def _factory(spec: str):  # noqa: ANN202
    """The tab factory named by ``spec``, or None while its module does not exist yet."""
    module_name, _sep, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            return None
        raise
    return getattr(module, attr)


class MatterScreen(QWidget):
    """One matter. ``loaded`` after each header read; ``changed`` after a write from here or
    from a tab (a list showing the matter can refresh)."""

    loaded = Signal()
    changed = Signal()
    failed = Signal(str)

    def __init__(self, ctx, matter_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self.matter_id = matter_id
        self.view: MatterView | None = None
        self.edit_dialog = None
        self._worker = Worker(self)
        self._built: dict[int, QWidget] = {}
        self.setWindowTitle("Dossier")
        self._build()
        self.reload()
        self.tabs.currentChanged.connect(self._ensure_tab)
        self._ensure_tab(self.tabs.currentIndex())

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.reference_label = QLabel("Chargement…", self)
        self.reference_label.setFont(big)
        self.title_label = QLabel("", self)
        self.title_label.setFont(big)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("statusBadge")
        self.client_label = QLabel("", self)
        self.client_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.responsible_label = QLabel("", self)
        self.dates_label = QLabel("", self)
        for label in (self.responsible_label, self.dates_label):
            label.setStyleSheet("color: #5a6270;")

        self.edit_button = QPushButton("Modifier…", self)
        self.edit_button.clicked.connect(self.open_edit_dialog)
        self.status_button = QPushButton("Changer de statut", self)  # leaves room for the arrow
        self.status_menu = QMenu(self.status_button)
        self.status_button.setMenu(self.status_menu)
        self.reload_button = QPushButton("Actualiser", self)
        self.reload_button.clicked.connect(self.reload_all)
        for widget in (self.edit_button, self.status_button):
            widget.setEnabled(False)

        title = QHBoxLayout()
        title.addWidget(self.reference_label)
        title.addSpacing(8)
        title.addWidget(self.title_label, 1)
        title.addWidget(self.status_label)
        title.addSpacing(12)
        title.addWidget(self.reload_button)
        title.addWidget(self.status_button)
        title.addWidget(self.edit_button)
        sub = QHBoxLayout()
        sub.addWidget(self.client_label)
        sub.addWidget(QLabel("·", self))
        sub.addWidget(self.responsible_label)
        sub.addWidget(QLabel("·", self))
        sub.addWidget(self.dates_label, 1)

        self.error_label = QLabel("", self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a61b1b;")
        self.error_label.hide()

        self.banner = QFrame(self)
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet("#banner { background: #f3f5f8; border: 1px solid #d5dae1; "
                                  "border-radius: 4px; }")
        grid = QGridLayout(self.banner)
        grid.setContentsMargins(16, 8, 16, 8)
        grid.setHorizontalSpacing(32)
        value_font = QFont(self.font())
        value_font.setPointSizeF(value_font.pointSizeF() * 1.3)
        value_font.setBold(True)
        self.banner_values: dict[str, QLabel] = {}
        column = 0
        for key, caption in BANNER:
            if key == PROVISION_KEYS[0]:
                rule = QFrame(self.banner)
                rule.setFrameShape(QFrame.Shape.VLine)
                rule.setStyleSheet("color: #d5dae1;")
                grid.addWidget(rule, 0, column, 2, 1)
                column += 1
            caption_label = QLabel(caption, self.banner)
            caption_label.setStyleSheet("color: #5a6270;")
            value = QLabel("—", self.banner)
            value.setFont(value_font)
            grid.addWidget(caption_label, 0, column)
            grid.addWidget(value, 1, column)
            self.banner_values[key] = value
            column += 1
        grid.setColumnStretch(column, 1)

        self.tabs = QTabWidget(self)
        for name, _spec in MATTER_TABS:
            self.tabs.addTab(QWidget(self.tabs), name)

        layout = QVBoxLayout(self)
        layout.addLayout(title)
        layout.addLayout(sub)
        layout.addWidget(self.error_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

    # -- state -----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """A read or write of the screen or of one of its built tabs is running."""
        return self._worker.busy or any(bool(getattr(w, "busy", False))
                                        for w in self._built.values())

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _actor(self) -> int | None:
        user = getattr(self._ctx, "current_user", None)
        return user.id if user is not None else None

    # -- tabs ------------------------------------------------------------------------------
    def tab(self, name: str) -> QWidget | None:
        """The built widget of a tab (building it if needed), by its title."""
        for index, (title, _spec) in enumerate(MATTER_TABS):
            if title == name:
                self._ensure_tab(index)
                return self._built.get(index)
        return None

    def _ensure_tab(self, index: int) -> None:
        if index < 0 or index in self._built:
            return
        title, spec = MATTER_TABS[index]
        factory = _factory(spec)
        page = self.tabs.widget(index)
        if factory is None:
            widget: QWidget = QLabel(f"L'onglet « {title} » sera disponible dans une prochaine "
                                     "version.", page)
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            widget.setStyleSheet("color: #5a6270;")
        else:
            widget = factory(self._ctx, self.matter_id, page)
            signal = getattr(widget, "changed", None)
            if signal is not None:
                signal.connect(lambda *_args, source=widget: self._tab_changed(source))
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(widget)
        self._built[index] = widget

    def _tab_changed(self, source: QWidget) -> None:
        self.reload()
        for widget in self._built.values():
            if widget is not source and callable(getattr(widget, "reload", None)):
                widget.reload()
        self.changed.emit()

    def reload_all(self) -> None:
        self.reload()
        for widget in self._built.values():
            if callable(getattr(widget, "reload", None)):
                widget.reload()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the header and banner again (on the worker)."""
        ctx, mid = self._ctx, self.matter_id
        today = ctx.clock.today()

        def failed(exc: BaseException) -> None:
            self._show_error(error_text(exc))
            self.failed.emit(error_text(exc))

        self._worker.submit_latest("view", lambda: load_matter(ctx.db, mid, today), self._apply,
                                   failed)

    def _apply(self, view: MatterView) -> None:
        self.view = view
        self.setWindowTitle(f"Dossier {view.reference} — {view.title}")
        self.reference_label.setText(view.reference)
        self.title_label.setText(view.title)
        fg, bg = STATUS_COLOURS.get(view.status, ("#333", "#eee"))
        self.status_label.setText(view.status_label)
        self.status_label.setStyleSheet(f"padding: 2px 10px; border-radius: 8px; "
                                        f"background: {bg}; color: {fg}; font-weight: bold;")
        self.client_label.setText(f"Client : {view.client_name}")
        team = ", ".join(name for _id, name in view.assignees)
        self.responsible_label.setText(f"Responsable : {view.responsible_name}"
                                       + (f" — équipe : {team}" if team else ""))
        dates = [f"ouvert le {fr_date(view.opened_on)}"]
        if view.closed_on:
            dates.append(f"clôturé le {fr_date(view.closed_on)}")
        if view.archived_on:
            dates.append(f"archivé le {fr_date(view.archived_on)}")
        if view.domain:
            dates.insert(0, view.domain)
        self.dates_label.setText(" · ".join(dates))
        banner = view.banner
        for key, label in self.banner_values.items():
            amount = getattr(banner, key)
            label.setText(format_eur(amount))
        self.banner_values["creances_douteuses"].setStyleSheet(
            "color: #a61b1b;" if banner.creances_douteuses > 0 else "")
        self._fill_status_menu(view)
        self.edit_button.setEnabled(view.status != MatterStatus.ARCHIVED)
        self._show_error("")
        self.loaded.emit()

    # -- status ----------------------------------------------------------------------------
    def _fill_status_menu(self, view: MatterView) -> None:
        self.status_menu.clear()
        for status in view.transitions:
            text = "Rouvrir" if view.status == MatterStatus.CLOSED and \
                status == MatterStatus.OPEN else status.label
            action = QAction(text, self.status_menu)
            action.setData(status.value)
            action.triggered.connect(lambda _c=False, s=status.value: self.change_status(s))
            self.status_menu.addAction(action)
        self.status_button.setEnabled(bool(view.transitions))

    def status_actions(self) -> list[QAction]:
        return list(self.status_menu.actions())

    def change_status(self, new_status: str) -> None:
        ctx, mid, actor = self._ctx, self.matter_id, self._actor()
        self._show_error("")
        self.status_button.setEnabled(False)

        def done(_status: MatterStatus) -> None:
            self._tab_changed(None)  # type: ignore[arg-type]

        def failed(exc: BaseException) -> None:
            self.status_button.setEnabled(True)
            self._show_error(error_text(exc))

        self._worker.submit(
            lambda: change_matter_status(ctx.db, ctx.clock, mid, new_status, user_id=actor),
            done, failed)

    # -- edit ------------------------------------------------------------------------------
    def open_edit_dialog(self):  # noqa: ANN201
        from themisia_desktop.gui.matters.edit_matter_dialog import EditMatterDialog

        # The previous dialog, long idle, is freed now rather than as soon as it closed: a
        # dialog deleted right after its last job answered races with the pool thread
        # releasing that job (a crash in PySide, seen in the tests).
        if self.edit_dialog is not None and shiboken6.isValid(self.edit_dialog):
            self.edit_dialog.deleteLater()
        dialog = EditMatterDialog(self._ctx, self.matter_id, self)
        dialog.saved.connect(lambda: self._tab_changed(None))  # type: ignore[arg-type]
        self.edit_dialog = dialog
        dialog.open()
        return dialog


def open_matter_screen(ctx, matter_id: int, parent: QWidget | None = None) -> MatterScreen:  # noqa: ANN001
    """Show a matter in its own window (deleted when closed)."""
    screen = MatterScreen(ctx, matter_id, parent)
    screen.setWindowFlag(Qt.WindowType.Window, True)
    screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    screen.resize(1280, 740)
    screen.show()
    return screen
