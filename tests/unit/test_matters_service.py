"""Opening a matter, its details, parties and statuses (core.matters)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from tests.unit.contact_factory import make_company, make_person
from tests.unit.matter_factory import make_user
from themisia_desktop.core.contacts.conflicts import (check_conflicts, record_conflict_check)
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.firm.settings import set_setting
from themisia_desktop.core.matters.parties import add_party, change_party_role, remove_party
from themisia_desktop.core.matters.queries import load_matter, party_probes
from themisia_desktop.core.matters.schema import KycWarning, MatterDetails, MatterInput
from themisia_desktop.core.matters.service import (change_matter_status, open_matter,
                                                   update_matter)
from themisia_desktop.core.models import Contact, Event, Interaction, Matter, Sequence, User


@pytest.fixture
def base(firm_ctx):
    with firm_ctx.db.write() as s:
        client = make_company(s, "Boulangerie Dupont SARL", status="prospect")
        adverse = make_person(s, "Marc", "Girard")
    return firm_ctx, client, adverse


def _open(ctx, client_id, title="Litige commercial", **kw):
    data = MatterInput(client_id=client_id, title=title, responsible_id=ctx.current_user.id,
                       domain=kw.pop("domain", "Droit commercial"),
                       parties=kw.pop("parties", ()), assignee_ids=kw.pop("assignee_ids", ()))
    kw.setdefault("kyc_acknowledged", True)
    return open_matter(ctx.db, ctx.clock, data, user_id=ctx.current_user.id, **kw)


def _matter(ctx, matter_id) -> Matter:
    with ctx.db.read() as s:
        return s.get(Matter, matter_id)


def _events(ctx, matter_id):
    with ctx.db.read() as s:
        return list(s.scalars(select(Event).where(Event.entity_type == "matter",
                                                  Event.entity_id == matter_id)
                              .order_by(Event.id)))


def test_references_are_gap_free_per_year(base):
    ctx, client, _ = base
    first = _open(ctx, client)
    with pytest.raises(ValidationError):
        _open(ctx, client, title="   ")           # refused: no number consumed
    second = _open(ctx, client, title="Bail commercial")
    assert (_matter(ctx, first).reference, _matter(ctx, second).reference) == \
        ("2026-0001", "2026-0002")
    ctx.clock.set(datetime(2027, 1, 4, 9, 0, tzinfo=timezone.utc))
    third = _open(ctx, client, title="Recouvrement")
    assert _matter(ctx, third).reference == "2027-0001"
    assert _matter(ctx, third).opened_on == date(2027, 1, 4)
    with ctx.db.read() as s:
        assert s.get(Sequence, "matter:2026").next_value == 3
        assert s.get(Sequence, "matter:2027").next_value == 2


def test_reference_format_setting_and_taken_numbers_skipped(base):
    ctx, client, _ = base
    set_setting(ctx.db, "matter_reference_format", "D{year}/{seq:03d}")
    with ctx.db.write() as s:
        s.add(Matter(reference="D2026/001", title="Reprise", client_id=client,
                     responsible_id=ctx.current_user.id, opened_on=date(2026, 1, 2)))
    assert _matter(ctx, _open(ctx, client)).reference == "D2026/002"


def test_opening_writes_party_event_journal_and_makes_client_active(base):
    ctx, client, adverse = base
    mid = _open(ctx, client, parties=((adverse, "adverse"),))
    view = load_matter(ctx.db, mid, ctx.clock.today())
    assert [(p.name, p.role_label, p.is_client) for p in view.parties] == [
        ("Boulangerie Dupont SARL", "Client", True), ("Marc Girard", "Partie adverse", False)]
    assert view.status_label == "Ouvert"
    with ctx.db.read() as s:
        assert s.get(Contact, client).status == "client_active"
        lines = s.scalars(select(Interaction).where(Interaction.contact_id == client)
                          .order_by(Interaction.id)).all()
        assert [(line.kind, line.subject) for line in lines] == [
            ("status_change", "Statut : Prospect → Client actif"),
            ("matter", "Ouverture du dossier 2026-0001 — Litige commercial")]
        assert all(line.matter_id == mid for line in lines)
    [event] = _events(ctx, mid)
    assert event.kind == "created" and event.payload["reference"] == "2026-0001"


def test_second_matter_leaves_active_client_alone(base):
    ctx, client, _ = base
    _open(ctx, client)
    _open(ctx, client, title="Autre")
    with ctx.db.read() as s:
        changes = s.scalars(select(Interaction).where(Interaction.contact_id == client,
                                                      Interaction.kind == "status_change")).all()
    assert len(changes) == 1


@pytest.mark.parametrize("data, field, message", [
    (dict(title=""), "title", "L'intitulé du dossier est obligatoire."),
    (dict(client_id=999_999), "client", "Choisissez le client du dossier."),
    (dict(responsible_id=None), "responsible", "Choisissez l'associé responsable."),
])
def test_bad_input_is_refused_in_french(base, data, field, message):
    ctx, client, _ = base
    values = dict(client_id=client, title="Litige", responsible_id=ctx.current_user.id) | data
    with pytest.raises(ValidationError) as err:
        open_matter(ctx.db, ctx.clock, MatterInput(**values), kyc_acknowledged=True)
    assert (err.value.field, err.value.message) == (field, message)
    with ctx.db.read() as s:
        assert s.scalars(select(Matter)).all() == []


def test_inactive_responsible_and_merged_client_refused(base):
    ctx, client, adverse = base
    with ctx.db.write() as s:
        old = make_user(s, "ancien", first="Jean", last="Ancien")
        s.get(User, old).is_active = False
        s.get(Contact, adverse).merged_into_id = client
    with pytest.raises(ValidationError, match="n'est plus actif") as err:
        open_matter(ctx.db, ctx.clock, MatterInput(client, "Litige", old), kyc_acknowledged=True)
    assert err.value.field == "responsible"
    with pytest.raises(ValidationError, match="fusionné") as err:
        _open(ctx, adverse)
    assert err.value.field == "client"


def test_kyc_warn_needs_acknowledgement(base):
    ctx, client, _ = base
    with pytest.raises(KycWarning) as err:
        _open(ctx, client, kyc_acknowledged=False)
    assert "vérification KYC de Boulangerie Dupont SARL" in err.value.message
    with ctx.db.read() as s:
        assert s.scalars(select(Matter)).all() == []
        assert s.get(Contact, client).status == "prospect"
    assert _open(ctx, client, kyc_acknowledged=True)


def test_kyc_block_refuses_even_acknowledged(base):
    ctx, client, _ = base
    set_setting(ctx.db, "kyc_policy", "block")
    with pytest.raises(ValidationError) as err:
        _open(ctx, client, kyc_acknowledged=True)
    assert not isinstance(err.value, KycWarning)
    assert "exige qu'elle soit validée" in err.value.message
    with ctx.db.write() as s:
        contact = s.get(Contact, client)
        contact.kyc_status, contact.kyc_expires_on = "validated", date(2027, 1, 1)
    assert _open(ctx, client, kyc_acknowledged=False)


def _check(ctx, client, adverse, decision, note=None):
    probes = party_probes(ctx.db, [(client, "client"), (adverse, "adverse")])
    hits = check_conflicts(ctx.db, probes)
    return record_conflict_check(ctx.db, ctx.clock, None, probes, hits, decision, note,
                                 ctx.current_user.id), hits


def test_conflict_decision_refuses_opening_and_cleared_check_is_attached(base):
    ctx, client, adverse = base
    with ctx.db.write() as s:
        s.get(Contact, adverse).status = "client_active"  # our client elsewhere
    refused, hits = _check(ctx, client, adverse, "conflict")
    assert [h.display_name for h in hits] == ["Marc Girard"]
    with pytest.raises(ValidationError, match="conflit d'intérêts") as err:
        _open(ctx, client, parties=((adverse, "adverse"),), conflict_check_id=refused)
    assert err.value.field == "conflict_check"
    waived, _ = _check(ctx, client, adverse, "waived", "Accord écrit des deux clients")
    mid = _open(ctx, client, parties=((adverse, "adverse"),), conflict_check_id=waived)
    [summary] = load_matter(ctx.db, mid, ctx.clock.today()).conflict_checks
    assert (summary.id, summary.decision_label, summary.blocking) == (waived, "Conflit levé", 1)
    with pytest.raises(ValidationError, match="autre dossier"):
        _open(ctx, client, title="Encore", conflict_check_id=waived)


def test_update_details_records_changes(base):
    ctx, client, _ = base
    mid = _open(ctx, client)
    with ctx.db.write() as s:
        lawyer = make_user(s, "collab", first="Léa", last="Martin")
    changes = update_matter(ctx.db, ctx.clock, mid, MatterDetails(
        title="Litige commercial — appel", responsible_id=ctx.current_user.id,
        domain="Droit commercial", assignee_ids=(lawyer,)), user_id=ctx.current_user.id)
    assert changes == {"title": ["Litige commercial", "Litige commercial — appel"],
                       "assignee_ids": [[], [lawyer]]}
    assert _events(ctx, mid)[-1].payload == {"changes": changes}
    view = load_matter(ctx.db, mid, ctx.clock.today())
    assert view.assignees == ((lawyer, "Léa Martin"),)
    assert update_matter(ctx.db, ctx.clock, mid, MatterDetails(
        title="Litige commercial — appel", responsible_id=ctx.current_user.id,
        domain="Droit commercial", assignee_ids=(lawyer,))) == {}


def test_parties_add_change_remove_and_client_stays(base):
    ctx, client, adverse = base
    mid = _open(ctx, client)
    party = add_party(ctx.db, ctx.clock, mid, adverse, "adverse", user_id=ctx.current_user.id)
    with pytest.raises(ValidationError, match="figure déjà"):
        add_party(ctx.db, ctx.clock, mid, adverse, "adverse")
    with pytest.raises(ValidationError, match="client du dossier"):
        add_party(ctx.db, ctx.clock, mid, client, "adverse")
    change_party_role(ctx.db, ctx.clock, party, "expert")
    view = load_matter(ctx.db, mid, ctx.clock.today())
    assert [(p.name, p.role.value) for p in view.parties] == [
        ("Boulangerie Dupont SARL", "client"), ("Marc Girard", "expert")]
    client_party = view.parties[0].id
    with pytest.raises(ValidationError, match="ne peut pas être retiré"):
        remove_party(ctx.db, ctx.clock, client_party)
    remove_party(ctx.db, ctx.clock, party)
    assert len(load_matter(ctx.db, mid, ctx.clock.today()).parties) == 1
    kinds = [e.payload["changes"]["parties"] for e in _events(ctx, mid)[1:]]
    assert kinds == [[None, [adverse, "adverse"]], [[adverse, "adverse"], [adverse, "expert"]],
                     [[adverse, "expert"], None]]


def test_status_transitions(base):
    ctx, client, _ = base
    mid = _open(ctx, client)
    change_matter_status(ctx.db, ctx.clock, mid, "pending")
    change_matter_status(ctx.db, ctx.clock, mid, "open")
    with pytest.raises(ValidationError) as err:
        change_matter_status(ctx.db, ctx.clock, mid, "archived")
    assert err.value.message == ("Un dossier « Ouvert » ne peut pas passer à « Archivé » "
                                 "(possible : « En attente », « Clôturé »).")
    ctx.clock.advance(timedelta(days=30))
    change_matter_status(ctx.db, ctx.clock, mid, "closed", user_id=ctx.current_user.id)
    assert _matter(ctx, mid).closed_on == ctx.clock.today()
    change_matter_status(ctx.db, ctx.clock, mid, "open")     # reopened
    assert _matter(ctx, mid).closed_on is None
    change_matter_status(ctx.db, ctx.clock, mid, "closed")
    change_matter_status(ctx.db, ctx.clock, mid, "archived")
    m = _matter(ctx, mid)
    assert (m.status, m.archived_on) == ("archived", ctx.clock.today())
    with pytest.raises(ValidationError, match="possible : aucun"):
        change_matter_status(ctx.db, ctx.clock, mid, "open")
    with pytest.raises(ValidationError, match="archivé"):
        add_party(ctx.db, ctx.clock, mid, client, "client")
    events = [e.payload["changes"]["status"] for e in _events(ctx, mid)
              if e.kind == "status_changed"]
    assert events[0] == ["open", "pending"] and events[-1] == ["closed", "archived"]
    with ctx.db.read() as s:
        subjects = s.scalars(select(Interaction.subject).where(
            Interaction.matter_id == mid, Interaction.kind == "matter")
            .order_by(Interaction.id)).all()
    assert subjects[-1] == "Archivage du dossier 2026-0001 (Clôturé → Archivé)"
    assert "Réouverture du dossier 2026-0001 (Clôturé → Ouvert)" in subjects
