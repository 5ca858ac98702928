"""Which screen a notification opens: the record's own, or the one of its matter or contact."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.unit.contact_factory import make_person
from tests.unit.matter_factory import make_client_matter, make_user
from themisia_desktop.core.models import Contact, Deadline, Payment, Provision, Task
from themisia_desktop.core.notify.record_links import RecordLink, record_link


def test_contacts_and_matters_open_their_own_screen(firm_ctx):
    db = firm_ctx.db
    with db.write() as s:
        client_id, matter_id = make_client_matter(s)
    assert record_link(db, "contact", client_id) == RecordLink("contact", client_id)
    assert record_link(db, "matter", matter_id) == RecordLink("matter", matter_id)


def test_records_of_a_matter_open_the_matter(firm_ctx):
    db = firm_ctx.db
    with db.write() as s:
        _client_id, matter_id = make_client_matter(s)
        lawyer = make_user(s, "pdurand")
        task = Task(title="Relancer le greffe", matter_id=matter_id, assignee_id=lawyer)
        deadline = Deadline(matter_id=matter_id, title="Conclusions", due_on=date(2026, 4, 1))
        provision = Provision(matter_id=matter_id, requested_on=date(2026, 3, 1),
                              amount_requested=Decimal("1500.00"))
        s.add_all([task, deadline, provision])
        s.flush()
        ids = {"task": task.id, "deadline": deadline.id, "provision": provision.id}
    for entity_type, entity_id in ids.items():
        assert record_link(db, entity_type, entity_id) == RecordLink("matter", matter_id), \
            entity_type


def test_a_task_without_matter_opens_its_contact_and_a_payment_its_client(firm_ctx):
    db = firm_ctx.db
    with db.write() as s:
        client_id, _matter_id = make_client_matter(s)
        task = Task(title="Rappeler le client", contact_id=client_id)
        payment = Payment(client_id=client_id, received_on=date(2026, 3, 2),
                          amount=Decimal("200.00"), method="virement")
        s.add_all([task, payment])
        s.flush()
        task_id, payment_id = task.id, payment.id
    assert record_link(db, "task", task_id) == RecordLink("contact", client_id)
    assert record_link(db, "payment", payment_id) == RecordLink("contact", client_id)


def test_a_merged_contact_leads_to_the_one_it_was_merged_into(firm_ctx):
    db = firm_ctx.db
    with db.write() as s:
        kept = make_person(s, "Paul", "Martin")
        gone = make_person(s, "Paul", "Martin", display="P. Martin")
        s.get(Contact, gone).merged_into_id = kept
    assert record_link(db, "contact", gone) == RecordLink("contact", kept)


def test_nothing_to_open_for_missing_or_unknown_records(firm_ctx):
    db = firm_ctx.db
    with db.write() as s:
        task = Task(title="Tâche sans dossier ni contact")
        s.add(task)
        s.flush()
        task_id = task.id
    assert record_link(db, "matter", 9999) is None
    assert record_link(db, "contact", 9999) is None
    assert record_link(db, "invoice", 9999) is None
    assert record_link(db, "task", task_id) is None
    assert record_link(db, "workflow_run", 1) is None
    assert record_link(db, None, None) is None
