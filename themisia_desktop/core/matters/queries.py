"""Reading matters: the paged list (filtered and sorted in SQL), one matter for its screen,
its journal, and what the opening dialog offers (users, domains, contacts, conflict probes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import ColumnElement, and_, case, func, or_, select, true
from sqlalchemy.orm import Session

from themisia_desktop.core.contacts.card import JournalLine, JournalPage
from themisia_desktop.core.contacts.conflicts import BLOCKING, PartyProbe
from themisia_desktop.core.contacts.search import (ALL_STATUSES, ContactRow, fetch_rows,
                                                   search_contact_ids)
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.finance.balances import matter_banner_in
from themisia_desktop.core.matters import rules
from themisia_desktop.core.matters.schema import (ConflictCheckSummary, FormChoices,
                                                  MatterListRow, MatterPage, MatterView,
                                                  PartyView, UserChoice)
from themisia_desktop.core.models import (CompanyDetails, ConflictCheck, Contact, Interaction,
                                          Matter, MatterParty, User, matter_assignee)
from themisia_desktop.core.models.enums import (ConflictDecision, ContactKind, InteractionKind,
                                                MatterStatus, PartyRole, UserCategory)
from themisia_desktop.core.text import fold

PAGE_SIZE = 200
JOURNAL_PAGE = 200
ORDERS = ("reference", "title", "client", "responsible", "status", "opened_on")
ACTIVE_STATUSES: tuple[str, ...] = (MatterStatus.OPEN.value, MatterStatus.PENDING.value)

def _like_term(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filters(text: str | None, statuses: Iterable[str] | None,
             responsible_id: int | None) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if statuses is not None:
        conds.append(Matter.status.in_([str(s) for s in statuses]))
    if responsible_id is not None:
        conds.append(Matter.responsible_id == responsible_id)
    # Both columns are stored folded (lower-case, no accents): a plain LIKE per word, the
    # same on SQLite and PostgreSQL, with no folding of every row inside SQL.
    for word in dict.fromkeys(fold(text).split()):
        pattern = _like_term(word)
        conds.append(or_(Matter.search_text.like(pattern, escape="\\"),
                         Contact.search_text.like(pattern, escape="\\")))
    return conds


def _order(order: str, descending: bool) -> list:
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}")
    status_rank = {s.value: i for i, s in enumerate(MatterStatus)}
    keys = {
        "reference": [Matter.reference],
        "title": [func.lower(Matter.title)],
        "client": [Contact.sort_name],
        "responsible": [User.last_name, User.first_name],
        "status": [case(status_rank, value=Matter.status, else_=len(status_rank))],
        "opened_on": [Matter.opened_on],
    }[order] + [Matter.id]
    return [k.desc() if descending else k.asc() for k in keys]


def list_matters(db: Database, *, text: str | None = None,
                 statuses: Iterable[str] | None = ACTIVE_STATUSES,
                 responsible_id: int | None = None, order: str = "reference",
                 descending: bool = True, offset: int = 0, limit: int = PAGE_SIZE) -> MatterPage:
    """One page of the matter list, filtered and sorted in SQL, with the total count.
    ``text``: every word must appear in the reference, the title or what the client can be
    found by (name, e-mail, phone, SIREN, city — its ``search_text``), case and accents
    ignored. ``statuses=None``: every status."""
    conds = _filters(text, statuses, responsible_id)
    joined = (select(Matter.id).join(Contact, Contact.id == Matter.client_id)
              .join(User, User.id == Matter.responsible_id))
    with db.read() as s:
        rows = s.execute(
            select(Matter.id, Matter.reference, Matter.title, Contact.display_name,
                   User.first_name, User.last_name, Matter.status, Matter.opened_on)
            .join(Contact, Contact.id == Matter.client_id)
            .join(User, User.id == Matter.responsible_id)
            .where(and_(true(), *conds)).order_by(*_order(order, descending))
            .offset(max(0, offset)).limit(limit)).all()
        if offset <= 0 and len(rows) < limit:
            total = len(rows)   # the whole list fits in this page: no count to run
        else:
            total = s.scalar(select(func.count()).select_from(
                joined.where(and_(true(), *conds)).subquery())) or 0
    return MatterPage(rows=tuple(
        MatterListRow(id=r[0], reference=r[1], title=r[2], client_name=r[3],
                      responsible_name=rules.user_name(r[4], r[5]), status=MatterStatus(r[6]),
                      opened_on=r[7]) for r in rows), total=int(total), offset=max(0, offset))


# -- one matter -----------------------------------------------------------------------------
def _parties_in(s: Session, matter: Matter) -> tuple[PartyView, ...]:
    order = {r: i for i, r in enumerate(PartyRole)}
    rows = s.execute(select(MatterParty.id, MatterParty.contact_id, Contact.display_name,
                            Contact.kind, MatterParty.role, MatterParty.notes)
                     .join(Contact, Contact.id == MatterParty.contact_id)
                     .where(MatterParty.matter_id == matter.id)).all()
    parties = [PartyView(id=r[0], contact_id=r[1], name=r[2], contact_kind=r[3],
                         role=PartyRole(r[4]), notes=r[5],
                         is_client=r[1] == matter.client_id and r[4] == PartyRole.CLIENT)
               for r in rows]
    parties.sort(key=lambda p: (not p.is_client, order[p.role], p.name.lower(), p.id))
    return tuple(parties)


def _checks_in(s: Session, matter_id: int) -> tuple[ConflictCheckSummary, ...]:
    rows = s.execute(select(ConflictCheck, User.first_name, User.last_name)
                     .outerjoin(User, User.id == ConflictCheck.performed_by_id)
                     .where(ConflictCheck.matter_id == matter_id)
                     .order_by(ConflictCheck.performed_at.desc(), ConflictCheck.id.desc())).all()
    out = []
    for check, first, last in rows:
        hits = list(check.hits or [])
        out.append(ConflictCheckSummary(
            id=check.id, performed_at=check.performed_at,
            performed_by=rules.user_name(first, last) or None,
            decision=ConflictDecision(check.decision), note=check.decision_note, hits=len(hits),
            blocking=sum(1 for h in hits if isinstance(h, dict)
                         and h.get("severity") == BLOCKING)))
    return tuple(out)


def load_matter_in(s: Session, matter_id: int, today: date) -> MatterView:
    matter = rules.load_matter_row(s, matter_id)
    responsible = s.get(User, matter.responsible_id)
    team = s.execute(select(User.id, User.first_name, User.last_name)
                     .join(matter_assignee, matter_assignee.c.user_id == User.id)
                     .where(matter_assignee.c.matter_id == matter_id)
                     .order_by(User.last_name, User.first_name)).all()
    return MatterView(
        id=matter.id, reference=matter.reference, title=matter.title, domain=matter.domain,
        description=matter.description, status=MatterStatus(matter.status),
        opened_on=matter.opened_on, closed_on=matter.closed_on, archived_on=matter.archived_on,
        client_id=matter.client_id, client_name=rules.contact_name(s, matter.client_id),
        responsible_id=matter.responsible_id,
        responsible_name=responsible.full_name if responsible else "",
        assignees=tuple((r[0], rules.user_name(r[1], r[2])) for r in team),
        parties=_parties_in(s, matter), banner=matter_banner_in(s, matter_id, today),
        conflict_checks=_checks_in(s, matter_id),
        transitions=rules.allowed_transitions(matter.status))


def load_matter(db: Database, matter_id: int, today: date) -> MatterView:
    """Everything the matter screen's header shows, in one read."""
    with db.read() as s:
        return load_matter_in(s, matter_id, today)


