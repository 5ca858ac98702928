"""« Modifier le contact » saved as one transaction: details, channels and address together."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from themisia_desktop.core.contacts import edit as edit_module
from themisia_desktop.core.contacts.edit import ContactEdit, edit_contact
from themisia_desktop.core.contacts.schema import (AddressInput, ChannelInput, ContactInput,
                                                   PersonInput)
from themisia_desktop.core.contacts.service import create_contact, get_contact
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Event


def _person(ctx) -> int:
    made = create_contact(ctx.db, ctx.clock, ContactInput(
        PersonInput(last_name="Lefèvre", first_name="Hélène"),
        addresses=(AddressInput(line1="12, rue Servient", postal_code="69003", city="Lyon",
                                label="Domicile", is_primary=True),),
        channels=(ChannelInput("email", "helene@exemple.fr", is_primary=True),
                  ChannelInput("phone", "06 12 34 56 78", is_primary=True))))
    return made.id


def _events(ctx) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(func.count(Event.id)))


def _view(ctx, cid: int) -> tuple:
    c = get_contact(ctx.db, cid)
    return (c.display_name, c.notes, c.primary_email, c.primary_phone,
            [(a.line1, a.city, a.label, a.is_primary) for a in c.addresses])


CHANGED = ContactEdit(details=PersonInput(last_name="Lefèvre-Martin", first_name="Hélène"),
                      channels=(ChannelInput("email", "h.martin@exemple.fr", is_primary=True),
                                ChannelInput("phone", "04 78 00 00 01", is_primary=True)),
                      address=AddressInput(line1="3, place Bellecour", postal_code="69002",
                                           city="Lyon"),
                      notes="Nouvelle adresse")


def test_the_whole_form_is_saved_at_once_and_keeps_the_address_label(firm_ctx):
    ctx = firm_ctx
    cid = _person(ctx)
    saved = edit_contact(ctx.db, ctx.clock, cid, CHANGED, actor_id=ctx.current_user.id)
    assert saved.display_name == "Hélène Lefèvre-Martin"
    assert _view(ctx, cid) == ("Hélène Lefèvre-Martin", "Nouvelle adresse", "h.martin@exemple.fr",
                               "+33478000001", [("3, place Bellecour", "Lyon", "Domicile", True)])


def test_an_unchanged_address_is_not_rewritten(firm_ctx):
    ctx = firm_ctx
    cid = _person(ctx)
    before = get_contact(ctx.db, cid).addresses[0].id
    edit_contact(ctx.db, ctx.clock, cid, ContactEdit(
        details=PersonInput(last_name="Lefèvre", first_name="Hélène"),
        channels=(ChannelInput("email", "helene@exemple.fr", is_primary=True),),
        address=AddressInput(line1="12, rue Servient", postal_code="69003", city="Lyon")))
    assert [a.id for a in get_contact(ctx.db, cid).addresses] == [before]


def test_a_bad_address_refuses_everything(firm_ctx):
    ctx = firm_ctx
    cid = _person(ctx)
    before, events = _view(ctx, cid), _events(ctx)
    bad = ContactEdit(details=CHANGED.details, channels=CHANGED.channels,
                      address=AddressInput(line1="", postal_code="69002", city="Lyon"))
    with pytest.raises(ValidationError) as err:
        edit_contact(ctx.db, ctx.clock, cid, bad)
    assert err.value.field is not None and err.value.message
    assert _view(ctx, cid) == before and _events(ctx) == events


def test_a_failure_in_the_last_part_leaves_the_contact_unchanged(firm_ctx, monkeypatch):
    ctx = firm_ctx
    cid = _person(ctx)
    before, events = _view(ctx, cid), _events(ctx)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(edit_module, "add_address_in", broken)
    with pytest.raises(RuntimeError):
        edit_contact(ctx.db, ctx.clock, cid, CHANGED)
    assert _view(ctx, cid) == before, "details and channels were rolled back with the address"
    assert _events(ctx) == events
