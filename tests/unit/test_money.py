from decimal import Decimal

import pytest

from themisia_desktop.core.db.types import from_cents, to_cents
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.money import format_eur, parse_amount


@pytest.mark.parametrize("typed, expected", [
    ("1 250,50", "1250.50"), ("1250.5", "1250.50"), ("1 250,50 €", "1250.50"), ("250", "250.00"),
    ("1.250,50", "1250.50"), ("\u202f10\u202f000,00\u00a0€", "10000.00"), ("0", "0.00"),
])
def test_amounts_are_read_the_way_french_users_type_them(typed, expected):
    assert parse_amount(typed) == Decimal(expected)


@pytest.mark.parametrize("typed, message", [
    ("douze", "n'est pas un montant valide"), ("12,345", "deux décimales"),
    ("-5", "négatif"), ("NaN", "n'est pas un montant valide"), ("", "n'est pas un montant valide"),
])
def test_bad_amounts_get_a_french_message(typed, message):
    with pytest.raises(ValidationError, match=message):
        parse_amount(typed)


def test_amounts_display_in_french():
    assert format_eur(Decimal("10000")) == "10\u202f000,00\u00a0€"


def test_cents_round_trip_without_float():
    assert to_cents(Decimal("0.105")) == 11  # half up
    assert from_cents(to_cents(Decimal("123456789.99"))) == Decimal("123456789.99")
    with pytest.raises(TypeError):
        to_cents(0.1)  # type: ignore[arg-type]
