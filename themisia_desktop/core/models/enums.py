"""Closed vocabularies, stored as short English codes, shown with French labels.

They are stored as plain strings (not database enums) so that adding a value later is a code
change, not a table rebuild on SQLite.
"""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A StrEnum whose members carry a French label (``.label``)."""

    @property
    def label(self) -> str:
        return _LABELS.get((type(self), self.value), self.value)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class UserCategory(Labelled):
    PARTNER = "partner"
    ASSOCIATE = "associate"
    LEGAL_COUNSEL = "legal_counsel"
    ASSISTANT = "assistant"
    TRAINEE = "trainee"


class ContactKind(Labelled):
    PERSON = "person"
    COMPANY = "company"
    JURISDICTION = "jurisdiction"


class ContactStatus(Labelled):
    CONTACT = "contact"
    PROSPECT = "prospect"
    CLIENT_ACTIVE = "client_active"
    CLIENT_FORMER = "client_former"
    PROSPECT_LOST = "prospect_lost"


class ContactRoleKind(Labelled):
    BILLING = "billing"
    COLLECTION = "collection"
    CORRESPONDENCE = "correspondence"


class ContactLinkKind(Labelled):
    LEGAL_REPRESENTATIVE = "legal_representative"
    BENEFICIAL_OWNER = "beneficial_owner"


class ChannelKind(Labelled):
    EMAIL = "email"
    PHONE = "phone"


class KycStatus(Labelled):
    TO_CHECK = "to_check"
    IN_PROGRESS = "in_progress"
    VALIDATED = "validated"
    REFUSED = "refused"
    EXPIRED = "expired"


class MatterStatus(Labelled):
    OPEN = "open"
    PENDING = "pending"
    CLOSED = "closed"
    ARCHIVED = "archived"


class PartyRole(Labelled):
    CLIENT = "client"
    ADVERSE = "adverse"
    ADVERSE_COUNSEL = "adverse_counsel"
    EXPERT = "expert"
    COURT = "court"
    OTHER = "other"


class ConflictDecision(Labelled):
    PENDING = "pending"
    CLEARED = "cleared"
    CONFLICT = "conflict"
    WAIVED = "waived"


class InvoiceStatus(Labelled):
    DRAFT = "draft"
    VALIDATED = "validated"
    SENT = "sent"
    PAID = "paid"
    CANCELLED = "cancelled"


class ProvisionStatus(Labelled):
    REQUESTED = "requested"
    PARTIAL = "partial"
    RECEIVED = "received"
    CANCELLED = "cancelled"


class TaskStatus(Labelled):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class DeadlineStatus(Labelled):
    PENDING = "pending"
    MET = "met"
    MISSED = "missed"
    CANCELLED = "cancelled"


class InteractionKind(Labelled):
    EMAIL = "email"
    CALL = "call"
    MEETING = "meeting"
    NOTE = "note"
    TASK = "task"
    DOCUMENT = "document"
    STATUS_CHANGE = "status_change"
    MERGE = "merge"
    MATTER = "matter"
    INVOICE = "invoice"
    PAYMENT = "payment"
    PROVISION = "provision"
    DEADLINE = "deadline"


class OutboxStatus(Labelled):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"


class RunOutcome(Labelled):
    SUCCEEDED = "succeeded"
    CONDITIONS_FALSE = "conditions_false"
    FAILED = "failed"
    LOOP_STOPPED = "loop_stopped"
    SKIPPED_LATE = "skipped_late"


class NotificationChannel(Labelled):
    POPUP = "popup"
    EMAIL = "email"
    BOTH = "both"


# Keyed by (enum class, value): members of different enums share values ("open",
# "validated", "pending"…) and a StrEnum hashes as its string, so a plain dict keyed by
# members would give every "open" the label of the last one listed.
_LABEL_PAIRS: tuple[tuple[StrEnum, str], ...] = (
    (UserCategory.PARTNER, "Associé"),
    (UserCategory.ASSOCIATE, "Collaborateur"),
    (UserCategory.LEGAL_COUNSEL, "Juriste"),
    (UserCategory.ASSISTANT, "Assistant"),
    (UserCategory.TRAINEE, "Stagiaire"),
    (ContactKind.PERSON, "Personne physique"),
    (ContactKind.COMPANY, "Personne morale"),
    (ContactKind.JURISDICTION, "Juridiction"),
    (ContactStatus.CONTACT, "Contact"),
    (ContactStatus.PROSPECT, "Prospect"),
    (ContactStatus.CLIENT_ACTIVE, "Client actif"),
    (ContactStatus.CLIENT_FORMER, "Client parti"),
    (ContactStatus.PROSPECT_LOST, "Prospect perdu"),
    (ContactRoleKind.BILLING, "Facturation"),
    (ContactRoleKind.COLLECTION, "Recouvrement"),
    (ContactRoleKind.CORRESPONDENCE, "Correspondance"),
    (ContactLinkKind.LEGAL_REPRESENTATIVE, "Représentant légal"),
    (ContactLinkKind.BENEFICIAL_OWNER, "Bénéficiaire effectif"),
    (ChannelKind.EMAIL, "E-mail"),
    (ChannelKind.PHONE, "Téléphone"),
    (KycStatus.TO_CHECK, "À vérifier"),
    (KycStatus.IN_PROGRESS, "En cours"),
    (KycStatus.VALIDATED, "Validé"),
    (KycStatus.REFUSED, "Refusé"),
    (KycStatus.EXPIRED, "Expiré"),
    (MatterStatus.OPEN, "Ouvert"),
    (MatterStatus.PENDING, "En attente"),
    (MatterStatus.CLOSED, "Clôturé"),
    (MatterStatus.ARCHIVED, "Archivé"),
    (PartyRole.CLIENT, "Client"),
    (PartyRole.ADVERSE, "Partie adverse"),
    (PartyRole.ADVERSE_COUNSEL, "Avocat adverse"),
    (PartyRole.EXPERT, "Expert"),
    (PartyRole.COURT, "Juridiction"),
    (PartyRole.OTHER, "Autre"),
    (ConflictDecision.PENDING, "À décider"),
    (ConflictDecision.CLEARED, "Aucun conflit"),
    (ConflictDecision.CONFLICT, "Conflit"),
    (ConflictDecision.WAIVED, "Conflit levé"),
    (InvoiceStatus.DRAFT, "Brouillon"),
    (InvoiceStatus.VALIDATED, "Validée"),
    (InvoiceStatus.SENT, "Envoyée"),
    (InvoiceStatus.PAID, "Payée"),
    (InvoiceStatus.CANCELLED, "Annulée"),
    (ProvisionStatus.REQUESTED, "Demandée"),
    (ProvisionStatus.PARTIAL, "Partiellement versée"),
    (ProvisionStatus.RECEIVED, "Versée"),
    (ProvisionStatus.CANCELLED, "Annulée"),
    (TaskStatus.OPEN, "À faire"),
    (TaskStatus.DONE, "Terminée"),
    (TaskStatus.CANCELLED, "Annulée"),
    (DeadlineStatus.PENDING, "À venir"),
    (DeadlineStatus.MET, "Respectée"),
    (DeadlineStatus.MISSED, "Dépassée"),
    (DeadlineStatus.CANCELLED, "Annulée"),
    (InteractionKind.EMAIL, "E-mail"),
    (InteractionKind.CALL, "Appel"),
    (InteractionKind.MEETING, "Rendez-vous"),
    (InteractionKind.NOTE, "Note"),
    (InteractionKind.TASK, "Tâche"),
    (InteractionKind.DOCUMENT, "Document"),
    (InteractionKind.STATUS_CHANGE, "Changement de statut"),
    (InteractionKind.MERGE, "Fusion"),
    (InteractionKind.MATTER, "Dossier"),
    (InteractionKind.INVOICE, "Facture"),
    (InteractionKind.PAYMENT, "Règlement"),
    (InteractionKind.PROVISION, "Provision"),
    (InteractionKind.DEADLINE, "Échéance"),
    (OutboxStatus.PENDING, "En attente"),
    (OutboxStatus.SENDING, "En cours d'envoi"),
    (OutboxStatus.SENT, "Envoyé"),
    (OutboxStatus.FAILED, "Échec"),
    (OutboxStatus.UNCERTAIN, "Incertain"),
    (RunOutcome.SUCCEEDED, "Exécuté"),
    (RunOutcome.CONDITIONS_FALSE, "Conditions non remplies"),
    (RunOutcome.FAILED, "Erreur"),
    (RunOutcome.LOOP_STOPPED, "Boucle interrompue"),
    (RunOutcome.SKIPPED_LATE, "Ignoré (trop tardif)"),
    (NotificationChannel.POPUP, "Pop-up"),
    (NotificationChannel.EMAIL, "E-mail"),
    (NotificationChannel.BOTH, "Pop-up et e-mail"),
)
_LABELS: dict[tuple[type, str], str] = {(type(m), m.value): label for m, label in _LABEL_PAIRS}
