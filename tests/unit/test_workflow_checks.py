"""References a workflow document makes to the firm's data (users, groups, templates…)."""

from __future__ import annotations

import json

from themisia_desktop.core.automation.builtins import builtins_dir, install_builtins
from themisia_desktop.core.automation.checks import check_references
from themisia_desktop.core.automation.graph import WorkflowGraph, blank_document
from themisia_desktop.core.models import Group, User
from tests.unit.matter_factory import make_user


def doc_with(*actions: dict, trigger: dict | None = None) -> dict:
    doc = blank_document("Contrôle")
    doc["actions"] = list(actions)
    if trigger is not None:
        doc["trigger"] = trigger
    return doc


def task_for(assignee: dict) -> dict:
    return {"type": "create_task", "title": "Appeler", "assignee": assignee, "due_in_days": 1}


def test_every_builtin_has_its_references_once_installed(firm_ctx):
    chain = json.loads((builtins_dir() / "chaine_onboarding_client.json").read_text("utf-8"))
    assert check_references(firm_ctx.db, chain) == [
        "Action 3 : le workflow « chaine_planification_procedure » n'est pas installé dans "
        "ce cabinet"]
    install_builtins(firm_ctx.db, firm_ctx.clock)
    for path in sorted(builtins_dir().glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert check_references(firm_ctx.db, doc) == [], path.name


def test_unknown_and_inactive_users(firm_ctx):
    with firm_ctx.db.write() as s:
        gone = make_user(s, "pdurand")
        s.get(User, gone).is_active = False
    admin = firm_ctx.current_user.id
    doc = doc_with(task_for({"user": admin}), task_for({"user": 999}),
                   {"type": "notify", "channels": ["popup"], "subject": "Objet", "body": "Texte",
                    "recipients": [{"role": "responsible"}, {"user": gone}]})
    assert check_references(firm_ctx.db, doc) == [
        "Action 2 : l'utilisateur n° 999 n'existe pas",
        f"Action 3 : l'utilisateur Paul Durand (n° {gone}) est désactivé",
    ]


def test_groups_are_found_ignoring_case(firm_ctx):
    with firm_ctx.db.write() as s:
        s.add(Group(name="Assistantes"))
    doc = doc_with(task_for({"group": "assistantes"}), task_for({"group": "Comptabilité externe"}))
    assert check_references(firm_ctx.db, doc) == [
        "Action 2 : le groupe « Comptabilité externe » n'existe pas"]


def test_document_templates_and_workflows(firm_ctx):
    from themisia_desktop.core.documents.templates import list_templates

    shipped = list_templates(None)[0]
    install_builtins(firm_ctx.db, firm_ctx.clock)
    doc = doc_with({"type": "create_document", "template": shipped.key},
                   {"type": "create_document", "template": "modele_absent"},
                   {"type": "start_workflow", "workflow": "chaine_relance_facturation"},
                   {"type": "start_workflow", "workflow": 4242},
                   {"type": "schedule", "in_days": 2,
                    "action": {"type": "start_workflow", "workflow": "inconnu"}},
                   trigger={"kind": "validated", "record": "workflow_run", "workflow": 777})
    assert check_references(firm_ctx.db, doc, data_dir=firm_ctx.dirs.data) == [
        "Déclencheur : le workflow n° 777 n'existe pas",
        "Action 2 : le modèle de document « modele_absent » est introuvable",
        "Action 4 : le workflow n° 4242 n'existe pas",
        "Action 5 (action différée) : le workflow « inconnu » n'est pas installé dans ce cabinet",
    ]


def test_reference_problems_land_on_their_node(firm_ctx):
    doc = doc_with(task_for({"role": "responsible"}), task_for({"user": 31}))
    graph = WorkflowGraph.from_document(doc)
    problems = check_references(firm_ctx.db, doc)
    assert graph.errors(extra=problems) == {
        "action/1": ["Action 2 : l'utilisateur n° 31 n'existe pas"]}


def test_malformed_documents_do_not_break_the_check(firm_ctx):
    assert check_references(firm_ctx.db, {"actions": "rien", "trigger": None}) == []
    assert check_references(firm_ctx.db, doc_with("x", {"type": "notify"})) == []
