"""The demo firm generator: counts, determinism, valid identifiers and channels, consistent
finance (numbering, totals, time amounts, payments), refusal of a non-empty base, logins."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

import phonenumbers
import pytest
from email_validator import validate_email
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret
from stdnum.fr import tva as stdnum_tva

from tests.helpers.databases import fresh_database_url
from themisia_desktop.core.clock import FixedClock
from themisia_desktop.core.db import Database, migrate
from themisia_desktop.core.demo import DEMO_PASSWORD, DEMO_USERS, generate_demo
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.firm.setup import is_initialised
from themisia_desktop.core.firm.users import authenticate
from themisia_desktop.core.models import (
    CompanyDetails,
    Contact,
    ContactChannel,
    Firm,
    Invoice,
    InvoiceLine,
    JurisdictionDetails,
    Matter,
    Payment,
    PaymentAllocation,
    PersonDetails,
    Sequence,
    TimeEntry,
    User,
)
from themisia_desktop.core.text import contact_search_text, contact_sort_name, fold

CONTACTS = 300
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
CENT = Decimal("0.01")
COMPARED_TABLES = ("contact", "person_details", "company_details", "address", "contact_channel", "matter",
                   "matter_party", "time_entry", "expense", "invoice", "invoice_line", "payment",
                   "payment_allocation", "task", "deadline", "interaction", "appointment")


def _new_db(tmp_path_factory, name: str):
    """A migrated, empty base (PostgreSQL when the suite runs its PostgreSQL pass)."""
    manager = fresh_database_url(tmp_path_factory.mktemp(name))
    db = Database(manager.__enter__())
    migrate.upgrade(db, backup_dir=None, clock=FixedClock(NOW))
    return db, manager


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db, manager = _new_db(tmp_path_factory, "demo")
    calls: list[tuple[str, float]] = []
    summary = generate_demo(db, FixedClock(NOW), contacts=CONTACTS, seed=7,
                            progress=lambda step, fraction: calls.append((step, fraction)))
    yield db, summary, calls
    db.dispose()
    manager.__exit__(None, None, None)


def _objects(db: Database, stmt) -> list:
    """ORM objects that stay readable after their session (closed, not rolled back)."""
    with Session(db.engine) as s:
        return list(s.scalars(stmt))


def _rows(db: Database, table: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))]


def test_counts_follow_the_requested_size(demo):
    db, summary, _calls = demo
    counts = summary.counts
    assert counts["contact"] == CONTACTS
    assert counts["user_account"] == len(DEMO_USERS) == 9
    assert counts["person_details"] + counts["company_details"] + counts["jurisdiction_details"] == CONTACTS
    assert 0.55 < counts["person_details"] / CONTACTS < 0.7
    assert 0.3 < counts["company_details"] / CONTACTS < 0.42
    assert counts["jurisdiction_details"] >= 3
    # Per 100,000 contacts: ~25,000 matters, 400,000-600,000 time entries, ~40,000 invoices.
    assert 0.15 < counts["matter"] / CONTACTS < 0.35
    assert 2.5 < counts["time_entry"] / CONTACTS < 7.5
    assert 0.2 < counts["invoice"] / CONTACTS < 0.7
    for table in ("address", "contact_channel", "contact_link", "kyc_record", "matter_party", "matter_assignee",
                  "expense", "invoice_line", "payment", "payment_allocation", "provision", "task", "deadline",
                  "interaction", "appointment", "conflict_check"):
        assert counts.get(table, 0) > 0, table
    assert summary.seconds > 0
    with db.read() as s:
        firm = s.scalar(select(Firm))
        assert firm.is_demo and firm.name
        assert s.scalar(select(func.count()).select_from(User).where(User.is_admin)) == 1


def test_progress_is_reported_up_to_the_end(demo):
    _db, _summary, calls = demo
    fractions = [f for _step, f in calls]
    assert fractions == sorted(fractions)
    assert calls[-1] == ("Terminé", 1.0)
    assert all(0.0 <= f <= 1.0 for f in fractions)


def test_same_seed_and_clock_give_the_same_rows(demo, tmp_path_factory):
    db, _summary, _calls = demo
    again, manager = _new_db(tmp_path_factory, "again")
    other, manager2 = _new_db(tmp_path_factory, "other")
    try:
        generate_demo(again, FixedClock(NOW), contacts=CONTACTS, seed=7)
        for table in COMPARED_TABLES:
            assert _rows(again, table) == _rows(db, table), table
        generate_demo(other, FixedClock(NOW), contacts=CONTACTS, seed=8)
        assert _rows(other, "contact") != _rows(db, "contact")
    finally:
        for database, mgr in ((again, manager), (other, manager2)):
            database.dispose()
            mgr.__exit__(None, None, None)


def test_company_identifiers_are_valid_and_some_contacts_look_alike(demo):
    db, _summary, _calls = demo
    companies = _objects(db, select(CompanyDetails))
    persons = _objects(db, select(PersonDetails))
    assert companies
    for c in companies:
        assert stdnum_siren.validate(c.siren) == c.siren
        assert stdnum_siret.validate(c.siret) == c.siret and c.siret.startswith(c.siren)
        if c.vat_number is not None:
            assert "FR" + stdnum_tva.validate(c.vat_number) == c.vat_number
            assert c.vat_number == f"FR{(12 + 3 * (int(c.siren) % 97)) % 97:02d}{c.siren}"
        assert c.legal_form in ("SARL", "SAS", "SA", "SCI", "SELARL", "EURL", "association")
    assert len({c.siren for c in companies}) >= len(companies) - 5
    # Near-duplicates: the same SIREN twice, or the same person's name up to accents and case.
    same_siren = len(companies) - len({c.siren for c in companies})
    names = defaultdict(int)
    for p in persons:
        names[(fold(p.last_name), fold(p.first_name))] += 1
    assert same_siren + sum(1 for n in names.values() if n > 1) >= 1
    assert any(p.last_name != fold(p.last_name).title() for p in persons)  # accents are there


def test_courts_are_real_jurisdictions(demo):
    db, _summary, _calls = demo
    with db.read() as s:
        courts = s.execute(select(Contact.display_name, JurisdictionDetails.court_type)
                           .join(JurisdictionDetails, JurisdictionDetails.contact_id == Contact.id)).all()
    assert ("Tribunal judiciaire de Paris", "tribunal_judiciaire") in courts
    assert all(kind == "tribunal_judiciaire" or not name.startswith("Tribunal judiciaire") for name, kind in courts)


def test_phones_are_valid_e164_and_emails_are_valid(demo):
    db, _summary, _calls = demo
    with db.read() as s:
        channels = s.execute(select(ContactChannel.kind, ContactChannel.value)).all()
        primaries = s.execute(select(Contact.primary_email, Contact.primary_phone)).all()
    phones = {v for k, v in channels if k == "phone"} | {p for _e, p in primaries if p}
    emails = {v for k, v in channels if k == "email"} | {e for e, _p in primaries if e}
    assert len(phones) > CONTACTS // 2 and len(emails) > CONTACTS // 2
    for value in phones:
        number = phonenumbers.parse(value)
        assert phonenumbers.is_valid_number(number), value
        assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == value
    for value in emails:
        assert value.isascii()
        assert validate_email(value, check_deliverability=False).normalized == value
        assert value.endswith(".example")  # never a real mailbox


def test_sort_name_and_search_text_come_from_core_text(demo):
    db, _summary, _calls = demo
    with Session(db.engine) as s:
        rows = s.execute(select(Contact, PersonDetails, CompanyDetails)
                         .outerjoin(PersonDetails, PersonDetails.contact_id == Contact.id)
                         .outerjoin(CompanyDetails, CompanyDetails.contact_id == Contact.id)).all()
        channels = defaultdict(list)
        for contact_id, kind, value in s.execute(select(ContactChannel.contact_id, ContactChannel.kind,
                                                        ContactChannel.value).order_by(ContactChannel.id)):
            channels[(contact_id, kind)].append(value)
    for contact, person, company in rows:
        if person is not None:
            assert contact.sort_name == contact_sort_name("person", display_name=contact.display_name,
                                                          last_name=person.last_name, first_name=person.first_name)
        else:
            assert contact.sort_name == fold(contact.display_name)
        assert contact.search_text == contact_search_text(
            contact.display_name, emails=channels[(contact.id, "email")], phones=channels[(contact.id, "phone")],
            siren=company.siren if company else None, siret=company.siret if company else None,
            vat_number=company.vat_number if company else None, city=contact.city)
        if contact.primary_email:
            assert contact.primary_email == channels[(contact.id, "email")][0]


def test_invoice_numbers_are_gap_free_in_issue_order(demo):
    db, _summary, _calls = demo
    with db.read() as s:
        invoices = s.execute(select(Invoice.id, Invoice.number, Invoice.status, Invoice.issued_on)).all()
        sequences = dict(s.execute(select(Sequence.name, Sequence.next_value)).all())
    drafts = [i for i in invoices if i.status == "draft"]
    assert all(i.number is None and i.issued_on is None for i in drafts)
    numbered = sorted((i for i in invoices if i.status != "draft"), key=lambda i: (i.issued_on, i.id))
    assert {i.status for i in numbered} <= {"validated", "sent", "paid", "cancelled"}
    assert {"paid", "sent"} <= {i.status for i in numbered}
    by_year = defaultdict(list)
    for i in numbered:
        by_year[i.issued_on.year].append(i.number)
    for year, numbers in by_year.items():
        assert numbers == [f"F{year}-{n:05d}" for n in range(1, len(numbers) + 1)]
        assert sequences[f"invoice:{year}"] == len(numbers) + 1


def test_invoice_totals_are_consistent_with_their_lines(demo):
    db, _summary, _calls = demo
    invoices = _objects(db, select(Invoice))
    lines = defaultdict(list)
    for line in _objects(db, select(InvoiceLine).order_by(InvoiceLine.invoice_id, InvoiceLine.position)):
        lines[line.invoice_id].append(line)
    for inv in invoices:
        assert isinstance(inv.total_excl_tax, Decimal)
        assert inv.total_excl_tax == sum((line.amount for line in lines[inv.id]), Decimal("0"))
        assert inv.total_vat == (inv.total_excl_tax * inv.vat_rate_bp / 10000).quantize(CENT, ROUND_HALF_UP)
        assert inv.total_excl_tax + inv.total_vat == inv.total_incl_tax
        assert inv.total_excl_tax > 0
        assert [line.position for line in lines[inv.id]] == list(range(1, len(lines[inv.id]) + 1))
        for line in lines[inv.id]:
            if line.description.startswith("Honoraires"):
                # Rates are whole euros and minutes multiples of 6: hours × rate is exact.
                assert Decimal(line.quantity_hundredths) / 100 * line.unit_price == line.amount


def test_time_entries_amounts_and_invoicing(demo):
    db, _summary, _calls = demo
    today = FixedClock(NOW).today()
    entries = _objects(db, select(TimeEntry))
    invoices = {i.id: i for i in _objects(db, select(Invoice))}
    matters = {m.id: m for m in _objects(db, select(Matter))}
    fee_lines = defaultdict(Decimal)
    for line in _objects(db, select(InvoiceLine).where(InvoiceLine.description.like("Honoraires%"))):
        fee_lines[line.invoice_id] += line.amount
    invoiced = defaultdict(Decimal)
    sources = set()
    for e in entries:
        assert e.minutes > 0 and e.minutes % 6 == 0
        assert e.amount == (Decimal(e.minutes) * e.hourly_rate / 60).quantize(CENT, ROUND_HALF_UP)
        assert today - timedelta(days=731) <= e.work_date < today
        assert matters[e.matter_id].opened_on <= e.work_date
        sources.add(e.rate_source)
        if e.invoice_id is not None:
            assert e.billable
            invoice = invoices[e.invoice_id]
            assert invoice.matter_id == e.matter_id and invoice.status != "cancelled"
            assert invoice.issued_on is None or e.work_date <= invoice.issued_on
            invoiced[e.invoice_id] += e.amount
    assert invoiced == {k: v for k, v in fee_lines.items() if invoices[k].status != "cancelled"}
    assert sum(e.billable for e in entries) > 0.7 * len(entries)
    assert any(e.invoice_id is None and e.billable for e in entries)  # work in progress
    assert "user_standard" in sources


def test_payments_never_exceed_what_is_due(demo):
    db, _summary, _calls = demo
    today = FixedClock(NOW).today()
    invoices = {i.id: i for i in _objects(db, select(Invoice))}
    payments = {p.id: p for p in _objects(db, select(Payment))}
    allocations = _objects(db, select(PaymentAllocation))
    paid = defaultdict(Decimal)
    per_payment = defaultdict(Decimal)
    for a in allocations:
        assert a.amount > 0
        paid[a.invoice_id] += a.amount
        per_payment[a.payment_id] += a.amount
        assert payments[a.payment_id].client_id == invoices[a.invoice_id].client_id
        assert invoices[a.invoice_id].issued_on <= payments[a.payment_id].received_on <= today
    for payment_id, total in per_payment.items():
        assert payments[payment_id].amount == total
    for inv in invoices.values():
        if inv.status == "paid":
            assert paid[inv.id] == inv.total_incl_tax
        else:
            assert paid[inv.id] < inv.total_incl_tax or inv.total_incl_tax == 0
    assert any(0 < paid[i] < inv.total_incl_tax for i, inv in invoices.items()) or len(invoices) < 30


def test_a_database_that_is_not_empty_is_refused_and_left_alone(demo):
    db, summary, _calls = demo
    with pytest.raises(ValidationError, match="La base n'est pas vide"):
        generate_demo(db, FixedClock(NOW), contacts=10)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Contact)) == CONTACTS
        assert s.scalar(select(func.count()).select_from(Firm)) == 1


def test_a_firm_alone_is_enough_to_refuse(firm_ctx):
    with pytest.raises(ValidationError, match="démonstration ne peut être créé que dans une base neuve"):
        generate_demo(firm_ctx.db, firm_ctx.clock, contacts=10)


def test_a_bad_size_is_refused(ctx):
    with pytest.raises(ValidationError, match="au moins 1") as err:
        generate_demo(ctx.db, ctx.clock, contacts=0)
    assert err.value.field == "contacts"
    assert not is_initialised(ctx.db)


def test_a_failed_generation_leaves_an_empty_base(ctx, monkeypatch):
    from themisia_desktop.core.demo import activity

    def boom(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(activity.ActivityGenerator, "run", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        generate_demo(ctx.db, ctx.clock, contacts=50)
    assert not is_initialised(ctx.db)
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(User)) == 0
        assert s.scalar(select(func.count()).select_from(Contact)) == 0
    monkeypatch.undo()
    summary = generate_demo(ctx.db, ctx.clock, contacts=50)
    assert summary.counts["contact"] == 50


def test_the_demo_users_can_log_in(demo):
    db, summary, _calls = demo
    assert [u[0] for u in summary.users] == [spec[0] for spec in DEMO_USERS]
    assert summary.users[0] == ("cmartin", DEMO_PASSWORD, "Claire Martin")
    clock = FixedClock(NOW)
    for login, password, full_name in summary.users:
        user = authenticate(db, clock, login, password)
        assert user.full_name == full_name
    assert authenticate(db, clock, "cmartin", DEMO_PASSWORD).is_admin


def test_tiny_demo_still_works(ctx):
    summary = generate_demo(ctx.db, ctx.clock, contacts=1)
    assert summary.counts["contact"] == 1
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Contact)) == 1
    assert date(2026, 1, 1) <= ctx.clock.today()


def test_new_rows_get_fresh_ids_after_the_demo(demo):
    """Ids were given by the generator: the base's own id source (PostgreSQL sequences) must
    have been moved past them."""
    db, _summary, _calls = demo
    with Session(db.write_engine) as s:
        contact = Contact(kind="person", status="contact", display_name="Zoé Nouvelle", sort_name="nouvelle zoe")
        largest = s.scalar(select(func.max(Contact.id)))
        s.add(contact)
        s.flush()
        assert contact.id > largest
        s.rollback()
