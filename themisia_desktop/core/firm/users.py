"""Users of the firm: creation, listing, authentication, password reset."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import AuthenticationError, NotFoundError, ValidationError
from themisia_desktop.core.firm.passwords import hash_password, needs_rehash, verify_password
from themisia_desktop.core.models import AuditLog, Group, User
from themisia_desktop.core.models.enums import UserCategory

_LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


@dataclass(frozen=True)
class UserInfo:
    id: int
    login: str
    first_name: str
    last_name: str
    email: str | None
    category: UserCategory
    standard_rate: Decimal | None
    is_admin: bool
    is_active: bool
    groups: tuple[str, ...]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class NewUser:
    login: str
    password: str
    first_name: str
    last_name: str
    category: UserCategory | str
    email: str | None = None
    standard_rate: Decimal | None = None
    is_admin: bool = False
    groups: tuple[str, ...] = ()


def _info(u: User) -> UserInfo:
    return UserInfo(
        id=u.id, login=u.login, first_name=u.first_name, last_name=u.last_name, email=u.email,
        category=UserCategory(u.category), standard_rate=u.standard_rate, is_admin=u.is_admin,
        is_active=u.is_active, groups=tuple(sorted(g.name for g in u.groups)),
    )


def normalise_login(login: str) -> str:
    return login.strip().lower()


def validate_new_user(data: NewUser) -> NewUser:
    """Check every field; return the cleaned values. Raises ValidationError (French)."""
    login = normalise_login(data.login)
    if not _LOGIN_RE.match(login):
        raise ValidationError(
            "L'identifiant doit faire 2 à 64 caractères : lettres sans accent, chiffres, « . », "
            "« _ » ou « - ».", field="login")
    first, last = data.first_name.strip(), data.last_name.strip()
    if not first:
        raise ValidationError("Le prénom est obligatoire.", field="first_name")
    if not last:
        raise ValidationError("Le nom est obligatoire.", field="last_name")
    try:
        category = UserCategory(data.category)
    except ValueError:
        raise ValidationError(f"Catégorie inconnue : « {data.category} ».", field="category") from None
    email = (data.email or "").strip() or None
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            raise ValidationError(f"L'adresse e-mail « {email} » n'est pas valide.", field="email") from None
    rate = data.standard_rate
    if rate is not None and rate < 0:
        raise ValidationError("Le taux horaire ne peut pas être négatif.", field="standard_rate")
    return NewUser(login=login, password=data.password, first_name=first, last_name=last,
                   category=category, email=email, standard_rate=rate, is_admin=data.is_admin,
                   groups=tuple(g.strip() for g in data.groups if g.strip()))


def add_user(session: Session, data: NewUser, now: datetime) -> User:
    """Insert a user inside the caller's transaction (first-start wizard, CLI, demo)."""
    clean = validate_new_user(data)
    if session.scalar(select(User.id).where(User.login == clean.login)) is not None:
        raise ValidationError(f"L'identifiant « {clean.login} » est déjà pris.", field="login")
    user = User(
        login=clean.login, password_hash=hash_password(clean.password),
        first_name=clean.first_name, last_name=clean.last_name, email=clean.email,
        initials=(clean.first_name[:1] + clean.last_name[:1]).upper(),
        category=str(clean.category), standard_rate=clean.standard_rate, is_admin=clean.is_admin,
        created_at=now, updated_at=now,
    )
    session.add(user)
    for name in clean.groups:
        group = session.scalar(select(Group).where(Group.name == name))
        if group is None:
            group = Group(name=name)
            session.add(group)
        user.groups.append(group)
    session.flush()
    session.add(AuditLog(at=now, action="user.created", entity_type="user", entity_id=user.id,
                         details={"login": user.login, "is_admin": user.is_admin}))
    return user


def create_user(db: Database, clock: Clock, data: NewUser) -> UserInfo:
    with db.write() as s:
        return _info(add_user(s, data, clock.now()))


def list_users(db: Database, *, include_inactive: bool = False) -> list[UserInfo]:
    with db.read() as s:
        q = select(User).options(selectinload(User.groups)).order_by(User.last_name, User.first_name)
        if not include_inactive:
            q = q.where(User.is_active.is_(True))
        return [_info(u) for u in s.scalars(q)]


def count_users(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(User.id))) or 0


def authenticate(db: Database, clock: Clock, login: str, password: str) -> UserInfo:
    """Check a login and password; the message never says which of the two was wrong."""
    refused = AuthenticationError("Identifiant ou mot de passe incorrect.")
    with db.write() as s:
        user = s.scalar(select(User).options(selectinload(User.groups))
                        .where(User.login == normalise_login(login)))
        if user is None or not user.is_active or not verify_password(user.password_hash, password):
            raise refused
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        user.last_login_at = clock.now()
        return _info(user)


def reset_password(db: Database, clock: Clock, login: str, new_password: str) -> None:
    with db.write() as s:
        user = s.scalar(select(User).where(User.login == normalise_login(login)))
        if user is None:
            raise NotFoundError(f"Aucun utilisateur « {login} ».")
        user.password_hash = hash_password(new_password)
        user.must_change_password = False
        s.add(AuditLog(at=clock.now(), action="user.password_reset", entity_type="user",
                       entity_id=user.id, details={"login": user.login}))
