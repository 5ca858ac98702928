"""The financial banner of a client card and of a matter, on hand-built rows."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.unit.contact_factory import make_company
from themisia_desktop.core.errors import NotFoundError
from themisia_desktop.core.finance.balances import Banner, client_banner, matter_banner
from themisia_desktop.core.firm.settings import set_setting
from themisia_desktop.core.models import (
    Expense,
    Invoice,
    Matter,
    Payment,
    PaymentAllocation,
    Provision,
    TimeEntry,
)

D = Decimal
TODAY = date(2026, 3, 2)


@pytest.fixture
def firm(firm_ctx):
    ctx = firm_ctx
    ctx.user = ctx.current_user.id
    with ctx.db.write() as s:
        ctx.client = make_company(s, "Dupont SAS", status="client_active")
        ctx.other = make_company(s, "Martin SARL", status="client_active")
    ctx.seq = 0
    return ctx


def matter(ctx, client=None, status="open") -> int:
    ctx.seq += 1
    with ctx.db.write() as s:
        m = Matter(reference=f"2026-{ctx.seq:04d}", title=f"Dossier {ctx.seq}",
                   client_id=client or ctx.client, responsible_id=ctx.user, status=status,
                   opened_on=date(2025, 1, 1))
        s.add(m)
        s.flush()
        return m.id


def time(ctx, matter_id, amount, *, billable=True, invoice_id=None) -> int:
    with ctx.db.write() as s:
        t = TimeEntry(matter_id=matter_id, user_id=ctx.user, work_date=date(2026, 1, 10), minutes=60,
                      description="Travail", billable=billable, hourly_rate=D(amount),
                      amount=D(amount), rate_source="user_standard", invoice_id=invoice_id)
        s.add(t)
        s.flush()
        return t.id


def expense(ctx, matter_id, amount, *, billable=True, invoice_id=None) -> None:
    with ctx.db.write() as s:
        s.add(Expense(matter_id=matter_id, user_id=ctx.user, spent_on=date(2026, 1, 11),
                      description="Frais", amount=D(amount), billable=billable,
                      invoice_id=invoice_id))


def invoice(ctx, matter_id, ttc, *, status="sent", due_on=date(2026, 3, 31), doubtful=False,
            client=None, credit_for=None) -> int:
    ttc = D(ttc)
    with ctx.db.write() as s:
        i = Invoice(matter_id=matter_id, client_id=client or ctx.client, status=status,
                    issued_on=due_on - timedelta(days=30), due_on=due_on,
                    total_excl_tax=(ttc / D("1.2")).quantize(D("0.01")), total_vat=D(0),
                    total_incl_tax=ttc, is_doubtful=doubtful, credit_note_for_id=credit_for)
        s.add(i)
        s.flush()
        return i.id


def pay(ctx, invoice_id, amount, client=None) -> None:
    with ctx.db.write() as s:
        p = Payment(client_id=client or ctx.client, received_on=date(2026, 2, 1), amount=D(amount),
                    method="virement")
        s.add(p)
        s.flush()
        s.add(PaymentAllocation(payment_id=p.id, invoice_id=invoice_id, amount=D(amount)))


def test_empty_client_has_a_zero_banner(firm):
    assert client_banner(firm.db, firm.client, TODAY) == Banner(D("0.00"), D("0.00"), D("0.00"), 0, 0)


def test_encours_is_unbilled_billable_time_and_expenses(firm):
    m1, m2 = matter(firm), matter(firm)
    time(firm, m1, "250.00")
    time(firm, m1, "125.50")
    time(firm, m2, "1000.00", billable=False)        # not billable: never in the encours
    expense(firm, m2, "35.20")
    expense(firm, m2, "99.00", billable=False)
    time(firm, matter(firm, client=firm.other), "777.00")  # another client's work
    assert client_banner(firm.db, firm.client, TODAY).encours == D("410.70")
    assert matter_banner(firm.db, m1, TODAY).encours == D("375.50")
    mb = matter_banner(firm.db, m2, TODAY)
    assert (mb.encours, mb.unbilled_time, mb.unbilled_expenses) == (D("35.20"), D("0.00"), D("35.20"))


def test_billed_time_leaves_the_encours(firm):
    m = matter(firm)
    time(firm, m, "300.00")
    billed = time(firm, m, "200.00")
    expense(firm, m, "50.00")
    assert client_banner(firm.db, firm.client, TODAY).encours == D("550.00")
    inv = invoice(firm, m, "300.00", status="draft")
    with firm.db.write() as s:
        s.get(TimeEntry, billed).invoice_id = inv
        for e in s.query(Expense).filter_by(matter_id=m):
            e.invoice_id = inv
    banner = client_banner(firm.db, firm.client, TODAY)
    assert banner.encours == D("300.00")
    assert banner.solde_du == D("0.00")               # a draft is not owed yet
    assert matter_banner(firm.db, m, TODAY).encours == D("300.00")


def test_solde_du_counts_open_invoices_minus_payments(firm):
    m = matter(firm)
    a = invoice(firm, m, "1200.00", status="validated")
    b = invoice(firm, m, "600.00", status="sent")
    invoice(firm, m, "480.00", status="paid")
    pay(firm, b, "250.00")                            # partial payment
    pay(firm, b, "50.00")
    invoice(firm, m, "999.00", status="cancelled")    # cancelled: never owed
    invoice(firm, m, "111.00", status="draft")
    invoice(firm, matter(firm, client=firm.other), "5000.00", client=firm.other)
    banner = client_banner(firm.db, firm.client, TODAY)
    assert banner.solde_du == D("1500.00")            # 1200 + (600 - 300)
    assert banner.creances_douteuses == D("0.00")
    pay(firm, a, "1200.00")
    assert client_banner(firm.db, firm.client, TODAY).solde_du == D("300.00")
    assert matter_banner(firm.db, m, TODAY).solde_du == D("300.00")


def test_an_overdue_invoice_becomes_doubtful_after_the_firm_delay(firm):
    m = matter(firm)
    inv = invoice(firm, m, "1000.00", due_on=TODAY - timedelta(days=90))
    pay(firm, inv, "400.00")
    invoice(firm, m, "200.00", due_on=TODAY + timedelta(days=10))
    at_90 = client_banner(firm.db, firm.client, TODAY)
    assert (at_90.solde_du, at_90.creances_douteuses) == (D("800.00"), D("0.00"))
    at_91 = client_banner(firm.db, firm.client, TODAY + timedelta(days=1))
    assert (at_91.solde_du, at_91.creances_douteuses) == (D("800.00"), D("600.00"))
    set_setting(firm.db, "doubtful_debt_days", 120)   # the firm's own delay
    assert client_banner(firm.db, firm.client, TODAY + timedelta(days=1)).creances_douteuses == D("0.00")


def test_an_invoice_marked_doubtful_counts_whatever_its_due_date(firm):
    m = matter(firm)
    invoice(firm, m, "700.00", doubtful=True, due_on=TODAY + timedelta(days=20))
    invoice(firm, m, "300.00")
    invoice(firm, m, "50.00", doubtful=True, status="cancelled")
    banner = client_banner(firm.db, firm.client, TODAY)
    assert (banner.solde_du, banner.creances_douteuses) == (D("1000.00"), D("700.00"))
    assert matter_banner(firm.db, m, TODAY).creances_douteuses == D("700.00")


def test_a_credit_note_counts_negative_and_follows_its_invoice(firm):
    m = matter(firm)
    inv = invoice(firm, m, "1000.00", doubtful=True)
    invoice(firm, m, "400.00", credit_for=inv)        # stored positive
    invoice(firm, m, "-100.00", credit_for=inv)       # or negative: same meaning
    banner = client_banner(firm.db, firm.client, TODAY)
    assert (banner.solde_du, banner.creances_douteuses) == (D("500.00"), D("500.00"))


def test_matters_are_counted_active_and_archived(firm):
    for status in ("open", "open", "pending", "closed", "archived", "archived"):
        matter(firm, status=status)
    matter(firm, client=firm.other)
    banner = client_banner(firm.db, firm.client, TODAY)
    assert (banner.active_matters, banner.archived_matters) == (3, 3)


def test_unknown_ids_are_refused_in_french(firm):
    with pytest.raises(NotFoundError, match="n'existe pas"):
        client_banner(firm.db, 999_999, TODAY)
    with pytest.raises(NotFoundError, match="dossier"):
        matter_banner(firm.db, 999_999, TODAY)


def test_large_amounts_stay_exact(firm):
    m = matter(firm)
    time(firm, m, "12345678901.23")
    time(firm, m, "0.01")
    invoice(firm, m, "98765432109.87")
    banner = client_banner(firm.db, firm.client, TODAY)
    assert banner.encours == D("12345678901.24")
    assert banner.solde_du == D("98765432109.87")


def test_a_cancelled_invoice_and_its_credit_note_net_out(firm):
    m = matter(firm)
    inv = invoice(firm, m, "1200.00", status="cancelled")
    invoice(firm, m, "-1200.00", status="validated", credit_for=inv)
    assert client_banner(firm.db, firm.client, TODAY).solde_du == D("0.00")
    pay(firm, inv, "500.00")                          # received before the cancellation
    banner = client_banner(firm.db, firm.client, TODAY + timedelta(days=365))
    assert (banner.solde_du, banner.creances_douteuses) == (D("-500.00"), D("0.00"))
    assert matter_banner(firm.db, m, TODAY).solde_du == D("-500.00")


def test_the_banner_follows_each_step_of_an_invoice(firm):
    from themisia_desktop.core.finance.invoices import cancel_invoice, create_draft, validate_invoice
    from themisia_desktop.core.finance.payments import record_payment

    m = matter(firm)
    time(firm, m, "1000.00")
    expense(firm, m, "50.00")
    today = firm.clock.today()

    def figures():
        b = client_banner(firm.db, firm.client, today)
        return b.encours, b.solde_du

    assert figures() == (D("1050.00"), D("0.00"))
    inv = create_draft(firm.db, firm.clock, m)
    assert figures() == (D("0.00"), D("0.00"))       # draft: encours falls, nothing owed yet
    validate_invoice(firm.db, firm.clock, inv)
    assert figures() == (D("0.00"), D("1260.00"))    # validation: solde dû rises (TTC)
    record_payment(firm.db, firm.clock, firm.client, "260", today, "transfer", None, [(inv, "260")])
    assert figures() == (D("0.00"), D("1000.00"))    # payment: solde dû falls
    cancel_invoice(firm.db, firm.clock, inv, "Litige sur la prestation")
    assert figures() == (D("1050.00"), D("-260.00"))  # work back in the encours, 260 owed back


def test_the_sql_expression_of_the_solde_du_matches_the_banner(firm):
    from sqlalchemy import select as sql_select

    from themisia_desktop.core.finance.balances import solde_du_cents_sql

    m, other = matter(firm), matter(firm)
    a = invoice(firm, m, "1200.00", status="cancelled")
    invoice(firm, m, "-1200.00", status="validated", credit_for=a)
    pay(firm, a, "200.00")
    b = invoice(firm, other, "600.00")
    pay(firm, b, "100.00")
    invoice(firm, other, "100.00", credit_for=b)
    invoice(firm, other, "50.00", status="draft")
    with firm.db.read() as s:
        by_client = s.scalar(sql_select(solde_du_cents_sql("client_id", firm.client)))
        by_matter = s.scalar(sql_select(solde_du_cents_sql("matter_id", Matter.id)).where(Matter.id == m))
    assert client_banner(firm.db, firm.client, TODAY).solde_du == D("200.00") == D(by_client) / 100
    assert matter_banner(firm.db, m, TODAY).solde_du == D("-200.00") == D(by_matter) / 100


def provision(ctx, matter_id, requested, received="0", *, status="requested") -> None:
    with ctx.db.write() as s:
        s.add(Provision(matter_id=matter_id, requested_on=date(2026, 1, 5),
                        amount_requested=D(requested), amount_received=D(received),
                        received_on=date(2026, 1, 20) if D(received) else None, status=status))


def test_the_matter_banner_shows_provisions_received_and_still_expected(firm):
    m, other = matter(firm), matter(firm)
    time(firm, m, "250.00")
    empty = matter_banner(firm.db, m, TODAY)
    assert (empty.provisions_received, empty.provisions_expected) == (D("0.00"), D("0.00"))
    provision(firm, m, "1500.00")                                  # requested, nothing yet
    provision(firm, m, "2000.00", "1200.50", status="partial")
    provision(firm, m, "800.00", "800.00", status="received")
    provision(firm, m, "9999.00", status="cancelled")              # counts nothing
    provision(firm, other, "700.00", "100.00", status="partial")   # another matter
    banner = matter_banner(firm.db, m, TODAY)
    assert banner.provisions_received == D("2000.50")
    assert banner.provisions_expected == D("2299.50")  # 1 500 + (2 000 − 1 200,50)
    assert (banner.encours, banner.solde_du) == (D("250.00"), D("0.00"))  # not fee payments
    assert client_banner(firm.db, firm.client, TODAY).encours == D("250.00")
    assert matter_banner(firm.db, other, TODAY).provisions_expected == D("600.00")
