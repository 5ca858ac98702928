"""What a merge touches, found from the models, and rows as JSON for the merge record.

Every foreign key to ``contact.id`` declared in ``Base.metadata`` is found at run time, so a
table added later is re-pointed by a merge without changing this code. Three kinds of
references are *not* re-pointed: the one-to-one details (their key is the contact's id), the
``contact.merged_into_id`` chain and the merge records themselves.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from themisia_desktop.core.models import Base

DETAIL_TABLES = ("person_details", "company_details", "jurisdiction_details")
_NOT_REPOINTED = {("contact", "merged_into_id")}
# History is never re-pointed; the search index is derived data, rebuilt after merge and undo.
_HISTORY_TABLES = {"merge_record", "contact_token"}


def contact_references() -> dict[str, list[Column]]:
    """Table name → its columns referencing ``contact.id`` that a merge re-points."""
    found: dict[str, list[Column]] = {}
    for table in Base.metadata.sorted_tables:
        if table.name in _HISTORY_TABLES:
            continue
        pk = list(table.primary_key.columns)
        for fk in table.foreign_keys:
            if fk.column.table.name != "contact" or fk.column.name != "id":
                continue
            col = fk.parent
            if (table.name, col.name) in _NOT_REPOINTED or pk == [col]:
                continue
            found.setdefault(table.name, []).append(col)
    return found


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def pk_of(tbl: Table, row: dict[str, Any]) -> dict[str, Any]:
    return {c.name: row[c.name] for c in tbl.primary_key.columns}


def pk_filter(tbl: Table, pk: dict[str, Any]) -> list:
    return [tbl.c[name] == value for name, value in pk.items()]


def unique_column_sets(tbl: Table) -> list[tuple[str, ...]]:
    """Column sets each row must keep unique: unique constraints and unique indexes."""
    sets = [tuple(c.name for c in con.columns) for con in tbl.constraints
            if con.__class__.__name__ == "UniqueConstraint"]
    sets += [tuple(c.name for c in ix.columns) for ix in tbl.indexes if ix.unique]
    sets += [(c.name,) for c in tbl.columns if c.unique]
    return sets


# -- JSON ----------------------------------------------------------------------------------
def to_json(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row_to_json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: to_json(v) for k, v in row.items()}


def _python_type(col: Column) -> type | None:
    try:
        return col.type.python_type
    except NotImplementedError:
        return None


def from_json(tbl: Table, data: dict[str, Any]) -> dict[str, Any]:
    """A JSON row back to the Python values the table's columns take."""
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name not in tbl.c:
            continue  # a column dropped since the merge
        kind = _python_type(tbl.c[name])
        if isinstance(value, str) and kind is datetime:
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and kind is date:
            value = date.fromisoformat(value)
        elif isinstance(value, str) and kind is Decimal:
            value = Decimal(value)
        out[name] = value
    return out


def read_row(session: Session, tbl: Table, *conditions: Any) -> dict[str, Any] | None:
    row = session.execute(select(tbl).where(*conditions)).mappings().first()
    return dict(row) if row is not None else None


def read_rows(session: Session, tbl: Table, *conditions: Any) -> list[dict[str, Any]]:
    order = list(tbl.primary_key.columns)
    return [dict(r) for r in session.execute(select(tbl).where(*conditions).order_by(*order))
            .mappings()]


# -- a contact and its details -------------------------------------------------------------
def contact_snapshot(s: Session, contact_id: int) -> dict[str, Any]:
    tbl = table("contact")
    out = {"contact": row_to_json(read_row(s, tbl, tbl.c.id == contact_id) or {})}
    for name in DETAIL_TABLES:
        row = read_row(s, table(name), table(name).c.contact_id == contact_id)
        out[name] = row_to_json(row) if row else None
    return out


def restore_contact(s: Session, saved: dict[str, Any]) -> None:
    tbl = table("contact")
    row = from_json(tbl, saved["contact"])
    s.execute(update(tbl).where(tbl.c.id == row["id"]).values(**row))
    for name in DETAIL_TABLES:
        dtbl = table(name)
        s.execute(delete(dtbl).where(dtbl.c.contact_id == row["id"]))
        if saved.get(name):
            s.execute(insert(dtbl).values(**from_json(dtbl, saved[name])))
