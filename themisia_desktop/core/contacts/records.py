"""Reading contacts out of the database: loading with details, conversion to the plain
dataclasses the GUI gets, and the derived columns (display, sort and search names, primary
e-mail/phone, city) recomputed after every change."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from themisia_desktop.core.contacts.schema import (
    AddressInfo,
    ChannelInfo,
    CompanyInput,
    ContactDetails,
    ContactSummary,
    Details,
    JurisdictionInput,
    PersonInput,
)
from themisia_desktop.core.contacts.validation import display_name_of
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.models import Contact
from themisia_desktop.core.models.enums import ContactKind, ContactStatus, KycStatus
from themisia_desktop.core.text import contact_search_text, contact_sort_name

_FULL = (selectinload(Contact.person), selectinload(Contact.company),
         selectinload(Contact.jurisdiction), selectinload(Contact.addresses),
         selectinload(Contact.channels))


def load_contact(session: Session, contact_id: int, *, for_write: bool = False) -> Contact:
    """The contact with its details; a write on a merged-away contact is refused."""
    contact = session.scalar(select(Contact).options(*_FULL).where(Contact.id == contact_id))
    if contact is None:
        raise NotFoundError(f"Le contact n° {contact_id} n'existe pas.")
    if for_write and contact.merged_into_id is not None:
        raise ValidationError("Ce contact a été fusionné dans un autre : modifiez le contact conservé.",
                              field="contact")
    return contact


def to_summary(c: Contact) -> ContactSummary:
    return ContactSummary(
        id=c.id, kind=ContactKind(c.kind), status=ContactStatus(c.status),
        display_name=c.display_name, primary_email=c.primary_email, primary_phone=c.primary_phone,
        city=c.city, kyc_status=KycStatus(c.kyc_status), kyc_expires_on=c.kyc_expires_on)


def details_of(c: Contact) -> Details | None:
    if c.kind == ContactKind.PERSON and c.person is not None:
        p = c.person
        return PersonInput(
            last_name=p.last_name, first_name=p.first_name, civility=p.civility,
            birth_date=p.birth_date, birth_place=p.birth_place, nationality=p.nationality,
            id_document_type=p.id_document_type, id_document_number=p.id_document_number,
            id_document_expires_on=p.id_document_expires_on, profession=p.profession)
    if c.kind == ContactKind.COMPANY and c.company is not None:
        k = c.company
        return CompanyInput(
            legal_name=k.legal_name, legal_form=k.legal_form, siren=k.siren, siret=k.siret,
            rcs_city=k.rcs_city, rcs_number=k.rcs_number, vat_number=k.vat_number,
            share_capital=k.share_capital, naf_code=k.naf_code)
    if c.kind == ContactKind.JURISDICTION and c.jurisdiction is not None:
        j = c.jurisdiction
        name = c.display_name.removesuffix(f" — {j.chamber}") if j.chamber else c.display_name
        return JurisdictionInput(court_type=j.court_type, city=j.city, chamber=j.chamber, name=name,
                                 registry_phone=j.registry_phone, registry_email=j.registry_email)
    return None


def to_details(c: Contact) -> ContactDetails:
    details = details_of(c)
    addresses = sorted(c.addresses, key=lambda a: (not a.is_primary, a.id))
    channels = sorted(c.channels, key=lambda ch: (ch.kind, not ch.is_primary, ch.id))
    return ContactDetails(
        **asdict(to_summary(c)),
        person=details if isinstance(details, PersonInput) else None,
        company=details if isinstance(details, CompanyInput) else None,
        jurisdiction=details if isinstance(details, JurisdictionInput) else None,
        addresses=tuple(AddressInfo(id=a.id, line1=a.line1, line2=a.line2, postal_code=a.postal_code,
                                    city=a.city, country=a.country, label=a.label,
                                    is_primary=a.is_primary) for a in addresses),
        channels=tuple(ChannelInfo(id=ch.id, kind=ch.kind, value=ch.value, label=ch.label,
                                   is_primary=ch.is_primary) for ch in channels),
        notes=c.notes, owner_id=c.owner_id, external_ref=c.external_ref,
        merged_into_id=c.merged_into_id, created_at=c.created_at, updated_at=c.updated_at)


def refresh_derived(c: Contact) -> None:
    """Recompute display, sort and search names, primary channels and city."""
    details = details_of(c)
    if details is not None:
        c.display_name = display_name_of(details)
    person = c.person if c.kind == ContactKind.PERSON else None
    c.sort_name = contact_sort_name(c.kind, display_name=c.display_name,
                                    last_name=person.last_name if person else None,
                                    first_name=person.first_name if person else None)
    emails = [ch.value for ch in sorted(c.channels, key=lambda x: not x.is_primary) if ch.kind == "email"]
    phones = [ch.value for ch in sorted(c.channels, key=lambda x: not x.is_primary) if ch.kind == "phone"]
    court = c.jurisdiction if c.kind == ContactKind.JURISDICTION else None
    if court is not None:
        emails += [court.registry_email] if court.registry_email else []
        phones += [court.registry_phone] if court.registry_phone else []
    c.primary_email = emails[0] if emails else None
    c.primary_phone = phones[0] if phones else None
    primary = next((a for a in sorted(c.addresses, key=lambda a: not a.is_primary) if a.city), None)
    c.city = primary.city if primary else (court.city if court else None)
    company = c.company if c.kind == ContactKind.COMPANY else None
    c.search_text = contact_search_text(
        c.display_name, emails=emails, phones=phones, siren=company.siren if company else None,
        siret=company.siret if company else None, vat_number=company.vat_number if company else None,
        city=c.city)
