"""Finding contacts fast: the ordered ids of a list view, and the rows of one page of it.

``search_contact_ids`` answers with ids only, sorted and filtered in SQL; the list model keeps
those ids and asks ``fetch_rows`` for the few rows it shows (DESIGN §7, Anki's browser table).

A search is a set of prefix terms (see :mod:`.search_index`), each matched against the token
index, whose key (token, sort_name, contact_id) lists the contacts of one token in name order;
a short term (2–3 characters) is looked up as one prefix key ("^ma"), a plain longer term as the
few plain words it starts ("martin", "martine", "martinez"), compound words being stored apart.
The first page in name order (what the list paints first, on every keystroke) is then:

* one term: each big token's contacts read in name order, ``limit`` at most, filters checked as
  they come; the small tokens' few rows sorted together; merged (a handful of index seeks);
* several terms of a few thousand entries each ("dupont jean"): their ids intersected, sorted;
* a common other term ("bernard le"): checked per row of the rarest one, read in name order;
* many distinct words and many entries (rare now): walk the contacts in name order; else sort
  the term's index entries by the sort_name they carry.

These run as plain SQL text (the same on SQLite and PostgreSQL): SQLAlchemy's statement
building would cost more than the queries. Every complete id list (no limit, or another order)
is the set of matches sorted in SQL; with no search text, status and type orders read one
covering-index range per value, in rank order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, bindparam, case, exists, func, literal, select, text
from sqlalchemy.orm import Session

from themisia_desktop.core.contacts.search_index import (PREFIX_MARK, prefix_upper_bound,
                                                         query_terms, stored_term)
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models.contacts import Contact
from themisia_desktop.core.models.enums import ContactKind, ContactStatus
from themisia_desktop.core.models.search import ContactToken

ACTIVE_STATUSES: tuple[str, ...] = (
    ContactStatus.CONTACT, ContactStatus.PROSPECT, ContactStatus.CLIENT_ACTIVE)
ALL_STATUSES: tuple[str, ...] = tuple(ContactStatus)
ORDERS = ("name", "kind", "status", "city", "email", "phone")
# Below this many matching tokens for the rarest term, drive the query from the token index.
RARE_TERM_TOKENS = 2_000
# A term whose range holds at most this many distinct tokens ("helene", "lefe", "dupont") has
# its first page read token by token, each already in name order, and merged.
MERGE_TOKENS = 80
# Another term with fewer index entries than this is checked by IN (ids gathered once).
IN_TOKENS = 3_000
# Past this many index entries, a term with many distinct tokens is dense: walk the names.
TOP_TOKENS = 8_000
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
    list_name: str = ""  # as a French list shows it: « LEFÈVRE Hélène », the denomination


def list_name_of(kind: str, display_name: str, last_name: str | None,
                 first_name: str | None) -> str:
    """« NOM Prénom » for a person (the order the list is sorted in), else the display name."""
    if kind == ContactKind.PERSON.value and last_name and last_name.strip():
        return " ".join(p for p in (last_name.strip().upper(), (first_name or "").strip()) if p)
    return display_name


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


# -- the first page in name order (raw SQL: this runs on every keystroke) -------------------
def _filter_sql(statuses, kinds) -> tuple[list[str], dict, list]:
    """WHERE parts on ``c`` (contact) for the filters, their parameters and expanding binds."""
    parts, params, binds = ["c.merged_into_id + 0 IS NULL"], {}, []
    status_set = ACTIVE_STATUSES if statuses is None else tuple(str(s) for s in statuses)
    if set(status_set) != set(ALL_STATUSES):
        parts.append("c.status || '' IN :statuses")  # "|| ''": not the status index (SQLite)
        params["statuses"] = list(status_set)
        binds.append(bindparam("statuses", expanding=True))
    if kinds is not None:
        parts.append("c.kind || '' IN :kinds")
        params["kinds"] = [str(k) for k in kinds]
        binds.append(bindparam("kinds", expanding=True))
    return parts, params, binds


def _others_sql(others: list[str], alias: str, params: dict, prefix: str = "o") -> list[str]:
    parts = []
    for i, term in enumerate(others):
        p = f"{prefix}{i}"
        params[f"{p}lo"], params[f"{p}hi"] = term, prefix_upper_bound(term)
        parts.append(f"EXISTS (SELECT 1 FROM contact_token t{p} WHERE t{p}.contact_id = "
                     f"{alias} AND t{p}.token >= :{p}lo AND t{p}.token < :{p}hi)")
    return parts


def _run(session: Session, sql: str, params: dict, binds: list) -> list:
    stmt = text(sql)
    if binds:
        stmt = stmt.bindparams(*binds)
    return session.execute(stmt, params).all()


def _capped_count(session: Session, term: str, cap: int) -> int:
    return session.execute(text(
        "SELECT count(*) FROM (SELECT 1 FROM contact_token WHERE token >= :lo AND token < :hi "
        "LIMIT :cap) AS x"), {"lo": term, "hi": prefix_upper_bound(term), "cap": cap}).scalar()


def _distinct_tokens(session: Session, term: str, cap: int) -> list[str]:
    """The distinct tokens starting with ``term``, at most ``cap + 1`` of them: a loose index
    scan (one seek per distinct token), in one statement."""
    sql = text(
        "WITH RECURSIVE t(tok, n) AS ("
        " SELECT (SELECT min(token) FROM contact_token WHERE token >= :lo AND token < :hi), 1"
        " UNION ALL"
        " SELECT (SELECT min(token) FROM contact_token WHERE token > t.tok AND token < :hi),"
        " n + 1 FROM t WHERE t.tok IS NOT NULL AND n <= :cap)"
        " SELECT tok FROM t WHERE tok IS NOT NULL")
    return list(session.scalars(sql, {"lo": term, "hi": prefix_upper_bound(term), "cap": cap}))


def _weighed(session: Session, tokens: list[str], big: int) -> list[tuple[str, bool]]:
    """Each token with whether it has more than ``big`` rows (``big`` index steps at most)."""
    params: dict = {"big": big}
    checks = []
    for i, tok in enumerate(tokens):
        params[f"w{i}"] = tok
        checks.append(f"SELECT {i} AS i WHERE EXISTS (SELECT 1 FROM contact_token b WHERE "
                      f"b.token = :w{i} LIMIT 1 OFFSET :big)")
    bigs = set(session.scalars(text(" UNION ALL ".join(checks)), params))
    return [(tok, i in bigs) for i, tok in enumerate(tokens)]


def _others_check(others: list[str], counts: dict[str, int], params: dict) -> list[str]:
    """The other terms, checked on ``d.contact_id``: a few thousand ids at most are gathered
    once (IN, an ephemeral index); a common term is probed per row (EXISTS), which stops early
    when it matches often."""
    parts = []
    for i, term in enumerate(others):
        if counts.get(term, TOP_TOKENS) < IN_TOKENS:
            params[f"i{i}lo"], params[f"i{i}hi"] = term, prefix_upper_bound(term)
            parts.append(f"d.contact_id IN (SELECT contact_id FROM contact_token WHERE "
                         f"token >= :i{i}lo AND token < :i{i}hi)")
        else:
            parts += _others_sql([term], "d.contact_id", params, prefix=f"e{i}")
    return parts


def _merged_token_pages(session: Session, tokens: list[tuple[str, bool]], others: list[str],
                        counts: dict[str, int], filters, descending: bool,
                        limit: int) -> list[int]:
    """Each big token's contacts are read in name order from the primary key (token,
    sort_name, contact_id) — filters and other terms checked as they come, ``limit`` at most;
    the small tokens' few rows are sorted together; then all is merged. A contact found by two
    tokens comes twice with the same sort_name: DISTINCT."""
    where, params, binds = filters
    params = dict(params, n=limit)
    binds = list(binds)
    direction = " DESC" if descending else ""
    checks = _others_check(others, counts, params)
    order = f"ORDER BY d.sort_name{direction}, d.contact_id{direction} LIMIT :n"
    head = "SELECT d.contact_id, d.sort_name FROM contact_token d JOIN contact c ON c.id = d.contact_id"
    pages = []
    for i, (tok, big) in enumerate(tokens):
        if big:
            params[f"k{i}"] = tok
            pages.append(f"{head} WHERE {' AND '.join([f'd.token = :k{i}', *where, *checks])} "
                         f"{order}")
    small = [tok for tok, big in tokens if not big]
    if small:
        params["small"] = small
        binds.append(bindparam("small", expanding=True))
        # A contact may have several of these tokens: DISTINCT before LIMIT.
        pages.append(f"SELECT DISTINCT d.contact_id, d.sort_name FROM contact_token d JOIN "
                     f"contact c ON c.id = d.contact_id WHERE "
                     f"{' AND '.join(['d.token IN :small', *where, *checks])} {order}")
    if len(pages) == 1 and not small:  # one token: a contact comes once
        return [cid for cid, _name in _run(session, pages[0], params, binds)]
    union = " UNION ALL ".join(f"SELECT * FROM ({p}) AS p{i}" for i, p in enumerate(pages))
    sql = (f"SELECT DISTINCT contact_id, sort_name FROM ({union}) AS u "
           f"ORDER BY sort_name{direction}, contact_id{direction} LIMIT :n")
    return [cid for cid, _name in _run(session, sql, params, binds)]


def _token_top(session: Session, driver: str, others: list[str], filters, descending: bool,
               limit: int) -> list[int]:
    """Sort the driver's index entries (a few thousand at most) by the sort_name they carry,
    then read the contact rows of the best candidates only."""
    where, params, binds = filters
    params = dict(params, lo=driver, hi=prefix_upper_bound(driver), n=limit)
    direction = " DESC" if descending else ""
    inner_where = " AND ".join(["d.token >= :lo", "d.token < :hi",
                                *_others_sql(others, "d.contact_id", params)])
    rows: list = []
    for wanted in (4 * limit + 50, None):
        cap = "" if wanted is None else f" LIMIT {wanted}"
        sql = (f"SELECT DISTINCT cand.contact_id, cand.sort_name FROM (SELECT d.contact_id, "
               f"d.sort_name FROM contact_token d WHERE {inner_where} ORDER BY "
               f"d.sort_name{direction}, d.contact_id{direction}{cap}) AS cand JOIN contact c "
               f"ON c.id = cand.contact_id WHERE {' AND '.join(where)} ORDER BY "
               f"cand.sort_name{direction}, cand.contact_id{direction} LIMIT :n")
        rows = _run(session, sql, params, binds)
        if len(rows) == limit:
            break
    return [cid for cid, _name in rows]


def _walk_names(session: Session, terms: list[str], filters, descending: bool,
                limit: int) -> list[int] | None:
    """The first ``limit`` matches in name order, walking the contacts in name order (covering
    index) and probing their tokens, stopping at ``limit``. One dense term finds them within a
    few hundred contacts; several terms may be rarer together, so their walk stops at the
    WALK_ROWS-th contact (None: not enough found there)."""
    where, params, binds = filters
    params = dict(params, n=limit, walk=WALK_ROWS - 1)
    direction = " DESC" if descending else ""
    order = f"ORDER BY c.sort_name{direction}, c.id{direction}"
    conds = [*where, *_others_sql(terms, "c.id", params)]
    bound = None
    if len(terms) > 1:
        row = _run(session, f"SELECT c.sort_name, c.id FROM contact c WHERE {' AND '.join(where)}"
                            f" {order} LIMIT 1 OFFSET :walk", params, binds)
        if row:
            bound = row[0]
            params["bname"], params["bid"] = bound
            cmp = "<" if not descending else ">"
            conds.append(f"(c.sort_name {cmp} :bname OR (c.sort_name = :bname AND "
                         f"c.id {cmp}= :bid))")
    ids = [cid for (cid,) in _run(session, f"SELECT c.id FROM contact c WHERE "
                                           f"{' AND '.join(conds)} {order} LIMIT :n",
                                  params, binds)]
    if len(ids) == limit or bound is None:
        return ids
    return None


def _term_id_set(session: Session, term: str) -> set[int]:
    """Every contact id a term matches, through the driver's own cursor (thousands of rows:
    SQLAlchemy's per-row processing would cost more than the query)."""
    raw = session.connection().connection.dbapi_connection
    mark = "?" if session.get_bind().dialect.paramstyle == "qmark" else "%s"
    cursor = raw.cursor()
    try:
        cursor.execute(f"SELECT contact_id FROM contact_token WHERE token >= {mark} AND "
                       f"token < {mark}", (term, prefix_upper_bound(term)))
        return {cid for (cid,) in cursor.fetchall()}
    finally:
        cursor.close()



