"""The contact search index: the words a contact can be found by, one row per word.

A search for "lef" is a range scan ``token >= 'lef' AND token < 'leg'`` on the primary key, which
works alike on SQLite and PostgreSQL. The key is (token, sort_name, contact_id): the contacts of
one token come out in name order, so the first page of a search is read without a sort. The range must follow code-point order, so on PostgreSQL the
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
    # The contact's sort_name, copied so that the rows of one token are read in name order
    # (primary key = covering index (token, sort_name, contact_id)): the first page of a
    # search stops after ``limit`` rows instead of sorting every match.
    sort_name: Mapped[str] = mapped_column(String(300), primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True
    )


# Covering indexes of the contact list: in name or city order, with what the list filters on,
# so a page (or all ids) is read from the index alone, without touching the wide contact rows.
Index("ix_contact_list_by_name", Contact.sort_name, Contact.id, Contact.status, Contact.kind,
      Contact.merged_into_id)
Index("ix_contact_list_by_city", Contact.city, Contact.sort_name, Contact.id, Contact.status,
      Contact.kind, Contact.merged_into_id)
# Status and type are sorted by a rank (lifecycle, French label): one range per value, in rank
# order, each read in name order from these.
Index("ix_contact_list_by_status", Contact.status, Contact.sort_name, Contact.id, Contact.kind,
      Contact.merged_into_id)
Index("ix_contact_list_by_kind", Contact.kind, Contact.sort_name, Contact.id, Contact.status,
      Contact.merged_into_id)
Index("ix_contact_list_by_email", Contact.primary_email, Contact.sort_name, Contact.id,
      Contact.status, Contact.kind, Contact.merged_into_id)
Index("ix_contact_list_by_phone", Contact.primary_phone, Contact.sort_name, Contact.id,
      Contact.status, Contact.kind, Contact.merged_into_id)
