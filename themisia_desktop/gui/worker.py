"""Run a function on the thread pool and hand its result back to the GUI thread.

The GUI thread never waits (DESIGN §3.3). A :class:`Worker` belongs to one widget (its Qt
parent): ``submit(fn, on_success, on_error)`` runs ``fn()`` on ``QThreadPool`` and calls one of
the two callbacks on the GUI thread. If the widget was closed and deleted meanwhile, the
callbacks are not called.

Pool threads never touch an object whose life the GUI controls. They report to one
:class:`_Dispatcher` per application (a child of the ``QCoreApplication``, so it outlives every
widget) through a queued signal carrying the worker's token; the dispatcher, on the GUI thread,
finds the worker by its token, or drops the result if the worker is gone. (An earlier design
gave each job its own relay object; the pool thread could free it while the GUI thread was
deleting the worker connected to it, which crashed now and then.)
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Qt, Signal, Slot

log = logging.getLogger(__name__)

_tokens = itertools.count(1)


class _Dispatcher(QObject):
    """Receives every job's outcome on the GUI thread and hands it to its worker."""

    # worker token, job key, 1 if it succeeded else 0, result or exception. (Not a ``bool``:
    # PySide6 6.8 loses a reference to True/False on each queued delivery of a bool argument.)
    finished = Signal(int, int, int, object)

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName("themisia-worker-dispatcher")
        self._workers: dict[int, Worker] = {}
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @classmethod
    def of_application(cls) -> _Dispatcher:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("Worker needs a running QApplication")
        found = app.findChild(_Dispatcher, "themisia-worker-dispatcher")
        return found if found is not None else cls(app)

    def register(self, worker: Worker) -> int:
        token = next(_tokens)
        self._workers[token] = worker
        worker.destroyed.connect(functools.partial(self._forget, token))
        return token

    def _forget(self, token: int, *_args: Any) -> None:
        self._workers.pop(token, None)

    @Slot(int, int, int, object)
    def _deliver(self, token: int, key: int, ok: int, payload: Any) -> None:
        worker = self._workers.get(token)
        if worker is None or not shiboken6.isValid(worker):
            return
        worker._finish(key, bool(ok), payload)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], dispatcher: _Dispatcher, token: int, key: int) -> None:
        super().__init__()
        self.setAutoDelete(True)  # the pool frees the job once run() has returned
        self._fn = fn
        self._signal = dispatcher.finished  # the dispatcher lives as long as the application
        self._token = token
        self._key = key

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 — every failure goes back to the GUI
            self._signal.emit(self._token, self._key, 0, exc)
        else:
            self._signal.emit(self._token, self._key, 1, result)
        finally:
            self._fn = None  # drop the closure (and what it holds) here, not at pool teardown


class Worker(QObject):
    """Background jobs for one widget (pass the widget as ``parent``)."""

    def __init__(self, parent: QObject, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._dispatcher = _Dispatcher.of_application()
        self._token = self._dispatcher.register(self)
        self._next_key = 0
        self._running: dict[int, tuple[Callable, Callable | None, str | None]] = {}
        self._latest: dict[str, int] = {}  # channel -> key of the newest job submitted on it

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def submit(self, fn: Callable[[], Any], on_success: Callable[[Any], None],
               on_error: Callable[[BaseException], None] | None = None) -> None:
        """Run ``fn()`` on the pool; then ``on_success(result)`` or ``on_error(exc)`` here."""
        self._start(fn, on_success, on_error, None)

    def submit_latest(self, channel: str, fn: Callable[[], Any],
                      on_success: Callable[[Any], None],
                      on_error: Callable[[BaseException], None] | None = None) -> None:
        """Like :meth:`submit`, but only the newest job of ``channel`` reports back: the
        answer of a reload overtaken by another reload is dropped, not shown over it."""
        self._latest[channel] = self._start(fn, on_success, on_error, channel)

    def _start(self, fn: Callable[[], Any], on_success: Callable[[Any], None],
               on_error: Callable[[BaseException], None] | None, channel: str | None) -> int:
        self._next_key += 1
        key = self._next_key
        self._running[key] = (on_success, on_error, channel)
        self._pool.start(_Job(fn, self._dispatcher, self._token, key))
        return key

    def _finish(self, key: int, ok: bool, payload: Any) -> None:
        callbacks = self._running.pop(key, None)
        if callbacks is None:
            return
        on_success, on_error, channel = callbacks
        if channel is not None and self._latest.get(channel) != key:
            return  # overtaken by a newer job of the same channel
        parent = self.parent()
        if parent is None or not shiboken6.isValid(parent):
            return
        if ok:
            on_success(payload)
        elif on_error is None:
            log.error("background job failed", exc_info=payload)
        else:
            on_error(payload)
