"""Plug the notifications into a main window: the poller, the pop-ups and the tray icon.

Call once the user is logged in::

    hub = install_notifications(window, ctx, ctx.current_user.id)

Everything is a child of the window and stops with it. A click on a pop-up opens its record
and marks it read; the tray shows the unread count; the notification centre (the
« Notifications » area page) finds the hub through :func:`hub_of` to mark things read, so the
tray follows, and reloads when notifications arrive.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from themisia_desktop.core.notify.notifications import NotificationInfo
from themisia_desktop.gui.notify.notification_hub import NotificationHub
from themisia_desktop.gui.notify.open_record import open_record
from themisia_desktop.gui.notify.toasts import ToastManager
from themisia_desktop.gui.notify.tray import TrayIcon

AREA_KEY = "notifications"


def hub_of(widget: QWidget) -> NotificationHub | None:
    """The hub installed on the window holding ``widget``, if any."""
    return widget.window().findChild(NotificationHub, "notification_hub",
                                     Qt.FindChildOption.FindDirectChildrenOnly)


def toasts_of(window: QWidget) -> ToastManager | None:
    return window.findChild(ToastManager, "toast_manager",
                            Qt.FindChildOption.FindDirectChildrenOnly)


def tray_of(window: QWidget) -> TrayIcon | None:
    return window.findChild(TrayIcon, "notification_tray",
                            Qt.FindChildOption.FindDirectChildrenOnly)


def install_notifications(window: QMainWindow, ctx, user_id: int, *,  # noqa: ANN001
                          interval_ms: int = 3000, toast_timeout_ms: int = 8000,
                          start: bool = True) -> NotificationHub:
    """Create and connect the hub, the pop-ups and the tray icon of ``window``; start polling
    unless ``start`` is False. Returns the hub (``hub_of(window)`` finds it again)."""
    hub = NotificationHub(ctx, user_id, window, interval_ms=interval_ms)
    toasts = ToastManager(window, timeout_ms=toast_timeout_ms)
    tray = TrayIcon(window)

    def activated(info: NotificationInfo) -> None:
        hub.mark_read([info.id])
        open_record(ctx, info.entity_type, info.entity_id, window)

    def show_centre() -> None:
        select_area = getattr(window, "select_area", None)
        if callable(select_area):
            try:
                select_area(AREA_KEY)
            except StopIteration:  # a window without that area
                return
        tray.restore_window()

    hub.new_notifications.connect(toasts.show_notifications)
    hub.unread_changed.connect(tray.set_count)
    toasts.activated.connect(activated)
    toasts.more_clicked.connect(show_centre)
    hub.failed.connect(lambda message: window.statusBar().showMessage(message, 6000))
    if start:
        hub.start()
    return hub
