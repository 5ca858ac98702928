"""The system-tray icon: the unread count painted on the application icon, a tooltip such as
« 3 notifications non lues », and a click that brings the main window back.

Where the desktop has no system tray (offscreen, some Linux desktops) the icon is not shown,
but the count, the tooltip and the painted icon are still kept here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from themisia_desktop.gui.notify.texts import unread_text

ICON_SIZE = 64


def _base_pixmap(icon: QIcon) -> QPixmap:
    if not icon.isNull():
        pixmap = icon.pixmap(ICON_SIZE, ICON_SIZE)
        if not pixmap.isNull():
            return pixmap
    # No application icon: a plain badge with the initial of the application.
    pixmap = QPixmap(ICON_SIZE, ICON_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#2f6db3"))
    painter.drawRoundedRect(QRect(2, 2, ICON_SIZE - 4, ICON_SIZE - 4), 12, 12)
    painter.setPen(QColor("#ffffff"))
    font = QFont()
    font.setPixelSize(40)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "T")
    painter.end()
    return pixmap


def badge_icon(base: QIcon, count: int) -> QIcon:
    """``base`` with a red disc holding ``count`` (« 99+ » above 99) at the top right."""
    pixmap = _base_pixmap(base)
    if count <= 0:
        return QIcon(pixmap)
    text = str(count) if count < 100 else "99+"
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    size = ICON_SIZE // 2 + (8 if len(text) > 2 else 0)
    disc = QRect(ICON_SIZE - size, 0, size, ICON_SIZE // 2)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#d32f2f"))
    painter.drawRoundedRect(disc, ICON_SIZE // 4, ICON_SIZE // 4)
    font = QFont()
    font.setPixelSize(22 if len(text) < 3 else 17)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class TrayIcon(QObject):
    """Tray icon of a main window (and child of it, so it goes with it)."""

    def __init__(self, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self.setObjectName("notification_tray")
        self._window = window
        base = window.windowIcon()
        self._base = base if not base.isNull() else QApplication.windowIcon()
        self.count = 0
        self.tooltip = unread_text(0)
        self.icon = badge_icon(self._base, 0)
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray: QSystemTrayIcon | None = None
        if self.available:
            self.tray = QSystemTrayIcon(self.icon, self)
            self.tray.setToolTip(f"Themisia — {self.tooltip}")
            self.tray.activated.connect(self._on_activated)
            self.tray.show()

    def set_count(self, count: int) -> None:
        self.count = max(count, 0)
        self.tooltip = unread_text(self.count)
        self.icon = badge_icon(self._base, self.count)
        if self.tray is not None:
            self.tray.setIcon(self.icon)
            self.tray.setToolTip(f"Themisia — {self.tooltip}")

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.restore_window()

    def restore_window(self) -> None:
        """Bring the main window back from the task bar (minimised or hidden)."""
        window = self._window
        if window.isMinimized():
            window.showNormal()
        else:
            window.show()
        window.raise_()
        window.activateWindow()

    def hide(self) -> None:
        if self.tray is not None:
            self.tray.hide()
