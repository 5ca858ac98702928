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


def test_widgets_closed_while_their_jobs_finish_never_crash_the_application(qtbot):
    """Dialogs are often deleted the moment their last job reports back; hundreds of those
    races, with jobs finishing before, during and after the deletion, must be harmless."""
    delivered = []
    owners = []
    for i in range(300):
        owner = QWidget()
        worker = Worker(owner)
        if i % 3 == 0:
            worker.submit(lambda i=i: i, delivered.append)
            owner.deleteLater()  # gone before or while the job reports
        else:
            def then_close(result, o=owner, w=worker):  # deleted right after its last job
                delivered.append(result)
                w.submit(lambda: None, lambda _r: o.deleteLater())

            worker.submit(lambda i=i: i, then_close)
        owners.append(owner)
    qtbot.waitUntil(lambda: not any(_alive(o) for o in owners), timeout=20_000)
    qtbot.wait(50)
    # Every owner that was alive when its result arrived got it; none got it twice.
    assert len(delivered) == len(set(delivered))
    assert {i for i in range(300) if i % 3} <= set(delivered)


def test_only_the_newest_job_of_a_channel_reports_back(qtbot):
    """A slow reload overtaken by a quicker one must not paint stale rows over fresh ones."""
    owner = QWidget()
    qtbot.addWidget(owner)
    worker = Worker(owner)
    slow_may_finish = threading.Event()
    shown, other = [], []

    def slow():
        slow_may_finish.wait(10)
        return "old"

    worker.submit_latest("rows", slow, shown.append)
    worker.submit_latest("rows", lambda: "new", shown.append)
    worker.submit(lambda: "unrelated", other.append)
    qtbot.waitUntil(lambda: shown == ["new"] and other == ["unrelated"])
    slow_may_finish.set()
    qtbot.waitUntil(lambda: not worker.busy)
    assert shown == ["new"]
