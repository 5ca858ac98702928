"""Checking and normalising what a user types for a contact (DESIGN §5b, "Identifiers").

Every function returns the value as stored (compact SIREN, E.164 phone, normalised e-mail…),
``None`` for an empty input, or raises :class:`ValidationError` with a French message and the
name of the field. python-stdnum checks checksums (La Poste's SIRET rule and Monaco's VAT
numbers included), not whether the company exists; e-mails are checked offline
(``check_deliverability=False``); phones must be *valid* numbers, not merely possible ones.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret
from stdnum.fr import tva as stdnum_tva

from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.money import parse_amount

DEFAULT_REGION = "FR"
_DATE_FR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _blank(value: str | None) -> bool:
    return value is None or not str(value).strip()


def normalise_siren(value: str | None, *, field: str = "siren") -> str | None:
    """"552 008 443" → "552008443"."""
    if _blank(value):
        return None
    try:
        return stdnum_siren.validate(str(value))
    except StdnumError:
        raise ValidationError(
            f"Le SIREN « {value} » n'est pas valide : 9 chiffres dont une clé de contrôle.",
            field=field) from None


def normalise_siret(value: str | None, *, siren: str | None = None,
                    field: str = "siret") -> str | None:
    """14 digits: the SIREN, the establishment number (NIC) and a key (Luhn, or La Poste's
    own rule for 356 000 000 …). When ``siren`` is given, the SIRET must start with it."""
    if _blank(value):
        return None
    try:
        number = stdnum_siret.validate(str(value))
    except StdnumError:
        raise ValidationError(
            f"Le SIRET « {value} » n'est pas valide : 14 chiffres (SIREN + NIC) dont une clé "
            "de contrôle.", field=field) from None
    if siren and number[:9] != siren:
        raise ValidationError(
            f"Le SIRET « {value} » ne commence pas par le SIREN {format_siren(siren)}.", field=field)
    return number


def format_siren(siren: str) -> str:
    return f"{siren[:3]} {siren[3:6]} {siren[6:9]}"


def tva_from_siren(siren: str) -> str:
    """The French intra-community VAT number derived from a SIREN ("FR" + key + SIREN)."""
    clean = normalise_siren(siren)
    if clean is None:
        raise ValidationError("Saisissez d'abord le SIREN.", field="siren")
    return "FR" + stdnum_siren.to_tva(clean)


def suggest_vat(siren: str | None) -> str | None:
    """What the form offers in the VAT field once a valid SIREN is typed (None otherwise)."""
    try:
        return tva_from_siren(siren) if siren else None
    except ValidationError:
        return None


def normalise_vat(value: str | None, *, siren: str | None = None,
                  field: str = "vat_number") -> str | None:
    """An EU VAT number, "FR" assumed when no country is typed. A French number must carry
    the company's SIREN when both are known."""
    if _blank(value):
        return None
    compact = re.sub(r"[\s.\-]", "", str(value)).upper()
    if compact[:1].isdigit():
        compact = "FR" + compact
    try:
        if compact.startswith("FR"):
            number = "FR" + stdnum_tva.validate(compact[2:])
        else:
            number = eu_vat.validate(compact)
    except StdnumError:
        raise ValidationError(
            f"Le numéro de TVA intracommunautaire « {value} » n'est pas valide.", field=field) from None
    if siren and number.startswith("FR") and number[4:] != siren and number[4:7] != "000":
        raise ValidationError(
            f"Le numéro de TVA « {number} » ne correspond pas au SIREN {format_siren(siren)} "
            f"(attendu : {tva_from_siren(siren)}).", field=field)
    return number


def normalise_rcs(greffe: str | None, number: str | None, *, siren: str | None = None,
                  field: str = "rcs_number") -> tuple[str | None, str | None]:
    """RCS registration: the greffe (city) and the number, which is the SIREN.
    "RCS Lyon B 552 008 443" or "552008443" with greffe "Lyon" → ("Lyon", "RCS Lyon 552 008 443")."""
    city = " ".join((greffe or "").split()) or None
    if _blank(number):
        return city, None
    digits = "".join(ch for ch in str(number) if ch.isdigit())
    try:
        rcs_siren = stdnum_siren.validate(digits)
    except StdnumError:
        raise ValidationError(
            f"Le numéro RCS « {number} » n'est pas valide : il reprend les 9 chiffres du SIREN.",
            field=field) from None
    if siren and rcs_siren != siren:
        raise ValidationError(
            f"Le numéro RCS « {number} » ne correspond pas au SIREN {format_siren(siren)}.", field=field)
    if city is None:
        match = re.match(r"^\s*(?:RCS\s+)?([^\d]+?)\s*(?:[AB]\s*)?\d", str(number), re.IGNORECASE)
        found = match.group(1).strip() if match else ""
        if not found or found.upper() == "RCS":
            raise ValidationError("Indiquez le greffe d'immatriculation (ville du RCS).", field="rcs_city")
        city = found
    return city, f"RCS {city} {format_siren(rcs_siren)}"


def normalise_email(value: str | None, *, field: str = "email") -> str | None:
    if _blank(value):
        return None
    text = str(value).strip()
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValidationError(f"L'adresse e-mail « {text} » n'est pas valide.", field=field) from None


def normalise_phone(value: str | None, *, field: str = "phone",
                    region: str = DEFAULT_REGION) -> str | None:
    """"06 12 34 56 78" → "+33612345678". Numbers without "+" are read as French."""
    if _blank(value):
        return None
    text = str(value).strip()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(f"Le numéro de téléphone « {text} » n'est pas valide.", field=field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_postal_code(value: str | None, *, country: str = "FR",
                          field: str = "postal_code") -> str | None:
    if _blank(value):
        return None
    text = " ".join(str(value).split()).upper()
    if country == "FR":
        compact = text.replace(" ", "")
        if not (compact.isdigit() and len(compact) == 5):
            raise ValidationError("Le code postal doit compter 5 chiffres.", field=field)
        return compact
    if len(text) > 10:
        raise ValidationError("Le code postal fait au plus 10 caractères.", field=field)
    return text


def normalise_country(value: str | None, *, field: str = "country") -> str:
    text = (value or "FR").strip().upper()
    if len(text) != 2 or not text.isalpha():
        raise ValidationError("Le pays s'écrit en code ISO à deux lettres (FR, BE, DE…).", field=field)
    return text


def parse_date(value: date | str | None, *, field: str, label: str = "La date",
               not_after: date | None = None, not_before: date | None = None) -> date | None:
    """A date object, "JJ/MM/AAAA" or "AAAA-MM-JJ"; optionally bounded."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        raise ValidationError(f"{label} attend une date, pas un instant.", field=field)
    if isinstance(value, date):
        day = value
    else:
        text = value.strip()
        match = _DATE_FR.match(text)
        try:
            if match:
                day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            else:
                day = date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                f"« {text} » n'est pas une date valide (format JJ/MM/AAAA).", field=field) from None
    if not_after is not None and day > not_after:
        raise ValidationError(f"{label} ne peut pas être postérieure au "
                              f"{not_after.strftime('%d/%m/%Y')}.", field=field)
    if not_before is not None and day < not_before:
        raise ValidationError(f"{label} ne peut pas être antérieure au "
                              f"{not_before.strftime('%d/%m/%Y')}.", field=field)
    return day


def normalise_capital(value: str | Decimal | int | None, *, field: str = "share_capital") -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_amount(value, field=field)
