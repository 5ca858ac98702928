"""Conditions of a workflow: a small typed expression tree, compiled two ways.

JSON form (``null`` or ``{}`` means "always true")::

    {"all": [<cond>, ...]}            every one is true (an empty list is true)
    {"any": [<cond>, ...]}            at least one is true (an empty list is false)
    {"not": <cond>}
    {"field": "matter.encours", "op": "gt", "value": "20000.00"}

Operators by field type (see :mod:`.fields`):

* text — ``eq ne in not_in contains is_empty not_empty`` (``contains`` ignores case);
* enum — ``eq ne in not_in is_empty not_empty``, values among the field's codes;
* money — ``eq ne lt le gt ge in not_in is_empty not_empty``, values as strings ``"10000.00"``
  (or integers of euros);
* integer — same operators, JSON integers;
* date — ``eq ne lt le gt ge is_empty not_empty``, values ``"2026-03-31"`` or
  ``{"days_from_today": -30}`` (resolved against the injected "today");
* boolean — ``eq ne`` with ``true``/``false``.

An empty value (no related record, NULL column) makes every comparison false except
``is_empty``, ``ne`` and ``not_in``, which are true. Both compilations follow that rule and
never yield SQL NULL, so ``not`` behaves the same in SQL and in Python.

* :func:`compile_sql` → a SQLAlchemy boolean expression over :func:`record_table` (correlated
  scalar subqueries for related records and aggregates): a sweep is one query,
  :func:`select_ids`. Dates are computed in Python and bound ("days since the last provision
  > 60" becomes "last provision date < today − 60"), so the SQL is portable and sargable.
* :func:`evaluate` → the same answer for one record, with an explanation of each node
  (field, operator, expected and actual values, result) for run traces. The statement that
  reads the values is built once per condition tree (bounded cache keyed by the tree, so a
  new version of a workflow gets its own) with the record id bound; :func:`evaluate_each`
  reads several trees for one record in one query (the engine matching an event).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    FromClause,
    Select,
    and_,
    bindparam,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.orm import Session

from themisia_desktop.core.clock import PARIS
from themisia_desktop.core.db.types import from_cents, to_cents
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.automation.fields import (
    RECORD_TYPES,
    Compute,
    FieldType,
    ResolvedField,
    UnknownField,
    resolve,
)
from themisia_desktop.core.money import parse_amount

OPERATORS: dict[str, str] = {
    "eq": "est égal à", "ne": "est différent de", "lt": "est inférieur à",
    "le": "est inférieur ou égal à", "gt": "est supérieur à", "ge": "est supérieur ou égal à",
    "in": "est parmi", "not_in": "n'est pas parmi", "contains": "contient",
    "is_empty": "est vide", "not_empty": "est renseigné",
}
_ORDER = ("lt", "le", "gt", "ge")
_LISTS = ("in", "not_in")
_NO_VALUE = ("is_empty", "not_empty")
OPS_BY_TYPE: dict[FieldType, tuple[str, ...]] = {
    FieldType.TEXT: ("eq", "ne", "in", "not_in", "contains", "is_empty", "not_empty"),
    FieldType.ENUM: ("eq", "ne", "in", "not_in", "is_empty", "not_empty"),
    FieldType.MONEY: ("eq", "ne", *_ORDER, "in", "not_in", "is_empty", "not_empty"),
    FieldType.INTEGER: ("eq", "ne", *_ORDER, "in", "not_in", "is_empty", "not_empty"),
    FieldType.DATE: ("eq", "ne", *_ORDER, "is_empty", "not_empty"),
    FieldType.BOOLEAN: ("eq", "ne"),
}


class DefinitionError(ValidationError):
    """A definition with mistakes; ``errors`` lists every one, in French, with its place."""

    def __init__(self, errors: list[str], field: str | None = "definition") -> None:
        super().__init__("\n".join(errors), field=field)
        self.errors = list(errors)


# -- the tree -------------------------------------------------------------------------------
@dataclass(frozen=True)
class RelativeDate:
    days_from_today: int

    def resolve(self, today: date) -> date:
        return today + timedelta(days=self.days_from_today)


@dataclass(frozen=True)
class Comparison:
    field: str
    op: str
    value: Any = None  # typed: Decimal, int, date, RelativeDate, bool, str, or a tuple of them

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "op": self.op}
        if self.op not in _NO_VALUE:
            out["value"] = ([value_json(v) for v in self.value] if self.op in _LISTS
                            else value_json(self.value))
        return out


@dataclass(frozen=True)
class AllOf:
    items: tuple[Node, ...]

    def to_json(self) -> dict[str, Any]:
        return {"all": [i.to_json() for i in self.items]}


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Node, ...]

    def to_json(self) -> dict[str, Any]:
        return {"any": [i.to_json() for i in self.items]}


@dataclass(frozen=True)
class Not:
    item: Node

    def to_json(self) -> dict[str, Any]:
        return {"not": self.item.to_json()}


Node = Comparison | AllOf | AnyOf | Not
ALWAYS = AllOf(())


def value_json(v: Any) -> Any:
    if isinstance(v, Decimal):
        return f"{v:.2f}"
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, RelativeDate):
        return {"days_from_today": v.days_from_today}
    return v


# -- parsing (collects every mistake) -------------------------------------------------------
def parse_value(rf: ResolvedField, raw: Any) -> Any:
    """A JSON value checked against the field's type; ValueError(French message) if wrong."""
    t, label = rf.type, rf.label
    if t is FieldType.MONEY:
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            raise ValueError(f"Montant invalide pour le champ {label}")
        try:
            return parse_amount(raw, allow_negative=True)
        except ValidationError:
            raise ValueError(f"Montant invalide pour le champ {label}") from None
    if t is FieldType.INTEGER:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"Nombre entier attendu pour le champ {label}")
        return raw
    if t is FieldType.DATE:
        if isinstance(raw, dict) and set(raw) == {"days_from_today"} \
                and isinstance(raw["days_from_today"], int) \
                and not isinstance(raw["days_from_today"], bool):
            return RelativeDate(raw["days_from_today"])
        try:
            return date.fromisoformat(raw)
        except (TypeError, ValueError):
            raise ValueError(f"Date invalide pour le champ {label} (format AAAA-MM-JJ)") from None
    if t is FieldType.BOOLEAN:
        if not isinstance(raw, bool):
            raise ValueError(f"Valeur oui/non (true/false) attendue pour le champ {label}")
        return raw
    if not isinstance(raw, str):
        raise ValueError(f"Texte attendu pour le champ {label}")
    if t is FieldType.ENUM and raw not in rf.field.allowed_values:
        allowed = ", ".join(lbl for _, lbl in rf.field.choices)
        raise ValueError(f"Valeur « {raw} » inconnue pour le champ {label} "
                         f"(valeurs possibles : {allowed})")
    return raw


