"""The « Paramètres » of the firm: identity, outgoing mail, delays and automations.

Each update checks every field first (French ``ValidationError(field=…)``, nothing changed),
then writes in one transaction with an audit line. Only administrators may change settings
(``user_id`` of a non-administrator → :class:`NotAllowed`); ``user_id=None`` is the
administration tooling. The SMTP password never reaches the database: it goes to the OS
keyring, or, when the machine has none, is kept for this session only.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from email.utils import parseaddr
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts.identifiers import normalise_phone, normalise_vat
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ThemisiaError, ValidationError
from themisia_desktop.core.firm.settings import DEFAULTS
from themisia_desktop.core.firm.setup import FirmInput, validate_firm
from themisia_desktop.core.models import AuditLog, Firm, FirmSetting, User
from themisia_desktop.core.notify.secrets import MAX_SECRET_LENGTH, KeyringUnavailable, SecretStore
from themisia_desktop.core.notify.smtp_sender import SECURITY_MODES, smtp_secret_name

SECURITY_LABELS = {"starttls": "STARTTLS", "ssl": "SSL/TLS", "none": "Aucune"}
SESSION_ONLY_NOTICE = (
    "Aucun trousseau de mots de passe n'est disponible sur ce poste : le mot de passe est gardé "
    "pour cette session seulement (jamais dans un fichier ni dans la base) et devra être saisi "
    "à nouveau au prochain démarrage.")
SWEEP_INTERVAL_NOTICE = ("Le nouvel intervalle est pris en compte à la fin du prochain passage "
                         "des automatisations.")
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_EMAIL_SPECIALS = set('()<>[]:;@\\,."')


class NotAllowed(ThemisiaError):
    """The user may not do this (settings are for administrators)."""


# -- read models ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FirmIdentity:
    name: str
    address_line1: str = ""
    address_line2: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    siren: str = ""
    vat_number: str = ""
    bar: str = ""
    legal_mentions: str = ""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    user: str
    sender: str
    timeout_seconds: int
    password_known: bool      # a password is in the keyring or kept for this session
    keyring_available: bool


@dataclass(frozen=True)
class GeneralSettings:
    doubtful_debt_days: int
    alsace_moselle_holidays: bool
    sweep_interval_minutes: int
    invoice_payment_days: int
    vat_rate_bp: int

    @property
    def vat_rate_text(self) -> str:
        """2000 → "20", 550 → "5,5"."""
        whole, cents = divmod(self.vat_rate_bp, 100)
        return f"{whole},{cents:02d}".rstrip("0").rstrip(",") if cents else str(whole)


@dataclass(frozen=True)
class SmtpSaveResult:
    settings: SmtpSettings
    password: str            # "keyring" | "session" | "unchanged"
    notice: str | None = None


# -- inputs (as typed: numbers may come as text) -------------------------------------------
@dataclass(frozen=True)
class SmtpInput:
    host: str
    port: str | int
    security: str
    user: str
    sender: str
    timeout_seconds: str | int = 30


@dataclass(frozen=True)
class GeneralInput:
    doubtful_debt_days: str | int
    alsace_moselle_holidays: bool
    sweep_interval_minutes: str | int
    invoice_payment_days: str | int
    vat_rate: str | Decimal | None = None   # percent, "20" or "5,5"; None keeps the current rate


# -- permissions -----------------------------------------------------------------------------
def can_edit_settings(db: Database, user_id: int | None) -> bool:
    if user_id is None:
        return True
    with db.read() as s:
        user = s.get(User, user_id)
        return bool(user is not None and user.is_active and user.is_admin)


def _require_admin(session: Session, user_id: int | None) -> None:
    if user_id is None:
        return
    user = session.get(User, user_id)
    if user is None or not user.is_active or not user.is_admin:
        raise NotAllowed("Seul un administrateur du cabinet peut modifier les paramètres.")


def _audit(session: Session, at: datetime, user_id: int | None, action: str, entity_type: str,
           entity_id: int | None, details: dict[str, Any]) -> None:
    session.add(AuditLog(at=at, user_id=user_id, action=action, entity_type=entity_type,
                         entity_id=entity_id, details=details))


def _settings_in(session: Session) -> dict[str, Any]:
    stored = {r.key: r.value for r in session.scalars(select(FirmSetting))}
    return {k: stored.get(k, v) for k, v in DEFAULTS.items()}


def _write_settings(session: Session, values: dict[str, Any], at: datetime) -> dict[str, list]:
    """Store ``values``; return the changes as {key: [before, after]}."""
    current = _settings_in(session)
    changes: dict[str, list] = {}
    for key, value in values.items():
        if current.get(key) == value:
            continue
        changes[key] = [current.get(key), value]
        row = session.get(FirmSetting, key)
        if row is None:
            session.add(FirmSetting(key=key, value=value, updated_at=at))
        else:
            row.value = value
            row.updated_at = at
    return changes


# -- firm identity ---------------------------------------------------------------------------
def _firm_row(session: Session) -> Firm:
    firm = session.scalars(select(Firm).order_by(Firm.id).limit(1)).first()
    if firm is None:
        raise NotFoundError("Le cabinet n'est pas encore configuré dans cette base.")
    return firm


def _identity(firm: Firm) -> FirmIdentity:
    return FirmIdentity(
        name=firm.name, address_line1=firm.address_line1 or "", address_line2=firm.address_line2 or "",
        postal_code=firm.postal_code or "", city=firm.city or "", phone=firm.phone or "",
        email=firm.email or "", siren=firm.siren or "", vat_number=firm.vat_number or "",
        bar=firm.bar or "", legal_mentions=firm.legal_mentions or "")


def get_firm_identity(db: Database) -> FirmIdentity:
    with db.read() as s:
        return _identity(_firm_row(s))


def _short(value: str, limit: int, field: str, label: str) -> str | None:
    text = " ".join(value.split())
    if len(text) > limit:
        raise ValidationError(f"{label} ne doit pas dépasser {limit} caractères.", field=field)
    return text or None


def clean_identity(data: FirmIdentity) -> FirmIdentity:
    """Every field checked and normalised (SIREN, TVA, e-mail, téléphone in E.164)."""
    base = validate_firm(FirmInput(name=data.name, postal_code=data.postal_code, siren=data.siren,
                                   email=data.email))
    name = _short(base.name, 200, "name", "Le nom du cabinet") or ""
    line1 = _short(data.address_line1, 200, "address_line1", "L'adresse")
    line2 = _short(data.address_line2, 200, "address_line2", "Le complément d'adresse")
    city = _short(data.city, 100, "city", "La ville")
    bar = _short(data.bar, 100, "bar", "Le barreau")
    phone = normalise_phone(data.phone, field="phone")
    vat = normalise_vat(data.vat_number, siren=base.siren, field="vat_number")
    legal = data.legal_mentions.strip()
    if len(legal) > 2000:
        raise ValidationError("Les mentions légales ne doivent pas dépasser 2 000 caractères.",
                              field="legal_mentions")
    return FirmIdentity(name=name, address_line1=line1 or "", address_line2=line2 or "",
                        postal_code=base.postal_code or "", city=city or "", phone=phone or "",
                        email=base.email or "", siren=base.siren or "", vat_number=vat or "",
                        bar=bar or "", legal_mentions=legal)


def update_firm_identity(db: Database, clock: Clock, data: FirmIdentity, *,
                         user_id: int | None = None) -> FirmIdentity:
    """Change the identity printed on invoices, documents and mails."""
    clean = clean_identity(data)
    now = clock.now()
    with db.write() as s:
        _require_admin(s, user_id)
        firm = _firm_row(s)
        before = _identity(firm)
        changes = {k: [getattr(before, k), v] for k, v in vars(clean).items()
                   if getattr(before, k) != v}
        if changes:
            for key, value in vars(clean).items():
                setattr(firm, key, value if key == "name" else (value or None))
            firm.updated_at = now
            _audit(s, now, user_id, "firm.updated", "firm", firm.id, {"changes": changes})
        return _identity(firm)


# -- outgoing mail ---------------------------------------------------------------------------
def _password_known(secrets: SecretStore, host: str, user: str) -> bool:
    if not host or not user:
        return False
    try:
        return secrets.get(smtp_secret_name(host, user)) is not None
    except KeyringUnavailable:
        return False


def _smtp_from(values: dict[str, Any], secrets: SecretStore) -> SmtpSettings:
    host = str(values.get("smtp_host") or "")
    user = str(values.get("smtp_user") or "")
    security = str(values.get("smtp_security") or "starttls")
    try:
        port = int(values.get("smtp_port") or (465 if security == "ssl" else 587))
        timeout = int(float(values.get("smtp_timeout_seconds") or 30))
    except (TypeError, ValueError):
        port, timeout = 587, 30
    return SmtpSettings(host=host, port=port, security=security, user=user,
                        sender=str(values.get("smtp_sender") or ""), timeout_seconds=timeout,
                        password_known=_password_known(secrets, host, user),
                        keyring_available=secrets.available)


def get_smtp_settings(db: Database, secrets: SecretStore) -> SmtpSettings:
    with db.read() as s:
        values = _settings_in(s)
    return _smtp_from(values, secrets)


def _int_in(value: str | int, low: int, high: int, field: str, label: str) -> int:
    text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise ValidationError(f"{label} doit être un nombre entier entre {low} et {high}.",
                              field=field)
    return number


def clean_host(value: str) -> str:
    host = value.strip()
    if not host:
        raise ValidationError("Indiquez le serveur d'envoi (par exemple smtp.cabinet.fr).",
                              field="host")
    if any(ch.isspace() for ch in host) or "://" in host or "/" in host or "@" in host:
        raise ValidationError("Le serveur s'écrit sans espace, sans « smtp:// » ni « / » : par "
                              "exemple smtp.cabinet.fr.", field="host")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host.strip("[]")
    except ValueError:
        pass
    try:
        ascii_host = host.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        ascii_host = ""
    if not ascii_host or len(ascii_host) > 253 or not all(
            _HOST_LABEL.match(label) for label in ascii_host.split(".")):
        raise ValidationError(f"Le nom de serveur « {host} » n'est pas valide.", field="host")
    return host.rstrip(".").lower()


def clean_sender(value: str) -> str:
    """"Cabinet Lefèvre <accueil@cabinet.fr>" or "accueil@cabinet.fr", the address checked."""
    text = " ".join(value.split())
    if not text:
        raise ValidationError("Indiquez l'adresse d'expédition des e-mails.", field="sender")
    name, address = parseaddr(text)
    if "<" in text and not text.endswith(">"):
        address = ""
    try:
        address = validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValidationError(f"L'adresse d'expédition « {text} » n'est pas valide (par exemple "
                              "« Cabinet Martin <accueil@cabinet.fr> »).", field="sender") from None
    name = name.strip()
    if not name:
        return address
    if any(ch in _EMAIL_SPECIALS for ch in name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


def clean_smtp(data: SmtpInput) -> dict[str, Any]:
    """The firm setting values (smtp_* keys) of ``data``, checked."""
    host = clean_host(data.host)
    port = _int_in(data.port, 1, 65535, "port", "Le port")
    security = str(data.security).strip().lower()
    if security not in SECURITY_MODES:
        raise ValidationError("Choisissez la sécurité de la connexion : STARTTLS, SSL/TLS ou aucune.",
                              field="security")
    user = data.user.strip()
    if len(user) > 254 or any(ch.isspace() for ch in user):
        raise ValidationError("Le compte s'écrit sans espace (254 caractères au plus).", field="user")
    sender = clean_sender(data.sender)
    timeout = _int_in(data.timeout_seconds, 1, 300, "timeout_seconds", "Le délai d'attente")
    return {"smtp_host": host, "smtp_port": port, "smtp_security": security, "smtp_user": user,
            "smtp_sender": sender, "smtp_timeout_seconds": timeout}


def _keep_secret(secrets: SecretStore, name: str, secret: str) -> tuple[str, str | None]:
    try:
        secrets.set(name, secret)
        return "keyring", None
    except KeyringUnavailable:
        secrets.remember_for_session(name, secret)
        return "session", SESSION_ONLY_NOTICE


def update_smtp_settings(db: Database, clock: Clock, secrets: SecretStore, data: SmtpInput, *,
                         password: str | None = None, user_id: int | None = None) -> SmtpSaveResult:
    """Save the outgoing mail settings; ``password`` (None or "" = unchanged) goes to the
    keyring, or is kept for this session when the machine has no keyring."""
    values = clean_smtp(data)
    if password:
        if not values["smtp_user"]:
            raise ValidationError("Indiquez le compte auquel ce mot de passe appartient.", field="user")
        if len(password) > MAX_SECRET_LENGTH:
            raise ValidationError("Ce mot de passe est trop long pour le trousseau du système.",
                                  field="password")
    now = clock.now()
    with db.write() as s:
        _require_admin(s, user_id)
        before = _settings_in(s)
        changes = _write_settings(s, values, now)
        details: dict[str, Any] = {"changes": changes}
        if password:
            details["password"] = "changed"  # never the password itself
        if changes or password:
            _audit(s, now, user_id, "settings.smtp_updated", "firm_setting", None, details)
    new_name = smtp_secret_name(values["smtp_host"], values["smtp_user"])
    storage, notice = "unchanged", None
    if password:
        storage, notice = _keep_secret(secrets, new_name, password)
    elif values["smtp_user"] and (before.get("smtp_host"), before.get("smtp_user")) != (
            values["smtp_host"], values["smtp_user"]) and before.get("smtp_user"):
        # Server or account renamed: the password already given follows it.
        old_name = smtp_secret_name(str(before.get("smtp_host") or ""), str(before.get("smtp_user")))
        try:
            old = secrets.get(old_name)
        except KeyringUnavailable:
            old = None
        if old is not None and not _password_known(secrets, values["smtp_host"], values["smtp_user"]):
            storage, notice = _keep_secret(secrets, new_name, old)
            secrets.delete(old_name)
    return SmtpSaveResult(settings=_smtp_from(values, secrets), password=storage, notice=notice)


# -- delays and automations -------------------------------------------------------------------
def get_general_settings(db: Database) -> GeneralSettings:
    with db.read() as s:
        values = _settings_in(s)
    return GeneralSettings(
        doubtful_debt_days=int(values["doubtful_debt_days"]),
        alsace_moselle_holidays=bool(values["alsace_moselle_holidays"]),
        sweep_interval_minutes=int(values["sweep_interval_minutes"]),
        invoice_payment_days=int(values["invoice_payment_days"]),
        vat_rate_bp=int(values["vat_rate_bp"]))


def _vat_bp(value: str | Decimal) -> int:
    text = str(value).strip().rstrip("%").strip().replace(",", ".")
    try:
        rate = Decimal(text)
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite() or not 0 <= rate <= 100 or (rate * 100) % 1:
        raise ValidationError("Le taux de TVA est un pourcentage entre 0 et 100, par exemple 20 "
                              "ou 5,5.", field="vat_rate")
    return int(rate * 100)


def clean_general(data: GeneralInput) -> dict[str, Any]:
    values: dict[str, Any] = {
        "doubtful_debt_days": _int_in(data.doubtful_debt_days, 1, 3650, "doubtful_debt_days",
                                      "Le délai de créance douteuse"),
        "alsace_moselle_holidays": bool(data.alsace_moselle_holidays),
        "sweep_interval_minutes": _int_in(data.sweep_interval_minutes, 1, 1440,
                                          "sweep_interval_minutes",
                                          "L'intervalle de surveillance (en minutes)"),
        "invoice_payment_days": _int_in(data.invoice_payment_days, 1, 3650, "invoice_payment_days",
                                        "Le délai de paiement des factures"),
    }
    if data.vat_rate is not None and str(data.vat_rate).strip():
        values["vat_rate_bp"] = _vat_bp(data.vat_rate)
    return values


def update_general_settings(db: Database, clock: Clock, data: GeneralInput, *,
                            user_id: int | None = None) -> GeneralSettings:
    """Delays, holidays, automation interval and VAT rate. The running automation service
    reads the new interval at the end of its next pass (``SWEEP_INTERVAL_NOTICE``)."""
    values = clean_general(data)
    now = clock.now()
    with db.write() as s:
        _require_admin(s, user_id)
        changes = _write_settings(s, values, now)
        if changes:
            _audit(s, now, user_id, "settings.updated", "firm_setting", None, {"changes": changes})
    return get_general_settings(db)