def _intersected(session: Session, terms: list[str], filters, descending: bool,
                 limit: int) -> list[int]:
    """Several terms, each with a few thousand index entries at most ("dupont jean"): their
    ids are gathered and intersected (rarely more than a few hundred left), then sorted."""
    ids: set[int] | None = None
    for term in terms:
        found = _term_id_set(session, term)
        ids = found if ids is None else ids & found
        if not ids:
            return []
    where, params, binds = filters
    params = dict(params, n=limit, ids=sorted(ids))
    direction = " DESC" if descending else ""
    sql = (f"SELECT c.id FROM contact c WHERE {' AND '.join(['c.id IN :ids', *where])} "
           f"ORDER BY c.sort_name{direction}, c.id{direction} LIMIT :n")
    return [cid for (cid,) in _run(session, sql, params, [*binds, bindparam("ids", expanding=True)])]


def _page_by_name(session: Session, terms: list[str], statuses, kinds, descending: bool,
                  limit: int) -> list[int]:
    """The first page of a search in name order, without sorting all its matches."""
    filters = _filter_sql(statuses, kinds)
    counts: dict[str, int] = {}
    if len(terms) == 1:
        driver = terms[0]
    else:
        counts = {term: _capped_count(session, term, TOP_TOKENS) for term in terms}
        driver = min(terms, key=counts.__getitem__)
        if counts[driver] == 0:
            return []
    if len(terms) > 1 and max(counts.values()) < TOP_TOKENS:
        return _intersected(session, terms, filters, descending, limit)
    others = [t for t in terms if t != driver]
    if driver.startswith(PREFIX_MARK):  # a short term: one key, its contacts in name order
        return _merged_token_pages(session, [(driver, True)], others, counts, filters,
                                   descending, limit)
    tokens = _distinct_tokens(session, driver, MERGE_TOKENS)
    if not tokens:
        return []
    if len(tokens) == 1:
        return _merged_token_pages(session, [(tokens[0], True)], others, counts, filters,
                                   descending, limit)
    if len(tokens) <= MERGE_TOKENS:
        return _merged_token_pages(session, _weighed(session, tokens, limit), others, counts,
                                   filters, descending, limit)
    if driver not in counts:
        counts[driver] = _capped_count(session, driver, TOP_TOKENS)
    if counts[driver] >= TOP_TOKENS:  # short, common prefix ("ma", "06"): dense, walk the names
        ids = _walk_names(session, terms, filters, descending, limit)
        if ids is not None:
            return ids
    return _token_top(session, driver, others, filters, descending, limit)


