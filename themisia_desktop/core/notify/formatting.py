"""French formatting filters for message templates: amounts, dates and instants.

Amounts follow Babel's fr_FR conventions (« 10 000,00 € », grouped with narrow no-break
spaces); instants are stored in UTC and shown in Europe/Paris local time.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time

from themisia_desktop.core.clock import PARIS
from themisia_desktop.core.money import CENT, format_eur

LOCALE = "fr_FR"


class FormattingError(ValueError):
    """A filter was given something it cannot format; the message is French."""


def to_decimal(value: object) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise FormattingError(f"« {value} » n'est pas un montant.")
    if isinstance(value, float):
        # Floats have already lost precision; go through their shortest decimal form.
        value = repr(value)
    try:
        amount = Decimal(value) if not isinstance(value, Decimal) else value
    except (InvalidOperation, TypeError, ValueError):
        raise FormattingError(f"« {value} » n'est pas un montant.") from None
    if not amount.is_finite():
        raise FormattingError(f"« {value} » n'est pas un montant.")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def montant(value: object) -> str:
    """Decimal('10000') → « 10 000,00 € »."""
    return format_eur(to_decimal(value))


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return _as_paris(value).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise FormattingError(f"« {value} » n'est pas une date.")


def _as_paris(value: datetime) -> datetime:
    if value.tzinfo is None:  # instants are stored in UTC
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(PARIS)


def _first_of_month(text: str, day: int) -> str:
    # French writes « 1er mars », not « 1 mars ».
    if day == 1:
        return text.replace("1 ", "1er ", 1)
    return text


def date_courte(value: object) -> str:
    """date(2026, 3, 3) → « 3 mars 2026 » (« 1er mars 2026 » on the first)."""
    d = _as_date(value)
    return _first_of_month(babel_format_date(d, format="d MMMM y", locale=LOCALE), d.day)


def date_longue(value: object) -> str:
    """date(2026, 3, 3) → « mardi 3 mars 2026 »."""
    d = _as_date(value)
    text = babel_format_date(d, format="EEEE d MMMM y", locale=LOCALE)
    if d.day == 1:
        head, _, tail = text.partition(" 1 ")
        text = f"{head} 1er {tail}"
    return text


def date_heure(value: object) -> str:
    """A UTC instant → Paris local time: « 3 mars 2026 à 15:30 »."""
    if not isinstance(value, datetime):
        raise FormattingError(f"« {value} » n'est pas un instant (date et heure).")
    local = _as_paris(value)
    time_text = babel_format_time(local.time(), format="HH:mm", locale=LOCALE)
    return f"{date_courte(local.date())} à {time_text}"


FILTERS = {
    "montant": montant,
    "money": montant,
    "date": date_courte,
    "date_longue": date_longue,
    "date_heure": date_heure,
}
