"""Who receives a notification or a mail: users, groups and roles relative to a matter.

A recipient specification is a small dict, as stored in a workflow action::

    {"users": [3, 7], "groups": ["Associés", 2], "roles": ["responsible", "assignees"]}

Roles are resolved against a matter (``record={"matter_id": 12}``). Inactive users are skipped,
duplicates removed (first occurrence kept), and problems — an unknown group, a user without an
e-mail address — are reported in French rather than raised, so one bad recipient never stops
the others from being told.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Group, Matter, User, user_group
from themisia_desktop.core.models.matters import matter_assignee

ROLE_RESPONSIBLE = "responsible"
ROLE_ASSIGNEES = "assignees"
ROLE_LABELS = {
    ROLE_RESPONSIBLE: "Associé responsable du dossier",
    ROLE_ASSIGNEES: "Avocats affectés au dossier",
}
SPEC_KEYS = ("users", "groups", "roles")


@dataclass(frozen=True)
class Recipient:
    user_id: int
    name: str
    email: str | None


@dataclass(frozen=True)
class ResolvedRecipients:
    recipients: tuple[Recipient, ...]
    problems: tuple[str, ...] = ()

    @property
    def user_ids(self) -> tuple[int, ...]:
        return tuple(r.user_id for r in self.recipients)

    @property
    def emails(self) -> tuple[str, ...]:
        return tuple(r.email for r in self.recipients if r.email)

    @property
    def without_email(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if not r.email)


def validate_spec(spec: Mapping[str, Any]) -> None:
    """Refuse a malformed specification (when a workflow is saved)."""
    if not isinstance(spec, Mapping):
        raise ValidationError("Les destinataires sont mal décrits.", field="recipients")
    unknown = set(spec) - set(SPEC_KEYS)
    if unknown:
        raise ValidationError(f"Type de destinataire inconnu : {', '.join(sorted(unknown))}.",
                              field="recipients")
    for key in SPEC_KEYS:
        values = spec.get(key, [])
        if not isinstance(values, list | tuple):
            raise ValidationError("Les destinataires sont mal décrits.", field="recipients")
    for uid in spec.get("users", []):
        if not isinstance(uid, int) or isinstance(uid, bool):
            raise ValidationError(f"Utilisateur invalide : {uid}.", field="recipients")
    for group in spec.get("groups", []):
        if not isinstance(group, int | str) or isinstance(group, bool):
            raise ValidationError(f"Groupe invalide : {group}.", field="recipients")
    for role in spec.get("roles", []):
        if role not in ROLE_LABELS:
            raise ValidationError(f"Rôle de destinataire inconnu : {role}.", field="recipients")
    if not any(spec.get(k) for k in SPEC_KEYS):
        raise ValidationError("Choisissez au moins un destinataire.", field="recipients")


def users_for_matter_role(session: Session, matter_id: int, role: str) -> list[int]:
    """The user ids holding ``role`` on a matter (``responsible`` or ``assignees``)."""
    if role == ROLE_RESPONSIBLE:
        responsible = session.scalar(select(Matter.responsible_id).where(Matter.id == matter_id))
        return [] if responsible is None else [responsible]
    if role == ROLE_ASSIGNEES:
        return list(session.scalars(
            select(matter_assignee.c.user_id).where(matter_assignee.c.matter_id == matter_id)
            .order_by(matter_assignee.c.user_id)))
    raise ValidationError(f"Rôle de destinataire inconnu : {role}.", field="recipients")


def _group_members(session: Session, groups: Iterable[int | str],
                   problems: list[str]) -> list[int]:
    ids: list[int] = []
    for ref in groups:
        column = Group.id if isinstance(ref, int) else Group.name
        group_id = session.scalar(select(Group.id).where(column == ref))
        if group_id is None:
            problems.append(f"Groupe introuvable : {ref}.")
            continue
        ids.extend(session.scalars(
            select(user_group.c.user_id).where(user_group.c.group_id == group_id)
            .order_by(user_group.c.user_id)))
    return ids


def resolve_recipients(session: Session, spec: Mapping[str, Any], *,
                       record: Mapping[str, Any] | None = None) -> ResolvedRecipients:
    """Turn a specification into active users, in order, without duplicates."""
    problems: list[str] = []
    candidates: list[int] = [int(u) for u in spec.get("users", [])]
    candidates += _group_members(session, spec.get("groups", []), problems)
    roles = list(spec.get("roles", []))
    matter_id = (record or {}).get("matter_id")
    for role in roles:
        if matter_id is None:
            problems.append(f"Rôle « {ROLE_LABELS.get(role, role)} » : aucun dossier concerné.")
            continue
        candidates += users_for_matter_role(session, int(matter_id), role)
    return resolve_users(session, candidates, problems=problems)


def resolve_users(session: Session, user_ids: Iterable[int], *,
                  problems: list[str] | None = None) -> ResolvedRecipients:
    """Active users among ``user_ids`` (order kept, duplicates dropped), with their e-mail."""
    problems = list(problems or [])
    ordered = list(dict.fromkeys(user_ids))
    rows = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ordered)))} \
        if ordered else {}
    recipients: list[Recipient] = []
    for uid in ordered:
        user = rows.get(uid)
        if user is None:
            problems.append(f"Utilisateur introuvable : n° {uid}.")
            continue
        if not user.is_active:
            continue
        email = (user.email or "").strip() or None
        recipients.append(Recipient(user_id=user.id, name=user.full_name, email=email))
        if email is None:
            problems.append(f"{user.full_name} n'a pas d'adresse e-mail.")
    return ResolvedRecipients(recipients=tuple(recipients), problems=tuple(problems))
