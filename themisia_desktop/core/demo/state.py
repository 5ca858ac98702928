"""What the generator's steps share: the random source, the dates, the users, the pools of
contacts built by one step and used by the next, and small helpers."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from itertools import accumulate
from typing import Any, TypeVar

from themisia_desktop.core.clock import PARIS
from themisia_desktop.core.demo.bulk import Sink

T = TypeVar("T")


@dataclass(frozen=True)
class StaffMember:
    id: int
    first_name: str
    last_name: str
    category: str
    rate_cents: int

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class ClientInfo:
    id: int
    kind: str
    status: str
    name: str
    created_on: date
    city: str
    billing_contact_id: int | None = None
    # (effective_from, scope: "client" | "category" | "user", scope value, rate in cents)
    rates: list[tuple[date, str, Any, int]] = field(default_factory=list)


class Weighted:
    """Fast weighted choice over a fixed population (cumulative weights built once)."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))

    def pick(self, rng: random.Random) -> Any:
        return rng.choices(self.items, cum_weights=self.cum)[0]


class Builder:
    """Shared state of one demo generation."""

    def __init__(self, *, rng: random.Random, today: date, now: datetime, contacts: int,
                 sink: Sink, progress: Callable[[str, float], None] | None) -> None:
        self.rng = rng
        self.today = today
        self.now = now
        self.start = today - timedelta(days=730)  # activity covers the two years before today
        self.n_contacts = contacts
        self.sink = sink
        self._progress = progress
        self._offsets: dict[date, timedelta] = {}
        self.staff: list[StaffMember] = []
        self.group_ids: dict[str, int] = {}
        # Filled by the contacts step, used by the activity step.
        self.clients: list[ClientInfo] = []
        self.plain_persons: list[int] = []      # persons who can be adverse parties
        self.plain_companies: list[int] = []
        self.lawyers: list[int] = []
        self.experts: list[int] = []
        self.courts: dict[str, list[int]] = {}  # court type → contact ids
        self.names: dict[int, str] = {}         # contact id → display name (parties, titles)
        self.next_ids: dict[str, int] = {}

    # -- ids ------------------------------------------------------------------------------
    def new_id(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    # -- time -----------------------------------------------------------------------------
    def utc(self, day: date, hour: int, minute: int = 0) -> datetime:
        """A Paris wall-clock time on ``day`` as the naive UTC datetime the base stores."""
        offset = self._offsets.get(day)
        if offset is None:
            offset = PARIS.utcoffset(datetime(day.year, day.month, day.day, 12))
            self._offsets[day] = offset
        return datetime.combine(day, time(hour, minute)) - offset

    def now_naive(self) -> datetime:
        return self.now.astimezone(timezone.utc).replace(tzinfo=None)

    def day_between(self, first: date, last: date) -> date:
        span = (last - first).days
        return first + timedelta(days=self.rng.randint(0, span)) if span > 0 else first

    def progress(self, step: str, fraction: float) -> None:
        if self._progress is not None:
            self._progress(step, min(1.0, max(0.0, fraction)))

    def staff_of(self, *categories: str) -> list[StaffMember]:
        return [s for s in self.staff if s.category in categories]


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def half_up_div(numerator: int, denominator: int) -> int:
    """Integer division rounding half away from zero (cents)."""
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return q if numerator >= 0 else -q