def matter_journal(db: Database, matter_id: int, *, offset: int = 0,
                   limit: int = JOURNAL_PAGE) -> JournalPage:
    """The journal lines (interactions) of a matter, newest first."""
    with db.read() as s:
        rows = s.execute(
            select(Interaction.id, Interaction.kind, Interaction.occurred_at, Interaction.subject,
                   Interaction.body, User.first_name, User.last_name, Matter.reference)
            .outerjoin(User, User.id == Interaction.user_id)
            .join(Matter, Matter.id == Interaction.matter_id)
            .where(Interaction.matter_id == matter_id)
            .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
            .offset(offset).limit(limit + 1)).all()
    lines = tuple(JournalLine(id=r[0], kind=_kind(r[1]), occurred_at=r[2],
                              subject=r[3], body=r[4], user_name=rules.user_name(r[5], r[6]) or None,
                              matter_reference=r[7]) for r in rows[:limit])
    return JournalPage(lines=lines, offset=offset, has_more=len(rows) > limit)


def _kind(value: str) -> InteractionKind:
    try:
        return InteractionKind(value)
    except ValueError:
        return InteractionKind.NOTE


# -- for the dialogs ------------------------------------------------------------------------
def form_choices(db: Database) -> FormChoices:
    """Active users (partners first) and the domains already used, for the dialogs."""
    with db.read() as s:
        users = s.execute(select(User.id, User.first_name, User.last_name, User.category)
                          .where(User.is_active.is_(True))
                          .order_by(User.last_name, User.first_name)).all()
        domains = s.scalars(select(Matter.domain).where(Matter.domain.is_not(None))
                            .group_by(Matter.domain).order_by(Matter.domain).limit(200)).all()
    rank = {c.value: i for i, c in enumerate(UserCategory)}
    ordered = sorted(users, key=lambda r: rank.get(r[3], len(rank)))
    return FormChoices(
        users=tuple(UserChoice(id=r[0], name=rules.user_name(r[1], r[2]),
                               category_label=_category_label(r[3])) for r in ordered),
        domains=tuple(d for d in domains if d))


def _category_label(code: str) -> str:
    try:
        return UserCategory(code).label
    except ValueError:
        return code


def find_contacts(db: Database, text: str, *, kinds: Sequence[str] | None = None,
                  limit: int = 30, exclude: Iterable[int] = ()) -> list[ContactRow]:
    """Contacts of any status matching ``text`` (as the contact search), for the pickers;
    the ``exclude`` ids are never offered (the contact whose card is open…)."""
    if not (text or "").strip():
        return []
    skip = set(exclude)
    with db.read() as s:
        ids = search_contact_ids(s, text, statuses=ALL_STATUSES, kinds=kinds,
                                 limit=limit + len(skip))
        return fetch_rows(s, [i for i in ids if i not in skip][:limit])


CLIENT_KINDS = (ContactKind.PERSON.value, ContactKind.COMPANY.value)


def party_probes(db: Database, parties: Sequence[tuple[int, str]]) -> list[PartyProbe]:
    """What the conflict check searches for each (contact id, role) of a future matter."""
    ids = [cid for cid, _role in parties]
    with db.read() as s:
        found = {r[0]: r for r in s.execute(
            select(Contact.id, Contact.display_name, Contact.kind, CompanyDetails.siren,
                   Contact.primary_email, Contact.primary_phone)
            .outerjoin(CompanyDetails, CompanyDetails.contact_id == Contact.id)
            .where(Contact.id.in_(ids))).all()}
    probes = []
    for cid, role in parties:
        row = found.get(cid)
        if row is None:
            continue
        kind = row[2] if row[2] in CLIENT_KINDS else ContactKind.COMPANY.value
        probes.append(PartyProbe(name=row[1], kind=kind, siren=row[3], email=row[4],
                                 phone=row[5], role=role))
    return probes
