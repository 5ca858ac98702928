"""The words a contact can be found by, and how a typed query becomes search terms.

Each contact's ``search_text`` (folded name, e-mails, phones, SIREN/SIRET/TVA, city — see
:func:`themisia_desktop.core.text.contact_search_text`) is cut into tokens stored in
``contact_token`` (see :func:`stored_token`). A query term matches a contact when one of its
tokens starts with the term, which is a range scan on the token index on SQLite and PostgreSQL
alike.

The contact services call :func:`reindex_contact` in the transaction that changes a contact;
bulk writers (demo generator, imports) call :func:`rebuild_search_index` once at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.orm import Session

from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models.contacts import Contact
from themisia_desktop.core.models.search import TOKEN_LENGTH, ContactToken
from themisia_desktop.core.text import fold

_WORD_PARTS = re.compile(r"[^\W\d_]+|\d+")  # runs of letters, runs of digits
_INTERNATIONAL = re.compile(r"\+\d+")
_FRENCH_NATIONAL = re.compile(r"0\d{9}")
_NUMERIC = re.compile(r"\+?[\d.\-/()]*\d[\d.\-/()]*")
_EDGE_PUNCTUATION = ".,;:!?()[]{}\"'«»-/"
_BATCH = 20_000
# Words that are not plain — all letters or all digits — ("jean-pierre", "h.faure@orange.fr",
# "dupont39", "+33612…") are stored behind this mark, in a range of their own. A plain term
# ("helene", "dup", "0612") then scans only plain words — few distinct ones per prefix, each
# listing its contacts in name order — and loses nothing: such a word's first run of letters or
# digits is indexed too and starts with the same plain term. Any other term ("h.faure@or",
# "+336", "dupont3") can only match a marked word and scans those.
COMPOUND_MARK = "~"
# Plain words also store their first 2 and 3 characters behind this mark, once per contact: a
# short term ("ma", "dup"), which starts hundreds of distinct words, is then one key whose
# contacts come in name order, instead of a walk or a sort.
PREFIX_MARK = "^"
PREFIX_LENGTHS = (2, 3)


# -- tokens of a contact -------------------------------------------------------------------
def tokens_for_text(search_text: str | None) -> set[str]:
    """The tokens of one contact: every word, the parts of compound words ("jean-pierre",
    "helene.faure@orange.fr" → "jean", "pierre", "helene", "faure", "orange", "fr";
    "dupont39" → "dupont", "39"), and a French national number without its leading 0
    ("612345678")."""
    tokens: set[str] = set()
    for word in (search_text or "").split():
        word = word[:TOKEN_LENGTH]
        tokens.add(word)
        if _INTERNATIONAL.fullmatch(word):
            continue
        if _FRENCH_NATIONAL.fullmatch(word):
            tokens.add(word[1:])
            continue
        parts = _WORD_PARTS.findall(word)
        if len(parts) > 1 or (parts and parts[0] != word):
            tokens.update(parts)
    return tokens


def stored_token(word: str) -> str:
    """How a token is written in ``contact_token.token``."""
    if _WORD_PARTS.fullmatch(word):
        return word[:TOKEN_LENGTH]
    return COMPOUND_MARK + word[:TOKEN_LENGTH - 1]


def stored_term(term: str) -> str:
    """What a query term is looked up as: the prefix key of a short plain term, else the
    term as stored (the rows to find start with it)."""
    if len(term) in PREFIX_LENGTHS and _WORD_PARTS.fullmatch(term):
        return PREFIX_MARK + term
    return stored_token(term)


def stored_tokens(search_text: str | None) -> set[str]:
    """The rows of one contact in ``contact_token``: its tokens and the prefix keys."""
    out: set[str] = set()
    for tok in tokens_for_text(search_text):
        stored = stored_token(tok)
        out.add(stored)
        if stored is tok or stored == tok:  # plain
            out.update(PREFIX_MARK + tok[:n] for n in PREFIX_LENGTHS if len(tok) >= n)
    return out


# -- terms of a query ----------------------------------------------------------------------
def _digits_term(words: list[str]) -> str:
    joined = "".join(words)
    lead = "+" if joined.startswith("+") else ""
    digits = "".join(ch for ch in joined if ch.isdigit())
    if not lead and digits.startswith("00") and len(digits) > 4:
        lead, digits = "+", digits[2:]  # 0033 6… as dialled from abroad
    return lead + digits


def query_terms(text: str | None) -> list[str]:
    """Folded search terms of a typed query, every one of which must match (AND).

    Consecutive numeric words are joined, so "06 12 34", "06.12.34" and "812 345 676" each
    give one term; punctuation around a word is dropped; a term that is the prefix of another
    one is redundant and dropped too."""
    terms: list[str] = []
    numeric: list[str] = []
    for word in fold(text).split():
        word = word.strip(_EDGE_PUNCTUATION)[:TOKEN_LENGTH]
        if _NUMERIC.fullmatch(word):
            numeric.append(word)
            continue
        if numeric:
            terms.append(_digits_term(numeric))
            numeric = []
        if word:
            terms.append(word)
    if numeric:
        terms.append(_digits_term(numeric))
    unique = list(dict.fromkeys(t for t in terms if t and t != "+"))
    return [t for t in unique if not any(o != t and o.startswith(t) for o in unique)]


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


# -- writing the index ---------------------------------------------------------------------
def reindex_contacts(session: Session, contact_ids: Iterable[int]) -> None:
    """Rewrite the tokens of these contacts from their current ``search_text`` (in the
    caller's transaction; call it after the contact's changes are flushed)."""
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        return
    session.flush()
    table = ContactToken.__table__
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        session.execute(delete(table).where(table.c.contact_id.in_(chunk)))
        rows = session.execute(select(Contact.id, Contact.sort_name, Contact.search_text)
                               .where(Contact.id.in_(chunk))).all()
        values = [{"contact_id": cid, "sort_name": name or "", "token": tok}
                  for cid, name, text in rows for tok in stored_tokens(text)]
        if values:
            session.execute(insert(table), values)


def reindex_contact(session: Session, contact_id: int) -> None:
    """Rewrite one contact's tokens (contact created, renamed, new e-mail, phone, city…); the
    tokens carry the contact's ``sort_name``, so call it after any change of name too."""
    reindex_contacts(session, [contact_id])


def index_all_contacts(conn: Connection) -> int:
    """Index every contact (the table is expected empty). Returns the number of tokens."""
    # Read first, then write: one cursor at a time on SQLite; (id, text) pairs are small.
    contacts = conn.execute(select(Contact.id, Contact.sort_name, Contact.search_text)).all()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO contact_token (token, sort_name, contact_id) "
           f"VALUES ({mark}, {mark}, {mark})")
    total = 0
    batch: list[tuple[str, str, int]] = []
    for cid, name, text in contacts:
        batch.extend((tok, name or "", cid) for tok in stored_tokens(text))
        if len(batch) >= _BATCH:
            conn.exec_driver_sql(sql, batch)
            total += len(batch)
            batch = []
    if batch:
        conn.exec_driver_sql(sql, batch)
        total += len(batch)
    return total


def rebuild_search_index(db: Database) -> int:
    """Rebuild the whole index in one transaction (after a bulk import or the demo)."""
    with db.write() as session:
        conn = session.connection()
        conn.execute(delete(ContactToken.__table__))
        return index_all_contacts(conn)
