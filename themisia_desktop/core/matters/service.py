"""Opening a matter, editing its details and moving it through its statuses.

Each function is one business action in one transaction: the change, its event (for the
automations) and, for the milestones the client card shows, a journal line on the client.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts.kyc import kyc_gate_in
from themisia_desktop.core.contacts.lifecycle import on_first_matter_opened
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.firm.settings import DEFAULTS
from themisia_desktop.core.matters import rules
from themisia_desktop.core.matters.schema import ENTITY, KycWarning, MatterDetails, MatterInput
from themisia_desktop.core.models import (ConflictCheck, FirmSetting, Interaction, Matter,
                                          MatterParty, Sequence, User,
                                          matter_assignee)
from themisia_desktop.core.models.matters import matter_search_text
from themisia_desktop.core.models.enums import (ConflictDecision, InteractionKind, MatterStatus,
                                                PartyRole)


# -- reference ------------------------------------------------------------------------------
def format_reference(fmt: str, year: int, seq: int) -> str:
    try:
        return fmt.format(year=year, seq=seq)
    except (KeyError, IndexError, ValueError):
        return DEFAULTS["matter_reference_format"].format(year=year, seq=seq)


def next_reference_in(session: Session, year: int) -> str:
    """Take the next number of the year's gap-free counter (``matter:{year}``), inside the
    caller's transaction: a rolled-back opening gives its number back."""
    row = session.get(FirmSetting, "matter_reference_format")
    fmt = str(row.value) if row is not None and row.value else DEFAULTS["matter_reference_format"]
    name = f"matter:{year}"
    counter = session.get(Sequence, name, with_for_update=True)
    if counter is None:
        counter = Sequence(name=name, next_value=1)
        session.add(counter)
        session.flush()
    while True:
        reference = format_reference(fmt, year, counter.next_value)
        counter.next_value += 1
        taken = session.scalar(select(Matter.id).where(Matter.reference == reference))
        if taken is None:
            return reference


# -- opening --------------------------------------------------------------------------------
def _check_kyc(session: Session, client_id: int, today: date, acknowledged: bool) -> None:
    gate = kyc_gate_in(session, client_id, today)
    if gate.decision == "block":
        raise ValidationError(gate.message or "KYC non validé.", field="client")
    if gate.decision == "warn" and not acknowledged:
        raise KycWarning((gate.message or "KYC non validé.") + " Ouvrir le dossier quand même ?",
                         field="client")


def _conflict_check(session: Session, check_id: int | None) -> ConflictCheck | None:
    if check_id is None:
        return None
    check = session.get(ConflictCheck, check_id, with_for_update=True)
    if check is None:
        raise ValidationError("Ce contrôle des conflits n'existe plus : relancez-le.",
                              field="conflict_check")
    if check.matter_id is not None:
        raise ValidationError("Ce contrôle des conflits appartient déjà à un autre dossier : "
                              "relancez-le.", field="conflict_check")
    if check.decision == ConflictDecision.CONFLICT:
        raise ValidationError("Le contrôle des conflits a conclu à un conflit d'intérêts : le "
                              "dossier ne peut pas être ouvert.", field="conflict_check")
    if check.decision == ConflictDecision.PENDING:
        raise ValidationError("Décidez de la suite du contrôle des conflits avant d'ouvrir le "
                              "dossier.", field="conflict_check")
    return check


def _parties(session: Session, client_id: int,
             parties: tuple[tuple[int, str], ...]) -> list[tuple[int, PartyRole]]:
    seen: set[tuple[int, str]] = {(client_id, PartyRole.CLIENT.value)}
    out = []
    for contact_id, role_code in parties:
        role = rules.party_role(role_code)
        contact = rules.live_contact(session, contact_id, "parties", "le contact de la partie")
        if contact_id == client_id:
            raise ValidationError(f"{contact.display_name} est le client du dossier : il ne peut "
                                  f"pas être aussi « {role.label} ».", field="parties")
        if (contact_id, role.value) in seen:
            raise ValidationError(f"{contact.display_name} figure déjà comme « {role.label} ».",
                                  field="parties")
        seen.add((contact_id, role.value))
        out.append((contact_id, role))
    return out


