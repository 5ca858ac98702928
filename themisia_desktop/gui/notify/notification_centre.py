"""The « Notifications » area: the user's notifications (newest first, unread in bold) with
« Marquer comme lu » and « Tout marquer comme lu », the tracking of the e-mails Themisia sends,
and the user's choice of pop-up or e-mail per kind of notification."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from themisia_desktop.core.notify import notifications as core
from themisia_desktop.core.notify.notifications import NotificationInfo
from themisia_desktop.gui.notify.install import hub_of
from themisia_desktop.gui.notify.open_record import open_record
from themisia_desktop.gui.notify.outbox_tab import OutboxTab
from themisia_desktop.gui.notify.preferences_tab import PreferencesTab
from themisia_desktop.gui.notify.texts import kind_text, unread_text, when_text
from themisia_desktop.gui.tables import LEFT, RowsModel, error_text, make_table
from themisia_desktop.gui.worker import Worker

HEADERS = ("Date", "Type", "Notification", "Détail", "État")
WIDTHS = (195, 250, 340, 250, 70)
LIST_LIMIT = 200


class NotificationsModel(RowsModel):
    """Rows of notifications; the unread ones in bold."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(HEADERS, (LEFT,) * len(HEADERS), parent)
        self.unread_rows: set[int] = set()

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() \
                and index.row() in self.unread_rows:
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


def notification_row(n: NotificationInfo) -> tuple[str, ...]:
    return (when_text(n.created_at), kind_text(n.kind), n.title,
            " ".join((n.body or "").split()), "Lue" if n.read_at else "Non lue")


class NotificationCentre(QWidget):
    """The area page. ``loaded()`` after each reload of the list."""

    loaded = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self.user_id = ctx.current_user.id
        self._worker = Worker(self)
        self._hub = None
        self.items: list[NotificationInfo] = []
        self.opened_window: QWidget | None = None  # the last screen opened from here

        title = QLabel("Notifications", self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        self.unread_label = QLabel("", self)
        self.unread_label.setObjectName("unread_label")
        self.unread_label.setStyleSheet("color: #5a6270;")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(16)
        head.addWidget(self.unread_label, 1, Qt.AlignmentFlag.AlignBottom)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_list(), "Mes notifications")
        self.outbox_tab = OutboxTab(ctx, self)
        self.tabs.addTab(self.outbox_tab, "Suivi des e-mails")
        self.preferences_tab = PreferencesTab(ctx, self.user_id, self)
        self.tabs.addTab(self.preferences_tab, "Mes préférences")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        self.reload()

    def _build_list(self) -> QWidget:
        page = QWidget(self)
        self.open_button = QPushButton("Ouvrir la fiche", page)
        self.open_button.clicked.connect(self.open_selected)
        self.mark_button = QPushButton("Marquer comme lu", page)
        self.mark_button.clicked.connect(self.mark_selected_read)
        self.mark_all_button = QPushButton("Tout marquer comme lu", page)
        self.mark_all_button.clicked.connect(self.mark_all_read)
        self.reload_button = QPushButton("Actualiser", page)
        self.reload_button.clicked.connect(self.reload)
        for button in (self.open_button, self.mark_button, self.mark_all_button):
            button.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.open_button)
        bar.addWidget(self.mark_button)
        bar.addWidget(self.mark_all_button)
        bar.addStretch(1)
        bar.addWidget(self.reload_button)

        self.model = NotificationsModel(page)
        self.table = make_table(page, self.model, WIDTHS, stretch=2)
        self.table.setObjectName("notifications_table")
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection())
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.message_label = QLabel("", page)
        self.message_label.setWordWrap(True)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message_label)
        return page

    # -- hub (pop-ups and tray of the main window) -----------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._attach_hub()

    def _attach_hub(self) -> None:
        if self._hub is not None:
            return
        hub = hub_of(self)
        if hub is not None:
            self._hub = hub
            hub.new_notifications.connect(self._hub_news)
            hub.unread_changed.connect(self._hub_news)

    def _hub_news(self, *_args: object) -> None:
        self.reload()

    def _tell_hub(self) -> None:
        if self._hub is not None:
            self._hub.poll_now()

    # -- list --------------------------------------------------------------------------------
    def reload(self) -> None:
        db, user_id = self._ctx.db, self.user_id
        self._worker.submit_latest(
            "list", lambda: core.recent_for(db, user_id, limit=LIST_LIMIT), self._show,
            self._failed)

    def _show(self, items: list[NotificationInfo]) -> None:
        selected = self.selected()
        self.items = items
        self.model.unread_rows = {row for row, n in enumerate(items) if n.read_at is None}
        self.model.set_rows([(n.id, notification_row(n)) for n in items],
                            [n.body or n.title for n in items])
        if selected is not None:
            for row, n in enumerate(items):
                if n.id == selected.id:
                    self.table.selectRow(row)
        unread = len(self.model.unread_rows)
        self.unread_label.setText(unread_text(unread))
        self.mark_all_button.setEnabled(unread > 0)
        if not items:
            self.message_label.setStyleSheet("color: #5a6270;")
            self.message_label.setText("Aucune notification pour le moment.")
        elif self.message_label.text() == "Aucune notification pour le moment.":
            self.message_label.setText("")
        self._selection()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.message_label.setStyleSheet("color: #a61b1b;")
        self.message_label.setText(error_text(exc))

    def selected(self) -> NotificationInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        nid = self.model.row_id(rows[0].row())
        return next((n for n in self.items if n.id == nid), None)

    def _selection(self) -> None:
        n = self.selected()
        self.mark_button.setEnabled(n is not None and n.read_at is None)
        self.open_button.setEnabled(n is not None and n.entity_type is not None
                                    and n.entity_id is not None)

    # -- actions -----------------------------------------------------------------------------
    def _after_mark(self, _count: int) -> None:
        self.reload()
        self._tell_hub()

    def mark_selected_read(self) -> None:
        n = self.selected()
        if n is None or n.read_at is not None:
            return
        db, clock, user_id = self._ctx.db, self._ctx.clock, self.user_id
        self.mark_button.setEnabled(False)
        self._worker.submit(lambda: core.mark_read(db, clock, user_id, [n.id]),
                            self._after_mark, self._failed)

    def mark_all_read(self) -> None:
        db, clock, user_id = self._ctx.db, self._ctx.clock, self.user_id
        self.mark_all_button.setEnabled(False)
        self._worker.submit(lambda: core.mark_all_read(db, clock, user_id),
                            self._after_mark, self._failed)

    def open_selected(self) -> None:
        n = self.selected()
        if n is None:
            return
        if n.read_at is None:
            db, clock, user_id = self._ctx.db, self._ctx.clock, self.user_id
            self._worker.submit(lambda: core.mark_read(db, clock, user_id, [n.id]),
                                self._after_mark, self._failed)
        open_record(self._ctx, n.entity_type, n.entity_id, self, self._opened)

    def _opened(self, widget: QWidget | None, why: str | None) -> None:
        self.opened_window = widget
        if widget is None and why:
            self.message_label.setStyleSheet("color: #5a6270;")
            self.message_label.setText(why)


def build_notifications_page(ctx) -> QWidget:  # noqa: ANN001
    """The page of the « Notifications » area (AREAS factory)."""
    return NotificationCentre(ctx)
