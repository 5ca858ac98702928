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
    real = engine.run_loaded_in

    def flaky(session, clock, **kw):
        if kw["entity_type"] == "matter" and kw["entity_id"] == bad:
            raise RuntimeError("disque plein")
        return real(session, clock, **kw)

    monkeypatch.setattr(engine, "run_loaded_in", flaky)
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


# -- matching ---------------------------------------------------------------------------------
ALWAYS_TASK = [{"type": "create_task", "title": "Suivi {{ matter.reference }}",
                "assignee": {"role": "responsible"}, "due_in_days": 1}]


def _rule(name: str, conditions: dict, trigger: dict | None = None) -> dict:
    return {"name": name, "trigger": trigger or {"kind": "created", "record": "matter"},
            "conditions": conditions, "actions": ALWAYS_TASK}


def _match(ctx, matter: int, kind: str = "created", payload: dict | None = None):
    return engine.match_event(ctx.db, ctx.clock, kind=kind, entity_type="matter",
                              entity_id=matter, payload=payload)


def test_matching_explains_conditions_as_evaluate_does_and_follows_saves_and_switches(firm):
    from themisia_desktop.core.automation.conditions import evaluate
    from themisia_desktop.core.automation.workflows import get_workflow, save_version, set_enabled

    active = add_workflow(firm, _rule("Client actif", {"all": [
        {"field": "client.status", "op": "eq", "value": "client_active"},
        {"field": "matter.domain", "op": "is_empty"}]}))
    title = add_workflow(firm, _rule("Affaire saine", {
        "field": "matter.title", "op": "contains", "value": "SAINE"}))
    later = add_workflow(firm, _rule("Activée plus tard", {}), enabled=False)
    add_workflow(firm, _rule("À la clôture", {}, {"kind": "updated", "record": "matter",
                                                   "field": "matter.status", "to": "closed"}))
    matter = open_a_matter(firm, "Litige commercial")

    matches = _match(firm, matter)
    assert [(m.candidate.workflow_id, m.holds) for m in matches] == [(active, True),
                                                                     (title, False)]
    with firm.db.read() as s:
        for m in matches:
            doc = get_workflow(firm.db, m.candidate.workflow_id).definition
            assert (m.holds, m.conditions) == evaluate(s, doc.conditions, "matter", matter,
                                                       today=firm.clock.today())
    assert matches[1].conditions[0]["actual"] == "Litige commercial"

    # A workflow switched on, or saved again, counts for the very next event.
    set_enabled(firm.db, firm.clock, later, True)
    save_version(firm.db, firm.clock, title, {"schema_version": 1, **_rule("Affaire saine", {
        "field": "matter.title", "op": "contains", "value": "litige"})})
    matches = _match(firm, matter)
    assert [(m.candidate.workflow_id, m.candidate.version, m.holds) for m in matches] == [
        (active, 1, True), (title, 2, True), (later, 1, True)]
    # Only the status change to « closed » fires the last one.
    closed = _match(firm, matter, "status_changed", {"changes": {"status": ["open", "closed"]}})
    assert [m.candidate.name for m in closed] == ["À la clôture"]
    # A record that is gone: the workflows still match, and their run will say why.
    assert [m.holds for m in _match(firm, 9999)] == [None, None, None]


def test_a_workflow_sees_what_the_runs_before_it_changed_on_the_record(firm):
    first = add_workflow(firm, {**_rule("Mettre en attente", {}),
                                "actions": [{"type": "set_field", "field": "matter.status",
                                             "value": "pending"}]})
    second = add_workflow(firm, _rule("Suivi des dossiers en attente", {
        "field": "matter.status", "op": "eq", "value": "pending"}))
    matter = open_a_matter(firm)

    summary = drain(firm)

    assert summary.outcomes == {"succeeded": 2}
    run = list_runs(firm.db, workflow_id=second)[0]
    assert run.conditions[0]["actual"] == "pending" and run.conditions[0]["result"]
    assert list_runs(firm.db, workflow_id=first)[0].outcome == "succeeded"
    assert _counts(firm.db)["tasks"] == 1 and matter


def test_a_false_condition_found_while_matching_is_traced_with_its_value(firm):
    wf = add_workflow(firm, _rule("Droit social seulement", {
        "field": "matter.domain", "op": "eq", "value": "Droit social"}))
    open_a_matter(firm)

    summary = drain(firm)

    assert summary.outcomes == {"conditions_false": 1}
    run = list_runs(firm.db, workflow_id=wf)[0]
    assert run.summary == ("Condition non remplie : Domaine du dossier est égal à "
                           "« Droit social » — valeur actuelle vide")
    assert _counts(firm.db)["tasks"] == 0
