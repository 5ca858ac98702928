"""The outbox state machine, with a scripted sender (the real SMTP path is in tests/e2e)."""

from datetime import timedelta
from io import StringIO

import pytest

from themisia_desktop.cli_notify import outbox_flush, outbox_list
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.firm.settings import set_setting
from themisia_desktop.core.notify.outbox import (
    MAX_ATTEMPTS,
    PermanentSendError,
    TemporarySendError,
    UncertainSendError,
    claim_next,
    enqueue,
    flush,
    get_mail,
    list_recent,
    requeue,
)


class ScriptedSender:
    """Answers each send with the next scripted outcome (None = accepted)."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.sent = []

    def send(self, mail):
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if isinstance(outcome, Exception):
            raise outcome
        self.sent.append(mail)
        return outcome


def _mail(ctx, to="paul@client.example.fr", subject="Relance"):
    return enqueue(ctx.db, ctx.clock, to, subject, "Bonjour,\nvotre dossier avance.")


def test_enqueue_gives_a_stable_message_id_from_the_sender_domain(ctx):
    set_setting(ctx.db, "smtp_sender", "Cabinet Lefèvre <accueil@cabinet-lefevre.fr>")
    first = _mail(ctx)
    second = _mail(ctx)
    assert first.message_id.endswith("@cabinet-lefevre.fr>")
    assert first.message_id != second.message_id
    assert (first.status, first.status_label, first.attempts) == ("pending", "En attente", 0)
    assert get_mail(ctx.db, first.id).message_id == first.message_id


@pytest.mark.parametrize(("to", "subject", "field"), [
    ("", "Objet", "to"),
    ("pas-une-adresse", "Objet", "to"),
    ("a@b.fr\r\nBcc: x@y.fr", "Objet", "to"),
    ("a@b.fr", "  ", "subject"),
])
def test_bad_mails_are_refused_and_nothing_is_queued(ctx, to, subject, field):
    with pytest.raises(ValidationError) as info:
        enqueue(ctx.db, ctx.clock, to, subject, "texte")
    assert info.value.field == field
    assert list_recent(ctx.db) == []


def test_a_line_break_in_the_subject_cannot_inject_a_header(ctx):
    mail = _mail(ctx, subject="Relance\r\nBcc: espion@example.com")
    assert mail.subject == "Relance Bcc: espion@example.com"


def test_a_sent_mail_is_sent_once(ctx):
    mail = _mail(ctx)
    sender = ScriptedSender()
    assert flush(ctx.db, ctx.clock, sender).sent == 1
    assert flush(ctx.db, ctx.clock, sender).attempted == 0
    assert [m.id for m in sender.sent] == [mail.id]
    info = get_mail(ctx.db, mail.id)
    assert (info.status, info.attempts, info.sent_at) == ("sent", 1, ctx.clock.now())


def test_a_claimed_row_cannot_be_claimed_by_another_workstation(ctx):
    _mail(ctx)
    assert claim_next(ctx.db, ctx.clock) is not None
    assert claim_next(ctx.db, ctx.clock) is None


def test_temporary_errors_back_off_then_give_up(ctx):
    mail = _mail(ctx)
    error = TemporarySendError("Le serveur d'envoi est injoignable.", stop_flush=True)
    sender = ScriptedSender(*[error] * MAX_ATTEMPTS)
    summary = flush(ctx.db, ctx.clock, sender)
    assert (summary.retried, summary.stopped) == (1, "Le serveur d'envoi est injoignable.")
    info = get_mail(ctx.db, mail.id)
    assert (info.status, info.attempts) == ("pending", 1)
    assert info.next_attempt_at == ctx.clock.now() + timedelta(minutes=1)
    assert info.last_error == "Le serveur d'envoi est injoignable."
    # Not due yet: nothing is tried.
    assert flush(ctx.db, ctx.clock, sender).attempted == 0
    delays = []
    for _ in range(MAX_ATTEMPTS - 1):
        before = ctx.clock.now()
        ctx.clock.set(get_mail(ctx.db, mail.id).next_attempt_at)
        delays.append(ctx.clock.now() - before)
        flush(ctx.db, ctx.clock, sender)
    assert delays[:5] == [timedelta(minutes=m) for m in (1, 5, 15, 60, 240)]
    info = get_mail(ctx.db, mail.id)
    assert (info.status, info.attempts) == ("failed", MAX_ATTEMPTS)
    assert info.last_error.startswith(f"Abandon après {MAX_ATTEMPTS} tentatives.")


def test_a_server_down_stops_the_flush_instead_of_burning_every_mail(ctx):
    first, second = _mail(ctx), _mail(ctx)
    sender = ScriptedSender(TemporarySendError("Serveur injoignable.", stop_flush=True))
    summary = flush(ctx.db, ctx.clock, sender)
    assert (summary.retried, summary.sent) == (1, 0)
    assert get_mail(ctx.db, second.id).attempts == 0
    assert get_mail(ctx.db, first.id).attempts == 1


def test_a_permanent_refusal_fails_at_once_and_the_others_go_on(ctx):
    bad, good = _mail(ctx, to="inconnu@client.example.fr"), _mail(ctx)
    sender = ScriptedSender(PermanentSendError("Destinataire refusé par le serveur : 550."))
    summary = flush(ctx.db, ctx.clock, sender)
    assert (summary.failed, summary.sent) == (1, 1)
    assert get_mail(ctx.db, bad.id).status == "failed"
    assert get_mail(ctx.db, bad.id).last_error == "Destinataire refusé par le serveur : 550."
    assert get_mail(ctx.db, good.id).status == "sent"


def test_an_uncertain_mail_is_never_resent_automatically(ctx):
    mail = _mail(ctx)
    sender = ScriptedSender(UncertainSendError("Connexion perdue pendant la transmission."))
    assert flush(ctx.db, ctx.clock, sender).uncertain == 1
    ctx.clock.advance(timedelta(days=2))
    assert flush(ctx.db, ctx.clock, sender).attempted == 0
    assert get_mail(ctx.db, mail.id).status_label == "Incertain"
    # The user decides to send it again.
    requeue(ctx.db, ctx.clock, mail.id)
    assert flush(ctx.db, ctx.clock, sender).sent == 1


def test_a_row_stuck_in_sending_after_a_crash_becomes_uncertain(ctx):
    mail = _mail(ctx)
    assert claim_next(ctx.db, ctx.clock) is not None  # then the application dies
    ctx.clock.advance(timedelta(minutes=5))
    assert flush(ctx.db, ctx.clock, ScriptedSender()).recovered == 0  # maybe still sending
    ctx.clock.advance(timedelta(minutes=20))
    summary = flush(ctx.db, ctx.clock, ScriptedSender())
    assert (summary.recovered, summary.sent) == (1, 0)
    info = get_mail(ctx.db, mail.id)
    assert info.status == "uncertain"
    assert "peut-être été reçu" in info.last_error


def test_only_failed_or_uncertain_mails_can_be_requeued(ctx):
    mail = _mail(ctx)
    with pytest.raises(ValidationError, match="en échec ou incertain"):
        requeue(ctx.db, ctx.clock, mail.id)


def test_a_partial_refusal_is_sent_with_a_note(ctx):
    mail = _mail(ctx, to=["a@client.example.fr", "b@client.example.fr"])
    flush(ctx.db, ctx.clock, ScriptedSender("Envoyé, mais adresse refusée : b@client.example.fr."))
    info = get_mail(ctx.db, mail.id)
    assert (info.status, info.to) == ("sent", "a@client.example.fr, b@client.example.fr")
    assert info.last_error == "Envoyé, mais adresse refusée : b@client.example.fr."


def test_recent_list_newest_first_and_filtered(ctx):
    old = _mail(ctx, subject="Ancien")
    ctx.clock.advance(timedelta(minutes=1))
    new = _mail(ctx, subject="Nouveau")
    flush(ctx.db, ctx.clock, ScriptedSender(PermanentSendError("Refusé.")))
    assert [m.subject for m in list_recent(ctx.db)] == ["Nouveau", "Ancien"]
    assert [m.id for m in list_recent(ctx.db, statuses=["failed"])] == [old.id]
    assert [m.id for m in list_recent(ctx.db, statuses=["sent"])] == [new.id]


def test_cli_flush_without_smtp_settings_explains_and_sends_nothing(ctx):
    mail = _mail(ctx)
    out, err = StringIO(), StringIO()
    assert outbox_flush(ctx, out=out, err=err) == 1
    assert "n'est pas configuré" in err.getvalue()
    assert get_mail(ctx.db, mail.id).status == "pending"


def test_cli_flush_and_list_print_french_lines(ctx):
    _mail(ctx, subject="Premier")
    _mail(ctx, subject="Second")
    out, err = StringIO(), StringIO()
    code = outbox_flush(ctx, out=out, err=err, sender=ScriptedSender(PermanentSendError("Refusé.")))
    assert code == 3
    assert "Courriels envoyés : 1" in out.getvalue()
    assert "Courriels en échec : 1" in out.getvalue()
    listing = StringIO()
    assert outbox_list(ctx, out=listing) == 0
    text = listing.getvalue()
    assert "Envoyé" in text and "Échec" in text and "Refusé." in text


def test_two_workstations_flushing_together_send_each_mail_once(ctx):
    import threading

    from themisia_desktop.core.db.engine import Database

    ids = {_mail(ctx, subject=f"Mail {i}").id for i in range(12)}
    # A second workstation: its own engine and connections.
    other = Database(ctx.db.url.render_as_string(hide_password=False))
    senders = [ScriptedSender(), ScriptedSender()]
    barrier = threading.Barrier(2)
    errors = []

    def workstation(db, sender):
        try:
            barrier.wait(timeout=10)
            flush(db, ctx.clock, sender)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=workstation, args=(db, sender))
               for db, sender in zip((ctx.db, other), senders, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    other.dispose()
    assert errors == []
    sent_ids = [m.id for s in senders for m in s.sent]
    assert sorted(sent_ids) == sorted(ids)  # every mail once, none twice
    assert {m.status for m in list_recent(ctx.db)} == {"sent"}
