"""Who receives a client's invoices, reminders and correspondence.

A client may have several contacts of each kind (facturation, recouvrement, correspondance);
exactly one of each kind is the default as soon as there is one. Invoicing asks
:func:`recipient_for`, which falls back to the client itself when no contact is named.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts.records import load_contact
from themisia_desktop.core.contacts.service import ENTITY
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.models import Contact, ContactRole
from themisia_desktop.core.models.enums import ContactKind, ContactRoleKind


@dataclass(frozen=True)
class RoleInfo:
    id: int
    client_id: int
    contact_id: int
    contact_name: str
    kind: ContactRoleKind
    is_default: bool
    email: str | None


@dataclass(frozen=True)
class Recipient:
    contact_id: int
    display_name: str
    email: str | None
    is_client_itself: bool  # no contact of this kind: the client receives it


def _kind(kind: str) -> ContactRoleKind:
    try:
        return ContactRoleKind(kind)
    except ValueError:
        raise ValidationError(f"Rôle inconnu : « {kind} ».", field="kind") from None


def _roles(session: Session, client_id: int, kind: ContactRoleKind) -> list[ContactRole]:
    return list(session.scalars(select(ContactRole).where(
        ContactRole.client_id == client_id, ContactRole.kind == kind.value).order_by(ContactRole.id)))


def _lock_client(session: Session, client_id: int) -> Contact:
    """Serialise role changes of one client (PostgreSQL row lock; SQLite writes are serial)."""
    session.scalar(select(Contact.id).where(Contact.id == client_id).with_for_update())
    return load_contact(session, client_id, for_write=True)


def _event(session: Session, clock: Clock, client_id: int, kind: ContactRoleKind, before: int | None,
           after: int | None, action: str, contact_id: int, actor_id: int | None) -> None:
    payload = {"role": {"kind": kind.value, "action": action, "contact_id": contact_id}}
    if before != after:
        payload["changes"] = {f"default_{kind.value}_contact_id": [before, after]}
    record_event(session, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=client_id,
                 at=clock.now(), user_id=actor_id, payload=payload)


def _default_id(rows: list[ContactRole]) -> int | None:
    return next((r.contact_id for r in rows if r.is_default), None)


def add_role(db: Database, clock: Clock, client_id: int, contact_id: int, kind: str, *,
             is_default: bool = False, actor_id: int | None = None) -> RoleInfo:
    """Name ``contact_id`` as a billing / collection / correspondence contact of the client.
    The first of a kind becomes the default; ``is_default`` makes it the new default."""
    role_kind = _kind(kind)
    with db.write() as s:
        _lock_client(s, client_id)
        person = load_contact(s, contact_id, for_write=True)
        if person.kind == ContactKind.JURISDICTION:
            raise ValidationError("Une juridiction ne peut pas être contact de facturation, de "
                                  "recouvrement ou de correspondance.", field="contact")
        rows = _roles(s, client_id, role_kind)
        if any(r.contact_id == contact_id for r in rows):
            raise ValidationError(f"{person.display_name} est déjà contact « {role_kind.label} » "
                                  "de ce client.", field="contact")
        before = _default_id(rows)
        make_default = is_default or before is None
        if make_default:
            for r in rows:
                r.is_default = False
        row = ContactRole(client_id=client_id, contact_id=contact_id, kind=role_kind.value,
                          is_default=make_default)
        s.add(row)
        s.flush()
        _event(s, clock, client_id, role_kind, before, contact_id if make_default else before,
               "added", contact_id, actor_id)
        return RoleInfo(id=row.id, client_id=client_id, contact_id=contact_id,
                        contact_name=person.display_name, kind=role_kind, is_default=make_default,
                        email=person.primary_email)


def set_default_role(db: Database, clock: Clock, client_id: int, contact_id: int, kind: str, *,
                     actor_id: int | None = None) -> None:
    role_kind = _kind(kind)
    with db.write() as s:
        _lock_client(s, client_id)
        rows = _roles(s, client_id, role_kind)
        if not any(r.contact_id == contact_id for r in rows):
            raise NotFoundError(f"Ce contact n'est pas contact « {role_kind.label} » de ce client.")
        before = _default_id(rows)
        if before == contact_id:
            return
        for r in rows:
            r.is_default = r.contact_id == contact_id
        s.flush()
        _event(s, clock, client_id, role_kind, before, contact_id, "default", contact_id, actor_id)


def remove_role(db: Database, clock: Clock, client_id: int, contact_id: int, kind: str, *,
                actor_id: int | None = None) -> None:
    """Remove a role; when it was the default, the oldest remaining one becomes the default."""
    role_kind = _kind(kind)
    with db.write() as s:
        _lock_client(s, client_id)
        rows = _roles(s, client_id, role_kind)
        row = next((r for r in rows if r.contact_id == contact_id), None)
        if row is None:
            raise NotFoundError(f"Ce contact n'est pas contact « {role_kind.label} » de ce client.")
        before = _default_id(rows)
        rest = [r for r in rows if r is not row]
        s.delete(row)
        s.flush()
        if row.is_default and rest:
            rest[0].is_default = True
        _event(s, clock, client_id, role_kind, before, _default_id(rest), "removed", contact_id,
               actor_id)


def list_roles(db: Database, client_id: int, kind: str | None = None) -> list[RoleInfo]:
    """The client's role contacts, by kind, default first."""
    with db.read() as s:
        q = (select(ContactRole, Contact).join(Contact, Contact.id == ContactRole.contact_id)
             .where(ContactRole.client_id == client_id))
        if kind is not None:
            q = q.where(ContactRole.kind == _kind(kind).value)
        order = {k.value: i for i, k in enumerate(ContactRoleKind)}
        rows = sorted(s.execute(q).all(),
                      key=lambda rc: (order[rc[0].kind], not rc[0].is_default, rc[1].sort_name))
        return [RoleInfo(id=r.id, client_id=client_id, contact_id=c.id, contact_name=c.display_name,
                         kind=ContactRoleKind(r.kind), is_default=r.is_default, email=c.primary_email)
                for r, c in rows]


def recipient_in(session: Session, client_id: int, kind: str) -> Recipient:
    role_kind = _kind(kind)
    row = session.execute(
        select(Contact).join(ContactRole, ContactRole.contact_id == Contact.id)
        .where(ContactRole.client_id == client_id, ContactRole.kind == role_kind.value,
               ContactRole.is_default.is_(True))).scalars().first()
    if row is not None and row.merged_into_id is None:
        return Recipient(row.id, row.display_name, row.primary_email, is_client_itself=False)
    client = session.get(Contact, client_id)
    if client is None:
        raise NotFoundError(f"Le contact n° {client_id} n'existe pas.")
    return Recipient(client.id, client.display_name, client.primary_email, is_client_itself=True)


def recipient_for(db: Database, client_id: int, kind: str) -> Recipient:
    """Who receives an invoice (``billing``), a reminder (``collection``) or a letter
    (``correspondence``) of this client: its default contact of that kind, else the client."""
    with db.read() as s:
        return recipient_in(s, client_id, kind)
