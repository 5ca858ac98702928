"""The merge fields a document template may use, and their values for one matter.

A template writes ``{{ client.nom }}``, ``{{ dossier.reference }}``, ``{{ date_du_jour }}``…
Every value is a plain string, already formatted the French way (amounts « 250,00 € », dates
« 5 janvier 2026 »); a missing piece of information is an empty string, never « None ».
:data:`FIELDS` is the only list of what exists: the template check refuses anything else.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts.roles import recipient_in
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.finance.rates import resolve_rate
from themisia_desktop.core.firm.settings import DEFAULTS
from themisia_desktop.core.models import (Address, Contact, ContactLink, Firm, FirmSetting, Matter,
                                          Provision, User)
from themisia_desktop.core.models.enums import (ContactKind, ContactLinkKind, ContactRoleKind,
                                                ProvisionStatus, UserCategory)
from themisia_desktop.core.money import CENT, format_eur

# (name, what it holds) — shown to the user when choosing a template.
FIELDS: tuple[tuple[str, str], ...] = (
    ("cabinet.nom", "Nom du cabinet"),
    ("cabinet.adresse", "Adresse du cabinet, sur une ligne"),
    ("cabinet.ville", "Ville du cabinet"),
    ("cabinet.barreau", "Barreau d'inscription du cabinet"),
    ("cabinet.siren", "SIREN du cabinet"),
    ("cabinet.tva_intracom", "Numéro de TVA intracommunautaire du cabinet"),
    ("cabinet.telephone", "Téléphone du cabinet"),
    ("cabinet.email", "Adresse e-mail du cabinet"),
    ("cabinet.taux_tva", "Taux de TVA appliqué aux honoraires (ex. « 20 % »)"),
    ("client.nom", "Nom du client (personne ou société)"),
    ("client.civilite", "Civilité abrégée du client (M., Mme…), vide pour une société"),
    ("client.formule_appel", "Formule d'appel : « Madame », « Monsieur » ou « Madame, Monsieur »"),
    ("client.designation", "Désignation complète du client (identité, siège ou domicile)"),
    ("client.adresse", "Adresse principale du client, sur une ligne"),
    ("client.email", "Adresse e-mail principale du client"),
    ("client.representant", "Représentant légal d'une société cliente (nom et qualité)"),
    ("facturation.nom", "Destinataire des factures (contact de facturation, sinon le client)"),
    ("facturation.adresse", "Adresse du destinataire des factures"),
    ("facturation.email", "E-mail du destinataire des factures"),
    ("dossier.reference", "Référence du dossier (ex. 2026-0001)"),
    ("dossier.intitule", "Intitulé du dossier"),
    ("dossier.domaine", "Domaine du droit du dossier"),
    ("dossier.description", "Description de la mission"),
    ("dossier.ouvert_le", "Date d'ouverture du dossier, en toutes lettres"),
    ("dossier.provision", "Montant de la dernière provision demandée (vide s'il n'y en a pas)"),
    ("avocat.nom", "Prénom et nom de l'avocat responsable du dossier"),
    ("avocat.qualite", "Qualité de l'avocat responsable (associé, collaborateur…)"),
    ("avocat.email", "E-mail de l'avocat responsable"),
    ("avocat.taux_horaire", "Taux horaire HT de l'avocat responsable pour ce client"),
    ("avocat.taux_horaire_ttc", "Taux horaire TTC de l'avocat responsable pour ce client"),
    ("date_du_jour", "Date du jour en toutes lettres (ex. « 5 janvier 2026 »)"),
)
FIELD_NAMES: frozenset[str] = frozenset(name for name, _ in FIELDS)
DESCRIPTIONS: dict[str, str] = dict(FIELDS)
ROOTS: frozenset[str] = frozenset(n.split(".")[0] for n in FIELD_NAMES if "." in n)
LEAVES: frozenset[str] = frozenset(n for n in FIELD_NAMES if "." not in n)
CIVILITY_WORDS = {"M.": "Monsieur", "Mme": "Madame", "Me": "Maître", "Dr": "Docteur",
                  "Pr": "Professeur"}


def french_date(day: date | None) -> str:
    """date(2026, 1, 5) → « 5 janvier 2026 »; the first of the month is « 1er »."""
    if day is None:
        return ""
    text = format_date(day, format="d MMMM y", locale="fr_FR")
    return "1er" + text[1:] if day.day == 1 else text


def percent_text(basis_points: int) -> str:
    """2000 → « 20 % », 550 → « 5,5 % » (with a no-break space)."""
    value = (Decimal(basis_points) / 100).normalize()
    return f"{value:f}".replace(".", ",") + "\u00a0%"


def _line(*parts: str | None) -> str:
    return ", ".join(p.strip() for p in parts if p and p.strip())


def _address(session: Session, contact_id: int) -> str:
    row = session.scalars(select(Address).where(Address.contact_id == contact_id)
                          .order_by(Address.is_primary.desc(), Address.id).limit(1)).first()
    if row is None:
        return ""
    town = " ".join(p for p in (row.postal_code, row.city) if p)
    return _line(row.line1, row.line2, town, row.country if row.country not in ("", "FR") else None)


def _representative(session: Session, company_id: int) -> str:
    row = session.execute(
        select(Contact, ContactLink.title).join(ContactLink, ContactLink.person_id == Contact.id)
        .where(ContactLink.company_id == company_id,
               ContactLink.kind == ContactLinkKind.LEGAL_REPRESENTATIVE.value)
        .order_by(ContactLink.id).limit(1)).first()
    if row is None:
        return ""
    person, title = row
    civility = person.person.civility if person.person is not None else None
    name = " ".join(p for p in (civility, person.display_name) if p)
    return f"{name}, {title}" if title else name


def _client(session: Session, client: Contact) -> dict[str, str]:
    address = _address(session, client.id)
    if client.kind == ContactKind.COMPANY:
        company = client.company
        representative = _representative(session, client.id)
        parts = [client.display_name]
        if company is not None and company.legal_form and company.legal_form not in client.display_name:
            parts.append(company.legal_form)
        if company is not None and company.siren:
            siren = " ".join((company.siren[:3], company.siren[3:6], company.siren[6:]))
            rcs = f"au RCS de {company.rcs_city}" if company.rcs_city else "au RCS"
            parts.append(f"immatriculée {rcs} sous le numéro {siren}")
        if address:
            parts.append(f"dont le siège social est situé {address}")
        if representative:
            parts.append(f"représentée par {representative}")
        return {"nom": client.display_name, "civilite": "", "formule_appel": "Madame, Monsieur",
                "designation": ", ".join(parts), "adresse": address,
                "email": client.primary_email or "", "representant": representative}
    civility = client.person.civility if client.person is not None else None
    word = CIVILITY_WORDS.get(civility or "")
    appel = {"Monsieur": "Monsieur", "Madame": "Madame", "Maître": "Maître"}.get(word or "",
                                                                                 "Madame, Monsieur")
    named = " ".join(p for p in (word, client.display_name) if p)
    designation = f"{named}, demeurant {address}" if address else named
    return {"nom": client.display_name, "civilite": civility or "", "formule_appel": appel,
            "designation": designation, "adresse": address, "email": client.primary_email or "",
            "representant": ""}


def _vat_bp(session: Session) -> int:
    row = session.get(FirmSetting, "vat_rate_bp")
    return int(row.value if row is not None else DEFAULTS["vat_rate_bp"])


def _lawyer(session: Session, matter: Matter, today: date, vat_bp: int) -> dict[str, str]:
    user = session.get(User, matter.responsible_id)
    if user is None:
        raise NotFoundError(f"L'avocat responsable du dossier {matter.reference} n'existe pas.")
    try:
        rate = resolve_rate(session, client_id=matter.client_id, user_id=user.id, on_date=today)
        ht = rate.rate.quantize(CENT, rounding=ROUND_HALF_UP)
        ttc = (ht * (10000 + vat_bp) / 10000).quantize(CENT, rounding=ROUND_HALF_UP)
        ht_text, ttc_text = format_eur(ht), format_eur(ttc)
    except ValidationError:
        ht_text = ttc_text = "(taux horaire non défini)"
    try:
        quality = UserCategory(user.category).label
    except ValueError:
        quality = user.category
    return {"nom": user.full_name, "qualite": quality, "email": user.email or "",
            "taux_horaire": ht_text, "taux_horaire_ttc": ttc_text}


def merge_context_in(session: Session, today: date, matter_id: int) -> dict[str, Any]:
    """The values of every field of :data:`FIELDS` for ``matter_id`` (nested dicts of strings)."""
    matter = session.get(Matter, matter_id)
    if matter is None:
        raise NotFoundError(f"Le dossier n° {matter_id} n'existe pas.")
    client = session.get(Contact, matter.client_id)
    if client is None:
        raise NotFoundError(f"Le client du dossier {matter.reference} n'existe pas.")
    firm = session.scalars(select(Firm).order_by(Firm.id).limit(1)).first()
    vat_bp = _vat_bp(session)
    billing = recipient_in(session, client.id, ContactRoleKind.BILLING.value)
    provision = session.scalars(
        select(Provision).where(Provision.matter_id == matter.id,
                                Provision.status != ProvisionStatus.CANCELLED.value)
        .order_by(Provision.requested_on.desc(), Provision.id.desc()).limit(1)).first()
    town = " ".join(p for p in ((firm.postal_code, firm.city) if firm else ()) if p)
    context: dict[str, Any] = {
        "cabinet": {
            "nom": firm.name if firm else "",
            "adresse": _line(firm.address_line1, firm.address_line2, town) if firm else "",
            "ville": (firm.city or "") if firm else "",
            "barreau": (firm.bar or "") if firm else "",
            "siren": (firm.siren or "") if firm else "",
            "tva_intracom": (firm.vat_number or "") if firm else "",
            "telephone": (firm.phone or "") if firm else "",
            "email": (firm.email or "") if firm else "",
            "taux_tva": percent_text(vat_bp),
        },
        "client": _client(session, client),
        "facturation": {"nom": billing.display_name, "email": billing.email or "",
                        "adresse": _address(session, billing.contact_id)},
        "dossier": {
            "reference": matter.reference, "intitule": matter.title,
            "domaine": matter.domain or "", "description": matter.description or "",
            "ouvert_le": french_date(matter.opened_on),
            "provision": format_eur(provision.amount_requested) if provision is not None else "",
        },
        "avocat": _lawyer(session, matter, today, vat_bp),
        "date_du_jour": french_date(today),
    }
    return context


def merge_context(db: Database, clock: Clock, matter_id: int) -> dict[str, Any]:
    with db.read() as s:
        return merge_context_in(s, clock.today(), matter_id)


def flatten(context: dict[str, Any]) -> dict[str, str]:
    """{"client": {"nom": "X"}} → {"client.nom": "X"} (for previews and tests)."""
    flat: dict[str, str] = {}
    for key, value in context.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            flat[key] = value
    return flat
