"""Likely duplicates of a contact: the name key, the pair score and the while-typing lookup.

A pair of contacts of the same kind is scored from what they share — SIRET, SIREN, VAT number,
an e-mail, a phone (E.164), a similar *name key* — and from what contradicts (two known birth
dates rule out a match by name alone and lower the score; two SIRENs that differ are two legal
entities, never duplicates). The same :func:`score_pair`
serves the while-typing check (:func:`find_candidates`), the full scan
(:mod:`.duplicate_scan`) and the brute-force comparison of the benchmark.

The name key folds accents and case, drops punctuation, legal forms (SARL, SAS, SELARL…),
titles (Maître, M., Mme…) and small words, and sorts the remaining words: "SARL Dupont
Bâtiment" and "Dupont Batiment SAS" both give "batiment dupont".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import phonenumbers
from rapidfuzz import fuzz, process
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from themisia_desktop.core.contacts.duplicate_dismissals import (  # noqa: F401 - API
    dismiss_pair,
    dismissed_pairs,
    dismissed_partners,
)
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models import CompanyDetails, Contact, ContactChannel, PersonDetails
from themisia_desktop.core.text import fold

LEGAL_FORMS = frozenset((
    "sarl sas sasu sa sci selarl selas selafa selca selas sel scm scp snc sca gie eurl eirl ei "
    "association asso ste societe sté ets etablissements cie compagnie groupe holding earl gaec "
    "scop scea"
).split())
TITLES = frozenset((
    "maitre me m mr mme mlle mrs ms monsieur madame mademoiselle dr docteur pr professeur "
    "messieurs mesdames"
).split())
SMALL_WORDS = frozenset("et de du des la le les l d".split())
DROPPED = LEGAL_FORMS | TITLES | SMALL_WORDS
# Words a company's folded display name (its sort_name) may begin with, before the real name.
LEADING_WORDS = ("sarl", "sas", "sa", "sci", "selarl", "eurl", "snc", "scp", "ste", "societe",
                 "ets", "association", "cabinet")
_NON_WORD = re.compile(r"[^0-9a-z]+")

NAME_MIN = 85          # name similarity (0-100) from which names are "very close"
MIN_SCORE = 70         # pair score from which a pair is shown as a likely duplicate
BROAD_ROWS = 300       # rows read per 4-letter name prefix while typing


def name_tokens(text: str | None) -> list[str]:
    """Folded words of a name, without legal forms, titles and small words (all of them when
    nothing else is left: a company called "SAS" keeps its name)."""
    words = _NON_WORD.sub(" ", fold(text)).split()
    kept = [w for w in words if w not in DROPPED]
    return kept or words


def name_key(text: str | None) -> str:
    """The comparable form of a name: "Mme Hélène LEFÈVRE" → "helene lefevre"."""
    return " ".join(sorted(name_tokens(text)))


def normalise_phone(value: str | None) -> str | None:
    """A phone as typed ("06 12 34 56 78", "+33 6…") → E.164, or None when it is no number."""
    if not value or not value.strip():
        return None
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _compact(value: str | None) -> str | None:
    cleaned = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    return cleaned or None


@dataclass(frozen=True)
class DuplicateProbe:
    """What is being typed in the contact form."""

    kind: str
    display_name: str = ""
    last_name: str | None = None
    first_name: str | None = None
    legal_name: str | None = None
    siren: str | None = None
    siret: str | None = None
    vat_number: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    birth_date: date | None = None

    def name(self) -> str:
        if self.kind == "person" and self.last_name and self.last_name.strip():
            return f"{self.last_name} {self.first_name or ''}"
        return self.legal_name or self.display_name


@dataclass(frozen=True)
class DuplicateMatch:
    contact_id: int
    display_name: str
    score: int                        # 0-100
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Facts:
    """What the score of a pair is computed from (one contact or one draft)."""

    id: int
    kind: str
    key: str
    birth_date: Any = None            # date, or its ISO text when read raw
    siren: str | None = None
    siret: str | None = None
    vat: str | None = None
    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()


def probe_facts(probe: DuplicateProbe) -> Facts:
    siret = _compact(probe.siret)
    siren = _compact(probe.siren) or (siret[:9] if siret and len(siret) == 14 else None)
    phones = (normalise_phone(p) for p in probe.phones)
    return Facts(0, probe.kind, name_key(probe.name()), probe.birth_date, siren, siret,
                 _compact(probe.vat_number), frozenset(fold(e) for e in probe.emails if e and e.strip()),
                 frozenset(p for p in phones if p))


def score_pair(a: Facts, b: Facts, similarity: float | None = None) -> tuple[int, list[str]] | None:
    """(score 0-100, French reasons) when ``a`` and ``b`` are likely the same, else None."""
    if a.kind != b.kind:
        return None
    parts: list[tuple[int, str]] = []
    if a.siret and a.siret == b.siret:
        parts.append((100, "Même SIRET"))
    elif a.siren and a.siren == b.siren:
        parts.append((95, "Même SIREN"))
    elif a.vat and a.vat == b.vat:
        parts.append((95, "Même n° de TVA"))
    if a.emails and not a.emails.isdisjoint(b.emails):
        parts.append((90, "Même e-mail"))
    if a.phones and not a.phones.isdisjoint(b.phones):
        parts.append((80, "Même téléphone"))
    if a.siren and b.siren and a.siren != b.siren:
        return None  # two legal entities, whatever they share (a holding's e-mail, a switchboard)
    born_apart = bool(a.birth_date and b.birth_date and str(a.birth_date) != str(b.birth_date))
    if not born_apart and a.key and b.key:
        sim = similarity if similarity is not None else fuzz.ratio(a.key, b.key)
        if sim >= NAME_MIN:
            parts.append((round(sim * 0.9), "Même nom" if sim >= 99.5 else
                          f"Nom très proche ({sim:.0f} %)"))
    if not parts:
        return None
    parts.sort(reverse=True)
    score = min(100, parts[0][0] + 5 * (len(parts) - 1))
    reasons = [reason for _, reason in parts]
    if born_apart:  # relatives sharing an e-mail or a home phone
        score -= 25
        reasons.append("Dates de naissance différentes")
    return (score, reasons) if score >= MIN_SCORE else None


# -- reading facts -------------------------------------------------------------------------
def load_facts(session: Session, rows: list[tuple[int, str, str]]) -> dict[int, Facts]:
    """Facts of the contacts ``(id, kind, sort_name)``, with identifiers, channels, birth date."""
    facts = {cid: Facts(cid, kind, name_key(sort_name)) for cid, kind, sort_name in rows}
    if not facts:
        return facts
    ids = list(facts)
    for cid, born in session.execute(select(PersonDetails.contact_id, PersonDetails.birth_date)
                                     .where(PersonDetails.contact_id.in_(ids))):
        facts[cid].birth_date = born
    for cid, siren, siret, vat in session.execute(
            select(CompanyDetails.contact_id, CompanyDetails.siren, CompanyDetails.siret,
                   CompanyDetails.vat_number).where(CompanyDetails.contact_id.in_(ids))):
        f = facts[cid]
        f.siren, f.siret, f.vat = siren, siret, vat
    emails: dict[int, set[str]] = {}
    phones: dict[int, set[str]] = {}
    for cid, kind, value in session.execute(
            select(ContactChannel.contact_id, ContactChannel.kind, ContactChannel.value)
            .where(ContactChannel.contact_id.in_(ids))):
        (emails if kind == "email" else phones).setdefault(cid, set()).add(
            fold(value) if kind == "email" else value)
    for cid, values in emails.items():
        facts[cid].emails = frozenset(values)
    for cid, values in phones.items():
        facts[cid].phones = frozenset(values)
    return facts


def _exact_ids(session: Session, probe: Facts) -> set[int]:
    ids: set[int] = set()
    conds = []
    if probe.siren:
        conds.append(CompanyDetails.siren == probe.siren)
    if probe.siret:
        conds.append(CompanyDetails.siret == probe.siret)
    if probe.vat:
        conds.append(CompanyDetails.vat_number == probe.vat)
    if conds:
        ids.update(session.scalars(select(CompanyDetails.contact_id).where(or_(*conds))))
    for kind, values in (("email", probe.emails), ("phone", probe.phones)):
        if values:
            ids.update(session.scalars(select(ContactChannel.contact_id).where(
                ContactChannel.kind == kind, ContactChannel.value.in_(sorted(values)))))
    return ids


def _name_starts(probe: Facts) -> tuple[list[str], list[str]]:
    """(selective prefixes, broad prefixes) a matching contact's sort_name may begin with.
    A person's sort_name is "nom prénom", a company's its folded name, legal form included."""
    words = [w for w in dict.fromkeys(probe.key.split()) if len(w) >= 2][:4]
    exact = [f"{a} {b[:1]}" for a in words for b in words if a != b] or list(words)
    broad = sorted({w[:4] for w in words if len(w) >= 3})
    if probe.kind != "person":
        exact += [f"{lead} {p}" for lead in LEADING_WORDS for p in exact]
        broad += [f"{lead} {p}" for lead in LEADING_WORDS for p in broad]
    return exact, broad


def _name_neighbours(session: Session, probe: Facts, limit: int) -> dict[int, float]:
    """Contacts whose sort_name begins like the probe's name, scored by name similarity.
    One UNION ALL of index range scans (an OR of ranges makes SQLite pick another index);
    the broad 4-letter prefixes, there for typos, are capped at BROAD_ROWS rows each."""
    exact, broad = _name_starts(probe)
    if not exact and not broad:
        return {}
    conn = session.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    part = f"SELECT id, kind, sort_name, merged_into_id FROM contact " \
           f"WHERE sort_name >= {mark} AND sort_name < {mark}"
    parts = [f"SELECT * FROM ({part}) AS e{i}" for i in range(len(exact))]
    parts += [f"SELECT * FROM ({part} ORDER BY sort_name LIMIT {BROAD_ROWS}) AS b{i}"
              for i in range(len(broad))]
    params: list[str] = []
    for prefix in exact + broad:
        params += [prefix, prefix + "\x7f"]
    rows = {cid: sort_name for cid, kind, sort_name, merged in
            conn.exec_driver_sql(" UNION ALL ".join(parts), tuple(params))
            if kind == probe.kind and merged is None}
    if not rows:
        return {}
    ids, names = list(rows), list(rows.values())
    rough = process.extract(probe.key, names, scorer=fuzz.token_sort_ratio,
                            score_cutoff=NAME_MIN - 15, limit=limit * 20)
    keys = {ids[i]: name_key(names[i]) for _, _, i in rough}
    best = process.extract(probe.key, keys, scorer=fuzz.ratio, score_cutoff=NAME_MIN,
                           limit=limit * 4)
    return {cid: sim for _, sim, cid in best}


def find_candidates(db: Database, draft: DuplicateProbe, *, exclude_id: int | None = None,
                    limit: int = 5) -> list[DuplicateMatch]:
    """Likely duplicates of a contact being typed, best first (fast enough for each keystroke:
    indexed exact look-ups plus a name look-up by sort_name prefix)."""
    probe = probe_facts(draft)
    with db.read() as s:
        return candidates_in(s, probe, exclude_id=exclude_id, limit=limit)


def candidates_in(session: Session, probe: Facts, *, exclude_id: int | None = None,
                  limit: int = 5, min_score: int = MIN_SCORE) -> list[DuplicateMatch]:
    names = _name_neighbours(session, probe, limit)
    ids = _exact_ids(session, probe) | set(names)
    ids.discard(exclude_id)  # type: ignore[arg-type]
    if not ids:
        return []
    rows = session.execute(select(Contact.id, Contact.kind, Contact.sort_name, Contact.display_name)
                           .where(Contact.id.in_(ids), Contact.merged_into_id.is_(None))).all()
    display = {r[0]: r[3] for r in rows}
    facts = load_facts(session, [(r[0], r[1], r[2]) for r in rows])
    dismissed = dismissed_partners(session, exclude_id) if exclude_id is not None else set()
    found = []
    for cid, f in facts.items():
        if cid in dismissed:
            continue
        scored = score_pair(probe, f, names.get(cid))
        if scored and scored[0] >= min_score:
            found.append(DuplicateMatch(cid, display[cid], scored[0], scored[1]))
    found.sort(key=lambda m: (-m.score, m.display_name, m.contact_id))
    return found[:limit]
