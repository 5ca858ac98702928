"""Column types shared by the models.

* :class:`Money` — ``Decimal`` euros in Python, integer cents in the database (SQLite's
  ``NUMERIC`` goes through float and silently rounds large amounts).
* :class:`UTCDateTime` — timezone-aware instants, stored as naive UTC on every backend.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.types import TypeDecorator

CENT = Decimal("0.01")


def to_cents(amount: Decimal | int | str) -> int:
    """Euros → integer cents, rounding half up. Floats are refused: they already lost precision."""
    if isinstance(amount, float):
        raise TypeError("money must be Decimal, int or str, never float")
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    return int(value * 100)


def from_cents(cents: int) -> Decimal:
    return (Decimal(int(cents)) / 100).quantize(CENT)


class Money(TypeDecorator[Decimal]):
    """Euros as ``Decimal`` in Python, ``BIGINT`` cents in the database."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001 - SQLAlchemy signature
        if value is None:
            return None
        return to_cents(value)

    def process_result_value(self, value, dialect):  # noqa: ANN001
        if value is None:
            return None
        return from_cents(value)

    @property
    def python_type(self) -> type:
        return Decimal


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; naive values are refused."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware instant is required")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):  # noqa: ANN001
        if value is None:
            return None
        if isinstance(value, str):  # raw SQL on SQLite
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=timezone.utc)

    @property
    def python_type(self) -> type:
        return datetime
