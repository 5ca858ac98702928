"""Creating and editing contacts of each typology, as the contact form does."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from themisia_desktop.core.contacts.schema import (
    AddressInput,
    ChannelInput,
    CompanyInput,
    ContactInput,
    JurisdictionInput,
    PersonInput,
)
from themisia_desktop.core.contacts.service import (
    add_address,
    create_contact,
    get_contact,
    remove_address,
    set_channels,
    update_contact,
)
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Contact, Event
from themisia_desktop.core.models.search import ContactToken

PERSON = PersonInput(last_name="Lefèvre", first_name="Hélène", civility="Mme",
                     birth_date="14/07/1975", birth_place="Lyon", nationality="française",
                     id_document_type="cni", id_document_number="x4rt 12 ab", id_document_expires_on="2031-01-31")
COMPANY = CompanyInput(legal_name="Boulangerie Dupont", legal_form="SARL", siren="552 008 443",
                       siret="552 008 443 00012", rcs_city="Lyon", rcs_number="552 008 443",
                       vat_number="FR19552008443", share_capital="10 000,00")


def counts(ctx) -> tuple[int, int]:
    with ctx.db.read() as s:
        return (s.scalar(select(func.count(Contact.id))), s.scalar(select(func.count(Event.id))))


def events(ctx, contact_id: int) -> list[Event]:
    with ctx.db.read() as s:
        return list(s.scalars(select(Event).where(Event.entity_type == "contact",
                                                  Event.entity_id == contact_id).order_by(Event.id)))


def refused(ctx, data: ContactInput, field: str) -> str:
    before = counts(ctx)
    with pytest.raises(ValidationError) as err:
        create_contact(ctx.db, ctx.clock, data)
    assert err.value.field == field
    assert counts(ctx) == before, "nothing is saved"
    return err.value.message


def test_a_person_is_created_with_identity_and_found_by_folded_name_email_and_phone(firm_ctx):
    ctx = firm_ctx
    made = create_contact(ctx.db, ctx.clock, ContactInput(
        PERSON, addresses=(AddressInput(line1="12, rue Servient", postal_code="69003", city="Lyon"),),
        channels=(ChannelInput("email", "helene.lefevre@example.fr"), ChannelInput("phone", "06 12 34 56 78"))),
        actor_id=ctx.current_user.id)
    card = get_contact(ctx.db, made.id)
    assert card.display_name == "Hélène Lefèvre" and card.status == "contact" and card.kyc_status == "to_check"
    assert card.person.birth_date == date(1975, 7, 14) and card.person.id_document_number == "X4RT12AB"
    assert card.primary_phone == "+33612345678" and card.primary_email == "helene.lefevre@example.fr"
    assert card.city == "Lyon" and card.addresses[0].is_primary
    with ctx.db.read() as s:
        row = s.get(Contact, made.id)
        assert row.sort_name == "lefevre helene"
        assert "helene lefevre" in row.search_text and "0612345678" in row.search_text
        tokens = set(s.scalars(select(ContactToken.token).where(ContactToken.contact_id == made.id)))
        assert {"lefevre", "helene"} <= tokens  # indexed for the contact list's search
    [created] = events(ctx, made.id)
    assert (created.kind, created.payload, created.user_id) == (
        "created", {"kind": "person", "status": "contact"}, ctx.current_user.id)


def test_a_person_born_in_the_future_is_refused_on_the_birth_date_field(firm_ctx):
    message = refused(firm_ctx, ContactInput(PersonInput(last_name="Martin", birth_date="01/01/2027")),
                      "birth_date")
    assert message == "La date de naissance ne peut pas être postérieure au 02/03/2026."


def test_a_person_without_a_name_or_with_a_bad_email_or_phone_is_refused(firm_ctx):
    assert refused(firm_ctx, ContactInput(PersonInput(last_name="  ")), "last_name") == "Le nom est obligatoire."
    assert "n'est pas valide" in refused(firm_ctx, ContactInput(
        PersonInput(last_name="Martin"), channels=(ChannelInput("email", "martin@@example.fr"),)), "emails[0]")
    refused(firm_ctx, ContactInput(PersonInput(last_name="Martin"),
                                   channels=(ChannelInput("phone", "06 39 12 34 56"),)), "phones[0]")


def test_a_company_with_a_wrong_siren_is_refused_with_a_message_on_the_siren_field_and_nothing_is_saved(firm_ctx):
    message = refused(firm_ctx, ContactInput(CompanyInput(legal_name="Dupont", siren="552 008 444")), "siren")
    assert "SIREN « 552 008 444 » n'est pas valide" in message


def test_a_company_with_valid_identifiers_is_stored_normalised_and_searchable_by_siren(firm_ctx):
    ctx = firm_ctx
    made = create_contact(ctx.db, ctx.clock, ContactInput(COMPANY, status="prospect"))
    card = get_contact(ctx.db, made.id)
    assert card.status == "prospect" and card.display_name == "Boulangerie Dupont"
    assert (card.company.siren, card.company.siret, card.company.vat_number) == (
        "552008443", "55200844300012", "FR19552008443")
    assert card.company.rcs_number == "RCS Lyon 552 008 443"
    assert card.company.share_capital == Decimal("10000.00")
    with ctx.db.read() as s:
        assert "552008443" in s.get(Contact, made.id).search_text


def test_a_company_with_a_vat_number_of_another_siren_is_refused(firm_ctx):
    from dataclasses import replace

    refused(firm_ctx, ContactInput(replace(COMPANY, vat_number="FR40303265045")), "vat_number")
    refused(firm_ctx, ContactInput(replace(COMPANY, siret="73282932000074")), "siret")


def test_a_la_poste_establishment_is_accepted(firm_ctx):
    from tests.unit.test_contacts_identifiers import la_poste_siret

    siret = la_poste_siret()
    made = create_contact(firm_ctx.db, firm_ctx.clock, ContactInput(CompanyInput(
        legal_name="La Poste — bureau de Lyon Bellecour", legal_form="SA", siret=siret)))
    assert (made.company.siret, made.company.siren) == (siret, "356000000")


def test_a_jurisdiction_with_a_bad_registry_phone_is_refused_then_created_with_its_name(firm_ctx):
    ctx = firm_ctx
    refused(ctx, ContactInput(JurisdictionInput(court_type="cour_appel", city="Aix-en-Provence",
                                                registry_phone="123")), "registry_phone")
    refused(ctx, ContactInput(JurisdictionInput(court_type="juge_de_paix", city="Lyon")), "court_type")
    made = create_contact(ctx.db, ctx.clock, ContactInput(JurisdictionInput(
        court_type="cour_appel", city="Aix-en-Provence", chamber="Chambre sociale",
        registry_phone="04 42 33 80 00", registry_email="greffe.ca-aix@justice.fr")))
    assert made.display_name == "Cour d'appel d'Aix-en-Provence — Chambre sociale"
    assert made.jurisdiction.name == "Cour d'appel d'Aix-en-Provence"
    assert (made.primary_phone, made.primary_email, made.city) == (
        "+33442338000", "greffe.ca-aix@justice.fr", "Aix-en-Provence")


def test_a_new_contact_cannot_start_as_a_client(firm_ctx):
    message = refused(firm_ctx, ContactInput(PersonInput(last_name="Martin"), status="client_active"), "status")
    assert "premier dossier" in message


def test_editing_a_contact_records_the_changed_fields_in_the_event(firm_ctx):
    ctx = firm_ctx
    made = create_contact(ctx.db, ctx.clock, ContactInput(PERSON))
    from dataclasses import replace

    updated = update_contact(ctx.db, ctx.clock, made.id, replace(PERSON, last_name="Lefèvre-Martin",
                                                                  birth_place="Villeurbanne"),
                             notes="Préfère être appelée le matin.")
    assert updated.display_name == "Hélène Lefèvre-Martin"
    with ctx.db.read() as s:  # found by the new name in the contact list's search
        assert "martin" in set(s.scalars(select(ContactToken.token).where(ContactToken.contact_id == made.id)))
    last = events(ctx, made.id)[-1]
    assert last.kind == "updated"
    assert last.payload["changes"] == {
        "last_name": ["Lefèvre", "Lefèvre-Martin"], "birth_place": ["Lyon", "Villeurbanne"],
        "notes": [None, "Préfère être appelée le matin."]}
    with ctx.db.read() as s:
        assert s.get(Contact, made.id).sort_name == "lefevre-martin helene"
    # Saving the form unchanged writes no event.
    update_contact(ctx.db, ctx.clock, made.id, replace(PERSON, last_name="Lefèvre-Martin",
                                                       birth_place="Villeurbanne"))
    assert len(events(ctx, made.id)) == 2


def test_a_bad_edit_changes_nothing(firm_ctx):
    ctx = firm_ctx
    made = create_contact(ctx.db, ctx.clock, ContactInput(COMPANY))
    from dataclasses import replace

    with pytest.raises(ValidationError) as err:
        update_contact(ctx.db, ctx.clock, made.id, replace(COMPANY, legal_name="Nouveau nom", siren="123"))
    assert err.value.field == "siren"
    with pytest.raises(ValidationError) as err:
        update_contact(ctx.db, ctx.clock, made.id, PersonInput(last_name="Dupont"))
    assert err.value.field == "kind"
    assert get_contact(ctx.db, made.id).display_name == "Boulangerie Dupont"
    assert len(events(ctx, made.id)) == 1


def test_channels_and_addresses_are_replaced_and_keep_one_primary(firm_ctx):
    ctx = firm_ctx
    made = create_contact(ctx.db, ctx.clock, ContactInput(PersonInput(last_name="Martin", first_name="Paul")))
    card = set_channels(ctx.db, ctx.clock, made.id, [
        ChannelInput("phone", "04 78 00 00 00", label="Bureau"),
        ChannelInput("phone", "06 12 34 56 78", label="Mobile", is_primary=True),
        ChannelInput("email", "paul@example.fr"), ChannelInput("email", "PAUL@example.fr"),
    ])
    assert card.phones == ("+33612345678", "+33478000000") and card.primary_phone == "+33612345678"
    assert card.emails == ("paul@example.fr",)
    assert events(ctx, made.id)[-1].payload["changes"]["phones"] == [[], ["+33478000000", "+33612345678"]]
    first = add_address(ctx.db, ctx.clock, made.id, AddressInput(line1="1, place Bellecour", postal_code="69002",
                                                                 city="Lyon"))
    second = add_address(ctx.db, ctx.clock, made.id, AddressInput(line1="3, rue de la Paix", postal_code="75002",
                                                                  city="Paris", is_primary=True))
    assert get_contact(ctx.db, made.id).city == "Paris"
    remove_address(ctx.db, ctx.clock, made.id, second.id)
    card = get_contact(ctx.db, made.id)
    assert [(a.id, a.is_primary) for a in card.addresses] == [(first.id, True)] and card.city == "Lyon"
    with pytest.raises(ValidationError) as err:
        add_address(ctx.db, ctx.clock, made.id, AddressInput(line1="x", postal_code="750"))
    assert err.value.field == "postal_code"