def _by_rank(session: Session, order: str, statuses, kinds, descending: bool,
             limit: int | None) -> list[int]:
    """No search text, sorted by status or type: one name-ordered range of the covering index
    per value, in rank order (no sort of the whole list)."""
    c = Contact
    status_set = ACTIVE_STATUSES if statuses is None else tuple(str(s) for s in statuses)
    kind_set = tuple(ContactKind) if kinds is None else tuple(str(k) for k in kinds)
    base: list[ColumnElement] = [(c.merged_into_id + 0).is_(None)]
    if order == "status":
        ranked = [str(s) for s in ContactStatus if str(s) in status_set]
        column = c.status
        if set(kind_set) != set(map(str, ContactKind)):
            base.append((c.kind + "").in_(kind_set))
    else:
        ranked = [str(k) for k in sorted(ContactKind, key=lambda k: k.label) if str(k) in kind_set]
        column = c.kind
        if set(status_set) != set(ALL_STATUSES):
            base.append((c.status + "").in_(status_set))
    ranked += [v for v in (status_set if order == "status" else kind_set) if v not in ranked]
    if descending:
        ranked.reverse()
    keys = [c.sort_name.desc(), c.id.desc()] if descending else [c.sort_name, c.id]
    out: list[int] = []
    for value in ranked:
        stmt = select(c.id).where(column == value, *base).order_by(*keys)
        if limit is not None:
            stmt = stmt.limit(limit - len(out))
        out.extend(session.scalars(stmt))
        if limit is not None and len(out) >= limit:
            break
    return out


