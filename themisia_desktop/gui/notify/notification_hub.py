"""Polls the database for the logged-in user's notifications, off the GUI thread.

Every ``interval_ms`` the hub asks core for the unread notifications above the highest id it
has already seen, and for the unread count. Notifications written by another process on the
same base (another workstation, the automation engine) are found the same way.

At start the hub only takes note of what is already there: the notifications older than the
session are counted (tray icon, notification centre) but never shown as pop-ups; only those
that arrive afterwards are. Each notification is announced once (``new_notifications``), since
the highest id seen only moves forward.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from themisia_desktop.core.notify import notifications as core
from themisia_desktop.core.notify.notifications import NotificationInfo
from themisia_desktop.gui.worker import Worker

POLL_CHANNEL = "notification-poll"


class NotificationHub(QObject):
    """Signals: ``new_notifications(list[NotificationInfo])`` (oldest first) for those that
    arrived during the session; ``unread_changed(int)`` when the unread count changes;
    ``failed(str)`` (French) when a poll or a mark failed."""

    new_notifications = Signal(list)
    unread_changed = Signal(int)
    failed = Signal(str)

    def __init__(self, ctx, user_id: int, parent: QObject | None = None,  # noqa: ANN001
                 interval_ms: int = 3000) -> None:
        super().__init__(parent)
        self.setObjectName("notification_hub")
        self._ctx = ctx
        self.user_id = user_id
        self._worker = Worker(self)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll_now)
        self._last_id: int | None = None  # None until the baseline of the session is known
        self._unread: int | None = None
        self.polls = 0  # answers received, for the curious (and the tests)

    # -- state -----------------------------------------------------------------------------
    @property
    def unread(self) -> int:
        return self._unread or 0

    @property
    def last_seen_id(self) -> int | None:
        return self._last_id

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    # -- polling ---------------------------------------------------------------------------
    def start(self) -> None:
        if not self._timer.isActive():
            self._timer.start()
        self.poll_now()

    def stop(self) -> None:
        self._timer.stop()

    def poll_now(self) -> None:
        """Ask now (the answer comes back later, by signal)."""
        db, user_id, after_id = self._ctx.db, self.user_id, self._last_id

        def poll() -> tuple[int, list[NotificationInfo], int]:
            if after_id is None:
                newest = core.recent_for(db, user_id, limit=1)
                baseline = newest[0].id if newest else 0
                return baseline, [], core.count_unread(db, user_id)
            fresh = core.unread_for(db, user_id, after_id)
            return after_id, fresh, core.count_unread(db, user_id)

        self._worker.submit_latest(POLL_CHANNEL, poll, self._polled, self._poll_failed)

    def _polled(self, result: tuple[int, list[NotificationInfo], int]) -> None:
        baseline, fresh, unread = result
        self.polls += 1
        if self._last_id is None or baseline > self._last_id:
            self._last_id = baseline
        fresh = [n for n in fresh if n.id > self._last_id]
        if fresh:
            self._last_id = max(n.id for n in fresh)
            self.new_notifications.emit(fresh)
        self._set_unread(unread)

    def _poll_failed(self, exc: BaseException) -> None:
        self.failed.emit(f"Impossible de lire les notifications : {exc}")

    def _set_unread(self, count: int) -> None:
        if count != self._unread:
            self._unread = count
            self.unread_changed.emit(count)

    # -- marking -----------------------------------------------------------------------------
    def mark_read(self, ids: Iterable[int]) -> None:
        """Mark some notifications read, then refresh the count."""
        ids = list(ids)
        if not ids:
            return
        db, clock, user_id = self._ctx.db, self._ctx.clock, self.user_id
        self._worker.submit(lambda: core.mark_read(db, clock, user_id, ids),
                            lambda _n: self.poll_now(), self._mark_failed)

    def mark_all_read(self) -> None:
        db, clock, user_id = self._ctx.db, self._ctx.clock, self.user_id
        self._worker.submit(lambda: core.mark_all_read(db, clock, user_id),
                            lambda _n: self.poll_now(), self._mark_failed)

    def _mark_failed(self, exc: BaseException) -> None:
        self.failed.emit(f"Impossible de marquer la notification comme lue : {exc}")
