"""Procedural deadlines computed as the Code de procédure civile says (art. 640 to 642).

* Art. 641: the day of the act or event that starts the period is not counted; a period in days
  therefore expires at the end of its last day (15 days from 10 March → 25 March). A period in
  months expires on the day of the last month bearing the same number as the starting day, or
  on the last day of that month when there is no such day (31 January + 1 month → 28 or 29
  February).
* Art. 642: a period that would expire on a Saturday, a Sunday or a public holiday is extended
  to the next working day.

Pure functions, no database: :func:`compute` returns the due date and the steps of the
reasoning in French, stored with the deadline and shown to the user.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from themisia_desktop.core.calendar.holidays_fr import holiday_name, long_date
from themisia_desktop.core.errors import ValidationError

DAYS = "days"
MONTHS = "months"
UNIT_ALIASES = {"jours": DAYS, "jour": DAYS, "days": DAYS, "day": DAYS, "j": DAYS,
                "mois": MONTHS, "months": MONTHS, "month": MONTHS, "m": MONTHS}
UNIT_LABELS = {DAYS: ("jour", "jours"), MONTHS: ("mois", "mois")}
UNIT_CHOICES = ((DAYS, "jours"), (MONTHS, "mois"))
MAX_VALUE = {DAYS: 3660, MONTHS: 120}  # ten years: anything longer is a typing mistake


@dataclass(frozen=True)
class DeadlineResult:
    start: date
    value: int
    unit: str  # "days" or "months"
    due: date
    steps: tuple[str, ...]


def normalise_unit(unit: str | None) -> str:
    """« jours »/« days » → ``days``, « mois »/« months » → ``months``; else a French error."""
    key = (unit or "").strip().lower()
    if key not in UNIT_ALIASES:
        raise ValidationError(f"Unité de délai inconnue : « {unit or ''} » (jours ou mois).",
                              field="period_unit")
    return UNIT_ALIASES[key]


def check_value(value: object, unit: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError("La durée du délai doit être un nombre entier supérieur à zéro.",
                              field="period_value")
    if value > MAX_VALUE[unit]:
        raise ValidationError("Un délai ne peut pas dépasser dix ans : vérifiez la durée.",
                              field="period_value")
    return value


def parse_period_value(text: str | int | None) -> int:
    """The period typed by the user (« 15 ») as an integer, or a French error."""
    if isinstance(text, int):
        return text
    raw = (text or "").strip()
    if not raw.isdigit():
        raise ValidationError("La durée du délai doit être un nombre entier supérieur à zéro.",
                              field="period_value")
    return int(raw)


def unit_text(value: int, unit: str) -> str:
    singular, plural = UNIT_LABELS[unit]
    return f"{value} {singular if value == 1 else plural}"


def add_months(start: date, months: int) -> tuple[date, bool]:
    """Same day number ``months`` later, or the last day of that month; and whether the day
    had to be moved back to the month's end."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last)), start.day > last


def next_working_day(day: date, *, alsace_moselle: bool) -> tuple[date, list[str]]:
    """Push ``day`` forward past Saturdays, Sundays and holidays, explaining each jump."""
    steps: list[str] = []
    while True:
        name = holiday_name(day, alsace_moselle=alsace_moselle)
        if name is not None:
            steps.append(f"{long_date(day)} : {name}, jour férié → reporté (art. 642)")
        elif day.weekday() == 5:
            steps.append(f"{long_date(day)} : samedi → reporté (art. 642)")
        elif day.weekday() == 6:
            steps.append(f"{long_date(day)} : dimanche → reporté (art. 642)")
        else:
            return day, steps
        day += timedelta(days=1)


def compute(start: date, value: int, unit: str, *, alsace_moselle: bool = False) -> DeadlineResult:
    """The due date of a period of ``value`` days or months starting from the event of
    ``start``, with the French explanation of each step."""
    if not isinstance(start, date):
        raise ValidationError("Indiquez la date de l'événement qui fait courir le délai.",
                              field="trigger_date")
    unit = normalise_unit(unit)
    value = check_value(value, unit)
    steps = [f"Point de départ : {long_date(start)} (jour de l'événement, non compté — art. 641)"]
    try:
        if unit == DAYS:
            raw = start + timedelta(days=value)
            steps.append(f"+ {unit_text(value, unit)} → {long_date(raw)}")
        else:
            raw, clamped = add_months(start, value)
            line = f"+ {unit_text(value, unit)} → {long_date(raw)}"
            if clamped:
                line += (f" (pas de {start.day} dans ce mois : dernier jour du mois — art. 641)")
            steps.append(line)
        due, pushes = next_working_day(raw, alsace_moselle=alsace_moselle)
    except OverflowError:
        raise ValidationError("La date d'échéance sort du calendrier : vérifiez la durée.",
                              field="period_value") from None
    steps.extend(pushes)
    if alsace_moselle:
        steps.append("Calendrier d'Alsace-Moselle : Vendredi saint et 26 décembre fériés")
    steps.append(f"Échéance : {long_date(due)}")
    return DeadlineResult(start=start, value=value, unit=unit, due=due, steps=tuple(steps))


def fixed_date_steps(due: date) -> tuple[str, ...]:
    """The explanation kept with a deadline entered as a date rather than a period."""
    return (f"Date fixée : {long_date(due)}", f"Échéance : {long_date(due)}")
