"""Run traces told in French: real runs made by the engine (the shipped « encours client »
threshold rule swept over a client whose unbilled time passes 10 000 €, a workflow that
retriggers itself, a failing action), then the lines a user reads."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.unit.matter_factory import make_client_matter, make_user
from themisia_desktop.core.automation.builtins import install_builtins, load_builtins
from themisia_desktop.core.automation.dry_run import dry_run
from themisia_desktop.core.automation.engine import process_pending_events
from themisia_desktop.core.automation.run_queries import load_run, trace_names
from themisia_desktop.core.automation.sweep import sweep
from themisia_desktop.core.automation.trace_text import (
    describe_action,
    describe_run,
    describe_trigger,
    format_value,
    summarize,
)
from themisia_desktop.core.automation.traces import list_runs
from themisia_desktop.core.automation.workflows import create_workflow, set_enabled
from themisia_desktop.core.finance.time_entries import TimeInput, record_time
from themisia_desktop.core.matters.service import change_matter_status
from themisia_desktop.core.models import Workflow


# -- scenarios shared with the GUI tests --------------------------------------------------------
def add_time(ctx, lawyer: int, matter: int, minutes: int) -> None:
    """Time spent at 200 € an hour, at most 8 h an entry."""
    while minutes > 0:
        chunk = min(minutes, 480)
        record_time(ctx.db, ctx.clock, TimeInput(matter_id=matter, user_id=lawyer,
                                                 work_date=ctx.clock.today(), minutes=chunk,
                                                 description="Audience et conclusions"))
        minutes -= chunk


def builtin_id(ctx, key: str) -> int:
    """The shipped workflow ``key`` (the built-ins are installed first if needed)."""
    with ctx.db.read() as s:
        found = s.scalar(select(Workflow.id).where(Workflow.builtin_key == key))
    if found is None:
        install_builtins(ctx.db, ctx.clock)
        return builtin_id(ctx, key)
    return found


def threshold_scenario(ctx):
    """Hélène Lefèvre (a client, person) with 62 h 15 of unbilled time (12 450 €) under Paul
    Durand; the shipped « Encours client > 10 000 € » rule switched on. Returns
    (workflow id, lawyer id, client id, matter id); nothing swept yet."""
    with ctx.db.write() as s:
        lawyer = make_user(s, "pdurand", first="Paul", last="Durand", rate="200")
        client, matter = make_client_matter(s, company=False, reference="2026-0012",
                                            responsible_id=lawyer)
    add_time(ctx, lawyer, matter, 62 * 60 + 15)
    wf = builtin_id(ctx, "encours_client_eleve")
    set_enabled(ctx.db, ctx.clock, wf, True)
    return wf, lawyer, client, matter


def loop_scenario(ctx, matter: int) -> int:
    """A workflow that puts a matter back to « open » whenever its status changes: the second
    run is stopped as a loop. Returns the workflow id."""
    wf = create_workflow(ctx.db, ctx.clock, {
        "name": "Remettre en cours",
        "trigger": {"kind": "updated", "record": "matter", "field": "matter.status"},
        "actions": [{"type": "set_field", "field": "matter.status", "value": "open"}]},
        enabled=True).id
    change_matter_status(ctx.db, ctx.clock, matter, "pending", user_id=ctx.current_user.id)
    process_pending_events(ctx.db, ctx.clock)
    return wf


@pytest.fixture
def office(firm_ctx):
    return firm_ctx, *threshold_scenario(firm_ctx)


def texts(lines) -> list[str]:
    return [line.text for line in lines]


# -- tests ------------------------------------------------------------------------------------
def test_a_threshold_run_reads_as_a_story(office):
    ctx, wf, _lawyer, client, _matter = office
    sweep(ctx.db, ctx.clock)

    run = list_runs(ctx.db, workflow_id=wf)[0]
    detail = load_run(ctx.db, run.id)
    lines = describe_run(detail.run, detail.names)

    assert detail.record_name == "Client Hélène Lefèvre"
    assert texts(lines) == [
        "Déclencheur : Seuil dépassé — Encours du client > 10\u202f000,00\u00a0€",
        "Aucune condition supplémentaire",
        "Alerte affichée à Paul Durand ; 1 e-mail(s) mis en file d'envoi : « Encours élevé : "
        "Hélène Lefèvre (12\u202f450,00\u00a0€) »",
        "Champ Suivi renforcé modifié : Non → Oui",
        "Résultat : Exécuté",
    ]
    assert [line.kind for line in lines] == ["trigger", "info", "action", "action", "info"]
    assert lines[-1].ok is True


def test_amounts_and_dates_are_french():
    assert format_value("10000.00", _money()) == "10\u202f000,00\u00a0€"
    assert format_value("2026-03-01", _date()) == "1er mars 2026"
    assert format_value(True) == "Oui"
    assert format_value(None) == "vide"
    assert format_value({"days_from_today": -30}) == "il y a 30 jours"


def _money():
    from themisia_desktop.core.automation.fields import resolve
    return resolve("contact", "contact.encours")


def _date():
    from themisia_desktop.core.automation.fields import resolve
    return resolve("matter", "matter.opened_on")


def test_a_condition_shows_the_value_found_and_its_result(office):
    ctx, wf, _lawyer, client, _matter = office
    doc = {"name": "Gros encours d'un client actif",
           "trigger": {"kind": "threshold", "record": "contact", "field": "contact.encours",
                       "op": "gt", "value": "10000.00"},
           "conditions": {"all": [
               {"field": "contact.encours", "op": "gt", "value": "10000.00"},
               {"field": "contact.status", "op": "eq", "value": "prospect"}]},
           "actions": [{"type": "set_field", "field": "contact.close_monitoring",
                        "value": True}]}
    other = create_workflow(ctx.db, ctx.clock, doc, enabled=True).id
    set_enabled(ctx.db, ctx.clock, wf, False)
    from themisia_desktop.core.automation.runner import run_workflow_in
    with ctx.db.write() as s:
        run_workflow_in(s, ctx.clock, other, entity_type="contact", entity_id=client,
                        trigger={"kind": "threshold", "record": "contact",
                                 "field": "contact.encours", "op": "gt", "value": "10000.00"})
    run = list_runs(ctx.db, workflow_id=other)[0]

    lines = describe_run(run)

    assert texts(lines)[1:4] == [
        "Toutes les conditions suivantes → fausse",
        "Condition « Encours du client est supérieur à 10\u202f000,00\u00a0€ » : "
        "12\u202f450,00\u00a0€ → vraie",
        "Condition « Statut du client est égal à Prospect » : Client actif → fausse",
    ]
    assert [line.ok for line in lines[1:4]] == [False, True, False]
    assert [line.depth for line in lines[1:4]] == [0, 1, 1]
    assert lines[-2].text == "Conditions non remplies : aucune action exécutée"
    assert summarize(run.outcome, run.conditions, run.actions, run.error, "contact") == (
        "Condition non remplie : « Statut du client est égal à Prospect » : Client actif")


def test_an_interrupted_loop_shows_the_chain(office):
    ctx, _wf, _lawyer, _client, matter = office
    wf = loop_scenario(ctx, matter)

    stopped = list_runs(ctx.db, workflow_id=wf)[0]
    lines = describe_run(stopped, trace_names(ctx.db))

    assert lines[0].text.startswith("Déclencheur : Changement de statut — Dossier, le 2 mars 2026 "
                                    "à 10:30")
    loop = [line for line in lines if line.kind == "loop"]
    assert [(line.text, line.ok) for line in loop] == [
        ("Boucle interrompue : « Remettre en cours » → « Remettre en cours »", False)]
    first = list_runs(ctx.db, workflow_id=wf)[1]
    assert "Champ Statut du dossier modifié : En attente → Ouvert" in texts(describe_run(first))


def test_a_failed_action_is_an_error_line(office):
    ctx, _wf, _lawyer, client, _matter = office
    wf = create_workflow(ctx.db, ctx.clock, {
        "name": "Tâche pour un groupe inconnu",
        "trigger": {"kind": "updated", "record": "contact"},
        "actions": [{"type": "set_field", "field": "contact.close_monitoring", "value": True},
                    {"type": "create_task", "title": "Appeler", "assignee": {"group": "Fantôme"},
                     "due_in_days": 1}]}, enabled=True).id
    from themisia_desktop.core.automation.runner import run_workflow_in
    with ctx.db.write() as s:
        run_workflow_in(s, ctx.clock, wf, entity_type="contact", entity_id=client,
                        trigger={"kind": "updated", "record": "contact"})

    lines = describe_run(list_runs(ctx.db, workflow_id=wf)[0])

    assert ("Champ Suivi renforcé modifié : Non → Oui — annulée (une action suivante a échoué)"
            in texts(lines))
    errors = [line for line in lines if line.kind == "error"]
    assert [e.text for e in errors] == [
        "Échec de l'action « Créer une tâche » : Groupe introuvable : « Fantôme »."]
    assert lines[-1].text == "Résultat : Erreur" and lines[-1].ok is False


def test_a_dry_run_says_what_would_happen(office):
    ctx, wf, _lawyer, client, _matter = office
    would = dry_run(ctx.db, ctx.clock, wf)
    assert [w.entity_id for w in would] == [client]
    lines = [line for a in would[0].actions for line in describe_action(
        a, "contact", trace_names(ctx.db))]
    assert texts(lines) == [
        "Prévenir (alerte et e-mail) Paul Durand : Encours élevé : Hélène Lefèvre "
        "(12\u202f450,00\u00a0€)",
        "Passer le champ Suivi renforcé à Oui (actuellement Non)",
    ]


def test_every_builtin_trigger_has_a_french_sentence():
    templates, problems = load_builtins()
    assert problems == []
    sentences = {t.key: describe_trigger(t.document["trigger"]) for t in templates}
    assert sentences["encours_client_eleve"] == \
        "Seuil dépassé — Encours du client > 10\u202f000,00\u00a0€"
    assert sentences["nouveau_dossier"] == "Création — Dossier"
    assert all("_" not in s and s for s in sentences.values()), sentences


def test_a_task_created_names_its_assignee_and_date():
    names = type("N", (), {"users": {7: "Claire Martin"}, "workflows": {}})()
    entry = {"action": "create_task", "created": {
        "title": "Relancer le client", "due_on": "2026-03-09", "assignee_ids": [7],
        "group_id": None, "task_ids": [3]}}
    assert texts(describe_action(entry, "matter", names)) == [
        "Tâche créée « Relancer le client » pour Claire Martin, à faire le 9 mars 2026"]
