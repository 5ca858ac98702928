"""Records named in French for the automation screens, and found by a few letters."""

from __future__ import annotations

from datetime import date

from tests.unit.contact_factory import make_company, make_person
from tests.unit.matter_factory import make_matter, make_user
from themisia_desktop.core.automation.record_names import (
    record_name,
    record_names,
    search_records,
)
from themisia_desktop.core.models import Deadline, Invoice, Task


def _office(ctx):
    with ctx.db.write() as s:
        lawyer = make_user(s, "pdurand", first="Paul", last="Durand")
        client = make_company(s, "SARL Aubépine", status="client_active")
        prospect = make_person(s, "Marc", "Girard", status="prospect")
        matter = make_matter(s, client, lawyer, reference="2026-0012",
                             title="Dupont c/ Martin")
        other = make_matter(s, client, lawyer, reference="2026-0013", title="Bail commercial")
        task = Task(title="Relancer le client", matter_id=matter, status="open",
                    created_at=ctx.clock.now(), updated_at=ctx.clock.now())
        deadline = Deadline(title="Conclusions en réponse", matter_id=matter,
                            due_on=date(2026, 3, 20), created_at=ctx.clock.now(),
                            updated_at=ctx.clock.now())
        invoice = Invoice(matter_id=matter, client_id=client, status="draft",
                          created_at=ctx.clock.now(), updated_at=ctx.clock.now())
        s.add_all([task, deadline, invoice])
        s.flush()
        return {"lawyer": lawyer, "client": client, "prospect": prospect, "matter": matter,
                "other": other, "task": task.id, "deadline": deadline.id, "invoice": invoice.id}


def test_records_are_named_as_a_user_says_them(firm_ctx):
    ids = _office(firm_ctx)
    db = firm_ctx.db
    assert record_name(db, "matter", ids["matter"]) == "Dossier 2026-0012 — Dupont c/ Martin"
    assert record_name(db, "contact", ids["client"]) == "Client SARL Aubépine"
    assert record_name(db, "contact", ids["prospect"]) == "Contact Marc Girard"
    assert record_name(db, "task", ids["task"]) == \
        "Tâche « Relancer le client » — dossier 2026-0012"
    assert record_name(db, "deadline", ids["deadline"]) == \
        "Échéance « Conclusions en réponse » — dossier 2026-0012"
    assert record_name(db, "invoice", ids["invoice"]) == \
        f"Facture n° {ids['invoice']} (brouillon) — dossier 2026-0012"
    assert record_name(db, "user", ids["lawyer"]) == "Paul Durand"


def test_a_deleted_record_still_has_a_name(firm_ctx):
    assert record_name(firm_ctx.db, "matter", 999) == "Dossier n° 999 (supprimé)"
    assert record_name(firm_ctx.db, None, None) == "Enregistrement"


def test_many_records_are_named_at_once(firm_ctx):
    ids = _office(firm_ctx)
    names = record_names(firm_ctx.db, [("matter", ids["matter"]), ("matter", ids["other"]),
                                       ("contact", ids["client"]), ("matter", None)])
    assert names == {("matter", ids["matter"]): "Dossier 2026-0012 — Dupont c/ Martin",
                     ("matter", ids["other"]): "Dossier 2026-0013 — Bail commercial",
                     ("contact", ids["client"]): "Client SARL Aubépine"}


def test_records_are_found_by_a_few_letters(firm_ctx):
    ids = _office(firm_ctx)
    db = firm_ctx.db
    assert [c.label for c in search_records(db, "matter", "bail")] == [
        "Dossier 2026-0013 — Bail commercial"]
    assert [c.id for c in search_records(db, "matter", "")] == [ids["other"], ids["matter"]]
    assert [c.id for c in search_records(db, "matter", "0012 dupont")] == [ids["matter"]]
    assert [c.id for c in search_records(db, "task", "2026-0012")] == [ids["task"]]
    assert [c.id for c in search_records(db, "deadline", "conclusions")] == [ids["deadline"]]
    assert [c.id for c in search_records(db, "invoice", str(ids["invoice"]))] == [ids["invoice"]]
    assert search_records(db, "matter", "introuvable") == []
    assert search_records(db, "nothing", "x") == []
