"""The one source of "now".

Services never call ``datetime.now()`` themselves: they receive a :class:`Clock`, so tests and
the automation sweep can run "as if" at any instant. Instants are timezone-aware UTC; display
code converts to Europe/Paris.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


class Clock:
    """Real wall clock."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def today(self) -> date:
        """Today's date for the firm, i.e. in Paris."""
        return self.now().astimezone(PARIS).date()


@dataclass
class FixedClock(Clock):
    """A clock that only moves when told to (tests, dry runs, the ``--now`` of a sweep)."""

    instant: datetime = field(default_factory=lambda: datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc))

    def __post_init__(self) -> None:
        if self.instant.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware instant")

    def now(self) -> datetime:
        return self.instant

    def advance(self, delta: timedelta) -> None:
        self.instant = self.instant + delta

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware instant")
        self.instant = instant
