"""Bulk Core inserts with pre-assigned ids.

The demo writes hundreds of thousands of rows: ORM objects one by one would spend their time
in unit-of-work bookkeeping and RETURNING round-trips. Rows are plain dicts, buffered per table
and written with one ``executemany`` per table and chunk, parents before children (the order
of ``Base.metadata.sorted_tables``), inside the caller's single transaction.

Rows are written through "raw" copies of the tables in which the :class:`Money` columns are
plain ``BIGINT`` (the generator computes integer cents itself, exactly as ``to_cents`` stores
them) and the :class:`UTCDateTime` columns plain ``DateTime`` (the generator passes naive UTC
datetimes, exactly what ``UTCDateTime`` stores). Every other type, and so every dialect's own
conversion, is the model's.

The rows go to the driver's ``executemany`` through ``exec_driver_sql``, with the statement
compiled once per table by SQLAlchemy for the connection's dialect and each value passed
through that dialect's own bind processor (dates as text on SQLite, JSON serialised…): the
same SQL and values SQLAlchemy would send, without its per-row bookkeeping, which measured
about as much as the database's own work.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from sqlalchemy import BigInteger, Column, Connection, DateTime, MetaData, Table, insert

from themisia_desktop.core.db.types import Money, UTCDateTime
from themisia_desktop.core.models import Base


def _raw_type(column: Column) -> Any:
    if isinstance(column.type, Money):
        return BigInteger()
    if isinstance(column.type, UTCDateTime):
        return DateTime()
    return column.type


def _raw_tables() -> dict[str, Table]:
    meta = MetaData()
    return {
        table.name: Table(table.name, meta, *[
            Column(c.name, _raw_type(c), primary_key=c.primary_key, autoincrement=False)
            for c in table.columns
        ])
        for table in Base.metadata.sorted_tables
    }


RAW_TABLES = _raw_tables()
# Parents before children: foreign keys are checked row by row on both backends.
TABLE_ORDER = [t.name for t in Base.metadata.sorted_tables]


class Sink:
    """Per-table row buffers flushed in dependency order. ``rows(name)`` returns the live
    buffer (hot loops append to it directly); ``flush()`` empties every buffer in place."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_ORDER}
        self.counts: Counter[str] = Counter()
        self._prepared: dict[tuple[str, tuple[str, ...]], tuple[str, Callable[[dict], Any]]] = {}

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self._buffers[table]

    def pending(self) -> int:
        return sum(len(b) for b in self._buffers.values())

    def flush(self) -> None:
        for name in TABLE_ORDER:
            buffer = self._buffers[name]
            if buffer:
                self._insert(name, buffer)
                self.counts[name] += len(buffer)
                buffer.clear()

    def _prepare(self, name: str, keys: tuple[str, ...]) -> tuple[str, Callable[[dict], Any]]:
        """The INSERT statement for these columns and a function turning a row dict into
        the driver's parameters (a tuple for positional paramstyles, else a dict)."""
        dialect = self.conn.dialect
        table = RAW_TABLES[name]
        compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
        names = tuple(compiled.positiontup) if compiled.positional else keys
        processors = [(i, n, proc) for i, n in enumerate(names)
                      if (proc := table.c[n].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
        if compiled.positional:
            get = itemgetter(*names)
            if len(names) == 1:
                def one(row: dict) -> Any:
                    return (get(row),)
                get = one
            if not processors:
                return str(compiled), get

            def positional(row: dict) -> tuple:
                values = list(get(row))
                for i, _n, proc in processors:
                    values[i] = proc(values[i])
                return tuple(values)
            return str(compiled), positional

        def named(row: dict) -> dict:
            if not processors:
                return row
            values = dict(row)
            for _i, n, proc in processors:
                values[n] = proc(values[n])
            return values
        return str(compiled), named

    def _insert(self, name: str, rows: list[dict[str, Any]]) -> None:
        keys = tuple(rows[0])
        prepared = self._prepared.get((name, keys))
        if prepared is None:
            prepared = self._prepared[(name, keys)] = self._prepare(name, keys)
        sql, convert = prepared
        self.conn.exec_driver_sql(sql, [convert(row) for row in rows])
