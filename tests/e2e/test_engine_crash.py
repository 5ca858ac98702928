"""A real process handling a big batch of events is killed with SIGKILL at random moments,
again and again; then the rest is handled. Every event is handled exactly once: no task and
no outbox mail twice, none missing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.unit.contact_factory import make_company
from tests.unit.matter_factory import make_user
from themisia_desktop.core.automation.engine import process_pending_events
from themisia_desktop.core.automation.workflows import create_workflow
from themisia_desktop.core.matters.schema import MatterInput
from themisia_desktop.core.matters.service import open_matter_in
from themisia_desktop.core.models import Event, OutboxMail, RunTrace, Task

ROOT = Path(__file__).resolve().parents[2]
MATTERS = 60
KILLS = 6

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600),
              pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

CHILD = textwrap.dedent("""
    import sys
    from datetime import datetime
    from themisia_desktop.core.automation.engine import process_pending_events
    from themisia_desktop.core.clock import FixedClock
    from themisia_desktop.core.db.engine import Database

    db = Database(sys.argv[1])
    clock = FixedClock(datetime.fromisoformat(sys.argv[2]))
    print("ready", flush=True)
    while process_pending_events(db, clock, limit=1).processed:
        print("event", flush=True)
    print("done", flush=True)
""")

WORKFLOW = {
    "schema_version": 1,
    "name": "Ouverture : tâche et courriel",
    "trigger": {"kind": "created", "record": "matter"},
    "actions": [
        {"type": "create_task", "title": "Ouvrir {{ matter.reference }}",
         "assignee": {"role": "responsible"}, "due_in_days": 1},
        {"type": "notify", "channels": ["email"], "recipients": [{"role": "responsible"}],
         "subject": "Nouveau dossier {{ matter.reference }}", "body": "{{ matter.title }}"},
    ],
}


def _progress(db) -> tuple[int, int]:
    """(pending, processed) events."""
    with db.read() as s:
        pending = s.scalar(select(func.count()).select_from(Event)
                           .where(Event.processed_at.is_(None)))
        done = s.scalar(select(func.count()).select_from(Event)
                        .where(Event.processed_at.is_not(None)))
    return pending, done


def _child(url: str, now: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.Popen([sys.executable, "-c", CHILD, url, now], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)


def test_killed_processes_never_handle_an_event_twice(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        lawyer = make_user(s, "pdurand", first="Paul", last="Durand", category="partner")
        client = make_company(s, "Boulangerie Dupont SARL", status="client_active")
        for n in range(MATTERS):
            open_matter_in(s, ctx.clock, MatterInput(client_id=client, title=f"Affaire {n}",
                                                     responsible_id=lawyer),
                           user_id=ctx.current_user.id, kyc_acknowledged=True)
    create_workflow(ctx.db, ctx.clock, WORKFLOW, enabled=True)
    url = ctx.db.url.render_as_string(hide_password=False)
    now = ctx.clock.now().isoformat()
    rnd = random.Random(20260105)
    interrupted = 0

    for _ in range(KILLS):
        before = _progress(ctx.db)
        child = _child(url, now)
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        target = rnd.randint(1, 12)
        seen = 0
        while seen < target:
            line = child.stdout.readline().strip()
            if line != "event":
                break
            seen += 1
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        child.stdout.close()
        child.stderr.close()
        assert child.returncode == -signal.SIGKILL
        after = _progress(ctx.db)
        interrupted += after[1] > before[1] and after[0] > 0

    assert interrupted >= KILLS - 1  # the kills did land in the middle of the batch
    process_pending_events(ctx.db, ctx.clock, limit=100_000)

    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Event)
                        .where(Event.processed_at.is_(None))) == 0
        titles = s.scalars(select(Task.title)).all()
        subjects = s.scalars(select(OutboxMail.subject)).all()
        runs = s.execute(select(RunTrace.event_id, func.count()).group_by(RunTrace.event_id)).all()
    assert len(titles) == len(set(titles)) == MATTERS
    assert len(subjects) == len(set(subjects)) == MATTERS
    assert len(runs) == MATTERS and {count for _event, count in runs} == {1}
