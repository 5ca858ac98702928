"""A deadline reminder at J-3 across a closed application, a moved deadline, and two
workstations sweeping the same base at the same moment: every alert fires exactly once."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

import pytest

from themisia_desktop.core.automation.sweep import sweep
from themisia_desktop.core.automation.traces import list_runs
from themisia_desktop.core.automation.workflows import create_workflow
from themisia_desktop.core.calendar.deadlines import add_deadline, move_deadline
from themisia_desktop.core.calendar.tasks import matter_tasks
from themisia_desktop.core.clock import FixedClock
from tests.unit.matter_factory import make_client_matter, make_user

REMINDER = {
    "name": "Rappel J-3 des délais",
    "trigger": {"kind": "date", "record": "deadline", "field": "deadline.due_on",
                "offset_days": -3},
    "actions": [{"type": "create_task", "title": "Préparer : {{ deadline.title }}",
                 "assignee": {"role": "responsible"}, "due_in_days": 1}],
    "late_policy": {"mode": "fire_late"},
}


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def office(firm_ctx):
    firm_ctx.clock.set(at(date(2026, 3, 2)))  # Monday 2 March 2026
    with firm_ctx.db.write() as s:
        lawyer = make_user(s, "avocat")
        _client, matter = make_client_matter(s, responsible_id=lawyer)
    rule = create_workflow(firm_ctx.db, firm_ctx.clock, REMINDER, enabled=True).id
    deadline = add_deadline(firm_ctx.db, firm_ctx.clock, matter, "Conclusions d'intimé",
                            "procedural", None, None, None, None, due_on=date(2026, 3, 12)).id
    return firm_ctx, rule, matter, deadline


def reminders(ctx, matter: int) -> list[str]:
    return [t.title for t in matter_tasks(ctx.db, ctx.clock, matter)]


def test_closed_for_three_days_the_reminder_fires_once_late_then_again_if_moved(office):
    ctx, rule, matter, deadline = office
    for _ in range(4):  # 2 → 5 March: the alert day (9 March) has not come
        assert sweep(ctx.db, ctx.clock).fired == ()
        ctx.clock.advance(timedelta(days=1))
    ctx.clock.set(at(date(2026, 3, 12)))  # closed from the 6th; restarted on the 12th
    summary = sweep(ctx.db, ctx.clock)
    assert [(f.entity_id, f.late_days) for f in summary.fired] == [(deadline, 3)]
    assert reminders(ctx, matter) == ["Préparer : Conclusions d'intimé"]
    [run] = list_runs(ctx.db, workflow_id=rule)
    assert run.outcome == "succeeded"
    assert run.trigger["late"] == "Déclenché en retard de 3 jours (l'application était fermée)."

    for _ in range(3):  # the next days: nothing more
        ctx.clock.advance(timedelta(days=1))
        assert sweep(ctx.db, ctx.clock).fired == ()
    assert len(reminders(ctx, matter)) == 1

    move_deadline(ctx.db, ctx.clock, deadline, due_on=date(2026, 3, 20))  # alert day: 17 March
    assert sweep(ctx.db, ctx.clock).fired == ()
    ctx.clock.set(at(date(2026, 3, 17)))
    assert [(f.episode_key, f.late_days) for f in sweep(ctx.db, ctx.clock).fired] == \
        [("2026-03-20", 0)]
    ctx.clock.advance(timedelta(days=1))
    assert sweep(ctx.db, ctx.clock).fired == ()
    assert len(reminders(ctx, matter)) == 2
    assert len(list_runs(ctx.db, workflow_id=rule)) == 2


def test_two_workstations_sweeping_at_once_fire_once(office, db_url, user_dirs):
    from themisia_desktop.context import AppContext

    ctx, rule, matter, _deadline = office
    moment = at(date(2026, 3, 10))
    other = AppContext.open(db_url, dirs=user_dirs, clock=FixedClock(moment), log_to_file=False)
    try:
        ctx.clock.set(moment)
        start = threading.Barrier(2)
        results: dict[str, object] = {}

        def workstation(name: str, context) -> None:  # noqa: ANN001
            start.wait(10)
            try:
                results[name] = sweep(context.db, context.clock)
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                results[name] = exc

        threads = [threading.Thread(target=workstation, args=(n, c))
                   for n, c in (("poste 1", ctx), ("poste 2", other))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert all(not t.is_alive() for t in threads)
        fired = [f for r in results.values() for f in r.fired]  # type: ignore[union-attr]
        assert len(fired) == 1
        assert all(not r.errors for r in results.values())  # type: ignore[union-attr]
    finally:
        other.close()
    assert reminders(ctx, matter) == ["Préparer : Conclusions d'intimé"]
    assert len(list_runs(ctx.db, workflow_id=rule)) == 1
