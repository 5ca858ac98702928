"""The catalogue of record types and fields a workflow can look at."""

from __future__ import annotations

import pytest

from themisia_desktop.core.automation.fields import (
    WATCHED_RECORD_TYPES,
    FieldType,
    UnknownField,
    catalogue,
    field_paths,
    merge_fields,
    resolve,
    writable_fields,
)


def test_the_watched_record_types_are_the_ones_workflows_need():
    assert set(WATCHED_RECORD_TYPES) == {"contact", "matter", "invoice", "task", "deadline",
                                         "provision", "time_entry", "appointment", "workflow_run"}
    assert "user" not in WATCHED_RECORD_TYPES  # reachable through relations only


def test_a_matter_sees_its_own_fields_its_client_and_its_responsible():
    fields = {f.path: f for f in catalogue("matter")}
    assert fields["matter.encours"].label == "Encours du dossier"
    assert fields["matter.encours"].type is FieldType.MONEY
    assert fields["matter.jours_depuis_derniere_provision"].type is FieldType.INTEGER
    assert fields["client.encours"].label == "Encours du client"
    assert fields["client.solde_du"].type is FieldType.MONEY
    assert fields["responsible.email"].label == "Responsable du dossier : E-mail"
    assert ("closed", "Clôturé") in fields["matter.status"].choices
    assert list(field_paths("matter"))[0].startswith("matter.")  # own fields first


def test_related_records_are_reached_through_named_relations():
    task_paths = set(field_paths("task"))
    assert {"task.status", "matter.status", "matter.client.encours",
            "matter.responsible.email", "assignee.email"} <= task_paths
    invoice_paths = set(field_paths("invoice"))
    assert {"matter.encours", "client.solde_du", "invoice.reste_du"} <= invoice_paths
    rf = resolve("task", "matter.client.status")
    assert [h.name for h in rf.hops] == ["matter", "client"]
    assert rf.label == "Statut du client"


def test_a_contact_is_also_called_client():
    assert resolve("contact", "client.encours").field.name == "encours"
    assert resolve("contact", "contact.encours").is_own


@pytest.mark.parametrize("path", ["matter.nope", "encours", "client.matter.status",
                                  "matter.client.owner.email.x", "invoice.status"])
def test_unknown_paths_are_refused_in_french(path):
    with pytest.raises(UnknownField) as err:
        resolve("matter", path)
    assert str(err.value) == f"Champ inconnu pour dossier : « {path} »"


def test_only_a_few_fields_may_be_changed_by_a_workflow():
    assert [f.path for f in writable_fields("matter")] == ["matter.status", "client.close_monitoring"]
    assert "contact.close_monitoring" in {f.path for f in writable_fields("contact")}
    assert {f.path for f in writable_fields("task")} >= {"task.status", "task.due_on",
                                                         "matter.status"}
    assert not resolve("matter", "matter.encours").field.writable


def test_templates_may_use_the_same_dotted_names():
    fields = merge_fields("invoice")
    assert {"invoice.number", "client.display_name", "matter.reference",
            "matter.responsible.last_name"} <= fields