def open_matter_in(session: Session, clock: Clock, data: MatterInput, *,
                   user_id: int | None = None, conflict_check_id: int | None = None,
                   kyc_acknowledged: bool = False) -> int:
    """Open a matter inside the caller's transaction; returns its id."""
    now, today = clock.now(), clock.today()
    title = rules.clean_title(data.title)
    domain = rules.clean_domain(data.domain)
    client = rules.client_contact(session, data.client_id)
    responsible = rules.active_user(session, data.responsible_id, "responsible",
                                    "l'associé responsable")
    team = rules.assignees(session, data.assignee_ids)
    parties = _parties(session, client.id, tuple(data.parties))
    _check_kyc(session, client.id, today, kyc_acknowledged)
    check = _conflict_check(session, conflict_check_id)

    reference = next_reference_in(session, today.year)
    matter = Matter(reference=reference, title=title, domain=domain, client_id=client.id,
                    search_text=matter_search_text(reference, title),
                    responsible_id=responsible.id, status=MatterStatus.OPEN.value,
                    opened_on=today, description=rules.clean_text(data.description),
                    created_at=now, updated_at=now)
    matter.parties.append(MatterParty(contact_id=client.id, role=PartyRole.CLIENT.value))
    for contact_id, role in parties:
        matter.parties.append(MatterParty(contact_id=contact_id, role=role.value))
    session.add(matter)
    session.flush()
    if team:
        session.execute(matter_assignee.insert(),
                        [{"matter_id": matter.id, "user_id": u.id} for u in team])
    if check is not None:
        check.matter_id = matter.id
    on_first_matter_opened(session, client.id, at=now, actor_id=user_id, matter_id=matter.id)
    session.add(Interaction(contact_id=client.id, matter_id=matter.id,
                            kind=InteractionKind.MATTER.value, occurred_at=now,
                            subject=f"Ouverture du dossier {reference} — {title}",
                            user_id=user_id, details={"event": "opened", "reference": reference}))
    record_event(session, kind=EventKind.CREATED, entity_type=ENTITY, entity_id=matter.id, at=now,
                 user_id=user_id, payload={
                     "reference": reference, "client_id": client.id,
                     "responsible_id": responsible.id, "domain": domain,
                     "parties": [[cid, role.value] for cid, role in parties],
                     "conflict_check_id": check.id if check is not None else None})
    return matter.id


def open_matter(db: Database, clock: Clock, data: MatterInput, *, user_id: int | None = None,
                conflict_check_id: int | None = None, kyc_acknowledged: bool = False) -> int:
    """Open a matter: reference from the firm's format and the year's gap-free counter, the
    client party, the KYC gate (``block`` → ValidationError, ``warn`` → :class:`KycWarning`
    unless acknowledged), the conflict check attached (a « conflit » decision refuses), the
    client made « Client actif », an event and a journal line on the client."""
    with db.write() as s:
        return open_matter_in(s, clock, data, user_id=user_id,
                              conflict_check_id=conflict_check_id,
                              kyc_acknowledged=kyc_acknowledged)


def assignee_ids_in(session: Session, matter_id: int) -> list[int]:
    t = matter_assignee
    return sorted(session.scalars(select(t.c.user_id).where(t.c.matter_id == matter_id)))


