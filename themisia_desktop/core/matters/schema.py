"""Plain data of the matters service: what the GUI sends and what it gets back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.balances import MatterBanner
from themisia_desktop.core.models.enums import ConflictDecision, MatterStatus, PartyRole

ENTITY = "matter"


class KycWarning(ValidationError):
    """The client's KYC is not validated and the firm's policy is « warn »: the opening goes
    through only once the user has acknowledged it (``kyc_acknowledged=True``)."""


@dataclass(frozen=True)
class MatterInput:
    client_id: int
    title: str
    responsible_id: int
    domain: str | None = None
    assignee_ids: tuple[int, ...] = ()
    description: str | None = None
    parties: tuple[tuple[int, str], ...] = ()   # (contact id, enums.PartyRole) besides the client


@dataclass(frozen=True)
class MatterDetails:
    """The editable details of an existing matter (« Modifier… »)."""

    title: str
    responsible_id: int
    domain: str | None = None
    assignee_ids: tuple[int, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class MatterListRow:
    id: int
    reference: str
    title: str
    client_name: str
    responsible_name: str
    status: MatterStatus
    opened_on: date

    @property
    def status_label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class MatterPage:
    rows: tuple[MatterListRow, ...]
    total: int
    offset: int


@dataclass(frozen=True)
class PartyView:
    id: int
    contact_id: int
    name: str
    contact_kind: str
    role: PartyRole
    notes: str | None
    is_client: bool   # the matter's client party: it cannot be removed

    @property
    def role_label(self) -> str:
        return self.role.label


@dataclass(frozen=True)
class ConflictCheckSummary:
    id: int
    performed_at: datetime
    performed_by: str | None
    decision: ConflictDecision
    note: str | None
    hits: int
    blocking: int

    @property
    def decision_label(self) -> str:
        return self.decision.label


@dataclass(frozen=True)
class MatterView:
    id: int
    reference: str
    title: str
    domain: str | None
    description: str | None
    status: MatterStatus
    opened_on: date
    closed_on: date | None
    archived_on: date | None
    client_id: int
    client_name: str
    responsible_id: int
    responsible_name: str
    assignees: tuple[tuple[int, str], ...]
    parties: tuple[PartyView, ...]
    banner: MatterBanner
    conflict_checks: tuple[ConflictCheckSummary, ...]
    transitions: tuple[MatterStatus, ...] = field(default=())

    @property
    def status_label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class UserChoice:
    id: int
    name: str
    category_label: str


@dataclass(frozen=True)
class FormChoices:
    """What the opening and editing dialogs offer: active users and domains already used."""

    users: tuple[UserChoice, ...]
    domains: tuple[str, ...]
