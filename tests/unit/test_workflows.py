"""Saving workflows as versions, enabling them, and moving them between firms as files."""

from __future__ import annotations

import copy
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from themisia_desktop.core.automation.definition import DefinitionError
from themisia_desktop.core.automation.workflows import (
    create_workflow,
    export_workflow,
    get_workflow,
    import_workflow,
    list_versions,
    list_workflows,
    save_version,
    set_enabled,
)
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.models import Workflow, WorkflowVersion

DOC = {
    "schema_version": 1,
    "name": "Provision en retard",
    "description": "Aucune provision reçue depuis 60 jours",
    "trigger": {"kind": "threshold", "record": "matter",
                "field": "matter.jours_depuis_derniere_provision", "op": "gt", "value": 60},
    "conditions": {"field": "matter.status", "op": "in", "value": ["open", "pending"]},
    "actions": [{"type": "create_task", "title": "Demander une provision pour {{ matter.reference }}",
                 "assignee": {"role": "responsible"}, "due_in_days": 3}],
    "late_policy": {"mode": "fire_late"},
}


def with_changes(**changes):
    data = copy.deepcopy(DOC)
    data.update(changes)
    return data


def count(db, model) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_a_new_workflow_is_version_1_disabled_and_listed(firm_ctx):
    ctx = firm_ctx
    info = create_workflow(ctx.db, ctx.clock, DOC, user_id=ctx.current_user.id)
    assert (info.name, info.enabled, info.current_version, info.trigger_kind, info.record_type) \
        == ("Provision en retard", False, 1, "threshold", "matter")
    detail = get_workflow(ctx.db, info.id)
    assert detail.version == 1 and detail.saved_by_id == ctx.current_user.id
    assert detail.saved_at == ctx.clock.now()
    assert detail.definition.to_json() == DOC
    assert [w.id for w in list_workflows(ctx.db)] == [info.id]
    assert list_workflows(ctx.db, enabled_only=True) == []


def test_each_save_is_a_new_version_and_older_ones_stay_readable(firm_ctx):
    ctx = firm_ctx
    info = create_workflow(ctx.db, ctx.clock, DOC)
    ctx.clock.advance(timedelta(hours=1))
    changed = with_changes(name="Relance création de dossier",
                           trigger={"kind": "created", "record": "matter"})
    saved = save_version(ctx.db, ctx.clock, info.id, changed, user_id=ctx.current_user.id)
    assert (saved.current_version, saved.trigger_kind, saved.name) == \
        (2, "created", "Relance création de dossier")
    assert get_workflow(ctx.db, info.id).definition.trigger.kind == "created"
    assert get_workflow(ctx.db, info.id, version=1).definition.trigger.kind == "threshold"
    assert [(v.version, v.name) for v in list_versions(ctx.db, info.id)] == [
        (2, "Relance création de dossier"), (1, "Provision en retard")]
    with pytest.raises(NotFoundError):
        get_workflow(ctx.db, info.id, version=7)


def test_a_bad_document_changes_nothing(firm_ctx):
    ctx = firm_ctx
    info = create_workflow(ctx.db, ctx.clock, DOC)
    bad = with_changes(actions=[{"type": "create_task", "title": "x",
                                 "assignee": {"role": "responsible"}, "due_in_days": -2}])
    with pytest.raises(DefinitionError) as err:
        save_version(ctx.db, ctx.clock, info.id, bad)
    assert err.value.errors == ["Action 1 : le délai doit être un nombre de jours positif ou nul"]
    assert get_workflow(ctx.db, info.id).version == 1
    assert count(ctx.db, WorkflowVersion) == 1
    with pytest.raises(DefinitionError):
        create_workflow(ctx.db, ctx.clock, with_changes(name="Autre", actions=[]))
    assert count(ctx.db, Workflow) == 1


def test_two_workflows_cannot_share_a_name(firm_ctx):
    ctx = firm_ctx
    create_workflow(ctx.db, ctx.clock, DOC)
    other = create_workflow(ctx.db, ctx.clock, with_changes(name="Autre règle"))
    with pytest.raises(ValidationError) as err:
        create_workflow(ctx.db, ctx.clock, with_changes(name="provision en retard"))
    assert (err.value.field, err.value.message) == ("name", "Un workflow porte déjà ce nom.")
    with pytest.raises(ValidationError):
        save_version(ctx.db, ctx.clock, other.id, DOC)
    assert count(ctx.db, Workflow) == 2


def test_names_differing_only_by_case_or_accents_clash(firm_ctx):
    ctx = firm_ctx
    create_workflow(ctx.db, ctx.clock, with_changes(name="Échéance à J-3"))
    for clash in ("Échéance à J-3", "ÉCHÉANCE À J-3", "echeance a j-3", "Echéance  à J-3"):
        with pytest.raises(ValidationError) as err:
            create_workflow(ctx.db, ctx.clock, with_changes(name=clash))
        assert (err.value.field, err.value.message) == ("name", "Un workflow porte déjà ce nom.")
    other = create_workflow(ctx.db, ctx.clock, with_changes(name="Échéance à J-5"))
    with pytest.raises(ValidationError):
        save_version(ctx.db, ctx.clock, other.id, with_changes(name="ÉCHÉANCE à J-3"))
    # Its own name, re-cased, is not a clash with itself.
    renamed = save_version(ctx.db, ctx.clock, other.id, with_changes(name="ÉCHÉANCE À J-5"))
    assert renamed.name == "ÉCHÉANCE À J-5" and renamed.current_version == 2
    assert count(ctx.db, Workflow) == 2


