"""Which screen shows the record a notification is about.

A notification names its record by ``entity_type`` and ``entity_id``. Contacts and matters have
their own screen; a task, deadline, invoice, provision, time entry, appointment, expense or
document is shown on the screen of its matter (a task without a matter, on the card of its
contact); a payment or a journal line on the card of its
contact. A contact merged into another one leads to the one it was merged into.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models import (Appointment, Contact, Deadline, Document, Expense,
                                          Interaction, Invoice, Matter, Payment, Provision, Task,
                                          TimeEntry)

CONTACT = "contact"
MATTER = "matter"

# Records shown on the screen of their matter.
_IN_MATTER = {
    "deadline": Deadline,
    "invoice": Invoice,
    "provision": Provision,
    "time_entry": TimeEntry,
    "appointment": Appointment,
    "expense": Expense,
    "document": Document,
}

_MAX_MERGE_HOPS = 20


@dataclass(frozen=True)
class RecordLink:
    """``screen`` is "contact" or "matter"; ``record_id`` the id of that contact or matter."""

    screen: str
    record_id: int


def _contact_link(session: Session, contact_id: int | None) -> RecordLink | None:
    seen = 0
    while contact_id is not None and seen < _MAX_MERGE_HOPS:
        merged_into = session.execute(
            select(Contact.id, Contact.merged_into_id).where(Contact.id == contact_id)).first()
        if merged_into is None:
            return None
        if merged_into.merged_into_id is None:
            return RecordLink(CONTACT, contact_id)
        contact_id = merged_into.merged_into_id
        seen += 1
    return None


def _matter_link(session: Session, matter_id: int | None) -> RecordLink | None:
    if matter_id is None:
        return None
    found = session.scalar(select(Matter.id).where(Matter.id == matter_id))
    return RecordLink(MATTER, found) if found is not None else None


def record_link_in(session: Session, entity_type: str | None,
                   entity_id: int | None) -> RecordLink | None:
    """The screen to open for a record, or None when there is none (unknown kind of record,
    record deleted, task without a matter…)."""
    if not entity_type or entity_id is None:
        return None
    if entity_type == CONTACT:
        return _contact_link(session, entity_id)
    if entity_type == MATTER:
        return _matter_link(session, entity_id)
    if entity_type == "task":  # a task may be about a contact rather than a matter
        row = session.execute(select(Task.matter_id, Task.contact_id)
                              .where(Task.id == entity_id)).first()
        if row is None:
            return None
        if row.matter_id is None:
            return _contact_link(session, row.contact_id)
        return _matter_link(session, row.matter_id)
    model = _IN_MATTER.get(entity_type)
    if model is not None:
        matter_id = session.scalar(select(model.matter_id).where(model.id == entity_id))
        return _matter_link(session, matter_id)
    if entity_type == "payment":
        return _contact_link(session, session.scalar(
            select(Payment.client_id).where(Payment.id == entity_id)))
    if entity_type == "interaction":
        return _contact_link(session, session.scalar(
            select(Interaction.contact_id).where(Interaction.id == entity_id)))
    return None


def record_link(db: Database, entity_type: str | None, entity_id: int | None) -> RecordLink | None:
    with db.read() as s:
        return record_link_in(s, entity_type, entity_id)
