"""Appointments: Paris wall time in, UTC stored, Paris shown; end after start; attendees;
move and cancel with their events."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from themisia_desktop.core.calendar.appointments import (cancel_appointment, create_appointment,
                                                         get_appointment, move_appointment,
                                                         parse_time)
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.models import Appointment, Event
from tests.unit.matter_factory import make_client_matter, make_user


def test_paris_time_stored_utc_across_daylight_saving(firm_ctx):
    me = firm_ctx.current_user.id
    with firm_ctx.db.write() as s:
        _client, matter_id = make_client_matter(s, responsible_id=me)
        paul = make_user(s, "pdurand")
    winter = create_appointment(firm_ctx.db, firm_ctx.clock, "Rendez-vous client",
                                datetime(2026, 3, 20, 14, 30), datetime(2026, 3, 20, 15, 30),
                                location="Cabinet", matter_id=matter_id, attendee_ids=[paul],
                                user_id=me)
    summer = create_appointment(firm_ctx.db, firm_ctx.clock, "Audience",
                                datetime(2026, 4, 2, 9, 0), datetime(2026, 4, 2, 10, 0), user_id=me)
    assert winter.starts_at == datetime(2026, 3, 20, 13, 30, tzinfo=timezone.utc)
    assert summer.starts_at == datetime(2026, 4, 2, 7, 0, tzinfo=timezone.utc)
    assert (summer.start_local.hour, summer.start_local.minute) == (9, 0)
    assert winter.organizer_id == me and winter.attendee_names == ("Paul Durand",)
    assert winter.matter_reference == "2026-0001"
    with firm_ctx.db.read() as s:
        stored = s.get(Appointment, winter.id).starts_at
    assert stored.astimezone(timezone.utc) == datetime(2026, 3, 20, 13, 30, tzinfo=timezone.utc)


def test_end_must_follow_start_and_title_is_required(firm_ctx):
    me = firm_ctx.current_user.id
    with pytest.raises(ValidationError) as err:
        create_appointment(firm_ctx.db, firm_ctx.clock, "RDV", datetime(2026, 3, 20, 15, 0),
                           datetime(2026, 3, 20, 15, 0), user_id=me)
    assert (err.value.field, err.value.message) == (
        "ends_at", "La fin du rendez-vous doit être après son début.")
    with pytest.raises(ValidationError) as err:
        create_appointment(firm_ctx.db, firm_ctx.clock, "  ", datetime(2026, 3, 20, 15, 0),
                           datetime(2026, 3, 20, 16, 0), user_id=me)
    assert err.value.field == "title"
    with firm_ctx.db.read() as s:
        assert s.scalars(select(Appointment)).all() == []


def test_move_and_cancel(firm_ctx):
    me = firm_ctx.current_user.id
    appt = create_appointment(firm_ctx.db, firm_ctx.clock, "Expertise", datetime(2026, 3, 9, 10, 0),
                              datetime(2026, 3, 9, 12, 0), user_id=me)
    moved = move_appointment(firm_ctx.db, firm_ctx.clock, appt.id, datetime(2026, 3, 10, 14, 0),
                             datetime(2026, 3, 10, 16, 0), user_id=me)
    assert (moved.start_local.day, moved.start_local.hour) == (10, 14)
    with pytest.raises(ValidationError):
        move_appointment(firm_ctx.db, firm_ctx.clock, appt.id, datetime(2026, 3, 10, 14, 0),
                         datetime(2026, 3, 10, 13, 0), user_id=me)
    cancel_appointment(firm_ctx.db, firm_ctx.clock, appt.id, user_id=me)
    with pytest.raises(NotFoundError):
        get_appointment(firm_ctx.db, appt.id)
    with firm_ctx.db.read() as s:
        events = [(e.kind, e.payload) for e in s.scalars(select(Event).where(
            Event.entity_type == "appointment").order_by(Event.id))]
    assert [k for k, _p in events] == ["created", "updated", "status_changed"]
    assert events[2][1]["snapshot"]["title"] == "Expertise"


@pytest.mark.parametrize(("text", "expected"), [("14:30", (14, 30)), ("9h05", (9, 5)),
                                                  ("14h", (14, 0)), (" 8 ", (8, 0))])
def test_times_typed_the_french_way(text, expected):
    at = parse_time(text, field="starts_at")
    assert (at.hour, at.minute) == expected


@pytest.mark.parametrize("text", ["", "25:00", "14:75", "midi"])
def test_bad_times_are_refused_in_french(text):
    with pytest.raises(ValidationError) as err:
        parse_time(text, field="starts_at")
    assert err.value.field == "starts_at"
