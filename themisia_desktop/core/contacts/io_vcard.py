"""Contacts from vCard files (.vcf) as Outlook, Apple Contacts, Google Contacts export them.

Reads vCard 2.1, 3.0 and 4.0: folded lines, quoted-printable values (with their soft line
breaks) and ``CHARSET=``, escaped ``\\,`` ``\\;`` ``\\n``, grouped properties (``item1.EMAIL``),
several cards per file. The properties used: N, FN, ORG, KIND / X-ABShowAs (a company card),
EMAIL, TEL, ADR, BDAY, TITLE, NOTE and UID (kept as the external reference).

Every card becomes a :class:`ContactInput` and goes through
:func:`.service.create_contact`, the same validation as the form and the CSV import: a bad card
is rejected with its position in the file, its line and the French reason, and is never
half-imported. A card whose UID is already the external reference of a contact (imported
before) is rejected as already there. With ``all_or_nothing``, the whole file is one
transaction, committed only when no card was rejected.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts.io_csv import _OneTransaction, decode
from themisia_desktop.core.contacts.schema import (
    CIVILITIES,
    AddressInput,
    ChannelInput,
    CompanyInput,
    ContactInput,
    PersonInput,
)
from themisia_desktop.core.contacts.service import create_contact
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Contact
from themisia_desktop.core.text import fold


@dataclass(frozen=True)
class Property:
    name: str                      # upper case, group removed: "EMAIL"
    params: dict[str, list[str]]   # upper-case keys; bare 2.1 parameters go under "TYPE"
    value: str                     # decoded, still escaped (structured values split later)

    @property
    def types(self) -> set[str]:
        return {t.upper() for t in self.params.get("TYPE", [])}


@dataclass(frozen=True)
class Card:
    position: int   # 1 for the file's first card
    line: int       # line of its BEGIN:VCARD
    properties: tuple[Property, ...]

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]

    def first(self, name: str) -> str | None:
        found = self.all(name)
        return found[0].value if found else None


@dataclass(frozen=True)
class RejectedCard:
    position: int
    line: int
    name: str           # what the card calls itself (FN), for the message
    message: str        # French reason
    field: str | None


@dataclass
class VcardReport:
    imported: list[tuple[int, int]] = field(default_factory=list)  # (position, contact id)
    rejected: list[RejectedCard] = field(default_factory=list)
    committed: bool = True


# -- reading ----------------------------------------------------------------------------------
def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded lines with their first physical line number (RFC 6350 folding, and the
    quoted-printable soft breaks of vCard 2.1 exports)."""
    lines: list[tuple[int, str]] = []
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(physical, 1):
        if raw[:1] in (" ", "\t") and lines:
            start, previous = lines[-1]
            lines[-1] = (start, previous + raw[1:])
            continue
        if lines and _open_soft_break(lines[-1][1]):
            start, previous = lines[-1]
            lines[-1] = (start, previous[:-1] + raw)
            continue
        if raw.strip():
            lines.append((number, raw))
    return lines


