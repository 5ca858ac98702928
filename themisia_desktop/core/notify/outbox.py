"""The mail outbox: mails are written in the business transaction, sent afterwards.

States (enums.OutboxStatus): pending → sending → sent; a temporary error puts the row back to
pending with an exponential back-off, a permanent refusal (5xx) or too many attempts makes it
failed; a connection lost *after* the message data was handed to the server makes it uncertain
— it may have been delivered, so it is never resent automatically (a user may requeue it).
A row left in "sending" by a crashed application also becomes uncertain.

Rows are claimed one at a time with a conditional UPDATE (``status = 'pending'`` in the WHERE
clause), so two workstations flushing the same base never send the same mail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.models import FirmSetting, OutboxMail
from themisia_desktop.core.models.enums import OutboxStatus

BACKOFF_MINUTES = (1, 5, 15, 60, 240)
MAX_ATTEMPTS = 8
STALE_SENDING = timedelta(minutes=15)
FALLBACK_DOMAIN = "themisia.invalid"
_ADDRESS = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")


# -- what a sender is --------------------------------------------------------------------------

@dataclass(frozen=True)
class OutgoingMail:
    id: int
    message_id: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    body_text: str
    body_html: str | None
    date: datetime


class SendError(Exception):
    """A mail could not be sent; the message is French and is kept in ``last_error``."""


class TemporarySendError(SendError):
    """Worth retrying later. ``stop_flush``: the server itself is unusable (down, refused our
    login, bad certificate), so the other mails of this flush would fail the same way."""

    def __init__(self, message: str, *, stop_flush: bool = False) -> None:
        super().__init__(message)
        self.stop_flush = stop_flush


class PermanentSendError(SendError):
    """The server refused this mail for good (5xx)."""


class UncertainSendError(SendError):
    """The message data was sent but no final answer came back: it may have been delivered."""


class MailSender(Protocol):
    def send(self, mail: OutgoingMail) -> str | None:
        """Send or raise SendError. May return a French note (e.g. one address refused)."""


# -- enqueueing --------------------------------------------------------------------------------

def _clean_addresses(addrs: str | Iterable[str] | None, *, field: str) -> list[str]:
    if addrs is None:
        return []
    items = addrs.split(",") if isinstance(addrs, str) else list(addrs)
    result: list[str] = []
    for item in items:
        text = (item or "").strip()
        if not text:
            continue
        if "\r" in text or "\n" in text:
            raise ValidationError("Une adresse e-mail ne peut pas contenir de saut de ligne.",
                                  field=field)
        _name, address = parseaddr(text)
        if not _ADDRESS.match(address):
            raise ValidationError(f"« {text} » n'est pas une adresse e-mail valide.", field=field)
        if text not in result:
            result.append(text)
    return result


def sender_domain(session: Session) -> str:
    """The domain of the firm's From address, for Message-IDs (a neutral one when unset)."""
    row = session.get(FirmSetting, "smtp_sender")
    _name, address = parseaddr(str(row.value) if row is not None and row.value else "")
    domain = address.rpartition("@")[2].strip().lower()
    return domain if domain and "." in domain else FALLBACK_DOMAIN


