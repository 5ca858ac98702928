"""In-app notifications, user preferences, message templates and the mail outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from themisia_desktop.core.models.base import Base, IdMixin, TimestampMixin, utcnow


class Notification(IdMixin, Base):
    """A pop-up / notification-centre entry for one user; each running app polls its own."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_unread", "user_id", "read_at", "id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    entity_type: Mapped[str | None] = mapped_column(String(30))
    entity_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run_trace.id"))


class NotificationPreference(Base):
    """Per user and kind of notification: pop-up, e-mail or both."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(50), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))  # enums.NotificationChannel


class MessageTemplate(IdMixin, TimestampMixin, Base):
    """A user-authored Jinja2 template (mail, pop-up) or a .docx document template."""

    __tablename__ = "message_template"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(20))  # mail, popup, document
    record_type: Mapped[str | None] = mapped_column(String(30))
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    docx_path: Mapped[str | None] = mapped_column(String(500))


class OutboxMail(IdMixin, Base):
    """A mail to send: written in the business transaction, sent afterwards with retries."""

    __tablename__ = "outbox_mail"
    __table_args__ = (Index("ix_outbox_mail_due", "status", "next_attempt_at"),)

    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    to_addrs: Mapped[str] = mapped_column(Text)  # comma-separated
    cc_addrs: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(500))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # enums.OutboxStatus
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run_trace.id"))
