"""Know-your-customer reviews: a checklist per typology, a status, an expiry, and the gate a
matter opening goes through (firm setting ``kyc_policy``: ``warn`` or ``block``).

The contact row keeps the last recorded status and expiry; a validated review whose expiry date
has passed is seen as « Expiré » at any later date (:func:`effective_status`), and the sweep
:func:`expire_due_reviews` writes that status down with an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts.records import load_contact
from themisia_desktop.core.contacts.service import ENTITY
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.firm.settings import DEFAULTS
from themisia_desktop.core.models import Contact, FirmSetting, KycRecord
from themisia_desktop.core.models.enums import ContactKind, KycStatus

DEFAULT_VALIDITY = timedelta(days=365)

CHECKLISTS: dict[ContactKind, tuple[tuple[str, str], ...]] = {
    ContactKind.PERSON: (
        ("identity_document", "Pièce d'identité en cours de validité"),
        ("proof_of_address", "Justificatif de domicile de moins de 3 mois"),
    ),
    ContactKind.COMPANY: (
        ("kbis", "Extrait Kbis de moins de 3 mois"),
        ("statuts", "Statuts à jour"),
        ("beneficial_owners", "Bénéficiaires effectifs identifiés"),
        ("representative_identity", "Pièce d'identité du représentant légal"),
    ),
    ContactKind.JURISDICTION: (),
}


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool


@dataclass(frozen=True)
class KycState:
    contact_id: int
    status: KycStatus           # as seen at the date asked (validated past expiry → expired)
    recorded_status: KycStatus  # as last recorded
    expires_on: date | None
    checklist: tuple[ChecklistItem, ...]
    reviews: int


@dataclass(frozen=True)
class KycGate:
    decision: str  # "ok" | "warn" | "block"
    status: KycStatus
    message: str | None

    @property
    def allowed(self) -> bool:
        return self.decision != "block"


def checklist_for(kind: str) -> tuple[tuple[str, str], ...]:
    return CHECKLISTS[ContactKind(kind)]


def effective_status(status: str, expires_on: date | None, on_date: date) -> KycStatus:
    """A validated review is good through its expiry date, « Expiré » the day after."""
    current = KycStatus(status)
    if current == KycStatus.VALIDATED and expires_on is not None and on_date > expires_on:
        return KycStatus.EXPIRED
    return current


def record_review(db: Database, clock: Clock, contact_id: int, status: str, *,
                  checklist: dict[str, bool] | None = None, expires_on: date | None = None,
                  notes: str | None = None, actor_id: int | None = None) -> KycState:
    """Record a review. « Validé » needs every item of the typology's checklist ticked and a
    future expiry (one year by default); « Expiré » is never chosen by hand."""
    try:
        new = KycStatus(status)
    except ValueError:
        raise ValidationError(f"Statut KYC inconnu : « {status} ».", field="kyc_status") from None
    if new == KycStatus.EXPIRED:
        raise ValidationError("« Expiré » découle de la date d'expiration : il ne se choisit pas.",
                              field="kyc_status")
    today, now = clock.today(), clock.now()
    ticks = dict(checklist or {})
    with db.write() as s:
        contact = load_contact(s, contact_id, for_write=True)
        items = CHECKLISTS[ContactKind(contact.kind)]
        if not items:
            raise ValidationError("Une juridiction n'est pas soumise à la vérification KYC.",
                                  field="kyc_status")
        unknown = set(ticks) - {k for k, _ in items}
        if unknown:
            raise ValidationError(f"Pièce inconnue pour cette typologie : {', '.join(sorted(unknown))}.",
                                  field="checklist")
        if new == KycStatus.VALIDATED:
            missing = [label for key, label in items if not ticks.get(key)]
            if missing:
                raise ValidationError("Impossible de valider : il manque " + ", ".join(missing) + ".",
                                      field="checklist")
            expires_on = expires_on or today + DEFAULT_VALIDITY
            if expires_on <= today:
                raise ValidationError("La date d'expiration d'une validation doit être future.",
                                      field="kyc_expires_on")
            doc_expiry = contact.person.id_document_expires_on if contact.person else None
            if doc_expiry is not None and doc_expiry < today:
                raise ValidationError("La pièce d'identité enregistrée est expirée : mettez-la à "
                                      "jour avant de valider.", field="checklist")
        else:
            expires_on = None
        before = [contact.kyc_status, _iso(contact.kyc_expires_on)]
        s.add(KycRecord(contact_id=contact_id, status=new.value,
                        checklist={k: bool(ticks.get(k)) for k, _ in items},
                        reviewed_by_id=actor_id, reviewed_at=now, expires_on=expires_on,
                        notes=(notes or "").strip() or None))
        contact.kyc_status, contact.kyc_expires_on, contact.updated_at = new.value, expires_on, now
        record_event(s, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=contact_id, at=now,
                     user_id=actor_id, payload={"changes": {
                         "kyc_status": [before[0], new.value],
                         "kyc_expires_on": [before[1], _iso(expires_on)]}})
        s.flush()
        return _state(s, contact, today)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _state(session: Session, contact: Contact, on_date: date) -> KycState:
    records = list(session.scalars(select(KycRecord).where(KycRecord.contact_id == contact.id)
                                   .order_by(KycRecord.reviewed_at.desc(), KycRecord.id.desc())))
    ticks: dict[str, Any] = records[0].checklist if records else {}
    items = CHECKLISTS[ContactKind(contact.kind)]
    return KycState(
        contact_id=contact.id,
        status=effective_status(contact.kyc_status, contact.kyc_expires_on, on_date),
        recorded_status=KycStatus(contact.kyc_status), expires_on=contact.kyc_expires_on,
        checklist=tuple(ChecklistItem(k, label, bool(ticks.get(k))) for k, label in items),
        reviews=len(records))


def kyc_state(db: Database, contact_id: int, on_date: date) -> KycState:
    with db.read() as s:
        return _state(s, load_contact(s, contact_id), on_date)


def expire_due_reviews(db: Database, clock: Clock) -> int:
    """Write « Expiré » on every validated contact whose expiry date has passed (sweep)."""
    today, now = clock.today(), clock.now()
    with db.write() as s:
        due = list(s.scalars(select(Contact).where(
            Contact.kyc_status == KycStatus.VALIDATED.value, Contact.kyc_expires_on < today,
            Contact.merged_into_id.is_(None))))
        for contact in due:
            contact.kyc_status = KycStatus.EXPIRED.value
            record_event(s, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=contact.id, at=now,
                         payload={"changes": {"kyc_status": ["validated", "expired"]}})
        return len(due)


def kyc_policy(session: Session) -> str:
    row = session.get(FirmSetting, "kyc_policy")
    policy = row.value if row is not None else DEFAULTS["kyc_policy"]
    return policy if policy in ("warn", "block") else "warn"


def kyc_gate_in(session: Session, client_id: int, today: date) -> KycGate:
    """The gate inside the caller's transaction (the matters service opening a matter)."""
    contact = load_contact(session, client_id)
    status = effective_status(contact.kyc_status, contact.kyc_expires_on, today)
    if status == KycStatus.VALIDATED or not CHECKLISTS[ContactKind(contact.kind)]:
        return KycGate("ok", status, None)
    reason = {KycStatus.EXPIRED: "a expiré", KycStatus.REFUSED: "a été refusée",
              KycStatus.IN_PROGRESS: "est en cours"}.get(status, "n'a pas encore été faite")
    if kyc_policy(session) == "block":
        return KycGate("block", status, f"La vérification KYC de {contact.display_name} {reason} : "
                                        "le cabinet exige qu'elle soit validée avant d'ouvrir un dossier.")
    return KycGate("warn", status, f"Attention : la vérification KYC de {contact.display_name} "
                                   f"{reason}.")


def kyc_gate(db: Database, client_id: int, today: date) -> KycGate:
    """ok when the client's KYC is validated (and not expired at ``today``); otherwise warn or
    block according to the firm setting ``kyc_policy``."""
    with db.read() as s:
        return kyc_gate_in(s, client_id, today)
