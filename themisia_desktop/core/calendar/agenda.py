"""A user's agenda for a day or a week: appointments (organizer or attendee), open tasks due
and pending deadlines, each placed on its Paris day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from themisia_desktop.core.calendar.appointments import appointments_between_in
from themisia_desktop.core.calendar.deadlines import alsace_moselle_in, deadlines_between_in
from themisia_desktop.core.calendar.holidays_fr import holiday_name
from themisia_desktop.core.calendar.tasks import tasks_due_between_in
from themisia_desktop.core.clock import PARIS, Clock
from themisia_desktop.core.db.engine import Database

APPOINTMENT, TASK, DEADLINE = "appointment", "task", "deadline"
KIND_LABELS = {APPOINTMENT: "Rendez-vous", TASK: "Tâche", DEADLINE: "Échéance"}
_ORDER = {DEADLINE: 0, APPOINTMENT: 1, TASK: 2}


@dataclass(frozen=True)
class AgendaItem:
    kind: str  # appointment | task | deadline
    id: int
    day: date
    starts: time | None  # Paris time, appointments only
    ends: time | None
    title: str
    detail: str  # matter reference, location…
    matter_id: int | None
    overdue: bool = False

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def time_text(self) -> str:
        if self.starts is None:
            return "Journée"
        return f"{self.starts:%H:%M}–{self.ends:%H:%M}" if self.ends else f"{self.starts:%H:%M}"


@dataclass(frozen=True)
class AgendaDay:
    day: date
    holiday: str | None
    items: tuple[AgendaItem, ...]


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def agenda(db: Database, clock: Clock, user_id: int, first: date, days: int = 1) -> tuple[AgendaDay, ...]:
    """``days`` consecutive days from ``first``, each with its items in order: deadlines, then
    appointments by start time, then tasks."""
    last = first + timedelta(days=days - 1)
    today = clock.today()
    begin = datetime.combine(first, time(0), tzinfo=PARIS)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=PARIS)
    items: list[AgendaItem] = []
    with db.read() as s:
        alsace_moselle = alsace_moselle_in(s)
        for a in appointments_between_in(s, user_id, begin, end):
            start, stop = a.start_local, a.end_local
            day = max(start.date(), first)
            detail = " · ".join(p for p in (a.location or "", a.matter_reference) if p)
            items.append(AgendaItem(APPOINTMENT, a.id, day,
                                    start.time() if start.date() == day else time(0),
                                    stop.time() if stop.date() == day else None,
                                    a.title, detail, a.matter_id))
        for t in tasks_due_between_in(s, user_id, first, last, today):
            items.append(AgendaItem(TASK, t.id, t.due_on, None, None, t.title,  # type: ignore[arg-type]
                                    t.matter_reference, t.matter_id, t.overdue))
        for d in deadlines_between_in(s, user_id, first, last, today):
            items.append(AgendaItem(DEADLINE, d.id, d.due_on, None, None, d.title,
                                    d.matter_reference, d.matter_id, d.overdue))
    result = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        todays = sorted((i for i in items if i.day == day),
                        key=lambda i: (_ORDER[i.kind], i.starts or time(0), i.title))
        result.append(AgendaDay(day, holiday_name(day, alsace_moselle=alsace_moselle),
                                tuple(todays)))
    return tuple(result)


def agenda_day(db: Database, clock: Clock, user_id: int, day: date) -> AgendaDay:
    return agenda(db, clock, user_id, day, 1)[0]


def agenda_week(db: Database, clock: Clock, user_id: int, day: date) -> tuple[AgendaDay, ...]:
    """Monday to Sunday of the week holding ``day``."""
    return agenda(db, clock, user_id, week_start(day), 7)


def overdue_items(db: Database, clock: Clock, user_id: int) -> tuple[AgendaItem, ...]:
    """The user's open tasks and pending deadlines whose date has passed, oldest first."""
    today = clock.today()
    yesterday, origin = today - timedelta(days=1), date(1900, 1, 1)
    with db.read() as s:
        items = [AgendaItem(DEADLINE, d.id, d.due_on, None, None, d.title, d.matter_reference,
                            d.matter_id, True)
                 for d in deadlines_between_in(s, user_id, origin, yesterday, today)]
        items += [AgendaItem(TASK, t.id, t.due_on, None, None, t.title,  # type: ignore[arg-type]
                             t.matter_reference, t.matter_id, True)
                  for t in tasks_due_between_in(s, user_id, origin, yesterday, today)]
    return tuple(sorted(items, key=lambda i: (i.day, _ORDER[i.kind], i.title)))
