"""What a workflow's actions do: one executor per action type.

Each executor takes ``(session, clock, ctx, action)`` and returns a dict for the run trace:
``{"action": "create_task", "created": {...}}``, or in a dry run ``{"action": ...,
"would_create": {...}}`` without writing anything. A problem raises a French
:class:`~themisia_desktop.core.errors.ThemisiaError`; the runner records it and rolls the
run's effects back. Records are created through the services that own them, so their events
and journal lines are written as when a user creates them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation import definition as d
from themisia_desktop.core.automation.conditions import value_json
from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.automation.fields import RECORD_TYPES, resolve
from themisia_desktop.core.automation.merge_context import (
    RecordLinks,
    merge_context_in,
    record_links_in,
)
from themisia_desktop.core.automation.workflows import find_by_builtin_key_in
from themisia_desktop.core.calendar.appointments import create_appointment_in
from themisia_desktop.core.calendar.tasks import create_task_in
from themisia_desktop.core.clock import PARIS, Clock
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.models import (
    Contact,
    Deadline,
    FirmSetting,
    Group,
    Interaction,
    Matter,
    ScheduledAction,
    Workflow,
)
from themisia_desktop.core.models.enums import InteractionKind, MatterStatus, TaskStatus
from themisia_desktop.core.notify.kinds import kind_for_record
from themisia_desktop.core.notify.notifications import notify_in
from themisia_desktop.core.notify.outbox import enqueue_in
from themisia_desktop.core.notify.recipients import (
    resolve_recipients,
    resolve_users,
    users_for_matter_role,
)
from themisia_desktop.core.notify.templating import render



@dataclass
class RunContext:
    """What an action knows about the run it belongs to."""

    workflow_id: int | None
    workflow_name: str
    record_type: str
    entity_id: int
    run_id: int | None
    cause_id: int | None
    chain: tuple[int, ...]          # workflows that led to this run (not this one)
    user_id: int | None             # the user behind the event, if any
    now: datetime
    today: date
    dry_run: bool = False
    data_dir: Path | None = None

    def merge(self, session: Session) -> dict[str, Any]:
        """Read afresh for each action: an earlier action may have changed the record."""
        return merge_context_in(session, self.record_type, self.entity_id, today=self.today)

    def links(self, session: Session) -> RecordLinks:
        return record_links_in(session, self.record_type, self.entity_id)

    @property
    def chain_with_self(self) -> tuple[int, ...]:
        return (*self.chain, self.workflow_id) if self.workflow_id is not None else self.chain


def _render(session: Session, ctx: RunContext, text: str | None, field: str) -> str | None:
    return None if text is None else render(text, ctx.merge(session), field=field)


# -- who --------------------------------------------------------------------------------------
def _group_id(session: Session, name: str) -> int:
    gid = session.scalar(select(Group.id).where(func.lower(Group.name) == name.lower()))
    if gid is None:
        raise ValidationError(f"Groupe introuvable : « {name} ».", field="assignee")
    return gid


def _responsible(session: Session, ctx: RunContext, links: RecordLinks) -> tuple[list[int], str]:
    """« Le responsable » of the record: a deadline's own responsible, a client's owner (« Suivi
    par ») or else the partners of its active matters, otherwise the matter's partner."""
    if ctx.record_type == "deadline":
        own = session.scalar(select(Deadline.responsible_id).where(Deadline.id == ctx.entity_id))
        if own is not None:
            return [own], ""
    if ctx.record_type == "contact":
        owner = session.scalar(select(Contact.owner_id).where(Contact.id == ctx.entity_id))
        if owner is not None:
            return [owner], ""
        partners = session.scalars(
            select(Matter.responsible_id)
            .where(Matter.client_id == ctx.entity_id,
                   Matter.status.in_((MatterStatus.OPEN.value, MatterStatus.PENDING.value)))
            .order_by(Matter.id)).all()
        if partners:
            return list(dict.fromkeys(partners)), ""
        return [], "Le client n'a ni responsable de suivi ni dossier actif."
    if links.matter_id is None:
        return [], "Rôle « responsable » : aucun dossier concerné."
    return users_for_matter_role(session, links.matter_id, "responsible"), ""


