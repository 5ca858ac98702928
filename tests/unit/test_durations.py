"""Durations typed in a time sheet: what is understood, what is refused, how it is shown."""

import pytest

from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.durations import INVALID, format_duration, parse_duration


@pytest.mark.parametrize(("typed", "minutes"), [
    ("1h30", 90), ("1 h 30", 90), ("1H30", 90), ("1,5", 90), ("1.5", 90), ("90", 90),
    ("90 min", 90), ("90mn", 90), ("0h45", 45), ("2h", 120), ("2 h", 120), ("1:30", 90),
    ("1h30min", 90), ("1 heure 30", 90), ("2 heures", 120), ("45 minutes", 45), ("0,25", 15),
    (",5", 30), ("1,5 h", 90), ("  3h05 ", 185), ("24h", 1440), ("6", 6),
])
def test_the_usual_ways_of_typing_a_duration_are_understood(typed, minutes):
    assert parse_duration(typed) == minutes


@pytest.mark.parametrize("typed", ["abc", "1h75", "1h30h", "-1", "1,5,5", "h", "1 2", "1h-30"])
def test_nonsense_is_refused_with_an_example_of_what_to_type(typed):
    with pytest.raises(ValidationError) as err:
        parse_duration(typed)
    assert err.value.message == INVALID
    assert err.value.field == "minutes"


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Saisissez une durée"), ("   ", "Saisissez une durée"), ("0", "au moins une minute"),
    ("0h00", "au moins une minute"), ("25h", "24 h"), ("1500", "24 h"),
])
def test_empty_zero_and_more_than_a_day_are_refused(typed, message):
    with pytest.raises(ValidationError, match=message):
        parse_duration(typed)


@pytest.mark.parametrize(("minutes", "text"), [
    (90, "1 h 30"), (120, "2 h"), (45, "45 min"), (65, "1 h 05"), (1440, "24 h"),
])
def test_durations_are_shown_in_hours_and_minutes(minutes, text):
    assert format_duration(minutes) == text
    assert parse_duration(text) == minutes  # what is shown can be typed back
