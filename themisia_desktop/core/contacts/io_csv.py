"""Contacts in and out of CSV files (another software's export, an Excel sheet).

Import: the delimiter is sniffed (``;`` or ``,``, also tab), the text is UTF-8 with or without
BOM, else Windows-1252; French or English headers are recognised (``--map COLONNE=champ``
adds or overrides one). Every row becomes a :class:`ContactInput` and goes through
:func:`.service.create_contact`, the same validation as the form: a bad row is rejected with its
line number and the French reason, and is never half-imported. Each good row is its own
transaction — or, with ``all_or_nothing``, every row shares one transaction that is committed
only when no row was rejected.

Export: ``;`` delimiter, UTF-8 with BOM (Excel opens it right), French headers that
:func:`import_contacts` reads back.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts.schema import (
    AddressInput,
    ChannelInput,
    CompanyInput,
    ContactInput,
    PersonInput,
)
from themisia_desktop.core.contacts.search import format_phone
from themisia_desktop.core.contacts.service import create_contact
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Contact
from themisia_desktop.core.models.enums import ContactKind, ContactStatus
from themisia_desktop.core.text import fold

# field → French label (used in messages and as the export headers, in this order)
FIELDS: dict[str, str] = {
    "kind": "Type",
    "status": "Statut",
    "civility": "Civilité",
    "last_name": "Nom",
    "first_name": "Prénom",
    "legal_name": "Raison sociale",
    "legal_form": "Forme juridique",
    "siren": "SIREN",
    "siret": "SIRET",
    "vat_number": "TVA intracommunautaire",
    "email": "E-mail",
    "phone": "Téléphone",
    "address": "Adresse",
    "address2": "Complément d'adresse",
    "postal_code": "Code postal",
    "city": "Ville",
    "country": "Pays",
    "notes": "Notes",
    "external_ref": "Référence externe",
}

# folded header (accents, case, punctuation and spaces removed) → field
_ALIASES: dict[str, tuple[str, ...]] = {
    "kind": ("type", "typologie", "kind", "type de contact", "nature"),
    "status": ("statut", "status", "etat"),
    "civility": ("civilite", "civility", "title", "salutation"),
    "last_name": ("nom", "nom de famille", "last name", "lastname", "surname", "family name", "name"),
    "first_name": ("prenom", "first name", "firstname", "given name"),
    "legal_name": ("raison sociale", "denomination", "denomination sociale", "societe", "company",
                   "company name", "entreprise", "organisation", "organization"),
    "legal_form": ("forme juridique", "forme", "legal form"),
    "siren": ("siren", "n siren", "numero siren"),
    "siret": ("siret", "n siret", "numero siret"),
    "vat_number": ("tva", "tva intracommunautaire", "n tva", "numero tva", "vat", "vat number",
                   "vat id"),
    "email": ("email", "e mail", "courriel", "mail", "adresse email", "adresse e mail",
              "email address"),
    "phone": ("telephone", "tel", "phone", "phone number", "portable", "mobile"),
    "address": ("adresse", "address", "rue", "adresse ligne 1", "address line 1", "street"),
    "address2": ("complement d adresse", "complement", "adresse ligne 2", "address line 2"),
    "postal_code": ("code postal", "cp", "zip", "zip code", "postal code", "postcode"),
    "city": ("ville", "city", "commune", "localite", "town"),
    "country": ("pays", "country", "code pays"),
    "notes": ("notes", "note", "remarques", "commentaire", "comments"),
    "external_ref": ("reference externe", "external ref", "external reference", "ref externe"),
}


def _header_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


HEADER_FIELDS: dict[str, str] = {_header_key(a): f for f, aliases in _ALIASES.items() for a in aliases}
_KIND_WORDS = {
    ContactKind.PERSON: ("personne physique", "physique", "person", "personne", "individual", "pp",
                         "particulier"),
    ContactKind.COMPANY: ("personne morale", "morale", "company", "societe", "entreprise", "pm",
                          "organisation", "organization"),
    ContactKind.JURISDICTION: ("juridiction", "jurisdiction", "court", "tribunal"),
}
KIND_VALUES = {_header_key(w): k for k, words in _KIND_WORDS.items() for w in words}
STATUS_VALUES = {_header_key(s.label): s for s in ContactStatus} | {
    _header_key(s.value): s for s in ContactStatus} | {"client": ContactStatus.CLIENT_ACTIVE,
                                                      "lead": ContactStatus.PROSPECT}


@dataclass(frozen=True)
class RejectedLine:
    line: int          # line number in the file (the header is line 1)
    message: str       # French reason
    field: str | None  # the offending field, when known


@dataclass
class ImportReport:
    imported: list[tuple[int, int]] = field(default_factory=list)  # (line, contact id)
    rejected: list[RejectedLine] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    committed: bool = True  # False when all-or-nothing refused everything


# -- reading ----------------------------------------------------------------------------------
def decode(data: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-1252 (Excel's "CSV" on a French Windows)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        return csv.Sniffer().sniff(first, delimiters=";,\t").delimiter
    except csv.Error:
        counts = {d: first.count(d) for d in ";,\t"}
        return max(counts, key=counts.__getitem__) if any(counts.values()) else ";"


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """``["Col A=siren", …]`` → {folded column: field}; unknown fields are refused in French."""
    mapping: dict[str, str] = {}
    for item in items:
        column, sep, target = item.partition("=")
        target = target.strip()
        if not sep or not column.strip():
            raise ValidationError(f"Correspondance « {item} » : écrivez COLONNE=champ.", field="map")
        if target not in FIELDS:
            raise ValidationError(f"Champ inconnu « {target} » ; champs possibles : "
                                  + ", ".join(FIELDS) + ".", field="map")
        mapping[_header_key(column)] = target
    return mapping


def read_rows(text: str, *, mapping: dict[str, str] | None = None,
              source_column: str | None = None) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """(line number, {field: value}) of every non-empty row, and the columns left unused."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    header = next(reader, None)
    if header is None:
        raise ValidationError("Le fichier est vide.", field="file")
    fields_of: list[str | None] = []
    ignored: list[str] = []
    source_key = _header_key(source_column) if source_column else None
    for name in header:
        key = _header_key(name)
        target = (mapping or {}).get(key) or ("external_ref" if key == source_key else None) \
            or HEADER_FIELDS.get(key)
        if target in fields_of:
            target = None  # a second column for the same field: the first one wins
        fields_of.append(target)
        if target is None and name.strip():
            ignored.append(name.strip())
    if source_key is not None and "external_ref" not in fields_of:
        raise ValidationError(f"Colonne d'identifiant source « {source_column} » absente du fichier.",
                              field="source_id")
    if not any(f in fields_of for f in ("last_name", "legal_name")):
        raise ValidationError("Aucune colonne de nom reconnue (Nom, Raison sociale…) : "
                              "précisez-la avec --map COLONNE=last_name.", field="file")
    rows = []
    start = 2
    for values in reader:
        line, start = start, reader.line_num + 1
        if not any(v.strip() for v in values):
            continue
        row = {f: v.strip() for f, v in zip(fields_of, values) if f is not None and v.strip()}
        rows.append((line, row))
    return rows, ignored