def _parse(data: Any, rt: str, path: str, errors: list[str]) -> Node | None:
    where = f"Condition {path}" if path else "Conditions"
    if not isinstance(data, dict):
        errors.append(f"{where} : une condition doit être un objet")
        return None
    keys = set(data)
    for group, cls in (("all", AllOf), ("any", AnyOf)):
        if keys == {group}:
            items = data[group]
            if not isinstance(items, list):
                errors.append(f"{where} : « {group} » attend une liste de conditions")
                return None
            parsed = [_parse(item, rt, f"{path}.{n}" if path else str(n), errors)
                      for n, item in enumerate(items, 1)]
            return cls(tuple(p for p in parsed if p is not None))
    if keys == {"not"}:
        inner = _parse(data["not"], rt, f"{path}.1" if path else "1", errors)
        return Not(inner) if inner is not None else None
    if "field" not in data or "op" not in data or not keys <= {"field", "op", "value"}:
        errors.append(f"{where} : condition incomplète (il faut « field », « op » et « value », "
                      "ou bien « all », « any », « not »)")
        return None
    try:
        rf = resolve(rt, data["field"])
    except (UnknownField, TypeError) as exc:
        errors.append(f"{where} : {exc}" if isinstance(exc, UnknownField)
                      else f"{where} : nom de champ invalide")
        return None
    op = data["op"]
    if op not in OPS_BY_TYPE[rf.type]:
        errors.append(f"{where} : l'opérateur « {op} » ne s'applique pas au champ {rf.label}")
        return None
    if op in _NO_VALUE:
        return Comparison(rf.path, op)
    if "value" not in data:
        errors.append(f"{where} : il manque la valeur à comparer au champ {rf.label}")
        return None
    raw = data["value"]
    try:
        if op in _LISTS:
            if not isinstance(raw, list) or not raw:
                raise ValueError(f"une liste non vide de valeurs est attendue pour le champ "
                                 f"{rf.label}")
            value: Any = tuple(parse_value(rf, v) for v in raw)
        else:
            value = parse_value(rf, raw)
    except ValueError as exc:
        errors.append(f"{where} : {exc}")
        return None
    return Comparison(rf.path, op, value)


