"""Tasks: for a matter or a contact, assigned to a user or to a group, with a due date.

Completing a task writes the event ``completed`` (automation reacts to it) and a line in the
client's journal, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, or_, select
from sqlalchemy.orm import Session, aliased

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.models import (Contact, Group, Interaction, Matter, Task, User,
                                          user_group)
from themisia_desktop.core.models.enums import InteractionKind, TaskStatus

ENTITY = "task"
FILTERS = ("open", "done", "all")


@dataclass(frozen=True)
class TaskInfo:
    id: int
    title: str
    description: str | None
    matter_id: int | None
    matter_reference: str
    matter_title: str
    contact_id: int | None
    contact_name: str
    assignee_id: int | None
    assignee_name: str
    group_id: int | None
    group_name: str
    due_on: date | None
    status: str
    status_label: str
    overdue: bool  # open and its due date has passed
    completed_at: datetime | None
    completed_by_id: int | None

    @property
    def assigned_to(self) -> str:
        return self.assignee_name or (f"Groupe {self.group_name}" if self.group_name else "")


def _to_info(t: Task, m: Matter | None, c: Contact | None, u: User | None, g: Group | None,
             today: date) -> TaskInfo:
    status = TaskStatus(t.status)
    return TaskInfo(
        id=t.id, title=t.title, description=t.description, matter_id=t.matter_id,
        matter_reference=m.reference if m else "", matter_title=m.title if m else "",
        contact_id=t.contact_id, contact_name=c.display_name if c else "",
        assignee_id=t.assignee_id, assignee_name=u.full_name if u else "", group_id=t.group_id,
        group_name=g.name if g else "", due_on=t.due_on, status=status.value,
        status_label=status.label,
        overdue=status == TaskStatus.OPEN and t.due_on is not None and t.due_on < today,
        completed_at=t.completed_at, completed_by_id=t.completed_by_id)


def _select():  # noqa: ANN202
    assignee = aliased(User)
    return (select(Task, Matter, Contact, assignee, Group)
            .outerjoin(Matter, Matter.id == Task.matter_id)
            .outerjoin(Contact, Contact.id == Task.contact_id)
            .outerjoin(assignee, assignee.id == Task.assignee_id)
            .outerjoin(Group, Group.id == Task.group_id))


def _rows(session: Session, stmt, today: date) -> list[TaskInfo]:  # noqa: ANN001
    return [_to_info(*row, today) for row in session.execute(stmt).all()]


def _info(session: Session, task_id: int, today: date) -> TaskInfo:
    return _rows(session, _select().where(Task.id == task_id), today)[0]


def _load(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError(f"La tâche n° {task_id} n'existe pas.")
    return task


def _check_assignment(session: Session, assignee_id: int | None, group_id: int | None) -> None:
    if assignee_id is not None and group_id is not None:
        raise ValidationError("Confiez la tâche à une personne ou à un groupe, pas aux deux.",
                              field="assignee")
    if assignee_id is None and group_id is None:
        raise ValidationError("Confiez la tâche à une personne ou à un groupe.", field="assignee")
    if assignee_id is not None:
        user = session.get(User, assignee_id)
        if user is None or not user.is_active:
            raise ValidationError("La personne choisie n'est pas un utilisateur actif.",
                                  field="assignee")
    if group_id is not None and session.get(Group, group_id) is None:
        raise ValidationError("Le groupe choisi n'existe pas.", field="assignee")


def _clean_title(title: str | None) -> str:
    text = (title or "").strip()
    if not text:
        raise ValidationError("Donnez un intitulé à la tâche.", field="title")
    if len(text) > 300:
        raise ValidationError("L'intitulé ne peut dépasser 300 caractères.", field="title")
    return text


def _journal(session: Session, task: Task, subject: str, at: datetime, user_id: int | None) -> None:
    """A line on the client's card (the matter's client, else the task's contact)."""
    contact_id = task.contact_id
    if task.matter_id is not None:
        contact_id = session.get(Matter, task.matter_id).client_id
    if contact_id is None:
        return
    session.add(Interaction(contact_id=contact_id, matter_id=task.matter_id,
                            kind=InteractionKind.TASK.value, occurred_at=at, subject=subject[:300],
                            user_id=user_id, details={"task_id": task.id}))


