"""The workflow document as an editable graph (core, no Qt)."""

from __future__ import annotations

import json

import pytest

from themisia_desktop.core.automation.builtins import builtins_dir
from themisia_desktop.core.automation.definition import parse_definition
from themisia_desktop.core.automation.graph import (
    DETACHED_ACTION,
    GraphEdge,
    GraphEditError,
    Names,
    WorkflowGraph,
    blank_document,
)

BUILTIN_FILES = sorted(builtins_dir().glob("*.json"))
TASK = {"type": "create_task", "title": "Rappeler le client", "assignee": {"role": "responsible"},
        "due_in_days": 2}


def load(name: str) -> dict:
    return json.loads((builtins_dir() / name).read_text(encoding="utf-8"))


def ids(graph: WorkflowGraph) -> list[str]:
    return [n.id for n in graph.nodes()]


def edges(graph: WorkflowGraph) -> list[tuple[str, str]]:
    return [(e.source, e.target) for e in graph.edges()]


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=lambda p: p.stem)
def test_every_builtin_round_trips_key_for_key_and_has_no_error(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    graph = WorkflowGraph.from_document(doc)
    assert json.dumps(graph.to_document()) == json.dumps(doc)
    assert graph.errors() == {}
    assert sum(n.kind == "action" for n in graph.nodes()) == len(doc["actions"])


def test_builtins_are_all_covered():
    assert len(BUILTIN_FILES) >= 8
    assert any(p.name == "chaine_onboarding_client.json" for p in BUILTIN_FILES)


def test_shape_of_a_workflow_with_conditions_and_french_titles():
    graph = WorkflowGraph.from_document(load("encours_dossier_sans_provision.json"))
    assert ids(graph) == ["trigger", "cond", "cond/0", "cond/1", "action/0"]
    assert edges(graph) == [("trigger", "cond"), ("cond", "cond/0"), ("cond", "cond/1"),
                            ("cond", "action/0")]
    titles = {n.id: n.title for n in graph.nodes()}
    assert titles["trigger"] == "Seuil dépassé : Encours du dossier > 20\u202f000,00\xa0€"
    assert titles["cond"] == "Toutes les conditions suivantes"
    assert titles["cond/1"] == "Statut du dossier parmi Ouvert, En attente"
    assert graph.node("cond").data == {"mode": "all"}
    assert graph.node("action/0").subtitle == "Action 1 · Notifier"


def test_chain_template_without_condition_goes_straight_to_the_actions():
    graph = WorkflowGraph.from_document(load("chaine_onboarding_client.json"))
    assert ids(graph) == ["trigger", "action/0", "action/1", "action/2"]
    assert edges(graph) == [("trigger", "action/0"), ("action/0", "action/1"),
                            ("action/1", "action/2")]
    assert graph.node("trigger").title == "Création : Dossier"


def test_edits_return_a_new_graph_and_leave_the_old_one_alone():
    doc = load("nouveau_dossier.json")
    before = WorkflowGraph.from_document(doc)
    after = before.with_node_data("action/0", {**doc["actions"][0], "due_in_days": 5})
    assert after.to_document()["actions"][0]["due_in_days"] == 5
    assert before.to_document() == doc
    assert after != before
    assert after.with_node_data("action/0", doc["actions"][0]) == before


def test_added_action_is_detached_until_connected():
    graph = WorkflowGraph.from_document(load("nouveau_dossier.json"))
    added = graph.add_node("action", TASK)
    assert added.focus == "draft/1" == graph.next_draft_id
    node = added.node("draft/1")
    assert node.detached and node.kind == "action"
    assert added.to_document() == graph.to_document()  # not in the document
    assert added.errors() == {"draft/1": [DETACHED_ACTION]}

    joined = added.connect("action/2", "draft/1")
    assert joined.focus == "action/3"
    assert joined.to_document()["actions"][3] == TASK
    assert ("action/2", "action/3") in edges(joined)
    assert joined.errors() == {}


def test_action_connected_to_the_trigger_comes_first():
    graph = WorkflowGraph.from_document(load("nouveau_dossier.json")).add_node("action", TASK)
    joined = graph.connect("trigger", "draft/1")
    assert joined.to_document()["actions"][0] == TASK
    assert edges(joined)[:2] == [("trigger", "action/0"), ("action/0", "action/1")]


def test_detached_draft_reports_its_own_mistakes_too():
    graph = WorkflowGraph.from_document(blank_document()).add_node(
        "action", {**TASK, "title": ""})
    assert graph.errors()["draft/1"] == [DETACHED_ACTION, "le titre est obligatoire"]


def test_disconnect_makes_a_draft_and_closes_the_chain():
    graph = WorkflowGraph.from_document(load("nouveau_dossier.json"))
    cut = graph.disconnect("action/0", "action/1")
    assert len(cut.to_document()["actions"]) == 2
    assert edges(cut) == [("trigger", "action/0"), ("action/0", "action/1")]
    assert cut.node("draft/1").detached
    assert cut.errors()["draft/1"] == [DETACHED_ACTION]
    with pytest.raises(GraphEditError):
        graph.disconnect("trigger", "action/2")


def test_remove_and_move_actions():
    doc = load("nouveau_dossier.json")
    graph = WorkflowGraph.from_document(doc)
    removed = graph.remove("action/1")
    assert removed.to_document()["actions"] == [doc["actions"][0], doc["actions"][2]]
    moved = graph.move_action("action/2", 0)
    assert moved.to_document()["actions"][0]["type"] == "notify"
    assert moved.focus == "action/0"
    with pytest.raises(GraphEditError, match="déclencheur"):
        graph.remove("trigger")


def test_conditions_become_root_then_join_a_group():
    comparison = {"field": "matter.status", "op": "eq", "value": "open"}
    graph = WorkflowGraph.from_document(load("nouveau_dossier.json"))
    one = graph.add_node("condition", comparison).connect("trigger", "draft/1")
    assert one.to_document()["conditions"] == comparison
    assert edges(one)[:2] == [("trigger", "cond"), ("cond", "action/0")]
    second = {"field": "matter.encours", "op": "gt", "value": "100.00"}
    two = one.add_node("condition", second).connect("cond", "draft/2")
    assert two.to_document()["conditions"] == {"all": [comparison, second]}
    assert two.focus == "cond/1"
    grouped = two.add_node("group", {"mode": "any"}).connect("cond", "draft/3")
    grouped = grouped.add_node("condition", comparison).connect("cond/2", "draft/4")
    assert grouped.to_document()["conditions"] == {
        "all": [comparison, second, {"any": [comparison]}]}
    assert "cond/2/0" in ids(grouped)
    parse_definition(grouped.to_document(), check_template=lambda *_: [])


def test_group_mode_changes_keep_the_children():
    a = {"field": "matter.status", "op": "eq", "value": "open"}
    b = {"field": "matter.status", "op": "eq", "value": "pending"}
    doc = {**load("nouveau_dossier.json"), "conditions": {"all": [a, b]}}
    graph = WorkflowGraph.from_document(doc)
    assert graph.with_node_data("cond", {"mode": "any"}).to_document()["conditions"] == \
        {"any": [a, b]}
    none_of = graph.with_node_data("cond", {"mode": "not"})
    assert none_of.to_document()["conditions"] == {"not": {"any": [a, b]}}
    assert none_of.node("cond").data == {"mode": "not"}
    single = graph.remove("cond/1").with_node_data("cond", {"mode": "not"})
    assert single.to_document()["conditions"] == {"not": a}
    assert ids(single)[:3] == ["trigger", "cond", "cond/0"]


def test_removing_the_root_condition_leaves_no_condition():
    graph = WorkflowGraph.from_document(load("echeance_j_moins_3.json"))
    assert graph.remove("cond").to_document()["conditions"] == {}
    assert "cond" not in ids(graph.remove("cond"))


def test_workflow_props():
    graph = WorkflowGraph.from_document(blank_document()).set_workflow_props(
        name="Relance", late_policy={"mode": "skip_older_than", "days": 2})
    doc = graph.to_document()
    assert (doc["name"], doc["description"]) == ("Relance", "")
    assert graph.workflow_data()["late_policy"] == {"mode": "skip_older_than", "days": 2}


def test_errors_are_mapped_to_their_node():
    doc = load("encours_dossier_sans_provision.json")
    doc["trigger"]["value"] = "beaucoup"
    doc["conditions"]["all"][1]["field"] = "matter.inconnu"
    doc["actions"][0]["recipients"] = []
    doc["name"] = ""
    errors = WorkflowGraph.from_document(doc).errors()
    assert set(errors) == {"trigger", "cond/1", "action/0", "workflow"}
    assert errors["action/0"] == ["Action 1 : il faut au moins un destinataire"]
    assert errors["workflow"] == ["Nom : le nom du workflow est obligatoire"]
    assert errors["trigger"][0].startswith("Déclencheur : Montant invalide")


def test_nested_action_and_extra_messages_map_to_the_action():
    graph = WorkflowGraph.from_document(load("facture_validee.json"))
    assert graph.error_node("Action 2 (action différée) : le titre est obligatoire") == "action/1"
    errors = graph.errors(extra=["Action 1 : l'utilisateur n° 9 n'existe pas"])
    assert errors == {"action/0": ["Action 1 : l'utilisateur n° 9 n'existe pas"]}
    assert graph.error_node("Action 9 : x") == "workflow"


def test_blank_workflow_needs_an_action():
    graph = WorkflowGraph.from_document(blank_document())
    assert ids(graph) == ["trigger"]
    assert graph.errors() == {"workflow": ["Actions : il faut au moins une action"]}
    assert graph.error_count() == 1


def test_connect_refuses_what_makes_no_sense():
    graph = WorkflowGraph.from_document(load("nouveau_dossier.json"))
    with pytest.raises(GraphEditError, match="déjà relié"):
        graph.connect("trigger", "action/1")
    cond = graph.add_node("condition", {"field": "matter.status", "op": "eq", "value": "open"})
    with pytest.raises(GraphEditError, match="avant les actions"):
        cond.connect("action/0", "draft/1")
    with pytest.raises(GraphEditError):
        graph.add_node("trigger", {})
    assert GraphEdge("trigger", "action/0") in graph.edges()


def test_titles_use_the_names_the_editor_knows():
    doc = load("nouveau_dossier.json")
    doc["actions"][2]["recipients"] = [{"user": 4}, {"group": "Associés"}]
    doc["actions"].append({"type": "start_workflow", "workflow": "chaine_relance_facturation"})
    graph = WorkflowGraph.from_document(doc)
    plain = {n.id: n.title for n in graph.nodes()}
    assert plain["action/2"].startswith("Notifier utilisateur n° 4, groupe Associés : ")
    named = {n.id: n.title for n in graph.nodes(Names(
        users={4: "Hélène Lefèvre"}, workflows={"chaine_relance_facturation": "Relance"}))}
    assert named["action/2"].startswith("Notifier Hélène Lefèvre, groupe Associés : ")
    assert named["action/3"] == "Démarrer « Relance »"


def test_errors_with_a_custom_template_checker():
    graph = WorkflowGraph.from_document(load("nouveau_dossier.json"))
    errors = graph.errors(lambda text, _fields: ["modèle refusé"] if "conflits" in text else [])
    assert errors == {"action/0": ["Action 1 : le titre : modèle refusé",
                                   "Action 1 : la description : modèle refusé"],
                      "action/2": ["Action 3 : le message : modèle refusé"]}
