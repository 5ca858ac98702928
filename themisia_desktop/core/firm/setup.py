"""First start: create the firm and its first administrator (or load the demo firm)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from stdnum.fr import siren as stdnum_siren

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.firm.users import NewUser, UserInfo, _info, add_user
from themisia_desktop.core.models import AuditLog, CategoryRate, Firm, Group
from themisia_desktop.core.models.enums import UserCategory

DEFAULT_GROUPS = {
    UserCategory.PARTNER: "Associés",
    UserCategory.ASSOCIATE: "Collaborateurs",
    UserCategory.LEGAL_COUNSEL: "Juristes",
    UserCategory.ASSISTANT: "Assistants",
    UserCategory.TRAINEE: "Stagiaires",
}

DEFAULT_CATEGORY_RATES = {
    UserCategory.PARTNER: Decimal("350.00"),
    UserCategory.ASSOCIATE: Decimal("220.00"),
    UserCategory.LEGAL_COUNSEL: Decimal("150.00"),
    UserCategory.ASSISTANT: Decimal("80.00"),
    UserCategory.TRAINEE: Decimal("60.00"),
}


@dataclass(frozen=True)
class FirmInput:
    name: str
    address_line1: str | None = None
    postal_code: str | None = None
    city: str | None = None
    siren: str | None = None
    email: str | None = None
    phone: str | None = None
    bar: str | None = None


def validate_firm(data: FirmInput) -> FirmInput:
    name = data.name.strip()
    if not name:
        raise ValidationError("Le nom du cabinet est obligatoire.", field="name")
    siren = (data.siren or "").strip()
    if siren:
        try:
            siren = stdnum_siren.validate(siren)
        except Exception:
            raise ValidationError(
                f"Le SIREN « {data.siren} » n'est pas valide (9 chiffres, clé de contrôle).",
                field="siren") from None
    email = (data.email or "").strip()
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            raise ValidationError(f"L'adresse e-mail « {email} » n'est pas valide.", field="email") from None
    postal = (data.postal_code or "").strip()
    if postal and not (postal.isdigit() and len(postal) == 5):
        raise ValidationError("Le code postal doit compter 5 chiffres.", field="postal_code")
    return replace(data, name=name, siren=siren or None, email=email or None,
                   postal_code=postal or None)


def is_initialised(db: Database) -> bool:
    with db.read() as s:
        return (s.scalar(select(func.count(Firm.id))) or 0) > 0


def firm_name(db: Database) -> str | None:
    with db.read() as s:
        return s.scalar(select(Firm.name).order_by(Firm.id).limit(1))


def create_firm(db: Database, clock: Clock, firm: FirmInput, admin: NewUser,
                *, is_demo: bool = False, with_automations: bool = False) -> UserInfo:
    """Create the firm, its default groups and rates and the first administrator in one
    transaction (with ``with_automations``, also the built-in automations, switched off, as
    the wizard, ``themisia-admin init`` and the demo do). Refused when a firm already exists."""
    clean = validate_firm(firm)
    now = clock.now()
    with db.write() as s:
        if s.scalar(select(func.count(Firm.id))):
            raise ValidationError("Le cabinet est déjà configuré dans cette base.")
        s.add(Firm(name=clean.name, address_line1=clean.address_line1, postal_code=clean.postal_code,
                   city=clean.city, siren=clean.siren, email=clean.email, phone=clean.phone,
                   bar=clean.bar, is_demo=is_demo, created_at=now, updated_at=now))
        for name in DEFAULT_GROUPS.values():
            s.add(Group(name=name))
        s.add(Group(name="Administrateurs"))
        start = date(clock.today().year, 1, 1)
        for category, rate in DEFAULT_CATEGORY_RATES.items():
            s.add(CategoryRate(category=str(category), hourly_rate=rate, effective_from=start))
        s.flush()
        groups = {DEFAULT_GROUPS[UserCategory(admin.category)], "Administrateurs", *admin.groups}
        user = add_user(s, replace(admin, is_admin=True, groups=tuple(sorted(groups))), now)
        s.add(AuditLog(at=now, action="firm.created", entity_type="firm", details={"name": clean.name}))
        if with_automations:
            from themisia_desktop.core.automation.builtins import install_builtins_in

            install_builtins_in(s, clock)
        return _info(user)
