"""Conflict-of-interest check for the parties of a new matter."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.unit.contact_factory import make_company, make_person
from themisia_desktop.core.contacts.conflicts import (
    PartyProbe,
    check_conflicts,
    record_conflict_check,
)
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import ConflictCheck, ContactLink, Matter, MatterParty


def _matter(s, ref: str, client: int, user: int, *, status: str = "open", adverse=()) -> int:
    m = Matter(reference=ref, title=ref, client_id=client, responsible_id=user, status=status,
               opened_on=date(2025, 1, 1))
    s.add(m)
    s.flush()
    s.add(MatterParty(matter_id=m.id, contact_id=client, role="client"))
    for a in adverse:
        s.add(MatterParty(matter_id=m.id, contact_id=a, role="adverse"))
    s.flush()
    return m.id


def test_adverse_party_who_was_our_client_is_blocking(firm_ctx):
    with firm_ctx.db.write() as s:
        former = make_person(s, "Hélène", "Lefèvre", status="client_former")
        make_person(s, "Paul", "Garnier", status="client_active")
    hits = check_conflicts(firm_ctx.db, [PartyProbe("Mme Helene LEFEVRE", role="adverse")])
    assert [(h.contact_id, h.severity) for h in hits] == [(former, "bloquant")]
    assert "a été client du cabinet" in hits[0].reason


def test_adverse_party_client_in_a_matter_is_blocking_with_the_reference(firm_ctx):
    user = firm_ctx.current_user.id
    with firm_ctx.db.write() as s:
        client = make_company(s, "SARL Dupont Bâtiment", siren="732829320")
        _matter(s, "2025-0042", client, user)
    hits = check_conflicts(firm_ctx.db, [PartyProbe("Autre nom", kind="company",
                                                    siren="732829320", role="adverse")])
    assert [h.severity for h in hits] == ["bloquant"]
    assert "2025-0042" in hits[0].reason and "Même SIREN" in hits[0].reason


def test_future_client_adverse_in_an_open_matter_is_blocking(firm_ctx):
    user = firm_ctx.current_user.id
    with firm_ctx.db.write() as s:
        ours = make_person(s, "Paul", "Garnier", status="client_active")
        adverse = make_person(s, "Claire", "Dubois", emails=("claire@example.fr",))
        _matter(s, "2025-0007", ours, user, adverse=[adverse])
    hits = check_conflicts(firm_ctx.db, [PartyProbe("C. Dubois", email="claire@example.fr",
                                                    role="client")])
    assert [(h.contact_id, h.severity) for h in hits] == [(adverse, "bloquant")]
    assert "2025-0007" in hits[0].reason


def test_conflict_through_a_company_representative(firm_ctx):
    """The adverse company is new to us, but its manager is our client."""
    with firm_ctx.db.write() as s:
        manager = make_person(s, "Jean", "Moreau", status="client_active")
        company = make_company(s, "Moreau Transports SAS", siren="552100554")
        s.add(ContactLink(company_id=company, person_id=manager, kind="legal_representative"))
    hits = check_conflicts(firm_ctx.db, [PartyProbe("Transports Moreau", kind="company",
                                                    role="adverse")])
    assert [(h.contact_id, h.severity) for h in hits] == [(manager, "à examiner")]
    assert "représentant légal" in hits[0].reason


def test_parties_without_history_raise_nothing(firm_ctx):
    with firm_ctx.db.write() as s:
        make_person(s, "Hélène", "Lefèvre", status="contact")
        make_person(s, "Paul", "Garnier", status="client_active")
    assert check_conflicts(firm_ctx.db, [PartyProbe("Hélène Lefèvre", role="adverse"),
                                         PartyProbe("Paul Garnier", role="client"),
                                         PartyProbe("Inconnu Total", role="adverse")]) == []


def test_the_matter_s_own_parties_are_not_held_against_it(firm_ctx):
    user = firm_ctx.current_user.id
    with firm_ctx.db.write() as s:
        ours = make_person(s, "Paul", "Garnier", status="contact")
        adverse = make_person(s, "Claire", "Dubois")
        matter = _matter(s, "2026-0001", ours, user, adverse=[adverse])
    probe = [PartyProbe("Claire Dubois", role="client")]
    assert check_conflicts(firm_ctx.db, probe, matter_id=matter) == []
    assert len(check_conflicts(firm_ctx.db, probe)) == 1


def test_check_is_kept_on_the_matter(firm_ctx):
    user = firm_ctx.current_user.id
    with firm_ctx.db.write() as s:
        former = make_person(s, "Hélène", "Lefèvre", status="client_former")
        matter = _matter(s, "2026-0002", make_person(s, "Paul", "Garnier"), user)
    parties = [PartyProbe("Hélène Lefèvre", role="adverse")]
    hits = check_conflicts(firm_ctx.db, parties, matter_id=matter)
    with pytest.raises(ValidationError, match="expliquez"):
        record_conflict_check(firm_ctx.db, firm_ctx.clock, matter, parties, hits, "waived", "", user)
    check_id = record_conflict_check(firm_ctx.db, firm_ctx.clock, matter, parties, hits, "waived",
                                     "Accord écrit des deux parties", user)
    with firm_ctx.db.read() as s:
        check = s.get(ConflictCheck, check_id)
        assert check.matter_id == matter and check.performed_by_id == user
        assert check.performed_at == firm_ctx.clock.now()
        assert check.searched[0]["name"] == "Hélène Lefèvre"
        assert check.hits[0]["contact_id"] == former and check.hits[0]["severity"] == "bloquant"
        assert (check.decision, check.decision_note) == ("waived", "Accord écrit des deux parties")
        assert s.scalar(select(ConflictCheck.id).where(ConflictCheck.matter_id == matter)) == check_id
    with pytest.raises(ValidationError, match="Décision inconnue"):
        record_conflict_check(firm_ctx.db, firm_ctx.clock, matter, parties, [], "maybe", None, user)
