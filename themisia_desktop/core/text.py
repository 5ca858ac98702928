"""Text folding for sorting, searching and matching contacts.

``fold`` is the one normalisation used everywhere a name is compared: lower-case, accents and
ligatures removed, whitespace collapsed ("  LEFÈVRE   Hélène " → "lefevre helene",
"Cœur" → "coeur"). ``contact_sort_name`` and ``contact_search_text`` compute what
``Contact.sort_name`` and ``Contact.search_text`` hold, so that the contact services, the import
and the demo generator all write the same thing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import phonenumbers

# Letters NFKD does not decompose (they are letters of their own, not letter + accent).
_LIGATURES = str.maketrans({
    "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o",
    "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i",
    # Typographic apostrophes and dashes typed by word processors.
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-",
    "\u2014": "-",
})


def fold(text: str | None) -> str:
    """Lower-case, accent-free, ligature-free text with single spaces ("" for None)."""
    if not text:
        return ""
    if text.isascii():  # fast path: most e-mails, phones, identifiers
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def contact_sort_name(kind: str, *, display_name: str | None = None, last_name: str | None = None,
                      first_name: str | None = None) -> str:
    """The folded name contacts are sorted by: "nom prénom" for a person, the display name
    otherwise (companies, courts). A person without a last name falls back to the display name."""
    if kind == "person" and last_name and last_name.strip():
        return fold(f"{last_name} {first_name or ''}")
    return fold(display_name)


def phone_search_forms(e164: str) -> list[str]:
    """A stored E.164 number as it may be typed: "+33612345678" and "0612345678"."""
    value = e164.strip()
    if not value:
        return []
    if value.startswith("+33") and len(value) == 12 and value[1:].isdigit():  # fast path
        return [value, "0" + value[3:]]
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return [value]
    national = "".join(ch for ch in phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.NATIONAL) if ch.isdigit())
    return [value, national] if national and national != value else [value]


def contact_search_text(display_name: str | None, *, emails: Iterable[str | None] = (),
                        phones: Iterable[str | None] = (), siren: str | None = None,
                        siret: str | None = None, vat_number: str | None = None,
                        city: str | None = None, extra: Iterable[str | None] = ()) -> str:
    """Folded, space-separated words a contact can be found by: its name, e-mails, phones
    (E.164 and national digits), SIREN, SIRET, VAT number and city. Each part is kept whole
    (the name stays searchable as a phrase); repeated parts are dropped; the name comes first."""
    parts: list[str] = [fold(display_name)]
    parts.extend(fold(e) for e in emails if e)
    for phone in phones:
        if phone:
            parts.extend(phone_search_forms(phone))
    parts.extend(fold(v).replace(" ", "") for v in (siren, siret, vat_number) if v)
    parts.append(fold(city))
    parts.extend(fold(e) for e in extra if e)
    return " ".join(dict.fromkeys(p for p in parts if p))
