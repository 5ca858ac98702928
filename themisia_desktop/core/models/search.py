"""The contact search index: the words a contact can be found by, one row per word.

A search for "lef" is a range scan ``token >= 'lef' AND token < 'leg'`` on the primary key, which
works alike on SQLite and PostgreSQL. The range must follow code-point order, so on PostgreSQL the
column uses the "C" collation (a locale collation ignores punctuation at its first level and would
put "jean.dupont" outside the range of "jean."). SQLite's default BINARY collation already is.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from themisia_desktop.core.models.base import Base
from themisia_desktop.core.models.contacts import Contact

TOKEN_LENGTH = 120
TOKEN_TYPE = String(TOKEN_LENGTH).with_variant(String(TOKEN_LENGTH, collation="C"), "postgresql")


class ContactToken(Base):
    """One folded word of a contact's ``search_text`` (kept by ``contacts.search_index``)."""

    __tablename__ = "contact_token"
    __table_args__ = (
        Index("ix_contact_token_contact", "contact_id", "token"),
        {"sqlite_with_rowid": False},
    )

    token: Mapped[str] = mapped_column(TOKEN_TYPE, primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True
    )


# Covering indexes of the contact list: in name or city order, with what the list filters on,
# so a page (or all ids) is read from the index alone, without touching the wide contact rows.
Index("ix_contact_list_by_name", Contact.sort_name, Contact.id, Contact.status, Contact.kind,
      Contact.merged_into_id)
Index("ix_contact_list_by_city", Contact.city, Contact.sort_name, Contact.id, Contact.status,
      Contact.kind, Contact.merged_into_id)
