"""Invoices: drafts from unbilled work, exact totals, gap-free numbering, lifecycle, credit notes."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.unit.contact_factory import make_person
from tests.unit.matter_factory import make_client_matter, make_matter, make_user
from themisia_desktop.core.contacts.roles import add_role
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.balances import client_banner, matter_banner
from themisia_desktop.core.finance.invoices import (
    cancel_invoice,
    create_draft,
    delete_draft,
    invoice_detail,
    list_invoices,
    mark_sent,
    remove_entries,
    set_billing_contact,
    set_doubtful,
    set_notes,
    totals,
    unbilled_work,
    validate_invoice,
)
from themisia_desktop.core.models import Event, Expense, Interaction, Sequence, TimeEntry

D = Decimal


@pytest.fixture
def firm(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        ctx.lawyer = make_user(s, "pdurand", first="Paul", last="Durand", category="partner")
        ctx.junior = make_user(s, "cmartin", first="Claire", last="Martin", category="associate")
        ctx.client, ctx.matter = make_client_matter(s, responsible_id=ctx.lawyer)
    return ctx


def add_time(ctx, minutes, rate, *, user=None, matter=None, billable=True, day=date(2026, 1, 2)) -> int:
    rate = D(rate)
    amount = (rate * minutes / 60).quantize(D("0.01"))
    with ctx.db.write() as s:
        t = TimeEntry(matter_id=matter or ctx.matter, user_id=user or ctx.lawyer, work_date=day,
                      minutes=minutes, description="Rédaction des conclusions", billable=billable,
                      hourly_rate=rate, amount=amount, rate_source="user_standard")
        s.add(t)
        s.flush()
        return t.id


def add_expense(ctx, amount, *, description="Frais de greffe", matter=None) -> int:
    with ctx.db.write() as s:
        x = Expense(matter_id=matter or ctx.matter, user_id=ctx.lawyer, spent_on=date(2026, 1, 3),
                    description=description, amount=D(amount))
        s.add(x)
        s.flush()
        return x.id


def test_a_draft_groups_time_by_lawyer_and_rate_and_lists_each_expense(firm):
    add_time(firm, 450, "250")
    add_time(firm, 300, "250")
    add_time(firm, 60, "300")                     # same lawyer, another rate: another line
    add_time(firm, 90, "180", user=firm.junior)
    add_time(firm, 600, "250", billable=False)    # never invoiced
    add_expense(firm, "35.20")
    add_expense(firm, "12.00", description="Copies")
    inv = create_draft(firm.db, firm.clock, firm.matter, user_id=firm.current_user.id)
    detail = invoice_detail(firm.db, inv)
    assert [ln.description for ln in detail.lines] == [
        "Honoraires — Me Paul Durand : 1 h × 300,00\u00a0€",
        "Honoraires — Me Paul Durand : 12 h 30 × 250,00\u00a0€",
        "Honoraires — Me Claire Martin : 1 h 30 × 180,00\u00a0€",
        "Frais : Frais de greffe (03/01/2026)",
        "Frais : Copies (03/01/2026)",
    ]
    assert [ln.amount for ln in detail.lines] == [D("300.00"), D("3125.00"), D("270.00"),
                                                  D("35.20"), D("12.00")]
    s = detail.invoice
    assert (s.total_excl_tax, s.total_vat, s.total_incl_tax) == (D("3742.20"), D("748.44"), D("4490.64"))
    assert s.number is None and s.display_number == "Brouillon" and s.status_label == "Brouillon"
    assert s.billing_contact_id == firm.client        # no billing role: the client itself
    assert unbilled_work(firm.db, firm.matter).time == ()   # the non-billable hour is not offered


def test_totals_are_exact_on_awkward_amounts(firm):
    assert totals(D("0.025"), 2000) == (D("0.03"), D("0.01"), D("0.04"))
    assert totals(D("10.02"), 2000) == (D("10.02"), D("2.00"), D("12.02"))
    assert totals(D("10.03"), 2000) == (D("10.03"), D("2.01"), D("12.04"))   # 2.006 → 2.01
    assert totals(D("0.05"), 550) == (D("0.05"), D("0.00"), D("0.05"))      # 0.00275 → 0.00
    assert totals(D("33.33"), 2000) == (D("33.33"), D("6.67"), D("40.00"))   # 6.666 → 6.67
    # 3 × 20 minutes at 100 €/h: each entry rounded when entered, the invoice sums them.
    for _ in range(3):
        add_time(firm, 20, "100")
    add_expense(firm, "0.01")
    inv = create_draft(firm.db, firm.clock, firm.matter)
    s = invoice_detail(firm.db, inv).invoice
    assert (s.total_excl_tax, s.total_vat, s.total_incl_tax) == (D("100.00"), D("20.00"), D("120.00"))
    assert isinstance(s.total_vat, Decimal)


def test_chosen_entries_only_and_the_rest_stays_in_the_encours(firm):
    a = add_time(firm, 60, "200")
    add_time(firm, 120, "200")
    x = add_expense(firm, "50.00")
    before = client_banner(firm.db, firm.client, firm.clock.today())
    assert before.encours == D("650.00")
    inv = create_draft(firm.db, firm.clock, firm.matter, time_ids=[a], expense_ids=[])
    assert invoice_detail(firm.db, inv).invoice.total_excl_tax == D("200.00")
    banner = client_banner(firm.db, firm.client, firm.clock.today())
    assert (banner.encours, banner.solde_du) == (D("450.00"), D("0.00"))   # draft: encours falls
    with pytest.raises(ValidationError, match="ne sont plus à facturer") as err:
        create_draft(firm.db, firm.clock, firm.matter, time_ids=[a], expense_ids=[x])
    assert err.value.field == "temps"
    assert client_banner(firm.db, firm.client, firm.clock.today()).encours == D("450.00")


def test_nothing_to_invoice_is_refused(firm):
    with pytest.raises(ValidationError, match="Rien à facturer"):
        create_draft(firm.db, firm.clock, firm.matter)
    with firm.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Event).where(Event.entity_type == "invoice")) == 0


def test_billing_contact_defaults_to_the_default_billing_role_and_is_checked(firm):
    with firm.db.write() as s:
        accountant = make_person(s, "Jeanne", "Comptable")
        stranger = make_person(s, "Marc", "Inconnu")
    add_role(firm.db, firm.clock, firm.client, accountant, "billing")
    add_time(firm, 60, "200")
    inv = create_draft(firm.db, firm.clock, firm.matter)
    assert invoice_detail(firm.db, inv).invoice.billing_contact_name == "Jeanne Comptable"
    with pytest.raises(ValidationError) as err:
        set_billing_contact(firm.db, firm.clock, inv, stranger)
    assert err.value.field == "billing_contact"
    set_billing_contact(firm.db, firm.clock, inv, firm.client)
    assert invoice_detail(firm.db, inv).invoice.billing_contact_id == firm.client


def test_draft_edits_remove_entries_and_delete(firm):
    a = add_time(firm, 60, "200")
    add_time(firm, 60, "300")
    x = add_expense(firm, "40.00")
    inv = create_draft(firm.db, firm.clock, firm.matter)
    set_notes(firm.db, firm.clock, inv, "  Conformément à la convention d'honoraires.  ")
    remove_entries(firm.db, firm.clock, inv, time_ids=[a], expense_ids=[x])
    detail = invoice_detail(firm.db, inv)
    assert detail.invoice.notes == "Conformément à la convention d'honoraires."
    assert detail.invoice.total_excl_tax == D("300.00") and len(detail.lines) == 1
    assert matter_banner(firm.db, firm.matter, firm.clock.today()).encours == D("240.00")
    delete_draft(firm.db, firm.clock, inv)
    assert list_invoices(firm.db, firm.matter) == []
    assert matter_banner(firm.db, firm.matter, firm.clock.today()).encours == D("540.00")


def test_numbering_is_sequential_without_gaps(firm):
    add_time(firm, 60, "200")
    first = create_draft(firm.db, firm.clock, firm.matter)
    add_time(firm, 60, "200")
    second = create_draft(firm.db, firm.clock, firm.matter)
    add_time(firm, 60, "200")
    deleted = create_draft(firm.db, firm.clock, firm.matter)
    delete_draft(firm.db, firm.clock, deleted)                # consumes nothing
    assert validate_invoice(firm.db, firm.clock, second) == "F2026-00001"   # reverse order
    assert validate_invoice(firm.db, firm.clock, first) == "F2026-00002"
    empty_time = add_time(firm, 60, "200")
    empty = create_draft(firm.db, firm.clock, firm.matter, time_ids=[empty_time])
    remove_entries(firm.db, firm.clock, empty, time_ids=[empty_time])   # a draft left empty
    with pytest.raises(ValidationError, match="vide"):
        validate_invoice(firm.db, firm.clock, empty)           # failed: leaves no hole
    add_time(firm, 60, "200")
    third = create_draft(firm.db, firm.clock, firm.matter)
    assert validate_invoice(firm.db, firm.clock, third) == "F2026-00003"
    firm.clock.set(datetime(2027, 1, 4, 9, 0, tzinfo=timezone.utc))   # a new year restarts
    add_time(firm, 60, "200")
    fourth = create_draft(firm.db, firm.clock, firm.matter)
    assert validate_invoice(firm.db, firm.clock, fourth) == "F2027-00001"
    with firm.db.read() as s:
        assert s.get(Sequence, "invoice:2026").next_value == 4
        assert s.get(Sequence, "invoice:2027").next_value == 2


def test_validation_sets_dates_event_journal_and_banner(firm):
    add_time(firm, 60, "1000")
    inv = create_draft(firm.db, firm.clock, firm.matter, user_id=firm.current_user.id)
    validate_invoice(firm.db, firm.clock, inv, user_id=firm.current_user.id)
    s = invoice_detail(firm.db, inv).invoice
    today = firm.clock.today()
    assert (s.number, s.status_label, s.issued_on, s.due_on) == (
        "F2026-00001", "Validée", today, today + timedelta(days=30))
    assert s.remaining == D("1200.00")
    assert client_banner(firm.db, firm.client, today).solde_du == D("1200.00")  # solde dû rises
    with firm.db.read() as s:
        kinds = s.scalars(select(Event.kind).where(Event.entity_type == "invoice",
                                                   Event.entity_id == inv).order_by(Event.id)).all()
        journal = s.scalars(select(Interaction.subject).where(Interaction.contact_id == firm.client,
                                                              Interaction.kind == "invoice")).all()
    assert kinds == ["created", "validated"]
    assert journal == ["Facture F2026-00001 validée — 1\u202f200,00\u00a0€ TTC"]


def test_a_validated_invoice_refuses_every_edit(firm):
    a = add_time(firm, 60, "200")
    inv = create_draft(firm.db, firm.clock, firm.matter)
    validate_invoice(firm.db, firm.clock, inv)
    for action in (lambda: set_notes(firm.db, firm.clock, inv, "x"),
                   lambda: set_billing_contact(firm.db, firm.clock, inv, firm.client),
                   lambda: remove_entries(firm.db, firm.clock, inv, time_ids=[a]),
                   lambda: delete_draft(firm.db, firm.clock, inv),
                   lambda: validate_invoice(firm.db, firm.clock, inv)):
        with pytest.raises(ValidationError, match="Validée"):
            action()
    assert invoice_detail(firm.db, inv).time_entry_ids == (a,)


def test_sent_and_doubtful(firm):
    add_time(firm, 60, "500")
    inv = create_draft(firm.db, firm.clock, firm.matter)
    with pytest.raises(ValidationError):
        mark_sent(firm.db, firm.clock, inv)                   # a draft is not sent
    validate_invoice(firm.db, firm.clock, inv)
    mark_sent(firm.db, firm.clock, inv)
    s = invoice_detail(firm.db, inv).invoice
    assert s.status_label == "Envoyée"
    set_doubtful(firm.db, firm.clock, inv, True)
    banner = client_banner(firm.db, firm.client, firm.clock.today())
    assert (banner.solde_du, banner.creances_douteuses) == (D("600.00"), D("600.00"))
    set_doubtful(firm.db, firm.clock, inv, False)
    assert client_banner(firm.db, firm.client, firm.clock.today()).creances_douteuses == D("0.00")


def test_cancel_by_credit_note_frees_the_work_and_nets_the_banner(firm):
    a = add_time(firm, 120, "250")
    add_expense(firm, "30.00")
    inv = create_draft(firm.db, firm.clock, firm.matter)
    validate_invoice(firm.db, firm.clock, inv)
    today = firm.clock.today()
    assert client_banner(firm.db, firm.client, today).solde_du == D("636.00")
    with pytest.raises(ValidationError) as err:
        cancel_invoice(firm.db, firm.clock, inv, "  ")
    assert err.value.field == "reason"
    credit = cancel_invoice(firm.db, firm.clock, inv, "Erreur sur le client facturé")
    original, note = invoice_detail(firm.db, inv), invoice_detail(firm.db, credit)
    assert original.invoice.status_label == "Annulée" and original.time_entry_ids == ()
    assert note.invoice.number == "F2026-00002" and note.invoice.is_credit_note
    assert note.invoice.display_number == "F2026-00002 (avoir)"
    assert note.invoice.credit_note_for_number == "F2026-00001"
    assert (note.invoice.total_excl_tax, note.invoice.total_vat, note.invoice.total_incl_tax) == (
        D("-530.00"), D("-106.00"), D("-636.00"))
    assert [ln.amount for ln in note.lines] == [D("-500.00"), D("-30.00")]
    banner = client_banner(firm.db, firm.client, today)
    assert (banner.solde_du, banner.encours) == (D("0.00"), D("530.00"))  # work back in the encours
    again = create_draft(firm.db, firm.clock, firm.matter, time_ids=[a], expense_ids=[])
    assert invoice_detail(firm.db, again).invoice.total_excl_tax == D("500.00")
    with pytest.raises(ValidationError, match="avoir ne peut pas"):
        cancel_invoice(firm.db, firm.clock, credit, "non")
    with pytest.raises(ValidationError, match="Annulée"):
        cancel_invoice(firm.db, firm.clock, inv, "deux fois")


def test_another_matter_entries_are_not_taken(firm):
    with firm.db.write() as s:
        other = make_matter(s, firm.client, firm.lawyer, reference="2026-0002")
    mine = add_time(firm, 60, "200")
    theirs = add_time(firm, 60, "200", matter=other)
    with pytest.raises(ValidationError):
        create_draft(firm.db, firm.clock, firm.matter, time_ids=[mine, theirs])
    inv = create_draft(firm.db, firm.clock, firm.matter)
    assert invoice_detail(firm.db, inv).time_entry_ids == (mine,)


def test_two_thousand_entries_make_one_invoice(firm):
    with firm.db.write() as s:
        s.execute(TimeEntry.__table__.insert(), [
            {"matter_id": firm.matter, "user_id": firm.lawyer if i % 2 else firm.junior,
             "work_date": date(2025, 12, 1) + timedelta(days=i % 30), "minutes": 15 + i % 4 * 15,
             "description": "Travail", "billable": True, "hourly_rate": D(200), "amount": D(50 * (1 + i % 4)),
             "rate_source": "user_standard", "created_at": firm.clock.now()} for i in range(2000)])
    inv = create_draft(firm.db, firm.clock, firm.matter)
    detail = invoice_detail(firm.db, inv)
    assert len(detail.lines) == 2 and len(detail.time_entry_ids) == 2000
    assert detail.invoice.total_excl_tax == D("250000.00")
