"""In-app notifications (pop-ups and the notification centre), honouring each user's
preference per kind of notification: pop-up (the default), e-mail, or both.

Each running application polls :func:`unread_for` for its logged-in user every few seconds,
passing the highest id it has already shown (served by the index ix_notification_user_unread).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Notification, NotificationPreference, User
from themisia_desktop.core.models.enums import NotificationChannel
from themisia_desktop.core.notify.outbox import enqueue_in

DEFAULT_CHANNEL = NotificationChannel.POPUP
POLL_LIMIT = 50


@dataclass(frozen=True)
class NotificationInfo:
    id: int
    user_id: int
    kind: str
    title: str
    body: str | None
    entity_type: str | None
    entity_id: int | None
    created_at: datetime
    read_at: datetime | None
    run_id: int | None


@dataclass(frozen=True)
class NotifyResult:
    notification_ids: tuple[int, ...] = ()
    mail_ids: tuple[int, ...] = ()
    problems: tuple[str, ...] = ()  # French, e.g. a user who wants e-mails but has no address


def _info(n: Notification) -> NotificationInfo:
    return NotificationInfo(id=n.id, user_id=n.user_id, kind=n.kind, title=n.title, body=n.body,
                            entity_type=n.entity_type, entity_id=n.entity_id,
                            created_at=n.created_at, read_at=n.read_at, run_id=n.run_id)


# -- preferences -------------------------------------------------------------------------------

def _channel_in(session: Session, user_id: int, kind: str) -> NotificationChannel:
    pref = session.get(NotificationPreference, (user_id, kind))
    return NotificationChannel(pref.channel) if pref is not None else DEFAULT_CHANNEL


def get_preference(db: Database, user_id: int, kind: str) -> NotificationChannel:
    with db.read() as s:
        return _channel_in(s, user_id, kind)


def set_preference(db: Database, user_id: int, kind: str, channel: str) -> None:
    try:
        value = NotificationChannel(channel)
    except ValueError:
        raise ValidationError("Choisissez pop-up, e-mail ou les deux.", field="channel") from None
    if not kind or len(kind) > 50:
        raise ValidationError("Type de notification invalide.", field="kind")
    with db.write() as s:
        pref = s.get(NotificationPreference, (user_id, kind))
        if pref is None:
            s.add(NotificationPreference(user_id=user_id, kind=kind, channel=value.value))
        else:
            pref.channel = value.value


# -- writing -----------------------------------------------------------------------------------

def notify_in(session: Session, user_ids: Iterable[int], kind: str, title: str,
              body: str | None = None, entity_type: str | None = None,
              entity_id: int | None = None, run_id: int | None = None, *,
              at: datetime, body_html: str | None = None) -> NotifyResult:
    """Tell users something, in the caller's transaction. Inactive users are skipped and
    duplicates ignored. A user who chose e-mail gets a mail in the outbox; one who chose
    e-mail but has no address gets a pop-up instead, and the result says so."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError("Le titre de la notification est obligatoire.", field="title")
    title = title[:300]
    ids = list(dict.fromkeys(user_ids))
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    notification_ids: list[int] = []
    mail_ids: list[int] = []
    problems: list[str] = []
    for uid in ids:
        user = users.get(uid)
        if user is None:
            problems.append(f"Utilisateur introuvable : n° {uid}.")
            continue
        if not user.is_active:
            continue
        channel = _channel_in(session, uid, kind)
        email = (user.email or "").strip()
        popup = channel in (NotificationChannel.POPUP, NotificationChannel.BOTH)
        if channel in (NotificationChannel.EMAIL, NotificationChannel.BOTH):
            if email:
                mail = enqueue_in(session, [email], title, body or title, body_html, run_id, at=at)
                mail_ids.append(mail.id)
            else:
                problems.append(f"{user.full_name} n'a pas d'adresse e-mail : la notification "
                                "est affichée dans l'application.")
                popup = True
        if popup:
            row = Notification(user_id=uid, kind=kind, title=title, body=body,
                               entity_type=entity_type, entity_id=entity_id, created_at=at,
                               run_id=run_id)
            session.add(row)
            session.flush()
            notification_ids.append(row.id)
    return NotifyResult(tuple(notification_ids), tuple(mail_ids), tuple(problems))


def notify(db: Database, clock: Clock, user_ids: Iterable[int], kind: str, title: str,
           body: str | None = None, *, entity_type: str | None = None,
           entity_id: int | None = None) -> NotifyResult:
    with db.write() as s:
        return notify_in(s, user_ids, kind, title, body, entity_type, entity_id, at=clock.now())


# -- reading (the GUI polls these) -------------------------------------------------------------

def unread_for(db: Database, user_id: int, after_id: int | None = None, *,
               limit: int = POLL_LIMIT) -> list[NotificationInfo]:
    """Unread notifications of a user, oldest first; only those above ``after_id`` if given."""
    query = select(Notification).where(Notification.user_id == user_id,
                                       Notification.read_at.is_(None))
    if after_id is not None:
        query = query.where(Notification.id > after_id)
    with db.read() as s:
        return [_info(n) for n in s.scalars(query.order_by(Notification.id).limit(limit))]


def recent_for(db: Database, user_id: int, *, limit: int = 100) -> list[NotificationInfo]:
    """The notification centre: read and unread, newest first."""
    with db.read() as s:
        rows = s.scalars(select(Notification).where(Notification.user_id == user_id)
                         .order_by(Notification.id.desc()).limit(limit))
        return [_info(n) for n in rows]


def count_unread(db: Database, user_id: int) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Notification)
                        .where(Notification.user_id == user_id,
                               Notification.read_at.is_(None))) or 0


def mark_read(db: Database, clock: Clock, user_id: int, notification_ids: Iterable[int]) -> int:
    """Mark some of *this user's* notifications read; returns how many changed."""
    ids = list(notification_ids)
    if not ids:
        return 0
    with db.write() as s:
        result = s.execute(update(Notification)
                           .where(Notification.id.in_(ids), Notification.user_id == user_id,
                                  Notification.read_at.is_(None))
                           .values(read_at=clock.now())
                           .execution_options(synchronize_session=False))
        return result.rowcount or 0


def mark_all_read(db: Database, clock: Clock, user_id: int) -> int:
    with db.write() as s:
        result = s.execute(update(Notification)
                           .where(Notification.user_id == user_id,
                                  Notification.read_at.is_(None))
                           .values(read_at=clock.now())
                           .execution_options(synchronize_session=False))
        return result.rowcount or 0
