"""Cleaning of contact inputs: every field checked, values normalised, French messages.

Each ``clean_*`` returns a new input dataclass holding the stored form of every value (dates as
``date``, capital as ``Decimal``, SIREN compact, phones E.164…) or raises ValidationError.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from themisia_desktop.core.contacts import identifiers as ids
from themisia_desktop.core.contacts.schema import (
    CIVILITIES,
    COURT_TYPES,
    ID_DOCUMENT_TYPES,
    AddressInput,
    ChannelInput,
    CompanyInput,
    Details,
    JurisdictionInput,
    PersonInput,
)
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models.enums import ChannelKind
from themisia_desktop.core.text import fold

OLDEST_BIRTH = date(1900, 1, 1)


def _text(value: str | None, *, limit: int, field: str, required: str | None = None) -> str | None:
    text = " ".join((value or "").split()) or None
    if text is None and required:
        raise ValidationError(required, field=field)
    if text is not None and len(text) > limit:
        raise ValidationError(f"Ce champ fait au plus {limit} caractères.", field=field)
    return text


def clean_person(data: PersonInput, today: date) -> PersonInput:
    last = _text(data.last_name, limit=150, field="last_name", required="Le nom est obligatoire.")
    civility = _text(data.civility, limit=20, field="civility")
    if civility is not None and civility not in CIVILITIES:
        raise ValidationError(f"Civilité inconnue : « {civility} » (M., Mme, Me, Dr, Pr).",
                              field="civility")
    doc_type = _text(data.id_document_type, limit=40, field="id_document_type")
    if doc_type is not None and doc_type not in ID_DOCUMENT_TYPES:
        raise ValidationError(f"Type de pièce d'identité inconnu : « {doc_type} ».",
                              field="id_document_type")
    doc_number = _text(data.id_document_number, limit=60, field="id_document_number")
    doc_number = doc_number.replace(" ", "").upper() if doc_number else None
    if doc_number and doc_type is None:
        raise ValidationError("Précisez le type de la pièce d'identité.", field="id_document_type")
    if doc_number and not doc_number.isalnum():
        raise ValidationError("Le numéro de pièce d'identité ne contient que des lettres et des "
                              "chiffres.", field="id_document_number")
    return PersonInput(
        last_name=last or "", first_name=_text(data.first_name, limit=150, field="first_name"),
        civility=civility,
        birth_date=ids.parse_date(data.birth_date, field="birth_date", label="La date de naissance",
                                  not_after=today, not_before=OLDEST_BIRTH),
        birth_place=_text(data.birth_place, limit=150, field="birth_place"),
        nationality=_text(data.nationality, limit=80, field="nationality"),
        id_document_type=doc_type, id_document_number=doc_number,
        id_document_expires_on=ids.parse_date(
            data.id_document_expires_on, field="id_document_expires_on",
            label="La date d'expiration de la pièce", not_before=OLDEST_BIRTH),
        profession=_text(data.profession, limit=150, field="profession"),
    )


def clean_company(data: CompanyInput) -> CompanyInput:
    name = _text(data.legal_name, limit=300, field="legal_name",
                 required="La dénomination est obligatoire.")
    siren = ids.normalise_siren(data.siren)
    siret = ids.normalise_siret(data.siret, siren=siren)
    if siren is None and siret is not None:
        siren = siret[:9]
    vat = ids.normalise_vat(data.vat_number, siren=siren)
    rcs_city, rcs_number = ids.normalise_rcs(data.rcs_city, data.rcs_number, siren=siren)
    naf = _text(data.naf_code, limit=6, field="naf_code")
    if naf is not None:
        naf = naf.replace(".", "").upper()
        if not (len(naf) == 5 and naf[:4].isdigit() and naf[4].isalpha()):
            raise ValidationError("Le code NAF s'écrit 4 chiffres et une lettre (ex. 6910Z).",
                                  field="naf_code")
    return CompanyInput(
        legal_name=name or "", legal_form=_text(data.legal_form, limit=40, field="legal_form"),
        siren=siren, siret=siret, rcs_city=_text(rcs_city, limit=100, field="rcs_city"),
        rcs_number=rcs_number, vat_number=vat,
        share_capital=ids.normalise_capital(data.share_capital), naf_code=naf,
    )


def court_name(court_type: str, city: str | None) -> str:
    """"Tribunal judiciaire de Lyon", "Cour d'appel d'Aix-en-Provence", "… du Mans"."""
    label = COURT_TYPES.get(court_type, court_type)
    if not city:
        return label
    if city.startswith("Le "):
        return f"{label} du {city[3:]}"
    if city.startswith("Les "):
        return f"{label} des {city[4:]}"
    if (fold(city[:1]) or " ") in "aeiouyh":
        return f"{label} d'{city}"
    return f"{label} de {city}"


def clean_jurisdiction(data: JurisdictionInput) -> JurisdictionInput:
    if data.court_type not in COURT_TYPES:
        raise ValidationError("Choisissez le type de juridiction.", field="court_type")
    city = _text(data.city, limit=100, field="city")
    chamber = _text(data.chamber, limit=150, field="chamber")
    name = _text(data.name, limit=250, field="name") or court_name(data.court_type, city)
    return JurisdictionInput(
        court_type=data.court_type, city=city, chamber=chamber, name=name,
        registry_phone=ids.normalise_phone(data.registry_phone, field="registry_phone"),
        registry_email=ids.normalise_email(data.registry_email, field="registry_email"),
    )


def clean_details(data: Details, today: date) -> Details:
    if isinstance(data, PersonInput):
        return clean_person(data, today)
    if isinstance(data, CompanyInput):
        return clean_company(data)
    if isinstance(data, JurisdictionInput):
        return clean_jurisdiction(data)
    raise TypeError(f"unknown contact details {type(data).__name__}")


def display_name_of(data: Details) -> str:
    """The name shown in lists: "Prénom Nom", the dénomination, the court (— chamber)."""
    if isinstance(data, PersonInput):
        return " ".join(p for p in (data.first_name, data.last_name) if p)
    if isinstance(data, CompanyInput):
        return data.legal_name
    return (data.name or "") + (f" — {data.chamber}" if data.chamber else "")


def clean_address(data: AddressInput, *, prefix: str = "") -> AddressInput:
    country = ids.normalise_country(data.country, field=prefix + "country")
    return replace(
        data,
        line1=_text(data.line1, limit=200, field=prefix + "line1",
                    required="La première ligne de l'adresse est obligatoire.") or "",
        line2=_text(data.line2, limit=200, field=prefix + "line2"),
        postal_code=ids.normalise_postal_code(data.postal_code, country=country,
                                              field=prefix + "postal_code"),
        city=_text(data.city, limit=100, field=prefix + "city"),
        country=country, label=_text(data.label, limit=60, field=prefix + "label"),
    )


def clean_addresses(items: tuple[AddressInput, ...] | list[AddressInput]) -> list[AddressInput]:
    cleaned = [clean_address(a, prefix=f"addresses[{i}].") for i, a in enumerate(items)]
    if cleaned and not any(a.is_primary for a in cleaned):
        cleaned[0] = replace(cleaned[0], is_primary=True)
    if sum(a.is_primary for a in cleaned) > 1:
        raise ValidationError("Une seule adresse peut être l'adresse principale.", field="addresses")
    return cleaned


def clean_channels(items: tuple[ChannelInput, ...] | list[ChannelInput]) -> list[ChannelInput]:
    """Check each e-mail and phone; the first of each kind is primary unless one is marked."""
    cleaned: list[ChannelInput] = []
    seen: set[tuple[str, str]] = set()
    for i, c in enumerate(items):
        field = f"{c.kind}s[{i}]" if c.kind in ("email", "phone") else "channels"
        if c.kind == ChannelKind.EMAIL:
            value = ids.normalise_email(c.value, field=field)
        elif c.kind == ChannelKind.PHONE:
            value = ids.normalise_phone(c.value, field=field)
        else:
            raise ValidationError(f"Moyen de contact inconnu : « {c.kind} ».", field="channels")
        if value is None or (c.kind, value.lower()) in seen:
            continue  # empty rows of the form, repeated values
        seen.add((c.kind, value.lower()))
        cleaned.append(ChannelInput(kind=c.kind, value=value,
                                    label=_text(c.label, limit=60, field=field), is_primary=c.is_primary))
    for kind in (ChannelKind.EMAIL, ChannelKind.PHONE):
        mine = [i for i, c in enumerate(cleaned) if c.kind == kind]
        primaries = [i for i in mine if cleaned[i].is_primary]
        if len(primaries) > 1:
            raise ValidationError("Un seul moyen de contact de chaque sorte peut être principal.",
                                  field=f"{kind}s")
        if mine and not primaries:
            cleaned[mine[0]] = replace(cleaned[mine[0]], is_primary=True)
    return cleaned
