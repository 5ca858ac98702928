"""The sweep's detection: which records fire, once per episode; re-arming; moved deadlines;
late policies; delayed actions run once; a failing run is traced and does not refire.

The runner (the engine's other half) is replaced by a recorder here, so these tests say what
the sweep decides; tests/e2e/test_sweep_restart.py and test_threshold_mail.py run it whole."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from themisia_desktop.core.automation import sweep as sweep_module
from themisia_desktop.core.automation.sweep import sweep
from themisia_desktop.core.automation.workflows import create_workflow, set_enabled
from themisia_desktop.core.calendar.deadlines import add_deadline, move_deadline
from themisia_desktop.core.finance.time_entries import TimeInput, delete_time, record_time
from themisia_desktop.core.models import Firing, RunTrace, ScheduledAction, WatchState
from tests.unit.matter_factory import make_client_matter, make_matter, make_user


@dataclass(frozen=True)
class _Result:
    run_id: int | None
    outcome: str


class Recorder:
    """Stands for core.automation.runner: records what the sweep asks it to run."""

    def __init__(self) -> None:
        self.runs: list[dict] = []
        self.scheduled: list[int] = []
        self.fail_on: set[int] = set()

    def run_workflow_in(self, session, clock, workflow_id, *, entity_type, entity_id, trigger,
                        cause=None, firing_id=None, dry_run=False, data_dir=None):  # noqa: ANN001
        if entity_id in self.fail_on:
            raise RuntimeError("modèle de document introuvable")
        self.runs.append({"workflow_id": workflow_id, "entity_type": entity_type,
                          "entity_id": entity_id, "trigger": trigger, "firing_id": firing_id})
        return _Result(None, "succeeded")

    def run_scheduled_action_in(self, session, clock, scheduled_action_id, *, data_dir=None):  # noqa: ANN001
        self.scheduled.append(scheduled_action_id)
        session.get(ScheduledAction, scheduled_action_id).done_at = clock.now()
        return _Result(None, "succeeded")

    def process_pending_events(self, db, clock, data_dir=None):  # noqa: ANN001
        return SimpleNamespace(processed=0)


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(sweep_module, "_runner", lambda: recorder)
    monkeypatch.setattr(sweep_module, "_process_pending_events", recorder.process_pending_events)
    return recorder


NOTIFY = [{"type": "notify", "channels": ["popup"], "recipients": [{"role": "responsible"}],
           "subject": "Alerte {{ matter.reference }}", "body": "Voir le dossier."}]


def threshold_rule(ctx, amount: str = "1000.00", *, conditions=None, enabled=True) -> int:
    doc = {"name": f"Encours dossier > {amount}",
           "trigger": {"kind": "threshold", "record": "matter", "field": "matter.encours",
                       "op": "gt", "value": amount},
           "conditions": conditions, "actions": NOTIFY}
    return create_workflow(ctx.db, ctx.clock, doc, enabled=enabled).id


def deadline_rule(ctx, *, offset=-3, late_policy=None) -> int:
    doc = {"name": "Rappel de délai", "actions": [
               {"type": "notify", "channels": ["popup"], "recipients": [{"role": "responsible"}],
                "subject": "Délai : {{ deadline.title }}", "body": "Échéance proche."}],
           "trigger": {"kind": "date", "record": "deadline", "field": "deadline.due_on",
                       "offset_days": offset}}
    if late_policy:
        doc["late_policy"] = late_policy
    return create_workflow(ctx.db, ctx.clock, doc, enabled=True).id


@pytest.fixture
def world(firm_ctx):
    with firm_ctx.db.write() as s:
        lawyer = make_user(s, "avocat", rate="200")
        client_id, matter_id = make_client_matter(s, responsible_id=lawyer)
        other = make_matter(s, client_id, lawyer, reference="2026-0002", status="pending")
    return SimpleNamespace(ctx=firm_ctx, lawyer=lawyer, client=client_id, matter=matter_id,
                           pending_matter=other)


def add_time(w, minutes: int, matter_id: int | None = None) -> int:
    return record_time(w.ctx.db, w.ctx.clock, TimeInput(
        matter_id=matter_id or w.matter, user_id=w.lawyer, work_date=w.ctx.clock.today(),
        minutes=minutes, description="Rédaction des conclusions"))


def firings(ctx, workflow_id: int) -> list[tuple[int, str]]:
    with ctx.db.read() as s:
        return [(f.entity_id, f.episode_key) for f in s.scalars(
            select(Firing).where(Firing.workflow_id == workflow_id).order_by(Firing.id))]


def test_a_threshold_fires_once_per_episode_and_rearms_only_after_false(world, runner):
    ctx = world.ctx
    rule = threshold_rule(ctx)
    first = add_time(world, 240)  # 800 €: below
    assert sweep(ctx.db, ctx.clock).fired == ()
    add_time(world, 90)  # 1 100 €: above
    summary = sweep(ctx.db, ctx.clock)
    assert [(f.entity_id, f.episode_key) for f in summary.fired] == [(world.matter, "t1")]
    assert runner.runs[0]["trigger"]["episode"] == "t1"
    assert runner.runs[0]["firing_id"] == summary.fired[0].firing_id
    assert sweep(ctx.db, ctx.clock).fired == ()  # still above: same episode
    assert sweep(ctx.db, ctx.clock).fired == ()

    delete_time(ctx.db, ctx.clock, first)  # 300 €: below → re-armed
    summary = sweep(ctx.db, ctx.clock)
    assert (summary.fired, summary.rearmed) == ((), 1)
    with ctx.db.read() as s:
        state = s.get(WatchState, (rule, "matter", world.matter))
        assert (state.is_true, state.episode) == (False, 1)

    add_time(world, 300)  # 1 300 €: above again → second episode
    assert [f.episode_key for f in sweep(ctx.db, ctx.clock).fired] == ["t2"]
    assert firings(ctx, rule) == [(world.matter, "t1"), (world.matter, "t2")]
    assert len(runner.runs) == 2


def test_the_rule_conditions_filter_the_records(world, runner):
    ctx = world.ctx
    rule = threshold_rule(ctx, conditions={"field": "matter.status", "op": "eq", "value": "open"})
    add_time(world, 600)
    add_time(world, 600, world.pending_matter)
    sweep(ctx.db, ctx.clock)
    assert firings(ctx, rule) == [(world.matter, "t1")]


def test_disabled_rules_are_not_swept_and_workflow_ids_restricts(world, runner):
    ctx = world.ctx
    off = threshold_rule(ctx, "100.00", enabled=False)
    on = threshold_rule(ctx, "200.00")
    add_time(world, 600)
    summary = sweep(ctx.db, ctx.clock, workflow_ids=[off])
    assert (summary.workflows, summary.fired) == (0, ())
    set_enabled(ctx.db, ctx.clock, off, True)
    assert [f.workflow_id for f in sweep(ctx.db, ctx.clock, workflow_ids=[off]).fired] == [off]
    assert [f.workflow_id for f in sweep(ctx.db, ctx.clock).fired] == [on]


def test_a_deadline_alert_fires_on_its_day_once_and_again_when_moved(world, runner):
    ctx = world.ctx
    ctx.clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc))  # Monday 2 March
    rule = deadline_rule(ctx)
    deadline = add_deadline(ctx.db, ctx.clock, world.matter, "Conclusions d'appel", "procedural",
                            None, None, None, None, due_on=date(2026, 3, 10)).id
    assert sweep(ctx.db, ctx.clock).fired == ()  # alert day is 7 March
    ctx.clock.advance(timedelta(days=5))  # Saturday 7 March
    summary = sweep(ctx.db, ctx.clock)
    assert [(f.entity_id, f.episode_key, f.late_days) for f in summary.fired] == \
        [(deadline, "2026-03-10", 0)]
    assert "late" not in runner.runs[0]["trigger"]
    ctx.clock.advance(timedelta(days=1))
    assert sweep(ctx.db, ctx.clock).fired == ()

    move_deadline(ctx.db, ctx.clock, deadline, due_on=date(2026, 3, 11))
    assert [f.episode_key for f in sweep(ctx.db, ctx.clock).fired] == ["2026-03-11"]
    assert sweep(ctx.db, ctx.clock).fired == ()
    assert firings(ctx, rule) == [(deadline, "2026-03-10"), (deadline, "2026-03-11")]


def test_late_alerts_fire_late_and_say_so_or_are_skipped_past_the_limit(world, runner):
    ctx = world.ctx
    ctx.clock.set(datetime(2026, 3, 20, 8, 0, tzinfo=timezone.utc))
    late_rule = deadline_rule(ctx)
    add_deadline(ctx.db, ctx.clock, world.matter, "Dépôt du mémoire", "procedural",
                 None, None, None, None, due_on=date(2026, 3, 18))  # alert day: 15 March
    skip = create_workflow(ctx.db, ctx.clock, {
        "name": "Rappel récent seulement", "late_policy": {"mode": "skip_older_than", "days": 2},
        "trigger": {"kind": "date", "record": "deadline", "field": "deadline.due_on",
                    "offset_days": -3},
        "actions": [{"type": "notify", "channels": ["popup"],
                     "recipients": [{"role": "responsible"}],
                     "subject": "Délai", "body": "Délai proche."}]},
        enabled=True).id
    summary = sweep(ctx.db, ctx.clock)
    by_rule = {f.workflow_id: f for f in summary.fired}
    assert by_rule[late_rule].late_days == 5 and by_rule[late_rule].outcome == "succeeded"
    assert runner.runs[0]["trigger"]["late"] == \
        "Déclenché en retard de 5 jours (l'application était fermée)."
    assert by_rule[skip].outcome == "skipped_late"
    assert [r["workflow_id"] for r in runner.runs] == [late_rule]  # nothing ran for the skip
    with ctx.db.read() as s:
        trace = s.scalars(select(RunTrace).where(RunTrace.workflow_id == skip)).one()
        assert trace.outcome == "skipped_late"
        assert trace.error == ("Non exécuté : l'alerte du 15/03/2026 est en retard de 5 jours, "
                               "au-delà du délai de 2 jours prévu par le workflow.")
    assert (summary.fired_count, summary.skipped_count) == (1, 1)
    assert sweep(ctx.db, ctx.clock).fired == ()  # the skip is remembered too


def test_a_failing_run_is_traced_and_does_not_fire_again(world, runner):
    ctx = world.ctx
    rule = threshold_rule(ctx)
    add_time(world, 600)
    add_time(world, 600, world.pending_matter)
    runner.fail_on = {world.matter}
    summary = sweep(ctx.db, ctx.clock)
    outcomes = {f.entity_id: f.outcome for f in summary.fired}
    assert outcomes == {world.matter: "failed", world.pending_matter: "succeeded"}
    with ctx.db.read() as s:
        trace = s.scalars(select(RunTrace).where(RunTrace.entity_id == world.matter)).one()
        assert trace.error == "L'exécution a échoué : modèle de document introuvable"
    assert sweep(ctx.db, ctx.clock).fired == ()
    assert len(firings(ctx, rule)) == 2


def test_due_delayed_actions_run_once_not_the_future_or_cancelled_ones(world, runner):
    ctx = world.ctx
    now = ctx.clock.now()
    action = {"type": "notify", "channels": ["popup"], "recipients": [{"role": "responsible"}],
              "subject": "Relance", "body": "Relancer le client."}
    with ctx.db.write() as s:
        rows = [ScheduledAction(entity_type="matter", entity_id=world.matter, action=action,
                                due_at=now + delta, cancelled_at=cancelled)
                for delta, cancelled in ((timedelta(hours=-1), None), (timedelta(days=1), None),
                                         (timedelta(hours=-2), now))]
        s.add_all(rows)
        s.flush()
        due, future, cancelled = (r.id for r in rows)
    assert sweep(ctx.db, ctx.clock).scheduled_done == (due,)
    assert sweep(ctx.db, ctx.clock).scheduled_done == ()
    ctx.clock.advance(timedelta(days=1))
    assert sweep(ctx.db, ctx.clock).scheduled_done == (future,)
    assert runner.scheduled == [due, future]
    assert cancelled not in runner.scheduled
