"""The run history as the « Automatisations » screen reads it: filters, pages, last runs."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from tests.unit.test_trace_text import loop_scenario, threshold_scenario
from themisia_desktop.core.automation.run_queries import (
    RunFilter,
    list_runs_page,
    workflow_rows,
)
from themisia_desktop.core.automation.sweep import sweep
from themisia_desktop.core.clock import FixedClock
from themisia_desktop.core.errors import ValidationError


@pytest.fixture
def runs(firm_ctx):
    ctx = firm_ctx
    wf, _lawyer, client, matter = threshold_scenario(ctx)
    sweep(ctx.db, ctx.clock)                      # 2 March: the threshold fires
    ctx.clock = FixedClock(datetime(2026, 3, 10, 9, 30, tzinfo=timezone.utc))
    loop = loop_scenario(ctx, matter)             # 10 March: a run, then a loop stopped
    return ctx, wf, loop, client, matter


def ids(page) -> list[tuple[str, str]]:
    return [(row.run.workflow_name, row.run.outcome) for row in page.rows]


def test_newest_first_with_the_record_named(runs):
    ctx, _wf, _loop, _client, _matter = runs
    page = list_runs_page(ctx.db)
    assert ids(page) == [("Remettre en cours", "loop_stopped"),
                         ("Remettre en cours", "succeeded"),
                         ("Encours client supérieur à 10 000 €", "succeeded")]
    assert [row.record_name for row in page.rows] == [
        "Dossier 2026-0012 — Litige commercial", "Dossier 2026-0012 — Litige commercial",
        "Client Hélène Lefèvre"]
    assert page.has_more is False


def test_filters_by_workflow_record_outcome_and_period(runs):
    ctx, wf, loop, client, matter = runs
    assert ids(list_runs_page(ctx.db, RunFilter(workflow_id=wf))) == [
        ("Encours client supérieur à 10 000 €", "succeeded")]
    assert len(list_runs_page(ctx.db, RunFilter(entity_type="matter", entity_id=matter)).rows) == 2
    assert len(list_runs_page(ctx.db, RunFilter(entity_type="contact", entity_id=client)).rows) == 1
    assert ids(list_runs_page(ctx.db, RunFilter(outcome="loop_stopped"))) == [
        ("Remettre en cours", "loop_stopped")]
    assert len(list_runs_page(ctx.db, RunFilter(since=date(2026, 3, 3))).rows) == 2
    assert len(list_runs_page(ctx.db, RunFilter(until=date(2026, 3, 2))).rows) == 1
    assert list_runs_page(ctx.db, RunFilter(workflow_id=loop, until=date(2026, 3, 9))).rows == ()
    with pytest.raises(ValidationError, match="précède"):
        list_runs_page(ctx.db, RunFilter(since=date(2026, 3, 5), until=date(2026, 3, 1)))


def test_pages_are_bounded_and_continue_where_they_stopped(runs):
    ctx, *_ = runs
    first = list_runs_page(ctx.db, limit=2)
    assert first.has_more is True and len(first.rows) == 2
    rest = list_runs_page(ctx.db, before_id=first.last_id, limit=2)
    assert ids(rest) == [("Encours client supérieur à 10 000 €", "succeeded")]
    assert rest.has_more is False


def test_each_workflow_shows_its_trigger_and_last_run(runs):
    ctx, wf, loop, *_ = runs
    rows = {row.info.id: row for row in workflow_rows(ctx.db)}
    assert rows[wf].trigger_text == "Seuil dépassé — Encours du client > 10\u202f000,00\u00a0€"
    assert rows[wf].record_label == "Contact / client"
    assert rows[wf].last_run.outcome_label == "Exécuté"
    assert rows[loop].last_run.outcome == "loop_stopped"
    assert rows[loop].trigger_text == "Modification — Statut du dossier"
    never = [row for row in rows.values() if row.info.builtin_key == "nouveau_dossier"]
    assert never[0].last_run is None and never[0].trigger_text == "Création — Dossier"
