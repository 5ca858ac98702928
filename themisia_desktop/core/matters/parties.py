"""The parties of a matter: add one, change its role, remove it. The client party (the
matter's client) stays: it is neither removed nor given another role."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.matters import rules
from themisia_desktop.core.matters.schema import ENTITY
from themisia_desktop.core.models import Matter, MatterParty
from themisia_desktop.core.models.enums import PartyRole


def _party(session: Session, party_id: int) -> tuple[MatterParty, Matter]:
    party = session.get(MatterParty, party_id, with_for_update=True)
    if party is None:
        raise NotFoundError("Cette partie n'existe plus dans le dossier.")
    matter = rules.load_matter_row(session, party.matter_id, for_write=True)
    return party, matter


def _is_client_party(party: MatterParty, matter: Matter) -> bool:
    return party.contact_id == matter.client_id and party.role == PartyRole.CLIENT


def _already(session: Session, matter_id: int, contact_id: int, role: PartyRole,
             name: str) -> None:
    found = session.scalar(select(MatterParty.id).where(
        MatterParty.matter_id == matter_id, MatterParty.contact_id == contact_id,
        MatterParty.role == role.value))
    if found is not None:
        raise ValidationError(f"{name} figure déjà comme « {role.label} » dans ce dossier.",
                              field="role")


def _event(session: Session, clock: Clock, matter: Matter, user_id: int | None,
           before: list | None, after: list | None) -> None:
    now = clock.now()
    matter.updated_at = now
    record_event(session, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=matter.id, at=now,
                 user_id=user_id, payload={"changes": {"parties": [before, after]}})


def add_party_in(session: Session, clock: Clock, matter_id: int, contact_id: int, role: str, *,
                 notes: str | None = None, user_id: int | None = None) -> int:
    matter = rules.load_matter_row(session, matter_id, for_write=True)
    rules.check_editable(matter)
    new_role = rules.party_role(role)
    contact = rules.live_contact(session, contact_id, "contact", "le contact à ajouter")
    if contact.id == matter.client_id and new_role != PartyRole.CLIENT:
        raise ValidationError(f"{contact.display_name} est le client du dossier : il ne peut pas "
                              f"être aussi « {new_role.label} ».", field="role")
    _already(session, matter_id, contact.id, new_role, contact.display_name)
    text = rules.clean_text(notes)
    if text and len(text) > rules.NOTES_MAX:
        raise ValidationError(f"La note ne peut pas dépasser {rules.NOTES_MAX} caractères.",
                              field="notes")
    party = MatterParty(matter_id=matter_id, contact_id=contact.id, role=new_role.value,
                        notes=text)
    session.add(party)
    session.flush()
    _event(session, clock, matter, user_id, None, [contact.id, new_role.value])
    return party.id


def add_party(db: Database, clock: Clock, matter_id: int, contact_id: int, role: str, *,
              notes: str | None = None, user_id: int | None = None) -> int:
    """Add a contact to the matter in a role (enums.PartyRole); returns the party id."""
    with db.write() as s:
        return add_party_in(s, clock, matter_id, contact_id, role, notes=notes, user_id=user_id)


def change_party_role(db: Database, clock: Clock, party_id: int, role: str, *,
                      user_id: int | None = None) -> None:
    with db.write() as s:
        party, matter = _party(s, party_id)
        rules.check_editable(matter)
        new_role = rules.party_role(role)
        if _is_client_party(party, matter):
            raise ValidationError("Le client du dossier garde son rôle de client.", field="role")
        if party.contact_id == matter.client_id:
            raise ValidationError("Le client du dossier ne peut pas avoir un autre rôle.",
                                  field="role")
        if new_role.value == party.role:
            return
        _already(s, matter.id, party.contact_id, new_role, rules.contact_name(s, party.contact_id))
        before = [party.contact_id, party.role]
        party.role = new_role.value
        _event(s, clock, matter, user_id, before, [party.contact_id, new_role.value])


def remove_party(db: Database, clock: Clock, party_id: int, *,
                 user_id: int | None = None) -> None:
    """Remove a party; the matter's client party cannot be removed."""
    with db.write() as s:
        party, matter = _party(s, party_id)
        rules.check_editable(matter)
        if _is_client_party(party, matter):
            raise ValidationError("Le client du dossier ne peut pas être retiré de ses parties.",
                                  field="party")
        before = [party.contact_id, party.role]
        s.delete(party)
        _event(s, clock, matter, user_id, before, None)
