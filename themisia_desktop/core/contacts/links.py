"""A company's legal representatives and beneficial owners, as links to person contacts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts.records import load_contact
from themisia_desktop.core.contacts.service import ENTITY
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.models import Contact, ContactLink
from themisia_desktop.core.models.enums import ContactKind, ContactLinkKind


@dataclass(frozen=True)
class LinkInfo:
    id: int
    company_id: int
    company_name: str
    person_id: int
    person_name: str
    kind: ContactLinkKind
    title: str | None
    ownership_percent: int | None


def add_link(db: Database, clock: Clock, company_id: int, person_id: int, kind: str, *,
             title: str | None = None, ownership_percent: int | None = None,
             actor_id: int | None = None) -> LinkInfo:
    """Name a person contact as legal representative (with a title: gérant, président…) or
    beneficial owner (with the share held, in %) of a company contact."""
    try:
        link_kind = ContactLinkKind(kind)
    except ValueError:
        raise ValidationError(f"Lien inconnu : « {kind} ».", field="kind") from None
    title = " ".join((title or "").split()) or None
    if title is not None and len(title) > 100:
        raise ValidationError("La qualité fait au plus 100 caractères.", field="title")
    if ownership_percent is not None:
        if link_kind != ContactLinkKind.BENEFICIAL_OWNER:
            raise ValidationError("Le pourcentage de détention ne concerne que les bénéficiaires "
                                  "effectifs.", field="ownership_percent")
        if not 0 < ownership_percent <= 100:
            raise ValidationError("Le pourcentage de détention est compris entre 1 et 100.",
                                  field="ownership_percent")
    with db.write() as s:
        company = load_contact(s, company_id, for_write=True)
        if company.kind != ContactKind.COMPANY:
            raise ValidationError("Seule une personne morale a des représentants légaux et des "
                                  "bénéficiaires effectifs.", field="company")
        person = load_contact(s, person_id, for_write=True)
        if person.kind != ContactKind.PERSON:
            raise ValidationError(f"{link_kind.label} : choisissez une personne physique.",
                                  field="person")
        exists = s.scalar(select(ContactLink.id).where(
            ContactLink.company_id == company_id, ContactLink.person_id == person_id,
            ContactLink.kind == link_kind.value))
        if exists is not None:
            raise ValidationError(f"{person.display_name} est déjà « {link_kind.label} » de "
                                  f"{company.display_name}.", field="person")
        link = ContactLink(company_id=company_id, person_id=person_id, kind=link_kind.value,
                           title=title, ownership_percent=ownership_percent)
        s.add(link)
        s.flush()
        record_event(s, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=company_id,
                     at=clock.now(), user_id=actor_id,
                     payload={"link": {"action": "added", "kind": link_kind.value,
                                       "person_id": person_id}})
        return LinkInfo(link.id, company_id, company.display_name, person_id, person.display_name,
                        link_kind, title, ownership_percent)


def remove_link(db: Database, clock: Clock, link_id: int, *, actor_id: int | None = None) -> None:
    with db.write() as s:
        link = s.get(ContactLink, link_id)
        if link is None:
            raise NotFoundError("Ce lien n'existe pas (ou plus).")
        s.delete(link)
        record_event(s, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=link.company_id,
                     at=clock.now(), user_id=actor_id,
                     payload={"link": {"action": "removed", "kind": link.kind,
                                       "person_id": link.person_id}})


def list_links(db: Database, company_id: int, kind: str | None = None) -> list[LinkInfo]:
    """A company's representatives then beneficial owners, by name."""
    with db.read() as s:
        company = s.get(Contact, company_id)
        if company is None:
            raise NotFoundError(f"Le contact n° {company_id} n'existe pas.")
        q = (select(ContactLink, Contact).join(Contact, Contact.id == ContactLink.person_id)
             .where(ContactLink.company_id == company_id)
             .order_by(ContactLink.kind.desc(), Contact.sort_name))
        if kind is not None:
            q = q.where(ContactLink.kind == kind)
        return [LinkInfo(link.id, company_id, company.display_name, p.id, p.display_name,
                         ContactLinkKind(link.kind), link.title, link.ownership_percent)
                for link, p in s.execute(q).all()]


def companies_of(db: Database, person_id: int) -> list[LinkInfo]:
    """The links where a person appears (shown on the person's card)."""
    with db.read() as s:
        person = s.get(Contact, person_id)
        if person is None:
            raise NotFoundError(f"Le contact n° {person_id} n'existe pas.")
        q = (select(ContactLink, Contact).join(Contact, Contact.id == ContactLink.company_id)
             .where(ContactLink.person_id == person_id).order_by(Contact.sort_name))
        return [LinkInfo(link.id, c.id, c.display_name, person_id, person.display_name,
                         ContactLinkKind(link.kind), link.title, link.ownership_percent)
                for link, c in s.execute(q).all()]
