from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.unit.matter_factory import make_user
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Notification, User
from themisia_desktop.core.notify.notifications import (
    count_unread,
    get_preference,
    mark_all_read,
    mark_read,
    notify,
    notify_in,
    recent_for,
    set_preference,
    unread_for,
)
from themisia_desktop.core.notify.outbox import list_recent

KIND = "deadline_alert"


@pytest.fixture
def users(ctx):
    with ctx.db.write() as s:
        alice = make_user(s, "alice", first="Alice", last="Martin")
        bruno = make_user(s, "bruno", first="Bruno", last="Petit")
        old = make_user(s, "ancien", first="Jean", last="Ancien")
        s.get(User, old).is_active = False
        nomail = make_user(s, "nomail", first="Zoé", last="Sansmail")
        s.get(User, nomail).email = None
    return {"alice": alice, "bruno": bruno, "old": old, "nomail": nomail}


def test_default_is_a_popup_only(ctx, users):
    result = notify(ctx.db, ctx.clock, [users["alice"]], KIND, "Échéance dans 3 jours",
                    "Dossier 2026-0001 : conclusions à déposer.", entity_type="matter",
                    entity_id=12)
    assert len(result.notification_ids) == 1 and result.mail_ids == ()
    [n] = unread_for(ctx.db, users["alice"])
    assert (n.title, n.body, n.entity_type, n.entity_id, n.created_at) == (
        "Échéance dans 3 jours", "Dossier 2026-0001 : conclusions à déposer.", "matter", 12,
        ctx.clock.now())
    assert list_recent(ctx.db) == []


def test_email_preference_queues_a_mail_instead(ctx, users):
    set_preference(ctx.db, users["alice"], KIND, "email")
    assert get_preference(ctx.db, users["alice"], KIND) == "email"
    assert get_preference(ctx.db, users["alice"], "other_kind") == "popup"
    result = notify(ctx.db, ctx.clock, [users["alice"]], KIND, "Échéance", "Texte")
    assert result.notification_ids == ()
    [mail] = list_recent(ctx.db)
    assert (mail.to, mail.subject, mail.status) == ("alice@cabinet.example.fr", "Échéance",
                                                    "pending")
    assert count_unread(ctx.db, users["alice"]) == 0


def test_both_gives_a_popup_and_a_mail(ctx, users):
    set_preference(ctx.db, users["bruno"], KIND, "both")
    result = notify(ctx.db, ctx.clock, [users["bruno"]], KIND, "Seuil dépassé")
    assert len(result.notification_ids) == 1 and len(result.mail_ids) == 1
    assert list_recent(ctx.db)[0].to == "bruno@cabinet.example.fr"


def test_a_user_without_email_gets_a_popup_and_the_problem_is_reported(ctx, users):
    set_preference(ctx.db, users["nomail"], KIND, "email")
    result = notify(ctx.db, ctx.clock, [users["nomail"]], KIND, "Échéance")
    assert len(result.notification_ids) == 1 and result.mail_ids == ()
    assert result.problems == ("Zoé Sansmail n'a pas d'adresse e-mail : la notification est "
                               "affichée dans l'application.",)


def test_inactive_users_and_duplicates_are_skipped(ctx, users):
    result = notify(ctx.db, ctx.clock, [users["alice"], users["old"], users["alice"], 9999],
                    KIND, "Info")
    assert len(result.notification_ids) == 1
    assert result.problems == ("Utilisateur introuvable : n° 9999.",)
    assert count_unread(ctx.db, users["old"]) == 0


def test_notify_in_joins_the_callers_transaction(ctx, users):
    with pytest.raises(RuntimeError):
        with ctx.db.write() as s:
            notify_in(s, [users["alice"]], KIND, "Titre", at=ctx.clock.now())
            raise RuntimeError("the business action failed")
    assert count_unread(ctx.db, users["alice"]) == 0


def test_bad_input_is_refused(ctx, users):
    with pytest.raises(ValidationError) as info:
        notify(ctx.db, ctx.clock, [users["alice"]], KIND, "   ")
    assert info.value.field == "title"
    with pytest.raises(ValidationError) as info:
        set_preference(ctx.db, users["alice"], KIND, "sms")
    assert info.value.field == "channel"


def test_polling_returns_only_what_is_new_and_marking_read(ctx, users):
    alice = users["alice"]
    notify(ctx.db, ctx.clock, [alice, users["bruno"]], KIND, "Premier")
    ctx.clock.advance(timedelta(minutes=1))
    notify(ctx.db, ctx.clock, [alice], KIND, "Second")
    first, second = unread_for(ctx.db, alice)
    assert [n.title for n in unread_for(ctx.db, alice, after_id=first.id)] == ["Second"]
    assert unread_for(ctx.db, alice, after_id=second.id) == []
    assert count_unread(ctx.db, alice) == 2
    # Bruno cannot mark Alice's notification read.
    assert mark_read(ctx.db, ctx.clock, users["bruno"], [first.id]) == 0
    assert mark_read(ctx.db, ctx.clock, alice, [first.id]) == 1
    assert [n.title for n in unread_for(ctx.db, alice)] == ["Second"]
    assert mark_all_read(ctx.db, ctx.clock, alice) == 1
    assert count_unread(ctx.db, alice) == 0
    assert count_unread(ctx.db, users["bruno"]) == 1
    centre = recent_for(ctx.db, alice)
    assert [(n.title, n.read_at) for n in centre] == [("Second", ctx.clock.now()),
                                                     ("Premier", ctx.clock.now())]


def test_the_polling_query_uses_the_unread_index(ctx, users):
    if not ctx.db.is_sqlite:
        pytest.skip("query plan checked on SQLite")
    query = (select(Notification.id).where(Notification.user_id == 1,
                                          Notification.read_at.is_(None), Notification.id > 5)
             .order_by(Notification.id))
    compiled = query.compile(ctx.db.engine, compile_kwargs={"literal_binds": True})
    with ctx.db.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
    assert "ix_notification_user_unread" in plan
