"""Hourly rates: a client's negotiated rates and the resolution used when time is entered.

Priority (the first level that has a rate wins; within a level, the row with the latest
``effective_from`` on or before the work date):

1. ``negotiated_user``      negotiated for this client and this lawyer;
2. ``negotiated_category``  negotiated for this client and the lawyer's category;
3. ``negotiated_client``    negotiated for this client, for everyone;
4. ``user_standard``        the lawyer's own standard rate;
5. ``category_standard``    the firm's standard rate for the lawyer's category.

The resolved rate is stored on the time entry: a later rate never changes time already entered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.models import CategoryRate, Contact, NegotiatedRate, User
from themisia_desktop.core.models.enums import ContactKind, UserCategory
from themisia_desktop.core.money import parse_amount

NEGOTIATED_USER = "negotiated_user"
NEGOTIATED_CATEGORY = "negotiated_category"
NEGOTIATED_CLIENT = "negotiated_client"
USER_STANDARD = "user_standard"
CATEGORY_STANDARD = "category_standard"

SOURCE_LABELS = {
    NEGOTIATED_USER: "Taux négocié pour cet avocat",
    NEGOTIATED_CATEGORY: "Taux négocié pour la catégorie",
    NEGOTIATED_CLIENT: "Taux négocié du client",
    USER_STANDARD: "Taux standard de l'avocat",
    CATEGORY_STANDARD: "Taux standard de la catégorie",
}


@dataclass(frozen=True)
class ResolvedRate:
    rate: Decimal
    source: str
    effective_from: date | None = None

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]


@dataclass(frozen=True)
class RateInfo:
    id: int
    client_id: int
    scope: str  # "client" | "category" | "user"
    lawyer_id: int | None
    lawyer_name: str | None
    category: UserCategory | None
    hourly_rate: Decimal
    effective_from: date

    @property
    def scope_label(self) -> str:
        if self.scope == "user":
            return self.lawyer_name or ""
        if self.scope == "category" and self.category is not None:
            return self.category.label
        return "Tous les intervenants"


def add_negotiated_rate(db: Database, clock: Clock, client_id: int, *,
                        hourly_rate: Decimal | str, effective_from: date,
                        lawyer_id: int | None = None, category: str | None = None,
                        actor_id: int | None = None) -> RateInfo:
    """A negotiated hourly rate (€ HT) for the client: for everyone (no lawyer, no category),
    for one lawyer, or for a category of users, from ``effective_from`` on."""
    rate = parse_amount(hourly_rate, field="hourly_rate")
    if rate <= 0:
        raise ValidationError("Le taux horaire doit être supérieur à zéro.", field="hourly_rate")
    if not isinstance(effective_from, date):
        raise ValidationError("Indiquez la date d'application du taux.", field="effective_from")
    if lawyer_id is not None and category is not None:
        raise ValidationError("Un taux négocié vise un avocat ou une catégorie, pas les deux.",
                              field="category")
    cat = None
    if category is not None:
        try:
            cat = UserCategory(category)
        except ValueError:
            raise ValidationError(f"Catégorie inconnue : « {category} ».", field="category") from None
    with db.write() as s:
        client = s.get(Contact, client_id)
        if client is None or client.merged_into_id is not None:
            raise NotFoundError(f"Le contact n° {client_id} n'existe pas.")
        if client.kind == ContactKind.JURISDICTION:
            raise ValidationError("Une juridiction n'a pas de taux négocié.", field="client")
        lawyer = s.get(User, lawyer_id) if lawyer_id is not None else None
        if lawyer_id is not None and lawyer is None:
            raise ValidationError("Cet avocat n'existe pas.", field="lawyer")
        clash = s.scalar(select(NegotiatedRate.id).where(
            NegotiatedRate.client_id == client_id, NegotiatedRate.effective_from == effective_from,
            _scope_filter(lawyer_id, cat.value if cat else None)))
        if clash is not None:
            raise ValidationError(
                f"Un taux existe déjà pour ce périmètre au {effective_from.strftime('%d/%m/%Y')} : "
                "choisissez une autre date ou supprimez-le.", field="effective_from")
        row = NegotiatedRate(client_id=client_id, user_id=lawyer_id,
                             category=cat.value if cat else None, hourly_rate=rate,
                             effective_from=effective_from, created_at=clock.now())
        s.add(row)
        s.flush()
        record_event(s, kind=EventKind.UPDATED, entity_type="contact", entity_id=client_id,
                     at=clock.now(), user_id=actor_id, payload={"negotiated_rate": {
                         "action": "added", "id": row.id, "hourly_rate": str(rate),
                         "user_id": lawyer_id, "category": row.category,
                         "effective_from": effective_from.isoformat()}})
        return _info(row, lawyer)


def remove_negotiated_rate(db: Database, clock: Clock, rate_id: int, *,
                           actor_id: int | None = None) -> None:
    """Delete a negotiated rate. Time already entered keeps the rate it was entered with."""
    with db.write() as s:
        row = s.get(NegotiatedRate, rate_id)
        if row is None:
            raise NotFoundError("Ce taux n'existe pas (ou plus).")
        s.delete(row)
        record_event(s, kind=EventKind.UPDATED, entity_type="contact", entity_id=row.client_id,
                     at=clock.now(), user_id=actor_id, payload={"negotiated_rate": {
                         "action": "removed", "id": rate_id, "hourly_rate": str(row.hourly_rate),
                         "effective_from": row.effective_from.isoformat()}})


def _scope_filter(lawyer_id: int | None, category: str | None):  # noqa: ANN202
    return ((NegotiatedRate.user_id == lawyer_id) if lawyer_id is not None
            else NegotiatedRate.user_id.is_(None)) & (
        (NegotiatedRate.category == category) if category is not None
        else NegotiatedRate.category.is_(None))


def _info(row: NegotiatedRate, lawyer: User | None) -> RateInfo:
    scope = "user" if row.user_id is not None else "category" if row.category else "client"
    return RateInfo(id=row.id, client_id=row.client_id, scope=scope, lawyer_id=row.user_id,
                    lawyer_name=lawyer.full_name if lawyer else None,
                    category=UserCategory(row.category) if row.category else None,
                    hourly_rate=row.hourly_rate, effective_from=row.effective_from)


def list_rates(db: Database, client_id: int) -> list[RateInfo]:
    """The client's negotiated rates: client-wide, then categories, then lawyers; newest first."""
    with db.read() as s:
        rows = s.execute(select(NegotiatedRate, User)
                         .outerjoin(User, User.id == NegotiatedRate.user_id)
                         .where(NegotiatedRate.client_id == client_id)).all()
        infos = [_info(r, u) for r, u in rows]
    order = {"client": 0, "category": 1, "user": 2}
    infos.sort(key=lambda i: (order[i.scope], i.category or "", i.lawyer_name or "",
                              -i.effective_from.toordinal()))
    return infos