def create_task_in(session: Session, at: datetime, title: str, *, description: str | None = None,
                   matter_id: int | None = None, contact_id: int | None = None,
                   assignee_id: int | None = None, group_id: int | None = None,
                   due_on: date | None = None, user_id: int | None = None,
                   run_id: int | None = None) -> Task:
    """Create a task in the caller's transaction (used by automation actions too). With
    neither assignee nor group, the task goes to ``user_id``."""
    clean_title = _clean_title(title)
    if assignee_id is None and group_id is None:
        assignee_id = user_id
    _check_assignment(session, assignee_id, group_id)
    if matter_id is not None and session.get(Matter, matter_id) is None:
        raise ValidationError("Le dossier choisi n'existe pas.", field="matter")
    if contact_id is not None and session.get(Contact, contact_id) is None:
        raise ValidationError("Le contact choisi n'existe pas.", field="contact")
    task = Task(title=clean_title, description=(description or "").strip() or None,
                matter_id=matter_id, contact_id=contact_id, assignee_id=assignee_id,
                group_id=group_id, due_on=due_on, status=TaskStatus.OPEN.value,
                created_by_id=user_id, run_id=run_id, created_at=at, updated_at=at)
    session.add(task)
    session.flush()
    record_event(session, kind=EventKind.CREATED, entity_type=ENTITY, entity_id=task.id, at=at,
                 user_id=user_id, payload={"matter_id": matter_id, "contact_id": contact_id,
                                           "assignee_id": assignee_id, "group_id": group_id,
                                           "due_on": due_on.isoformat() if due_on else None})
    return task


def create_task(db: Database, clock: Clock, title: str, *, description: str | None = None,
                matter_id: int | None = None, contact_id: int | None = None,
                assignee_id: int | None = None, group_id: int | None = None,
                due_on: date | None = None, user_id: int | None = None) -> TaskInfo:
    with db.write() as s:
        task = create_task_in(s, clock.now(), title, description=description, matter_id=matter_id,
                              contact_id=contact_id, assignee_id=assignee_id, group_id=group_id,
                              due_on=due_on, user_id=user_id)
        return _info(s, task.id, clock.today())


def update_task(db: Database, clock: Clock, task_id: int, *, title: str,
                description: str | None, due_on: date | None, user_id: int | None = None
                ) -> TaskInfo:
    at = clock.now()
    with db.write() as s:
        task = _load(s, task_id)
        new = {"title": _clean_title(title), "description": (description or "").strip() or None,
               "due_on": due_on}
        changes = {}
        for key, value in new.items():
            old = getattr(task, key)
            if old != value:
                changes[key] = [old.isoformat() if isinstance(old, date) else old,
                                value.isoformat() if isinstance(value, date) else value]
                setattr(task, key, value)
        if changes:
            task.updated_at = at
            record_event(s, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=task.id, at=at,
                         user_id=user_id, payload={"changes": changes})
        return _info(s, task.id, clock.today())


def assign_task(db: Database, clock: Clock, task_id: int, *, assignee_id: int | None = None,
                group_id: int | None = None, user_id: int | None = None) -> TaskInfo:
    at = clock.now()
    with db.write() as s:
        task = _load(s, task_id)
        _check_assignment(s, assignee_id, group_id)
        changes = {"assignee_id": [task.assignee_id, assignee_id],
                   "group_id": [task.group_id, group_id]}
        task.assignee_id, task.group_id, task.updated_at = assignee_id, group_id, at
        record_event(s, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=task.id, at=at,
                     user_id=user_id, payload={"changes": changes})
        return _info(s, task.id, clock.today())


def complete_task(db: Database, clock: Clock, task_id: int, *, user_id: int | None = None
                  ) -> TaskInfo:
    at = clock.now()
    with db.write() as s:
        task = _load(s, task_id)
        if task.status != TaskStatus.OPEN:
            raise ValidationError(f"La tâche est « {TaskStatus(task.status).label} » : seule une "
                                  "tâche à faire peut être terminée.", field="status")
        task.status, task.completed_at, task.completed_by_id = TaskStatus.DONE.value, at, user_id
        task.updated_at = at
        record_event(s, kind=EventKind.COMPLETED, entity_type=ENTITY, entity_id=task.id, at=at,
                     user_id=user_id, payload={"changes": {"status": ["open", "done"]},
                                               "matter_id": task.matter_id,
                                               "contact_id": task.contact_id})
        _journal(s, task, f"Tâche terminée : {task.title}", at, user_id)
        return _info(s, task.id, clock.today())


