"""Each action type, on real records: what lands in the tasks, the agenda, the documents, the
outbox, the client's journal."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.unit.test_automation_runner import (
    add_workflow,
    drain,
    make_firm,
    open_a_matter,
)
from themisia_desktop.core.automation.runner import run_scheduled_action_in
from themisia_desktop.core.automation.traces import list_runs
from themisia_desktop.core.calendar.appointments import get_appointment
from themisia_desktop.core.calendar.tasks import matter_tasks
from themisia_desktop.core.contacts.card import journal
from themisia_desktop.core.documents.store import list_documents
from themisia_desktop.core.finance.invoices import create_draft, validate_invoice
from themisia_desktop.core.models import Contact, Event, OutboxMail, ScheduledAction, TimeEntry

D = Decimal


@pytest.fixture
def firm(firm_ctx):
    return make_firm(firm_ctx)


def _invoice(ctx, matter: int) -> int:
    with ctx.db.write() as s:
        s.add(TimeEntry(matter_id=matter, user_id=ctx.lawyer, work_date=date(2026, 1, 2),
                        minutes=90, description="Consultation", billable=True,
                        hourly_rate=D("200"), amount=D("300.00"), rate_source="user_standard"))
    return create_draft(ctx.db, ctx.clock, matter, user_id=ctx.current_user.id)


ON_INVOICE_VALIDATED = {
    "name": "Suivi des factures",
    "trigger": {"kind": "validated", "record": "invoice"},
    "actions": [
        {"type": "create_task", "title": "Envoyer la facture {{ invoice.number }}",
         "assignee": {"role": "current_user"}, "due_in_days": 1},
        {"type": "schedule", "in_days": 30, "action": {
            "type": "create_task", "title": "Relancer {{ client.display_name }} : "
                                            "{{ invoice.reste_du | montant }} restent dus",
            "assignee": {"role": "responsible"}, "due_in_days": 0}},
    ],
}


def test_a_validated_invoice_gets_a_task_and_a_reminder_thirty_days_later(firm):
    wf = add_workflow(firm, ON_INVOICE_VALIDATED)
    matter = open_a_matter(firm)
    invoice = _invoice(firm, matter)
    number = validate_invoice(firm.db, firm.clock, invoice, user_id=firm.current_user.id)

    drain(firm)

    tasks = matter_tasks(firm.db, firm.clock, matter)
    assert [(t.title, t.assignee_id) for t in tasks] == [
        (f"Envoyer la facture {number}", firm.current_user.id)]
    with firm.db.read() as s:
        pending = s.scalars(select(ScheduledAction)).one()
    today = firm.clock.today()
    assert pending.done_at is None and pending.workflow_id == wf
    assert pending.due_at.date() in (today + timedelta(days=29), today + timedelta(days=30))

    firm.clock.advance(timedelta(days=30))
    with firm.db.write() as s:
        result = run_scheduled_action_in(s, firm.clock, pending.id)
    with firm.db.write() as s:  # a second call finds it done
        again = run_scheduled_action_in(s, firm.clock, pending.id)

    assert result.outcome == "succeeded" and again.run_id is None
    titles = sorted(t.title for t in matter_tasks(firm.db, firm.clock, matter))
    assert titles == [f"Envoyer la facture {number}",
                      "Relancer Boulangerie Dupont SARL : 360,00\u00a0€ restent dus"]
    reminder = next(t for t in matter_tasks(firm.db, firm.clock, matter)
                    if t.title.startswith("Relancer"))
    assert reminder.assignee_id == firm.lawyer and reminder.due_on == firm.clock.today()
    run = list_runs(firm.db, workflow_id=wf)[0]
    assert run.trigger["kind"] == "scheduled" and run.id == result.run_id


def test_set_field_turns_on_close_monitoring_with_a_journal_line(firm):
    wf = add_workflow(firm, {
        "name": "Suivi renforcé", "trigger": {"kind": "created", "record": "matter"},
        "actions": [{"type": "set_field", "field": "client.close_monitoring", "value": True}]})
    open_a_matter(firm)

    drain(firm)

    with firm.db.read() as s:
        assert s.get(Contact, firm.client).close_monitoring is True
        change = s.scalars(select(Event).where(Event.entity_type == "contact",
                                               Event.kind == "updated")).all()[-1]
    assert change.payload["changes"] == {"close_monitoring": [False, True]}
    assert change.chain == [wf]
    lines = [e.subject for e in journal(firm.db, firm.client).lines]
    assert "Suivi renforcé activé par le workflow « Suivi renforcé »" in lines


def test_notify_by_email_puts_one_mail_per_recipient_in_the_outbox(firm):
    add_workflow(firm, {
        "name": "Prévenir l'équipe", "trigger": {"kind": "created", "record": "matter"},
        "actions": [{"type": "notify", "channels": ["email"],
                     "recipients": [{"role": "responsible"}, {"role": "assignees"}],
                     "subject": "Dossier {{ matter.reference }} ouvert",
                     "body": "Responsable : {{ responsible.last_name }}"}]})
    open_a_matter(firm)

    drain(firm)

    with firm.db.read() as s:
        mails = s.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
    assert sorted(m.to_addrs for m in mails) == ["cmartin@cabinet.example.fr",
                                                 "pdurand@cabinet.example.fr"]
    assert {m.subject for m in mails} == {f"Dossier {firm.clock.today().year}-0001 ouvert"}
    assert all(m.body_text == "Responsable : Durand" for m in mails)


def test_an_appointment_is_put_in_the_attendees_agenda(firm):
    wf = add_workflow(firm, {
        "name": "Premier rendez-vous", "trigger": {"kind": "created", "record": "matter"},
        "actions": [{"type": "create_appointment", "title": "Point {{ matter.reference }}",
                     "in_days": 3, "time": "14:30", "duration_minutes": 45,
                     "attendees": [{"role": "responsible"}, {"user": firm.junior}]}]})
    matter = open_a_matter(firm)

    drain(firm)

    created = list_runs(firm.db, workflow_id=wf)[0].actions[0]["created"]
    appt = get_appointment(firm.db, created["appointment_id"])
    assert appt.matter_id == matter
    assert appt.start_local.date() == firm.clock.today() + timedelta(days=3)
    assert (appt.start_local.hour, appt.start_local.minute) == (14, 30)
    assert (appt.end_local - appt.start_local) == timedelta(minutes=45)
    assert set(appt.attendee_ids) == {firm.lawyer, firm.junior}


def test_a_document_is_generated_into_the_matter(firm):
    add_workflow(firm, {
        "name": "Lettre de mission", "trigger": {"kind": "created", "record": "matter"},
        "actions": [{"type": "create_document", "template": "lettre_mission",
                     "title": "Lettre de mission {{ matter.reference }}"}]})
    matter = open_a_matter(firm)

    drain(firm, data_dir=firm.dirs.data)

    docs = list_documents(firm.db, matter_id=matter)
    assert [d.title for d in docs] == [f"Lettre de mission {firm.clock.today().year}-0001"]


def test_a_document_without_a_known_store_fails_cleanly(firm):
    wf = add_workflow(firm, {
        "name": "Lettre de mission", "trigger": {"kind": "created", "record": "matter"},
        "actions": [{"type": "create_document", "template": "lettre_mission"}]})
    matter = open_a_matter(firm)

    drain(firm)

    assert list_documents(firm.db, matter_id=matter) == []
    run = list_runs(firm.db, workflow_id=wf)[0]
    assert run.outcome == "failed"
    assert "dossier des documents" in run.error


# Started by the first one only: no event of these tests fires this trigger.
ON_ARCHIVING = {"kind": "updated", "record": "matter", "field": "matter.status", "to": "archived"}


def _second_and_first(firm, *, second_enabled: bool) -> tuple[int, int]:
    second = add_workflow(firm, {
        "name": "Deuxième étape", "trigger": ON_ARCHIVING,
        "actions": [{"type": "create_task", "title": "Tâche du deuxième",
                     "assignee": {"user": firm.lawyer}, "due_in_days": 0}]},
        enabled=second_enabled)
    first = add_workflow(firm, {
        "name": "Premier", "trigger": {"kind": "created", "record": "matter"},
        "actions": [{"type": "create_task", "title": "Tâche du premier",
                     "assignee": {"user": firm.lawyer}, "due_in_days": 0},
                    {"type": "start_workflow", "workflow": second}]})
    return second, first


def test_start_workflow_runs_the_other_one_in_the_same_chain(firm):
    second, first = _second_and_first(firm, second_enabled=True)
    matter = open_a_matter(firm)

    drain(firm)

    assert sorted(t.title for t in matter_tasks(firm.db, firm.clock, matter)) == [
        "Tâche du deuxième", "Tâche du premier"]
    started = list_runs(firm.db, workflow_id=first)[0].actions[1]["started"]
    assert started["workflow_id"] == second and started["outcome"] == "succeeded"
    with firm.db.read() as s:
        chains = sorted(e.chain for e in s.scalars(select(Event)
                                                   .where(Event.entity_type == "task")))
    assert chains == [[first], [first, second]]


def test_a_switched_off_workflow_is_not_started_and_the_trace_says_so(firm):
    second, first = _second_and_first(firm, second_enabled=False)
    matter = open_a_matter(firm)

    summary = drain(firm)

    assert summary.outcomes == {"succeeded": 1}
    assert [t.title for t in matter_tasks(firm.db, firm.clock, matter)] == ["Tâche du premier"]
    assert list_runs(firm.db, workflow_id=second) == []
    run = list_runs(firm.db, workflow_id=first)[0]
    assert run.outcome == "succeeded"
    skipped = run.actions[1]
    assert skipped["action"] == "start_workflow" and skipped["outcome"] == "skipped"
    assert skipped["message"] == "Automatisation « Deuxième étape » désactivée : non lancée"
    assert skipped["skipped"]["workflow_id"] == second


def test_a_dry_run_does_not_start_a_switched_off_workflow_either(firm):
    from themisia_desktop.core.automation.runner import run_workflow_in

    second, first = _second_and_first(firm, second_enabled=False)
    matter = open_a_matter(firm)
    with firm.db.write() as s:
        result = run_workflow_in(s, firm.clock, first, entity_type="matter", entity_id=matter,
                                 trigger={"kind": "test"}, dry_run=True)
    assert result.actions[1]["outcome"] == "skipped"
    assert "would_start" not in result.actions[1]
    assert result.actions[1]["message"].startswith("Automatisation « Deuxième étape »")


def test_a_later_failure_removes_the_document_already_written(firm):
    wf = add_workflow(firm, {
        "name": "Lettre puis tâche", "trigger": {"kind": "created", "record": "matter"},
        "actions": [{"type": "create_document", "template": "lettre_mission"},
                    {"type": "create_task", "title": "Pour le groupe",
                     "assignee": {"group": "Inexistant"}, "due_in_days": 1}]})
    matter = open_a_matter(firm)

    drain(firm, data_dir=firm.dirs.data)

    assert list_runs(firm.db, workflow_id=wf)[0].outcome == "failed"
    assert list_documents(firm.db, matter_id=matter) == []
    assert [p for p in (firm.dirs.data / "documents").rglob("*") if p.is_file()] == []
