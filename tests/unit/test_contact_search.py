"""Contact search: accents and case ignored, phones and SIREN by digits, filters, SQL sort."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from themisia_desktop.core.contacts.search import (
    ALL_STATUSES,
    fetch_rows,
    format_phone,
    search_contact_ids,
)
from themisia_desktop.core.contacts.search_index import (
    query_terms,
    rebuild_search_index,
    reindex_contact,
    tokens_for_text,
)
from themisia_desktop.core.models import CompanyDetails, Contact, ContactToken, PersonDetails
from themisia_desktop.core.text import contact_search_text, contact_sort_name


def add_contact(db, name: str, *, kind: str = "person", status: str = "client_active",
                first: str | None = None, email: str | None = None, phone: str | None = None,
                city: str | None = None, siren: str | None = None, siret: str | None = None,
                merged_into: int | None = None) -> int:
    """A contact written directly (the contact service is tested on its own)."""
    display = f"{first} {name}" if first else name
    with db.write() as s:
        c = Contact(kind=kind, status=status, display_name=display, city=city,
                    sort_name=contact_sort_name(kind, display_name=display, last_name=name,
                                                first_name=first),
                    search_text=contact_search_text(display, emails=[email], phones=[phone],
                                                    siren=siren, siret=siret, city=city),
                    primary_email=email, primary_phone=phone, merged_into_id=merged_into)
        if kind == "person":
            c.person = PersonDetails(last_name=name, first_name=first)
        elif kind == "company":
            c.company = CompanyDetails(legal_name=name, siren=siren, siret=siret)
        s.add(c)
        s.flush()
        reindex_contact(s, c.id)
        return c.id


@pytest.fixture
def people(ctx):
    db = ctx.db
    ids = {
        "helene": add_contact(db, "Faure", first="Hélène", email="helene.faure@orange.fr",
                              phone="+33612345678", city="Lyon"),
        "lefevre": add_contact(db, "LEFÈVRE", first="Jean-Pierre", city="Évry",
                               email="jp@lefevre-avocats.fr", status="prospect"),
        "acme": add_contact(db, "Acmé Industries", kind="company", siren="732829320",
                            siret="73282932000074", city="Paris", status="contact",
                            phone="+33142602020"),
        "former": add_contact(db, "Martin", first="Paul", status="client_former", city="Nantes"),
        "lost": add_contact(db, "Martin", first="Zoé", status="prospect_lost", city="Brest"),
        "court": add_contact(db, "Tribunal judiciaire de Lyon", kind="jurisdiction",
                             status="contact", city="Lyon"),
    }
    ids["merged"] = add_contact(db, "Faure", first="Helene", status="client_active",
                                merged_into=ids["helene"])
    return ids


def find(db, text, **kw):
    return search_contact_ids(db, text, **kw)


def test_accents_and_case_are_ignored(ctx, people):
    db = ctx.db
    assert find(db, "helene") == [people["helene"]]
    assert find(db, "HÉLÈNE") == [people["helene"]]
    assert find(db, "lefevre") == [people["lefevre"]]
    assert find(db, "Lefèv") == [people["lefevre"]]
    assert find(db, "evry") == [people["lefevre"]]
    assert find(db, "acme") == [people["acme"]]


def test_words_are_prefixes_and_all_must_match(ctx, people):
    db = ctx.db
    assert set(find(db, "lyon")) == {people["helene"], people["court"]}
    assert find(db, "lyon fau") == [people["helene"]]
    assert find(db, "faure hel") == [people["helene"]]
    assert find(db, "pierre") == [people["lefevre"]]      # part of "jean-pierre"
    assert find(db, "orange") == [people["helene"]]       # e-mail domain
    assert find(db, "helene.faure@or") == [people["helene"]]
    assert find(db, "lyon paris") == []
    assert find(db, "aure") == []                         # not inside a word


@pytest.mark.parametrize("typed", ["0612345678", "06 12 34 56 78", "06.12.34", "+33612345678",
                                   "+33 6 12 34", "612345678", "0033612345678"])
def test_phones_are_found_with_or_without_spaces_leading_0_or_33(ctx, people, typed):
    assert find(ctx.db, typed) == [people["helene"]]


@pytest.mark.parametrize("typed", ["732829320", "732 829 320", "732 82", "73282932000074",
                                   "732 829 320 00074"])
def test_siren_and_siret_are_found_by_digits(ctx, people, typed):
    assert find(ctx.db, typed) == [people["acme"]]


def test_former_clients_and_lost_prospects_only_with_the_status_filter(ctx, people):
    db = ctx.db
    assert find(db, "martin") == []
    assert find(db, "martin", statuses=["client_former"]) == [people["former"]]
    assert set(find(db, "martin", statuses=ALL_STATUSES)) == {people["former"], people["lost"]}
    assert people["former"] not in find(db, "")
    assert set(find(db, None, statuses=["prospect_lost"])) == {people["lost"]}


def test_merged_away_contacts_never_show(ctx, people):
    for statuses in (None, ALL_STATUSES):
        assert people["merged"] not in find(ctx.db, "faure", statuses=statuses)
        assert people["merged"] not in find(ctx.db, "", statuses=statuses)


def test_kind_filter(ctx, people):
    assert find(ctx.db, "lyon", kinds=["jurisdiction"]) == [people["court"]]
    assert find(ctx.db, "", kinds=["company"]) == [people["acme"]]


def test_sorting_is_done_in_sql(ctx, people):
    db = ctx.db
    by_name = find(db, "")
    assert by_name == [people[k] for k in ("acme", "helene", "lefevre", "court")]
    assert find(db, "", descending=True) == by_name[::-1]
    by_city = find(db, "", order="city")
    # City as stored, then name. Known limit: an accented initial ("Évry") sorts after "Z".
    assert by_city == [people[k] for k in ("helene", "court", "acme", "lefevre")]
    by_status = find(db, "", order="status")
    assert by_status[0] in (people["acme"], people["court"])  # "Contact" first (lifecycle)
    assert by_status[-1] == people["helene"]                   # "Client actif" last
    assert find(db, "", order="kind")[0] == people["court"]    # "Juridiction" first
    for order in ("email", "phone"):
        assert sorted(find(db, "", order=order)) == sorted(by_name)
    assert find(db, "", limit=2) == by_name[:2]


@pytest.fixture
def crowd(ctx):
    """Names sharing prefixes, e-mails whose parts are words of their own, some inactive."""
    firsts = ["Anne", "Jean", "Jeanne", "Marie", "Marc"]
    lasts = ["Martin", "Martinez", "Dupont", "Dupuis", "Durand"]
    ids = []
    for i in range(40):
        first, last = firsts[i % 5], lasts[(i * 3 // 5) % 5]
        ids.append(add_contact(
            ctx.db, last, first=first, city=["Lyon", "Lille", "Marseille"][i % 3],
            email=f"{first.lower()}.{last.lower()}{i}@exemple.fr",
            phone=f"+3361234{i:04d}", status=("client_former" if i % 7 == 0 else "client_active")))
    return ids


@pytest.mark.parametrize("plan", ["as_is", "small_caps"])
@pytest.mark.parametrize("typed", ["ma", "mar", "martin", "du", "dup", "jean", "je", "l", "lyon",
                                   "06", "0612340", "jean du", "marie martin", "du l", "ma ma",
                                   "jean.dupont", "exemple", "zzz", "anne dur"])
def test_the_first_page_is_the_start_of_the_full_sorted_list(ctx, crowd, monkeypatch, plan,
                                                             typed):
    """Every plan of the first page (token pages merged, names walked, index entries sorted,
    ids intersected) gives exactly the beginning of the fully sorted list."""
    from themisia_desktop.core.contacts import search

    if plan == "small_caps":  # push small bases through the plans of big ones
        monkeypatch.setattr(search, "MERGE_TOKENS", 2)
        monkeypatch.setattr(search, "TOP_TOKENS", 6)
        monkeypatch.setattr(search, "IN_TOKENS", 3)
        monkeypatch.setattr(search, "WALK_ROWS", 10)
    db = ctx.db
    for statuses in (None, ALL_STATUSES, ["client_former"]):
        for descending in (False, True):
            full = find(db, typed, statuses=statuses, descending=descending)
            assert len(set(full)) == len(full)
            for limit in (1, 3, 7, 50):
                assert find(db, typed, statuses=statuses, descending=descending,
                            limit=limit) == full[:limit], (statuses, descending, limit)


def test_compound_words_are_stored_apart_and_still_found(ctx, people):
    from themisia_desktop.core.contacts.search_index import COMPOUND_MARK, stored_token

    assert stored_token("helene") == "helene"
    assert stored_token("jean-pierre") == COMPOUND_MARK + "jean-pierre"
    with ctx.db.read() as s:
        tokens = set(s.scalars(select(ContactToken.token)
                               .where(ContactToken.contact_id == people["helene"])))
        names = set(s.scalars(select(ContactToken.sort_name)
                              .where(ContactToken.contact_id == people["helene"])))
    assert {"helene", "faure", "orange", COMPOUND_MARK + "helene.faure@orange.fr"} <= tokens
    assert names == {"faure helene"}  # each row carries the contact's sort name
    assert find(ctx.db, "helene.faure@orange.fr", limit=5) == [people["helene"]]
    assert find(ctx.db, "+33 6 12", limit=5) == [people["helene"]]


def test_rows_for_the_list(ctx, people):
    rows = fetch_rows(ctx.db, [people["acme"], 999_999, people["helene"]])
    assert [r.id for r in rows] == [people["acme"], people["helene"]]
    acme, helene = rows
    assert (acme.display_name, acme.kind, acme.status, acme.city, acme.siren) == (
        "Acmé Industries", "Personne morale", "Contact", "Paris", "732829320")
    assert acme.primary_phone == "01 42 60 20 20"
    assert (helene.kind, helene.status, helene.primary_email) == (
        "Personne physique", "Client actif", "helene.faure@orange.fr")
    assert (acme.list_name, helene.list_name) == ("Acmé Industries", "FAURE Hélène")


def test_reindex_follows_a_change_and_rebuild_restores_everything(ctx, people):
    db = ctx.db
    with db.write() as s:
        c = s.get(Contact, people["helene"])
        c.city = "Grenoble"
        c.search_text = contact_search_text(c.display_name, city="Grenoble")
        reindex_contact(s, c.id)
    assert find(db, "grenob") == [people["helene"]]
    assert find(db, "orange") == []
    with db.write() as s:
        before = sorted(s.execute(select(ContactToken.token, ContactToken.contact_id)).all())
    assert rebuild_search_index(db) == len(before)
    with db.read() as s:
        assert sorted(s.execute(select(ContactToken.token, ContactToken.contact_id)).all()) == before


def test_query_terms_and_tokens():
    assert query_terms("  Hélène   LEFÈVRE ") == ["helene", "lefevre"]
    assert query_terms("06 12 34, martin") == ["061234", "martin"]
    assert query_terms("mar martin") == ["martin"]
    assert query_terms("+33 6 12") == ["+33612"]
    assert query_terms("« Dupont »") == ["dupont"]
    assert query_terms("") == [] and query_terms("+") == []
    assert tokens_for_text("jean-pierre 0612345678 +33612345678") == {
        "jean-pierre", "jean", "pierre", "0612345678", "612345678", "+33612345678"}
    assert format_phone("+33612345678") == "06 12 34 56 78"
    assert format_phone("+4915123456789").startswith("+49 ")
    assert format_phone(None) == ""
