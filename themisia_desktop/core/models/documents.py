"""Files attached to a matter or a contact, uploaded or generated from a template."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from themisia_desktop.core.models.base import Base, IdMixin, utcnow


class Document(IdMixin, Base):
    __tablename__ = "document"

    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matter.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    file_name: Mapped[str] = mapped_column(String(255))
    # Relative to the firm's document store; never an absolute path of one workstation.
    stored_path: Mapped[str] = mapped_column(String(500))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None]
    sha256: Mapped[str | None] = mapped_column(String(64))
    template_name: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run_trace.id"))