def test_an_accented_name_imported_twice_gets_free_suffixes(firm_ctx):
    ctx = firm_ctx
    info = create_workflow(ctx.db, ctx.clock, with_changes(name="Échéance procédure"))
    text = export_workflow(ctx.db, info.id)
    first = import_workflow(ctx.db, ctx.clock, text)
    second = import_workflow(ctx.db, ctx.clock, text.replace("Échéance procédure",
                                                             "échéance PROCÉDURE"))
    # « (2) » is taken by the first import, whatever the case and accents.
    assert (first.name, second.name) == ("Échéance procédure (2)", "échéance PROCÉDURE (3)")
    assert count(ctx.db, Workflow) == 3


def test_enabling_is_not_a_new_version(firm_ctx):
    ctx = firm_ctx
    info = create_workflow(ctx.db, ctx.clock, DOC)
    other = create_workflow(ctx.db, ctx.clock, with_changes(name="Autre règle"))
    on = set_enabled(ctx.db, ctx.clock, info.id, True)
    assert on.enabled and on.current_version == 1 and on.record_type == "matter"
    assert [w.id for w in list_workflows(ctx.db, enabled_only=True)] == [info.id]
    set_enabled(ctx.db, ctx.clock, info.id, False)
    assert list_workflows(ctx.db, enabled_only=True) == []
    assert [w.name for w in list_workflows(ctx.db)] == ["Autre règle", "Provision en retard"]
    assert other.id != info.id
    with pytest.raises(NotFoundError):
        set_enabled(ctx.db, ctx.clock, 999, True)


def test_export_then_import_gives_the_same_document_under_a_free_name(firm_ctx):
    ctx = firm_ctx
    info = create_workflow(ctx.db, ctx.clock, DOC, enabled=True, builtin_key="provision_60j")
    text = export_workflow(ctx.db, info.id)
    payload = json.loads(text)
    assert payload["format"] == "themisia-workflow" and payload["format_version"] == 1
    assert payload["workflow"]["schema_version"] == 1
    assert "Provision en retard" in text  # readable UTF-8, not \u escapes

    first = import_workflow(ctx.db, ctx.clock, text, user_id=ctx.current_user.id)
    second = import_workflow(ctx.db, ctx.clock, text)
    assert (first.name, second.name) == ("Provision en retard (2)", "Provision en retard (3)")
    assert not first.enabled and first.builtin_key is None  # the key stays with the original
    imported = get_workflow(ctx.db, first.id).definition.to_json()
    assert imported == {**DOC, "name": "Provision en retard (2)"}


def test_an_imported_file_is_checked_before_anything_is_created(firm_ctx):
    ctx = firm_ctx
    with pytest.raises(DefinitionError) as err:
        import_workflow(ctx.db, ctx.clock, "pas du json")
    assert err.value.errors == ["Le fichier n'est pas un document JSON valide"]
    with pytest.raises(DefinitionError) as err:
        import_workflow(ctx.db, ctx.clock, json.dumps({"name": "x"}))
    assert err.value.errors == ["Ce fichier n'est pas un workflow Themisia exporté"]
    broken = {"format": "themisia-workflow", "format_version": 1,
              "workflow": with_changes(conditions={"field": "matter.encours", "op": "gt",
                                                   "value": "beaucoup"})}
    with pytest.raises(DefinitionError) as err:
        import_workflow(ctx.db, ctx.clock, json.dumps(broken))
    assert err.value.errors == ["Conditions : Montant invalide pour le champ Encours du dossier"]
    newer = {"format": "themisia-workflow", "format_version": 2, "workflow": DOC}
    with pytest.raises(DefinitionError):
        import_workflow(ctx.db, ctx.clock, json.dumps(newer))
    assert count(ctx.db, Workflow) == 0


def test_a_workflow_naming_a_user_who_left_cannot_be_switched_on(firm_ctx):
    from themisia_desktop.core.models import User

    ctx = firm_ctx
    actions = [{"type": "create_task", "title": "Appeler le client",
                "assignee": {"user": ctx.current_user.id}, "due_in_days": 1}]
    info = create_workflow(ctx.db, ctx.clock, with_changes(actions=actions))
    with ctx.db.write() as s:
        s.get(User, ctx.current_user.id).is_active = False

    with pytest.raises(DefinitionError) as refused:
        set_enabled(ctx.db, ctx.clock, info.id, True)

    assert refused.value.errors == [
        "Action 1 : l'utilisateur Hélène Lefèvre (n° %d) est désactivé" % ctx.current_user.id]
    assert list_workflows(ctx.db, enabled_only=True) == []
    set_enabled(ctx.db, ctx.clock, info.id, False)  # switching off is always possible
