"""What the contact forms send to the services (inputs) and what they get back (outputs).

Plain frozen dataclasses: no ORM object ever leaves a session (DESIGN §3.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from themisia_desktop.core.models.enums import ContactKind, ContactStatus, KycStatus

CIVILITIES = ("M.", "Mme", "Me", "Dr", "Pr")

# court type code → French label (codes shared with the demo generator)
COURT_TYPES: dict[str, str] = {
    "tribunal_judiciaire": "Tribunal judiciaire",
    "tribunal_commerce": "Tribunal de commerce",
    "tribunal_activites_economiques": "Tribunal des activités économiques",
    "cour_appel": "Cour d'appel",
    "conseil_prudhommes": "Conseil de prud'hommes",
    "tribunal_administratif": "Tribunal administratif",
    "cour_administrative_appel": "Cour administrative d'appel",
    "cour_cassation": "Cour de cassation",
    "conseil_etat": "Conseil d'État",
    "instance_arbitrale": "Instance arbitrale",
    "autre": "Autre juridiction",
}

ID_DOCUMENT_TYPES: dict[str, str] = {
    "cni": "Carte nationale d'identité",
    "passport": "Passeport",
    "residence_permit": "Titre de séjour",
    "driving_licence": "Permis de conduire",
}


# -- inputs ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonInput:
    last_name: str
    first_name: str | None = None
    civility: str | None = None
    birth_date: date | str | None = None
    birth_place: str | None = None
    nationality: str | None = None
    id_document_type: str | None = None
    id_document_number: str | None = None
    id_document_expires_on: date | str | None = None
    profession: str | None = None

    kind = ContactKind.PERSON


@dataclass(frozen=True)
class CompanyInput:
    legal_name: str
    legal_form: str | None = None
    siren: str | None = None
    siret: str | None = None
    rcs_city: str | None = None
    rcs_number: str | None = None
    vat_number: str | None = None
    share_capital: Decimal | str | None = None
    naf_code: str | None = None

    kind = ContactKind.COMPANY


@dataclass(frozen=True)
class JurisdictionInput:
    court_type: str
    city: str | None = None
    chamber: str | None = None
    name: str | None = None  # built from the type and the city when left empty
    registry_phone: str | None = None
    registry_email: str | None = None

    kind = ContactKind.JURISDICTION


Details = PersonInput | CompanyInput | JurisdictionInput


@dataclass(frozen=True)
class AddressInput:
    line1: str
    line2: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str = "FR"
    label: str | None = None
    is_primary: bool = False


@dataclass(frozen=True)
class ChannelInput:
    """An e-mail (kind "email") or a phone number (kind "phone")."""

    kind: str
    value: str
    label: str | None = None
    is_primary: bool = False


@dataclass(frozen=True)
class ContactInput:
    details: Details
    status: str = ContactStatus.CONTACT
    addresses: tuple[AddressInput, ...] = ()
    channels: tuple[ChannelInput, ...] = ()
    notes: str | None = None
    owner_id: int | None = None
    external_ref: str | None = None


# -- outputs --------------------------------------------------------------------------------
@dataclass(frozen=True)
class AddressInfo:
    id: int
    line1: str
    line2: str | None
    postal_code: str | None
    city: str | None
    country: str
    label: str | None
    is_primary: bool

    def one_line(self) -> str:
        parts = [self.line1, self.line2, " ".join(p for p in (self.postal_code, self.city) if p)]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class ChannelInfo:
    id: int
    kind: str
    value: str
    label: str | None
    is_primary: bool


@dataclass(frozen=True)
class ContactSummary:
    id: int
    kind: ContactKind
    status: ContactStatus
    display_name: str
    primary_email: str | None
    primary_phone: str | None
    city: str | None
    kyc_status: KycStatus
    kyc_expires_on: date | None

    @property
    def status_label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class ContactDetails(ContactSummary):
    person: PersonInput | None = None
    company: CompanyInput | None = None
    jurisdiction: JurisdictionInput | None = None
    addresses: tuple[AddressInfo, ...] = ()
    channels: tuple[ChannelInfo, ...] = ()
    notes: str | None = None
    owner_id: int | None = None
    external_ref: str | None = None
    merged_into_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def details(self) -> Details | None:
        return self.person or self.company or self.jurisdiction

    @property
    def emails(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.channels if c.kind == "email")

    @property
    def phones(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.channels if c.kind == "phone")
