"""Merging two contacts moves everything to the one kept; undo puts every row back."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.unit.contact_factory import make_company, make_person
from themisia_desktop.core.contacts.merge import merge_contacts, preview_merge, undo_merge
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import (
    Appointment,
    Base,
    Contact,
    ContactLink,
    ContactRole,
    Document,
    DuplicateDismissal,
    Event,
    Interaction,
    Invoice,
    KycRecord,
    Matter,
    MatterParty,
    Payment,
    Task,
    TimeEntry,
)

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)


def _world(s, user_id: int) -> dict[str, int]:
    """Two records of one client, with activity on the duplicate."""
    keep = make_person(s, "Hélène", "LEFÈVRE", status="contact", phones=("+33612345678",))
    dup = make_person(s, "Helene", "Lefevre", status="client_active",
                      emails=("helene@example.fr",), phones=("+33612345678",),
                      birth_date=date(1970, 5, 4), city="Lyon")
    other = make_person(s, "Paul", "Garnier")
    company = make_company(s, "SARL Dupont Bâtiment")
    matter = Matter(reference="2026-0001", title="Lefèvre c/ Dupont", client_id=dup,
                    responsible_id=user_id, opened_on=date(2026, 1, 5), created_at=T0, updated_at=T0)
    s.add(matter)
    s.flush()
    s.add_all([
        MatterParty(matter_id=matter.id, contact_id=dup, role="client"),
        MatterParty(matter_id=matter.id, contact_id=company, role="adverse"),
        TimeEntry(matter_id=matter.id, user_id=user_id, work_date=date(2026, 1, 6), minutes=90,
                  description="Consultation", hourly_rate=Decimal("250.00"),
                  amount=Decimal("375.00"), rate_source="user_standard", created_at=T0),
        Interaction(contact_id=dup, kind="call", occurred_at=T0, subject="Premier appel"),
        # the same role on both records: one of them must go, and come back on undo
        ContactRole(client_id=keep, contact_id=other, kind="billing"),
        ContactRole(client_id=dup, contact_id=other, kind="billing"),
        ContactRole(client_id=dup, contact_id=other, kind="collection"),
        Document(contact_id=dup, title="Pièce d'identité", file_name="cni.pdf",
                 stored_path="contacts/cni.pdf", created_at=T0),
        KycRecord(contact_id=dup, status="validated", checklist={"identite": True},
                  reviewed_at=T0, expires_on=date(2027, 1, 5)),
        ContactLink(company_id=company, person_id=dup, kind="legal_representative", title="gérante"),
        Task(title="Rappeler", contact_id=dup, created_at=T0, updated_at=T0),
        Appointment(title="Rendez-vous", starts_at=T0, ends_at=T0 + timedelta(hours=1),
                    contact_id=dup, created_at=T0, updated_at=T0),
        DuplicateDismissal(contact_a_id=min(dup, other), contact_b_id=max(dup, other),
                           decided_at=T0),
    ])
    s.flush()
    invoice = Invoice(number="F-2026-0001", matter_id=matter.id, client_id=dup, status="sent",
                      total_excl_tax=Decimal("375.00"), total_vat=Decimal("75.00"),
                      total_incl_tax=Decimal("450.00"), created_at=T0, updated_at=T0)
    s.add(invoice)
    s.add(Payment(client_id=dup, received_on=date(2026, 2, 1), amount=Decimal("450.00"),
                  method="virement", created_at=T0))
    s.flush()
    return {"keep": keep, "dup": dup, "other": other, "company": company, "matter": matter.id}


@pytest.fixture
def world(firm_ctx):
    with firm_ctx.db.write() as s:
        return _world(s, firm_ctx.current_user.id)


def _tables(db) -> dict[str, list[dict]]:
    """Every row of every table, but the merge's own trail (record, events, journal lines)."""
    out = {}
    with db.read() as s:
        for table in Base.metadata.sorted_tables:
            if table.name in ("merge_record", "event"):
                continue
            query = select(table).order_by(*table.primary_key.columns)
            if table.name == "interaction":
                query = query.where(table.c.kind != "merge")
            out[table.name] = [dict(r) for r in s.execute(query).mappings()]
    return out


def test_preview_counts_what_will_move_and_the_fields_that_differ(firm_ctx, world):
    preview = preview_merge(firm_ctx.db, world["keep"], world["dup"])
    assert preview.moves["Dossiers"] == 1
    assert preview.moves["Parties"] == 1
    assert preview.moves["Factures"] == 1
    assert preview.moves["Règlements"] == 1
    assert preview.moves["Temps (par les dossiers)"] == 1
    assert preview.moves["Interactions"] == 1
    assert preview.moves["Rôles"] == 2
    assert preview.moves["Documents"] == 1
    assert preview.moves["KYC"] == 1
    assert preview.moves["Liens"] == 1
    assert preview.moves["Tâches"] == 1
    assert preview.moves["Rendez-vous"] == 1
    fields = {f.field: f for f in preview.fields}
    assert fields["display_name"].keep_value == "Hélène LEFÈVRE"
    assert fields["display_name"].default == "keep"
    assert fields["status"].default == "merged"        # a client beats a mere contact
    assert fields["person.birth_date"].default == "merged"  # blank on the kept record