def parse_condition(data: Any, record_type: str, *, errors: list[str] | None = None) -> Node:
    """JSON → tree. With ``errors`` given, mistakes are appended there (and ALWAYS returned
    for a broken tree); without, a :class:`DefinitionError` lists them."""
    collect = [] if errors is None else errors
    before = len(collect)
    node = ALWAYS if data is None or data == {} else _parse(data, record_type, "", collect)
    if errors is None and collect:
        raise DefinitionError(collect, field="conditions")
    return node if node is not None and len(collect) == before else ALWAYS


def _as_node(condition: Node | dict[str, Any] | None, record_type: str) -> Node:
    if condition is None or isinstance(condition, dict):
        return parse_condition(condition, record_type)
    return condition


def comparisons(node: Node) -> list[Comparison]:
    if isinstance(node, Comparison):
        return [node]
    if isinstance(node, Not):
        return comparisons(node.item)
    return [c for item in node.items for c in comparisons(item)]


# -- SQL ------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def record_table(record_type: str) -> FromClause:
    """The aliased table a compiled condition is expressed over (select ids from it)."""
    return RECORD_TYPES[record_type].table.alias(f"rec_{record_type}")


def _key_sql(rf: ResolvedField) -> ColumnElement[Any]:
    """The id of the record that holds the field (the record itself, or a related one)."""
    root = record_table(rf.record_type)
    if not rf.hops:
        return root.c.id
    key: ColumnElement[Any] = root.c[rf.hops[0].fk_column]
    for prev, hop in zip(rf.hops, rf.hops[1:], strict=False):
        t = RECORD_TYPES[prev.target].table.alias()
        key = select(t.c[hop.fk_column]).where(t.c.id == key).correlate_except(t).scalar_subquery()
    return key


def value_sql(rf: ResolvedField) -> ColumnElement[Any]:
    """The field's raw SQL value: cents for money, a date for days-since, an instant for
    INSTANT fields, else the column value."""
    f = rf.field
    if f.compute in (Compute.AGGREGATE, Compute.DAYS_SINCE):
        return f.build(_key_sql(rf))
    if rf.hops:
        t = RECORD_TYPES[rf.hops[-1].target].table.alias()
        expr: ColumnElement[Any] = (select(t.c[f.column_name]).where(t.c.id == _key_sql(rf))
                                    .correlate_except(t).scalar_subquery())
    else:
        expr = record_table(rf.record_type).c[f.column_name]
    return type_coerce(expr, BigInteger) if rf.type is FieldType.MONEY else expr


def _paris_midnight(d: date) -> datetime:
    return datetime.combine(d, time(0), PARIS)