def resolve_people(session: Session, ctx: RunContext,
                   who: tuple[d.Assignee, ...]) -> tuple[list[int], list[str]]:
    """Active users designated by the assignees (users, groups, roles), in order."""
    links = ctx.links(session)
    candidates: list[int] = []
    problems: list[str] = []
    for a in who:
        if a.kind in ("user", "group"):
            spec = {"users": [int(a.value)]} if a.kind == "user" else {"groups": [str(a.value)]}
            found = resolve_recipients(session, spec)
            candidates += found.user_ids
            problems += found.problems
        elif a.value == "current_user":
            if ctx.user_id is None:
                problems.append("Aucun utilisateur n'est à l'origine de l'événement.")
            else:
                candidates.append(ctx.user_id)
        elif a.value == "responsible":
            ids, problem = _responsible(session, ctx, links)
            candidates += ids
            problems += [problem] if problem else []
        elif links.matter_id is None:
            problems.append("Rôle « intervenants » : aucun dossier concerné.")
        else:
            candidates += users_for_matter_role(session, links.matter_id, "assignees")
    found = resolve_users(session, candidates)
    return list(found.user_ids), problems


def _nobody(problems: list[str]) -> ValidationError:
    detail = f" ({' '.join(problems)})" if problems else ""
    return ValidationError(f"Aucun destinataire trouvé{detail}.", field="recipients")


# -- executors --------------------------------------------------------------------------------
def create_task(session: Session, clock: Clock, ctx: RunContext, a: d.CreateTask) -> dict:
    title = _render(session, ctx, a.title, "title")
    description = _render(session, ctx, a.description, "description")
    due = ctx.today + timedelta(days=a.due_in_days)
    links = ctx.links(session)
    group_id, users = None, [None]
    if a.assignee.kind == "group":
        group_id = _group_id(session, str(a.assignee.value))
    else:
        people, problems = resolve_people(session, ctx, (a.assignee,))
        if not people:
            raise _nobody(problems)
        users = people
    what = {"title": title, "due_on": due.isoformat(), "assignee_ids": [u for u in users if u],
            "group_id": group_id}
    if ctx.dry_run:
        return {"action": "create_task", "would_create": what}
    ids = []
    for uid in users:  # one task each when a role names several people
        task = create_task_in(session, ctx.now, title, description=description,
                              matter_id=links.matter_id,
                              contact_id=None if links.matter_id else links.contact_id,
                              assignee_id=uid, group_id=group_id, due_on=due,
                              user_id=ctx.user_id, run_id=ctx.run_id)
        ids.append(task.id)
    return {"action": "create_task", "created": {**what, "task_ids": ids}}


def create_appointment(session: Session, clock: Clock, ctx: RunContext,
                       a: d.CreateAppointment) -> dict:
    title = _render(session, ctx, a.title, "title")
    hour, minute = (int(x) for x in a.time.split(":"))
    start = datetime.combine(ctx.today + timedelta(days=a.in_days), time(hour, minute))
    end = start + timedelta(minutes=a.duration_minutes)
    people, problems = resolve_people(session, ctx, a.attendees)
    if not people:
        raise _nobody(problems)
    links = ctx.links(session)
    what = {"title": title, "starts_at": start.isoformat(), "ends_at": end.isoformat(),
            "attendee_ids": people, "location": a.location}
    if ctx.dry_run:
        return {"action": "create_appointment", "would_create": what}
    appt = create_appointment_in(session, ctx.now, title, start, end, location=a.location,
                                 matter_id=links.matter_id,
                                 contact_id=None if links.matter_id else links.contact_id,
                                 organizer_id=people[0], attendee_ids=people,
                                 user_id=ctx.user_id, run_id=ctx.run_id)
    return {"action": "create_appointment", "created": {**what, "appointment_id": appt.id}}


def _store_root(session: Session, ctx: RunContext) -> Path:
    from themisia_desktop.core.documents.store import store_root_in

    row = session.get(FirmSetting, "document_store")
    configured = row is not None and str(row.value or "").strip()
    if ctx.data_dir is None and not configured:
        raise ValidationError("Le dossier des documents du cabinet n'est pas connu : le document "
                              "n'a pas pu être généré.", field="template")
    return store_root_in(session, ctx.data_dir or Path("."))


