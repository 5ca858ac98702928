"""Processing pending events: each exactly once, even with two workstations at the same time,
and a bad event never blocks the others."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from tests.unit.test_automation_runner import (
    add_workflow,
    drain,
    make_firm,
    open_a_matter,
)
from themisia_desktop.core.automation import engine
from themisia_desktop.core.automation.traces import list_runs
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models import Event, OutboxMail, RunTrace, Task

TASK_AND_MAIL = {
    "name": "Tâche et courriel",
    "trigger": {"kind": "created", "record": "matter"},
    "actions": [
        {"type": "create_task", "title": "Ouvrir le dossier {{ matter.reference }}",
         "assignee": {"role": "responsible"}, "due_in_days": 1},
        {"type": "notify", "channels": ["email"], "recipients": [{"role": "responsible"}],
         "subject": "Dossier {{ matter.reference }}", "body": "{{ matter.title }}"},
    ],
}


@pytest.fixture
def firm(firm_ctx):
    return make_firm(firm_ctx)


def _counts(db):
    with db.read() as s:
        return {
            "pending": s.scalar(select(func.count()).select_from(Event)
                                .where(Event.processed_at.is_(None))),
            "tasks": s.scalar(select(func.count()).select_from(Task)),
            "distinct_task_titles": s.scalar(select(func.count(func.distinct(Task.title)))),
            "mails": s.scalar(select(func.count()).select_from(OutboxMail)),
            "distinct_mail_subjects": s.scalar(
                select(func.count(func.distinct(OutboxMail.subject)))),
            "runs_per_event": dict(s.execute(
                select(RunTrace.event_id, func.count()).where(RunTrace.workflow_id.is_not(None))
                .group_by(RunTrace.event_id)).all()),
        }


def test_two_workstations_processing_at_once_handle_each_event_once(firm):
    add_workflow(firm, TASK_AND_MAIL)
    matters = [open_a_matter(firm, f"Affaire {n}") for n in range(25)]
    other = Database(firm.db.url.render_as_string(hide_password=False))  # a second workstation
    summaries = []
    barrier = threading.Barrier(2)

    def work(db):
        barrier.wait()
        summaries.append(engine.process_pending_events(db, firm.clock, limit=1000))

    threads = [threading.Thread(target=work, args=(db,)) for db in (firm.db, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    other.dispose()

    counts = _counts(firm.db)
    assert counts["pending"] == 0
    assert counts["tasks"] == counts["distinct_task_titles"] == len(matters)
    assert counts["mails"] == counts["distinct_mail_subjects"] == len(matters)
    assert set(counts["runs_per_event"].values()) == {1}
    assert sum(s.runs for s in summaries) == len(matters)
    assert [e for s in summaries for e in s.errors] == []


def test_the_limit_leaves_the_rest_for_the_next_pass(firm):
    add_workflow(firm, TASK_AND_MAIL)
    for n in range(3):
        open_a_matter(firm, f"Affaire {n}")

    first = drain(firm, limit=2)
    rest = drain(firm)

    assert (first.processed, first.more_pending) == (2, True)
    assert rest.more_pending is False
    assert _counts(firm.db)["tasks"] == 3


def test_an_unexpected_error_is_traced_and_does_not_block_the_queue(firm, monkeypatch):
    add_workflow(firm, TASK_AND_MAIL)
    bad = open_a_matter(firm, "Affaire maudite")
    good = open_a_matter(firm, "Affaire saine")
    real = engine.run_workflow_in

    def flaky(session, clock, workflow_id, **kw):
        if kw["entity_type"] == "matter" and kw["entity_id"] == bad:
            raise RuntimeError("disque plein")
        return real(session, clock, workflow_id, **kw)

    monkeypatch.setattr(engine, "run_workflow_in", flaky)
    summary = drain(firm)

    assert len(summary.errors) == 1 and "disque plein" in summary.errors[0]
    counts = _counts(firm.db)
    assert counts["pending"] == 0 and counts["tasks"] == 1
    failed = list_runs(firm.db, outcome="failed")
    assert [(r.entity_id, r.workflow_id) for r in failed] == [(bad, None)]
    assert "L'événement n'a pas pu être traité" in failed[0].error
    assert good in {r.entity_id for r in list_runs(firm.db, outcome="succeeded")}


def test_disabled_workflows_and_other_record_types_do_not_run(firm):
    add_workflow(firm, TASK_AND_MAIL, enabled=False)
    add_workflow(firm, {**TASK_AND_MAIL, "name": "Sur les tâches",
                        "trigger": {"kind": "created", "record": "task"},
                        "actions": [TASK_AND_MAIL["actions"][0] | {
                            "title": "Autre", "assignee": {"role": "current_user"}}]})
    open_a_matter(firm)

    summary = drain(firm)

    assert summary.runs == 0 and summary.processed >= 1
    assert _counts(firm.db)["tasks"] == 0
