"""The Code de procédure civile calculator (art. 640–642): what a lawyer checks by hand."""

from __future__ import annotations

from datetime import date

import pytest

from themisia_desktop.core.calendar.deadline_calculator import compute
from themisia_desktop.core.calendar.holidays_fr import is_working_day, long_date
from themisia_desktop.core.errors import ValidationError


def due(start: date, value: int, unit: str, *, am: bool = False) -> date:
    return compute(start, value, unit, alsace_moselle=am).due


def test_day_of_event_not_counted_and_steps_explained() -> None:
    result = compute(date(2025, 3, 10), 15, "jours", alsace_moselle=False)
    assert result.due == date(2025, 3, 25)
    assert result.steps == (
        "Point de départ : lundi 10 mars 2025 (jour de l'événement, non compté — art. 641)",
        "+ 15 jours → mardi 25 mars 2025",
        "Échéance : mardi 25 mars 2025",
    )
    assert result.unit == "days"


def test_holiday_then_weekend_chain_is_explained() -> None:
    # 1 November 2025 is a Saturday and Toussaint; Sunday follows; Monday 3 is worked.
    result = compute(date(2025, 10, 17), 15, "days", alsace_moselle=False)
    assert result.due == date(2025, 11, 3)
    assert "samedi 1er novembre 2025 : Toussaint, jour férié → reporté (art. 642)" in result.steps
    assert "dimanche 2 novembre 2025 : dimanche → reporté (art. 642)" in result.steps
    assert result.steps[-1] == "Échéance : lundi 3 novembre 2025"


def test_holiday_followed_by_weekend() -> None:
    # Friday 14 July 2028 (Fête nationale), then Saturday and Sunday → Monday 17 July.
    assert due(date(2028, 7, 4), 10, "jours") == date(2028, 7, 17)


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2025, 1, 31), 1, date(2025, 2, 28)),   # no 31 February, Friday
    (date(2024, 1, 31), 1, date(2024, 2, 29)),   # leap year, Thursday
    (date(2024, 2, 29), 12, date(2025, 2, 28)),  # 29 February + 1 year, non-leap
    (date(2027, 2, 28), 12, date(2028, 2, 28)),   # the same day exists (Monday)
    (date(2025, 3, 31), 1, date(2025, 4, 30)),   # April has 30 days, Wednesday
    (date(2025, 8, 31), 6, date(2026, 3, 2)),    # 28 Feb 2026 is a Saturday → Monday 2 March
    (date(2025, 11, 15), 2, date(2026, 1, 15)),  # across the year
])
def test_months_end_on_same_day_or_month_end(start: date, months: int, expected: date) -> None:
    assert due(start, months, "mois") == expected


def test_month_end_step_mentions_the_missing_day() -> None:
    result = compute(date(2025, 1, 31), 1, "mois", alsace_moselle=False)
    assert result.steps[1] == ("+ 1 mois → vendredi 28 février 2025 (pas de 31 dans ce mois : "
                               "dernier jour du mois — art. 641)")


@pytest.mark.parametrize(("holiday", "name"), [
    (date(2025, 4, 21), "Lundi de Pâques"),
    (date(2025, 5, 1), "Fête du Travail"),
    (date(2025, 5, 8), "Fête de la Victoire"),
    (date(2025, 7, 14), "Fête nationale"),
    (date(2025, 5, 29), "Ascension"),
    (date(2025, 6, 9), "Lundi de Pentecôte"),
    (date(2025, 8, 15), "Assomption"),
    (date(2025, 11, 11), "Armistice"),
    (date(2025, 12, 25), "Noël"),
    (date(2026, 1, 1), "Jour de l'an"),
])
def test_each_public_holiday_pushes_to_the_next_working_day(holiday: date, name: str) -> None:
    start = date.fromordinal(holiday.toordinal() - 10)
    result = compute(start, 10, "jours", alsace_moselle=False)
    assert result.due > holiday
    assert is_working_day(result.due)
    assert f"{long_date(holiday)} : {name}, jour férié → reporté (art. 642)" in result.steps


def test_easter_monday_and_may_days_exact_dates() -> None:
    assert due(date(2025, 4, 11), 10, "jours") == date(2025, 4, 22)  # Easter Monday 21 April
    assert due(date(2025, 4, 21), 10, "jours") == date(2025, 5, 2)   # 1 May, Thursday
    assert due(date(2025, 4, 28), 10, "jours") == date(2025, 5, 9)   # 8 May, Thursday
    assert due(date(2025, 5, 19), 10, "jours") == date(2025, 5, 30)  # Ascension 29 May
    assert due(date(2025, 5, 30), 10, "jours") == date(2025, 6, 10)  # Pentecost Monday 9 June


def test_alsace_moselle_days_only_when_setting_is_on() -> None:
    # Good Friday 2025 = 18 April; then weekend and Easter Monday → Tuesday 22 April.
    assert due(date(2025, 4, 8), 10, "jours") == date(2025, 4, 18)
    result = compute(date(2025, 4, 8), 10, "jours", alsace_moselle=True)
    assert result.due == date(2025, 4, 22)
    assert "vendredi 18 avril 2025 : Vendredi saint, jour férié → reporté (art. 642)" in result.steps
    # 26 December 2025 is a Friday.
    assert due(date(2025, 12, 16), 10, "jours") == date(2025, 12, 26)
    assert due(date(2025, 12, 16), 10, "jours", am=True) == date(2025, 12, 29)


def test_working_day_is_not_moved() -> None:
    result = compute(date(2025, 6, 2), 1, "jours", alsace_moselle=False)
    assert result.due == date(2025, 6, 3)
    assert len(result.steps) == 3
    assert result.steps[1] == "+ 1 jour → mardi 3 juin 2025"


@pytest.mark.parametrize("value", [0, -3, None, "15", 2.5, True])
def test_value_must_be_a_positive_integer(value: object) -> None:
    with pytest.raises(ValidationError) as err:
        compute(date(2025, 3, 10), value, "jours")  # type: ignore[arg-type]
    assert err.value.field == "period_value"
    assert "supérieur à zéro" in err.value.message


def test_unknown_unit_is_refused_in_french() -> None:
    with pytest.raises(ValidationError) as err:
        compute(date(2025, 3, 10), 2, "semaines")
    assert err.value.field == "period_unit"
    assert err.value.message == "Unité de délai inconnue : « semaines » (jours ou mois)."


def test_absurd_length_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        compute(date(2025, 3, 10), 500, "mois")
    assert err.value.field == "period_value"
