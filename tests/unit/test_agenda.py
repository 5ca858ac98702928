"""A user's agenda: appointments (organizer or attendee), tasks due and deadlines, by Paris day."""

from __future__ import annotations

from datetime import date, datetime, time

from themisia_desktop.core.calendar.agenda import (agenda_day, agenda_week, overdue_items,
                                                   week_start)
from themisia_desktop.core.calendar.appointments import create_appointment
from themisia_desktop.core.calendar.deadlines import add_deadline
from themisia_desktop.core.calendar.tasks import complete_task, create_task
from tests.unit.matter_factory import make_client_matter, make_user


def test_week_gathers_appointments_tasks_and_deadlines(firm_ctx):
    db, clock, me = firm_ctx.db, firm_ctx.clock, firm_ctx.current_user.id
    with db.write() as s:
        _client, matter_id = make_client_matter(s, responsible_id=me)
        paul = make_user(s, "pdurand")
    # Paul organizes, I attend; 23:00 in Paris stays on the Paris day (22:00 UTC).
    create_appointment(db, clock, "Réunion d'équipe", datetime(2026, 3, 4, 23, 0),
                       datetime(2026, 3, 4, 23, 30), organizer_id=paul, attendee_ids=[me],
                       user_id=paul)
    create_appointment(db, clock, "Audience", datetime(2026, 3, 4, 9, 0),
                       datetime(2026, 3, 4, 10, 0), location="TJ Lyon", matter_id=matter_id,
                       user_id=me)
    create_appointment(db, clock, "Pas pour moi", datetime(2026, 3, 4, 9, 0),
                       datetime(2026, 3, 4, 10, 0), user_id=paul)
    create_task(db, clock, "Préparer le dossier", matter_id=matter_id, due_on=date(2026, 3, 4),
                user_id=me)
    add_deadline(db, clock, matter_id, "Conclusions", "procedural", date(2026, 2, 20), 12, "jours",
                 None)  # → Wednesday 4 March
    create_task(db, clock, "Semaine suivante", due_on=date(2026, 3, 9), user_id=me)

    week = agenda_week(db, clock, me, date(2026, 3, 5))
    assert [d.day for d in week] == [date(2026, 3, 2 + i) for i in range(7)]
    wednesday = week[2]
    assert [(i.kind, i.title) for i in wednesday.items] == [
        ("deadline", "Conclusions"), ("appointment", "Audience"),
        ("appointment", "Réunion d'équipe"), ("task", "Préparer le dossier")]
    audience = wednesday.items[1]
    assert (audience.starts, audience.time_text) == (time(9, 0), "09:00–10:00")
    assert audience.detail == "TJ Lyon · 2026-0001"
    assert wednesday.items[0].time_text == "Journée"
    assert all(not d.items for d in week if d.day != date(2026, 3, 4))
    assert [i.title for i in agenda_day(db, clock, paul, date(2026, 3, 4)).items] == [
        "Pas pour moi", "Réunion d'équipe"]


def test_holiday_is_named_on_its_day(firm_ctx):
    day = agenda_day(firm_ctx.db, firm_ctx.clock, firm_ctx.current_user.id, date(2026, 5, 1))
    assert day.holiday == "Fête du Travail" and day.items == ()
    assert week_start(date(2026, 5, 3)) == date(2026, 4, 27)


def test_overdue_tasks_and_deadlines_are_gathered(firm_ctx):
    db, clock, me = firm_ctx.db, firm_ctx.clock, firm_ctx.current_user.id
    with db.write() as s:
        _client, matter_id = make_client_matter(s, responsible_id=me)
    create_task(db, clock, "Oubliée", due_on=date(2026, 2, 10), user_id=me)
    done = create_task(db, clock, "Faite", due_on=date(2026, 2, 11), user_id=me)
    complete_task(db, clock, done.id, user_id=me)
    create_task(db, clock, "Aujourd'hui", due_on=clock.today(), user_id=me)
    add_deadline(db, clock, matter_id, "Pièces", "procedural", None, None, None, None,
                 due_on=date(2026, 2, 27))
    assert [(i.kind, i.title, i.day) for i in overdue_items(db, clock, me)] == [
        ("task", "Oubliée", date(2026, 2, 10)), ("deadline", "Pièces", date(2026, 2, 27))]
