"""Deadlines of a matter (délais de procédure or contractuels).

A deadline is entered either as a period from an event (computed by
:mod:`~themisia_desktop.core.calendar.deadline_calculator` with the firm's Alsace-Moselle
setting; the steps are kept in ``computation``) or as a fixed date. Every change writes an
event and a line in the client's journal, in the transaction of the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.calendar.deadline_calculator import (DeadlineResult, compute,
                                                                fixed_date_steps)
from themisia_desktop.core.calendar.holidays_fr import long_date
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.firm.settings import DEFAULTS
from themisia_desktop.core.models import (Deadline, FirmSetting, Interaction, Matter, User,
                                          matter_assignee)
from themisia_desktop.core.models.enums import DeadlineStatus, InteractionKind

ENTITY = "deadline"
KINDS = {"procedural": "Procédural", "contractual": "Contractuel"}
KIND_CHOICES = tuple(KINDS.items())
S = DeadlineStatus
TRANSITIONS = {
    S.MET: frozenset({S.PENDING, S.MISSED}),
    S.CANCELLED: frozenset({S.PENDING, S.MISSED}),
    S.MISSED: frozenset({S.PENDING}),
    S.PENDING: frozenset({S.MET, S.CANCELLED, S.MISSED}),
}
JOURNAL_VERBS = {S.MET: "Délai respecté", S.CANCELLED: "Délai annulé", S.MISSED: "Délai manqué",
                 S.PENDING: "Délai rouvert"}


@dataclass(frozen=True)
class DeadlineInfo:
    id: int
    matter_id: int
    matter_reference: str
    matter_title: str
    title: str
    kind: str
    kind_label: str
    trigger_date: date | None
    period_value: int | None
    period_unit: str | None
    due_on: date
    steps: tuple[str, ...]
    status: str
    status_label: str
    responsible_id: int | None
    responsible_name: str
    overdue: bool  # still pending and its date has passed


def alsace_moselle_in(session: Session) -> bool:
    row = session.get(FirmSetting, "alsace_moselle_holidays")
    return bool(DEFAULTS["alsace_moselle_holidays"] if row is None else row.value)


def firm_alsace_moselle(db: Database) -> bool:
    with db.read() as s:
        return alsace_moselle_in(s)


def preview(db: Database, trigger_date: date, period_value: int, period_unit: str) -> DeadlineResult:
    """What :func:`add_deadline` would compute, with the firm's holiday calendar."""
    return compute(trigger_date, period_value, period_unit, alsace_moselle=firm_alsace_moselle(db))


def _to_info(d: Deadline, matter: Matter, responsible: User | None, today: date) -> DeadlineInfo:
    status = S(d.status)
    return DeadlineInfo(
        id=d.id, matter_id=d.matter_id, matter_reference=matter.reference,
        matter_title=matter.title, title=d.title, kind=d.kind, kind_label=KINDS.get(d.kind, d.kind),
        trigger_date=d.trigger_date, period_value=d.period_value, period_unit=d.period_unit,
        due_on=d.due_on, steps=tuple(d.computation or ()), status=status.value,
        status_label=status.label, responsible_id=d.responsible_id,
        responsible_name=responsible.full_name if responsible else "",
        overdue=status == S.PENDING and d.due_on < today)


def _info(session: Session, d: Deadline, today: date) -> DeadlineInfo:
    matter = session.get(Matter, d.matter_id)
    responsible = session.get(User, d.responsible_id) if d.responsible_id else None
    return _to_info(d, matter, responsible, today)


def _matter(session: Session, matter_id: int) -> Matter:
    matter = session.get(Matter, matter_id)
    if matter is None:
        raise ValidationError("Choisissez un dossier existant.", field="matter")
    return matter


def _check_responsible(session: Session, user_id: int | None) -> None:
    if user_id is None:
        return
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise ValidationError("Le responsable choisi n'est pas un utilisateur actif.",
                              field="responsible")


def _clean_title(title: str | None) -> str:
    text = (title or "").strip()
    if not text:
        raise ValidationError("Donnez un intitulé au délai.", field="title")
    if len(text) > 300:
        raise ValidationError("L'intitulé ne peut dépasser 300 caractères.", field="title")
    return text


