"""The 360° card queries (header, journal, tabs) and the journal form's service."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.unit.contact_factory import make_company, make_person
from tests.unit.test_balances import invoice, matter, pay, time
from themisia_desktop.core.contacts import card as card_mod
from themisia_desktop.core.contacts.card import (
    DRAFT_NUMBER,
    add_journal_entry,
    duration_text,
    journal,
    journal_count,
    load_card,
)
from themisia_desktop.core.contacts.lifecycle import change_status
from themisia_desktop.core.demo import generate_demo
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.finance.balances import client_banner
from themisia_desktop.core.models import Event, Interaction, Invoice, Matter, TimeEntry
from themisia_desktop.core.models.enums import (
    ContactStatus,
    InteractionKind,
    InvoiceStatus,
    KycStatus,
    MatterStatus,
)

D = Decimal


@pytest.fixture
def firm(firm_ctx):
    ctx = firm_ctx
    ctx.user = ctx.current_user.id
    with ctx.db.write() as s:
        ctx.client = make_company(s, "Dupont SAS", status="client_active")
        ctx.other = make_company(s, "Martin SARL", status="client_active")
        ctx.person = make_person(s, "Émile", "Zola", emails=("emile@zola.example",),
                                 phones=("+33612345678",), city="Paris")
    ctx.seq = 0
    return ctx


def busiest_client(db) -> int:
    with db.read() as s:
        return s.execute(select(Matter.client_id).group_by(Matter.client_id)
                         .order_by(func.count().desc(), Matter.client_id).limit(1)).scalar_one()


@pytest.fixture
def demo(ctx):
    generate_demo(ctx.db, ctx.clock, contacts=300, seed=1)
    return ctx


# -- on demo data ---------------------------------------------------------------------------
def test_the_card_of_a_demo_client_matches_the_base(demo):
    db, today = demo.db, demo.clock.today()
    cid = busiest_client(db)
    card = load_card(db, cid, today)
    assert card.header.id == cid and card.header.display_name
    assert card.header.status == ContactStatus.CLIENT_ACTIVE
    assert card.header.status_label == "Client actif"
    assert card.banner == client_banner(db, cid, today)
    with db.read() as s:
        n_matters = s.scalar(select(func.count()).select_from(Matter).where(Matter.client_id == cid))
        n_invoices = s.scalar(select(func.count()).select_from(Invoice)
                              .where(Invoice.client_id == cid))
        n_time = s.scalar(select(func.count()).select_from(TimeEntry).join(Matter)
                          .where(Matter.client_id == cid))
    assert len(card.matters) == n_matters == card.banner.active_matters + card.banner.archived_matters
    assert len(card.invoices) == n_invoices and len(card.time) == n_time > 0
    # Newest first everywhere.
    opened = [m.opened_on for m in card.matters]
    assert opened == sorted(opened, reverse=True)
    worked = [t.work_date for t in card.time]
    assert worked == sorted(worked, reverse=True)
    when = [line.occurred_at for line in card.journal.lines]
    assert when and when == sorted(when, reverse=True)
    assert all(line.kind_label and line.when_text for line in card.journal.lines)
    # Labels are the right enum's (a matter is « Ouvert », never a task's « À faire »).
    assert {m.status_label for m in card.matters} <= {s.label for s in MatterStatus}
    assert "À faire" not in {m.status_label for m in card.matters}
    for row in card.invoices:
        assert (row.number == DRAFT_NUMBER) == (row.status == InvoiceStatus.DRAFT)


def test_tabs_are_limited_to_the_most_recent_rows(demo):
    cid = busiest_client(demo.db)
    full = load_card(demo.db, cid, demo.clock.today())
    with demo.db.read() as s:
        assert card_mod.time_in(s, cid, limit=2) == full.time[:2]
        assert card_mod.matters_in(s, cid, limit=2) == full.matters[:2]


def test_the_journal_is_paged_newest_first(demo):
    cid = busiest_client(demo.db)
    total = journal_count(demo.db, cid)
    assert total > 3
    first = journal(demo.db, cid, limit=2)
    second = journal(demo.db, cid, offset=2, limit=2)
    assert first.has_more and len(first.lines) == 2 and second.offset == 2
    assert first.lines[-1].occurred_at >= second.lines[0].occurred_at
    everything = journal(demo.db, cid, limit=total)
    assert not everything.has_more and len(everything.lines) == total


# -- on hand-built rows ---------------------------------------------------------------------
def test_header_of_a_person_with_kyc(firm):
    from themisia_desktop.core.contacts.kyc import record_review

    record_review(firm.db, firm.clock, firm.person, "validated",
                  checklist={"identity_document": True, "proof_of_address": True},
                  expires_on=date(2026, 3, 10), actor_id=firm.user)
    card = load_card(firm.db, firm.person, date(2026, 3, 2))
    h = card.header
    assert (h.display_name, h.kind_label, h.status_label) == ("Émile Zola", "Personne physique",
                                                              "Contact")
    assert (h.primary_email, h.primary_phone, h.city) == ("emile@zola.example", "+33612345678",
                                                          "Paris")
    assert h.kyc_status == KycStatus.VALIDATED
    assert h.kyc_label == "KYC : Validé (expire le 10/03/2026)"
    assert h.transitions == (ContactStatus.PROSPECT,)
    later = load_card(firm.db, firm.person, date(2026, 3, 11)).header
    assert later.kyc_status == KycStatus.EXPIRED and "expiré le 10/03/2026" in later.kyc_label
    assert card.matters == card.invoices == card.payments == card.time == ()


def test_tab_rows_on_hand_built_data(firm):
    m1 = matter(firm)
    m2 = matter(firm, status="archived")
    t1 = time(firm, m1, "250.00")
    inv = invoice(firm, m1, "1200.00", status="sent", due_on=date(2026, 1, 15), doubtful=True)
    with firm.db.write() as s:
        s.get(Invoice, inv).number = "F-2026-0007"
        s.get(TimeEntry, t1).invoice_id = inv
        s.get(TimeEntry, t1).minutes = 95
    invoice(firm, m2, "300.00", status="draft")
    pay(firm, inv, "400.00")
    time(firm, matter(firm, client=firm.other), "999.00")  # another client's

    card = load_card(firm.db, firm.client, date(2026, 3, 2))
    # Same opening date: the newest row first.
    assert [(m.reference, m.status_label) for m in card.matters] == [
        ("2026-0002", "Archivé"), ("2026-0001", "Ouvert")]
    assert all(m.responsible == "Hélène Lefèvre" for m in card.matters)
    by_number = {i.number: i for i in card.invoices}
    assert set(by_number) == {"F-2026-0007", DRAFT_NUMBER}
    sent = by_number["F-2026-0007"]
    assert (sent.status_label, sent.total_incl_tax, sent.due_on, sent.doubtful) == (
        "Envoyée", D("1200.00"), date(2026, 1, 15), True)
    assert card.invoices[0].number == DRAFT_NUMBER  # a draft (no date yet) comes first
    assert by_number[DRAFT_NUMBER].status_label == "Brouillon"
    [payment] = card.payments
    assert (payment.amount, payment.method, payment.invoices) == (D("400.00"), "virement",
                                                                  ("F-2026-0007",))
    [entry] = card.time
    assert (entry.lawyer, entry.matter_reference, entry.duration, entry.hourly_rate,
            entry.amount, entry.billed) == ("Hélène Lefèvre", "2026-0001", "1:35", D("250.00"),
                                            D("250.00"), True)
    assert card.banner.solde_du == D("800.00") and card.banner.creances_douteuses == D("800.00")
    assert (card.banner.active_matters, card.banner.archived_matters) == (1, 1)


def test_duration_text():
    assert [duration_text(m) for m in (6, 60, 95, 605)] == ["0:06", "1:00", "1:35", "10:05"]


def test_an_unknown_contact_is_refused(firm):
    with pytest.raises(NotFoundError):
        load_card(firm.db, 999_999, date(2026, 3, 2))


# -- add_journal_entry ----------------------------------------------------------------------
def _events(db, entity_type="interaction"):
    with db.read() as s:
        return list(s.scalars(select(Event).where(Event.entity_type == entity_type)))


def test_a_note_is_written_with_its_event(firm):
    line = add_journal_entry(firm.db, firm.clock, firm.person, "note", "  Appel  du greffe ",
                             "  Audience renvoyée au 12 mai.  ", firm.user)
    assert (line.kind, line.kind_label, line.subject, line.body, line.user_name) == (
        InteractionKind.NOTE, "Note", "Appel du greffe", "Audience renvoyée au 12 mai.",
        "Hélène Lefèvre")
    assert line.occurred_at == firm.clock.now()
    [top] = journal(firm.db, firm.person).lines
    assert top == line
    [event] = _events(firm.db)
    assert (event.kind, event.entity_id, event.payload) == (
        "created", line.id, {"contact_id": firm.person, "kind": "note"})


def test_newest_entry_comes_first(firm):
    add_journal_entry(firm.db, firm.clock, firm.person, "call", "Premier", None, firm.user)
    firm.clock.advance(timedelta(minutes=5))
    add_journal_entry(firm.db, firm.clock, firm.person, "meeting", "Second", None, None)
    lines = journal(firm.db, firm.person).lines
    assert [(x.subject, x.kind_label, x.user_name) for x in lines] == [
        ("Second", "Rendez-vous", None), ("Premier", "Appel", "Hélène Lefèvre")]


@pytest.mark.parametrize(("kind", "subject", "field", "message"), [
    ("note", "", "subject", "L'objet est obligatoire."),
    ("note", "   \n ", "subject", "L'objet est obligatoire."),
    ("note", "x" * 301, "subject", "300 caractères"),
    ("status_change", "Statut", "kind", "un appel, un rendez-vous ou une note"),
    ("fax", "Fax", "kind", "un appel, un rendez-vous ou une note"),
])
def test_bad_entries_are_refused_in_french_and_write_nothing(firm, kind, subject, field, message):
    with pytest.raises(ValidationError) as err:
        add_journal_entry(firm.db, firm.clock, firm.person, kind, subject, "corps", firm.user)
    assert err.value.field == field and message in str(err.value)
    assert journal_count(firm.db, firm.person) == 0 and _events(firm.db) == []


def test_an_entry_on_an_unknown_contact_is_refused(firm):
    with pytest.raises(NotFoundError):
        add_journal_entry(firm.db, firm.clock, 999_999, "note", "Objet", None, firm.user)
    with firm.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Interaction)) == 0


def test_a_status_change_shows_in_the_header_and_journal(firm):
    change_status(firm.db, firm.clock, firm.person, "prospect", actor_id=firm.user)
    card = load_card(firm.db, firm.person, date(2026, 3, 2))
    assert card.header.status_label == "Prospect"
    assert [s.label for s in card.header.transitions] == ["Contact", "Client actif",
                                                          "Prospect perdu"]
    top = card.journal.lines[0]
    assert (top.kind_label, top.subject) == ("Changement de statut", "Statut : Contact → Prospect")


def test_a_jurisdiction_offers_no_transition(firm):
    from themisia_desktop.core.contacts.schema import ContactInput, JurisdictionInput
    from themisia_desktop.core.contacts.service import create_contact

    court = create_contact(firm.db, firm.clock, ContactInput(
        details=JurisdictionInput(court_type="tribunal_judiciaire", city="Lyon")))
    assert load_card(firm.db, court.id, date(2026, 3, 2)).header.transitions == ()


def test_an_aware_instant_is_required(firm):
    with pytest.raises(ValidationError):
        add_journal_entry(firm.db, firm.clock, firm.person, "call", "Objet", None, firm.user,
                          occurred_at=datetime(2026, 3, 1, 10, 0))
    line = add_journal_entry(firm.db, firm.clock, firm.person, "call", "Objet", None, firm.user,
                             occurred_at=datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc))
    assert line.when_text == "01/03/2026 11:00"  # shown in Paris time