def _ids(session: Session, text: str | None, *, statuses, kinds, order: str, descending: bool,
         limit: int | None) -> list[int]:
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}")
    terms = query_terms(text)
    if not terms and order in ("status", "kind"):
        return _by_rank(session, order, statuses, kinds, descending, limit)
    terms = [stored_term(t) for t in terms]
    if terms and limit is not None and order == "name":
        return _page_by_name(session, terms, statuses, kinds, descending, limit)
    conds = _filters(statuses, kinds, session.get_bind().dialect.name == "sqlite")
    if terms:
        counts = {term: _token_count(session, term, RARE_TERM_TOKENS) for term in terms}
        rarest = min(terms, key=counts.__getitem__)
        if counts[rarest] == 0:
            return []
        conds.append(Contact.id.in_(_term_ids(rarest)))
        conds.extend(_term_matches(t) for t in terms if t != rarest)
    stmt = select(Contact.id).where(and_(*conds)).order_by(*_order_by(order, descending))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [cid for (cid,) in session.execute(stmt)]


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


_ROWS_SQL = ("SELECT c.id, c.display_name, c.kind, c.status, c.city, c.primary_email, "
             "c.primary_phone, cd.siren, pd.last_name, pd.first_name FROM contact c "
             "LEFT JOIN company_details cd ON cd.contact_id = c.id "
             "LEFT JOIN person_details pd ON pd.contact_id = c.id WHERE c.id IN ({marks})")


