"""Creating, reading and editing contacts, their addresses and channels.

Every write is one transaction that also keeps the derived columns (display, sort and search
names, primary e-mail/phone, city) in step and writes an ``event`` row (DESIGN §3.5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts.schema import (
    AddressInfo,
    AddressInput,
    ChannelInput,
    ContactDetails,
    ContactInput,
    Details,
    JurisdictionInput,
)
from themisia_desktop.core.contacts.records import (
    details_of,
    load_contact,
    refresh_derived,
    to_details,
    to_summary,  # noqa: F401 (re-exported for the other contact modules)
)
from themisia_desktop.core.contacts.search_index import reindex_contact
from themisia_desktop.core.contacts.validation import (
    clean_address,
    clean_addresses,
    clean_channels,
    clean_details,
    display_name_of,
)
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.models import (
    Address,
    CompanyDetails,
    Contact,
    ContactChannel,
    JurisdictionDetails,
    PersonDetails,
)
from themisia_desktop.core.models.enums import ContactKind, ContactStatus, KycStatus

ENTITY = "contact"
CREATION_STATUSES = (ContactStatus.CONTACT, ContactStatus.PROSPECT)
_UNSET: Any = object()
_MODEL = {ContactKind.PERSON: PersonDetails, ContactKind.COMPANY: CompanyDetails,
          ContactKind.JURISDICTION: JurisdictionDetails}


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _snapshot(c: Contact) -> dict[str, Any]:
    details = details_of(c)
    values = {k: _jsonable(v) for k, v in asdict(details).items()} if details else {}
    values.update(notes=c.notes, owner_id=c.owner_id, external_ref=c.external_ref)
    return values


def _apply_details(c: Contact, data: Details) -> None:
    values = asdict(data)
    if isinstance(data, JurisdictionInput):
        values.pop("name")
    kind = ContactKind(c.kind)
    row = getattr(c, kind.value)  # the relationships are named after the kinds
    if row is None:
        setattr(c, kind.value, _MODEL[kind](**values))
    else:
        for key, value in values.items():
            setattr(row, key, value)
    if isinstance(data, JurisdictionInput):
        c.display_name = display_name_of(data)


def _replace_channels(c: Contact, channels: list[ChannelInput]) -> None:
    c.channels.clear()
    for ch in channels:
        c.channels.append(ContactChannel(kind=ch.kind, value=ch.value, label=ch.label,
                                         is_primary=ch.is_primary))


# -- services -------------------------------------------------------------------------------
def create_contact(db: Database, clock: Clock, data: ContactInput, *,
                   actor_id: int | None = None) -> ContactDetails:
    """Check everything first; then one transaction writes the contact and its event."""
    if data.status not in CREATION_STATUSES:
        raise ValidationError("Un nouveau contact est « Contact » ou « Prospect » ; il devient client "
                              "à l'ouverture de son premier dossier.", field="status")
    details = clean_details(data.details, clock.today())
    addresses = clean_addresses(data.addresses)
    channels = clean_channels(data.channels)
    notes = (data.notes or "").strip() or None
    now = clock.now()
    with db.write() as s:
        c = Contact(kind=str(details.kind), status=str(data.status), display_name="", sort_name="",
                    search_text="", kyc_status=KycStatus.TO_CHECK.value, notes=notes,
                    owner_id=data.owner_id, external_ref=(data.external_ref or "").strip() or None,
                    created_at=now, updated_at=now)
        c.addresses = [Address(**asdict(a)) for a in addresses]
        _replace_channels(c, channels)
        _apply_details(c, details)
        refresh_derived(c)
        s.add(c)
        s.flush()
        reindex_contact(s, c.id)
        record_event(s, kind=EventKind.CREATED, entity_type=ENTITY, entity_id=c.id, at=now,
                     user_id=actor_id, payload={"kind": c.kind, "status": c.status})
        return to_details(c)


def update_contact(db: Database, clock: Clock, contact_id: int, details: Details, *,
                   notes: str | None = _UNSET, owner_id: int | None = _UNSET,
                   external_ref: str | None = _UNSET, actor_id: int | None = None) -> ContactDetails:
    """Replace the typology details (and optionally notes, owner, reference). The event lists
    the changed fields: ``{"changes": {field: [old, new]}}``. Status changes go through
    :func:`themisia_desktop.core.contacts.lifecycle.change_status`."""
    clean = clean_details(details, clock.today())
    with db.write() as s:
        c = update_contact_in(s, clock, contact_id, clean, notes=notes, owner_id=owner_id,
                              external_ref=external_ref, actor_id=actor_id)
        return to_details(c)


def update_contact_in(session: Session, clock: Clock, contact_id: int, clean: Details, *,
                      notes: str | None = _UNSET, owner_id: int | None = _UNSET,
                      external_ref: str | None = _UNSET, actor_id: int | None = None) -> Contact:
    """:func:`update_contact` inside the caller's transaction (``clean`` already checked)."""
    now = clock.now()
    c = load_contact(session, contact_id, for_write=True)
    if clean.kind != c.kind:
        raise ValidationError("La typologie d'un contact (personne physique, personne morale, "
                              "juridiction) ne se change pas.", field="kind")
    before = _snapshot(c)
    _apply_details(c, clean)
    if notes is not _UNSET:
        c.notes = (notes or "").strip() or None
    if owner_id is not _UNSET:
        c.owner_id = owner_id
    if external_ref is not _UNSET:
        c.external_ref = (external_ref or "").strip() or None
    refresh_derived(c)
    reindex_contact(session, c.id)
    after = _snapshot(c)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes:
        c.updated_at = now
        record_event(session, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=c.id, at=now,
                     user_id=actor_id, payload={"changes": changes})
    session.flush()
    return c


