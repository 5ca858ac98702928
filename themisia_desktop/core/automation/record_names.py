"""The French name of a record an automation concerns, for lists and traces.

« Dossier 2026-0012 — Dupont c/ Martin », « Client SARL Aubépine », « Tâche « Relancer
le client » », « Facture FA-2026-0004 »… A record that no longer exists is named by its
type and number: « Dossier n° 12 (supprimé) ». :func:`search_records` finds records of one
type by a few letters, for the pickers that choose a record to simulate a workflow on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session

from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models import (
    Appointment,
    Contact,
    Deadline,
    Invoice,
    Matter,
    Provision,
    RunTrace,
    Task,
    TimeEntry,
    User,
    Workflow,
)
from themisia_desktop.core.models.enums import ContactStatus
from themisia_desktop.core.notify.formatting import date_courte, montant

TYPE_LABELS: dict[str, str] = {
    "contact": "Contact", "matter": "Dossier", "invoice": "Facture", "task": "Tâche",
    "deadline": "Échéance", "provision": "Provision", "time_entry": "Temps passé",
    "appointment": "Rendez-vous", "workflow_run": "Exécution", "user": "Utilisateur",
}
_CLIENTS = (ContactStatus.CLIENT_ACTIVE.value, ContactStatus.CLIENT_FORMER.value)
SEARCH_LIMIT = 30


@dataclass(frozen=True)
class RecordChoice:
    id: int
    label: str


def type_label(entity_type: str | None) -> str:
    return TYPE_LABELS.get(entity_type or "", entity_type or "Enregistrement")


def missing_name(entity_type: str | None, entity_id: int | None) -> str:
    if entity_id is None:
        return type_label(entity_type)
    return f"{type_label(entity_type)} n° {entity_id} (supprimé)"


# -- one statement per type: (id, label parts…) ---------------------------------------------
def _contact(row: Any) -> str:
    word = "Client" if row.status in _CLIENTS else "Contact"
    return f"{word} {row.display_name}"


def _matter(row: Any) -> str:
    return f"Dossier {row.reference} — {row.title}"


def _invoice(row: Any) -> str:
    head = f"Facture {row.number}" if row.number else f"Facture n° {row.id} (brouillon)"
    return f"{head} — dossier {row.reference}" if row.reference else head


def _titled(word: str):  # noqa: ANN202
    def name(row: Any) -> str:
        tail = f" — dossier {row.reference}" if getattr(row, "reference", None) else ""
        return f"{word} « {row.title} »{tail}"
    return name


def _provision(row: Any) -> str:
    return (f"Provision de {montant(row.amount_requested)} du {date_courte(row.requested_on)} "
            f"— dossier {row.reference}")


def _time_entry(row: Any) -> str:
    hours, minutes = divmod(int(row.minutes or 0), 60)
    return (f"Temps passé du {date_courte(row.work_date)} ({hours} h {minutes:02d}) "
            f"— dossier {row.reference}")


def _run(row: Any) -> str:
    return f"Exécution n° {row.id} de « {row.name or 'workflow supprimé'} »"


def _user(row: Any) -> str:
    return f"{row.first_name or ''} {row.last_name or ''}".strip() or row.login


def _statement(entity_type: str) -> tuple[Select[Any], Any, Any] | None:
    """(statement, id column, namer) for a record type, or None if unknown."""
    ref = Matter.reference.label("reference")
    if entity_type == "contact":
        return (select(Contact.id, Contact.display_name, Contact.status), Contact.id, _contact)
    if entity_type == "matter":
        return (select(Matter.id, Matter.reference, Matter.title), Matter.id, _matter)
    if entity_type == "invoice":
        return (select(Invoice.id, Invoice.number, ref)
                .outerjoin(Matter, Matter.id == Invoice.matter_id), Invoice.id, _invoice)
    if entity_type == "task":
        return (select(Task.id, Task.title, ref).outerjoin(Matter, Matter.id == Task.matter_id),
                Task.id, _titled("Tâche"))
    if entity_type == "deadline":
        return (select(Deadline.id, Deadline.title, ref)
                .outerjoin(Matter, Matter.id == Deadline.matter_id), Deadline.id,
                _titled("Échéance"))
    if entity_type == "appointment":
        return (select(Appointment.id, Appointment.title, ref)
                .outerjoin(Matter, Matter.id == Appointment.matter_id), Appointment.id,
                _titled("Rendez-vous"))
    if entity_type == "provision":
        return (select(Provision.id, Provision.amount_requested, Provision.requested_on, ref)
                .outerjoin(Matter, Matter.id == Provision.matter_id), Provision.id, _provision)
    if entity_type == "time_entry":
        return (select(TimeEntry.id, TimeEntry.work_date, TimeEntry.minutes, ref)
                .outerjoin(Matter, Matter.id == TimeEntry.matter_id), TimeEntry.id, _time_entry)
    if entity_type == "workflow_run":
        return (select(RunTrace.id, Workflow.name)
                .outerjoin(Workflow, Workflow.id == RunTrace.workflow_id), RunTrace.id, _run)
    if entity_type == "user":
        return (select(User.id, User.first_name, User.last_name, User.login), User.id, _user)
    return None


def record_names_in(session: Session,
                    records: Iterable[tuple[str | None, int | None]]) -> dict[tuple[str, int], str]:
    """French names of several records, one query per record type."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for entity_type, entity_id in records:
        if entity_type and entity_id is not None:
            wanted[entity_type].add(int(entity_id))
    out: dict[tuple[str, int], str] = {}
    for entity_type, ids in wanted.items():
        found = _statement(entity_type)
        ordered = sorted(ids)
        if found is not None:
            statement, id_column, namer = found
            for start in range(0, len(ordered), 500):
                chunk = ordered[start:start + 500]
                for row in session.execute(statement.where(id_column.in_(chunk))):
                    out[(entity_type, row.id)] = namer(row)
        for entity_id in ordered:
            out.setdefault((entity_type, entity_id), missing_name(entity_type, entity_id))
    return out