def _schedule(session: Session, trigger_date: date | None, period_value: int | None,
              period_unit: str | None, due_on: date | None
              ) -> tuple[date, tuple[str, ...], int | None, str | None]:
    """(due date, steps, value, unit) from either a period or a fixed date."""
    if period_value is None and not period_unit:
        if due_on is None:
            raise ValidationError("Indiquez une durée de délai ou une date d'échéance.",
                                  field="due_on")
        return due_on, fixed_date_steps(due_on), None, None
    if trigger_date is None:
        raise ValidationError("Indiquez la date de l'événement qui fait courir le délai.",
                              field="trigger_date")
    result = compute(trigger_date, period_value, period_unit or "",  # type: ignore[arg-type]
                     alsace_moselle=alsace_moselle_in(session))
    return result.due, result.steps, result.value, result.unit


def _journal(session: Session, matter: Matter, subject: str, at: datetime, user_id: int | None,
             deadline: Deadline) -> None:
    session.add(Interaction(contact_id=matter.client_id, matter_id=matter.id,
                            kind=InteractionKind.DEADLINE.value, occurred_at=at,
                            subject=subject[:300], user_id=user_id,
                            details={"deadline_id": deadline.id, "due_on": deadline.due_on.isoformat()}))


def add_deadline_in(session: Session, at: datetime, matter_id: int, title: str, kind: str,
                    trigger_date: date | None, period_value: int | None, period_unit: str | None,
                    responsible_id: int | None, *, due_on: date | None = None,
                    user_id: int | None = None) -> Deadline:
    clean_title = _clean_title(title)
    if kind not in KINDS:
        raise ValidationError("Choisissez la nature du délai (procédural ou contractuel).",
                              field="kind")
    matter = _matter(session, matter_id)
    _check_responsible(session, responsible_id)
    due, steps, value, unit = _schedule(session, trigger_date, period_value, period_unit, due_on)
    deadline = Deadline(matter_id=matter.id, title=clean_title, kind=kind,
                        trigger_date=trigger_date if value is not None else None,
                        period_value=value, period_unit=unit, due_on=due, computation=list(steps),
                        status=S.PENDING.value,
                        responsible_id=responsible_id if responsible_id else matter.responsible_id,
                        created_at=at, updated_at=at)
    session.add(deadline)
    session.flush()
    record_event(session, kind=EventKind.CREATED, entity_type=ENTITY, entity_id=deadline.id, at=at,
                 user_id=user_id, payload={"matter_id": matter.id, "due_on": due.isoformat(),
                                           "kind": kind, "title": clean_title})
    _journal(session, matter, f"Délai ajouté : {clean_title} — échéance le {long_date(due)}", at,
             user_id, deadline)
    return deadline


def add_deadline(db: Database, clock: Clock, matter_id: int, title: str, kind: str,
                 trigger_date: date | None, period_value: int | None, period_unit: str | None,
                 responsible_id: int | None, *, due_on: date | None = None,
                 user_id: int | None = None) -> DeadlineInfo:
    """A deadline computed from ``trigger_date`` + ``period_value`` ``period_unit`` (jours or
    mois), or, with no period, due on the fixed date ``due_on``. The responsible defaults to
    the matter's responsible partner."""
    with db.write() as s:
        deadline = add_deadline_in(s, clock.now(), matter_id, title, kind, trigger_date,
                                   period_value, period_unit, responsible_id, due_on=due_on,
                                   user_id=user_id)
        return _info(s, deadline, clock.today())


def _load(session: Session, deadline_id: int) -> Deadline:
    deadline = session.get(Deadline, deadline_id)
    if deadline is None:
        raise NotFoundError(f"Le délai n° {deadline_id} n'existe pas.")
    return deadline


def move_deadline(db: Database, clock: Clock, deadline_id: int, *, trigger_date: date | None = None,
                  period_value: int | None = None, period_unit: str | None = None,
                  due_on: date | None = None, user_id: int | None = None) -> DeadlineInfo:
    """Recompute from a new event date and period, or set a fixed date."""
    at = clock.now()
    with db.write() as s:
        deadline = _load(s, deadline_id)
        if deadline.status != S.PENDING:
            raise ValidationError("Seul un délai en cours peut être déplacé.", field="status")
        due, steps, value, unit = _schedule(s, trigger_date, period_value, period_unit, due_on)
        old = deadline.due_on
        deadline.due_on, deadline.computation = due, list(steps)
        deadline.period_value, deadline.period_unit = value, unit
        deadline.trigger_date = trigger_date if value is not None else None
        deadline.updated_at = at
        record_event(s, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=deadline.id, at=at,
                     user_id=user_id, payload={"changes": {"due_on": [old.isoformat(),
                                                                      due.isoformat()]},
                                               "matter_id": deadline.matter_id})
        if due != old:
            _journal(s, s.get(Matter, deadline.matter_id),
                     f"Délai déplacé : {deadline.title} — échéance le {long_date(due)} "
                     f"(au lieu du {long_date(old)})", at, user_id, deadline)
        return _info(s, deadline, clock.today())