def test_merge_moves_everything_to_the_kept_contact(firm_ctx, world):
    db, keep, dup = firm_ctx.db, world["keep"], world["dup"]
    record_id = merge_contacts(db, firm_ctx.clock, keep, dup,
                               field_choices={"display_name": "merged"},
                               user_id=firm_ctx.current_user.id)
    with db.read() as s:
        kept, merged = s.get(Contact, keep), s.get(Contact, dup)
        assert merged.merged_into_id == keep and merged.merged_at == firm_ctx.clock.now()
        assert kept.display_name == "Helene Lefevre" and kept.status == "client_active"
        assert kept.person.birth_date == date(1970, 5, 4)
        assert "helene@example.fr" in kept.search_text
        assert s.get(Matter, world["matter"]).client_id == keep
        for model, column in ((MatterParty, MatterParty.contact_id), (Invoice, Invoice.client_id),
                              (Payment, Payment.client_id), (Document, Document.contact_id),
                              (KycRecord, KycRecord.contact_id), (Task, Task.contact_id),
                              (Appointment, Appointment.contact_id),
                              (ContactLink, ContactLink.person_id)):
            assert s.scalar(select(model.id).where(column == dup)) is None, model
            assert s.scalar(select(model.id).where(column == keep)) is not None, model
        roles = s.execute(select(ContactRole.kind).where(ContactRole.client_id == keep)).scalars()
        assert sorted(roles) == ["billing", "collection"]
        # the same phone is not duplicated on the kept card
        assert sorted(c.value for c in kept.channels) == ["+33612345678", "helene@example.fr"]
        journal = s.scalars(select(Interaction.subject).where(
            Interaction.contact_id == keep, Interaction.kind == "merge")).all()
        assert journal == ["Fusion avec « Helene Lefevre »"]
        assert s.scalar(select(Event.kind).where(Event.entity_id == keep)) == "merged"
        assert s.scalar(select(Interaction.subject).where(Interaction.subject == "Premier appel",
                                                          Interaction.contact_id == keep))
    assert record_id


def test_undo_puts_every_row_back(firm_ctx, world):
    db, clock = firm_ctx.db, firm_ctx.clock
    before = _tables(db)
    record_id = merge_contacts(db, clock, world["keep"], world["dup"],
                               field_choices={"display_name": "merged", "city": "merged"})
    assert _tables(db) != before
    undo_merge(db, clock, record_id, firm_ctx.current_user.id)
    after = _tables(db)
    for name in before:
        assert after[name] == before[name], name
    with db.read() as s:
        subjects = s.scalars(select(Interaction.subject).where(Interaction.kind == "merge")).all()
        assert "Fusion avec « Helene Lefevre » annulée" in subjects
    with pytest.raises(ValidationError, match="déjà été annulée"):
        undo_merge(db, clock, record_id, None)


def test_search_finds_the_kept_contact_after_a_merge_and_both_after_undo(firm_ctx, world):
    from themisia_desktop.core.contacts.search import search_contact_ids

    db, clock = firm_ctx.db, firm_ctx.clock
    with db.read() as s:
        dup_words = s.scalar(select(Contact.search_text).where(Contact.id == world["dup"]))
    probe = dup_words.split()[-1]
    assert world["dup"] in search_contact_ids(db, probe)
    record_id = merge_contacts(db, clock, world["keep"], world["dup"])
    found = search_contact_ids(db, probe)
    assert world["dup"] not in found
    undo_merge(db, clock, record_id, None)
    assert world["dup"] in search_contact_ids(db, probe)


def test_merge_of_a_contact_into_itself_is_refused(firm_ctx, world):
    before = _tables(firm_ctx.db)
    with pytest.raises(ValidationError, match="elle-même"):
        merge_contacts(firm_ctx.db, firm_ctx.clock, world["keep"], world["keep"])
    with pytest.raises(ValidationError, match="elle-même"):
        preview_merge(firm_ctx.db, world["keep"], world["keep"])
    assert _tables(firm_ctx.db) == before


def test_a_person_is_not_merged_into_a_company(firm_ctx, world):
    with pytest.raises(ValidationError, match="type de la fiche"):
        merge_contacts(firm_ctx.db, firm_ctx.clock, world["company"], world["dup"])


def test_a_merged_contact_cannot_be_merged_again(firm_ctx, world):
    merge_contacts(firm_ctx.db, firm_ctx.clock, world["keep"], world["dup"])
    with pytest.raises(ValidationError, match="déjà été fusionnée"):
        merge_contacts(firm_ctx.db, firm_ctx.clock, world["other"], world["dup"])


def test_undo_is_refused_while_a_later_merge_involves_the_contacts(firm_ctx, world):
    db, clock = firm_ctx.db, firm_ctx.clock
    first = merge_contacts(db, clock, world["keep"], world["dup"])
    second = merge_contacts(db, clock, world["keep"], world["other"])
    with pytest.raises(ValidationError, match="plus récente"):
        undo_merge(db, clock, first)
    undo_merge(db, clock, second)
    undo_merge(db, clock, first)
    with db.read() as s:
        assert s.get(Contact, world["dup"]).merged_into_id is None
        assert s.get(Matter, world["matter"]).client_id == world["dup"]


def test_unknown_field_choice_is_refused(firm_ctx, world):
    with pytest.raises(ValidationError, match="Champ inconnu"):
        merge_contacts(firm_ctx.db, firm_ctx.clock, world["keep"], world["dup"],
                       field_choices={"shoe_size": "merged"})
    with pytest.raises(ValidationError, match="Choix inconnu"):
        merge_contacts(firm_ctx.db, firm_ctx.clock, world["keep"], world["dup"],
                       field_choices={"city": "both"})