def fetch_rows(source: Session | Database, ids: Sequence[int]) -> list[ContactRow]:
    """The rows of these contacts, in the order of ``ids`` (ids no longer found are left out).
    Read through the driver's cursor: a page of the list is read while the user scrolls, on a
    worker thread that shares the interpreter with the painting GUI thread."""
    if isinstance(source, Database):
        with source.read() as session:
            return fetch_rows(session, ids)
    mark = "?" if source.get_bind().dialect.paramstyle == "qmark" else "%s"
    cursor = source.connection().connection.dbapi_connection.cursor()
    kinds, statuses = _LABELS[ContactKind], _LABELS[ContactStatus]
    found: dict[int, ContactRow] = {}
    try:
        for start in range(0, len(ids), _FETCH_CHUNK):
            chunk = list(ids[start:start + _FETCH_CHUNK])
            cursor.execute(_ROWS_SQL.format(marks=", ".join([mark] * len(chunk))), chunk)
            for (cid, name, kind, status, city, email, phone, siren, last,
                 first) in cursor.fetchall():
                found[cid] = ContactRow(
                    id=cid, display_name=name, kind=kinds.get(kind, kind),
                    status=statuses.get(status, status), city=city or "",
                    primary_email=email or "", primary_phone=format_phone(phone),
                    siren=siren or "", list_name=list_name_of(kind, name, last, first))
    finally:
        cursor.close()
    return [found[i] for i in ids if i in found]


_LABELS = {enum: {str(m): m.label for m in enum} for enum in (ContactKind, ContactStatus)}