def record_names(db: Database,
                 records: Iterable[tuple[str | None, int | None]]) -> dict[tuple[str, int], str]:
    with db.read() as s:
        return record_names_in(s, records)


def record_name_in(session: Session, entity_type: str | None, entity_id: int | None) -> str:
    if not entity_type or entity_id is None:
        return missing_name(entity_type, entity_id)
    return record_names_in(session, [(entity_type, entity_id)])[(entity_type, int(entity_id))]


def record_name(db: Database, entity_type: str | None, entity_id: int | None) -> str:
    """« Dossier 2026-0012 — Dupont c/ Martin », « Client SARL Aubépine »…"""
    with db.read() as s:
        return record_name_in(s, entity_type, entity_id)


# -- finding a record by a few letters --------------------------------------------------------
def _search_columns(entity_type: str) -> list[Any]:
    ref = Matter.reference
    return {
        "contact": [Contact.display_name],
        "matter": [Matter.reference, Matter.title],
        "invoice": [Invoice.number, ref],
        "task": [Task.title, ref],
        "deadline": [Deadline.title, ref],
        "appointment": [Appointment.title, ref],
        "provision": [ref],
        "time_entry": [TimeEntry.description, ref],
        "workflow_run": [Workflow.name],
        "user": [User.first_name, User.last_name, User.login],
    }.get(entity_type, [])


def search_records(db: Database, entity_type: str, text: str = "", *,
                   limit: int = SEARCH_LIMIT) -> list[RecordChoice]:
    """Records of one type whose name holds every typed word (case ignored), newest first;
    with no text, the newest ones. A number typed alone also finds the record of that id."""
    found = _statement(entity_type)
    if found is None:
        return []
    statement, id_column, namer = found
    words = [w for w in text.lower().split() if w]
    for word in words:
        like = f"%{word.replace('%', '').replace('_', '')}%"
        matches = [func.lower(cast(c, String)).like(like) for c in _search_columns(entity_type)]
        if word.isdigit():
            matches.append(id_column == int(word))
        statement = statement.where(or_(*matches))
    with db.read() as s:
        rows = s.execute(statement.order_by(id_column.desc()).limit(limit)).all()
    return [RecordChoice(row.id, namer(row)) for row in rows]
