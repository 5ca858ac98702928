"""Tasks: creation, assignment to a person or a group, completion (event + journal), reopening,
cancelling, and the « Mes tâches » list."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, select

from themisia_desktop.core.calendar.tasks import (assign_task, cancel_task, complete_task,
                                                  create_task, matter_tasks, my_tasks, reopen_task,
                                                  update_task)
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Event, Group, Interaction, user_group
from tests.unit.contact_factory import make_person
from tests.unit.matter_factory import make_client_matter, make_user


@pytest.fixture
def setup(firm_ctx):
    with firm_ctx.db.write() as s:
        client_id, matter_id = make_client_matter(s, responsible_id=firm_ctx.current_user.id)
        paul = make_user(s, "pdurand")
        group = Group(name="Secrétariat")
        s.add(group)
        s.flush()
        s.execute(insert(user_group), [{"user_id": firm_ctx.current_user.id, "group_id": group.id}])
        group_id = group.id
    return client_id, matter_id, paul, group_id


def test_create_defaults_to_me_and_validates(firm_ctx, setup):
    _client, matter_id, _paul, _group = setup
    me = firm_ctx.current_user.id
    task = create_task(firm_ctx.db, firm_ctx.clock, "  Relancer l'expert  ", matter_id=matter_id,
                       due_on=date(2026, 3, 10), user_id=me)
    assert (task.title, task.assignee_id, task.status_label) == ("Relancer l'expert", me, "À faire")
    assert task.matter_reference == "2026-0001"
    for kwargs, field in [({"title": " "}, "title"),
                          ({"title": "X", "assignee_id": me, "group_id": 1}, "assignee"),
                          ({"title": "X", "assignee_id": 9999}, "assignee"),
                          ({"title": "X", "matter_id": 9999, "assignee_id": me}, "matter")]:
        with pytest.raises(ValidationError) as err:
            create_task(firm_ctx.db, firm_ctx.clock, **kwargs)
        assert err.value.field == field
    assert len(matter_tasks(firm_ctx.db, firm_ctx.clock, matter_id)) == 1


def test_complete_writes_completed_event_and_client_journal(firm_ctx, setup):
    client_id, matter_id, _paul, _group = setup
    me = firm_ctx.current_user.id
    task = create_task(firm_ctx.db, firm_ctx.clock, "Déposer les conclusions", matter_id=matter_id,
                       user_id=me)
    done = complete_task(firm_ctx.db, firm_ctx.clock, task.id, user_id=me)
    assert done.status == "done" and done.completed_by_id == me
    assert done.completed_at == firm_ctx.clock.now()
    with firm_ctx.db.read() as s:
        kinds = [e.kind for e in s.scalars(select(Event).where(
            Event.entity_type == "task", Event.entity_id == task.id).order_by(Event.id))]
        line = s.scalar(select(Interaction).where(Interaction.contact_id == client_id,
                                                  Interaction.kind == "task"))
    assert kinds == ["created", "completed"]
    assert line.subject == "Tâche terminée : Déposer les conclusions"
    assert line.matter_id == matter_id
    with pytest.raises(ValidationError):
        complete_task(firm_ctx.db, firm_ctx.clock, task.id, user_id=me)
    reopened = reopen_task(firm_ctx.db, firm_ctx.clock, task.id, user_id=me)
    assert reopened.status == "open" and reopened.completed_at is None


def test_my_tasks_includes_groups_open_first_by_due_date_with_overdue(firm_ctx, setup):
    _client, matter_id, paul, group_id = setup
    db, clock, me = firm_ctx.db, firm_ctx.clock, firm_ctx.current_user.id
    later = create_task(db, clock, "Plus tard", due_on=date(2026, 3, 20), user_id=me)
    undated = create_task(db, clock, "Sans date", user_id=me)
    late = create_task(db, clock, "En retard", group_id=group_id, due_on=date(2026, 2, 20),
                       user_id=me)
    done = create_task(db, clock, "Finie", due_on=date(2026, 1, 2), user_id=me)
    complete_task(db, clock, done.id, user_id=me)
    create_task(db, clock, "Pour Paul", assignee_id=paul, user_id=me)
    rows = my_tasks(db, clock, me)
    assert [t.title for t in rows] == ["En retard", "Plus tard", "Sans date"]
    assert [t.overdue for t in rows] == [True, False, False]
    assert rows[0].assigned_to == "Groupe Secrétariat"
    assert [t.title for t in my_tasks(db, clock, me, show="done")] == ["Finie"]
    assert [t.title for t in my_tasks(db, clock, me, show="all")][-1] == "Finie"
    assign_task(db, clock, later.id, assignee_id=paul, user_id=me)
    cancel_task(db, clock, undated.id, user_id=me)
    assert [t.title for t in my_tasks(db, clock, me)] == ["En retard"]
    assert {t.title for t in my_tasks(db, clock, paul)} == {"Plus tard", "Pour Paul"}
    assert late.id in {t.id for t in my_tasks(db, clock, me)}


def test_contact_task_journal_and_update(firm_ctx, setup):
    me = firm_ctx.current_user.id
    with firm_ctx.db.write() as s:
        contact_id = make_person(s, "Hélène", "Martin")
    task = create_task(firm_ctx.db, firm_ctx.clock, "Rappeler", contact_id=contact_id, user_id=me)
    assert task.contact_name == "Hélène Martin"
    edited = update_task(firm_ctx.db, firm_ctx.clock, task.id, title="Rappeler Mme Martin",
                         description="Devis", due_on=date(2026, 3, 4), user_id=me)
    assert (edited.title, edited.due_on) == ("Rappeler Mme Martin", date(2026, 3, 4))
    complete_task(firm_ctx.db, firm_ctx.clock, task.id, user_id=me)
    with firm_ctx.db.read() as s:
        subjects = list(s.scalars(select(Interaction.subject).where(
            Interaction.contact_id == contact_id)))
    assert subjects == ["Tâche terminée : Rappeler Mme Martin"]