def _set_status(db: Database, clock: Clock, task_id: int, new: TaskStatus, allowed: set[str],
                user_id: int | None) -> TaskInfo:
    at = clock.now()
    with db.write() as s:
        task = _load(s, task_id)
        old = TaskStatus(task.status)
        if old.value not in allowed:
            raise ValidationError(f"Une tâche « {old.label} » ne peut pas passer à "
                                  f"« {new.label} ».", field="status")
        task.status, task.updated_at = new.value, at
        if new == TaskStatus.OPEN:
            task.completed_at = task.completed_by_id = None
        record_event(s, kind=EventKind.STATUS_CHANGED, entity_type=ENTITY, entity_id=task.id,
                     at=at, user_id=user_id, payload={"changes": {"status": [old.value, new.value]}})
        return _info(s, task.id, clock.today())


def reopen_task(db: Database, clock: Clock, task_id: int, *, user_id: int | None = None) -> TaskInfo:
    return _set_status(db, clock, task_id, TaskStatus.OPEN, {"done", "cancelled"}, user_id)


def cancel_task(db: Database, clock: Clock, task_id: int, *, user_id: int | None = None) -> TaskInfo:
    return _set_status(db, clock, task_id, TaskStatus.CANCELLED, {"open"}, user_id)


def _order(stmt):  # noqa: ANN001, ANN202
    open_first = case((Task.status == TaskStatus.OPEN.value, 0), else_=1)
    no_date_last = case((Task.due_on.is_(None), 1), else_=0)
    return stmt.order_by(open_first, no_date_last, Task.due_on, Task.id)


def mine_clause(user_id: int):  # noqa: ANN201
    """Tasks assigned to the user or to one of the user's groups."""
    groups = select(user_group.c.group_id).where(user_group.c.user_id == user_id)
    return or_(Task.assignee_id == user_id, Task.group_id.in_(groups))


def my_tasks(db: Database, clock: Clock, user_id: int, *, show: str = "open") -> list[TaskInfo]:
    """``show``: "open" (à faire), "done" (terminées) or "all"; open ones first, by due date."""
    if show not in FILTERS:
        raise ValidationError("Filtre de tâches inconnu.", field="show")
    stmt = _select().where(mine_clause(user_id))
    if show == "open":
        stmt = stmt.where(Task.status == TaskStatus.OPEN.value)
    elif show == "done":
        stmt = stmt.where(Task.status == TaskStatus.DONE.value)
    with db.read() as s:
        return _rows(s, _order(stmt), clock.today())


def matter_tasks(db: Database, clock: Clock, matter_id: int) -> list[TaskInfo]:
    with db.read() as s:
        return _rows(s, _order(_select().where(Task.matter_id == matter_id)), clock.today())


def get_task(db: Database, clock: Clock, task_id: int) -> TaskInfo:
    with db.read() as s:
        _load(s, task_id)
        return _info(s, task_id, clock.today())


def tasks_due_between_in(session: Session, user_id: int, first: date, last: date,
                         today: date) -> list[TaskInfo]:
    stmt = _select().where(mine_clause(user_id), Task.status == TaskStatus.OPEN.value,
                           Task.due_on >= first, Task.due_on <= last)
    return _rows(session, _order(stmt), today)


@dataclass(frozen=True)
class Choice:
    id: int
    label: str


def assignment_choices(db: Database) -> tuple[list[Choice], list[Choice]]:
    """(active users, groups) for the assignee pickers."""
    with db.read() as s:
        users = [Choice(u.id, u.full_name) for u in s.scalars(
            select(User).where(User.is_active.is_(True)).order_by(User.last_name, User.first_name))]
        groups = [Choice(g.id, g.name) for g in s.scalars(select(Group).order_by(Group.name))]
    return users, groups


def matter_choices(db: Database) -> list[Choice]:
    """Open and pending matters, « référence — intitulé »."""
    with db.read() as s:
        rows = s.scalars(select(Matter).where(Matter.status.in_(("open", "pending")))
                         .order_by(Matter.reference))
        return [Choice(m.id, f"{m.reference} — {m.title}") for m in rows]
