"""Appointments (rendez-vous): entered and shown in Paris time, stored as UTC instants.

An appointment has an organizer and attendees (users of the firm), and may concern a matter or
a contact. Cancelling removes it from the agenda; the event keeps what it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import PARIS, Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.models import Appointment, Contact, Matter, User, appointment_attendee

ENTITY = "appointment"


@dataclass(frozen=True)
class AppointmentInfo:
    id: int
    title: str
    starts_at: datetime  # UTC
    ends_at: datetime    # UTC
    start_local: datetime  # Europe/Paris
    end_local: datetime
    location: str | None
    notes: str | None
    matter_id: int | None
    matter_reference: str
    contact_id: int | None
    contact_name: str
    organizer_id: int | None
    organizer_name: str
    attendee_ids: tuple[int, ...]
    attendee_names: tuple[str, ...]


def to_utc(instant: datetime) -> datetime:
    """A naive datetime is Paris wall time; an aware one is converted."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=PARIS)
    return instant.astimezone(timezone.utc)


def to_paris(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=timezone.utc)
    return instant.astimezone(PARIS)


def attendees_in(session: Session, appointment_id: int) -> list[User]:
    return list(session.scalars(
        select(User).join(appointment_attendee, appointment_attendee.c.user_id == User.id)
        .where(appointment_attendee.c.appointment_id == appointment_id)
        .order_by(User.last_name, User.first_name)))


def info_in(session: Session, a: Appointment) -> AppointmentInfo:
    matter = session.get(Matter, a.matter_id) if a.matter_id else None
    contact = session.get(Contact, a.contact_id) if a.contact_id else None
    organizer = session.get(User, a.organizer_id) if a.organizer_id else None
    people = attendees_in(session, a.id)
    return AppointmentInfo(
        id=a.id, title=a.title, starts_at=to_utc(a.starts_at), ends_at=to_utc(a.ends_at),
        start_local=to_paris(a.starts_at), end_local=to_paris(a.ends_at), location=a.location,
        notes=a.notes, matter_id=a.matter_id, matter_reference=matter.reference if matter else "",
        contact_id=a.contact_id, contact_name=contact.display_name if contact else "",
        organizer_id=a.organizer_id, organizer_name=organizer.full_name if organizer else "",
        attendee_ids=tuple(u.id for u in people), attendee_names=tuple(u.full_name for u in people))


def _times(starts_at: datetime | None, ends_at: datetime | None) -> tuple[datetime, datetime]:
    if starts_at is None:
        raise ValidationError("Indiquez le début du rendez-vous.", field="starts_at")
    if ends_at is None:
        raise ValidationError("Indiquez la fin du rendez-vous.", field="ends_at")
    start, end = to_utc(starts_at), to_utc(ends_at)
    if end <= start:
        raise ValidationError("La fin du rendez-vous doit être après son début.", field="ends_at")
    return start, end


def _check_people(session: Session, organizer_id: int | None, attendee_ids: Iterable[int]) -> list[int]:
    ids = sorted(set(attendee_ids))
    for uid in ([organizer_id] if organizer_id else []) + ids:
        user = session.get(User, uid)
        if user is None or not user.is_active:
            raise ValidationError("Un participant choisi n'est pas un utilisateur actif.",
                                  field="attendees")
    return ids


def create_appointment_in(session: Session, at: datetime, title: str, starts_at: datetime,
                          ends_at: datetime, *, location: str | None = None,
                          notes: str | None = None, matter_id: int | None = None,
                          contact_id: int | None = None, organizer_id: int | None = None,
                          attendee_ids: Iterable[int] = (), user_id: int | None = None,
                          run_id: int | None = None) -> Appointment:
    clean_title = (title or "").strip()
    if not clean_title:
        raise ValidationError("Donnez un objet au rendez-vous.", field="title")
    if len(clean_title) > 300:
        raise ValidationError("L'objet ne peut dépasser 300 caractères.", field="title")
    start, end = _times(starts_at, ends_at)
    if organizer_id is None:
        organizer_id = user_id
    ids = _check_people(session, organizer_id, attendee_ids)
    if matter_id is not None and session.get(Matter, matter_id) is None:
        raise ValidationError("Le dossier choisi n'existe pas.", field="matter")
    if contact_id is not None and session.get(Contact, contact_id) is None:
        raise ValidationError("Le contact choisi n'existe pas.", field="contact")
    appt = Appointment(title=clean_title, starts_at=start, ends_at=end,
                       location=(location or "").strip() or None,
                       notes=(notes or "").strip() or None, matter_id=matter_id,
                       contact_id=contact_id, organizer_id=organizer_id, run_id=run_id,
                       created_at=at, updated_at=at)
    session.add(appt)
    session.flush()
    if ids:
        session.execute(insert(appointment_attendee),
                        [{"appointment_id": appt.id, "user_id": uid} for uid in ids])
    record_event(session, kind=EventKind.CREATED, entity_type=ENTITY, entity_id=appt.id, at=at,
                 user_id=user_id, payload={"starts_at": start.isoformat(), "ends_at": end.isoformat(),
                                           "matter_id": matter_id, "attendee_ids": ids})
    return appt