def _sql_bound(rf: ResolvedField, v: Any, today: date) -> Any:
    """A comparison value in the SQL domain of the field."""
    if isinstance(v, RelativeDate):
        v = v.resolve(today)
    if rf.type is FieldType.MONEY:
        return to_cents(v)
    return v


_FLIP = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le", "eq": "eq", "ne": "ne",
         "in": "in", "not_in": "not_in"}


def _nullability(rf: ResolvedField) -> str:
    """``never``: the value is never NULL (own aggregates, NOT NULL columns);
    ``column``: an own nullable column (guarded with IS NOT NULL, stays sargable);
    ``related``: a scalar subquery (wrapped in COALESCE so it is evaluated once)."""
    if rf.hops:
        return "related"
    if rf.field.compute in (Compute.AGGREGATE, Compute.DAYS_SINCE):
        return "never"
    column = RECORD_TYPES[rf.record_type].table.c[rf.field.column_name]
    return "column" if column.nullable else "never"


def _null_safe(expr: ColumnElement[Any], cmp: ColumnElement[bool], when_empty: bool,
               nullability: str) -> ColumnElement[bool]:
    """``cmp`` made two-valued: ``when_empty`` is its value when ``expr`` is NULL."""
    if nullability == "never":
        return cmp
    if nullability == "related":
        return func.coalesce(cmp, true() if when_empty else false())
    return or_(expr.is_(None), cmp) if when_empty else and_(expr.is_not(None), cmp)


def _plain_sql(expr: ColumnElement[Any], op: str, v: Any, *, text: bool,
               nullability: str) -> ColumnElement[bool]:
    if op in _NO_VALUE:
        if nullability == "never":
            empty = (expr == "") if text else false()
        elif text:
            empty = func.coalesce(expr, "") == ""
        else:
            empty = expr.is_(None)
        return empty if op == "is_empty" else not_(empty)
    if op == "contains":
        escaped = v.replace("/", "//").replace("%", "/%").replace("_", "/_")
        cmp = func.lower(expr).like(func.lower(literal(f"%{escaped}%")), escape="/")
    elif op == "in":
        cmp = expr.in_(v)
    elif op == "not_in":
        cmp = expr.not_in(v)
    else:
        cmp = _CMP_SQL[op](expr, v)
    return _null_safe(expr, cmp, op in ("ne", "not_in"), nullability)


_CMP_SQL = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le,
            "gt": operator.gt, "ge": operator.ge}


def _comparison_sql(c: Comparison, record_type: str, today: date) -> ColumnElement[bool]:
    rf = resolve(record_type, c.field)
    expr = value_sql(rf)
    nullability = _nullability(rf)
    text = rf.type in (FieldType.TEXT, FieldType.ENUM)
    if c.op in _NO_VALUE:
        return _plain_sql(expr, c.op, None, text=text, nullability=nullability)
    if c.op in _LISTS:
        v: Any = tuple(_sql_bound(rf, x, today) for x in c.value)
    else:
        v = _sql_bound(rf, c.value, today)
    if rf.field.compute is Compute.DAYS_SINCE:  # days op N  <=>  date flip(op) today - N
        cut = (tuple(today - timedelta(days=n) for n in v) if c.op in _LISTS
               else today - timedelta(days=v))
        return _plain_sql(expr, _FLIP[c.op], cut, text=False, nullability=nullability)
    if rf.field.compute is Compute.INSTANT:  # the Paris day [lo, hi) of the instant
        lo, hi = _paris_midnight(v), _paris_midnight(v + timedelta(days=1))
        cmp = {"eq": lambda: and_(expr >= lo, expr < hi), "ne": lambda: or_(expr < lo, expr >= hi),
               "lt": lambda: expr < lo, "le": lambda: expr < hi, "gt": lambda: expr >= hi,
               "ge": lambda: expr >= lo}[c.op]()
        return _null_safe(expr, cmp, c.op == "ne", nullability)
    return _plain_sql(expr, c.op, v, text=text, nullability=nullability)