def _open_soft_break(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head and ":" in line and line.endswith("=")


def _split_params(head: str) -> tuple[str, dict[str, list[str]]]:
    parts = re.findall(r'(?:[^;"]|"[^"]*")+', head)
    name = parts[0].split(".")[-1].strip().upper() if parts else ""
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        if not sep:  # vCard 2.1: "TEL;WORK;PREF:" or "ADR;QUOTED-PRINTABLE:"
            key, value = ("ENCODING", key) if key.upper() in ("QUOTED-PRINTABLE", "BASE64") \
                else ("TYPE", key)
        values = [v.strip().strip('"') for v in re.findall(r'(?:[^,"]|"[^"]*")+', value)]
        params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
    return name, params


def _decode_value(value: str, params: dict[str, list[str]]) -> str:
    encoding = [e.upper() for e in params.get("ENCODING", [])]
    if "QUOTED-PRINTABLE" in encoding:
        charset = (params.get("CHARSET") or ["UTF-8"])[0]
        raw = quopri.decodestring(value.encode("ascii", "replace"))
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return raw.decode("cp1252", "replace")
    return value


def _split_line(text: str) -> tuple[str, str]:
    """Name and parameters before the first colon that is not inside quotes."""
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return text[:i], text[i + 1:]
    return text, ""


def parse_vcards(text: str) -> list[Card]:
    """Every card of the file, in order. Lines outside a card are ignored."""
    cards: list[Card] = []
    current: list[Property] | None = None
    start = 0
    for number, line in _logical_lines(text):
        head, value = _split_line(line)
        name, params = _split_params(head)
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            current, start = [], number
        elif name == "END" and value.strip().upper() == "VCARD" and current is not None:
            cards.append(Card(len(cards) + 1, start, tuple(current)))
            current = None
        elif current is not None and name:
            current.append(Property(name, params, _decode_value(value, params)))
    if current is not None:  # a last card without END: still read, and checked like the others
        cards.append(Card(len(cards) + 1, start, tuple(current)))
    return cards


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def components(value: str) -> list[str]:
    """A structured value (N, ADR, ORG) split on its unescaped semicolons."""
    return [unescape(p).strip() for p in re.split(r"(?<!\\);", value)]


# -- mapping ----------------------------------------------------------------------------------
_CIVILITY_WORDS = {"m": "M.", "mr": "M.", "monsieur": "M.", "mme": "Mme", "madame": "Mme",
                   "mrs": "Mme", "ms": "Mme", "mlle": "Mme", "me": "Me", "maitre": "Me",
                   "dr": "Dr", "docteur": "Dr", "pr": "Pr", "professeur": "Pr"}
_COUNTRIES = {"france": "FR", "belgique": "BE", "belgium": "BE", "suisse": "CH",
              "switzerland": "CH", "luxembourg": "LU", "monaco": "MC", "allemagne": "DE",
              "germany": "DE", "espagne": "ES", "spain": "ES", "italie": "IT", "italy": "IT",
              "royaume uni": "GB", "united kingdom": "GB", "uk": "GB", "etats unis": "US",
              "united states": "US", "usa": "US", "united states of america": "US",
              "pays bas": "NL", "netherlands": "NL", "portugal": "PT", "canada": "CA"}


def _civility(prefix: str) -> str | None:
    word = re.sub(r"[^a-z]", "", fold(prefix))
    found = _CIVILITY_WORDS.get(word)
    return found if found in CIVILITIES else None


def _country(value: str) -> str:
    if not value:
        return "FR"
    key = " ".join(re.sub(r"[^a-z]+", " ", fold(value)).split())
    return _COUNTRIES.get(key, value)


def _birth_date(value: str | None) -> str | None:
    """19750714, 1975-07-14 or 1975-07-14T00:00:00Z → "1975-07-14"; a date without year
    (--0714) is left out."""
    text = (value or "").strip()
    match = re.match(r"^(\d{4})-?(\d{2})-?(\d{2})", text)
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else None


def _is_company(card: Card, family: str, given: str) -> bool:
    kind = (card.first("KIND") or "").strip().lower()
    show_as = (card.first("X-ABSHOWAS") or "").strip().upper()
    org = components(card.first("ORG") or "")[0]
    return kind == "org" or show_as == "COMPANY" or (bool(org) and not family and not given)


def _channels(card: Card) -> tuple[ChannelInput, ...]:
    out: list[ChannelInput] = []
    for name, kind in (("EMAIL", "email"), ("TEL", "phone")):
        props = card.all(name)
        preferred = next((i for i, p in enumerate(props)
                          if "PREF" in p.types or p.params.get("PREF")), None)
        for i, p in enumerate(props):
            value = unescape(p.value).strip()
            value = re.sub(r"^(mailto|tel):", "", value, flags=re.IGNORECASE)
            if value:
                out.append(ChannelInput(kind, value, is_primary=i == preferred))
    return tuple(out)


def _addresses(card: Card) -> tuple[AddressInput, ...]:
    found = []
    props = card.all("ADR")
    preferred = next((i for i, p in enumerate(props) if "PREF" in p.types or p.params.get("PREF")), 0)
    for i, p in enumerate(props):
        parts = (components(p.value) + [""] * 7)[:7]
        _box, extended, street, city, _region, postal, country = parts
        lines = [x.strip() for x in street.split("\n") if x.strip()]
        if not any((street, extended, city, postal)):
            continue
        line1 = lines[0] if lines else extended
        line2 = " ".join(lines[1:] + ([extended] if lines and extended else [])) or None
        found.append(AddressInput(line1=line1, line2=line2, postal_code=postal or None,
                                  city=city or None, country=_country(country),
                                  is_primary=i == preferred))
    if found and not any(a.is_primary for a in found):
        found[0] = AddressInput(**{**found[0].__dict__, "is_primary": True})
    return tuple(found)


def card_to_input(card: Card) -> ContactInput:
    """One card as the service's input; ValidationError when it names no one."""
    family, given, _middle, prefix, _suffix = (components(card.first("N") or "") + [""] * 5)[:5]
    full = unescape(card.first("FN") or "").strip()
    org = components(card.first("ORG") or "")[0]
    notes = [unescape(n).strip() for n in (p.value for p in card.all("NOTE")) if n.strip()]
    if _is_company(card, family, given):
        legal = org or full
        if not legal:
            raise ValidationError("La fiche ne donne ni nom ni société (N, FN ou ORG).",
                                  field="legal_name")
        details: CompanyInput | PersonInput = CompanyInput(legal_name=legal)
    else:
        if not family and full:  # only FN: « Hélène Lefèvre » → the last word is the name
            words = full.split()
            family, given = words[-1], given or " ".join(words[:-1])
        if not family:
            raise ValidationError("La fiche ne donne ni nom ni société (N, FN ou ORG).",
                                  field="last_name")
        details = PersonInput(last_name=family, first_name=given or None,
                              civility=_civility(prefix) if prefix else None,
                              birth_date=_birth_date(card.first("BDAY")),
                              profession=unescape(card.first("TITLE") or "").strip() or None)
        if org:
            notes.insert(0, f"Société : {org}")
    uid = re.sub(r"^urn:uuid:", "", unescape(card.first("UID") or "").strip(), flags=re.I) or None
    if uid is not None and len(uid) > 100:
        raise ValidationError("L'identifiant UID de la fiche dépasse 100 caractères.",
                              field="external_ref")
    return ContactInput(details=details, addresses=_addresses(card), channels=_channels(card),
                        notes="\n".join(notes) or None, external_ref=uid)


def card_name(card: Card) -> str:
    return (unescape(card.first("FN") or "").strip()
            or " ".join(p for p in components(card.first("N") or "")[1::-1] if p)
            or components(card.first("ORG") or "")[0])


# -- importing --------------------------------------------------------------------------------
def import_vcards(db: Database, clock: Clock, path: Path | str, *, all_or_nothing: bool = False,
                  actor_id: int | None = None,
                  progress: Callable[[int, int], None] | None = None) -> VcardReport:
    """Import the cards of a .vcf file; see the module's documentation."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(f"Fichier illisible : {path} ({exc.strerror or exc}).",
                              field="file") from None
    cards = parse_vcards(decode(data))
    if not cards:
        raise ValidationError("Aucune fiche vCard (BEGIN:VCARD) dans ce fichier.", field="file")
    report = VcardReport()

    def run(target) -> None:  # noqa: ANN001 - a Database or the one-transaction stand-in
        for n, card in enumerate(cards, 1):
            try:
                data = card_to_input(card)
                if data.external_ref is not None and _ref_taken(target, data.external_ref):
                    raise ValidationError("Déjà importée : un contact porte déjà cet identifiant "
                                          f"(UID {data.external_ref}).", field="external_ref")
                contact = create_contact(target, clock, data, actor_id=actor_id)
            except ValidationError as exc:
                report.rejected.append(RejectedCard(card.position, card.line, card_name(card),
                                                    exc.message, exc.field))
            else:
                report.imported.append((card.position, contact.id))
            if progress:
                progress(n, len(cards))

    if not all_or_nothing:
        run(db)
        return report
    try:
        with db.write() as session:
            run(_OneTransaction(session))
            if report.rejected:
                raise _Refused
    except _Refused:
        report.committed = False
        report.imported.clear()
    return report


def _ref_taken(target, ref: str) -> bool:  # noqa: ANN001 - a Database or the stand-in
    """A contact (not merged away) already carries this external reference (indexed)."""
    with target.read() as s:
        return s.scalar(select(Contact.id).where(Contact.external_ref == ref,
                                                 Contact.merged_into_id.is_(None)).limit(1)) is not None


class _Refused(Exception):
    pass
