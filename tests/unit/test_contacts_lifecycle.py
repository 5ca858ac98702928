"""Contact → Prospect → Client actif → Client parti, Prospect perdu, and back."""

from datetime import date

import pytest
from sqlalchemy import select

from themisia_desktop.core.contacts.lifecycle import (
    ACTIVE_STATUSES,
    allowed_transitions,
    change_status,
    on_first_matter_opened,
    status_history,
)
from themisia_desktop.core.contacts.schema import CompanyInput, ContactInput, JurisdictionInput, PersonInput
from themisia_desktop.core.contacts.service import create_contact, get_contact
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Event, Interaction, Matter


def new_person(ctx, status: str = "contact") -> int:
    return create_contact(ctx.db, ctx.clock, ContactInput(PersonInput(last_name="Garnier", first_name="Luc"),
                                                          status=status)).id


def journal(ctx, contact_id: int) -> list[Interaction]:
    with ctx.db.read() as s:
        return list(s.scalars(select(Interaction).where(Interaction.contact_id == contact_id)
                              .order_by(Interaction.id)))


def status_events(ctx, contact_id: int) -> list[Event]:
    with ctx.db.read() as s:
        return list(s.scalars(select(Event).where(Event.entity_id == contact_id,
                                                  Event.kind == "status_changed").order_by(Event.id)))


def open_matter(ctx, client_id: int, reference: str = "2026-0001") -> int:
    with ctx.db.write() as s:
        matter = Matter(reference=reference, title="Bail commercial", client_id=client_id,
                        responsible_id=ctx.current_user.id, opened_on=date(2026, 3, 2))
        s.add(matter)
        s.flush()
        on_first_matter_opened(s, client_id, at=ctx.clock.now(), actor_id=ctx.current_user.id,
                               matter_id=matter.id)
        return matter.id


def test_a_prospect_who_signs_becomes_a_client_with_a_journal_line_and_an_event(firm_ctx):
    ctx = firm_ctx
    cid = new_person(ctx)
    change_status(ctx.db, ctx.clock, cid, "prospect", actor_id=ctx.current_user.id)
    summary = change_status(ctx.db, ctx.clock, cid, "client_active", actor_id=ctx.current_user.id,
                            note="Lettre de mission signée")
    assert summary.status == "client_active" and summary.status_label == "Client actif"
    lines = journal(ctx, cid)
    assert [(line.kind, line.subject) for line in lines] == [
        ("status_change", "Statut : Contact → Prospect"),
        ("status_change", "Statut : Prospect → Client actif")]
    assert lines[-1].body == "Lettre de mission signée" and lines[-1].user_id == ctx.current_user.id
    assert lines[-1].occurred_at == ctx.clock.now()
    assert [e.payload["changes"]["status"] for e in status_events(ctx, cid)] == [
        ["contact", "prospect"], ["prospect", "client_active"]]
    assert [(f, t) for _, f, t in status_history(ctx.db, cid)] == [
        ("contact", "prospect"), ("prospect", "client_active")]


@pytest.mark.parametrize("path, refused, message", [
    ((), "client_former", "Un contact « Contact » ne peut pas passer directement à « Client parti »"),
    (("prospect",), "client_former", "(possible : « Contact », « Client actif », « Prospect perdu »)"),
    (("prospect", "prospect_lost"), "client_active", "« Prospect perdu » ne peut pas passer"),
    ((), "contact", "Le contact est déjà « Contact »."),
])
def test_a_forbidden_transition_is_refused_in_french_and_changes_nothing(firm_ctx, path, refused, message):
    ctx = firm_ctx
    cid = new_person(ctx)
    for step in path:
        change_status(ctx.db, ctx.clock, cid, step)
    with pytest.raises(ValidationError) as err:
        change_status(ctx.db, ctx.clock, cid, refused)
    assert err.value.field == "status" and message in err.value.message
    assert get_contact(ctx.db, cid).status == (path[-1] if path else "contact")
    assert len(journal(ctx, cid)) == len(path)


def test_a_lost_prospect_can_come_back_and_a_former_client_can_return(firm_ctx):
    ctx = firm_ctx
    cid = new_person(ctx, "prospect")
    change_status(ctx.db, ctx.clock, cid, "prospect_lost")
    assert "prospect_lost" not in ACTIVE_STATUSES  # gone from the active views…
    assert get_contact(ctx.db, cid).display_name == "Luc Garnier"  # …but kept whole
    change_status(ctx.db, ctx.clock, cid, "prospect")
    change_status(ctx.db, ctx.clock, cid, "client_active")
    change_status(ctx.db, ctx.clock, cid, "client_former")
    assert allowed_transitions("client_former") == ["client_active"]
    assert change_status(ctx.db, ctx.clock, cid, "client_active").status == "client_active"


def test_opening_a_first_matter_makes_the_contact_a_client_once(firm_ctx):
    ctx = firm_ctx
    cid = create_contact(ctx.db, ctx.clock, ContactInput(CompanyInput(legal_name="Dupont SAS"))).id
    matter_id = open_matter(ctx, cid)
    assert get_contact(ctx.db, cid).status == "client_active"
    [line] = journal(ctx, cid)
    assert line.matter_id == matter_id and line.details == {
        "from": "contact", "to": "client_active", "reason": "matter_opened"}
    open_matter(ctx, cid, "2026-0002")  # a second matter: already a client, no new line
    assert len(journal(ctx, cid)) == 1 and len(status_events(ctx, cid)) == 1


def test_a_client_with_an_open_matter_cannot_be_declared_former(firm_ctx):
    ctx = firm_ctx
    cid = new_person(ctx)
    open_matter(ctx, cid)
    with pytest.raises(ValidationError) as err:
        change_status(ctx.db, ctx.clock, cid, "client_former")
    assert "encore 1 dossier(s) ouvert(s)" in err.value.message
    with ctx.db.write() as s:
        s.scalar(select(Matter).where(Matter.client_id == cid)).status = "closed"
    assert change_status(ctx.db, ctx.clock, cid, "client_former").status == "client_former"


def test_a_court_never_becomes_a_prospect_or_a_client(firm_ctx):
    ctx = firm_ctx
    cid = create_contact(ctx.db, ctx.clock, ContactInput(JurisdictionInput(court_type="tribunal_judiciaire",
                                                                           city="Lyon"))).id
    with pytest.raises(ValidationError) as err:
        change_status(ctx.db, ctx.clock, cid, "prospect")
    assert "juridiction" in err.value.message
    with pytest.raises(ValidationError):
        change_status(ctx.db, ctx.clock, cid, "nimporte")