def get_contact(db: Database, contact_id: int) -> ContactDetails:
    with db.read() as s:
        return to_details(load_contact(s, contact_id))


def _address_lines(c: Contact) -> list[str]:
    return [", ".join(p for p in (a.line1, a.postal_code, a.city) if p)
            for a in sorted(c.addresses, key=lambda a: a.id or 0)]


def add_address(db: Database, clock: Clock, contact_id: int, address: AddressInput, *,
                actor_id: int | None = None) -> AddressInfo:
    clean = clean_address(address)
    with db.write() as s:
        c, row_id = add_address_in(s, clock, contact_id, clean, actor_id=actor_id)
        return next(a for a in to_details(c).addresses if a.id == row_id)


def add_address_in(session: Session, clock: Clock, contact_id: int, clean: AddressInput, *,
                   actor_id: int | None = None) -> tuple[Contact, int]:
    """:func:`add_address` inside the caller's transaction; returns the contact and the new
    address's id."""
    now = clock.now()
    c = load_contact(session, contact_id, for_write=True)
    before = _address_lines(c)
    if not c.addresses:
        clean = replace(clean, is_primary=True)
    if clean.is_primary:
        for other in c.addresses:
            other.is_primary = False
    row = Address(**asdict(clean))
    c.addresses.append(row)
    refresh_derived(c)
    reindex_contact(session, c.id)
    c.updated_at = now
    session.flush()
    record_event(session, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=c.id, at=now,
                 user_id=actor_id, payload={"changes": {"addresses": [before, _address_lines(c)]}})
    return c, row.id


def remove_address(db: Database, clock: Clock, contact_id: int, address_id: int, *,
                   actor_id: int | None = None) -> None:
    with db.write() as s:
        remove_address_in(s, clock, contact_id, address_id, actor_id=actor_id)


def remove_address_in(session: Session, clock: Clock, contact_id: int, address_id: int, *,
                      actor_id: int | None = None) -> Contact:
    now = clock.now()
    c = load_contact(session, contact_id, for_write=True)
    row = next((a for a in c.addresses if a.id == address_id), None)
    if row is None:
        raise NotFoundError("Cette adresse n'existe pas (ou plus).")
    before = _address_lines(c)
    c.addresses.remove(row)
    if row.is_primary and c.addresses:
        min(c.addresses, key=lambda a: a.id).is_primary = True
    refresh_derived(c)
    reindex_contact(session, c.id)
    c.updated_at = now
    record_event(session, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=c.id, at=now,
                 user_id=actor_id, payload={"changes": {"addresses": [before, _address_lines(c)]}})
    session.flush()
    return c


def set_channels(db: Database, clock: Clock, contact_id: int, channels: Sequence[ChannelInput], *,
                 actor_id: int | None = None) -> ContactDetails:
    """Replace the e-mails and phones of a contact (the form's whole list)."""
    clean = clean_channels(list(channels))
    with db.write() as s:
        return to_details(set_channels_in(s, clock, contact_id, clean, actor_id=actor_id))


def set_channels_in(session: Session, clock: Clock, contact_id: int, clean: list[ChannelInput], *,
                    actor_id: int | None = None) -> Contact:
    """:func:`set_channels` inside the caller's transaction (``clean`` already checked)."""
    now = clock.now()
    c = load_contact(session, contact_id, for_write=True)
    before = {k: [ch.value for ch in c.channels if ch.kind == k] for k in ("email", "phone")}
    _replace_channels(c, clean)
    refresh_derived(c)
    reindex_contact(session, c.id)
    after = {k: [ch.value for ch in c.channels if ch.kind == k] for k in ("email", "phone")}
    changes = {f"{k}s": [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        c.updated_at = now
        record_event(session, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=c.id, at=now,
                     user_id=actor_id, payload={"changes": changes})
    session.flush()
    return c
