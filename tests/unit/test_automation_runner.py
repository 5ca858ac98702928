"""Running a workflow for a record: real records made through the services, real events,
then what a user sees (tasks, pop-ups, journal, trace)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.unit.contact_factory import make_company
from tests.unit.matter_factory import make_user
from themisia_desktop.core.automation.engine import process_pending_events
from themisia_desktop.core.automation.runner import MAX_DEPTH, Cause, run_workflow_in
from themisia_desktop.core.automation.traces import list_runs
from themisia_desktop.core.automation.workflows import create_workflow
from themisia_desktop.core.calendar.tasks import matter_tasks
from themisia_desktop.core.matters.schema import MatterInput
from themisia_desktop.core.matters.service import change_matter_status, open_matter
from themisia_desktop.core.models import Event, Matter, RunTrace, Task
from themisia_desktop.core.models.enums import RunOutcome
from themisia_desktop.core.notify.notifications import unread_for


# -- helpers shared by the automation tests -------------------------------------------------------
def make_firm(ctx):
    """The firm of the fixture plus a partner, an associate and a client company."""
    with ctx.db.write() as s:
        ctx.lawyer = make_user(s, "pdurand", first="Paul", last="Durand", category="partner")
        ctx.junior = make_user(s, "cmartin", first="Claire", last="Martin")
        ctx.client = make_company(s, "Boulangerie Dupont SARL", status="client_active")
    return ctx


@pytest.fixture
def firm(firm_ctx):
    return make_firm(firm_ctx)


def add_workflow(ctx, doc: dict, *, enabled: bool = True) -> int:
    doc = {"schema_version": 1, **doc}
    return create_workflow(ctx.db, ctx.clock, doc, enabled=enabled).id


def open_a_matter(ctx, title: str = "Litige commercial") -> int:
    return open_matter(ctx.db, ctx.clock, MatterInput(
        client_id=ctx.client, title=title, responsible_id=ctx.lawyer,
        assignee_ids=(ctx.junior,)), user_id=ctx.current_user.id, kyc_acknowledged=True)


def drain(ctx, **kw):
    return process_pending_events(ctx.db, ctx.clock, **kw)


ON_MATTER_CREATED = {
    "name": "Ouverture de dossier",
    "trigger": {"kind": "created", "record": "matter"},
    "actions": [
        {"type": "create_task", "title": "Vérifier les conflits — {{ matter.reference }}",
         "assignee": {"role": "responsible"}, "due_in_days": 2},
        {"type": "create_task", "title": "Convention d'honoraires pour {{ client.display_name }}",
         "assignee": {"role": "assignees"}, "due_in_days": 7},
        {"type": "notify", "channels": ["popup"], "recipients": [{"role": "responsible"}],
         "subject": "Nouveau dossier {{ matter.reference }}",
         "body": "{{ matter.title }} pour {{ client.display_name }} ({{ matter.status }})"},
    ],
}


# -- tests ------------------------------------------------------------------------------------------
def test_a_new_matter_gets_two_tasks_and_a_popup_for_its_partner(firm):
    wf = add_workflow(firm, ON_MATTER_CREATED)
    matter = open_a_matter(firm)

    summary = drain(firm)

    assert summary.outcomes == {RunOutcome.SUCCEEDED.value: 1}
    tasks = sorted(matter_tasks(firm.db, firm.clock, matter), key=lambda t: t.title)
    ref = f"{firm.clock.today().year}-0001"
    assert [(t.title, t.assignee_id, t.due_on) for t in tasks] == [
        ("Convention d'honoraires pour Boulangerie Dupont SARL", firm.junior,
         firm.clock.today() + timedelta(days=7)),
        (f"Vérifier les conflits — {ref}", firm.lawyer, firm.clock.today() + timedelta(days=2)),
    ]
    popups = unread_for(firm.db, firm.lawyer)
    assert [(p.title, p.body) for p in popups] == [
        (f"Nouveau dossier {ref}", "Litige commercial pour Boulangerie Dupont SARL (Ouvert)")]
    run = list_runs(firm.db, workflow_id=wf)[0]
    assert (run.outcome, run.entity_type, run.entity_id) == ("succeeded", "matter", matter)
    assert [a["action"] for a in run.actions] == ["create_task", "create_task", "notify"]
    assert popups[0].run_id == run.id
    # Every event is handled once, including the ones the run wrote.
    with firm.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Event)
                        .where(Event.processed_at.is_(None))) == 0
        finished = s.scalars(select(Event).where(Event.kind == "run_finished")).one()
        task_events = s.scalars(select(Event).where(Event.entity_type == "task")).all()
    assert finished.payload == {"workflow_id": wf, "builtin_key": None, "outcome": "succeeded",
                                "entity_type": "matter", "entity_id": matter}
    assert all(e.chain == [wf] and e.depth == 1 for e in task_events)
    assert drain(firm).processed == 0


def test_a_false_condition_is_traced_with_the_value_found(firm):
    wf = add_workflow(firm, {**ON_MATTER_CREATED, "conditions": {"all": [
        {"field": "matter.domain", "op": "eq", "value": "Droit social"}]}})
    matter = open_a_matter(firm)

    drain(firm)

    assert matter_tasks(firm.db, firm.clock, matter) == []
    run = list_runs(firm.db, workflow_id=wf)[0]
    assert run.outcome == RunOutcome.CONDITIONS_FALSE
    assert run.conditions[-1]["result"] is False
    assert run.conditions[-1]["actual"] is None
    assert run.summary == ("Condition non remplie : Domaine du dossier est égal à « Droit social » "
                           "— valeur actuelle vide")


def test_a_failing_action_leaves_nothing_half_done(firm):
    doc = {**ON_MATTER_CREATED, "actions": [
        ON_MATTER_CREATED["actions"][0],
        {"type": "create_task", "title": "Pour le groupe", "assignee": {"group": "Inexistant"},
         "due_in_days": 1}]}
    wf = add_workflow(firm, doc)
    matter = open_a_matter(firm)

    summary = drain(firm)

    assert summary.outcomes == {"failed": 1}
    assert matter_tasks(firm.db, firm.clock, matter) == []          # the first task rolled back
    run = list_runs(firm.db, workflow_id=wf)[0]
    assert run.outcome == "failed"
    assert run.error == "Action 2 (Créer une tâche) : Groupe introuvable : « Inexistant »."
    assert run.actions[0]["rolled_back"] is True
    with firm.db.read() as s:  # the event is processed all the same: it does not loop
        assert s.scalar(select(func.count()).select_from(Event)
                        .where(Event.processed_at.is_(None))) == 0
        assert s.scalar(select(func.count()).select_from(Task)) == 0


def test_a_workflow_that_retriggers_itself_is_stopped_and_says_so(firm):
    wf = add_workflow(firm, {
        "name": "Remettre en cours",
        "trigger": {"kind": "updated", "record": "matter", "field": "matter.status"},
        "actions": [{"type": "set_field", "field": "matter.status", "value": "open"}]})
    matter = open_a_matter(firm)
    drain(firm)
    change_matter_status(firm.db, firm.clock, matter, "pending", user_id=firm.current_user.id)

    drain(firm)

    runs = list_runs(firm.db, workflow_id=wf)
    assert [r.outcome for r in reversed(runs)] == ["succeeded", "loop_stopped"]
    assert runs[0].error == "Boucle interrompue : « Remettre en cours » → « Remettre en cours »"
    with firm.db.read() as s:
        assert s.get(Matter, matter).status == "open"   # the first run did its job, once


def test_a_chain_of_started_workflows_stops_at_the_depth_limit(firm):
    ids: list[int] = []
    for n in range(MAX_DEPTH + 2, 0, -1):  # W1 starts W2 … each starts the next one
        actions = [{"type": "create_task", "title": f"Étape {n}", "assignee": {"user": firm.lawyer},
                    "due_in_days": 0}]
        if ids:
            actions.append({"type": "start_workflow", "workflow": ids[-1]})
        # Only W1 reacts to the new matter; the others are enabled (a disabled workflow is
        # never started) on a trigger nothing in this test fires.
        trigger = ({"kind": "created", "record": "matter"} if n == 1 else
                   {"kind": "updated", "record": "matter", "field": "matter.status", "to": "archived"})
        ids.append(add_workflow(firm, {"name": f"Étape {n}", "actions": actions, "trigger": trigger},
                                enabled=True))
    matter = open_a_matter(firm)

    drain(firm)

    titles = sorted(t.title for t in matter_tasks(firm.db, firm.clock, matter))
    assert titles == [f"Étape {n}" for n in range(1, MAX_DEPTH + 1)]
    with firm.db.read() as s:
        stopped = s.scalars(select(RunTrace).where(RunTrace.outcome == "loop_stopped")).one()
    assert stopped.error.startswith(f"Boucle interrompue (profondeur maximale de {MAX_DEPTH} "
                                    "atteinte) : « Étape 1 » → « Étape 2 »")


def test_a_run_inside_a_loop_chain_is_refused_directly(firm):
    wf = add_workflow(firm, ON_MATTER_CREATED)
    matter = open_a_matter(firm)
    with firm.db.write() as s:
        result = run_workflow_in(s, firm.clock, wf, entity_type="matter", entity_id=matter,
                                 trigger={"kind": "test"}, cause=Cause(None, (wf,)))
    assert result.outcome == "loop_stopped"
    assert "Boucle interrompue" in result.error
    assert matter_tasks(firm.db, firm.clock, matter) == []


def test_a_dry_run_of_one_record_writes_nothing(firm):
    wf = add_workflow(firm, ON_MATTER_CREATED)
    matter = open_a_matter(firm)
    with firm.db.read() as s:
        result = run_workflow_in(s, firm.clock, wf, entity_type="matter", entity_id=matter,
                                 trigger={"kind": "test"}, dry_run=True)
        assert not s.new and not s.dirty
    assert result.run_id is None and result.outcome == "succeeded"
    assert result.actions[0]["would_create"]["assignee_ids"] == [firm.lawyer]
    assert result.actions[0]["would_create"]["due_on"] == (firm.clock.today()
                                                           + timedelta(days=2)).isoformat()
    assert matter_tasks(firm.db, firm.clock, matter) == []
