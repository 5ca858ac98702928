"""Run a function on the thread pool and hand its result back to the GUI thread.

The GUI thread never waits (DESIGN §3.3). A :class:`Worker` belongs to one widget (its Qt
parent): ``submit(fn, on_success, on_error)`` runs ``fn()`` on ``QThreadPool`` and calls one of
the two callbacks on the GUI thread, by a queued signal. If the widget was closed and deleted
meanwhile, the callbacks are not called (checked with ``shiboken6.isValid``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Qt, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries one job's outcome. Created on the GUI thread, emitted from the pool thread,
    never receives events itself (so it may be freed by whichever thread drops it last)."""

    succeeded = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, key: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)  # the pool frees the job once run() has returned
        self._key = key
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 — every failure goes back to the GUI
            self._relay.failed.emit(self._key, exc)
        else:
            self._relay.succeeded.emit(self._key, result)


class Worker(QObject):
    """Background jobs for one widget (pass the widget as ``parent``)."""

    def __init__(self, parent: QObject, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._next_key = 0
        self._running: dict[int, tuple[_Relay, Callable, Callable | None]] = {}

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def submit(self, fn: Callable[[], Any], on_success: Callable[[Any], None],
               on_error: Callable[[BaseException], None] | None = None) -> None:
        """Run ``fn()`` on the pool; then ``on_success(result)`` or ``on_error(exc)`` here."""
        self._next_key += 1
        key = self._next_key
        relay = _Relay()
        relay.succeeded.connect(self._on_succeeded, Qt.ConnectionType.QueuedConnection)
        relay.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._running[key] = (relay, on_success, on_error)
        self._pool.start(_Job(key, fn, relay))

    def _take(self, key: int) -> tuple[Callable, Callable | None] | None:
        entry = self._running.pop(key, None)
        if entry is None or not shiboken6.isValid(self):
            return None
        parent = self.parent()
        if parent is None or not shiboken6.isValid(parent):
            return None
        return entry[1], entry[2]

    @Slot(int, object)
    def _on_succeeded(self, key: int, result: Any) -> None:
        callbacks = self._take(key)
        if callbacks is not None:
            callbacks[0](result)

    @Slot(int, object)
    def _on_failed(self, key: int, exc: BaseException) -> None:
        callbacks = self._take(key)
        if callbacks is None:
            return
        if callbacks[1] is None:
            log.error("background job failed", exc_info=exc)
        else:
            callbacks[1](exc)
