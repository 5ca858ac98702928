"""Dry runs list what a workflow would do today — and change nothing, to the byte."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.unit.test_automation_runner import (
    ON_MATTER_CREATED,
    add_workflow,
    make_firm,
    open_a_matter,
)
from themisia_desktop.core.automation.dry_run import dry_run
from themisia_desktop.core.automation.sweep import sweep
from themisia_desktop.core.calendar.tasks import matter_tasks
from themisia_desktop.core.models import Provision


@pytest.fixture
def firm(firm_ctx):
    return make_firm(firm_ctx)


def _fingerprint(db) -> dict[str, str]:
    path: Path | None = db.sqlite_path
    files = [path, Path(f"{path}-wal")]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.exists()}


def test_an_event_workflow_is_tried_on_the_recent_records(firm):
    first = open_a_matter(firm, "Affaire ancienne")
    second = open_a_matter(firm, "Affaire récente")
    wf = add_workflow(firm, ON_MATTER_CREATED)  # saved after the matters: never ran on them

    runs = dry_run(firm.db, firm.clock, wf)

    assert [r.entity_id for r in runs] == [second, first]          # newest first
    assert all(r.outcome == "succeeded" for r in runs)
    would = runs[0].actions[0]["would_create"]
    assert would["title"] == f"Vérifier les conflits — {firm.clock.today().year}-0002"
    assert runs[0].actions[2]["would_send"]["user_ids"] == [firm.lawyer]
    firm.clock.advance(timedelta(days=31))
    assert dry_run(firm.db, firm.clock, wf) == []                  # older than 30 days


def test_an_unsaved_document_says_which_condition_would_be_false(firm):
    matter = open_a_matter(firm)
    doc = {**ON_MATTER_CREATED, "schema_version": 1, "conditions": {
        "field": "matter.status", "op": "eq", "value": "closed"}}

    runs = dry_run(firm.db, firm.clock, doc, entity_id=matter)

    assert [(r.entity_id, r.outcome, r.actions) for r in runs] == [
        (matter, "conditions_false", [])]
    assert runs[0].summary == ("Condition non remplie : Statut du dossier est égal à « closed » "
                               "— valeur actuelle « open »")


def test_a_time_rule_lists_what_the_sweep_would_find_today(firm):
    late = open_a_matter(firm, "Sans provision")
    fed = open_a_matter(firm, "Avec provision")
    with firm.db.write() as s:
        s.add(Provision(matter_id=fed, requested_on=firm.clock.today(),
                        amount_requested=Decimal("1000.00"), status="received",
                        received_on=firm.clock.today() + timedelta(days=50),
                        amount_received=Decimal("1000.00")))
    wf = add_workflow(firm, {
        "name": "Provision à demander",
        "trigger": {"kind": "threshold", "record": "matter",
                    "field": "matter.jours_depuis_derniere_provision", "op": "gt", "value": 60},
        "actions": [{"type": "create_task", "title": "Demander une provision",
                     "assignee": {"role": "responsible"}, "due_in_days": 0}]})

    today = firm.clock.today()
    assert dry_run(firm.db, firm.clock, wf) == []
    runs = dry_run(firm.db, firm.clock, wf, today=today + timedelta(days=70))
    assert [r.entity_id for r in runs] == [late]
    assert runs[0].actions[0]["would_create"]["due_on"] == (today + timedelta(days=70)).isoformat()
    firm.clock.advance(timedelta(days=70))
    sweep(firm.db, firm.clock)  # it fires for real: the episode is used up
    assert [t.title for t in matter_tasks(firm.db, firm.clock, late)] == ["Demander une provision"]
    assert dry_run(firm.db, firm.clock, wf) == []


def test_a_dry_run_leaves_the_database_file_byte_for_byte_identical(firm):
    if not firm.db.is_sqlite:
        pytest.skip("a file check: SQLite only")
    wf = add_workflow(firm, {**ON_MATTER_CREATED, "actions": [
        *ON_MATTER_CREATED["actions"],
        {"type": "set_field", "field": "matter.status", "value": "pending"},
        {"type": "schedule", "in_days": 5, "action": ON_MATTER_CREATED["actions"][0]},
        {"type": "create_document", "template": "lettre_mission"}]})
    for n in range(3):
        open_a_matter(firm, f"Affaire {n}")
    with firm.db.engine.connect() as c:  # settle the WAL so both files are stable
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _fingerprint(firm.db)
    documents = list((firm.dirs.data).rglob("*"))

    runs = dry_run(firm.db, firm.clock, wf, data_dir=firm.dirs.data)

    assert len(runs) == 3 and all(r.outcome == "succeeded" for r in runs)
    assert [a["action"] for a in runs[0].actions] == [
        "create_task", "create_task", "notify", "set_field", "schedule", "create_document"]
    assert runs[0].actions[3]["would_set"]["to"] == "pending"
    assert _fingerprint(firm.db) == before
    assert list((firm.dirs.data).rglob("*")) == documents
    with firm.db.read() as s:
        assert s.execute(text("SELECT count(*) FROM run_trace")).scalar() == 0
