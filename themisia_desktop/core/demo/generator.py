"""``generate_demo``: a realistic, deterministic French demo firm in an empty database.

Same seed, same clock → the same rows (except the password hashes, salted at random). The firm
and its administrator are created by :func:`create_firm` (its own transaction); everything else
is written in one further transaction with bulk Core inserts (see :mod:`.bulk`). If that fails,
the firm and its administrator are removed again, so a failed run leaves an empty base.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, bindparam, delete, func, select, text, update
from sqlalchemy.orm import Session

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts.search_index import index_all_contacts
from themisia_desktop.core.db import migrate
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.db.types import to_cents
from themisia_desktop.core.demo.activity import ActivityGenerator
from themisia_desktop.core.demo.bulk import RAW_TABLES, Sink
from themisia_desktop.core.demo.contacts import LAST_NAMES, ContactGenerator
from themisia_desktop.core.demo.data import FEMALE_FIRST_NAMES, MALE_FIRST_NAMES
from themisia_desktop.core.demo.identifiers import slug
from themisia_desktop.core.demo.state import Builder, StaffMember
from themisia_desktop.core.errors import DatabaseError, ValidationError
from themisia_desktop.core.firm.passwords import hash_password
from themisia_desktop.core.firm.setup import DEFAULT_GROUPS, FirmInput, create_firm
from themisia_desktop.core.firm.users import NewUser, add_user
from themisia_desktop.core.models import (
    AuditLog,
    CategoryRate,
    Contact,
    Firm,
    Group,
    Sequence,
    User,
    user_group,
)
from themisia_desktop.core.models.enums import UserCategory

DEMO_PASSWORD = "Demo-Themisia-2026"
DEMO_FIRM = FirmInput(
    name="Martin Lefèvre Garnier Avocats", address_line1="18, rue de la Paix", postal_code="75002",
    city="Paris", siren="812345676", email="contact@mlg-avocats.example", phone="+33142602020",
    bar="Barreau de Paris",
)
# login, first name, last name, category, standard hourly rate, practice group
DEMO_USERS: tuple[tuple[str, str, str, UserCategory, str, str | None], ...] = (
    ("cmartin", "Claire", "Martin", UserCategory.PARTNER, "380.00", "Pôle conseil"),  # administrator
    ("plefevre", "Philippe", "Lefèvre", UserCategory.PARTNER, "350.00", "Pôle contentieux"),
    ("ngarnier", "Nathalie", "Garnier", UserCategory.PARTNER, "350.00", "Pôle social"),
    ("tbernard", "Thomas", "Bernard", UserCategory.ASSOCIATE, "220.00", "Pôle contentieux"),
    ("gmoreau", "Gaëlle", "Moreau", UserCategory.ASSOCIATE, "240.00", "Pôle conseil"),
    ("hfaure", "Hélène", "Faure", UserCategory.LEGAL_COUNSEL, "150.00", "Pôle social"),
    ("mgirard", "Martine", "Girard", UserCategory.ASSISTANT, "80.00", None),
    ("nlambert", "Noël", "Lambert", UserCategory.ASSISTANT, "80.00", None),
    ("lchevalier", "Lucas", "Chevalier", UserCategory.TRAINEE, "60.00", None),
)
EMAIL_DOMAIN = "mlg-avocats.example"
PRACTICE_GROUPS = ("Pôle conseil", "Pôle contentieux", "Pôle social")
# Beyond ~9,000 contacts a firm of nine could not have done the work: more (unlisted) lawyers
# and assistants are added, one per 1,000 contacts, with the same password.
CONTACTS_PER_STAFF = 1_000
EXTRA_CATEGORIES = ((UserCategory.PARTNER, 18, (300, 420)), (UserCategory.ASSOCIATE, 45, (180, 280)),
                    (UserCategory.LEGAL_COUNSEL, 10, (130, 170)), (UserCategory.ASSISTANT, 20, (70, 90)),
                    (UserCategory.TRAINEE, 7, (50, 60)))


@dataclass(frozen=True)
class DemoSummary:
    users: list[tuple[str, str, str]]   # (login, password, full name) of the listed demo users
    counts: dict[str, int]              # rows per table (tables left empty are not listed)
    seconds: float


def _check_empty(db: Database) -> None:
    if migrate.schema_state(db) is not migrate.SchemaState.CURRENT:
        raise DatabaseError("La base doit d'abord être créée ou mise à jour (themisia-admin init).")
    with db.read() as s:
        used = sum(s.scalar(select(func.count()).select_from(model)) or 0 for model in (Firm, User, Contact))
    if used:
        raise ValidationError(
            "La base n'est pas vide (cabinet, utilisateurs ou contacts déjà présents) : le cabinet de "
            "démonstration ne peut être créé que dans une base neuve.")


def _remove_firm(db: Database) -> None:
    """Undo what ``create_firm`` wrote, after the bulk transaction failed."""
    with db.write() as s:
        for stmt in (delete(user_group), delete(AuditLog), delete(User), delete(Group), delete(CategoryRate),
                     delete(Firm)):
            s.execute(stmt)


def _new_user(spec: tuple, *, admin: bool = False) -> NewUser:
    login, first, last, category, rate, practice = spec
    groups = [DEFAULT_GROUPS[category]] + ([practice] if practice else [])
    return NewUser(login=login, password=DEMO_PASSWORD, first_name=first, last_name=last, category=category,
                   email=f"{slug(first, '-')}.{slug(last, '-')}@{EMAIL_DOMAIN}", standard_rate=Decimal(rate),
                   is_admin=admin, groups=tuple(groups))


def _extra_staff(s: Session, b: Builder, count: int) -> None:
    """Unlisted users for big demo bases: bulk-inserted, all with the demo password."""
    if count <= 0:
        return
    rng = b.rng
    password_hash = hash_password(DEMO_PASSWORD)
    logins = set(s.scalars(select(User.login)))
    groups = {g.name: g.id for g in s.scalars(select(Group))}
    categories = [entry for entry in EXTRA_CATEGORIES for _ in range(entry[1])]
    created = b.now_naive()
    users, memberships = b.sink.rows("user_account"), b.sink.rows("user_group")
    for _ in range(count):
        category, _w, (low, high) = rng.choice(categories)
        female = rng.random() < 0.55
        first = rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
        last = LAST_NAMES.pick(rng)
        base = f"{slug(first)[:1]}{slug(last)}"[:60]
        login, n = base, 1
        while login in logins:
            n += 1
            login = f"{base}{n}"
        logins.add(login)
        user_id = b.new_id("user_account")
        users.append({
            "id": user_id, "login": login, "password_hash": password_hash, "first_name": first, "last_name": last,
            "initials": (first[:1] + last[:1]).upper(), "email": f"{login}@{EMAIL_DOMAIN}",
            "category": str(category), "standard_rate": rng.randint(low // 10, high // 10) * 1000,
            "is_admin": False, "is_active": True, "must_change_password": False, "last_login_at": None,
            "created_at": created, "updated_at": created,
        })
        memberships.append({"user_id": user_id, "group_id": groups[DEFAULT_GROUPS[category]]})
        if category not in (UserCategory.ASSISTANT, UserCategory.TRAINEE):
            memberships.append({"user_id": user_id, "group_id": groups[rng.choice(PRACTICE_GROUPS)]})
    b.sink.flush()


def number_invoices(s: Session, numbered: list[tuple[date, int]]) -> dict[int, int]:
    """Give gap-free numbers "F2025-00001" per year, in issue order (ties: creation order).
    Returns the next free number of each year."""
    next_number: dict[int, int] = {}
    params = []
    for issued, invoice_id in sorted(numbered):
        n = next_number.get(issued.year, 1)
        next_number[issued.year] = n + 1
        params.append({"b_id": invoice_id, "b_number": f"F{issued.year}-{n:05d}"})
    if params:
        invoice = RAW_TABLES["invoice"]
        s.connection().execute(
            update(invoice).where(invoice.c.id == bindparam("b_id")).values(number=bindparam("b_number")), params)
    return next_number


def _bump_postgresql_sequences(s: Session) -> None:
    """Ids were given by the generator: move each serial sequence past the largest one."""
    for name, table in RAW_TABLES.items():
        if "id" in table.c and table.c.id.primary_key:
            s.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), m) "
                f"FROM (SELECT MAX(id) AS m FROM {name}) AS t WHERE m IS NOT NULL"))


@contextmanager
def _big_page_cache(conn: Connection, db: Database) -> Iterator[None]:
    """SQLite only: a 256 MiB page cache for this connection while it writes the demo (the
    random-order index inserts otherwise spill to the WAL again and again), restored after."""
    if not db.is_sqlite:
        yield
        return
    previous = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size=-262144")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(previous)}")


def _populate(s: Session, db: Database, clock: Clock, *, contacts: int, seed: int,
              progress: Callable[[str, float], None] | None) -> dict[str, int]:
    """Everything after the firm and its administrator, in the caller's transaction."""
    now = clock.now()
    for spec in DEMO_USERS[1:]:
        add_user(s, _new_user(spec), now)
    conn = s.connection()
    with _big_page_cache(conn, db):
        b = Builder(rng=random.Random(seed), today=clock.today(), now=now, contacts=contacts,
                    sink=Sink(conn), progress=progress)
        for name, table in RAW_TABLES.items():
            if "id" in table.c and table.c.id.primary_key:
                b.next_ids[name] = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        _extra_staff(s, b, contacts // CONTACTS_PER_STAFF - len(DEMO_USERS))
        b.staff = [StaffMember(u.id, u.first_name, u.last_name, u.category, to_cents(u.standard_rate or 0))
                   for u in s.scalars(select(User).order_by(User.id))]
        b.group_ids = {g.name: g.id for g in s.scalars(select(Group))}
        b.progress("Contacts", 0.05)
        ContactGenerator(b).run()
        activity = ActivityGenerator(b)
        activity.run()
        b.progress("Finalisation", 0.95)
        next_invoice = number_invoices(s, activity.numbered)
        index_all_contacts(conn)  # the contact search index, in the same transaction
    for year, value in sorted(next_invoice.items()):
        s.add(Sequence(name=f"invoice:{year}", next_value=value))
    for year, value in sorted(activity.references.items()):
        s.add(Sequence(name=f"matter:{year}", next_value=value + 1))
    s.add(AuditLog(at=now, action="demo.generated", entity_type="firm",
                   details={"contacts": contacts, "seed": seed}))
    s.flush()
    if db.is_postgresql:
        _bump_postgresql_sequences(s)
    counts = {}
    for name, table in RAW_TABLES.items():
        n = conn.execute(select(func.count()).select_from(table)).scalar() or 0
        if n:
            counts[name] = n
    return counts


def generate_demo(db: Database, clock: Clock, *, contacts: int = 2000, seed: int = 1,
                  progress: Callable[[str, float], None] | None = None) -> DemoSummary:
    """Create the demo firm, its users, ``contacts`` contacts and two years of activity
    before ``clock.today()`` in an empty, migrated database. ``progress(step, fraction)`` is
    called now and then with a French step name and the overall fraction done."""
    started = time.perf_counter()
    if contacts < 1:
        raise ValidationError("Le nombre de contacts doit être au moins 1.", field="contacts")
    _check_empty(db)
    if progress:
        progress("Cabinet et utilisateurs", 0.0)
    create_firm(db, clock, DEMO_FIRM, _new_user(DEMO_USERS[0], admin=True), is_demo=True,
                with_automations=True)
    try:
        with db.write() as s:
            counts = _populate(s, db, clock, contacts=contacts, seed=seed, progress=progress)
    except BaseException:
        _remove_firm(db)
        raise
    if progress:
        progress("Terminé", 1.0)
    users = [(spec[0], DEMO_PASSWORD, f"{spec[1]} {spec[2]}") for spec in DEMO_USERS]
    return DemoSummary(users=users, counts=counts, seconds=time.perf_counter() - started)
