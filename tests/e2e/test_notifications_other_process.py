"""A notification written by another process on the same base (another workstation, the
automation engine) pops up in the running application within a poll, once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool

from tests.unit.matter_factory import make_client_matter
from themisia_desktop.core.notify.notifications import count_unread
from themisia_desktop.gui.main_window import MainWindow
from themisia_desktop.gui.notify.install import install_notifications, toasts_of, tray_of

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow,
              pytest.mark.qt_log_ignore("This plugin does not support raise")]


@pytest.fixture(autouse=True)
def _jobs_finished_before_the_base_closes(firm_ctx):
    """The pop-ups poll the base every few milliseconds here: let the last poll finish before
    the test's database goes away."""
    yield
    QThreadPool.globalInstance().waitForDone(10_000)

CHILD = textwrap.dedent("""
    import sys
    from datetime import datetime
    from themisia_desktop.core.clock import FixedClock
    from themisia_desktop.core.db.engine import Database
    from themisia_desktop.core.notify.notifications import notify

    db = Database(sys.argv[1])
    clock = FixedClock(datetime.fromisoformat(sys.argv[2]))
    result = notify(db, clock, [int(sys.argv[3])], "alert.deadline",
                    "Échéance dans 3 jours : conclusions d'appel", "Écrit par un autre poste",
                    entity_type="matter", entity_id=int(sys.argv[4]))
    print(result.notification_ids[0], flush=True)
""")


def test_a_notification_from_another_process_pops_up(qtbot, firm_ctx):
    from themisia_desktop.gui.matters.matter_screen import MatterScreen

    ctx = firm_ctx
    with ctx.db.write() as s:
        _client_id, matter_id = make_client_matter(s)
    window = MainWindow(ctx, ctx.current_user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    hub = install_notifications(window, ctx, ctx.current_user.id, interval_ms=200)
    qtbot.waitUntil(lambda: hub.last_seen_id is not None, timeout=5000)
    announced = []
    hub.new_notifications.connect(announced.extend)

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, ctx.db.url.render_as_string(hide_password=False),
         ctx.clock.now().isoformat(), str(ctx.current_user.id), str(matter_id)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        stdin=subprocess.DEVNULL)
    try:
        # The GUI keeps running (and polling) while the other process writes.
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=60_000)
        out, err = child.communicate(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 0, err
    written_id = int(out.strip())

    toasts = toasts_of(window)
    qtbot.waitUntil(lambda: len(toasts.visible_toasts()) == 1, timeout=10_000)
    toast = toasts.visible_toasts()[0]
    assert toast.info.id == written_id
    assert toast.title_label.text() == "Échéance dans 3 jours : conclusions d'appel"
    qtbot.waitUntil(lambda: tray_of(window).count == 1, timeout=5000)
    target = hub.polls + 3
    qtbot.waitUntil(lambda: hub.polls >= target, timeout=5000)
    assert [n.id for n in announced] == [written_id]

    qtbot.mouseClick(toast, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.findChildren(MatterScreen)), timeout=5000)
    assert window.findChildren(MatterScreen)[0].matter_id == matter_id
    qtbot.waitUntil(lambda: count_unread(ctx.db, ctx.current_user.id) == 0, timeout=5000)
    qtbot.waitUntil(lambda: tray_of(window).count == 0, timeout=5000)
