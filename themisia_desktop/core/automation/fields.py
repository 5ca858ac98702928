"""The catalogue of what a workflow can look at: record types, their fields, their relations.

A field is named by a dotted path read from the record a workflow watches:

* ``matter.status`` — a field of the record itself (the first segment is the record type;
  a contact may also be called ``client``);
* ``client.encours`` on a matter, ``matter.client.status`` on a task — a field of a related
  record, reached through named relations (``client``, ``matter``, ``responsible``…);
* aggregates are computed fields (``matter.encours``, ``client.solde_du``,
  ``matter.jours_depuis_derniere_provision``…) built as correlated SQL expressions.

Every field has a type (:class:`FieldType`), a French label, for enums the allowed values
with their labels, and a ``writable`` flag (what the ``set_field`` action may change).
The same dotted names are the merge fields offered to templates (:func:`merge_fields`).

``matter.jours_depuis_derniere_provision`` counts the days since the latest provision
received on the matter (``received_on``); a matter that never received one counts from its
opening date (``opened_on``), so a new matter is not "late" on its first day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, FromClause, func, select, true, type_coerce

from themisia_desktop.core.finance.balances import matter_encours_cents_sql, solde_du_cents_sql
from themisia_desktop.core.models import (
    Appointment,
    Contact,
    Deadline,
    Expense,
    Invoice,
    Matter,
    PaymentAllocation,
    Provision,
    RunTrace,
    Task,
    TimeEntry,
    User,
)
from themisia_desktop.core.models.enums import (
    ContactKind,
    ContactStatus,
    DeadlineStatus,
    InvoiceStatus,
    KycStatus,
    Labelled,
    MatterStatus,
    ProvisionStatus,
    RunOutcome,
    TaskStatus,
    UserCategory,
)

MAX_RELATION_DEPTH = 2  # matter.client.encours from a task; no deeper


class FieldType(StrEnum):
    TEXT = "text"
    ENUM = "enum"
    MONEY = "money"
    INTEGER = "integer"
    DATE = "date"
    BOOLEAN = "boolean"

    @property
    def is_numeric(self) -> bool:
        return self in (FieldType.MONEY, FieldType.INTEGER)


class Compute(StrEnum):
    """How a field's value is obtained."""

    COLUMN = "column"          # a column of the record's table
    INSTANT = "instant"        # an aware datetime column, seen as its date in Paris
    AGGREGATE = "aggregate"    # a correlated scalar subquery over other tables (key → value)
    DAYS_SINCE = "days_since"  # whole days from a date (key → date SQL) to today


@dataclass(frozen=True)
class FieldDef:
    name: str
    label: str
    type: FieldType
    compute: Compute = Compute.COLUMN
    column: str | None = None  # COLUMN / INSTANT: the table column (default: name)
    build: Callable[[Any], ColumnElement[Any]] | None = None  # AGGREGATE / DAYS_SINCE
    choices: tuple[tuple[str, str], ...] = ()
    writable: bool = False

    @property
    def column_name(self) -> str:
        return self.column or self.name

    @property
    def allowed_values(self) -> tuple[str, ...]:
        return tuple(v for v, _ in self.choices)


@dataclass(frozen=True)
class Relation:
    name: str
    label: str
    target: str      # record type key
    fk_column: str   # column of the source table holding the target's id


@dataclass(frozen=True)
class RecordType:
    key: str
    label: str
    model: type
    fields: tuple[FieldDef, ...]
    relations: tuple[Relation, ...] = ()
    aliases: tuple[str, ...] = ()  # other names of the record itself in a dotted path
    watchable: bool = True         # may be named by a trigger

    @property
    def table(self) -> FromClause:
        return self.model.__table__

    def field(self, name: str) -> FieldDef | None:
        return next((f for f in self.fields if f.name == name), None)

    def relation(self, name: str) -> Relation | None:
        return next((r for r in self.relations if r.name == name), None)


@dataclass(frozen=True)
class ResolvedField:
    """A dotted name resolved from a record type: the relations to follow, then the field."""

    path: str
    record_type: str
    hops: tuple[Relation, ...]
    field: FieldDef
    label: str

    @property
    def type(self) -> FieldType:
        return self.field.type

    @property
    def is_own(self) -> bool:
        return not self.hops


# -- aggregates (integer cents or dates, correlated to a key expression) ---------------------
def _cents(column) -> ColumnElement[int]:  # noqa: ANN001
    return type_coerce(column, BigInteger)