def enqueue_in(session: Session, to: str | Iterable[str], subject: str, body_text: str,
               body_html: str | None = None, run_id: int | None = None, *, at: datetime,
               cc: str | Iterable[str] | None = None) -> OutboxMail:
    """Add a mail to the caller's transaction. Its Message-ID is fixed now, once, so a resend
    of the same row is recognisable by the recipient's server."""
    to_list = _clean_addresses(to, field="to")
    if not to_list:
        raise ValidationError("Indiquez au moins un destinataire.", field="to")
    cc_list = _clean_addresses(cc, field="cc")
    subject = " ".join((subject or "").split())  # no header injection through line breaks
    if not subject:
        raise ValidationError("L'objet du message est obligatoire.", field="subject")
    if len(subject) > 500:
        raise ValidationError("L'objet du message est trop long (500 caractères au plus).",
                              field="subject")
    row = OutboxMail(
        message_id=make_msgid(domain=sender_domain(session)),
        to_addrs=", ".join(to_list), cc_addrs=", ".join(cc_list) or None,
        subject=subject, body_text=body_text or "", body_html=body_html,
        status=OutboxStatus.PENDING.value, attempts=0, next_attempt_at=at, created_at=at,
        run_id=run_id,
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class MailInfo:
    id: int
    message_id: str
    to: str
    cc: str | None
    subject: str
    status: str
    status_label: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    run_id: int | None


def _info(row: OutboxMail) -> MailInfo:
    return MailInfo(id=row.id, message_id=row.message_id, to=row.to_addrs, cc=row.cc_addrs,
                    subject=row.subject, status=row.status,
                    status_label=OutboxStatus(row.status).label, attempts=row.attempts,
                    next_attempt_at=row.next_attempt_at, last_error=row.last_error,
                    created_at=row.created_at, sent_at=row.sent_at, run_id=row.run_id)


def enqueue(db: Database, clock: Clock, to: str | Iterable[str], subject: str, body_text: str,
            body_html: str | None = None, *, cc: str | Iterable[str] | None = None,
            run_id: int | None = None) -> MailInfo:
    with db.write() as s:
        return _info(enqueue_in(s, to, subject, body_text, body_html, run_id, at=clock.now(),
                                cc=cc))


def get_mail(db: Database, mail_id: int) -> MailInfo:
    with db.read() as s:
        row = s.get(OutboxMail, mail_id)
        if row is None:
            raise NotFoundError("Ce courriel n'existe plus.")
        return _info(row)


def list_recent(db: Database, *, limit: int = 200,
                statuses: Sequence[str] | None = None) -> list[MailInfo]:
    """The most recent mails first, for the outbox screen."""
    query = select(OutboxMail).order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
    if statuses:
        query = query.where(OutboxMail.status.in_(list(statuses)))
    with db.read() as s:
        return [_info(r) for r in s.scalars(query.limit(limit))]


def requeue(db: Database, clock: Clock, mail_id: int) -> MailInfo:
    """A user's explicit decision to send a failed or uncertain mail again."""
    with db.write() as s:
        row = s.get(OutboxMail, mail_id)
        if row is None:
            raise NotFoundError("Ce courriel n'existe plus.")
        if row.status not in (OutboxStatus.FAILED, OutboxStatus.UNCERTAIN):
            raise ValidationError(
                f"Seul un courriel en échec ou incertain peut être renvoyé (état : "
                f"{OutboxStatus(row.status).label}).", field="status")
        row.status = OutboxStatus.PENDING.value
        row.attempts = 0
        row.next_attempt_at = clock.now()
        row.claimed_at = None
        row.last_error = None
        return _info(row)


# -- sending -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FlushSummary:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    uncertain: int = 0
    recovered: int = 0  # rows found stuck in "sending", now uncertain
    stopped: str | None = None  # why the flush stopped early (server unusable), in French

    @property
    def attempted(self) -> int:
        return self.sent + self.retried + self.failed + self.uncertain


def backoff_delay(attempts: int) -> timedelta:
    """Delay before the next try after ``attempts`` failed tries: 1, 5, 15, 60, then 240 min."""
    return timedelta(minutes=BACKOFF_MINUTES[min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1])


def recover_stuck(db: Database, clock: Clock, *, stale_after: timedelta = STALE_SENDING) -> int:
    """Rows left in "sending" since long ago (the app died mid-send) become uncertain."""
    with db.write() as s:
        result = s.execute(
            update(OutboxMail)
            .where(OutboxMail.status == OutboxStatus.SENDING.value,
                   OutboxMail.claimed_at < clock.now() - stale_after)
            .values(status=OutboxStatus.UNCERTAIN.value,
                    last_error="L'envoi a été interrompu (application fermée ou poste arrêté "
                               "pendant l'envoi) : le courriel a peut-être été reçu. Vérifiez "
                               "avant de le renvoyer."))
        return result.rowcount or 0


def claim_next(db: Database, clock: Clock) -> OutgoingMail | None:
    """Take the next due mail for this workstation, or None. Another workstation trying the
    same row at the same time updates nothing and moves on to the next one."""
    now = clock.now()
    with db.write() as s:
        candidates = list(s.scalars(
            select(OutboxMail.id)
            .where(OutboxMail.status == OutboxStatus.PENDING.value,
                   OutboxMail.next_attempt_at <= now)
            .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(10)))
        for mail_id in candidates:
            claimed = s.execute(
                update(OutboxMail)
                .where(OutboxMail.id == mail_id, OutboxMail.status == OutboxStatus.PENDING.value)
                .values(status=OutboxStatus.SENDING.value, claimed_at=now)
                .execution_options(synchronize_session=False))
            if claimed.rowcount == 1:
                row = s.get(OutboxMail, mail_id)
                s.refresh(row)
                return OutgoingMail(
                    id=row.id, message_id=row.message_id,
                    to=tuple(a.strip() for a in row.to_addrs.split(",") if a.strip()),
                    cc=tuple(a.strip() for a in (row.cc_addrs or "").split(",") if a.strip()),
                    subject=row.subject, body_text=row.body_text, body_html=row.body_html,
                    date=now)
    return None


def _finish(db: Database, mail_id: int, **values: object) -> None:
    with db.write() as s:
        s.execute(update(OutboxMail).where(OutboxMail.id == mail_id).values(**values)
                  .execution_options(synchronize_session=False))


def _retry_or_fail(db: Database, clock: Clock, mail_id: int, message: str) -> bool:
    """Back to pending with a back-off; True if the row gave up (failed) instead."""
    with db.write() as s:
        row = s.get(OutboxMail, mail_id)
        attempts = row.attempts + 1
        row.attempts = attempts
        row.claimed_at = None
        if attempts >= MAX_ATTEMPTS:
            row.status = OutboxStatus.FAILED.value
            row.last_error = f"Abandon après {attempts} tentatives. {message}"
            return True
        row.status = OutboxStatus.PENDING.value
        row.next_attempt_at = clock.now() + backoff_delay(attempts)
        row.last_error = message
        return False


def send_one(db: Database, clock: Clock, sender: MailSender,
             mail: OutgoingMail) -> tuple[str, str | None]:
    """Send a claimed mail and record the outcome. Returns the new status and, when the server
    itself is unusable (the other mails would fail the same way), the French reason."""
    try:
        note = sender.send(mail)
    except UncertainSendError as exc:
        _finish(db, mail.id, status=OutboxStatus.UNCERTAIN.value,
                attempts=OutboxMail.attempts + 1, last_error=str(exc))
        return OutboxStatus.UNCERTAIN.value, None
    except PermanentSendError as exc:
        _finish(db, mail.id, status=OutboxStatus.FAILED.value, attempts=OutboxMail.attempts + 1,
                claimed_at=None, last_error=str(exc))
        return OutboxStatus.FAILED.value, None
    except TemporarySendError as exc:
        gave_up = _retry_or_fail(db, clock, mail.id, str(exc))
        status = OutboxStatus.FAILED.value if gave_up else OutboxStatus.PENDING.value
        return status, (str(exc) if exc.stop_flush else None)
    _finish(db, mail.id, status=OutboxStatus.SENT.value, attempts=OutboxMail.attempts + 1,
            sent_at=clock.now(), last_error=note)
    return OutboxStatus.SENT.value, None


_COUNTER = {
    OutboxStatus.SENT.value: "sent",
    OutboxStatus.PENDING.value: "retried",
    OutboxStatus.FAILED.value: "failed",
    OutboxStatus.UNCERTAIN.value: "uncertain",
}


def flush(db: Database, clock: Clock, sender: MailSender, *, limit: int = 100) -> FlushSummary:
    """Send what is due, at most ``limit`` mails. Stops early when the server is unusable."""
    counts = dict.fromkeys(_COUNTER.values(), 0)
    recovered = recover_stuck(db, clock)
    stopped: str | None = None
    for _ in range(limit):
        mail = claim_next(db, clock)
        if mail is None:
            break
        status, stop_reason = send_one(db, clock, sender, mail)
        counts[_COUNTER[status]] += 1
        if stop_reason is not None:
            stopped = stop_reason
            break
    return FlushSummary(recovered=recovered, stopped=stopped, **counts)
