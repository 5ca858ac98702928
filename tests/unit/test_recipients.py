import pytest

from tests.unit.matter_factory import make_client_matter, make_user
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Group, Matter, User
from themisia_desktop.core.notify.recipients import (
    resolve_recipients,
    users_for_matter_role,
    validate_spec,
)


@pytest.fixture
def firm(ctx):
    with ctx.db.write() as s:
        resp = make_user(s, "resp", first="Hélène", last="Lefèvre", category="partner")
        paul = make_user(s, "paul", first="Paul", last="Durand")
        lea = make_user(s, "lea", first="Léa", last="Roux")
        old = make_user(s, "old", first="Jean", last="Parti")
        nomail = make_user(s, "nomail", first="Zoé", last="Sansmail")
        s.get(User, old).is_active = False
        s.get(User, nomail).email = "  "
        _client, matter_id = make_client_matter(s, responsible_id=resp)
        matter = s.get(Matter, matter_id)
        s.execute(Matter.metadata.tables["matter_assignee"].insert(),
                  [{"matter_id": matter_id, "user_id": u} for u in (paul, old, lea)])
        group = Group(name="Associés")
        group.members = [s.get(User, resp), s.get(User, old), s.get(User, nomail)]
        s.add(group)
        s.flush()
        ids = {"resp": resp, "paul": paul, "lea": lea, "old": old, "nomail": nomail,
               "matter": matter.id, "group": group.id}
    return ids


def test_matter_roles(ctx, firm):
    with ctx.db.read() as s:
        assert users_for_matter_role(s, firm["matter"], "responsible") == [firm["resp"]]
        assert sorted(users_for_matter_role(s, firm["matter"], "assignees")) == sorted(
            [firm["paul"], firm["old"], firm["lea"]])
        with pytest.raises(ValidationError, match="Rôle de destinataire inconnu"):
            users_for_matter_role(s, firm["matter"], "secretary")


def test_users_groups_and_roles_merge_without_duplicates_or_inactive_users(ctx, firm):
    spec = {"users": [firm["paul"]], "groups": ["Associés"],
            "roles": ["responsible", "assignees"]}
    validate_spec(spec)  # what a workflow editor checks when saving
    with ctx.db.read() as s:
        result = resolve_recipients(s, spec, record={"matter_id": firm["matter"]})
    names = [r.name for r in result.recipients]
    assert names == ["Paul Durand", "Hélène Lefèvre", "Zoé Sansmail", "Léa Roux"]
    assert result.emails == ("paul@cabinet.example.fr", "resp@cabinet.example.fr",
                             "lea@cabinet.example.fr")
    assert [r.name for r in result.without_email] == ["Zoé Sansmail"]
    assert result.problems == ("Zoé Sansmail n'a pas d'adresse e-mail.",)


def test_groups_by_id_and_unknown_ones_are_reported(ctx, firm):
    with ctx.db.read() as s:
        result = resolve_recipients(s, {"groups": [firm["group"], "Stagiaires"]})
    assert set(result.user_ids) == {firm["resp"], firm["nomail"]}
    assert "Groupe introuvable : Stagiaires." in result.problems


def test_a_role_without_a_matter_is_reported_not_crashed(ctx, firm):
    with ctx.db.read() as s:
        result = resolve_recipients(s, {"roles": ["responsible"]})
    assert result.recipients == ()
    assert result.problems == ("Rôle « Associé responsable du dossier » : aucun dossier "
                               "concerné.",)


@pytest.mark.parametrize(("spec", "message"), [
    ({}, "au moins un destinataire"),
    ({"users": "3"}, "mal décrits"),
    ({"users": [True]}, "Utilisateur invalide"),
    ({"roles": ["boss"]}, "Rôle de destinataire inconnu : boss"),
    ({"everyone": True}, "Type de destinataire inconnu : everyone"),
])
def test_malformed_specifications_are_refused(spec, message):
    with pytest.raises(ValidationError, match=message) as info:
        validate_spec(spec)
    assert info.value.field == "recipients"
