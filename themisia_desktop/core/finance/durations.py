"""Durations as people type them in a time sheet, and as they are shown.

Accepted (spaces anywhere, upper or lower case):

* hours and minutes: ``1h30``, ``1 h 30``, ``0h45``, ``2h``, ``1h30min``, ``1:30``,
  ``1 heure 30``;
* decimal hours: ``1,5``, ``1.5``, ``0,25 h`` (rounded to the nearest minute);
* minutes: ``90``, ``90 min``, ``45mn``, ``45 minutes`` — a bare whole number is minutes.

A duration is at least one minute and at most :data:`MAX_MINUTES` (24 h: one day).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from themisia_desktop.core.errors import ValidationError

MAX_MINUTES = 24 * 60
INVALID = "Durée invalide : saisissez par exemple 1h30 ou 1,5"
TOO_LONG = "Une durée ne peut pas dépasser 24 h (une journée)."
FIELD = "minutes"

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_DIGITS_APART = re.compile(r"\d[\s\u00a0\u202f]+\d")
_WORDS = ((re.compile(r"heures?"), "h"), (re.compile(r"(minutes?|mins?|mn)"), "min"))
_HOURS_MINUTES = re.compile(r"^(\d{1,2})(?:h|:)(?:(\d{1,2})(?:min|m)?)?$")
_MINUTES = re.compile(r"^(\d{1,4})(?:min|m)?$")
_DECIMAL_HOURS = re.compile(r"^(\d{0,2}[.,]\d+|\d{1,2}[.,]?)h?$")


def parse_duration(text: str | None, *, field: str = FIELD) -> int:
    """Minutes (1 … 1 440) of what the user typed; a French ValidationError otherwise."""
    lowered = (text or "").lower()
    if _DIGITS_APART.search(lowered):  # "1 2": two numbers, not one
        raise ValidationError(INVALID, field=field)
    cleaned = _SPACES.sub("", lowered)
    for pattern, short in _WORDS:
        cleaned = pattern.sub(short, cleaned)
    if not cleaned:
        raise ValidationError("Saisissez une durée (par exemple 1h30 ou 1,5).", field=field)
    minutes = _minutes_of(cleaned)
    if minutes is None:
        raise ValidationError(INVALID, field=field)
    return check_minutes(minutes, field=field)


def check_minutes(minutes: int, *, field: str = FIELD) -> int:
    """A number of minutes a time entry may hold."""
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ValidationError(INVALID, field=field)
    if minutes <= 0:
        raise ValidationError("La durée doit être d'au moins une minute.", field=field)
    if minutes > MAX_MINUTES:
        raise ValidationError(TOO_LONG, field=field)
    return minutes


def _minutes_of(cleaned: str) -> int | None:
    match = _HOURS_MINUTES.match(cleaned)
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2) or 0)
        if minutes >= 60:
            return None
        return hours * 60 + minutes
    match = _MINUTES.match(cleaned)
    if match:
        return int(match.group(1))
    match = _DECIMAL_HOURS.match(cleaned)
    if match:
        number = match.group(1).replace(",", ".").rstrip(".")
        try:
            hours = Decimal(number)
        except InvalidOperation:
            return None
        return int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return None


def format_duration(minutes: int) -> str:
    """90 → "1 h 30", 120 → "2 h", 45 → "45 min", 65 → "1 h 05"."""
    hours, rest = divmod(int(minutes), 60)
    if hours == 0:
        return f"{rest} min"
    if rest == 0:
        return f"{hours} h"
    return f"{hours} h {rest:02d}"
