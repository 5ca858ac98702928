"""A matter's life for a demo client, as the client card shows it: opening, time under a
negotiated rate, an invoice validated then partly paid, a retainer, a task completed and a
deadline computed. After each step the card's banner (reloaded as the user would) shows the
new figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from themisia_desktop.core.automation.events import EventKind
from themisia_desktop.core.calendar.deadlines import add_deadline
from themisia_desktop.core.calendar.tasks import complete_task, create_task
from themisia_desktop.core.demo import DEMO_PASSWORD, DEMO_USERS, generate_demo
from themisia_desktop.core.finance.balances import matter_banner
from themisia_desktop.core.finance.invoices import create_draft, invoice_detail, validate_invoice
from themisia_desktop.core.finance.payments import record_payment
from themisia_desktop.core.finance.provisions import record_provision_receipt, request_provision
from themisia_desktop.core.finance.rates import add_negotiated_rate
from themisia_desktop.core.finance.time_entries import TimeInput, list_time, record_time
from themisia_desktop.core.firm.users import authenticate
from themisia_desktop.core.matters.schema import MatterInput
from themisia_desktop.core.matters.service import open_matter
from themisia_desktop.core.models import Contact, Event, Matter
from themisia_desktop.gui.contacts.contact_card import ContactCard


def _eur(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_the_client_card_follows_a_matter_from_opening_to_payment(qtbot, ctx):
    generate_demo(ctx.db, ctx.clock, contacts=200, seed=3)
    ctx.current_user = authenticate(ctx.db, ctx.clock, DEMO_USERS[0][0], DEMO_PASSWORD)
    me = ctx.current_user.id
    with ctx.db.read() as s:  # a demo company that has never been our client
        client = s.scalar(select(Contact.id).where(
            Contact.kind == "company", Contact.status == "prospect", Contact.merged_into_id.is_(None),
            ~select(Matter.id).where(Matter.client_id == Contact.id).exists()).order_by(Contact.id))
    assert client is not None
    today = ctx.clock.today()

    card = ContactCard(ctx, client)
    qtbot.addWidget(card)

    def banner() -> tuple[str, str]:
        with qtbot.waitSignal(card.loaded, timeout=10_000):
            card.reload()
        return _eur(card.encours_value.text()), _eur(card.solde_value.text())

    # Opening: the prospect becomes a client actif with one active matter.
    matter = open_matter(ctx.db, ctx.clock, MatterInput(client, "Cession de fonds de commerce", me),
                         user_id=me, kyc_acknowledged=True)
    assert banner() == ("0,00 €", "0,00 €")
    assert card.matters_value.text().startswith("1 actif")

    # Time under a negotiated rate: 2 h at 300 € instead of the lawyer's standard rate.
    add_negotiated_rate(ctx.db, ctx.clock, client, hourly_rate="300", effective_from=today,
                        lawyer_id=me, actor_id=me)
    record_time(ctx.db, ctx.clock, TimeInput(matter, me, today, 120, "Audit des baux"), user_id=me)
    entry = list_time(ctx.db, matter).rows[0]
    assert entry.hourly_rate == Decimal("300.00") and entry.amount == Decimal("600.00")
    assert banner() == ("600,00 €", "0,00 €")

    # The invoice: drafted (work leaves the encours), validated (now owed, TTC).
    invoice = create_draft(ctx.db, ctx.clock, matter, user_id=me)
    assert banner() == ("0,00 €", "0,00 €")
    number = validate_invoice(ctx.db, ctx.clock, invoice, user_id=me)
    assert number.startswith(f"F{today.year}-")
    assert banner() == ("0,00 €", "720,00 €")

    # A partial payment.
    record_payment(ctx.db, ctx.clock, client, "500", today, "transfer",
                   allocations=[(invoice, "500")], user_id=me)
    assert invoice_detail(ctx.db, invoice).invoice.remaining == Decimal("220.00")
    assert banner() == ("0,00 €", "220,00 €")

    # A retainer, kept apart from fees: the card's figures do not move, the matter's do.
    provision = request_provision(ctx.db, ctx.clock, matter, "1000", today, user_id=me)
    record_provision_receipt(ctx.db, ctx.clock, provision, "400", today, user_id=me)
    assert banner() == ("0,00 €", "220,00 €")
    assert matter_banner(ctx.db, matter, today).provisions_received == Decimal("400.00")

    # A task completed is an event automation can react to.
    task = create_task(ctx.db, ctx.clock, "Envoyer l'acte au greffe", matter_id=matter,
                       assignee_id=me, due_on=today, user_id=me)
    complete_task(ctx.db, ctx.clock, task.id, user_id=me)
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Event).where(
            Event.entity_type == "task", Event.entity_id == task.id,
            Event.kind == EventKind.COMPLETED)) == 1

    # A deadline of one month from 31 January ends on the last day of February (art. 641).
    deadline = add_deadline(ctx.db, ctx.clock, matter, "Délai d'opposition", "procedural",
                            date(2026, 1, 31), 1, "months", None, user_id=me)
    assert deadline.due_on == date(2026, 3, 2)  # 28 February 2026 is a Saturday → Monday 2 March
