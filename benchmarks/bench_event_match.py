"""Benchmark: matching one event against 20 enabled workflows and evaluating their conditions,
with parsed definitions cached, against a naive path that re-parses every definition.

    python benchmarks/bench_event_match.py [--runs 2000]

Works on a copy of the sweep benchmark's base (10,000 matters, 1,000,000 time entries; built
by ``bench_sweep.py`` if missing) holding 20 enabled workflows of mixed triggers: creation,
status change, validation, end of a run, thresholds and dates, on matters, contacts, tasks,
invoices and deadlines. The event is « dossier clôturé » (status open → closed).

* cached + compiled path: the definitions are parsed once and indexed by (event kind, record
  type); per event, one query checks that the enabled workflows and their versions did not
  change, the candidates are matched with ``Trigger.matches_event``, and the conditions of the
  matching ones are answered by ONE statement compiled once (``conditions.compile_sql``, the
  record id bound) — budget 2 ms p95;
* cached + traced evaluation with its statement cached: the values and the explanation a run
  trace needs, the statement built once per workflow version (``conditions`` internals);
* cached + ``conditions.evaluate``: same cache, but each matching workflow's conditions are
  evaluated with the traced evaluator, which builds its SQL again on every call (what the
  engine does today);
* naive path: per event, every enabled workflow's document is read and re-parsed from JSON
  (``parse_definition``, templates checked), and the conditions of every workflow on that
  record type are evaluated before its trigger is checked.

Both must select the same workflows.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from typing import Any  # noqa: E402

from sqlalchemy import bindparam, case, select  # noqa: E402

from bench_sweep import CLOCK, OUT, TODAY, base_path, timed  # noqa: E402
from themisia_desktop.core.automation.conditions import (  # noqa: E402
    _actual,
    _ascii_lower,
    _explain,
    comparisons,
    compile_sql,
    evaluate,
    record_table,
    value_sql,
)
from themisia_desktop.core.automation.fields import resolve  # noqa: E402
from themisia_desktop.core.automation.definition import (  # noqa: E402
    WorkflowDefinition,
    parse_definition,
)
from themisia_desktop.core.automation.events import EventKind  # noqa: E402
from themisia_desktop.core.automation.workflows import create_workflow, set_enabled  # noqa: E402
from themisia_desktop.core.db import Database, make_url_for_path  # noqa: E402
from themisia_desktop.core.models import Workflow, WorkflowVersion  # noqa: E402

TASK = {"type": "create_task", "title": "Suivi {{ matter.reference }}",
        "assignee": {"role": "responsible"}, "due_in_days": 3}


def _doc(n: int, trigger: dict, conditions: dict | None = None, actions: list | None = None) -> dict:
    return {"schema_version": 1, "name": f"Banc {n:02d}", "description": "Règle de mesure",
            "trigger": trigger, "conditions": conditions or {},
            "actions": actions or [TASK], "late_policy": {"mode": "fire_late"}}


def popup(record: str, field: str) -> list:
    return [{"type": "notify", "channels": ["popup"], "recipients": [{"user": 1}],
             "subject": f"{{{{ {field} }}}}", "body": f"Enregistrement {record} : {{{{ {field} }}}}"}]


def workflows() -> list[dict]:
    closed = {"kind": "updated", "record": "matter", "field": "matter.status", "to": "closed"}
    encours = {"field": "matter.encours", "op": "gt", "value": "5000.00"}
    return [
        _doc(1, {"kind": "created", "record": "matter"}),
        _doc(2, {"kind": "created", "record": "matter"},
             {"field": "client.status", "op": "eq", "value": "client_active"}),
        _doc(3, closed, encours),
        _doc(4, closed, {"all": [{"field": "responsible.category", "op": "eq", "value": "partner"},
                                 {"field": "matter.solde_du", "op": "gt", "value": "0.00"}]}),
        _doc(5, closed, {"any": [{"field": "matter.provisions_recues", "op": "eq", "value": "0.00"},
                                 {"field": "matter.jours_depuis_derniere_provision", "op": "gt",
                                  "value": 90}]}),
        _doc(6, {"kind": "updated", "record": "matter", "field": "matter.status", "to": "archived"}),
        _doc(7, {"kind": "updated", "record": "matter"},
             {"not": {"field": "matter.domain", "op": "is_empty"}}),
        _doc(8, {"kind": "created", "record": "contact"}, actions=popup("contact", "contact.display_name")),
        _doc(9, {"kind": "updated", "record": "contact", "field": "contact.status"},
             actions=popup("contact", "contact.display_name")),
        _doc(10, {"kind": "validated", "record": "invoice"},
             actions=popup("invoice", "invoice.number")),
        _doc(11, {"kind": "validated", "record": "invoice"},
             {"field": "invoice.total_incl_tax", "op": "gt", "value": "10000.00"},
             actions=popup("invoice", "invoice.number")),
        _doc(12, {"kind": "validated", "record": "task"}, actions=popup("task", "task.title")),
        _doc(13, {"kind": "updated", "record": "task", "field": "task.status", "to": "done"},
             actions=popup("task", "task.title")),
        _doc(14, {"kind": "validated", "record": "workflow_run", "workflow": "nouveau_dossier"},
             actions=popup("workflow_run", "workflow_run.outcome")),
        _doc(15, {"kind": "threshold", "record": "matter", "field": "matter.encours", "op": "gt",
                  "value": "20000.00"}),
        _doc(16, {"kind": "threshold", "record": "contact", "field": "contact.encours", "op": "gt",
                  "value": "10000.00"}, actions=popup("contact", "contact.display_name")),
        _doc(17, {"kind": "threshold", "record": "matter",
                  "field": "matter.jours_depuis_derniere_provision", "op": "ge", "value": 60}),
        _doc(18, {"kind": "date", "record": "deadline", "field": "deadline.due_on",
                  "offset_days": -3, "working_days": True},
             actions=popup("deadline", "deadline.title")),
        _doc(19, {"kind": "date", "record": "invoice", "field": "invoice.due_on", "offset_days": 30},
             actions=popup("invoice", "invoice.number")),
        _doc(20, {"kind": "created", "record": "provision"},
             actions=popup("provision", "provision.amount_requested")),
    ]


class CachedMatcher:
    """Definitions parsed once, indexed by (event kind, record type); refreshed only when the
    set of enabled workflows or one of their versions changes."""

    def __init__(self) -> None:
        self.stamp: tuple[tuple[int, int], ...] | None = None
        self.index: dict[tuple[str, str], list[tuple[int, WorkflowDefinition]]] = {}

    def _refresh(self, session, stamp) -> None:  # noqa: ANN001
        rows = session.execute(
            select(Workflow.id, WorkflowVersion.definition)
            .join(WorkflowVersion, (WorkflowVersion.workflow_id == Workflow.id)
                  & (WorkflowVersion.version == Workflow.current_version))
            .where(Workflow.enabled.is_(True)))
        index: dict[tuple[str, str], list[tuple[int, WorkflowDefinition]]] = defaultdict(list)
        for workflow_id, document in rows:
            definition = parse_definition(document, check_template=lambda _t, _f: [])
            for kind in definition.trigger.event_kinds():
                index[(kind, definition.record_type)].append((workflow_id, definition))
        self.index, self.stamp = dict(index), stamp

    def match(self, db: Database, kind: str, entity_type: str, entity_id: int,
              payload: dict) -> list[int]:
        with db.read() as s:
            stamp = tuple(tuple(r) for r in s.execute(select(Workflow.id, Workflow.current_version)
                                    .where(Workflow.enabled.is_(True))
                                    .order_by(Workflow.id)).all())
            if stamp != self.stamp:
                self._refresh(s, stamp)
            fired = []
            for workflow_id, definition in self.index.get((kind, entity_type), ()):
                if not definition.trigger.matches_event(kind, entity_type, payload):
                    continue
                ok, _trace = evaluate(s, definition.conditions, entity_type, entity_id,
                                      today=TODAY)
                if ok:
                    fired.append(workflow_id)
            return sorted(fired)


class CompiledMatcher(CachedMatcher):
    """As :class:`CachedMatcher`, and the conditions of every candidate of an (event kind,
    record type) compiled once into ONE statement returning a boolean per workflow
    (``conditions.compile_sql``, the record id bound): one query per event."""

    def __init__(self) -> None:
        super().__init__()
        self.statements: dict[tuple[str, str], tuple[list[int], Any]] = {}

    def _refresh(self, session, stamp) -> None:  # noqa: ANN001
        super()._refresh(session, stamp)
        self.statements = {}

    def _statement(self, kind: str, entity_type: str, candidates) -> tuple[list[int], Any]:  # noqa: ANN001
        key = (kind, entity_type)
        if key not in self.statements:
            root = record_table(entity_type)
            ids = [workflow_id for workflow_id, _ in candidates]
            columns = [case((compile_sql(d.conditions, entity_type, today=TODAY), 1), else_=0)
                       for _, d in candidates]
            self.statements[key] = (ids, select(*columns).where(root.c.id == bindparam("id")))
        return self.statements[key]

    def match(self, db: Database, kind: str, entity_type: str, entity_id: int,
              payload: dict) -> list[int]:
        with db.read() as s:
            stamp = tuple(tuple(r) for r in s.execute(
                select(Workflow.id, Workflow.current_version)
                .where(Workflow.enabled.is_(True)).order_by(Workflow.id)).all())
            if stamp != self.stamp:
                self._refresh(s, stamp)
            candidates = [(w, d) for w, d in self.index.get((kind, entity_type), ())
                          if d.trigger.matches_event(kind, entity_type, payload)]
            if not candidates:
                return []
            ids, statement = self._statement(kind, entity_type, candidates)
            row = s.execute(statement, {"id": entity_id}).one_or_none()
            return sorted(w for w, ok in zip(ids, row or (), strict=False) if ok)


class TracedMatcher(CachedMatcher):
    """As :class:`CachedMatcher` with the traced evaluation (values, explanation) kept, but its
    statement built once per workflow version (what ``conditions.evaluate`` could cache)."""

    def __init__(self) -> None:
        super().__init__()
        self.statements: dict[int, tuple[Any, list, list, Any]] = {}

    def _refresh(self, session, stamp) -> None:  # noqa: ANN001
        super()._refresh(session, stamp)
        self.statements = {}

    def _evaluate(self, session, workflow_id: int, definition, entity_type: str,  # noqa: ANN001
                  entity_id: int) -> bool:
        if workflow_id not in self.statements:
            node = definition.conditions
            leaves = comparisons(node)
            resolved = [resolve(entity_type, c.field) for c in leaves]
            root = record_table(entity_type)
            statement = select(*[value_sql(rf) for rf in resolved]).where(
                root.c.id == bindparam("id"))
            self.statements[workflow_id] = (node, leaves, resolved, statement)
        node, leaves, resolved, statement = self.statements[workflow_id]
        row = session.execute(statement, {"id": entity_id}).one()
        values = {id(c): _actual(rf, raw, TODAY) for c, rf, raw in zip(leaves, resolved, row,
                                                                       strict=True)}
        ok, _trace = _explain(node, entity_type, values, TODAY, _ascii_lower)
        return ok

    def match(self, db: Database, kind: str, entity_type: str, entity_id: int,
              payload: dict) -> list[int]:
        with db.read() as s:
            stamp = tuple(tuple(r) for r in s.execute(
                select(Workflow.id, Workflow.current_version)
                .where(Workflow.enabled.is_(True)).order_by(Workflow.id)).all())
            if stamp != self.stamp:
                self._refresh(s, stamp)
            return sorted(w for w, d in self.index.get((kind, entity_type), ())
                          if d.trigger.matches_event(kind, entity_type, payload)
                          and self._evaluate(s, w, d, entity_type, entity_id))


def naive_match(db: Database, kind: str, entity_type: str, entity_id: int,
                payload: dict) -> list[int]:
    with db.read() as s:
        rows = s.execute(
            select(Workflow.id, WorkflowVersion.definition)
            .join(WorkflowVersion, (WorkflowVersion.workflow_id == Workflow.id)
                  & (WorkflowVersion.version == Workflow.current_version))
            .where(Workflow.enabled.is_(True))).all()
        fired = []
        for workflow_id, document in rows:
            definition = parse_definition(json.dumps(document))
            if definition.record_type != entity_type:
                continue
            ok, _trace = evaluate(s, definition.conditions, entity_type, entity_id, today=TODAY)
            if ok and definition.trigger.matches_event(kind, entity_type, payload):
                fired.append(workflow_id)
        return sorted(fired)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2000)
    ap.add_argument("--baseline-runs", type=int, default=200)
    ap.add_argument("--matter", type=int, default=42, help="dossier clôturé par l'événement")
    args = ap.parse_args()
    source = base_path(10_000, 1_000_000)
    work = OUT / "event-work.sqlite3"
    for old in OUT.glob(work.name + "*"):
        old.unlink()
    shutil.copyfile(source, work)
    db = Database(make_url_for_path(work))
    try:
        for document in workflows():
            info = create_workflow(db, CLOCK, document)
            set_enabled(db, CLOCK, info.id, True)
        event = (EventKind.STATUS_CHANGED, "matter", args.matter,
                 {"changes": {"status": ["open", "closed"]}})
        cached, compiled, traced = CachedMatcher(), CompiledMatcher(), TracedMatcher()
        fast, slow = compiled.match(db, *event), naive_match(db, *event)
        assert fast == slow == cached.match(db, *event) == traced.match(db, *event), (fast, slow)
        print(f"20 workflows activés ; événement « dossier n° {args.matter} clôturé » : "
              f"{len(fast)} workflows déclenchés ({', '.join(map(str, fast)) or 'aucun'})")
        def line(label: str, p50: float, p95: float, budget: bool = True) -> None:
            verdict = ("OK" if p95 <= 2 else "HORS BUDGET") if budget else ""
            print(f"{label:<44} p50 {p50:7.3f} ms   p95 {p95:7.3f} ms   {verdict}")

        c50, c95 = timed(lambda: compiled.match(db, *event), args.runs)
        line("cache + une requête compilée (budget 2 ms)", c50, c95)
        t50, t95 = timed(lambda: traced.match(db, *event), args.runs)
        line("cache + évaluation tracée, requête en cache", t50, t95)
        f50, f95 = timed(lambda: cached.match(db, *event), args.runs)
        line("cache + conditions.evaluate()", f50, f95)
        n50, n95 = timed(lambda: naive_match(db, *event), args.baseline_runs)
        line("naïf : re-lecture JSON à chaque événement", n50, n95, budget=False)
        print(f"rapports (p50) : naïf / compilé ×{n50 / c50:.0f}, naïf / tracé en cache "
              f"×{n50 / t50:.0f}, naïf / evaluate ×{n50 / f50:.1f}")
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
