"""Valid-looking French identifiers and contact channels, drawn from a seeded generator.

SIREN, SIRET and VAT numbers pass python-stdnum's checks (Luhn keys, VAT key); phone numbers
are in ranges that libphonenumber considers valid; e-mail domains are under ``.example``.
"""

from __future__ import annotations

import random
import re

from stdnum import luhn

from themisia_desktop.core.text import fold

# Mobile ranges valid per libphonenumber: 06 except 0639 and 069x, 07 from 075 to 078.
_MOBILE_PREFIXES = tuple(f"6{d}" for d in "01245678") + tuple(f"7{d}" for d in "5678")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def new_siren(rng: random.Random, taken: set[str]) -> str:
    """Nine digits whose last one is the Luhn key; never one already in ``taken``."""
    while True:
        body = str(rng.randint(30_000_000, 99_999_999))
        siren = body + luhn.calc_check_digit(body)
        if siren not in taken and siren != "356000000":  # La Poste follows another rule
            taken.add(siren)
            return siren


def siret_for(siren: str, nic4: int) -> str:
    """SIREN + 4-digit establishment number + Luhn key over the 13 digits."""
    body = f"{siren}{nic4:04d}"
    return body + luhn.calc_check_digit(body)


def vat_for(siren: str) -> str:
    """French intra-community VAT number: "FR" + 2-digit key + SIREN."""
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def mobile(rng: random.Random) -> str:
    return f"+33{rng.choice(_MOBILE_PREFIXES)}{rng.randrange(10_000_000):07d}"


def landline(rng: random.Random, prefixes: tuple[str, ...]) -> str:
    return f"+33{rng.choice(prefixes)}{rng.randrange(1_000_000):06d}"


def slug(text: str, sep: str = "") -> str:
    """ASCII letters and digits of ``text`` (for e-mail local parts and domains)."""
    return _SLUG_DROP.sub(sep, fold(text)).strip(sep)


def person_email(first: str, last: str, domain: str, variant: int) -> str:
    f, l_ = slug(first, "-"), slug(last, "-")
    local = (f"{f}.{l_}", f"{f[:1]}{l_}", f"{l_}.{f}", f"{f}.{l_}{variant % 100}")[variant % 4]
    return f"{local}@{domain}.example"


def domain_for(name: str) -> str:
    return slug(name, "-")[:40].strip("-") or "entreprise"
