"""Notice the first time a window has been painted (start-up measurement, smoke test)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal


class FirstPaintProbe(QObject):
    """Event filter on a window: ``painted(perf_counter)`` once its first paint is done.

    The signal is emitted from the event loop just after the paint event was handled (the time
    is taken then), so a slot that quits the application does not interrupt the paint.
    """

    painted = Signal(float)
    # Qt may still call the filter while the window is torn down, after the Python side of
    # this object is gone; the class attribute then answers "already seen": events pass by.
    _seen = True

    def __init__(self, window: QObject) -> None:
        super().__init__(window)
        self._window = window
        self._seen = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if not self._seen and watched is self._window and event.type() == QEvent.Type.Paint:
            self._seen = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._done)
        return False

    def _done(self) -> None:
        self.painted.emit(time.perf_counter())
