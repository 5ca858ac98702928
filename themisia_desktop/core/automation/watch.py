"""Once per episode: watch states of threshold rules and the firing claim of every time rule.

A threshold rule keeps one :class:`WatchState` per record it has seen true. A record whose
condition becomes true (no state, or a state that was re-armed) starts a new episode; it can
fire again only after the sweep has seen it false (re-armed). Both moves are set-based
(bulk conditional UPDATEs and one INSERT … ON CONFLICT DO NOTHING per chunk), and both are
*conditional*: when two workstations sweep at once, only the one whose statement actually
changed the row gets the record back, and the unique key of :class:`Firing`
(workflow, record, episode) is the last safeguard.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Insert, Table, select, update
from sqlalchemy.orm import Session

from themisia_desktop.core.models import Firing, WatchState

CHUNK = 500  # ids per statement: far below SQLite's and PostgreSQL's parameter limits

_WS: Table = WatchState.__table__  # type: ignore[assignment]
_FIRING: Table = Firing.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class WatchChanges:
    """What one threshold pass changed: ``started`` = (record id, episode number) of each new
    episode (to fire), ``rearmed`` = how many records went back to false."""

    started: tuple[tuple[int, int], ...]
    rearmed: int


def dialect_insert(session: Session, table: Table) -> Insert:
    """INSERT with ``on_conflict_do_nothing`` for the session's database (SQLite or
    PostgreSQL): a duplicate key is ignored instead of failing the transaction."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only the two supported engines
        raise RuntimeError(f"unsupported database: {name}")
    return insert(table)


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    items = sorted(ids)
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def true_states(session: Session, workflow_id: int, entity_type: str) -> set[int]:
    """Ids of the records whose condition was true at the last sweep of this rule."""
    return set(session.scalars(select(_WS.c.entity_id).where(
        _WS.c.workflow_id == workflow_id, _WS.c.entity_type == entity_type,
        _WS.c.is_true.is_(True))))


def update_watch_states(session: Session, now: datetime, workflow_id: int, entity_type: str,
                        matching: set[int]) -> WatchChanges:
    """Compare the records matching now with the stored states, in bulk.

    * matching and not true before → new episode (state created at episode 1, or a re-armed
      state moved to episode + 1);
    * true before and not matching → re-armed (``is_true`` false, episode kept);
    * true before and still matching → nothing.
    """
    was_true = true_states(session, workflow_id, entity_type)
    started: list[tuple[int, int]] = []
    rearmed = 0
    key = (_WS.c.workflow_id == workflow_id, _WS.c.entity_type == entity_type)
    for chunk in _chunks(was_true - matching):
        result = session.execute(
            update(_WS).where(*key, _WS.c.entity_id.in_(chunk), _WS.c.is_true.is_(True))
            .values(is_true=False, changed_at=now))
        rearmed += result.rowcount or 0
    for chunk in _chunks(matching - was_true):
        moved = session.execute(
            update(_WS).where(*key, _WS.c.entity_id.in_(chunk), _WS.c.is_true.is_(False))
            .values(is_true=True, episode=_WS.c.episode + 1, changed_at=now)
            .returning(_WS.c.entity_id, _WS.c.episode)).all()
        started.extend((row[0], row[1]) for row in moved)
        done = {row[0] for row in moved}
        fresh = [i for i in chunk if i not in done]
        if not fresh:
            continue
        inserted = session.execute(
            dialect_insert(session, _WS)
            .values([{"workflow_id": workflow_id, "entity_type": entity_type, "entity_id": i,
                      "is_true": True, "episode": 1, "changed_at": now} for i in fresh])
            .on_conflict_do_nothing()
            .returning(_WS.c.entity_id, _WS.c.episode)).all()
        started.extend((row[0], row[1]) for row in inserted)
    return WatchChanges(started=tuple(sorted(started)), rearmed=rearmed)


def claim_firing(session: Session, *, workflow_id: int, entity_type: str, entity_id: int,
                 episode_key: str, fired_at: datetime, due_at: datetime | None = None) -> int | None:
    """Insert the firing of (workflow, record, episode) and return its id — or None when it
    already exists (fired before, or by another workstation at the same moment)."""
    stmt = (dialect_insert(session, _FIRING)
            .values(workflow_id=workflow_id, entity_type=entity_type, entity_id=entity_id,
                    episode_key=episode_key, fired_at=fired_at, due_at=due_at)
            .on_conflict_do_nothing()
            .returning(_FIRING.c.id))
    return session.execute(stmt).scalar_one_or_none()


def fired_keys(session: Session, workflow_id: int, entity_type: str,
               entity_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(record id, episode key) of the firings of a rule for these records."""
    out: set[tuple[int, str]] = set()
    for chunk in _chunks(set(entity_ids)):
        out.update((r[0], r[1]) for r in session.execute(
            select(_FIRING.c.entity_id, _FIRING.c.episode_key).where(
                _FIRING.c.workflow_id == workflow_id, _FIRING.c.entity_type == entity_type,
                _FIRING.c.entity_id.in_(chunk))))
    return out