# -- details --------------------------------------------------------------------------------
def update_matter_in(session: Session, clock: Clock, matter_id: int, data: MatterDetails, *,
                     user_id: int | None = None) -> dict[str, list]:
    """Change the details; returns the changes ({field: [before, after]}), {} when none."""
    matter = rules.load_matter_row(session, matter_id, for_write=True)
    rules.check_editable(matter)
    title = rules.clean_title(data.title)
    domain = rules.clean_domain(data.domain)
    description = rules.clean_text(data.description)
    responsible = session.get(User, data.responsible_id) if data.responsible_id else None
    if responsible is None or responsible.id != matter.responsible_id:
        responsible = rules.active_user(session, data.responsible_id, "responsible",
                                        "l'associé responsable")
    before_team = assignee_ids_in(session, matter_id)
    # Only the newly assigned must be active; someone already on the team may stay.
    rules.assignees(session, [u for u in data.assignee_ids if u not in before_team])
    team = sorted(set(data.assignee_ids))
    changes: dict[str, list] = {}
    for name, new in (("title", title), ("domain", domain), ("description", description),
                      ("responsible_id", responsible.id)):
        old = getattr(matter, name)
        if old != new:
            changes[name] = [old, new]
            setattr(matter, name, new)
    if "title" in changes:
        matter.search_text = matter_search_text(matter.reference, title)
    if team != before_team:
        changes["assignee_ids"] = [before_team, team]
        t = matter_assignee
        session.execute(t.delete().where(t.c.matter_id == matter_id))
        if team:
            session.execute(t.insert(), [{"matter_id": matter_id, "user_id": u} for u in team])
    if changes:
        now = clock.now()
        matter.updated_at = now
        record_event(session, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=matter_id,
                     at=now, user_id=user_id, payload={"changes": changes})
    return changes


def update_matter(db: Database, clock: Clock, matter_id: int, data: MatterDetails, *,
                  user_id: int | None = None) -> dict[str, list]:
    with db.write() as s:
        return update_matter_in(s, clock, matter_id, data, user_id=user_id)


# -- status ---------------------------------------------------------------------------------
def _status_line(session: Session, matter: Matter, old: MatterStatus, new: MatterStatus,
                 at: datetime, user_id: int | None, note: str | None) -> None:
    verb = {MatterStatus.CLOSED: "Clôture", MatterStatus.ARCHIVED: "Archivage",
            MatterStatus.PENDING: "Mise en attente"}.get(new, "Réouverture")
    if old == MatterStatus.PENDING and new == MatterStatus.OPEN:
        verb = "Reprise"
    session.add(Interaction(
        contact_id=matter.client_id, matter_id=matter.id, kind=InteractionKind.MATTER.value,
        occurred_at=at, subject=f"{verb} du dossier {matter.reference} ({old.label} → {new.label})",
        body=rules.clean_text(note), user_id=user_id,
        details={"event": "status", "from": old.value, "to": new.value}))


def change_matter_status_in(session: Session, clock: Clock, matter_id: int, new_status: str, *,
                            user_id: int | None = None, note: str | None = None) -> MatterStatus:
    try:
        new = MatterStatus(new_status)
    except ValueError:
        raise ValidationError(f"Statut inconnu : « {new_status} ».", field="status") from None
    matter = rules.load_matter_row(session, matter_id, for_write=True)
    old = MatterStatus(matter.status)
    rules.check_transition(old, new)
    now, today = clock.now(), clock.today()
    changes: dict[str, list] = {"status": [old.value, new.value]}
    if new == MatterStatus.CLOSED:
        changes["closed_on"] = [None, today.isoformat()]
        matter.closed_on = today
    elif new == MatterStatus.ARCHIVED:
        changes["archived_on"] = [None, today.isoformat()]
        matter.archived_on = today
    elif old == MatterStatus.CLOSED:  # reopened
        changes["closed_on"] = [matter.closed_on.isoformat() if matter.closed_on else None, None]
        matter.closed_on = None
    matter.status, matter.updated_at = new.value, now
    _status_line(session, matter, old, new, now, user_id, note)
    record_event(session, kind=EventKind.STATUS_CHANGED, entity_type=ENTITY, entity_id=matter_id,
                 at=now, user_id=user_id, payload={"changes": changes})
    return new


def change_matter_status(db: Database, clock: Clock, matter_id: int, new_status: str, *,
                         user_id: int | None = None, note: str | None = None) -> MatterStatus:
    """open ⇄ pending → closed → archived, and closed → open (reopen). Refused with a French
    message otherwise. Sets closed_on / archived_on, writes an event and a journal line."""
    with db.write() as s:
        return change_matter_status_in(s, clock, matter_id, new_status, user_id=user_id,
                                       note=note)