def _sum_cents(expr) -> ColumnElement[int]:  # noqa: ANN001
    return func.coalesce(func.sum(expr), 0)


def _client_unbilled(model, client_key) -> ColumnElement[int]:  # noqa: ANN001
    m = Matter.__table__.alias()
    matters = select(m.c.id).where(m.c.client_id == client_key).correlate_except(m)
    return (select(_sum_cents(_cents(model.amount)))
            .where(model.matter_id.in_(matters), model.invoice_id.is_(None),
                   model.billable == true())
            .correlate_except(model.__table__).scalar_subquery())


def client_encours_cents_sql(client_key) -> ColumnElement[int]:  # noqa: ANN001
    """Unbilled billable time and expenses of all the client's matters, in cents."""
    return _client_unbilled(TimeEntry, client_key) + _client_unbilled(Expense, client_key)


def invoices_due_cents_sql(by: str, key) -> ColumnElement[int]:  # noqa: ANN001
    """Solde dû in cents over the invoices whose ``by`` column (``client_id``/``matter_id``)
    equals ``key``: the very figure of the client banner (credit notes, cancelled invoices and
    cancelled credit notes counted as the banner counts them)."""
    return solde_du_cents_sql(by, key)


def invoice_remaining_cents_sql(invoice_key) -> ColumnElement[int]:  # noqa: ANN001
    """What is left to pay on one invoice (TTC minus its allocations), in cents."""
    inv = Invoice.__table__.alias()
    alloc = PaymentAllocation.__table__.alias()
    paid = (select(_sum_cents(_cents(alloc.c.amount)))
            .where(alloc.c.invoice_id == invoice_key).correlate_except(alloc).scalar_subquery())
    return (select(_cents(inv.c.total_incl_tax) - paid)
            .where(inv.c.id == invoice_key).correlate_except(inv).scalar_subquery())


def provisions_received_cents_sql(matter_key) -> ColumnElement[int]:  # noqa: ANN001
    p = Provision.__table__.alias()
    return (select(_sum_cents(_cents(p.c.amount_received)))
            .where(p.c.matter_id == matter_key, p.c.received_on.is_not(None))
            .correlate_except(p).scalar_subquery())


def last_provision_date_sql(matter_key) -> ColumnElement[Any]:  # noqa: ANN001
    """Date of the latest provision received on the matter, else the matter's opening date.
    ``max(received_on)`` per matter is read from ``ix_provision_matter_received``."""
    p = Provision.__table__.alias()
    m = Matter.__table__.alias()
    last = (select(func.max(p.c.received_on)).where(p.c.matter_id == matter_key)
            .correlate_except(p).scalar_subquery())
    opened = select(m.c.opened_on).where(m.c.id == matter_key).correlate_except(m).scalar_subquery()
    return func.coalesce(last, opened)


def active_matters_count_sql(client_key) -> ColumnElement[int]:  # noqa: ANN001
    m = Matter.__table__.alias()
    return (select(func.count()).select_from(m)
            .where(m.c.client_id == client_key,
                   m.c.status.in_((MatterStatus.OPEN.value, MatterStatus.PENDING.value)))
            .correlate_except(m).scalar_subquery())


# -- the catalogue --------------------------------------------------------------------------
def _enum(name: str, label: str, enum: type[Labelled], **kw: Any) -> FieldDef:
    return FieldDef(name, label, FieldType.ENUM, choices=tuple(enum.choices()), **kw)


def _agg(name: str, label: str, type_: FieldType, build: Callable[[Any], Any]) -> FieldDef:
    return FieldDef(name, label, type_, compute=Compute.AGGREGATE, build=build)


T, E, M, I, D, B = (FieldType.TEXT, FieldType.ENUM, FieldType.MONEY, FieldType.INTEGER,
                    FieldType.DATE, FieldType.BOOLEAN)

_RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType("contact", "Contact / client", Contact, aliases=("client",), fields=(
        FieldDef("display_name", "Nom du client", T),
        _enum("kind", "Type de contact", ContactKind),
        _enum("status", "Statut du client", ContactStatus),
        _enum("kyc_status", "Statut KYC", KycStatus),
        FieldDef("kyc_expires_on", "Expiration du KYC", D),
        FieldDef("city", "Ville du client", T),
        FieldDef("primary_email", "E-mail du client", T),
        FieldDef("close_monitoring", "Suivi renforcé", B, writable=True),
        _agg("encours", "Encours du client", M, client_encours_cents_sql),
        _agg("solde_du", "Solde dû du client", M, lambda k: invoices_due_cents_sql("client_id", k)),
        _agg("dossiers_actifs", "Dossiers actifs du client", I, active_matters_count_sql),
    ), relations=(Relation("owner", "Suivi par", "user", "owner_id"),)),
    RecordType("matter", "Dossier", Matter, fields=(
        FieldDef("reference", "Référence du dossier", T),
        FieldDef("title", "Intitulé du dossier", T),
        FieldDef("domain", "Domaine du dossier", T),
        _enum("status", "Statut du dossier", MatterStatus, writable=True),
        FieldDef("opened_on", "Date d'ouverture du dossier", D),
        FieldDef("closed_on", "Date de clôture du dossier", D),
        _agg("encours", "Encours du dossier", M, matter_encours_cents_sql),
        _agg("solde_du", "Solde dû du dossier", M, lambda k: invoices_due_cents_sql("matter_id", k)),
        _agg("provisions_recues", "Provisions reçues sur le dossier", M,
             provisions_received_cents_sql),
        FieldDef("jours_depuis_derniere_provision", "Jours depuis la dernière provision reçue", I,
                 compute=Compute.DAYS_SINCE, build=last_provision_date_sql),
    ), relations=(Relation("client", "Client", "contact", "client_id"),
                  Relation("responsible", "Responsable du dossier", "user", "responsible_id"))),
    RecordType("invoice", "Facture", Invoice, fields=(
        FieldDef("number", "Numéro de facture", T),
        _enum("status", "Statut de la facture", InvoiceStatus),
        FieldDef("issued_on", "Date d'émission", D),
        FieldDef("due_on", "Date d'échéance de la facture", D),
        FieldDef("total_excl_tax", "Montant HT", M),
        FieldDef("total_incl_tax", "Montant TTC", M),
        FieldDef("is_doubtful", "Créance douteuse", B, writable=True),
        _agg("reste_du", "Reste dû sur la facture", M, invoice_remaining_cents_sql),
    ), relations=(Relation("matter", "Dossier", "matter", "matter_id"),
                  Relation("client", "Client", "contact", "client_id"))),
    RecordType("task", "Tâche", Task, fields=(
        FieldDef("title", "Titre de la tâche", T),
        _enum("status", "Statut de la tâche", TaskStatus, writable=True),
        FieldDef("due_on", "Échéance de la tâche", D, writable=True),
    ), relations=(Relation("matter", "Dossier", "matter", "matter_id"),
                  Relation("contact", "Contact", "contact", "contact_id"),
                  Relation("assignee", "Assigné à", "user", "assignee_id"))),
    RecordType("deadline", "Échéance", Deadline, fields=(
        FieldDef("title", "Intitulé de l'échéance", T),
        FieldDef("kind", "Nature de l'échéance", T),
        FieldDef("due_on", "Date de l'échéance", D),
        _enum("status", "Statut de l'échéance", DeadlineStatus, writable=True),
    ), relations=(Relation("matter", "Dossier", "matter", "matter_id"),
                  Relation("responsible", "Responsable de l'échéance", "user", "responsible_id"))),
    RecordType("provision", "Provision", Provision, fields=(
        _enum("status", "Statut de la provision", ProvisionStatus),
        FieldDef("requested_on", "Date de demande de la provision", D),
        FieldDef("amount_requested", "Montant demandé", M),
        FieldDef("received_on", "Date de réception de la provision", D),
        FieldDef("amount_received", "Montant reçu", M),
    ), relations=(Relation("matter", "Dossier", "matter", "matter_id"),)),
    RecordType("time_entry", "Temps passé", TimeEntry, fields=(
        FieldDef("work_date", "Date du temps", D),
        FieldDef("minutes", "Durée (minutes)", I),
        FieldDef("billable", "Facturable", B),
        FieldDef("amount", "Montant du temps", M),
        FieldDef("description", "Description du temps", T),
    ), relations=(Relation("matter", "Dossier", "matter", "matter_id"),
                  Relation("user", "Auteur", "user", "user_id"))),
    RecordType("appointment", "Rendez-vous", Appointment, fields=(
        FieldDef("title", "Objet du rendez-vous", T),
        FieldDef("location", "Lieu du rendez-vous", T),
        FieldDef("date", "Date du rendez-vous", D, compute=Compute.INSTANT, column="starts_at"),
    ), relations=(Relation("matter", "Dossier", "matter", "matter_id"),
                  Relation("contact", "Contact", "contact", "contact_id"),
                  Relation("organizer", "Organisateur", "user", "organizer_id"))),
    RecordType("workflow_run", "Exécution de workflow", RunTrace, fields=(
        _enum("outcome", "Résultat de l'exécution", RunOutcome),
        FieldDef("entity_type", "Type d'enregistrement traité", T),
    )),
    RecordType("user", "Utilisateur", User, watchable=False, fields=(
        FieldDef("first_name", "Prénom", T),
        FieldDef("last_name", "Nom", T),
        FieldDef("email", "E-mail", T),
        _enum("category", "Catégorie", UserCategory),
    )),
)
RECORD_TYPES: dict[str, RecordType] = {rt.key: rt for rt in _RECORD_TYPES}
WATCHED_RECORD_TYPES: tuple[str, ...] = tuple(rt.key for rt in _RECORD_TYPES if rt.watchable)


