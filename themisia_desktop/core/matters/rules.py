"""Checks shared by the matters services: users, contacts, roles, status transitions, and
the date and journal helpers."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.models import Contact, Matter, User
from themisia_desktop.core.models.enums import ContactKind, MatterStatus, PartyRole

M = MatterStatus

# open ⇄ pending → closed → archived, and a closed matter may be reopened.
TRANSITIONS: dict[MatterStatus, frozenset[MatterStatus]] = {
    M.OPEN: frozenset({M.PENDING, M.CLOSED}),
    M.PENDING: frozenset({M.OPEN, M.CLOSED}),
    M.CLOSED: frozenset({M.ARCHIVED, M.OPEN}),
    M.ARCHIVED: frozenset(),
}

TITLE_MAX, DOMAIN_MAX, NOTES_MAX = 300, 100, 300


def allowed_transitions(status: str) -> tuple[MatterStatus, ...]:
    allowed = TRANSITIONS.get(MatterStatus(status), frozenset())
    return tuple(s for s in MatterStatus if s in allowed)


def check_transition(old: MatterStatus, new: MatterStatus) -> None:
    if new == old:
        raise ValidationError(f"Le dossier est déjà « {old.label} ».", field="status")
    if new not in TRANSITIONS[old]:
        offered = ", ".join(f"« {s.label} »" for s in allowed_transitions(old)) or "aucun"
        raise ValidationError(
            f"Un dossier « {old.label} » ne peut pas passer à « {new.label} » "
            f"(possible : {offered}).", field="status")


def load_matter_row(session: Session, matter_id: int, *, for_write: bool = False) -> Matter:
    matter = session.get(Matter, matter_id, with_for_update=for_write or None)
    if matter is None:
        raise NotFoundError("Ce dossier n'existe pas (ou plus).")
    return matter


def check_editable(matter: Matter) -> None:
    if matter.status == M.ARCHIVED:
        raise ValidationError("Ce dossier est archivé : il ne peut plus être modifié.",
                              field="status")


def clean_title(title: str | None) -> str:
    value = " ".join((title or "").split())
    if not value:
        raise ValidationError("L'intitulé du dossier est obligatoire.", field="title")
    if len(value) > TITLE_MAX:
        raise ValidationError(f"L'intitulé ne peut pas dépasser {TITLE_MAX} caractères.",
                              field="title")
    return value


def clean_domain(domain: str | None) -> str | None:
    value = " ".join((domain or "").split()) or None
    if value and len(value) > DOMAIN_MAX:
        raise ValidationError(f"Le domaine ne peut pas dépasser {DOMAIN_MAX} caractères.",
                              field="domain")
    return value


def clean_text(text: str | None) -> str | None:
    return (text or "").strip() or None


def active_user(session: Session, user_id: int | None, field: str, what: str) -> User:
    user = session.get(User, user_id) if user_id is not None else None
    if user is None:
        raise ValidationError(f"Choisissez {what}.", field=field)
    if not user.is_active:
        raise ValidationError(f"{user.first_name} {user.last_name} n'est plus actif : choisissez "
                              f"un autre utilisateur.", field=field)
    return user


def assignees(session: Session, ids: Iterable[int]) -> list[User]:
    users = []
    for uid in dict.fromkeys(ids):
        users.append(active_user(session, uid, "assignees", "les avocats affectés"))
    return users


def live_contact(session: Session, contact_id: int | None, field: str, what: str) -> Contact:
    """A contact that exists and was not merged away."""
    contact = session.get(Contact, contact_id) if contact_id is not None else None
    if contact is None:
        raise ValidationError(f"Choisissez {what}.", field=field)
    if contact.merged_into_id is not None:
        raise ValidationError(f"{contact.display_name} a été fusionné dans un autre contact : "
                              "choisissez le contact conservé.", field=field)
    return contact


def client_contact(session: Session, client_id: int | None) -> Contact:
    contact = live_contact(session, client_id, "client", "le client du dossier")
    if contact.kind == ContactKind.JURISDICTION:
        raise ValidationError("Une juridiction ne peut pas être cliente d'un dossier.",
                              field="client")
    return contact


def party_role(role: str) -> PartyRole:
    try:
        return PartyRole(role)
    except ValueError:
        raise ValidationError(f"Rôle inconnu : « {role} ».", field="role") from None


def user_name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def contact_name(session: Session, contact_id: int) -> str:
    return session.scalar(select(Contact.display_name).where(Contact.id == contact_id)) or ""
