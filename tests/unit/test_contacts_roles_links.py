"""Billing, collection and correspondence contacts of a client; representatives and owners."""

import pytest
from sqlalchemy import select

from themisia_desktop.core.contacts.links import add_link, companies_of, list_links, remove_link
from themisia_desktop.core.contacts.roles import (
    add_role,
    list_roles,
    recipient_for,
    remove_role,
    set_default_role,
)
from themisia_desktop.core.contacts.schema import (
    ChannelInput,
    CompanyInput,
    ContactInput,
    JurisdictionInput,
    PersonInput,
)
from themisia_desktop.core.contacts.service import create_contact
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Event


def make(ctx, details, email: str | None = None) -> int:
    channels = (ChannelInput("email", email),) if email else ()
    return create_contact(ctx.db, ctx.clock, ContactInput(details, channels=channels)).id


def defaults(ctx, client_id: int) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for role in list_roles(ctx.db, client_id):
        found.setdefault(role.kind.value, []).append(role.contact_name + (" *" if role.is_default else ""))
    return found


def test_a_client_has_several_billing_contacts_and_exactly_one_default(firm_ctx):
    ctx = firm_ctx
    client = make(ctx, CompanyInput(legal_name="Dupont SAS"), "contact@dupont.example")
    compta = make(ctx, PersonInput(last_name="Roux", first_name="Anne"), "compta@dupont.example")
    daf = make(ctx, PersonInput(last_name="Blanc", first_name="Marc"), "daf@dupont.example")
    add_role(ctx.db, ctx.clock, client, compta, "billing")  # the first one is the default
    add_role(ctx.db, ctx.clock, client, daf, "billing")
    add_role(ctx.db, ctx.clock, client, daf, "collection")
    assert defaults(ctx, client) == {"billing": ["Anne Roux *", "Marc Blanc"], "collection": ["Marc Blanc *"]}
    recipient = recipient_for(ctx.db, client, "billing")
    assert (recipient.display_name, recipient.email, recipient.is_client_itself) == (
        "Anne Roux", "compta@dupont.example", False)

    set_default_role(ctx.db, ctx.clock, client, daf, "billing")
    assert defaults(ctx, client)["billing"] == ["Marc Blanc *", "Anne Roux"]
    assert recipient_for(ctx.db, client, "billing").email == "daf@dupont.example"
    add_role(ctx.db, ctx.clock, client, compta, "correspondence", is_default=True)
    with ctx.db.read() as s:
        last = s.scalars(select(Event).where(Event.entity_id == client).order_by(Event.id.desc())).first()
    assert last.payload["changes"] == {"default_correspondence_contact_id": [None, compta]}


def test_removing_the_default_promotes_the_next_and_with_none_the_client_receives_it(firm_ctx):
    ctx = firm_ctx
    client = make(ctx, CompanyInput(legal_name="Dupont SAS"), "contact@dupont.example")
    a = make(ctx, PersonInput(last_name="Roux"))
    b = make(ctx, PersonInput(last_name="Blanc"))
    add_role(ctx.db, ctx.clock, client, a, "billing")
    add_role(ctx.db, ctx.clock, client, b, "billing")
    remove_role(ctx.db, ctx.clock, client, a, "billing")
    assert defaults(ctx, client) == {"billing": ["Blanc *"]}
    remove_role(ctx.db, ctx.clock, client, b, "billing")
    recipient = recipient_for(ctx.db, client, "collection")
    assert (recipient.contact_id, recipient.email, recipient.is_client_itself) == (
        client, "contact@dupont.example", True)


def test_a_role_given_twice_or_to_a_court_is_refused(firm_ctx):
    ctx = firm_ctx
    client = make(ctx, CompanyInput(legal_name="Dupont SAS"))
    a = make(ctx, PersonInput(last_name="Roux", first_name="Anne"))
    court = make(ctx, JurisdictionInput(court_type="tribunal_commerce", city="Lyon"))
    add_role(ctx.db, ctx.clock, client, a, "billing")
    with pytest.raises(ValidationError) as err:
        add_role(ctx.db, ctx.clock, client, a, "billing")
    assert err.value.message == "Anne Roux est déjà contact « Facturation » de ce client."
    with pytest.raises(ValidationError) as err:
        add_role(ctx.db, ctx.clock, client, court, "correspondence")
    assert err.value.field == "contact"
    with pytest.raises(ValidationError):
        add_role(ctx.db, ctx.clock, client, a, "shipping")


def test_a_company_links_persons_as_representatives_and_beneficial_owners(firm_ctx):
    ctx = firm_ctx
    company = make(ctx, CompanyInput(legal_name="Dupont SAS"))
    boss = make(ctx, PersonInput(last_name="Dupont", first_name="Jean"))
    heir = make(ctx, PersonInput(last_name="Dupont", first_name="Claire"))
    add_link(ctx.db, ctx.clock, company, boss, "legal_representative", title="Président")
    add_link(ctx.db, ctx.clock, company, boss, "beneficial_owner", ownership_percent=60)
    link = add_link(ctx.db, ctx.clock, company, heir, "beneficial_owner", ownership_percent=40)
    assert [(x.kind.label, x.person_name, x.title, x.ownership_percent) for x in list_links(ctx.db, company)] == [
        ("Représentant légal", "Jean Dupont", "Président", None),
        ("Bénéficiaire effectif", "Claire Dupont", None, 40),
        ("Bénéficiaire effectif", "Jean Dupont", None, 60)]
    assert [x.company_name for x in companies_of(ctx.db, boss)] == ["Dupont SAS", "Dupont SAS"]
    remove_link(ctx.db, ctx.clock, link.id)
    assert len(list_links(ctx.db, company, "beneficial_owner")) == 1


def test_only_person_contacts_can_represent_or_own_a_company(firm_ctx):
    ctx = firm_ctx
    company = make(ctx, CompanyInput(legal_name="Dupont SAS"))
    holding = make(ctx, CompanyInput(legal_name="Dupont Holding"))
    person = make(ctx, PersonInput(last_name="Dupont"))
    with pytest.raises(ValidationError) as err:
        add_link(ctx.db, ctx.clock, company, holding, "beneficial_owner")
    assert err.value.field == "person" and "personne physique" in err.value.message
    with pytest.raises(ValidationError) as err:
        add_link(ctx.db, ctx.clock, person, person, "legal_representative")
    assert err.value.field == "company"
    with pytest.raises(ValidationError) as err:
        add_link(ctx.db, ctx.clock, company, person, "beneficial_owner", ownership_percent=140)
    assert err.value.field == "ownership_percent"
    assert list_links(ctx.db, company) == []
