"""Negotiated rates on the client card and the rate a time entry gets."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from themisia_desktop.core.contacts.schema import CompanyInput, ContactInput
from themisia_desktop.core.contacts.service import create_contact
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.rates import (
    ResolvedRate,
    add_negotiated_rate,
    list_rates,
    preview_rate,
    remove_negotiated_rate,
    resolve_rate,
)
from themisia_desktop.core.firm.users import NewUser, create_user
from themisia_desktop.core.models import Matter, NegotiatedRate, TimeEntry

D = Decimal


@pytest.fixture
def firm(firm_ctx):
    ctx = firm_ctx
    ctx.alice = create_user(ctx.db, ctx.clock, NewUser(  # associate with her own standard rate
        login="alice", password="Une-phrase-longue", first_name="Alice", last_name="Moreau",
        category="associate", standard_rate=D("250.00"))).id
    ctx.bruno = create_user(ctx.db, ctx.clock, NewUser(  # associate on the firm's category rate
        login="bruno", password="Une-phrase-longue", first_name="Bruno", last_name="Petit",
        category="associate")).id
    ctx.client = create_contact(ctx.db, ctx.clock, ContactInput(CompanyInput(legal_name="Dupont SAS"))).id
    ctx.other = create_contact(ctx.db, ctx.clock, ContactInput(CompanyInput(legal_name="Martin SARL"))).id
    return ctx


def rate(ctx, user_id: int, on: date = date(2026, 3, 2), client_id: int | None = None) -> tuple[Decimal, str]:
    found = preview_rate(ctx.db, client_id=client_id or ctx.client, user_id=user_id, on_date=on)
    return found.rate, found.source


def test_without_negotiation_a_lawyer_bills_at_their_own_then_their_categorys_standard_rate(firm):
    assert rate(firm, firm.alice) == (D("250.00"), "user_standard")
    assert rate(firm, firm.bruno) == (D("220.00"), "category_standard")  # firm default for associates
    assert rate(firm, firm.current_user.id) == (D("350.00"), "category_standard")


def test_negotiated_rates_override_the_standard_ones_lawyer_before_category_before_client(firm):
    ctx, start = firm, date(2026, 1, 1)
    add_negotiated_rate(ctx.db, ctx.clock, ctx.client, hourly_rate="200", effective_from=start)
    assert rate(ctx, ctx.alice) == (D("200.00"), "negotiated_client")
    assert rate(ctx, ctx.current_user.id) == (D("200.00"), "negotiated_client")
    add_negotiated_rate(ctx.db, ctx.clock, ctx.client, hourly_rate="190", effective_from=start,
                        category="associate")
    assert rate(ctx, ctx.alice) == (D("190.00"), "negotiated_category")
    assert rate(ctx, ctx.bruno) == (D("190.00"), "negotiated_category")
    assert rate(ctx, ctx.current_user.id) == (D("200.00"), "negotiated_client")  # a partner
    add_negotiated_rate(ctx.db, ctx.clock, ctx.client, hourly_rate="180,50", effective_from=start,
                        lawyer_id=ctx.alice)
    assert rate(ctx, ctx.alice) == (D("180.50"), "negotiated_user")
    assert rate(ctx, ctx.bruno) == (D("190.00"), "negotiated_category")
    # Another client of the firm keeps the standard rates.
    assert rate(ctx, ctx.alice, client_id=ctx.other) == (D("250.00"), "user_standard")
    assert [(r.scope_label, r.hourly_rate) for r in list_rates(ctx.db, ctx.client)] == [
        ("Tous les intervenants", D("200.00")), ("Collaborateur", D("190.00")),
        ("Alice Moreau", D("180.50"))]


def test_each_rate_applies_from_its_effective_date_the_latest_one_winning(firm):
    ctx = firm
    add_negotiated_rate(ctx.db, ctx.clock, ctx.client, hourly_rate="200", effective_from=date(2026, 1, 1))
    add_negotiated_rate(ctx.db, ctx.clock, ctx.client, hourly_rate="210", effective_from=date(2026, 4, 1))
    add_negotiated_rate(ctx.db, ctx.clock, ctx.client, hourly_rate="170", effective_from=date(2026, 6, 1),
                        lawyer_id=ctx.alice)
    assert rate(ctx, ctx.alice, date(2025, 12, 31)) == (D("250.00"), "user_standard")
    assert rate(ctx, ctx.alice, date(2026, 1, 1)) == (D("200.00"), "negotiated_client")
    assert rate(ctx, ctx.alice, date(2026, 3, 31)) == (D("200.00"), "negotiated_client")
    assert rate(ctx, ctx.alice, date(2026, 4, 1)) == (D("210.00"), "negotiated_client")
    assert rate(ctx, ctx.alice, date(2026, 6, 1)) == (D("170.00"), "negotiated_user")
    found = preview_rate(ctx.db, client_id=ctx.client, user_id=ctx.bruno, on_date=date(2026, 5, 1))
    assert found == ResolvedRate(D("210.00"), "negotiated_client", date(2026, 4, 1))
    assert found.source_label == "Taux négocié du client"


def test_a_new_rate_never_changes_time_already_entered(firm):
    ctx = firm
    add_negotiated_rate(ctx.db, ctx.clock, ctx.client, hourly_rate="200", effective_from=date(2026, 1, 1))
    with ctx.db.write() as s:  # what the time-entry service does: resolve, then store the snapshot
        matter = Matter(reference="2026-0001", title="Bail", client_id=ctx.client,
                        responsible_id=ctx.current_user.id, opened_on=date(2026, 1, 5))
        s.add(matter)
        s.flush()
        resolved = resolve_rate(s, client_id=ctx.client, user_id=ctx.alice, on_date=date(2026, 3, 2))
        entry = TimeEntry(matter_id=matter.id, user_id=ctx.alice, work_date=date(2026, 3, 2), minutes=90,
                          description="Rédaction de l'assignation", hourly_rate=resolved.rate,
                          amount=(resolved.rate * 90 / 60).quantize(D("0.01")), rate_source=resolved.source)
        s.add(entry)
        s.flush()
        entry_id = entry.id
    # The client renegotiates, effective earlier than the entry's date and from today.
    add_negotiated_rate(ctx.db, ctx.clock, ctx.client, hourly_rate="150", effective_from=date(2026, 2, 1),
                        lawyer_id=ctx.alice)
    add_negotiated_rate(ctx.db, ctx.clock, ctx.client, hourly_rate="160", effective_from=date(2026, 3, 2))
    with ctx.db.read() as s:
        stored = s.get(TimeEntry, entry_id)
        assert (stored.hourly_rate, stored.amount, stored.rate_source) == (
            D("200.00"), D("300.00"), "negotiated_client")
    assert rate(ctx, ctx.alice, date(2026, 3, 2)) == (D("150.00"), "negotiated_user")
    assert rate(ctx, ctx.bruno, date(2026, 3, 2)) == (D("160.00"), "negotiated_client")


@pytest.mark.parametrize("kwargs, field", [
    ({"hourly_rate": "-10"}, "hourly_rate"),
    ({"hourly_rate": "0"}, "hourly_rate"),
    ({"hourly_rate": "deux cents"}, "hourly_rate"),
    ({"category": "stagiaire"}, "category"),
    ({"category": "associate", "lawyer_id": -1}, "category"),
])
def test_a_wrong_negotiated_rate_is_refused_and_nothing_is_saved(firm, kwargs, field):
    args = {"hourly_rate": "200", "effective_from": date(2026, 1, 1)} | kwargs
    with pytest.raises(ValidationError) as err:
        add_negotiated_rate(firm.db, firm.clock, firm.client, **args)
    assert err.value.field == field
    with firm.db.read() as s:
        assert s.scalar(select(func.count(NegotiatedRate.id))) == 0


def test_two_rates_for_the_same_scope_and_date_are_refused_and_a_removed_rate_stops_applying(firm):
    ctx = firm
    first = add_negotiated_rate(ctx.db, ctx.clock, ctx.client, hourly_rate="200", effective_from=date(2026, 1, 1),
                                lawyer_id=ctx.bruno)
    with pytest.raises(ValidationError) as err:
        add_negotiated_rate(ctx.db, ctx.clock, ctx.client, hourly_rate="210", effective_from=date(2026, 1, 1),
                            lawyer_id=ctx.bruno)
    assert err.value.field == "effective_from" and "01/01/2026" in err.value.message
    remove_negotiated_rate(ctx.db, ctx.clock, first.id)
    assert rate(ctx, ctx.bruno) == (D("220.00"), "category_standard")
