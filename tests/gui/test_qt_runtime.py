"""Guards against defects of the Qt binding itself that would crash the application or the
test run long after their cause."""

import sys

from PySide6.QtCore import QCoreApplication


def test_process_events_keeps_the_reference_count_of_none(qapp):
    # PySide6 6.12.0 dropped a reference to None on each call: after enough calls the
    # interpreter aborts with "deallocating None". pyproject.toml keeps such a version out.
    before = sys.getrefcount(None)
    for _ in range(500):
        QCoreApplication.processEvents()
    assert sys.getrefcount(None) >= before - 50