def _split(value: str | None) -> list[str]:
    return [p.strip() for p in re.split(r"[;,/|]| - ", value or "") if p.strip()]


def row_to_input(row: dict[str, str]) -> ContactInput:
    """One row's {field: value} as the service's input; ValidationError for what no service
    would understand (unknown type or status)."""
    kind_text = row.get("kind")
    if kind_text:
        kind = KIND_VALUES.get(_header_key(kind_text))
        if kind is None:
            raise ValidationError(f"Type inconnu « {kind_text} » (personne physique ou personne "
                                  "morale).", field="kind")
        if kind is ContactKind.JURISDICTION:
            raise ValidationError("Les juridictions ne s'importent pas par fichier : créez-les dans "
                                  "l'application.", field="kind")
    else:
        company_hint = any(row.get(f) for f in ("legal_name", "legal_form", "siren", "siret", "vat_number"))
        kind = ContactKind.COMPANY if company_hint and not row.get("first_name") else ContactKind.PERSON
    if kind is ContactKind.COMPANY:
        details = CompanyInput(legal_name=row.get("legal_name") or row.get("last_name") or "",
                               legal_form=row.get("legal_form"), siren=row.get("siren"),
                               siret=row.get("siret"), vat_number=row.get("vat_number"))
    else:
        details = PersonInput(last_name=row.get("last_name") or "", first_name=row.get("first_name"),
                              civility=row.get("civility"))
    status = ContactStatus.CONTACT
    if row.get("status"):
        found = STATUS_VALUES.get(_header_key(row["status"]))
        if found is None:
            raise ValidationError(f"Statut inconnu « {row['status']} ».", field="status")
        status = found
    addresses: tuple[AddressInput, ...] = ()
    if any(row.get(f) for f in ("address", "address2", "postal_code", "city")):
        addresses = (AddressInput(line1=row.get("address") or "", line2=row.get("address2"),
                                  postal_code=row.get("postal_code"), city=row.get("city"),
                                  country=(row.get("country") or "FR").upper(), is_primary=True),)
    channels = tuple(ChannelInput("email", v) for v in _split(row.get("email"))) + tuple(
        ChannelInput("phone", v) for v in _split(row.get("phone")))
    return ContactInput(details=details, status=status, addresses=addresses, channels=channels,
                        notes=row.get("notes"), external_ref=row.get("external_ref"))


