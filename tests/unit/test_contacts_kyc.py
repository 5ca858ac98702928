"""KYC: the checklist of each typology, validation, expiry and the matter-opening gate."""

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from themisia_desktop.core.contacts.kyc import (
    checklist_for,
    expire_due_reviews,
    kyc_gate,
    kyc_state,
    record_review,
)
from themisia_desktop.core.contacts.schema import CompanyInput, ContactInput, JurisdictionInput, PersonInput
from themisia_desktop.core.contacts.service import create_contact, get_contact
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.firm.settings import set_setting
from themisia_desktop.core.models import Event, KycRecord

COMPANY_DOCS = {"kbis": True, "statuts": True, "beneficial_owners": True, "representative_identity": True}


def make(ctx, details) -> int:
    return create_contact(ctx.db, ctx.clock, ContactInput(details)).id


def test_each_typology_has_its_checklist():
    assert [k for k, _ in checklist_for("person")] == ["identity_document", "proof_of_address"]
    assert [k for k, _ in checklist_for("company")] == ["kbis", "statuts", "beneficial_owners",
                                                       "representative_identity"]
    assert checklist_for("jurisdiction") == ()


def test_a_company_is_validated_only_with_every_document_of_its_checklist(firm_ctx):
    ctx = firm_ctx
    cid = make(ctx, CompanyInput(legal_name="Dupont SAS"))
    with pytest.raises(ValidationError) as err:
        record_review(ctx.db, ctx.clock, cid, "validated", checklist={"kbis": True, "statuts": True})
    assert err.value.field == "checklist"
    assert "Bénéficiaires effectifs identifiés" in err.value.message
    assert get_contact(ctx.db, cid).kyc_status == "to_check"

    in_progress = record_review(ctx.db, ctx.clock, cid, "in_progress", checklist={"kbis": True})
    assert [(i.key, i.done) for i in in_progress.checklist][:2] == [("kbis", True), ("statuts", False)]
    state = record_review(ctx.db, ctx.clock, cid, "validated", checklist=COMPANY_DOCS,
                          expires_on=date(2027, 3, 1), actor_id=ctx.current_user.id)
    assert (state.status, state.expires_on, state.reviews) == ("validated", date(2027, 3, 1), 2)
    card = get_contact(ctx.db, cid)
    assert (card.kyc_status, card.kyc_expires_on) == ("validated", date(2027, 3, 1))
    with ctx.db.read() as s:
        event = s.scalars(select(Event).where(Event.entity_id == cid).order_by(Event.id.desc())).first()
        assert s.scalar(select(KycRecord).order_by(KycRecord.id.desc())).reviewed_by_id == ctx.current_user.id
    assert event.payload["changes"]["kyc_status"] == ["in_progress", "validated"]


def test_a_person_with_an_expired_identity_document_cannot_be_validated(firm_ctx):
    ctx = firm_ctx
    cid = make(ctx, PersonInput(last_name="Martin", id_document_type="passport",
                                id_document_number="12AB34567", id_document_expires_on="01/01/2026"))
    with pytest.raises(ValidationError) as err:
        record_review(ctx.db, ctx.clock, cid, "validated",
                      checklist={"identity_document": True, "proof_of_address": True})
    assert "pièce d'identité enregistrée est expirée" in err.value.message


def test_a_validation_is_seen_expired_after_its_date_and_the_sweep_writes_it_down(firm_ctx):
    ctx = firm_ctx
    cid = make(ctx, PersonInput(last_name="Martin"))
    record_review(ctx.db, ctx.clock, cid, "validated",
                  checklist={"identity_document": True, "proof_of_address": True})
    expiry = date(2027, 3, 2)  # one year by default
    assert kyc_state(ctx.db, cid, expiry).status == "validated"
    assert kyc_state(ctx.db, cid, expiry + timedelta(days=1)).status == "expired"
    assert expire_due_reviews(ctx.db, ctx.clock) == 0
    ctx.clock.set(datetime(2027, 3, 3, 9, 0, tzinfo=timezone.utc))
    assert expire_due_reviews(ctx.db, ctx.clock) == 1
    assert get_contact(ctx.db, cid).kyc_status == "expired"
    with pytest.raises(ValidationError) as err:
        record_review(ctx.db, ctx.clock, cid, "expired")
    assert err.value.field == "kyc_status"


def test_opening_a_matter_without_validated_kyc_warns_or_blocks_as_the_firm_decides(firm_ctx):
    ctx = firm_ctx
    today = ctx.clock.today()
    cid = make(ctx, CompanyInput(legal_name="Dupont SAS"))
    gate = kyc_gate(ctx.db, cid, today)
    assert (gate.decision, gate.allowed) == ("warn", True)
    assert gate.message == "Attention : la vérification KYC de Dupont SAS n'a pas encore été faite."
    set_setting(ctx.db, "kyc_policy", "block")
    gate = kyc_gate(ctx.db, cid, today)
    assert (gate.decision, gate.allowed) == ("block", False) and "exige" in gate.message
    record_review(ctx.db, ctx.clock, cid, "validated", checklist=COMPANY_DOCS, expires_on=date(2026, 12, 31))
    assert kyc_gate(ctx.db, cid, today).decision == "ok"
    late = kyc_gate(ctx.db, cid, date(2027, 1, 1))
    assert late.decision == "block" and late.status == "expired" and "a expiré" in late.message


def test_courts_are_not_subject_to_kyc(firm_ctx):
    ctx = firm_ctx
    cid = make(ctx, JurisdictionInput(court_type="tribunal_judiciaire", city="Lyon"))
    with pytest.raises(ValidationError):
        record_review(ctx.db, ctx.clock, cid, "validated")
    assert kyc_gate(ctx.db, cid, ctx.clock.today()).decision == "ok"
