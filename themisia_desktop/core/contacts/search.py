"""Finding contacts fast: the ordered ids of a list view, and the rows of one page of it.

``search_contact_ids`` answers with ids only, sorted and filtered in SQL; the list model keeps
those ids and asks ``fetch_rows`` for the few rows it shows (DESIGN §7, Anki's browser table).

A search is a set of prefix terms (see :mod:`.search_index`), each matched against the token
index. Two plans, chosen per query from a capped count of the rarest term's tokens:

* rare term (a SIREN, a phone, "lefev"): drive from the token index, then sort the few matches;
* common term ("ma", "paris") and a page wanted: walk the contacts in name order and keep the
  first ones whose tokens match — a page is found after a few hundred index probes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, exists, func, literal, select
from sqlalchemy.orm import Session

from themisia_desktop.core.contacts.search_index import prefix_upper_bound, query_terms
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models.contacts import CompanyDetails, Contact
from themisia_desktop.core.models.enums import ContactKind, ContactStatus
from themisia_desktop.core.models.search import ContactToken

ACTIVE_STATUSES: tuple[str, ...] = (
    ContactStatus.CONTACT, ContactStatus.PROSPECT, ContactStatus.CLIENT_ACTIVE)
ALL_STATUSES: tuple[str, ...] = tuple(ContactStatus)
ORDERS = ("name", "kind", "status", "city", "email", "phone")
# Below this many matching tokens for the rarest term, drive the query from the token index.
RARE_TERM_TOKENS = 2_000
# A common term's first page is looked for among this many contacts in name order.
WALK_ROWS = 3_000
_FETCH_CHUNK = 500


@dataclass(frozen=True)
class ContactRow:
    """What the contact list shows of one contact."""

    id: int
    display_name: str
    kind: str          # French label: "Personne physique"…
    status: str        # French label: "Client actif"…
    city: str
    primary_email: str
    primary_phone: str  # formatted for France: "06 12 34 56 78"
    siren: str


def format_phone(e164: str | None) -> str:
    """"+33612345678" → "06 12 34 56 78"; other countries in international format."""
    if not e164:
        return ""
    if e164.startswith("+33") and len(e164) == 12 and e164[1:].isdigit():
        national = "0" + e164[3:]
        return " ".join(national[i:i + 2] for i in range(0, 10, 2))
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# -- ordering ------------------------------------------------------------------------------
def _rank(column, members: Sequence) -> ColumnElement:
    """Sort a code column by a chosen order of its values (lifecycle, French label)."""
    return case({str(m): i for i, m in enumerate(members)}, value=column, else_=len(members))


def _order_by(order: str, descending: bool) -> list[ColumnElement]:
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}")
    c = Contact
    name = [c.sort_name, c.id]
    kinds = sorted(ContactKind, key=lambda k: k.label)
    keys: list[ColumnElement] = {
        "name": [],
        "kind": [_rank(c.kind, kinds)],
        "status": [_rank(c.status, list(ContactStatus))],
        "city": [c.city],
        "email": [c.primary_email],
        "phone": [c.primary_phone],
    }[order] + name
    return [k.desc() if descending else k.asc() for k in keys]


# -- filtering -----------------------------------------------------------------------------
def _term_matches(term: str, contact_id=Contact.id) -> ColumnElement[bool]:
    t = ContactToken
    return exists().where(t.contact_id == contact_id, t.token >= term,
                          t.token < prefix_upper_bound(term))


def _term_ids(term: str):
    t = ContactToken
    return select(t.contact_id).where(t.token >= term, t.token < prefix_upper_bound(term))


def _token_count(session: Session, term: str, cap: int) -> int:
    t = ContactToken
    sub = select(literal(1)).where(t.token >= term, t.token < prefix_upper_bound(term)).limit(cap)
    return session.scalar(select(func.count()).select_from(sub.subquery())) or 0


def _filters(statuses: Iterable[str] | None, kinds: Iterable[str] | None,
             sqlite: bool) -> list[ColumnElement]:
    # On SQLite (no statistics) the planner would pick the merged_into index for "IS NULL"
    # (true of almost every row) or the status index, then sort everything. The ``+ 0`` and
    # ``|| ''`` forms keep it on the covering list indexes, read in the wanted order.
    status, kind = (Contact.status + "", Contact.kind + "") if sqlite else (Contact.status,
                                                                             Contact.kind)
    conds: list[ColumnElement] = [(Contact.merged_into_id + 0).is_(None)]
    statuses = ACTIVE_STATUSES if statuses is None else tuple(str(s) for s in statuses)
    if set(statuses) != set(ALL_STATUSES):
        conds.append(status.in_(statuses))
    if kinds is not None:
        conds.append(kind.in_(tuple(str(k) for k in kinds)))
    return conds


def _walk_names(session: Session, conds: list, terms: list[str], descending: bool,
                limit: int) -> list[int] | None:
    """The first ``limit`` matches in name order, looking at no more than WALK_ROWS contacts;
    None when that was not enough (the terms are rarer together than each one is)."""
    window = (select(Contact.id, Contact.sort_name).where(and_(*conds))
              .order_by(*_order_by("name", descending)).limit(WALK_ROWS).subquery())
    stmt = (select(window.c.id).where(*(_term_matches(t, window.c.id) for t in terms))
            .order_by(*(k.desc() if descending else k.asc()
                        for k in (window.c.sort_name, window.c.id))).limit(limit))
    ids = list(session.scalars(stmt))
    if len(ids) == limit:
        return ids
    seen = session.scalar(select(func.count()).select_from(window))
    return ids if seen < WALK_ROWS else None


def _ids(session: Session, text: str | None, *, statuses, kinds, order: str, descending: bool,
         limit: int | None) -> list[int]:
    conds = _filters(statuses, kinds, session.get_bind().dialect.name == "sqlite")
    terms = query_terms(text)
    if terms:
        counts = {term: _token_count(session, term, RARE_TERM_TOKENS) for term in terms}
        rarest = min(terms, key=counts.__getitem__)
        if counts[rarest] == 0:
            return []
        if limit is not None and order == "name" and counts[rarest] >= RARE_TERM_TOKENS:
            ids = _walk_names(session, conds, terms, descending, limit)
            if ids is not None:
                return ids
        conds.append(Contact.id.in_(_term_ids(rarest)))
        conds.extend(_term_matches(t) for t in terms if t != rarest)
    stmt = select(Contact.id).where(and_(*conds)).order_by(*_order_by(order, descending))
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def search_contact_ids(source: Session | Database, text: str | None = None, *,
                       statuses: Iterable[str] | None = None, kinds: Iterable[str] | None = None,
                       order: str = "name", descending: bool = False,
                       limit: int | None = None) -> list[int]:
    """Ids of the contacts matching ``text`` (every word must match the start of a word of the
    name, an e-mail, a phone, SIREN/SIRET/TVA or the city; accents and case ignored), in
    ``statuses`` (default: the active ones) and ``kinds`` (default: all), never merged-away
    ones, sorted in SQL by ``order`` (one of :data:`ORDERS`) then name."""
    kwargs = dict(statuses=statuses, kinds=kinds, order=order, descending=descending, limit=limit)
    if isinstance(source, Database):
        with source.read() as session:
            return _ids(session, text, **kwargs)
    return _ids(source, text, **kwargs)


def fetch_rows(source: Session | Database, ids: Sequence[int]) -> list[ContactRow]:
    """The rows of these contacts, in the order of ``ids`` (ids no longer found are left out)."""
    if isinstance(source, Database):
        with source.read() as session:
            return fetch_rows(session, ids)
    c, cd = Contact, CompanyDetails
    found: dict[int, ContactRow] = {}
    for start in range(0, len(ids), _FETCH_CHUNK):
        stmt = (select(c.id, c.display_name, c.kind, c.status, c.city, c.primary_email,
                       c.primary_phone, cd.siren)
                .outerjoin(cd, cd.contact_id == c.id)
                .where(c.id.in_(list(ids[start:start + _FETCH_CHUNK]))))
        for cid, name, kind, status, city, email, phone, siren in source.execute(stmt):
            found[cid] = ContactRow(
                id=cid, display_name=name, kind=_label(ContactKind, kind),
                status=_label(ContactStatus, status), city=city or "", primary_email=email or "",
                primary_phone=format_phone(phone), siren=siren or "")
    return [found[i] for i in ids if i in found]


def _label(enum, code: str) -> str:
    try:
        return enum(code).label
    except ValueError:
        return code