def create_document(session: Session, clock: Clock, ctx: RunContext, a: d.CreateDocument) -> dict:
    from themisia_desktop.core.documents import merge_fields as doc_fields
    from themisia_desktop.core.documents.generate import output_file_name, render_template
    from themisia_desktop.core.documents.store import add_document_in
    from themisia_desktop.core.documents.templates import (checked_path, list_templates,
                                                           template_fields)

    links = ctx.links(session)
    if links.matter_id is None:
        raise ValidationError("Un document ne peut être généré que pour un dossier.",
                              field="template")
    store_root = _store_root(session, ctx)
    wanted = a.template.strip().lower()
    ref = next((t for t in list_templates(store_root)
                if wanted in (t.key.lower(), t.name.lower(), t.title.lower())), None)
    if ref is None:
        raise ValidationError(f"Modèle de document introuvable : « {a.template} ».",
                              field="template")
    title = _render(session, ctx, a.title, "title")
    what = {"template": ref.key, "title": title or ref.title, "matter_id": links.matter_id}
    if ctx.dry_run:
        return {"action": "create_document", "would_create": what}
    path = checked_path(ref, store_root)
    template_fields(ref, store_root)
    context = doc_fields.merge_context_in(session, ctx.today, links.matter_id)
    data = render_template(path, context)
    reference = context["dossier"]["reference"]
    doc_id = add_document_in(session, clock, store_root, write=lambda out: out.write(data),
                             file_name=output_file_name(ref, reference),
                             title=title or f"{ref.title} – {reference}",
                             matter_id=links.matter_id, template_name=ref.title,
                             user_id=ctx.user_id)
    return {"action": "create_document", "created": {**what, "document_id": doc_id}}


def _target(session: Session, record_type: str, entity_id: int,
            path: str) -> tuple[str, int, Any]:
    """The record that holds a (possibly related) field: (type, id, resolved field)."""
    rf = resolve(record_type, path)
    current_type, current_id = record_type, entity_id
    for hop in rf.hops:
        table = RECORD_TYPES[current_type].table
        current_id = session.scalar(select(table.c[hop.fk_column]).where(table.c.id == current_id))
        if current_id is None:
            raise ValidationError(f"Aucun enregistrement « {hop.label} » lié : le champ "
                                  f"{rf.label} n'a pas pu être modifié.", field="field")
        current_type = hop.target
    return current_type, current_id, rf


def _set_column(session: Session, ctx: RunContext, target_type: str, target_id: int,
                column: str, old: Any, new: Any, row: Any) -> None:
    setattr(row, column, new)
    if hasattr(row, "updated_at"):
        row.updated_at = ctx.now
    kind = EventKind.STATUS_CHANGED if column == "status" else EventKind.UPDATED
    if target_type == "task" and column == "status" and new == TaskStatus.DONE:
        row.completed_at = ctx.now
        kind = EventKind.COMPLETED
    record_event(session, kind=kind, entity_type=target_type, entity_id=target_id, at=ctx.now,
                 user_id=ctx.user_id,
                 payload={"changes": {column: [value_json(old), value_json(new)]},
                          "workflow_id": ctx.workflow_id, "run_id": ctx.run_id})
    if target_type == "contact" and column == "close_monitoring":
        state = "activé" if new else "levé"
        session.add(Interaction(contact_id=target_id, kind=InteractionKind.NOTE.value,
                                occurred_at=ctx.now, user_id=ctx.user_id,
                                subject=f"Suivi renforcé {state} par le workflow "
                                        f"« {ctx.workflow_name} »"[:300],
                                details={"run_id": ctx.run_id, "close_monitoring": bool(new)}))


def set_field(session: Session, clock: Clock, ctx: RunContext, a: d.SetField) -> dict:
    target_type, target_id, rf = _target(session, ctx.record_type, ctx.entity_id, a.field)
    if not rf.field.writable:
        raise ValidationError(f"Le champ {rf.label} ne peut pas être modifié par un workflow.",
                              field="field")
    column = rf.field.column_name
    row = session.get(RECORD_TYPES[target_type].model, target_id)
    if row is None:
        raise NotFoundError("L'enregistrement à modifier n'existe plus.")
    old, new = getattr(row, column), a.value
    what = {"field": rf.path, "label": rf.label, "record": target_type, "id": target_id,
            "from": value_json(old), "to": value_json(new)}
    if old == new:
        return {"action": "set_field", "unchanged": what}
    if ctx.dry_run:
        return {"action": "set_field", "would_set": what}
    if (target_type, column) == ("matter", "status"):
        from themisia_desktop.core.matters.service import change_matter_status_in

        change_matter_status_in(session, clock, target_id, new, user_id=ctx.user_id,
                                note=f"Par le workflow « {ctx.workflow_name} »")
    else:
        _set_column(session, ctx, target_type, target_id, column, old, new, row)
    return {"action": "set_field", "changed": what}


