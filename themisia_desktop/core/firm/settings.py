"""Firm-wide settings stored in the database, with their defaults."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models import FirmSetting

DEFAULTS: dict[str, Any] = {
    "doubtful_debt_days": 90,          # overdue beyond this → créance douteuse
    "alsace_moselle_holidays": False,  # public holidays of Bas-Rhin, Haut-Rhin, Moselle
    "sweep_interval_minutes": 5,       # automation watch interval
    "kyc_policy": "warn",              # warn | block when opening a matter without KYC
    "invoice_payment_days": 30,
    "invoice_number_format": "F{year}-{seq:05d}",  # given at validation, gap-free per year
    "vat_rate_bp": 2000,                           # TVA in basis points: 2000 = 20 %
    "matter_reference_format": "{year}-{seq:04d}",
    "document_store": "",              # folder of the firm's documents; "" = the data folder
    # Outgoing mail. The password is never here: it lives in the OS keyring (core/notify/secrets).
    "smtp_host": "",
    "smtp_port": 587,
    "smtp_security": "starttls",       # starttls | ssl | none
    "smtp_user": "",
    "smtp_sender": "",                 # From: address, e.g. "Cabinet Lefèvre <accueil@…>"
    "smtp_timeout_seconds": 30,
}


def get_setting(db: Database, key: str) -> Any:
    if key not in DEFAULTS:
        raise KeyError(key)
    with db.read() as s:
        row = s.get(FirmSetting, key)
        return DEFAULTS[key] if row is None else row.value


def all_settings(db: Database) -> dict[str, Any]:
    with db.read() as s:
        stored = {r.key: r.value for r in s.scalars(select(FirmSetting))}
    return {k: stored.get(k, v) for k, v in DEFAULTS.items()}


def set_setting(db: Database, key: str, value: Any) -> None:
    if key not in DEFAULTS:
        raise KeyError(key)
    with db.write() as s:
        row = s.get(FirmSetting, key)
        if row is None:
            s.add(FirmSetting(key=key, value=value))
        else:
            row.value = value
