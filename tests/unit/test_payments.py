"""Payments allocated to invoices: partial then full, limits, deletion, banner at each step."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.unit.matter_factory import make_client_matter
from tests.unit.test_invoices import add_time
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.balances import client_banner
from themisia_desktop.core.finance.invoices import (
    cancel_invoice,
    create_draft,
    invoice_detail,
    mark_sent,
    validate_invoice,
)
from themisia_desktop.core.finance.payments import (
    PAYMENT_METHODS,
    delete_payment,
    list_payments,
    record_payment,
)
from themisia_desktop.core.models import Event, Interaction, Payment

D = Decimal
DAY = date(2026, 3, 1)


@pytest.fixture
def firm(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        ctx.client, ctx.matter = make_client_matter(s)
        ctx.other, ctx.other_matter = make_client_matter(s, reference="2026-0002", company=False)
    ctx.lawyer = ctx.current_user.id
    return ctx


def issued(ctx, rate="1000", *, matter=None, sent=True) -> int:
    add_time(ctx, 60, rate, matter=matter)
    inv = create_draft(ctx.db, ctx.clock, matter or ctx.matter, expense_ids=[])
    validate_invoice(ctx.db, ctx.clock, inv)
    if sent:
        mark_sent(ctx.db, ctx.clock, inv)
    return inv


def banner(ctx):
    return client_banner(ctx.db, ctx.client, ctx.clock.today())


def test_partial_then_full_payment_makes_the_invoice_paid(firm):
    inv = issued(firm)                                              # 1 200,00 TTC
    assert banner(firm).solde_du == D("1200.00")
    record_payment(firm.db, firm.clock, firm.client, "500,00", DAY, "transfer", "VIR 123",
                   [(inv, D("500.00"))], user_id=firm.lawyer)
    s = invoice_detail(firm.db, inv).invoice
    assert (s.status_label, s.paid, s.remaining) == ("Envoyée", D("500.00"), D("700.00"))
    assert banner(firm).solde_du == D("700.00")                     # payment: solde dû falls
    last = record_payment(firm.db, firm.clock, firm.client, "700", DAY, "cheque", None, [(inv, "700")])
    s = invoice_detail(firm.db, inv).invoice
    assert (s.status_label, s.remaining) == ("Payée", D("0.00"))
    assert banner(firm).solde_du == D("0.00")
    with firm.db.read() as ss:
        journal = ss.scalars(select(Interaction.subject).where(Interaction.kind == "payment")
                             .order_by(Interaction.id)).all()
        kinds = ss.scalars(select(Event.kind).where(Event.entity_type == "payment")).all()
    assert journal[0] == "Règlement de 500,00\u00a0€ reçu (Virement) — facture F2026-00001"
    assert kinds == ["created", "created"]
    delete_payment(firm.db, firm.clock, last)                      # back to envoyée
    s = invoice_detail(firm.db, inv).invoice
    assert (s.status_label, s.remaining) == ("Envoyée", D("700.00"))
    assert [p.amount for p in list_payments(firm.db, invoice_id=inv)] == [D("500.00")]


def test_an_allocation_beyond_what_remains_is_refused(firm):
    inv = issued(firm)
    record_payment(firm.db, firm.clock, firm.client, "1000", DAY, "transfer", None, [(inv, "1000")])
    with pytest.raises(ValidationError, match="Il ne reste que 200,00") as err:
        record_payment(firm.db, firm.clock, firm.client, "200.01", DAY, "transfer", None, [(inv, "200.01")])
    assert err.value.field == "allocations"
    with firm.db.read() as s:
        assert len(s.scalars(select(Payment)).all()) == 1                # nothing written


def test_a_remainder_is_refused_and_inputs_are_checked(firm):
    inv = issued(firm)
    cases = [
        (("1300", DAY, "transfer", [(inv, "1200")]), "amount"),          # unallocated remainder
        (("0", DAY, "transfer", [(inv, "0")]), "amount"),
        (("abc", DAY, "transfer", [(inv, "1")]), "amount"),
        (("100", date(2026, 12, 31), "transfer", [(inv, "100")]), "received_on"),
        (("100", DAY, "bitcoin", [(inv, "100")]), "method"),
        (("100", DAY, "transfer", []), "allocations"),
    ]
    for (amount, day, method, allocs), field in cases:
        with pytest.raises(ValidationError) as err:
            record_payment(firm.db, firm.clock, firm.client, amount, day, method, None, allocs)
        assert err.value.field == field
    assert set(PAYMENT_METHODS.values()) >= {"Virement", "Chèque", "Espèces", "CARPA"}


def test_only_issued_invoices_of_that_client_receive_payments(firm):
    add_time(firm, 60, "100")
    draft = create_draft(firm.db, firm.clock, firm.matter)
    theirs = issued(firm, matter=firm.other_matter)
    validated = issued(firm, sent=False)
    for target in (draft, theirs):
        with pytest.raises(ValidationError):
            record_payment(firm.db, firm.clock, firm.client, "10", DAY, "transfer", None, [(target, "10")])
    record_payment(firm.db, firm.clock, firm.client, "1200", DAY, "card", None, [(validated, "1200")])
    assert invoice_detail(firm.db, validated).invoice.status_label == "Payée"
    with pytest.raises(ValidationError, match="Payée"):
        record_payment(firm.db, firm.clock, firm.client, "1", DAY, "card", None, [(validated, "1")])


def test_one_payment_over_two_invoices(firm):
    a, b = issued(firm), issued(firm, "500")
    record_payment(firm.db, firm.clock, firm.client, "1 500,00", DAY, "carpa", "CARPA 42",
                   [(a, "1200"), (b, "300")])
    assert invoice_detail(firm.db, a).invoice.status_label == "Payée"
    assert invoice_detail(firm.db, b).invoice.remaining == D("300.00")
    assert banner(firm).solde_du == D("300.00")


def test_cancelling_a_paid_invoice_shows_the_money_owed_back(firm):
    inv = issued(firm)
    pay = record_payment(firm.db, firm.clock, firm.client, "400", DAY, "transfer", None, [(inv, "400")])
    cancel_invoice(firm.db, firm.clock, inv, "Facture adressée à la mauvaise société")
    assert invoice_detail(firm.db, inv).invoice.remaining == D("-400.00")
    assert banner(firm).solde_du == D("-400.00")                     # owed back to the client
    assert banner(firm).creances_douteuses == D("0.00")
    delete_payment(firm.db, firm.clock, pay)                          # refunded
    assert banner(firm).solde_du == D("0.00")
    assert invoice_detail(firm.db, inv).invoice.status_label == "Annulée"