class UnknownField(LookupError):
    """The dotted name does not exist for that record type (message in French)."""


def record_type(key: str) -> RecordType:
    try:
        return RECORD_TYPES[key]
    except KeyError:
        raise UnknownField(f"Type d'enregistrement inconnu : « {key} »") from None


@lru_cache(maxsize=2048)
def resolve(record_type_key: str, path: str) -> ResolvedField:
    """A dotted name read from a record type → the relations to follow, then the field.

    The first segment is the record itself (``matter.status`` on a matter; a contact is also
    ``client``) or one of its relations (``client.encours`` on a matter,
    ``matter.client.status`` on a task)."""
    rt = record_type(record_type_key)
    unknown = UnknownField(f"Champ inconnu pour {rt.label.lower()} : « {path} »")
    parts = path.split(".") if isinstance(path, str) else []
    if len(parts) < 2:
        raise unknown
    if parts[0] in (rt.key, *rt.aliases):
        parts = parts[1:]
    hops: list[Relation] = []
    current = rt
    for name in parts[:-1]:
        rel = current.relation(name)
        if rel is None or len(hops) >= MAX_RELATION_DEPTH:
            raise unknown
        hops.append(rel)
        current = RECORD_TYPES[rel.target]
    fdef = current.field(parts[-1])
    if fdef is None:
        raise unknown
    label = fdef.label
    if hops and current.key == "user":
        label = f"{hops[-1].label} : {fdef.label}"
    return ResolvedField(path, rt.key, tuple(hops), fdef, label)


def _related_paths(rt: RecordType, prefix: str, depth: int, seen: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for rel in rt.relations:
        if rel.target in seen:
            continue
        target = RECORD_TYPES[rel.target]
        name = f"{prefix}{rel.name}"
        out += [f"{name}.{f.name}" for f in target.fields]
        if depth + 1 < MAX_RELATION_DEPTH:
            out += _related_paths(target, f"{name}.", depth + 1, (*seen, rel.target))
    return out


@lru_cache(maxsize=None)
def field_paths(record_type_key: str) -> tuple[str, ...]:
    """Every dotted field name reachable from a record type: own fields first
    (``matter.status``), then related ones (``client.encours``, ``responsible.email``)."""
    rt = record_type(record_type_key)
    own = [f"{rt.key}.{f.name}" for f in rt.fields]
    return tuple(own + _related_paths(rt, "", 0, (rt.key,)))


@dataclass(frozen=True)
class FieldInfo:
    """A field as an editor shows it."""

    path: str
    label: str
    type: FieldType
    choices: tuple[tuple[str, str], ...] = field(default=())
    writable: bool = False


def catalogue(record_type_key: str) -> list[FieldInfo]:
    """The fields a condition or a template may use on this record type."""
    out = []
    for path in field_paths(record_type_key):
        rf = resolve(record_type_key, path)
        out.append(FieldInfo(path, rf.label, rf.type, rf.field.choices, rf.field.writable))
    return out


def merge_fields(record_type_key: str) -> frozenset[str]:
    """The dotted names a template of a workflow on this record type may use."""
    return frozenset(field_paths(record_type_key))


def writable_fields(record_type_key: str) -> list[FieldInfo]:
    return [f for f in catalogue(record_type_key) if f.writable]
