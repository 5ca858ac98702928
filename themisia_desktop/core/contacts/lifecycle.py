"""Contact → Prospect → Client actif → Client parti, Prospect → Prospect perdu, and back.

Every change writes a journal line (Interaction of kind ``status_change``) and an event, in the
transaction of the change. Opening a first matter makes a contact a client actif
(:func:`on_first_matter_opened`, called by the matters service inside its own transaction).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts.schema import ContactSummary
from themisia_desktop.core.contacts.records import load_contact, to_summary
from themisia_desktop.core.contacts.service import ENTITY
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Contact, Interaction, Matter
from themisia_desktop.core.models.enums import ContactKind, ContactStatus, InteractionKind, MatterStatus

S = ContactStatus

# What a user may choose by hand. Becoming a client by opening a matter is always possible.
TRANSITIONS: dict[ContactStatus, frozenset[ContactStatus]] = {
    S.CONTACT: frozenset({S.PROSPECT}),
    S.PROSPECT: frozenset({S.CLIENT_ACTIVE, S.PROSPECT_LOST, S.CONTACT}),
    S.PROSPECT_LOST: frozenset({S.PROSPECT}),
    S.CLIENT_ACTIVE: frozenset({S.CLIENT_FORMER}),
    S.CLIENT_FORMER: frozenset({S.CLIENT_ACTIVE}),
}

# The active views show these; the others are found with the status filter.
ACTIVE_STATUSES: tuple[ContactStatus, ...] = (S.CONTACT, S.PROSPECT, S.CLIENT_ACTIVE)
INACTIVE_STATUSES: tuple[ContactStatus, ...] = (S.CLIENT_FORMER, S.PROSPECT_LOST)


def allowed_transitions(status: str) -> list[ContactStatus]:
    """The statuses offered in the contact card's menu, in lifecycle order."""
    allowed = TRANSITIONS.get(ContactStatus(status), frozenset())
    return [s for s in ContactStatus if s in allowed]


def _open_matters(session: Session, contact_id: int) -> int:
    return session.scalar(select(func.count(Matter.id)).where(
        Matter.client_id == contact_id,
        Matter.status.in_((MatterStatus.OPEN.value, MatterStatus.PENDING.value)))) or 0


def check_transition(session: Session, contact: Contact, new: ContactStatus) -> None:
    old = ContactStatus(contact.status)
    if contact.kind == ContactKind.JURISDICTION:
        raise ValidationError("Une juridiction reste un simple contact : elle ne peut être ni "
                              "prospect ni cliente.", field="status")
    if new == old:
        raise ValidationError(f"Le contact est déjà « {old.label} ».", field="status")
    if new not in TRANSITIONS[old]:
        offered = ", ".join(f"« {s.label} »" for s in allowed_transitions(old)) or "aucun"
        raise ValidationError(
            f"Un contact « {old.label} » ne peut pas passer directement à « {new.label} » "
            f"(possible : {offered}).", field="status")
    if new == S.CLIENT_FORMER:
        count = _open_matters(session, contact.id)
        if count:
            raise ValidationError(
                f"Ce client a encore {count} dossier(s) ouvert(s) : clôturez-les avant de le "
                "déclarer « Client parti ».", field="status")


def apply_status(session: Session, contact: Contact, new: ContactStatus, *, at: datetime,
                 actor_id: int | None = None, note: str | None = None,
                 matter_id: int | None = None, reason: str | None = None) -> Interaction:
    """Set the status and write the journal line and the event (no checks: callers check)."""
    old = ContactStatus(contact.status)
    contact.status = new.value
    contact.updated_at = at
    details = {"from": old.value, "to": new.value}
    if reason:
        details["reason"] = reason
    line = Interaction(contact_id=contact.id, matter_id=matter_id,
                       kind=InteractionKind.STATUS_CHANGE.value, occurred_at=at,
                       subject=f"Statut : {old.label} → {new.label}",
                       body=(note or "").strip() or None, user_id=actor_id, details=details)
    session.add(line)
    payload: dict = {"changes": {"status": [old.value, new.value]}}
    if reason:
        payload["reason"] = reason
    record_event(session, kind=EventKind.STATUS_CHANGED, entity_type=ENTITY, entity_id=contact.id,
                 at=at, user_id=actor_id, payload=payload)
    return line


def change_status(db: Database, clock: Clock, contact_id: int, new_status: str, *,
                  actor_id: int | None = None, note: str | None = None) -> ContactSummary:
    """A status chosen by hand; refused with a French message when the lifecycle forbids it."""
    try:
        new = ContactStatus(new_status)
    except ValueError:
        raise ValidationError(f"Statut inconnu : « {new_status} ».", field="status") from None
    with db.write() as s:
        contact = load_contact(s, contact_id, for_write=True)
        check_transition(s, contact, new)
        apply_status(s, contact, new, at=clock.now(), actor_id=actor_id, note=note)
        return to_summary(contact)


def on_first_matter_opened(session: Session, client_id: int, *, at: datetime,
                           actor_id: int | None = None, matter_id: int | None = None) -> bool:
    """Called by the matters service in the transaction that opens a matter: the client becomes
    « Client actif » (from contact, prospect, prospect perdu or client parti). Returns whether
    the status changed; an already active client is left alone."""
    contact = load_contact(session, client_id, for_write=True)
    if contact.kind == ContactKind.JURISDICTION:
        raise ValidationError("Une juridiction ne peut pas être cliente d'un dossier.", field="client")
    if contact.status == S.CLIENT_ACTIVE:
        return False
    apply_status(session, contact, S.CLIENT_ACTIVE, at=at, actor_id=actor_id, matter_id=matter_id,
                 reason="matter_opened")
    return True


def status_history(db: Database, contact_id: int) -> list[tuple[datetime, str, str]]:
    """(when, from, to) of every status change of a contact, oldest first."""
    with db.read() as s:
        rows = s.scalars(select(Interaction).where(
            Interaction.contact_id == contact_id,
            Interaction.kind == InteractionKind.STATUS_CHANGE.value,
        ).order_by(Interaction.occurred_at, Interaction.id))
        return [(r.occurred_at, (r.details or {}).get("from", ""), (r.details or {}).get("to", ""))
                for r in rows]
