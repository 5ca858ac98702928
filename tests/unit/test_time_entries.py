"""Time entered on a matter: the rate it gets, corrections, deletion, the matter's list."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.unit.matter_factory import make_client_matter, make_user
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.balances import matter_banner
from themisia_desktop.core.finance.rates import add_negotiated_rate, remove_negotiated_rate
from themisia_desktop.core.finance.time_entries import (TimeInput, delete_time, get_time,
                                                        list_time, record_time, update_time)
from themisia_desktop.core.models import Event, Invoice, Matter, TimeEntry, User

D = Decimal
DAY = date(2026, 2, 20)


@pytest.fixture
def firm(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        ctx.alice = make_user(s, "alice", first="Alice", last="Moreau", rate="250")
        ctx.bruno = make_user(s, "bruno", first="Bruno", last="Petit", rate=None)  # category rate
        ctx.client, ctx.matter = make_client_matter(s, responsible_id=ctx.alice)
    return ctx


def enter(ctx, minutes=90, *, lawyer=None, day=DAY, description="Rédaction des conclusions",
          billable=True, matter=None) -> int:
    return record_time(ctx.db, ctx.clock, TimeInput(
        matter_id=matter or ctx.matter, user_id=lawyer or ctx.alice, work_date=day,
        minutes=minutes, description=description, billable=billable),
        user_id=ctx.current_user.id)


def counts(ctx) -> tuple[int, int]:
    with ctx.db.read() as s:
        return (s.scalar(select(func.count(TimeEntry.id))),
                s.scalar(select(func.count(Event.id)).where(Event.entity_type == "time_entry")))


def events(ctx, entry_id):
    with ctx.db.read() as s:
        return [(e.kind, e.payload, e.user_id) for e in s.scalars(
            select(Event).where(Event.entity_type == "time_entry", Event.entity_id == entry_id)
            .order_by(Event.id))]


def invoice(ctx, entry_id, number: str | None = "F2026-00001") -> None:
    with ctx.db.write() as s:
        inv = Invoice(matter_id=ctx.matter, client_id=ctx.client, number=number,
                      status="validated" if number else "draft")
        s.add(inv)
        s.flush()
        s.get(TimeEntry, entry_id).invoice_id = inv.id


def test_a_negotiated_rate_applies_when_time_is_entered(firm):
    add_negotiated_rate(firm.db, firm.clock, firm.client, hourly_rate="180",
                        effective_from=date(2026, 1, 1), lawyer_id=firm.alice)
    entry = get_time(firm.db, enter(firm, 90))
    assert (entry.hourly_rate, entry.rate_source, entry.amount) == (D("180.00"), "negotiated_user",
                                                                    D("270.00"))
    assert entry.rate_source_label == "Taux négocié pour cet avocat"
    [(kind, payload, actor)] = events(firm, entry.id)
    assert (kind, payload["amount"], payload["rate_source"], actor) == (
        "created", "270.00", "negotiated_user", firm.current_user.id)


def test_without_negotiation_the_lawyers_then_the_categorys_standard_rate_applies(firm):
    assert get_time(firm.db, enter(firm, 60)).amount == D("250.00")
    bruno = get_time(firm.db, enter(firm, 60, lawyer=firm.bruno))
    assert (bruno.hourly_rate, bruno.rate_source) == (D("220.00"), "category_standard")


def test_the_amount_is_rounded_to_the_cent_half_up(firm):
    assert get_time(firm.db, enter(firm, 7)).amount == D("29.17")  # 7 × 250 / 60 = 29.1666…
    assert get_time(firm.db, enter(firm, 3)).amount == D("12.50")


def test_a_rate_negotiated_afterwards_does_not_change_time_already_entered(firm):
    before = enter(firm, 90)  # at Alice's standard 250 €
    rate = add_negotiated_rate(firm.db, firm.clock, firm.client, hourly_rate="180",
                               effective_from=date(2026, 1, 1), lawyer_id=firm.alice)
    after = enter(firm, 90)
    assert get_time(firm.db, before).amount == D("375.00")
    assert get_time(firm.db, after).amount == D("270.00")
    add_negotiated_rate(firm.db, firm.clock, firm.client, hourly_rate="150",
                        effective_from=date(2026, 2, 1), lawyer_id=firm.alice)
    remove_negotiated_rate(firm.db, firm.clock, rate.id)
    listed = {r.id: (r.hourly_rate, r.amount) for r in list_time(firm.db, firm.matter).rows}
    assert listed == {before: (D("250.00"), D("375.00")), after: (D("180.00"), D("270.00"))}


def test_a_new_duration_keeps_the_entrys_rate_a_new_date_or_lawyer_resolves_it_again(firm):
    entry_id = enter(firm, 60)
    add_negotiated_rate(firm.db, firm.clock, firm.client, hourly_rate="200",
                        effective_from=date(2026, 2, 25))
    longer = update_time(firm.db, firm.clock, entry_id, TimeInput(
        firm.matter, firm.alice, DAY, 120, "Rédaction des conclusions", True))
    assert (longer.hourly_rate, longer.amount) == (D("250.00"), D("500.00"))
    moved = update_time(firm.db, firm.clock, entry_id, TimeInput(
        firm.matter, firm.alice, date(2026, 2, 26), 120, "Conclusions récapitulatives", False))
    assert (moved.hourly_rate, moved.rate_source, moved.amount) == (
        D("200.00"), "negotiated_client", D("400.00"))
    assert moved.billable is False
    _created, first, second = events(firm, entry_id)
    assert first[1]["changes"] == {"minutes": [60, 120], "amount": ["250.00", "500.00"]}
    assert second[1]["changes"]["work_date"] == ["2026-02-20", "2026-02-26"]
    assert second[1]["changes"]["hourly_rate"] == ["250.00", "200.00"]
    assert second[1]["changes"]["description"] == ["Rédaction des conclusions",
                                                   "Conclusions récapitulatives"]
    assert second[1]["amount"] == "400.00"


def test_deleting_time_that_is_not_invoiced_removes_it_and_says_so(firm):
    entry_id = enter(firm)
    delete_time(firm.db, firm.clock, entry_id, user_id=firm.current_user.id)
    assert list_time(firm.db, firm.matter).rows == ()
    kind, payload, _user = events(firm, entry_id)[-1]
    assert kind == "deleted" and payload["deleted"]["amount"] == "375.00"


@pytest.mark.parametrize("number", ["F2026-00001", None])
def test_invoiced_time_can_be_neither_edited_nor_deleted(firm, number):
    entry_id = enter(firm)
    invoice(firm, entry_id, number)
    where = "la facture F2026-00001" if number else "une facture en brouillon"
    with pytest.raises(ValidationError, match=where):
        update_time(firm.db, firm.clock, entry_id, TimeInput(
            firm.matter, firm.alice, DAY, 30, "Autre chose", True))
    with pytest.raises(ValidationError, match=where):
        delete_time(firm.db, firm.clock, entry_id)
    row = get_time(firm.db, entry_id)
    assert (row.minutes, row.invoiced, row.invoice_label) == (90, True, number or "Brouillon")
    assert counts(firm) == (1, 1)


def _close(ctx, status):
    with ctx.db.write() as s:
        s.get(Matter, ctx.matter).status = status


def _deactivate(ctx):
    with ctx.db.write() as s:
        s.get(User, ctx.alice).is_active = False


@pytest.mark.parametrize(("change", "kwargs", "field", "message"), [
    (lambda c: _close(c, "closed"), {}, "matter", "clôturé"),
    (lambda c: _close(c, "archived"), {}, "matter", "archivé"),
    (None, {"day": date(2026, 3, 3)}, "work_date", "postérieure à aujourd'hui"),
    (None, {"description": "   "}, "description", "Décrivez"),
    (_deactivate, {}, "lawyer", "n'est plus actif"),
    (None, {"minutes": 0}, "minutes", "au moins une minute"),
    (None, {"minutes": 1441}, "minutes", "24 h"),
])
def test_bad_time_is_refused_in_french_and_nothing_is_written(firm, change, kwargs, field, message):
    if change is not None:
        change(firm)
    with pytest.raises(ValidationError, match=message) as err:
        enter(firm, **kwargs)
    assert err.value.field == field
    assert counts(firm) == (0, 0)


def test_time_entered_today_is_accepted(firm):
    assert get_time(firm.db, enter(firm, day=firm.clock.today())).work_date == date(2026, 3, 2)


def test_the_matters_list_shows_each_line_and_the_totals(firm):
    a = enter(firm, 90, day=date(2026, 2, 10))
    enter(firm, 30, lawyer=firm.bruno, day=date(2026, 2, 12), description="Appel client")
    enter(firm, 60, day=date(2026, 2, 11), description="Trajet", billable=False)
    invoice(firm, a)
    listed = list_time(firm.db, firm.matter)
    assert [(r.work_date.day, r.lawyer, r.duration, r.description) for r in listed.rows] == [
        (12, "Bruno Petit", "30 min", "Appel client"), (11, "Alice Moreau", "1 h", "Trajet"),
        (10, "Alice Moreau", "1 h 30", "Rédaction des conclusions")]
    assert (listed.total_minutes, listed.billable_minutes) == (180, 120)
    assert listed.billable_amount == D("485.00")  # 375 + 110
    assert (listed.unbilled_amount, listed.invoiced_amount) == (D("110.00"), D("375.00"))
    assert matter_banner(firm.db, firm.matter, firm.clock.today()).unbilled_time == D("110.00")
    assert [r.lawyer for r in list_time(firm.db, firm.matter, lawyer_id=firm.bruno).rows] == [
        "Bruno Petit"]
