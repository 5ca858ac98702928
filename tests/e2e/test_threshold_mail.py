"""« Encours client > 10 000 € → e-mail au responsable + client en suivi renforcé », end to end
against a real SMTP server (aiosmtpd on loopback): one mail per episode, re-armed after the
time is invoiced, and a mail that waits while the server is down then goes out once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from themisia_desktop.core.automation.builtins import install_builtins
from themisia_desktop.core.automation.scheduler import AutomationService
from themisia_desktop.core.automation.workflows import (
    create_workflow,
    find_by_builtin_key_in,
    set_enabled,
)
from themisia_desktop.core.finance.invoice_build import create_draft
from themisia_desktop.core.finance.time_entries import TimeInput, record_time
from themisia_desktop.core.models import Contact
from themisia_desktop.core.money import format_eur
from themisia_desktop.core.notify.outbox import list_recent
from themisia_desktop.core.notify.smtp_sender import SmtpSender
from tests.e2e.test_smtp_outbox import Server, configure
from tests.unit.matter_factory import make_client_matter, make_user

def rule(responsible: int) -> dict:
    """The firm's rule, as a workflow document; the client's lawyer is its responsible."""
    return {
        "name": "Encours client élevé",
        "description": "Prévenir le responsable et suivre le client de près",
        "trigger": {"kind": "threshold", "record": "contact", "field": "contact.encours",
                    "op": "gt", "value": "10000.00"},
        "actions": [
            {"type": "notify", "channels": ["email"], "recipients": [{"user": responsible}],
             "subject": "Encours élevé : {{ contact.display_name }}",
             "body": "L'encours de {{ contact.display_name }} atteint "
                     "{{ contact.encours | montant }}."},
            {"type": "set_field", "field": "contact.close_monitoring", "value": True},
        ],
    }


@pytest.fixture
def smtp():
    server = Server()
    yield server
    server.stop()


@pytest.fixture
def office(firm_ctx, smtp, tmp_path):
    configure(firm_ctx, smtp.port)
    with firm_ctx.db.write() as s:
        lawyer = make_user(s, "avocat", first="Paul", last="Durand", rate="200")
        client, matter = make_client_matter(s, responsible_id=lawyer)
    create_workflow(firm_ctx.db, firm_ctx.clock, rule(lawyer), enabled=True)
    service = AutomationService(
        firm_ctx.db, firm_ctx.clock, data_dir=tmp_path,
        mailer_factory=lambda: SmtpSender.from_settings(firm_ctx.db, firm_ctx.secrets))
    return firm_ctx, service, lawyer, client, matter


def add_time(ctx, lawyer: int, matter: int, minutes: int) -> None:
    """Days of work (at most 8 h an entry) at 200 € an hour."""
    while minutes > 0:
        chunk = min(minutes, 480)
        record_time(ctx.db, ctx.clock, TimeInput(matter_id=matter, user_id=lawyer,
                                                 work_date=ctx.clock.today(), minutes=chunk,
                                                 description="Audience et conclusions"))
        minutes -= chunk


def close_monitoring(ctx, client: int) -> bool:
    with ctx.db.read() as s:
        return s.get(Contact, client).close_monitoring


def received(smtp) -> list[tuple[list[str], str, str]]:
    return [(rcpts, msg["Subject"], msg.get_body(("plain",)).get_content().strip())
            for _from, rcpts, msg in smtp.handler.messages]


def test_one_mail_per_crossing_rearmed_after_invoicing(office, smtp):
    ctx, service, lawyer, client, matter = office
    smtp.start()
    add_time(ctx, lawyer, matter, 3000)  # 10 000,00 €: not above
    assert service.run_once().ok
    assert received(smtp) == [] and not close_monitoring(ctx, client)

    add_time(ctx, lawyer, matter, 75)  # 10 250,00 €
    report = service.run_once()
    assert (report.sweep.fired_count, report.flush.sent) == (1, 1)
    assert received(smtp) == [(["avocat@cabinet.example.fr"],
                               "Encours élevé : Boulangerie Dupont SARL",
                               "L'encours de Boulangerie Dupont SARL atteint "
                               f"{format_eur(Decimal('10250.00'))}.")]
    assert format_eur(Decimal("10250.00")).replace("\u202f", " ").replace("\xa0", " ") == \
        "10 250,00 €"
    assert close_monitoring(ctx, client)

    for _ in range(2):  # still above: nothing more
        ctx.clock.advance(timedelta(minutes=5))
        assert service.run_once().sweep.fired == ()
    assert len(received(smtp)) == 1

    create_draft(ctx.db, ctx.clock, matter)  # the time is invoiced: encours 0 → re-armed
    assert service.run_once().sweep.rearmed == 1
    add_time(ctx, lawyer, matter, 3600)  # 12 000,00 €
    assert service.run_once().sweep.fired_count == 1
    assert len(received(smtp)) == 2
    assert received(smtp)[1][2].endswith(f"{format_eur(Decimal('12000.00'))}.")
    service.run_once()
    assert len(received(smtp)) == 2


def test_server_down_the_mail_waits_then_goes_out_once(office, smtp):
    ctx, service, lawyer, _client, matter = office  # the server is not started: down
    add_time(ctx, lawyer, matter, 3075)
    report = service.run_once()
    assert report.sweep.fired_count == 1
    assert report.mail_error is not None and "injoignable" in report.mail_error
    [mail] = list_recent(ctx.db)
    assert mail.status == "pending"

    smtp.start()
    ctx.clock.advance(timedelta(minutes=1))  # the first retry is due after one minute
    assert service.run_once().flush.sent == 1
    ctx.clock.advance(timedelta(hours=1))
    assert service.run_once().flush is None
    assert len(received(smtp)) == 1
    assert [m.status for m in list_recent(ctx.db)] == ["sent"]


def plain(text: str) -> str:
    """French amounts use narrow no-break spaces; mail headers may come back with plain ones."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_the_shipped_template_mails_the_clients_lawyer_once_per_crossing(firm_ctx, smtp, tmp_path):
    """Built-in template (2) exactly as shipped, enabled as a firm would: the client has no
    follow-up owner, so the alert goes to the partner responsible for its active matter."""
    ctx = firm_ctx
    configure(ctx, smtp.port)
    with ctx.db.write() as s:
        lawyer = make_user(s, "avocat", first="Paul", last="Durand", rate="200")
        client, matter = make_client_matter(s, responsible_id=lawyer)
    install_builtins(ctx.db, ctx.clock)
    with ctx.db.read() as s:
        workflow_id = find_by_builtin_key_in(s, "encours_client_eleve")
    set_enabled(ctx.db, ctx.clock, workflow_id, True)
    service = AutomationService(
        ctx.db, ctx.clock, data_dir=tmp_path,
        mailer_factory=lambda: SmtpSender.from_settings(ctx.db, ctx.secrets))
    smtp.start()

    add_time(ctx, lawyer, matter, 3075)  # 10 250,00 €
    assert service.run_once().flush.sent == 1
    [(rcpts, subject, body)] = received(smtp)
    assert rcpts == ["avocat@cabinet.example.fr"]
    assert plain(subject) == "Encours élevé : Boulangerie Dupont SARL (10 250,00 €)"
    assert "L'encours non facturé de Boulangerie Dupont SARL atteint 10 250,00 € (seuil : " \
           "10 000,00 €), pour 1 dossier(s) actif(s)." in plain(body)
    assert close_monitoring(ctx, client)

    for _ in range(2):
        ctx.clock.advance(timedelta(minutes=5))
        service.run_once()
    assert len(received(smtp)) == 1

    create_draft(ctx.db, ctx.clock, matter)  # invoiced: back under, re-armed
    service.run_once()
    add_time(ctx, lawyer, matter, 3600)  # 12 000,00 €
    service.run_once()
    assert len(received(smtp)) == 2
    assert plain(received(smtp)[1][1]).endswith("(12 000,00 €)")