def notify(session: Session, clock: Clock, ctx: RunContext, a: d.Notify) -> dict:
    subject = _render(session, ctx, a.subject, "subject")
    body = _render(session, ctx, a.body, "body")
    people, problems = resolve_people(session, ctx, a.recipients)
    if not people:
        raise _nobody(problems)
    what = {"subject": subject, "channels": list(a.channels), "user_ids": people}
    if ctx.dry_run:
        return {"action": "notify", "would_send": {**what, "body": body}}
    notification_ids, mail_ids = [], []
    mailed: set[int] = set()
    if "popup" in a.channels:
        for uid in people:  # one by one, to know who the preference already mailed
            result = notify_in(session, [uid], kind_for_record(ctx.record_type), subject, body,
                               ctx.record_type, ctx.entity_id, ctx.run_id, at=ctx.now)
            notification_ids += result.notification_ids
            mail_ids += result.mail_ids
            problems += result.problems
            if result.mail_ids:
                mailed.add(uid)
    if "email" in a.channels:
        for person in resolve_users(session, people).recipients:
            if person.user_id in mailed:
                continue
            if person.email is None:
                problems.append(f"{person.name} n'a pas d'adresse e-mail.")
                continue
            mail_ids.append(enqueue_in(session, [person.email], subject, body, None, ctx.run_id,
                                       at=ctx.now).id)
    return {"action": "notify", "sent": {**what, "notification_ids": notification_ids,
                                         "mail_ids": mail_ids, "problems": problems}}


def schedule(session: Session, clock: Clock, ctx: RunContext, a: d.Schedule) -> dict:
    day = ctx.today + timedelta(days=a.in_days)
    due_at = datetime.combine(day, time(0), PARIS).astimezone(timezone.utc)
    inner = d.action_to_json(a.action)
    what = {"due_on": day.isoformat(), "action": inner}
    if ctx.dry_run:
        return {"action": "schedule", "would_schedule": what}
    row = ScheduledAction(workflow_id=ctx.workflow_id, run_id=ctx.run_id,
                          entity_type=ctx.record_type, entity_id=ctx.entity_id, due_at=due_at,
                          action=inner)
    session.add(row)
    session.flush()
    return {"action": "schedule", "scheduled": {**what, "scheduled_action_id": row.id}}


# The outcome of a ``start_workflow`` action whose target is switched off (it is not run).
SKIPPED = "skipped"


def start_workflow(session: Session, clock: Clock, ctx: RunContext, a: d.StartWorkflow) -> dict:
    from themisia_desktop.core.automation.runner import Cause, run_workflow_in

    if isinstance(a.workflow, str):
        target = find_by_builtin_key_in(session, a.workflow)
    else:
        target = a.workflow if session.get(Workflow, a.workflow) is not None else None
    if target is None:
        raise ValidationError(f"Le workflow à démarrer est introuvable : « {a.workflow} ».",
                              field="workflow")
    name, enabled = session.execute(select(Workflow.name, Workflow.enabled)
                                    .where(Workflow.id == target)).one()
    if not enabled:  # switched off by the firm: the chain stops here, and the trace says so
        message = f"Automatisation « {name} » désactivée : non lancée"
        return {"action": "start_workflow", "outcome": SKIPPED, "message": message,
                "skipped": {"workflow_id": target, "run_id": None, "outcome": SKIPPED,
                            "message": message}}
    cause = Cause(id=ctx.cause_id, chain=ctx.chain_with_self, user_id=ctx.user_id)
    result = run_workflow_in(session, clock, target, entity_type=ctx.record_type,
                             entity_id=ctx.entity_id, cause=cause, dry_run=ctx.dry_run,
                             trigger={"kind": "start_workflow", "workflow_id": ctx.workflow_id,
                                      "run_id": ctx.run_id}, data_dir=ctx.data_dir)
    what = {"workflow_id": target, "run_id": result.run_id, "outcome": result.outcome}
    if ctx.dry_run:
        return {"action": "start_workflow", "would_start": {**what, "actions": result.actions}}
    return {"action": "start_workflow", "started": what}


EXECUTORS: dict[str, Callable[[Session, Clock, RunContext, Any], dict]] = {
    "create_task": create_task, "create_appointment": create_appointment,
    "create_document": create_document, "set_field": set_field, "notify": notify,
    "schedule": schedule, "start_workflow": start_workflow,
}


def execute(session: Session, clock: Clock, ctx: RunContext, action: d.Action) -> dict:
    return EXECUTORS[action.type](session, clock, ctx, action)
