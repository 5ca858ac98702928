"""« Ce ne sont pas des doublons » : decisions remembered for a pair of contacts (smaller id
first), left out of the scan and of the while-typing check."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Contact, DuplicateDismissal


def dismissed_partners(session: Session, contact_id: int) -> set[int]:
    rows = session.execute(select(DuplicateDismissal.contact_a_id, DuplicateDismissal.contact_b_id)
                           .where(or_(DuplicateDismissal.contact_a_id == contact_id,
                                      DuplicateDismissal.contact_b_id == contact_id)))
    return {b if a == contact_id else a for a, b in rows}


def dismissed_pairs(session: Session) -> set[tuple[int, int]]:
    return {(a, b) for a, b in session.execute(
        select(DuplicateDismissal.contact_a_id, DuplicateDismissal.contact_b_id))}


def dismiss_pair(db: Database, clock: Clock, a: int, b: int, user_id: int | None) -> int:
    """Remember that ``a`` and ``b`` are not duplicates. Returns the decision's id (the existing
    one when the pair was already dismissed)."""
    if a == b:
        raise ValidationError("Une fiche ne peut pas être comparée à elle-même.")
    low, high = sorted((a, b))
    with db.write() as s:
        if s.get(Contact, low) is None or s.get(Contact, high) is None:
            raise ValidationError("Cette fiche n'existe plus.")
        existing = s.scalar(select(DuplicateDismissal.id).where(
            DuplicateDismissal.contact_a_id == low, DuplicateDismissal.contact_b_id == high))
        if existing is not None:
            return existing
        row = DuplicateDismissal(contact_a_id=low, contact_b_id=high, decided_by_id=user_id,
                                 decided_at=clock.now())
        s.add(row)
        s.flush()
        return row.id


def dismiss_group_in(session: Session, clock: Clock, ids: list[int],
                     user_id: int | None) -> int:
    """Remember that no two of ``ids`` are duplicates, inside the caller's transaction. Returns
    how many pairs were newly dismissed (pairs already dismissed are kept as they were)."""
    wanted = sorted(set(ids))
    if len(wanted) < 2:
        raise ValidationError("Sélectionnez au moins deux fiches.", field="contacts")
    found = set(session.scalars(select(Contact.id).where(Contact.id.in_(wanted))))
    if found != set(wanted):
        raise ValidationError("Une des fiches sélectionnées n'existe plus.", field="contacts")
    known = {(a, b) for a, b in session.execute(
        select(DuplicateDismissal.contact_a_id, DuplicateDismissal.contact_b_id)
        .where(DuplicateDismissal.contact_a_id.in_(wanted),
               DuplicateDismissal.contact_b_id.in_(wanted)))}
    now, added = clock.now(), 0
    for x, low in enumerate(wanted):
        for high in wanted[x + 1:]:
            if (low, high) not in known:
                session.add(DuplicateDismissal(contact_a_id=low, contact_b_id=high,
                                               decided_by_id=user_id, decided_at=now))
                added += 1
    session.flush()
    return added


def dismiss_group(db: Database, clock: Clock, ids: list[int], *,
                  user_id: int | None = None) -> int:
    """« Ce ne sont pas des doublons » for several records at once: every pair among ``ids``
    is dismissed, in one transaction. Returns how many pairs were newly dismissed."""
    with db.write() as s:
        return dismiss_group_in(s, clock, ids, user_id)