def _node_sql(node: Node, record_type: str, today: date) -> ColumnElement[bool]:
    if isinstance(node, Comparison):
        return _comparison_sql(node, record_type, today)
    if isinstance(node, Not):
        return not_(_node_sql(node.item, record_type, today))
    parts = [_node_sql(i, record_type, today) for i in node.items]
    if isinstance(node, AllOf):
        return and_(true(), *parts) if parts else true()
    return or_(false(), *parts) if parts else false()


def compile_sql(condition: Node | dict[str, Any] | None, record_type: str, *,
                today: date) -> ColumnElement[bool]:
    """The condition as a SQL boolean over :func:`record_table` ``(record_type)``."""
    return _node_sql(_as_node(condition, record_type), record_type, today)


def select_ids(condition: Node | dict[str, Any] | None, record_type: str, *,
               today: date) -> Select[tuple[int]]:
    """``SELECT id`` of every record of the type for which the condition holds."""
    root = record_table(record_type)
    return select(root.c.id).where(compile_sql(condition, record_type, today=today))


# -- Python ---------------------------------------------------------------------------------
def _ascii_lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _actual(rf: ResolvedField, raw: Any, today: date) -> Any:
    """A fetched SQL value in the user's domain (Decimal, date, days…)."""
    if raw is None:
        return None
    if rf.type is FieldType.MONEY:
        return from_cents(int(raw))
    if rf.field.compute is Compute.DAYS_SINCE:
        return (today - raw).days
    if rf.field.compute is Compute.INSTANT:
        return raw.astimezone(PARIS).date()
    if rf.type is FieldType.BOOLEAN:
        return bool(raw)
    return raw


def compare(op: str, actual: Any, expected: Any, *, lower=str.lower) -> bool:  # noqa: ANN001
    """The Python predicate of one comparison (values already in the field's domain)."""
    if op == "is_empty":
        return actual is None or actual == ""
    if op == "not_empty":
        return not (actual is None or actual == "")
    if actual is None:
        return op in ("ne", "not_in")
    if op == "contains":
        return lower(expected) in lower(actual)
    return {"eq": lambda: actual == expected, "ne": lambda: actual != expected,
            "lt": lambda: actual < expected, "le": lambda: actual <= expected,
            "gt": lambda: actual > expected, "ge": lambda: actual >= expected,
            "in": lambda: actual in expected, "not_in": lambda: actual not in expected}[op]()


def _explain(node: Node, record_type: str, values: dict[int, Any], today: date,
             lower) -> tuple[bool, list[dict[str, Any]]]:  # noqa: ANN001
    trace: list[dict[str, Any]] = []

    def walk(n: Node, path: str) -> bool:
        if isinstance(n, Comparison):
            rf = resolve(record_type, n.field)
            expected = n.value
            if isinstance(expected, RelativeDate):
                expected = expected.resolve(today)
            elif n.op in _LISTS:
                expected = tuple(x.resolve(today) if isinstance(x, RelativeDate) else x
                                 for x in expected)
            actual = values[id(n)]
            result = compare(n.op, actual, expected, lower=lower)
            trace.append({"path": path, "field": n.field, "label": rf.label, "op": n.op,
                          "expected": (None if n.op in _NO_VALUE else
                                       [value_json(x) for x in expected] if n.op in _LISTS
                                       else value_json(expected)),
                          "actual": value_json(actual), "result": result})
            return result
        kind = "not" if isinstance(n, Not) else "all" if isinstance(n, AllOf) else "any"
        entry: dict[str, Any] = {"path": path, "node": kind, "result": None}
        trace.append(entry)
        if isinstance(n, Not):
            result = not walk(n.item, f"{path}.1" if path else "1")
        else:
            results = [walk(i, f"{path}.{k}" if path else str(k))
                       for k, i in enumerate(n.items, 1)]
            result = all(results) if isinstance(n, AllOf) else any(results)
        entry["result"] = result
        return result

    return walk(node, ""), trace


