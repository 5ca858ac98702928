"""Retainers: request, partial and full receipts, cancellation, journal, kept apart from fees."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.unit.matter_factory import make_client_matter, make_user
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.balances import client_banner, matter_banner
from themisia_desktop.core.finance.provisions import (cancel_provision, get_provision,
                                                      list_provisions, record_provision_receipt,
                                                      request_provision)
from themisia_desktop.core.finance.time_entries import TimeInput, record_time
from themisia_desktop.core.models import Event, Interaction, Matter
from themisia_desktop.core.models.enums import ProvisionStatus

D = Decimal


@pytest.fixture
def firm(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        ctx.alice = make_user(s, "alice", first="Alice", last="Moreau")
        ctx.client, ctx.matter = make_client_matter(s, responsible_id=ctx.alice)
    return ctx


def ask(ctx, amount="1 500", day=date(2026, 2, 1), note="Provision d'ouverture") -> int:
    return request_provision(ctx.db, ctx.clock, ctx.matter, amount, day, note,
                             user_id=ctx.current_user.id)


def receive(ctx, pid, amount, day=date(2026, 2, 10)):
    return record_provision_receipt(ctx.db, ctx.clock, pid, amount, day, user_id=ctx.current_user.id)


def journal(ctx):
    with ctx.db.read() as s:
        return [(i.contact_id, i.matter_id, i.kind, i.subject, i.user_id) for i in s.scalars(
            select(Interaction).where(Interaction.kind == "provision").order_by(Interaction.id))]


def provision_events(ctx, pid):
    with ctx.db.read() as s:
        return [(e.kind, e.payload) for e in s.scalars(select(Event).where(
            Event.entity_type == "provision", Event.entity_id == pid).order_by(Event.id))]


def test_a_request_then_partial_then_full_receipt(firm):
    pid = ask(firm)
    row = get_provision(firm.db, pid)
    assert (row.status, row.amount_requested, row.outstanding) == (
        ProvisionStatus.REQUESTED, D("1500.00"), D("1500.00"))
    row = receive(firm, pid, "500")
    assert (row.status, row.status_label, row.amount_received, row.outstanding) == (
        ProvisionStatus.PARTIAL, "Partiellement versée", D("500.00"), D("1000.00"))
    row = receive(firm, pid, "1 000,00", date(2026, 2, 20))
    assert (row.status, row.amount_received, row.outstanding, row.received_on) == (
        ProvisionStatus.RECEIVED, D("1500.00"), D("0.00"), date(2026, 2, 20))
    me = firm.current_user.id
    assert journal(firm) == [
        (firm.client, firm.matter, "provision", "Provision demandée : 1\u202f500,00\xa0€ (dossier 2026-0001)", me),
        (firm.client, firm.matter, "provision", "Provision reçue : 500,00\xa0€ sur 1\u202f500,00\xa0€ (dossier 2026-0001)", me),
        (firm.client, firm.matter, "provision", "Provision reçue : 1\u202f000,00\xa0€ sur 1\u202f500,00\xa0€ (dossier 2026-0001)", me),
    ]
    kinds = [(k, p.get("changes", {}).get("status")) for k, p in provision_events(firm, pid)]
    assert kinds == [("created", None), ("status_changed", ["requested", "partial"]),
                     ("status_changed", ["partial", "received"])]
    assert provision_events(firm, pid)[1][1]["receipt"] == {"amount": "500.00",
                                                            "received_on": "2026-02-10"}


@pytest.mark.parametrize(("amount", "day", "field", "message"), [
    ("1 000,01", date(2026, 2, 10), "amount", "dépasse le reste à recevoir"),
    ("0", date(2026, 2, 10), "amount", "supérieur à zéro"),
    ("100", date(2026, 1, 31), "received_on", "précéder la demande"),
    ("100", date(2026, 3, 3), "received_on", "postérieure"),
])
def test_over_receipt_and_bad_receipts_are_refused_and_change_nothing(firm, amount, day, field,
                                                                      message):
    pid = ask(firm)
    receive(firm, pid, "500")
    with pytest.raises(ValidationError, match=message) as err:
        receive(firm, pid, amount, day)
    assert err.value.field == field
    row = get_provision(firm.db, pid)
    assert (row.amount_received, row.status) == (D("500.00"), ProvisionStatus.PARTIAL)
    assert len(journal(firm)) == 2


def test_a_fully_received_provision_takes_no_more(firm):
    pid = ask(firm, "300")
    receive(firm, pid, "300")
    with pytest.raises(ValidationError, match="déjà entièrement versée"):
        receive(firm, pid, "1")


def test_only_an_unpaid_provision_can_be_cancelled_and_it_leaves_the_totals(firm):
    unpaid, partial = ask(firm, "800"), ask(firm, "1 000", date(2026, 2, 2))
    receive(firm, partial, "250")
    row = cancel_provision(firm.db, firm.clock, unpaid, user_id=firm.current_user.id)
    assert (row.status_label, row.outstanding) == ("Annulée", D("0.00"))
    with pytest.raises(ValidationError, match="déjà été versée"):
        cancel_provision(firm.db, firm.clock, partial)
    with pytest.raises(ValidationError, match="annulée"):
        receive(firm, unpaid, "10")
    listed = list_provisions(firm.db, firm.matter)
    assert [r.id for r in listed.rows] == [partial, unpaid]
    assert (listed.total_requested, listed.total_received, listed.total_outstanding) == (
        D("1000.00"), D("250.00"), D("750.00"))
    assert journal(firm)[-1][3] == "Provision annulée : 800,00\xa0€ (dossier 2026-0001)"


@pytest.mark.parametrize(("amount", "day", "field"), [
    ("0", date(2026, 2, 1), "amount"), ("abc", date(2026, 2, 1), "amount"),
    ("100", date(2026, 3, 3), "requested_on")])
def test_a_bad_request_is_refused_and_nothing_is_written(firm, amount, day, field):
    with pytest.raises(ValidationError) as err:
        ask(firm, amount, day)
    assert err.value.field == field
    assert list_provisions(firm.db, firm.matter).rows == ()
    assert journal(firm) == []


def test_no_provision_is_requested_on_a_closed_matter(firm):
    with firm.db.write() as s:
        s.get(Matter, firm.matter).status = "closed"
    with pytest.raises(ValidationError, match="clôturé"):
        ask(firm)


def test_a_receipt_is_not_a_fee_payment_only_the_provision_figures_move(firm):
    record_time(firm.db, firm.clock, TimeInput(firm.matter, firm.alice, date(2026, 2, 3), 120,
                                               "Consultation", True))
    today = firm.clock.today()
    pid = ask(firm, "1 500")
    before = (matter_banner(firm.db, firm.matter, today), client_banner(firm.db, firm.client, today))
    assert (before[0].provisions_received, before[0].provisions_expected) == (D("0.00"),
                                                                              D("1500.00"))
    receive(firm, pid, "1 000")
    after = (matter_banner(firm.db, firm.matter, today), client_banner(firm.db, firm.client, today))
    assert (after[0].provisions_received, after[0].provisions_expected) == (D("1000.00"),
                                                                            D("500.00"))
    assert after[1] == before[1]                     # the client card's banner is unchanged
    assert (after[0].encours, after[0].solde_du, after[0].creances_douteuses) == (
        before[0].encours, before[0].solde_du, before[0].creances_douteuses)
    assert after[0].encours == D("400.00") and after[0].solde_du == D("0.00")
    assert list_provisions(firm.db, firm.matter).total_received == D("1000.00")