# -- importing --------------------------------------------------------------------------------
class _OneTransaction:
    """Stands for the Database while an all-or-nothing import runs: every ``write()`` of the
    service is a SAVEPOINT inside one outer transaction (a bad row rolls back only itself;
    the caller commits the whole only when nothing was rejected)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self.session.begin_nested():
            yield self.session

    @contextmanager
    def read(self) -> Iterator[Session]:
        yield self.session


def import_contacts(db: Database, clock: Clock, path: Path | str, *,
                    mapping: dict[str, str] | None = None, source_column: str | None = None,
                    all_or_nothing: bool = False, actor_id: int | None = None,
                    progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import the contacts of a CSV file; see the module's documentation."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(f"Fichier illisible : {path} ({exc.strerror or exc}).", field="file") from None
    rows, ignored = read_rows(decode(data), mapping=mapping, source_column=source_column)
    report = ImportReport(ignored_columns=ignored)

    def run(target) -> None:  # noqa: ANN001 - a Database or the one-transaction stand-in
        for n, (line, row) in enumerate(rows, 1):
            try:
                contact = create_contact(target, clock, row_to_input(row), actor_id=actor_id)
            except ValidationError as exc:
                report.rejected.append(RejectedLine(line, exc.message, exc.field))
            else:
                report.imported.append((line, contact.id))
            if progress:
                progress(n, len(rows))

    if not all_or_nothing:
        run(db)
        return report
    try:
        with db.write() as session:
            run(_OneTransaction(session))
            if report.rejected:
                raise _Refused  # rolls the whole file back
    except _Refused:
        report.committed = False
        report.imported.clear()
    return report


class _Refused(Exception):
    pass


# -- exporting --------------------------------------------------------------------------------
def _export_row(c: Contact) -> list[str]:
    address = next((a for a in sorted(c.addresses, key=lambda a: (not a.is_primary, a.id))), None)
    p, k = c.person, c.company
    values = {
        "kind": ContactKind(c.kind).label, "status": ContactStatus(c.status).label,
        "civility": p.civility if p else None,
        "last_name": p.last_name if p else None, "first_name": p.first_name if p else None,
        "legal_name": k.legal_name if k else (c.display_name if c.kind == ContactKind.JURISDICTION else None),
        "legal_form": k.legal_form if k else None, "siren": k.siren if k else None,
        "siret": k.siret if k else None, "vat_number": k.vat_number if k else None,
        "email": ", ".join(ch.value for ch in sorted(c.channels, key=lambda ch: (not ch.is_primary, ch.id))
                           if ch.kind == "email"),
        "phone": ", ".join(format_phone(ch.value) for ch in sorted(
            c.channels, key=lambda ch: (not ch.is_primary, ch.id)) if ch.kind == "phone"),
        "address": address.line1 if address else None, "address2": address.line2 if address else None,
        "postal_code": address.postal_code if address else None,
        "city": address.city if address else c.city, "country": address.country if address else None,
        "notes": c.notes, "external_ref": c.external_ref,
    }
    return [str(c.id)] + [values[f] or "" for f in FIELDS]


EXPORT_HEADERS = ["Identifiant"] + list(FIELDS.values())


def export_contacts(db: Database, path: Path | str, *, ids: Sequence[int] | None = None,
                    chunk: int = 1000) -> int:
    """Write the contacts (all those not merged away, or ``ids``) to ``path``; their count."""
    base = (select(Contact).options(selectinload(Contact.person), selectinload(Contact.company),
                                    selectinload(Contact.addresses), selectinload(Contact.channels))
            .where(Contact.merged_into_id.is_(None)).order_by(Contact.id))
    wanted = None if ids is None else sorted(set(ids))
    count = 0
    with db.read() as s, Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(EXPORT_HEADERS)
        last = 0
        while True:  # keyset pages: memory stays flat on 100,000 contacts
            stmt = base.where(Contact.id > last).limit(chunk)
            if wanted is not None:
                stmt = stmt.where(Contact.id.in_([i for i in wanted if i > last][:chunk]))
            contacts = list(s.scalars(stmt))
            if not contacts:
                return count
            for c in contacts:
                writer.writerow(_export_row(c))
            count += len(contacts)
            last = contacts[-1].id
            s.expunge_all()