def create_appointment(db: Database, clock: Clock, title: str, starts_at: datetime,
                       ends_at: datetime, *, location: str | None = None, notes: str | None = None,
                       matter_id: int | None = None, contact_id: int | None = None,
                       organizer_id: int | None = None, attendee_ids: Iterable[int] = (),
                       user_id: int | None = None) -> AppointmentInfo:
    """Naive ``starts_at``/``ends_at`` are Paris wall time. The organizer defaults to
    ``user_id``."""
    with db.write() as s:
        appt = create_appointment_in(s, clock.now(), title, starts_at, ends_at, location=location,
                                     notes=notes, matter_id=matter_id, contact_id=contact_id,
                                     organizer_id=organizer_id, attendee_ids=attendee_ids,
                                     user_id=user_id)
        return info_in(s, appt)


def _load(session: Session, appointment_id: int) -> Appointment:
    appt = session.get(Appointment, appointment_id)
    if appt is None:
        raise NotFoundError(f"Le rendez-vous n° {appointment_id} n'existe pas (ou a été annulé).")
    return appt


def get_appointment(db: Database, appointment_id: int) -> AppointmentInfo:
    with db.read() as s:
        return info_in(s, _load(s, appointment_id))


def move_appointment(db: Database, clock: Clock, appointment_id: int, starts_at: datetime,
                     ends_at: datetime, *, user_id: int | None = None) -> AppointmentInfo:
    at = clock.now()
    with db.write() as s:
        appt = _load(s, appointment_id)
        start, end = _times(starts_at, ends_at)
        changes = {"starts_at": [to_utc(appt.starts_at).isoformat(), start.isoformat()],
                   "ends_at": [to_utc(appt.ends_at).isoformat(), end.isoformat()]}
        appt.starts_at, appt.ends_at, appt.updated_at = start, end, at
        record_event(s, kind=EventKind.UPDATED, entity_type=ENTITY, entity_id=appt.id, at=at,
                     user_id=user_id, payload={"changes": changes})
        return info_in(s, appt)


def cancel_appointment(db: Database, clock: Clock, appointment_id: int, *,
                       user_id: int | None = None) -> None:
    at = clock.now()
    with db.write() as s:
        appt = _load(s, appointment_id)
        info = info_in(s, appt)
        record_event(s, kind=EventKind.STATUS_CHANGED, entity_type=ENTITY, entity_id=appt.id,
                     at=at, user_id=user_id,
                     payload={"changes": {"status": ["scheduled", "cancelled"]},
                              "snapshot": {"title": info.title,
                                           "starts_at": info.starts_at.isoformat(),
                                           "ends_at": info.ends_at.isoformat(),
                                           "matter_id": info.matter_id,
                                           "attendee_ids": list(info.attendee_ids)}})
        s.execute(delete(appointment_attendee).where(
            appointment_attendee.c.appointment_id == appt.id))
        s.delete(appt)


def appointments_between_in(session: Session, user_id: int, first: datetime, last: datetime
                            ) -> list[AppointmentInfo]:
    """Appointments overlapping [first, last) where the user organizes or attends."""
    attending = select(appointment_attendee.c.appointment_id).where(
        appointment_attendee.c.user_id == user_id)
    rows = session.scalars(select(Appointment).where(
        Appointment.starts_at < to_utc(last), Appointment.ends_at > to_utc(first),
        (Appointment.organizer_id == user_id) | Appointment.id.in_(attending),
    ).order_by(Appointment.starts_at, Appointment.id))
    return [info_in(session, a) for a in rows]


_TIME = re.compile(r"^\s*(\d{1,2})\s*(?:[h:H]\s*(\d{2})?)?\s*$")


def parse_time(text: str | None, *, field: str, label: str = "L'heure") -> time:
    """« 14:30 », « 14h30 », « 14h » or « 9 » → a time; else a French error on ``field``."""
    match = _TIME.match(text or "")
    if not match:
        raise ValidationError(f"{label} s'écrit HH:MM (par exemple 14:30).", field=field)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValidationError(f"« {text.strip()} » n'est pas une heure valide.", field=field)
    return time(hour, minute)


def local_instant(day: date | None, at: time) -> datetime:
    """Paris wall time of ``day`` at ``at`` (naive, as the services take it)."""
    if day is None:
        raise ValidationError("Indiquez la date du rendez-vous.", field="starts_at")
    return datetime.combine(day, at)