def set_deadline_status(db: Database, clock: Clock, deadline_id: int, status: str, *,
                        user_id: int | None = None) -> DeadlineInfo:
    try:
        new = S(status)
    except ValueError:
        raise ValidationError(f"Statut de délai inconnu : « {status} ».", field="status") from None
    at = clock.now()
    with db.write() as s:
        deadline = _load(s, deadline_id)
        old = S(deadline.status)
        if old not in TRANSITIONS[new]:
            raise ValidationError(f"Un délai « {old.label} » ne peut pas passer à « {new.label} ».",
                                  field="status")
        deadline.status = new.value
        deadline.updated_at = at
        record_event(s, kind=EventKind.STATUS_CHANGED, entity_type=ENTITY, entity_id=deadline.id,
                     at=at, user_id=user_id, payload={"changes": {"status": [old.value, new.value]},
                                                      "matter_id": deadline.matter_id})
        _journal(s, s.get(Matter, deadline.matter_id), f"{JOURNAL_VERBS[new]} : {deadline.title}",
                 at, user_id, deadline)
        return _info(s, deadline, clock.today())


def mark_met(db: Database, clock: Clock, deadline_id: int, *, user_id: int | None = None
             ) -> DeadlineInfo:
    return set_deadline_status(db, clock, deadline_id, S.MET.value, user_id=user_id)


def cancel_deadline(db: Database, clock: Clock, deadline_id: int, *, user_id: int | None = None
                    ) -> DeadlineInfo:
    return set_deadline_status(db, clock, deadline_id, S.CANCELLED.value, user_id=user_id)


def _rows(session: Session, stmt, today: date) -> list[DeadlineInfo]:  # noqa: ANN001
    rows = session.execute(stmt.outerjoin(User, User.id == Deadline.responsible_id)).all()
    return [_to_info(d, m, u, today) for d, m, u in rows]


def _base():  # noqa: ANN202
    return select(Deadline, Matter, User).join(Matter, Matter.id == Deadline.matter_id)


def get_deadline(db: Database, clock: Clock, deadline_id: int) -> DeadlineInfo:
    with db.read() as s:
        return _info(s, _load(s, deadline_id), clock.today())


def matter_deadlines(db: Database, clock: Clock, matter_id: int) -> list[DeadlineInfo]:
    """Pending first, by due date; then the others, most recent first."""
    with db.read() as s:
        rows = _rows(s, _base().where(Deadline.matter_id == matter_id)
                     .order_by(Deadline.due_on, Deadline.id), clock.today())
    pending = [d for d in rows if d.status == S.PENDING]
    others = sorted((d for d in rows if d.status != S.PENDING), key=lambda d: d.due_on, reverse=True)
    return pending + others


def deadlines_between_in(session: Session, user_id: int, first: date, last: date,
                         today: date) -> list[DeadlineInfo]:
    """Pending deadlines due in [first, last] that the user answers for: responsible of the
    deadline, responsible of its matter or assigned to its matter."""
    assigned = select(matter_assignee.c.matter_id).where(matter_assignee.c.user_id == user_id)
    stmt = _base().where(Deadline.status == S.PENDING.value, Deadline.due_on >= first,
                         Deadline.due_on <= last,
                         or_(Deadline.responsible_id == user_id, Matter.responsible_id == user_id,
                             Deadline.matter_id.in_(assigned))
                         ).order_by(Deadline.due_on, Deadline.id)
    return _rows(session, stmt, today)


def upcoming_deadlines(db: Database, clock: Clock, user_id: int, days: int = 14
                       ) -> list[DeadlineInfo]:
    """The user's pending deadlines due within ``days`` days, overdue ones included."""
    today = clock.today()
    with db.read() as s:
        return deadlines_between_in(s, user_id, date(1900, 1, 1), today + timedelta(days=days),
                                    today)
