"""Pop-ups at the bottom right of the screen for new notifications.

Each notification gets a small frameless window (it takes no focus and stays on top) stacked
above the task bar of the screen that shows the main window, the newest at the bottom. At most
``max_visible`` are shown; the older ones wait behind a « + 3 autres » line and come up when a
shown one goes. A pop-up hides itself after ``timeout_ms`` (paused while the mouse is over it),
has a close button, and a click on it emits ``activated`` with its notification.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QEnterEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from themisia_desktop.core.notify.notifications import NotificationInfo
from themisia_desktop.gui.notify.texts import kind_text, time_text

TOAST_FLAGS = (Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
               | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.WindowDoesNotAcceptFocus)
BODY_CHARS = 180

STYLE = """
QFrame#toast, QFrame#toast_more {
    background: #ffffff; border: 1px solid #b8c0cc; border-left: 4px solid #2f6db3;
}
QLabel#toast_kind { color: #5a6270; }
QLabel#toast_title { font-weight: bold; color: #1d2430; }
QLabel#toast_body { color: #333a45; }
QLabel#toast_more_label { color: #2f6db3; font-weight: bold; }
QToolButton#toast_close { border: none; color: #5a6270; padding: 0 4px; }
QToolButton#toast_close:hover { color: #1d2430; background: #e8ebf0; }
"""


def _shorten(text: str, limit: int = BODY_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _PopupFrame(QFrame):
    """A frameless window that hides itself after a while, paused while hovered."""

    clicked = Signal()
    expired = Signal()

    def __init__(self, parent: QWidget, width: int, timeout_ms: int) -> None:
        super().__init__(parent, TOAST_FLAGS)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(STYLE)
        self.setFixedWidth(width)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.expired)
        self._remaining: int | None = None  # left when the countdown was paused
        self.hovered = False

    # -- countdown -------------------------------------------------------------------------
    def start_countdown(self) -> None:
        if not self._timer.isActive() and not self.hovered:
            self._timer.start(self._remaining or self._timer.interval())
            self._remaining = None

    def restart_countdown(self) -> None:
        self._remaining = None
        self._timer.stop()
        self.start_countdown()

    def stop_countdown(self) -> None:
        if self._timer.isActive():
            self._remaining = max(self._timer.remainingTime(), 0)
            self._timer.stop()

    @property
    def counting_down(self) -> bool:
        return self._timer.isActive()

    def enterEvent(self, event: QEnterEvent) -> None:
        self.hovered = True
        self.stop_countdown()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.hovered = False
        # A little time to read after the mouse left, at least.
        self._remaining = max(self._remaining or 0, min(2000, self._timer.interval()))
        self.start_countdown()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class Toast(_PopupFrame):
    """The pop-up of one notification. ``dismissed`` when closed, expired or clicked."""

    activated = Signal(object)  # the NotificationInfo
    dismissed = Signal()

    def __init__(self, info: NotificationInfo, parent: QWidget, *, width: int = 360,
                 timeout_ms: int = 8000) -> None:
        super().__init__(parent, width, timeout_ms)
        self.setObjectName("toast")
        self.info = info
        self.setToolTip("Cliquez pour ouvrir")
        self.kind_label = QLabel(f"{kind_text(info.kind)} · {time_text(info.created_at)}")
        self.kind_label.setObjectName("toast_kind")
        self.close_button = QToolButton()
        self.close_button.setObjectName("toast_close")
        self.close_button.setText("✕")
        self.close_button.setToolTip("Fermer")
        self.close_button.setAccessibleName("Fermer")
        self.close_button.setCursor(Qt.CursorShape.ArrowCursor)
        self.close_button.clicked.connect(self.dismiss)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.kind_label, 1)
        head.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)

        self.title_label = QLabel(info.title)
        self.title_label.setObjectName("toast_title")
        self.title_label.setWordWrap(True)
        self.body_label = QLabel(_shorten(info.body or ""))
        self.body_label.setObjectName("toast_body")
        self.body_label.setWordWrap(True)
        self.body_label.setVisible(bool(info.body))
        for label in (self.kind_label, self.title_label, self.body_label):
            label.setTextFormat(Qt.TextFormat.PlainText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 10)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.title_label)
        layout.addWidget(self.body_label)
        self.clicked.connect(self._on_clicked)
        self.expired.connect(self.dismiss)

    def _on_clicked(self) -> None:
        self.activated.emit(self.info)
        self.dismiss()

    def dismiss(self) -> None:
        self.stop_countdown()
        self.hide()
        self.dismissed.emit()


class MoreToast(_PopupFrame):
    """The « + 3 autres » line above the shown pop-ups."""

    def __init__(self, parent: QWidget, *, width: int = 360, timeout_ms: int = 8000) -> None:
        super().__init__(parent, width, timeout_ms)
        self.setObjectName("toast_more")
        self.setToolTip("Voir toutes les notifications")
        self.label = QLabel()
        self.label.setObjectName("toast_more_label")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.label)

    def set_count(self, count: int) -> None:
        self.label.setText(f"+ {count} autre" if count == 1 else f"+ {count} autres")


class ToastManager(QObject):
    """Shows the pop-ups of a main window. ``activated(NotificationInfo)`` when one is clicked;
    ``more_clicked()`` when the « + N autres » line is."""

    activated = Signal(object)
    more_clicked = Signal()

    def __init__(self, window: QWidget, *, timeout_ms: int = 8000, max_visible: int = 4,
                 width: int = 360, margin: int = 12, spacing: int = 8) -> None:
        super().__init__(window)
        self.setObjectName("toast_manager")
        self._window = window
        self.timeout_ms = timeout_ms
        self.max_visible = max_visible
        self.width = width
        self.margin = margin
        self.spacing = spacing
        self.area: QRect | None = None  # where to stack them; None: the window's screen
        self._toasts: list[Toast] = []  # oldest first
        self._more = MoreToast(window, width=width, timeout_ms=timeout_ms)
        self._more.clicked.connect(self._on_more_clicked)
        self._more.expired.connect(self._drop_waiting)

    # -- what is shown -----------------------------------------------------------------------
    def visible_toasts(self) -> list[Toast]:
        """The pop-ups on screen, top to bottom (the newest last)."""
        return self._toasts[-self.max_visible:] if self.max_visible else []

    @property
    def waiting_count(self) -> int:
        return max(len(self._toasts) - self.max_visible, 0)

    @property
    def more_widget(self) -> MoreToast:
        return self._more

    def show_notifications(self, infos: list[NotificationInfo]) -> None:
        for info in infos:
            toast = Toast(info, self._window, width=self.width, timeout_ms=self.timeout_ms)
            toast.activated.connect(self.activated)
            toast.dismissed.connect(lambda t=toast: self._remove(t))
            self._toasts.append(toast)
        if infos and self.waiting_count:
            self._more.restart_countdown()
        self._relayout()

    def clear(self) -> None:
        for toast in list(self._toasts):
            toast.dismiss()
        self._more.hide()

    # -- bookkeeping -------------------------------------------------------------------------
    def _remove(self, toast: Toast) -> None:
        if toast in self._toasts:
            self._toasts.remove(toast)
            toast.deleteLater()
            self._relayout()

    def _drop_waiting(self) -> None:
        waiting = self._toasts[: self.waiting_count]
        self._toasts = self._toasts[len(waiting):]
        for toast in waiting:
            toast.deleteLater()
        self._relayout()

    def _on_more_clicked(self) -> None:
        self.more_clicked.emit()
        self._drop_waiting()

    # -- placing -----------------------------------------------------------------------------
    def stack_area(self) -> QRect:
        if self.area is not None:
            return QRect(self.area)
        screen = self._window.screen() if shiboken6.isValid(self._window) else None
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)

    def layout_rects(self) -> list[tuple[QWidget, QRect]]:
        """Where each shown pop-up goes (the « + N autres » line first when there is one)."""
        area = self.stack_area()
        x = area.right() - self.margin - self.width + 1
        bottom = area.bottom() - self.margin
        placed: list[tuple[QWidget, QRect]] = []
        shown: list[QWidget] = list(self.visible_toasts())
        if self.waiting_count:
            shown.insert(0, self._more)
        for widget in reversed(shown):
            widget.ensurePolished()
            layout = widget.layout()
            if layout is not None and layout.hasHeightForWidth():
                height = layout.totalHeightForWidth(self.width)
            else:
                height = widget.sizeHint().height()
            rect = QRect(x, bottom - height + 1, self.width, height)
            placed.append((widget, rect))
            bottom = rect.top() - self.spacing
        placed.reverse()
        return placed

    def _relayout(self) -> None:
        shown = set(self.visible_toasts())
        for toast in self._toasts:
            if toast not in shown:
                toast.stop_countdown()
                toast.hide()
        if self.waiting_count:
            self._more.set_count(self.waiting_count)
            self._more.start_countdown()
        else:
            self._more.stop_countdown()
            self._more.hide()
        for widget, rect in self.layout_rects():
            widget.setGeometry(rect)
            widget.show()
            widget.start_countdown()