def resolve_rate(session: Session, *, client_id: int, user_id: int, on_date: date) -> ResolvedRate:
    """The hourly rate of ``user_id`` for ``client_id`` on ``on_date`` (see module docstring).
    Called inside the transaction that writes the time entry, which stores the result."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"L'utilisateur n° {user_id} n'existe pas.")
    rows = list(session.scalars(select(NegotiatedRate).where(
        NegotiatedRate.client_id == client_id, NegotiatedRate.effective_from <= on_date)))
    levels = (
        (NEGOTIATED_USER, [r for r in rows if r.user_id == user_id]),
        (NEGOTIATED_CATEGORY, [r for r in rows if r.user_id is None and r.category == user.category]),
        (NEGOTIATED_CLIENT, [r for r in rows if r.user_id is None and r.category is None]),
    )
    for source, candidates in levels:
        if candidates:
            best = max(candidates, key=lambda r: (r.effective_from, r.id))
            return ResolvedRate(best.hourly_rate, source, best.effective_from)
    if user.standard_rate is not None:
        return ResolvedRate(user.standard_rate, USER_STANDARD)
    standard = session.scalars(select(CategoryRate).where(
        CategoryRate.category == user.category, CategoryRate.effective_from <= on_date)
        .order_by(CategoryRate.effective_from.desc()).limit(1)).first()
    if standard is not None:
        return ResolvedRate(standard.hourly_rate, CATEGORY_STANDARD, standard.effective_from)
    raise ValidationError(
        f"Aucun taux horaire n'est défini pour {user.full_name} au {on_date.strftime('%d/%m/%Y')} : "
        "renseignez son taux standard ou celui de sa catégorie.", field="hourly_rate")


def preview_rate(db: Database, *, client_id: int, user_id: int, on_date: date) -> ResolvedRate:
    """The rate a time entry would get (shown in the entry form before saving)."""
    with db.read() as s:
        return resolve_rate(s, client_id=client_id, user_id=user_id, on_date=on_date)
