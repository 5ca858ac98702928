"""Deadlines on a matter: computed with the firm's holiday calendar, moved, met, cancelled,
each change leaving an event and a line in the client's journal."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from themisia_desktop.core.calendar.deadlines import (add_deadline, cancel_deadline, mark_met,
                                                      matter_deadlines, move_deadline,
                                                      upcoming_deadlines)
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.firm.settings import set_setting
from themisia_desktop.core.models import Deadline, Event, Interaction
from tests.unit.matter_factory import make_client_matter, make_user


@pytest.fixture
def matter(firm_ctx):
    with firm_ctx.db.write() as s:
        client_id, matter_id = make_client_matter(s, responsible_id=firm_ctx.current_user.id)
    return client_id, matter_id


def _events(ctx, entity_id):
    with ctx.db.read() as s:
        return [(e.kind, e.payload) for e in s.scalars(
            select(Event).where(Event.entity_type == "deadline", Event.entity_id == entity_id)
            .order_by(Event.id))]


def _journal(ctx, client_id):
    with ctx.db.read() as s:
        return [i.subject for i in s.scalars(select(Interaction).where(
            Interaction.contact_id == client_id, Interaction.kind == "deadline")
            .order_by(Interaction.id))]


def test_add_computes_stores_steps_and_writes_event_and_journal(firm_ctx, matter):
    client_id, matter_id = matter
    me = firm_ctx.current_user.id
    info = add_deadline(firm_ctx.db, firm_ctx.clock, matter_id, "Conclusions d'appel", "procedural",
                        date(2025, 10, 17), 15, "jours", None, user_id=me)
    assert info.due_on == date(2025, 11, 3)
    assert info.steps[-1] == "Échéance : lundi 3 novembre 2025"
    assert info.responsible_id == me  # the matter's responsible by default
    assert info.status == "pending" and info.overdue  # 2025 is past on the 2026 clock
    with firm_ctx.db.read() as s:
        row = s.get(Deadline, info.id)
        assert row.period_unit == "days" and row.period_value == 15
        assert row.computation[0].startswith("Point de départ : vendredi 17 octobre 2025")
    assert _events(firm_ctx, info.id)[0][0] == "created"
    assert _journal(firm_ctx, client_id) == [
        "Délai ajouté : Conclusions d'appel — échéance le lundi 3 novembre 2025"]


def test_alsace_moselle_setting_changes_the_result(firm_ctx, matter):
    _client, matter_id = matter
    plain = add_deadline(firm_ctx.db, firm_ctx.clock, matter_id, "Délai", "procedural",
                         date(2025, 12, 16), 10, "jours", None)
    set_setting(firm_ctx.db, "alsace_moselle_holidays", True)
    local = add_deadline(firm_ctx.db, firm_ctx.clock, matter_id, "Délai", "procedural",
                         date(2025, 12, 16), 10, "jours", None)
    assert (plain.due_on, local.due_on) == (date(2025, 12, 26), date(2025, 12, 29))


def test_fixed_date_deadline_and_invalid_input_changes_nothing(firm_ctx, matter):
    _client, matter_id = matter
    info = add_deadline(firm_ctx.db, firm_ctx.clock, matter_id, "Signature du bail", "contractual",
                        None, None, None, None, due_on=date(2026, 4, 30))
    assert info.due_on == date(2026, 4, 30) and info.kind_label == "Contractuel"
    assert info.steps[0] == "Date fixée : jeudi 30 avril 2026"
    for args, field in [(("", "procedural", date(2026, 1, 1), 15, "jours"), "title"),
                        (("X", "procedural", date(2026, 1, 1), 0, "jours"), "period_value"),
                        (("X", "procedural", date(2026, 1, 1), 2, "semaines"), "period_unit"),
                        (("X", "autre", date(2026, 1, 1), 2, "jours"), "kind"),
                        (("X", "procedural", None, 2, "jours"), "trigger_date")]:
        with pytest.raises(ValidationError) as err:
            add_deadline(firm_ctx.db, firm_ctx.clock, matter_id, *args, None)
        assert err.value.field == field
    assert len(matter_deadlines(firm_ctx.db, firm_ctx.clock, matter_id)) == 1


def test_move_met_cancel_and_listing(firm_ctx, matter):
    client_id, matter_id = matter
    db, clock = firm_ctx.db, firm_ctx.clock
    today = clock.today()  # Monday 2 March 2026
    first = add_deadline(db, clock, matter_id, "Assignation", "procedural", today, 1, "mois", None)
    assert first.due_on == date(2026, 4, 2)
    moved = move_deadline(db, clock, first.id, trigger_date=today, period_value=10,
                          period_unit="jours")
    assert moved.due_on == date(2026, 3, 12)
    assert _events(firm_ctx, first.id)[1] == (
        "updated", {"changes": {"due_on": ["2026-04-02", "2026-03-12"]}, "matter_id": matter_id})
    fixed = move_deadline(db, clock, first.id, due_on=date(2026, 3, 20))
    assert fixed.due_on == date(2026, 3, 20) and fixed.period_value is None
    late = add_deadline(db, clock, matter_id, "Pièces", "procedural", None, None, None, None,
                        due_on=date(2026, 2, 27))
    assert late.overdue
    assert [d.id for d in upcoming_deadlines(db, clock, firm_ctx.current_user.id, days=30)] == [
        late.id, first.id]
    assert mark_met(db, clock, late.id).status == "met"
    cancel_deadline(db, clock, first.id)
    with pytest.raises(ValidationError):
        mark_met(db, clock, first.id)
    with pytest.raises(ValidationError):
        move_deadline(db, clock, first.id, due_on=date(2026, 5, 1))
    assert upcoming_deadlines(db, clock, firm_ctx.current_user.id) == []
    assert _events(firm_ctx, late.id)[-1][1]["changes"] == {"status": ["pending", "met"]}
    journal = _journal(firm_ctx, client_id)
    assert "Délai respecté : Pièces" in journal and "Délai annulé : Assignation" in journal
    assert [d.status for d in matter_deadlines(db, clock, matter_id)] == ["cancelled", "met"]


def test_upcoming_is_per_user(firm_ctx, matter):
    _client, matter_id = matter
    with firm_ctx.db.write() as s:
        other = make_user(s, "pdurand")
    add_deadline(firm_ctx.db, firm_ctx.clock, matter_id, "Pour Paul", "procedural",
                 firm_ctx.clock.today(), 3, "jours", other)
    assert [d.title for d in upcoming_deadlines(firm_ctx.db, firm_ctx.clock, other)] == ["Pour Paul"]
    # the matter's responsible partner sees it too
    assert len(upcoming_deadlines(firm_ctx.db, firm_ctx.clock, firm_ctx.current_user.id)) == 1
