"""Kinds of notification, so each user can choose pop-up, e-mail or both per kind.

A workflow's notification is of the kind of the record it is about (« Alertes sur les
dossiers », « Échéances »…); other messages use their own kind.
"""

from __future__ import annotations

KINDS: dict[str, str] = {
    "alert.contact": "Alertes sur les clients et contacts",
    "alert.matter": "Alertes sur les dossiers",
    "alert.invoice": "Alertes sur les factures",
    "alert.provision": "Alertes sur les provisions",
    "alert.time_entry": "Alertes sur les temps passés",
    "alert.task": "Tâches",
    "alert.deadline": "Échéances",
    "alert.appointment": "Rendez-vous",
    "alert.workflow_run": "Enchaînements d'automatisations",
    "workflow": "Autres alertes des automatisations",
}


def kind_for_record(record_type: str | None) -> str:
    """The notification kind of a workflow alert about a record of ``record_type``."""
    kind = f"alert.{record_type}"
    return kind if kind in KINDS else "workflow"


def kind_label(kind: str) -> str:
    return KINDS.get(kind, kind)
