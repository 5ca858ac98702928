"""« Modifier le contact »: the form's details, e-mails and phones and its primary address saved
as one business action — one transaction, all or nothing.

Everything is checked before anything is written; then the details, the channels and the
address are written in the same transaction (each part records its own event, in that same
transaction). A failure in any part rolls the whole edit back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts.records import load_contact, to_details
from themisia_desktop.core.contacts.schema import AddressInput, ChannelInput, ContactDetails, Details
from themisia_desktop.core.contacts.service import (
    add_address_in,
    remove_address_in,
    set_channels_in,
    update_contact_in,
)
from themisia_desktop.core.contacts.validation import clean_address, clean_channels, clean_details
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models import Address


@dataclass(frozen=True)
class ContactEdit:
    """What the edit form holds. ``address`` is the primary address as shown (``None``: the
    fields were emptied); the other addresses are left as they are. ``channels`` is the whole
    list of e-mails and phones."""

    details: Details
    channels: tuple[ChannelInput, ...] = ()
    address: AddressInput | None = None
    notes: str | None = None


def _primary(addresses: list[Address]) -> Address | None:
    ordered = sorted(addresses, key=lambda a: (not a.is_primary, a.id or 0))
    return ordered[0] if ordered else None


def _same_place(row: Address, new: AddressInput) -> bool:
    return (row.line1, row.line2, row.postal_code, row.city) == (
        new.line1, new.line2, new.postal_code, new.city)


def edit_contact_in(session: Session, clock: Clock, contact_id: int, edit: ContactEdit, *,
                    actor_id: int | None = None) -> ContactDetails:
    """:func:`edit_contact` inside the caller's transaction."""
    details = clean_details(edit.details, clock.today())
    channels = clean_channels(list(edit.channels))
    address = clean_address(replace(edit.address, is_primary=True)) if edit.address else None
    update_contact_in(session, clock, contact_id, details, notes=edit.notes, actor_id=actor_id)
    set_channels_in(session, clock, contact_id, channels, actor_id=actor_id)
    contact = load_contact(session, contact_id, for_write=True)
    old = _primary(list(contact.addresses))
    if not (old is None and address is None) and not (
            old is not None and address is not None and _same_place(old, address)):
        if old is not None:
            if address is not None:  # the form has no country or label: keep the old ones
                address = replace(address, country=old.country, label=old.label)
            remove_address_in(session, clock, contact_id, old.id, actor_id=actor_id)
        if address is not None:
            add_address_in(session, clock, contact_id, address, actor_id=actor_id)
    session.flush()
    return to_details(load_contact(session, contact_id))


def edit_contact(db: Database, clock: Clock, contact_id: int, edit: ContactEdit, *,
                 actor_id: int | None = None) -> ContactDetails:
    """Save the edit form in one transaction: details and notes, e-mails and phones, primary
    address. A ValidationError (with its field) or any failure changes nothing."""
    with db.write() as s:
        return edit_contact_in(s, clock, contact_id, edit, actor_id=actor_id)
