"""Run traces: listed newest first, filtered, described in French, purged by age and count
without losing what the runs created."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.unit.test_automation_runner import (
    ON_MATTER_CREATED,
    add_workflow,
    drain,
    make_firm,
    open_a_matter,
)
from themisia_desktop.core.automation.traces import get_run, list_runs, purge_traces, summary
from themisia_desktop.core.errors import NotFoundError
from themisia_desktop.core.models import Notification, RunTrace, Task


@pytest.fixture
def firm(firm_ctx):
    return make_firm(firm_ctx)


def _two_runs(ctx) -> tuple[int, list[int]]:
    wf = add_workflow(ctx, ON_MATTER_CREATED)
    first = open_a_matter(ctx, "Première affaire")
    drain(ctx)
    ctx.clock.advance(timedelta(days=100))
    second = open_a_matter(ctx, "Seconde affaire")
    drain(ctx)
    return wf, [first, second]


def test_runs_are_listed_newest_first_and_filtered(firm):
    wf, (first, second) = _two_runs(firm)

    runs = list_runs(firm.db, workflow_id=wf)

    assert [r.entity_id for r in runs] == [second, first]
    assert runs[0].workflow_name == "Ouverture de dossier"
    assert runs[0].outcome_label == "Exécuté"
    assert runs[0].summary == "3 action(s) exécutée(s)"
    assert [r.entity_id for r in list_runs(firm.db, entity_type="matter", entity_id=first)] \
        == [first]
    assert list_runs(firm.db, outcome="failed") == []
    assert get_run(firm.db, runs[0].id).to_json()["started_at"] == runs[0].started_at.isoformat()
    with pytest.raises(NotFoundError):
        get_run(firm.db, 999_999)


def test_old_traces_are_purged_and_what_they_made_is_kept(firm):
    _wf, (first, second) = _two_runs(firm)

    deleted = purge_traces(firm.db, firm.clock, max_age_days=90)

    assert deleted == 1
    assert [r.entity_id for r in list_runs(firm.db)] == [second]
    with firm.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Task).where(Task.matter_id == first)) == 2
        assert s.scalar(select(func.count()).select_from(Notification)
                        .where(Notification.run_id.is_(None))) == 1


def test_traces_beyond_the_maximum_count_are_purged_oldest_first(firm):
    _two_runs(firm)

    assert purge_traces(firm.db, firm.clock, max_age_days=1000, max_rows=1) == 1
    assert purge_traces(firm.db, firm.clock, max_age_days=1000, max_rows=1) == 0
    with firm.db.read() as s:
        assert s.scalar(select(func.count()).select_from(RunTrace)) == 1


def test_a_summary_names_the_false_condition_and_its_value():
    conditions = [{"path": "", "node": "all", "result": False},
                  {"path": "1", "field": "matter.encours", "label": "Encours du dossier",
                   "op": "gt", "expected": "20000.00", "actual": "1500.00", "result": False},
                  {"path": "2", "field": "matter.title", "label": "Intitulé du dossier",
                   "op": "not_empty", "expected": None, "actual": "Litige", "result": True}]
    assert summary("conditions_false", conditions, [], None) == (
        "Condition non remplie : Encours du dossier est supérieur à « 20000.00 » — valeur "
        "actuelle « 1500.00 »")
    assert summary("loop_stopped", [], [], "Boucle interrompue : « A » → « A »") \
        == "Boucle interrompue : « A » → « A »"


def test_an_action_that_changed_nothing_is_not_counted_as_done():
    actions = [{"action": "create_task", "created": {"task_id": 1}},
               {"action": "set_field", "unchanged": {"field": "contact.close_monitoring"}},
               {"action": "start_workflow", "skipped": {"workflow_id": 2}}]

    assert summary("succeeded", [], actions, None) == "1 action(s) exécutée(s), 2 sans effet"
    assert summary("succeeded", [], actions[1:], None) == "Aucune action exécutée, 2 sans effet"
