"""Benchmark: matching one event against 20 enabled workflows — which workflows the event
fires, with their conditions evaluated and explained as a run trace needs — the way the engine
does it, against a naive path.

    python benchmarks/bench_event_match.py [--runs 2000]

Works on a copy of the sweep benchmark's base (10,000 matters, 1,000,000 time entries; built
by ``bench_sweep.py`` if missing) holding 20 enabled workflows of mixed triggers: creation,
status change, validation, end of a run, thresholds and dates, on matters, contacts, tasks,
invoices and deadlines. The event is « dossier clôturé » (status open → closed).

* engine: ``engine.match_event`` — what ``process_event_in`` does before running anything: one
  query checks which workflows are enabled and their versions (parsed once per version,
  indexed by event kind and record type), the triggers are matched, and the conditions of
  the matching workflows are read for the record in ONE statement built once and explained
  (values seen, as in the run trace) — budget 2 ms p95;
* naive: per event, every enabled workflow's document is read and re-parsed from JSON
  (``parse_definition``, templates checked), and for every workflow on that record type a
  statement reading its condition values is built again (``conditions.value_sql``) and run,
  and its SQL filter compiled again (``conditions.compile_sql``), before its trigger is checked.

Both must select the same workflows.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import case, select  # noqa: E402

from bench_sweep import CLOCK, OUT, TODAY, base_path, timed  # noqa: E402
from themisia_desktop.core.automation.builtins import install_builtins  # noqa: E402
from themisia_desktop.core.automation.conditions import (  # noqa: E402
    comparisons,
    compile_sql,
    record_table,
    value_sql,
)
from themisia_desktop.core.automation.definition import parse_definition  # noqa: E402
from themisia_desktop.core.automation.engine import match_event  # noqa: E402
from themisia_desktop.core.automation.events import EventKind  # noqa: E402
from themisia_desktop.core.automation.fields import resolve  # noqa: E402
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


def engine_match(db: Database, kind: str, entity_type: str, entity_id: int,
                 payload: dict) -> list[int]:
    matches = match_event(db, CLOCK, kind=kind, entity_type=entity_type, entity_id=entity_id,
                          payload=payload)
    return sorted(m.candidate.workflow_id for m in matches if m.holds)


def naive_match(db: Database, kind: str, entity_type: str, entity_id: int,
                payload: dict) -> list[int]:
    with db.read() as s:
        rows = s.execute(
            select(Workflow.id, WorkflowVersion.definition)
            .join(WorkflowVersion, (WorkflowVersion.workflow_id == Workflow.id)
                  & (WorkflowVersion.version == Workflow.current_version))
            .where(Workflow.enabled.is_(True))).all()
        root = record_table(entity_type)
        fired = []
        for workflow_id, document in rows:
            definition = parse_definition(json.dumps(document))
            if definition.record_type != entity_type:
                continue
            node = definition.conditions
            values = [value_sql(resolve(entity_type, c.field)) for c in comparisons(node)]
            holds = case((compile_sql(node, entity_type, today=TODAY), 1), else_=0)
            row = s.execute(select(holds, *values).where(root.c.id == entity_id)).one()
            if row[0] and definition.trigger.matches_event(kind, entity_type, payload):
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
        install_builtins(db, CLOCK)  # one rule watches the end of a built-in's runs
        for document in workflows():
            info = create_workflow(db, CLOCK, document)
            set_enabled(db, CLOCK, info.id, True)
        event = (EventKind.STATUS_CHANGED, "matter", args.matter,
                 {"changes": {"status": ["open", "closed"]}})
        fast, slow = engine_match(db, *event), naive_match(db, *event)
        assert fast == slow, (fast, slow)
        print(f"20 workflows activés ; événement « dossier n° {args.matter} clôturé » : "
              f"{len(fast)} workflows déclenchés ({', '.join(map(str, fast)) or 'aucun'})")

        def line(label: str, p50: float, p95: float, budget: bool = True) -> None:
            verdict = ("OK" if p95 <= 2 else "HORS BUDGET") if budget else ""
            print(f"{label:<44} p50 {p50:7.3f} ms   p95 {p95:7.3f} ms   {verdict}")

        e50, e95 = timed(lambda: engine_match(db, *event), args.runs)
        line("moteur : engine.match_event (budget 2 ms)", e50, e95)
        n50, n95 = timed(lambda: naive_match(db, *event), args.baseline_runs)
        line("naïf : JSON relu, SQL reconstruit", n50, n95, budget=False)
        print(f"rapports : naïf / moteur ×{n50 / e50:.1f} (p50), ×{n95 / e95:.1f} (p95)")
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
