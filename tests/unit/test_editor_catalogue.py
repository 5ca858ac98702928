"""The data the workflow editor's pickers offer: users, groups, templates, workflows."""

from __future__ import annotations

import shutil

from themisia_desktop.core.automation.builtins import load_builtins
from themisia_desktop.core.automation.editor_catalogue import (
    EMPTY_CATALOGUE,
    EditorCatalogue,
    load_catalogue,
)
from themisia_desktop.core.automation.workflows import create_workflow
from themisia_desktop.core.documents.templates import default_templates_dir
from themisia_desktop.core.firm.settings import set_setting
from themisia_desktop.core.models import Group, User
from tests.unit.matter_factory import make_user

OWN_WORKFLOW = {
    "schema_version": 1, "name": "Alerte facture douteuse", "description": "",
    "trigger": {"kind": "created", "record": "invoice"}, "conditions": {},
    "actions": [{"type": "set_field", "field": "invoice.is_doubtful", "value": True}],
    "late_policy": {"mode": "fire_late"},
}


def test_empty_catalogue_offers_nothing():
    assert EMPTY_CATALOGUE == EditorCatalogue((), (), (), ())
    assert EMPTY_CATALOGUE.user_name(1) is None


def test_users_are_the_active_ones_with_their_full_name(firm_ctx):
    db = firm_ctx.db
    with db.write() as s:
        paul = make_user(s, "pdurand", first="Paul", last="Durand")
        gone = make_user(s, "aancien", first="Anne", last="Ancien")
        s.get(User, gone).is_active = False
        s.add_all([Group(name="Comptabilité"), Group(name="Accueil")])
    cat = load_catalogue(db)
    names = dict(cat.users)
    assert names[paul] == "Paul Durand"
    assert names[firm_ctx.current_user.id] == "Hélène Lefèvre"
    assert gone not in names
    assert [n for _, n in cat.users] == ["Paul Durand", "Hélène Lefèvre"]  # by last name
    assert {"Comptabilité", "Accueil"} <= set(cat.groups)
    assert list(cat.groups) == sorted(cat.groups, key=str.casefold)
    assert cat.user_name(paul) == "Paul Durand"


def test_templates_are_the_shipped_ones_then_the_firm_store(firm_ctx, tmp_path):
    db = firm_ctx.db
    shipped = load_catalogue(db).document_templates
    assert ("default:convention_honoraires", "Convention d'honoraires") in shipped
    assert ("default:lettre_mission", "Lettre de mission") in shipped

    store = tmp_path / "documents_cabinet"
    (store / "modeles").mkdir(parents=True)
    shutil.copy(default_templates_dir() / "lettre_mission.docx",
                store / "modeles" / "relance_client.docx")
    set_setting(db, "document_store", str(store))
    keys = dict(load_catalogue(db).document_templates)
    assert keys["firm:relance_client"] == "Relance client (modèle du cabinet)"

    set_setting(db, "document_store", "")  # default store: <data_dir>/documents
    data_dir = tmp_path / "data"
    (data_dir / "documents" / "modeles").mkdir(parents=True)
    shutil.copy(default_templates_dir() / "lettre_mission.docx",
                data_dir / "documents" / "modeles" / "mise_en_demeure.docx")
    keys = dict(load_catalogue(db, data_dir=data_dir).document_templates)
    assert "firm:mise_en_demeure" in keys and "firm:relance_client" not in keys
    assert "firm:mise_en_demeure" not in dict(load_catalogue(db).document_templates)


def test_workflows_are_builtins_by_key_and_the_firms_own_by_id(firm_ctx):
    db = firm_ctx.db
    own = create_workflow(db, firm_ctx.clock, OWN_WORKFLOW, user_id=firm_ctx.current_user.id)
    cat = load_catalogue(db)
    builtins, problems = load_builtins()
    assert problems == []
    by_key = dict(cat.workflows)
    for b in builtins:  # installed with the firm, each offered once, by its key
        assert by_key[b.key] == b.definition.name
    assert by_key[own.id] == "Alerte facture douteuse"
    assert len(cat.workflows) == len(builtins) + 1
    assert cat.workflow_name("chaine_planification_procedure") == \
        "Chaîne 2/3 : planification de la procédure"
