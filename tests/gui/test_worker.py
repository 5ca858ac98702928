"""Background jobs hand their result (or error) back on the GUI thread."""

import threading

import pytest
from PySide6.QtWidgets import QWidget

from themisia_desktop.gui.worker import Worker


def test_result_comes_back_on_the_gui_thread(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    worker = Worker(owner)
    seen = {}

    def job():
        seen["job_thread"] = threading.current_thread()
        return 42

    def done(result):
        seen["result"] = result
        seen["callback_thread"] = threading.current_thread()

    worker.submit(job, done)
    assert worker.busy
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42
    assert seen["job_thread"] is not threading.main_thread()
    assert seen["callback_thread"] is threading.main_thread()
    assert not worker.busy


def test_exception_goes_to_the_error_callback(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    worker = Worker(owner)
    errors = []

    def job():
        raise ValueError("boom")

    worker.submit(job, lambda _r: pytest.fail("success callback called"), errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)


def test_no_callback_once_the_owner_is_gone(qtbot):
    owner = QWidget()
    worker = Worker(owner)
    release = threading.Event()
    finished = threading.Event()
    called = []

    def job():
        release.wait(10)
        finished.set()
        return "late"

    worker.submit(job, called.append, called.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    release.set()
    qtbot.waitUntil(finished.is_set)
    # Give the queued delivery a chance to arrive (it must be dropped).
    qtbot.wait(50)
    assert called == []


def _alive(obj) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)
