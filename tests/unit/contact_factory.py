"""Contacts written straight through the models, for tests that must not depend on the
contact service (sort and search names computed as the service computes them)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from themisia_desktop.core.models import CompanyDetails, Contact, ContactChannel, PersonDetails
from themisia_desktop.core.contacts.search_index import reindex_contact
from themisia_desktop.core.text import contact_search_text, contact_sort_name


def _channels(contact: Contact, emails: tuple[str, ...], phones: tuple[str, ...]) -> None:
    for i, value in enumerate(emails):
        contact.channels.append(ContactChannel(kind="email", value=value, is_primary=i == 0))
    for i, value in enumerate(phones):
        contact.channels.append(ContactChannel(kind="phone", value=value, is_primary=i == 0))


def make_person(s: Session, first: str, last: str, *, display: str | None = None,
                civility: str | None = None, status: str = "contact",
                birth_date: date | None = None, emails: tuple[str, ...] = (),
                phones: tuple[str, ...] = (), city: str | None = None) -> int:
    display = display or f"{first} {last}"
    contact = Contact(
        kind="person", status=status, display_name=display,
        sort_name=contact_sort_name("person", display_name=display, last_name=last, first_name=first),
        search_text=contact_search_text(display, emails=emails, phones=phones, city=city),
        primary_email=emails[0] if emails else None, primary_phone=phones[0] if phones else None,
        city=city)
    contact.person = PersonDetails(last_name=last, first_name=first, civility=civility,
                                   birth_date=birth_date)
    _channels(contact, emails, phones)
    s.add(contact)
    s.flush()
    reindex_contact(s, contact.id)  # as the contact service does
    return contact.id


def make_company(s: Session, name: str, *, form: str | None = None, siren: str | None = None,
                 siret: str | None = None, vat: str | None = None, status: str = "contact",
                 emails: tuple[str, ...] = (), phones: tuple[str, ...] = (),
                 city: str | None = None) -> int:
    contact = Contact(
        kind="company", status=status, display_name=name,
        sort_name=contact_sort_name("company", display_name=name),
        search_text=contact_search_text(name, emails=emails, phones=phones, siren=siren,
                                        siret=siret, vat_number=vat, city=city),
        primary_email=emails[0] if emails else None, primary_phone=phones[0] if phones else None,
        city=city)
    contact.company = CompanyDetails(legal_name=name, legal_form=form, siren=siren, siret=siret,
                                     vat_number=vat)
    _channels(contact, emails, phones)
    s.add(contact)
    s.flush()
    reindex_contact(s, contact.id)  # as the contact service does
    return contact.id
