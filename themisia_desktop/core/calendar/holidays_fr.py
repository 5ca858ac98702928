"""French public holidays (jours fériés), with the two extra days of Alsace-Moselle
(Vendredi saint and Saint-Étienne, 26 December, in Bas-Rhin, Haut-Rhin and Moselle).

The ``holidays`` package gives the national calendar of France; its subdivision ``57``
(Moselle) adds the Alsace-Moselle days, which are the same in the three départements.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

ALSACE_MOSELLE_SUBDIV = "57"

FRENCH_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre")


@lru_cache(maxsize=256)
def _year_holidays(year: int, alsace_moselle: bool) -> dict[date, str]:
    subdiv = ALSACE_MOSELLE_SUBDIV if alsace_moselle else None
    calendar = holidays.France(years=year, subdiv=subdiv, language="fr")
    return dict(calendar.items())


def holiday_name(day: date, *, alsace_moselle: bool = False) -> str | None:
    """The French name of the public holiday falling on ``day``, or None."""
    return _year_holidays(day.year, alsace_moselle).get(day)


def holidays_of_year(year: int, *, alsace_moselle: bool = False) -> dict[date, str]:
    return dict(_year_holidays(year, alsace_moselle))


def is_working_day(day: date, *, alsace_moselle: bool = False) -> bool:
    """Neither a Saturday, a Sunday nor a public holiday."""
    return day.weekday() < 5 and holiday_name(day, alsace_moselle=alsace_moselle) is None


def long_date(day: date) -> str:
    """« samedi 1er novembre 2025 », « lundi 3 novembre 2025 »."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{FRENCH_WEEKDAYS[day.weekday()]} {number} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def short_day(day: date) -> str:
    """« lun. 3 nov. » style heading used by the agenda: « lundi 3 novembre »."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{FRENCH_WEEKDAYS[day.weekday()]} {number} {FRENCH_MONTHS[day.month - 1]}"
