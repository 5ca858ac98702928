"""The workflow document: parsing, every kind of mistake in French, triggers and dates."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest

from themisia_desktop.core.automation.conditions import Comparison
from themisia_desktop.core.automation.definition import (
    SCHEMA_VERSION,
    Assignee,
    CreateTask,
    DefinitionError,
    Notify,
    Schedule,
    SetField,
    latest_base_date,
    parse_definition,
    shift_date,
)
from themisia_desktop.core.automation.events import EventKind
from themisia_desktop.core.errors import ValidationError

GOOD = {
    "schema_version": 1,
    "name": "Encours élevé",
    "description": "Prévenir l'associé responsable",
    "trigger": {"kind": "threshold", "record": "matter", "field": "matter.encours", "op": "gt",
                "value": "20000.00"},
    "conditions": {"all": [{"field": "matter.status", "op": "eq", "value": "open"}]},
    "actions": [
        {"type": "notify", "channels": ["popup", "email"], "recipients": [{"role": "responsible"}],
         "subject": "Encours élevé : {{ matter.reference }}",
         "body": "Le dossier de {{ client.display_name }} dépasse le seuil."},
        {"type": "schedule", "in_days": 30,
         "action": {"type": "create_task", "title": "Relancer {{ client.display_name }}",
                    "assignee": {"group": "Associés"}, "due_in_days": 2}},
        {"type": "set_field", "field": "matter.status", "value": "pending"},
        {"type": "create_appointment", "title": "Point", "in_days": 7, "time": "14:30",
         "duration_minutes": 45, "attendees": [{"user": 1}, {"role": "assignees"}]},
        {"type": "create_document", "template": "relance_honoraires.docx"},
        {"type": "start_workflow", "workflow": "relance_facture"},
    ],
    "late_policy": {"mode": "skip_older_than", "days": 3},
}


def no_template_problem(text, fields):
    return []


def doc(**changes):
    data = copy.deepcopy(GOOD)
    data.update(changes)
    return data


def errors_of(data, checker=no_template_problem) -> list[str]:
    with pytest.raises(DefinitionError) as err:
        parse_definition(data, check_template=checker)
    assert isinstance(err.value, ValidationError)
    return err.value.errors


def test_a_good_document_is_typed_and_goes_back_to_the_same_json():
    d = parse_definition(GOOD, check_template=no_template_problem)
    assert d.record_type == "matter"
    assert d.trigger.as_condition() == Comparison("matter.encours", "gt", Decimal("20000.00"))
    assert d.trigger.is_time_based and d.trigger.event_kinds() == ()
    assert isinstance(d.actions[0], Notify) and d.actions[0].channels == ("popup", "email")
    assert d.actions[1] == Schedule(30, CreateTask("Relancer {{ client.display_name }}",
                                                   Assignee("group", "Associés"), 2))
    assert d.actions[2] == SetField("matter.status", "pending")
    assert d.late_policy.days == 3
    assert d.to_json() == GOOD
    assert parse_definition(d.to_json(), check_template=no_template_problem) == d


def test_the_real_template_checker_is_used_by_default():
    bad = doc(actions=[{"type": "create_task", "title": "Relancer {{ matter.inconnu }}",
                        "assignee": {"role": "responsible"}}])
    problems = errors_of(bad, checker=None)
    assert len(problems) == 1 and problems[0].startswith("Action 1 : le titre : ")
    assert "matter.inconnu" in problems[0]


def test_template_problems_come_from_the_injected_checker_with_the_allowed_fields():
    seen = []

    def checker(text, fields):
        seen.append(set(fields))
        return ["accolade non fermée"] if "{{" in text and "}}" not in text else []

    bad = doc(actions=[{"type": "notify", "channels": ["popup"], "recipients": [{"user": 2}],
                        "subject": "Bonjour {{ client.display_name", "body": "Texte"}])
    assert errors_of(bad, checker) == ["Action 1 : l'objet : accolade non fermée"]
    assert "client.encours" in seen[0] and "matter.reference" in seen[0]


def test_every_mistake_is_listed_at_once_with_its_place():
    bad = doc(name=" ", late_policy={"mode": "plus_tard"}, extra=1, actions=[
        {"type": "create_task", "title": "", "assignee": {"role": "chef"}, "due_in_days": -1},
        {"type": "schedule", "in_days": 0,
         "action": {"type": "schedule", "in_days": 2, "action": {}}},
        {"type": "set_field", "field": "matter.title", "value": "x"},
        {"type": "set_field", "field": "matter.status", "value": "fermé"},
        {"type": "notify", "channels": ["sms"], "recipients": [], "subject": "Objet",
         "body": "Texte"},
        {"type": "create_appointment", "title": "RDV", "time": "25:00", "duration_minutes": 0,
         "attendees": [{"group": ""}]},
        {"type": "create_document"},
        {"type": "start_workflow", "workflow": 0},
        {"type": "send_sms"},
    ])
    assert errors_of(bad) == [
        "Document : clé inconnue « extra »",
        "Nom : le nom du workflow est obligatoire",
        "Action 1 : le titre est obligatoire",
        "Action 1 : rôle inconnu « chef » (possibles : responsible, assignees, current_user)",
        "Action 1 : le délai doit être un nombre de jours positif ou nul",
        "Action 2 : le délai doit être un nombre de jours positif",
        "Action 2 (action différée) : une action différée ne peut pas en contenir une autre",
        "Action 3 : le champ Intitulé du dossier ne peut pas être modifié par un workflow",
        "Action 4 : Valeur « fermé » inconnue pour le champ Statut du dossier "
        "(valeurs possibles : Ouvert, En attente, Clôturé, Archivé)",
        "Action 5 : les canaux sont « popup » et/ou « email »",
        "Action 5 : il faut au moins un destinataire",
        "Action 6 : l'heure s'écrit HH:MM (exemple : 14:30)",
        "Action 6 : la durée doit être un nombre de minutes positif",
        "Action 6 : destinataire invalide : {\"user\": n°}, {\"group\": nom} ou {\"role\": …} "
        "attendu",
        "Action 7 : le modèle de document est obligatoire",
        "Action 8 : le workflow à démarrer est un numéro ou une clé",
        "Action 9 : type d'action inconnu « send_sms »",
        "Retard : le mode est « fire_late » ou « skip_older_than »",
    ]


@pytest.mark.parametrize("trigger, message", [
    ({"kind": "when", "record": "matter"},
     "Déclencheur : type de déclencheur inconnu « when » (possibles : created, updated, "
     "threshold, date, validated)"),
    ({"kind": "created", "record": "dossier"},
     "Déclencheur : type d'enregistrement « dossier » impossible ici (possibles : contact, "
     "matter, invoice, task, deadline, provision, time_entry, appointment, workflow_run)"),
    ({"kind": "threshold", "record": "matter", "field": "matter.title", "op": "gt", "value": "1"},
     "Déclencheur : un seuil porte sur un montant ou un nombre, pas sur « Intitulé du dossier »"),
    ({"kind": "threshold", "record": "matter", "field": "matter.encours", "op": "gt",
      "value": "abc"},
     "Déclencheur : Montant invalide pour le champ Encours du dossier"),
    ({"kind": "threshold", "record": "matter", "field": "matter.encours", "op": "eq",
      "value": "1"},
     "Déclencheur : l'opérateur d'un seuil est lt, le, gt ou ge"),
    ({"kind": "date", "record": "deadline", "field": "deadline.title", "offset_days": -7},
     "Déclencheur : « Intitulé de l'échéance » n'est pas une date"),
    ({"kind": "date", "record": "deadline", "field": "deadline.due_on", "offset_days": "7"},
     "Déclencheur : le décalage doit être un nombre entier de jours (négatif = avant la date)"),
    ({"kind": "updated", "record": "matter", "field": "client.status"},
     "Déclencheur : seul un champ de l'enregistrement lui-même peut être surveillé "
     "(pas « Statut du client »)"),
    ({"kind": "updated", "record": "matter", "field": "matter.status", "to": "fini"},
     "Déclencheur : Valeur « fini » inconnue pour le champ Statut du dossier "
     "(valeurs possibles : Ouvert, En attente, Clôturé, Archivé)"),
    ({"kind": "updated", "record": "matter", "field": "matter.opened_on", "to": "2026-01-01"},
     "Déclencheur : « to » n'est possible que pour un statut, un texte ou un oui/non"),
    ({"kind": "validated", "record": "matter"},
     "Déclencheur : type d'enregistrement « matter » impossible ici (possibles : task, invoice, "
     "workflow_run)"),
    ({"kind": "created", "record": "matter", "field": "matter.status"},
     "Déclencheur : clé inconnue « field » pour ce déclencheur"),
])
def test_trigger_mistakes(trigger, message):
    assert errors_of(doc(trigger=trigger, conditions=None, actions=[
        {"type": "start_workflow", "workflow": 3}])) == [message]


def test_a_document_from_a_newer_version_or_without_actions_is_refused():
    assert errors_of(doc(schema_version=SCHEMA_VERSION + 1, actions=[])) == [
        "Document : ce workflow vient d'une version plus récente de Themisia (schéma 2) ; "
        "mettez l'application à jour",
        "Actions : il faut au moins une action",
    ]
    assert errors_of("{pas du json") == ["Le fichier n'est pas un document JSON valide"]


def test_conditions_are_checked_against_the_trigger_record_type():
    bad = doc(conditions={"field": "invoice.status", "op": "eq", "value": "paid"})
    assert errors_of(bad) == ["Conditions : Champ inconnu pour dossier : « invoice.status »"]


def test_an_update_trigger_matches_the_events_of_its_field_and_values():
    d = parse_definition(doc(trigger={"kind": "updated", "record": "matter",
                                      "field": "matter.status", "from": "open", "to": "closed"}),
                         check_template=no_template_problem)
    t = d.trigger
    assert t.matches_event(EventKind.STATUS_CHANGED, "matter",
                           {"changes": {"status": ["open", "closed"]}})
    assert not t.matches_event(EventKind.UPDATED, "matter",
                               {"changes": {"status": ["pending", "closed"]}})
    assert not t.matches_event(EventKind.UPDATED, "matter", {"changes": {"title": ["a", "b"]}})
    assert not t.matches_event(EventKind.UPDATED, "task", {"changes": {"status": ["open", "closed"]}})
    assert not t.matches_event(EventKind.CREATED, "matter", {})


def test_validation_triggers_listen_to_completion_validation_and_run_end():
    def trig(record, **extra):
        return parse_definition(doc(trigger={"kind": "validated", "record": record, **extra},
                                    conditions=None,
                                    actions=[{"type": "start_workflow", "workflow": 3}]),
                                check_template=no_template_problem).trigger

    assert trig("task").event_kinds() == (EventKind.COMPLETED,)
    assert trig("invoice").matches_event(EventKind.VALIDATED, "invoice", {})
    run = trig("workflow_run", workflow="relance_facture")
    assert run.matches_event(EventKind.RUN_FINISHED, "workflow_run",
                             {"builtin_key": "relance_facture"})
    assert not run.matches_event(EventKind.RUN_FINISHED, "workflow_run", {"workflow_id": 9})


def test_working_days_skip_weekends_and_french_public_holidays():
    # Thursday 30 April 2026; 1 May (Friday) is a public holiday.
    assert shift_date(date(2026, 4, 30), 1, working_days=True) == date(2026, 5, 4)
    assert shift_date(date(2026, 5, 4), -1, working_days=True) == date(2026, 4, 30)
    assert shift_date(date(2026, 4, 30), 1) == date(2026, 5, 1)
    # Alsace-Moselle: Saint-Étienne (26 December) is not worked either.
    assert shift_date(date(2026, 12, 24), 1, working_days=True) == date(2026, 12, 28)
    assert shift_date(date(2026, 12, 24), 1, working_days=True,
                      alsace_moselle=True) == date(2026, 12, 28)
    assert shift_date(date(2025, 12, 24), 1, working_days=True) == date(2025, 12, 26)
    assert shift_date(date(2025, 12, 24), 1, working_days=True,
                      alsace_moselle=True) == date(2025, 12, 29)


@pytest.mark.parametrize("offset", [-10, -3, -1, 0, 1, 5])
def test_latest_base_date_is_the_last_date_already_due(offset):
    today = date(2026, 5, 4)
    for working in (False, True):
        cut = latest_base_date(today, offset, working_days=working)
        assert shift_date(cut, offset, working_days=working) <= today
        later = date.fromordinal(cut.toordinal() + 1)
        assert shift_date(later, offset, working_days=working) > today


def test_a_date_trigger_gives_the_sweep_the_records_whose_alert_day_has_come():
    d = parse_definition(doc(trigger={"kind": "date", "record": "deadline",
                                      "field": "deadline.due_on", "offset_days": -2,
                                      "working_days": True},
                             conditions={"field": "deadline.status", "op": "eq",
                                         "value": "pending"},
                             actions=[{"type": "notify", "channels": ["popup"],
                                       "recipients": [{"role": "responsible"}],
                                       "subject": "Échéance {{ deadline.title }}",
                                       "body": "Le {{ deadline.due_on }}"}]),
                         check_template=no_template_problem)
    # Thursday 30 April 2026: two working days before Tuesday 5 May (1 May is a holiday).
    assert d.trigger.due_condition(date(2026, 4, 30)) == \
        Comparison("deadline.due_on", "le", date(2026, 5, 5))
    assert d.trigger.event_kinds() == () and d.trigger.as_condition() is None
