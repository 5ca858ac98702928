"""The matter list (filters, SQL sort, pages), the matter's journal and the dialog lookups."""

from __future__ import annotations

from datetime import date

from tests.unit.contact_factory import make_company, make_person
from tests.unit.matter_factory import make_matter, make_user
from themisia_desktop.core.matters.queries import (find_contacts, form_choices, list_matters,
                                                   matter_journal, party_probes)
from themisia_desktop.core.matters.schema import MatterDetails, MatterInput
from themisia_desktop.core.matters.service import (change_matter_status, open_matter,
                                                   update_matter)
from themisia_desktop.core.models import Matter


def _seed(ctx):
    with ctx.db.write() as s:
        dupont = make_company(s, "Boulangerie Dupont SARL", status="client_active",
                              siren="732829320")
        helene = make_person(s, "Hélène", "Lefèvre", status="client_active")
        other = make_user(s, "lmartin", first="Léa", last="Martin")
        me = ctx.current_user.id
        make_matter(s, dupont, me, reference="2025-0007", title="Bail commercial",
                    opened_on=date(2025, 3, 1))
        make_matter(s, helene, other, reference="2026-0001", title="Échéance de prêt",
                    opened_on=date(2026, 1, 2))
        make_matter(s, dupont, other, reference="2026-0002", title="Litige fournisseur",
                    status="closed", opened_on=date(2026, 1, 3))
    return dupont, helene, other


def test_list_filters_sorts_and_counts(firm_ctx):
    dupont, helene, other = _seed(firm_ctx)
    page = list_matters(firm_ctx.db)
    assert [r.reference for r in page.rows] == ["2026-0001", "2025-0007"]  # active, newest first
    assert page.total == 2
    everything = list_matters(firm_ctx.db, statuses=None, order="client", descending=False)
    assert [r.client_name for r in everything.rows] == [
        "Boulangerie Dupont SARL", "Boulangerie Dupont SARL", "Hélène Lefèvre"]
    assert everything.rows[2].status_label == "Ouvert"
    assert [r.reference for r in list_matters(firm_ctx.db, statuses=["closed"]).rows] == ["2026-0002"]
    mine = list_matters(firm_ctx.db, statuses=None, responsible_id=other, order="opened_on")
    assert [(r.reference, r.responsible_name) for r in mine.rows] == [
        ("2026-0002", "Léa Martin"), ("2026-0001", "Léa Martin")]


def test_text_search_ignores_accents_and_case(firm_ctx):
    _seed(firm_ctx)
    refs = lambda text: [r.reference for r in list_matters(firm_ctx.db, text=text,  # noqa: E731
                                                               statuses=None).rows]
    assert refs("echeance") == ["2026-0001"]          # title « Échéance »
    assert refs("LEFEVRE") == ["2026-0001"]           # client name
    assert refs("dupont bail") == ["2025-0007"]       # every word must match
    assert refs("2026-000") == ["2026-0002", "2026-0001"]
    assert refs("50%") == []
    assert refs("732829320") == ["2026-0002", "2025-0007"]  # the client's SIREN
    assert refs("litige lefevre") == []               # a word of each, on different matters


def test_search_text_follows_the_title_and_finds_the_client_by_email_or_city(firm_ctx):
    me = firm_ctx.current_user.id
    with firm_ctx.db.write() as s:
        client = make_company(s, "Garage Martin", status="client_active",
                              emails=("contact@garage-martin.fr",), city="Besançon")
    mid = open_matter(firm_ctx.db, firm_ctx.clock, MatterInput(client, "Créance impayée", me),
                      user_id=me, kyc_acknowledged=True)
    refs = lambda text: [r.reference for r in list_matters(firm_ctx.db, text=text).rows]  # noqa: E731
    assert refs("CREANCE garage") == ["2026-0001"]
    assert refs("besancon 2026-0001") == ["2026-0001"]
    assert refs("garage-martin.fr") == ["2026-0001"]
    update_matter(firm_ctx.db, firm_ctx.clock, mid, MatterDetails("Expulsion du locataire", me),
                  user_id=me)
    assert refs("creance") == []
    assert refs("expulsion garage") == ["2026-0001"]
    with firm_ctx.db.read() as s:
        assert s.get(Matter, mid).search_text == "2026-0001 expulsion du locataire"


def test_pages(firm_ctx):
    with firm_ctx.db.write() as s:
        client = make_company(s, "Garage Martin", status="client_active")
        for n in range(1, 26):
            make_matter(s, client, firm_ctx.current_user.id, reference=f"2026-{n:04d}",
                        title=f"Dossier {n}")
    second = list_matters(firm_ctx.db, order="reference", descending=False, offset=10, limit=10)
    assert second.total == 25 and second.offset == 10
    assert [r.reference for r in second.rows] == [f"2026-{n:04d}" for n in range(11, 21)]


def test_journal_of_a_matter(firm_ctx):
    with firm_ctx.db.write() as s:
        client = make_company(s, "Garage Martin", status="client_active")
    mid = open_matter(firm_ctx.db, firm_ctx.clock,
                      MatterInput(client, "Cession de fonds", firm_ctx.current_user.id),
                      user_id=firm_ctx.current_user.id, kyc_acknowledged=True)
    firm_ctx.clock.advance(__import__("datetime").timedelta(hours=1))
    change_matter_status(firm_ctx.db, firm_ctx.clock, mid, "pending", user_id=firm_ctx.current_user.id)
    page = matter_journal(firm_ctx.db, mid)
    assert [(line.kind_label, line.subject, line.user_name) for line in page.lines] == [
        ("Dossier", "Mise en attente du dossier 2026-0001 (Ouvert → En attente)", "Hélène Lefèvre"),
        ("Dossier", "Ouverture du dossier 2026-0001 — Cession de fonds", "Hélène Lefèvre")]
    assert not page.has_more


def test_dialog_lookups(firm_ctx):
    dupont, helene, other = _seed(firm_ctx)
    choices = form_choices(firm_ctx.db)
    assert [(u.name, u.category_label) for u in choices.users] == [
        ("Hélène Lefèvre", "Associé"), ("Léa Martin", "Collaborateur")]
    assert find_contacts(firm_ctx.db, "dupo", kinds=("person", "company"))[0].id == dupont
    assert find_contacts(firm_ctx.db, "  ") == []
    [probe] = party_probes(firm_ctx.db, [(dupont, "client")])
    assert (probe.name, probe.kind, probe.siren, probe.role) == (
        "Boulangerie Dupont SARL", "company", "732829320", "client")
