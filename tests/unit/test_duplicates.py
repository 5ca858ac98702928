"""Likely duplicates, while typing and in the full scan."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.contact_factory import make_company, make_person
from themisia_desktop.core.contacts.duplicate_scan import scan_duplicates
from themisia_desktop.core.contacts.duplicates import (
    DuplicateProbe,
    dismiss_pair,
    find_candidates,
    name_key,
)
from themisia_desktop.core.errors import ValidationError


def test_name_key_sets_aside_accents_case_titles_and_legal_forms():
    assert name_key("Mme Hélène LEFÈVRE") == name_key("lefevre helene") == "helene lefevre"
    assert name_key("SARL Dupont Bâtiment") == name_key("Dupont Batiment SAS") == "batiment dupont"
    assert name_key("Maître Jean-Luc d'Artois") == "artois jean luc"
    assert name_key("SAS") == "sas"  # nothing else left: the name is kept


def test_person_typed_with_title_and_without_accents_is_found_with_reasons(ctx):
    with ctx.db.write() as s:
        helene = make_person(s, "Hélène", "LEFÈVRE", emails=("helene.lefevre@example.fr",))
        make_person(s, "Paul", "Garnier")
    found = find_candidates(ctx.db, DuplicateProbe(kind="person", display_name="Mme Helene Lefevre"))
    assert [m.contact_id for m in found] == [helene]
    assert found[0].display_name == "Hélène LEFÈVRE"
    assert found[0].reasons == ["Même nom"]
    assert 80 <= found[0].score <= 100


def test_company_with_legal_form_moved_is_found(ctx):
    with ctx.db.write() as s:
        dupont = make_company(s, "SARL Dupont Bâtiment", form="SARL")
        make_company(s, "Boulangerie Martin", form="SAS")
    found = find_candidates(ctx.db, DuplicateProbe(kind="company", legal_name="Dupont Batiment SAS"))
    assert [m.contact_id for m in found] == [dupont]
    assert "Même nom" in found[0].reasons


def test_similar_name_shows_its_similarity(ctx):
    with ctx.db.write() as s:
        cid = make_person(s, "Hélène", "Lefèvre")
    found = find_candidates(ctx.db, DuplicateProbe(kind="person", first_name="Hélène",
                                                   last_name="Lefebvre"))
    assert [m.contact_id for m in found] == [cid]
    assert found[0].reasons[0].startswith("Nom très proche (")
    assert found[0].reasons[0].endswith(" %)")


def test_same_siren_is_found_whatever_the_name(ctx):
    with ctx.db.write() as s:
        cid = make_company(s, "Delmiora", siren="732829320", siret="73282932000074")
    found = find_candidates(ctx.db, DuplicateProbe(kind="company", legal_name="Tout autre nom",
                                                   siren="732 829 320"))
    assert [m.contact_id for m in found] == [cid]
    assert found[0].reasons == ["Même SIREN"]
    assert found[0].score >= 95


def test_same_phone_written_differently_is_found(ctx):
    with ctx.db.write() as s:
        cid = make_person(s, "Claire", "Dubois", phones=("+33612345678",))
    found = find_candidates(ctx.db, DuplicateProbe(kind="person", display_name="C. Durand",
                                                   phones=("06 12 34 56 78",)))
    assert [m.contact_id for m in found] == [cid]
    assert found[0].reasons == ["Même téléphone"]


def test_same_email_is_found_case_aside(ctx):
    with ctx.db.write() as s:
        cid = make_person(s, "Claire", "Dubois", emails=("claire.dubois@example.fr",))
    found = find_candidates(ctx.db, DuplicateProbe(kind="person", display_name="Claire D.",
                                                   emails=("Claire.Dubois@Example.fr",)))
    assert [m.contact_id for m in found] == [cid]
    assert "Même e-mail" in found[0].reasons


def test_unrelated_names_are_not_flagged(ctx):
    with ctx.db.write() as s:
        make_person(s, "Jean", "Martin")
        make_person(s, "Sophie", "Marchand")
        make_company(s, "Garage Martin", form="SARL")
    assert find_candidates(ctx.db, DuplicateProbe(kind="person", first_name="Jeanne",
                                                  last_name="Marceau")) == []
    assert find_candidates(ctx.db, DuplicateProbe(kind="company", legal_name="Boulangerie Martin")) == []


def test_homonyms_born_on_different_days_are_not_duplicates(ctx):
    with ctx.db.write() as s:
        make_person(s, "Jean", "Martin", birth_date=date(1960, 1, 1))
        make_person(s, "Jean", "Martin", birth_date=date(1985, 6, 2))
    assert scan_duplicates(ctx.db) == []


def test_editing_a_contact_does_not_find_itself(ctx):
    with ctx.db.write() as s:
        cid = make_person(s, "Hélène", "Lefèvre")
    probe = DuplicateProbe(kind="person", first_name="Hélène", last_name="Lefèvre")
    assert find_candidates(ctx.db, probe, exclude_id=cid) == []


def test_scan_groups_duplicates_with_scores_and_reasons(ctx):
    with ctx.db.write() as s:
        a = make_person(s, "Hélène", "LEFÈVRE", emails=("hl@example.fr",))
        b = make_person(s, "Helene", "Lefevre", display="Mme Helene Lefevre")
        c = make_company(s, "SARL Dupont Bâtiment", siren="732829320")
        d = make_company(s, "Dupont Batiment SAS", siren="732829320")
        make_company(s, "Boulangerie Martin", siren="552100554")
        make_person(s, "Paul", "Garnier", phones=("+33612345678",))
    steps = []
    groups = scan_duplicates(ctx.db, progress=lambda f, step: steps.append((f, step)))
    assert sorted(g.contact_ids for g in groups) == sorted([[a, b], [c, d]])
    company = next(g for g in groups if g.contact_ids == [c, d])
    assert company.pairs[0].reasons == ["Même SIREN", "Même nom"]
    assert company.score == 100
    assert steps[0][0] == 0.0 and steps[-1][0] == 1.0


def test_dismissed_pair_is_not_listed_again(ctx, clock):
    with ctx.db.write() as s:
        a = make_person(s, "Hélène", "Lefèvre")
        b = make_person(s, "Helene", "LEFEVRE")
    assert len(scan_duplicates(ctx.db)) == 1
    dismiss_pair(ctx.db, clock, b, a, None)
    assert dismiss_pair(ctx.db, clock, a, b, None)  # twice: the same decision, no error
    assert scan_duplicates(ctx.db) == []
    probe = DuplicateProbe(kind="person", first_name="Hélène", last_name="Lefèvre")
    assert find_candidates(ctx.db, probe, exclude_id=a) == []
    assert [m.contact_id for m in find_candidates(ctx.db, probe)] == [a, b] or \
        sorted(m.contact_id for m in find_candidates(ctx.db, probe)) == [a, b]


def test_a_contact_cannot_be_dismissed_against_itself(ctx, clock):
    with ctx.db.write() as s:
        a = make_person(s, "Hélène", "Lefèvre")
    with pytest.raises(ValidationError, match="elle-même"):
        dismiss_pair(ctx.db, clock, a, a, None)


def test_dismissing_a_group_dismisses_every_pair_among_its_members(ctx, clock):
    from themisia_desktop.core.contacts.duplicate_dismissals import dismiss_group

    with ctx.db.write() as s:
        a = make_person(s, "Hélène", "Lefèvre", emails=("hl@example.fr",))
        b = make_person(s, "Helene", "Lefevre", emails=("hl@example.fr",))
        c = make_person(s, "Hélène", "LEFEVRE")
        other = (make_person(s, "Marie", "Durand"), make_person(s, "Marie", "Durant"))
    groups = scan_duplicates(ctx.db)
    assert sorted(g.contact_ids for g in groups) == sorted([[a, b, c], list(other)])
    assert dismiss_group(ctx.db, clock, [c, a], user_id=None) == 1
    remaining = next(g for g in scan_duplicates(ctx.db) if a in g.contact_ids)
    assert {(p.a, p.b) for p in remaining.pairs} == {(a, b), (b, c)}
    assert dismiss_group(ctx.db, clock, [a, b, c], user_id=None) == 2  # a~c already dismissed
    assert [g.contact_ids for g in scan_duplicates(ctx.db)] == [list(other)]


def test_dismissing_a_group_needs_two_existing_records(ctx, clock):
    from themisia_desktop.core.contacts.duplicate_dismissals import dismiss_group

    with ctx.db.write() as s:
        a = make_person(s, "Hélène", "Lefèvre")
        b = make_person(s, "Helene", "Lefevre")
    with pytest.raises(ValidationError, match="au moins deux"):
        dismiss_group(ctx.db, clock, [a, a])
    with pytest.raises(ValidationError, match="n'existe plus"):
        dismiss_group(ctx.db, clock, [a, b + 100])
    assert len(scan_duplicates(ctx.db)) == 1  # nothing was recorded


def test_group_members_describe_each_record(ctx):
    from datetime import date as day

    from themisia_desktop.core.contacts.duplicate_scan import group_members

    with ctx.db.write() as s:
        a = make_person(s, "Hélène", "Lefèvre", emails=("hl@example.fr",),
                        phones=("+33612345678",), city="Lyon", status="client_active")
        c = make_company(s, "Dupont Bâtiment", siren="732829320")
    members = group_members(ctx.db, [a, c, c + 50])
    assert set(members) == {a, c}
    m = members[a]
    assert (m.display_name, m.kind, m.status, m.email, m.phone, m.city, m.siren) == (
        "Hélène Lefèvre", "person", "client_active", "hl@example.fr", "+33612345678", "Lyon",
        None)
    assert isinstance(m.created_on, day) and not m.merged
    assert members[c].siren == "732829320" and members[c].kind == "company"