@dataclass(frozen=True)
class _ValuesQuery:
    """What the traced evaluation of some conditions reads for a record, built once: the
    statement (record id bound as ``record_id``, or ``record_ids`` expanding) and, per
    condition, its tree, its leaves, their fields and where their values start in a row."""

    statement: Select[Any]
    parts: tuple[tuple[Node, tuple[Comparison, ...], tuple[ResolvedField, ...], int], ...]


@lru_cache(maxsize=512)
def _values_query(nodes: tuple[Node, ...], record_type: str, many: bool) -> _ValuesQuery:
    root = record_table(record_type)
    columns: list[ColumnElement[Any]] = []
    parts = []
    for node in nodes:
        leaves = tuple(comparisons(node))
        resolved = tuple(resolve(record_type, c.field) for c in leaves)
        parts.append((node, leaves, resolved, 1 + len(columns)))
        columns.extend(value_sql(rf) for rf in resolved)
    key = (root.c.id.in_(bindparam("record_ids", expanding=True)) if many
           else root.c.id == bindparam("record_id"))
    return _ValuesQuery(select(root.c.id, *columns).where(key), tuple(parts))


def _lower_for(session: Session):  # noqa: ANN202
    """``contains`` ignores case as the database does (SQLite lowers ASCII letters only)."""
    return _ascii_lower if session.get_bind().dialect.name == "sqlite" else str.lower


def _explain_row(query: _ValuesQuery, row: Any, record_type: str, today: date,
                 lower) -> list[tuple[bool, list[dict[str, Any]]]]:  # noqa: ANN001
    out = []
    for node, leaves, resolved, start in query.parts:
        values = {id(c): _actual(rf, raw, today)
                  for c, rf, raw in zip(leaves, resolved, row[start:start + len(leaves)],
                                        strict=True)}
        out.append(_explain(node, record_type, values, today, lower))
    return out


def evaluate_many(session: Session, condition: Node | dict[str, Any] | None, record_type: str,
                  record_ids: Iterable[int], *,
                  today: date) -> dict[int, tuple[bool, list[dict[str, Any]]]]:
    """:func:`evaluate` for several records, their values read in one query (dry runs).
    Records that do not exist are left out of the result."""
    query = _values_query((_as_node(condition, record_type),), record_type, True)
    lower = _lower_for(session)
    out: dict[int, tuple[bool, list[dict[str, Any]]]] = {}
    ids = list(dict.fromkeys(record_ids))
    for start in range(0, len(ids), 500):
        rows = session.execute(query.statement, {"record_ids": ids[start:start + 500]})
        for row in rows:
            out[row[0]] = _explain_row(query, row, record_type, today, lower)[0]
    return out


def evaluate_each(session: Session, conditions: Iterable[Node | dict[str, Any] | None],
                  record_type: str, record_id: int, *,
                  today: date) -> list[tuple[bool, list[dict[str, Any]]]]:
    """:func:`evaluate` for several conditions on one record, read in ONE query (the engine
    matching an event against its workflows); the statement is built once per set of
    conditions. Raises NotFoundError if the record does not exist."""
    nodes = tuple(_as_node(c, record_type) for c in conditions)
    query = _values_query(nodes, record_type, False)
    row = session.execute(query.statement, {"record_id": record_id}).first()
    if row is None:
        raise NotFoundError("Cet enregistrement n'existe pas (ou plus).")
    return _explain_row(query, row, record_type, today, _lower_for(session))


def evaluate(session: Session, condition: Node | dict[str, Any] | None, record_type: str,
             record_id: int, *, today: date) -> tuple[bool, list[dict[str, Any]]]:
    """Whether the condition holds for one record, and why: one entry per node, in order
    (``path`` "1.2" = second item of the first group); a comparison's entry has ``field``,
    ``label``, ``op``, ``expected``, ``actual`` and ``result`` (JSON-ready values), a group's
    ``node`` (all / any / not) and ``result``. The statement is built once per condition."""
    return evaluate_each(session, (condition,), record_type, record_id, today=today)[0]
