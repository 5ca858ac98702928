"""Command-line actions on the automation engine (called by ``themisia-admin``).

``workflows list|import|export|enable|disable|dry-run``, ``sweep [--now]`` and ``runs``. Each
function takes the AppContext and the parsed values, prints French lines and returns the
process exit code: 0 all good, 1 refused (unknown workflow, invalid file — nothing changed),
3 the sweep ran but some rules or actions failed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import asdict, is_dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from themisia_desktop.core.automation.definition import (
    ACTION_TYPES,
    TRIGGER_KINDS,
    DefinitionError,
)
from themisia_desktop.core.automation.fields import RECORD_TYPES
from themisia_desktop.core.automation.workflows import (
    EXPORT_FORMAT,
    EXPORT_FORMAT_VERSION,
    WorkflowInfo,
    export_workflow,
    get_workflow,
    import_workflow,
    list_workflows,
    set_enabled,
)
from themisia_desktop.core.clock import PARIS, FixedClock
from themisia_desktop.core.errors import ThemisiaError
from themisia_desktop.core.firm.users import list_users
from themisia_desktop.core.models.enums import RunOutcome
from themisia_desktop.core.notify.formatting import date_heure

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_SOME_FAILED = 3


# -- small helpers --------------------------------------------------------------------------
def _user_id(ctx) -> int | None:  # noqa: ANN001 - AppContext
    user = getattr(ctx, "current_user", None)
    return user.id if user is not None else None


def _jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _outcome_label(value: str | None) -> str:
    try:
        return RunOutcome(value).label
    except ValueError:
        return str(value)


def _record_label(key: str | None) -> str:
    rt = RECORD_TYPES.get(key or "")
    return rt.label if rt is not None else (key or "—")


def _entity(entity_type: str | None, entity_id: int | None) -> str:
    if entity_type is None:
        return "—"
    return f"{_record_label(entity_type).lower()} n° {entity_id}"


def _state(enabled: bool) -> str:
    return "activé" if enabled else "désactivé"


def _refuse(err: TextIO, exc: Exception) -> int:
    if isinstance(exc, DefinitionError):
        print("Erreur : ce workflow n'est pas valide :", file=err)
        for line in exc.errors:
            print(f"  - {line}", file=err)
    else:
        print(f"Erreur : {exc}", file=err)
    return EXIT_REFUSED


def _names(ctx) -> dict[int, str]:  # noqa: ANN001
    return {w.id: w.name for w in list_workflows(ctx.db)}


# -- workflows ------------------------------------------------------------------------------
def _info_json(w: WorkflowInfo) -> dict[str, Any]:
    return {"id": w.id, "name": w.name, "description": w.description, "enabled": w.enabled,
            "version": w.current_version, "builtin_key": w.builtin_key,
            "trigger_kind": w.trigger_kind, "record_type": w.record_type,
            "updated_at": w.updated_at.isoformat()}


def workflows_list(ctx, json_out: bool = False, *, out: TextIO | None = None) -> int:  # noqa: ANN001
    """Every workflow: number, on/off, trigger, record type, version, name."""
    out = out or sys.stdout
    items = list_workflows(ctx.db)
    if json_out:
        print(json.dumps([_info_json(w) for w in items], ensure_ascii=False, indent=2), file=out)
        return EXIT_OK
    if not items:
        print("Aucun workflow.", file=out)
        return EXIT_OK
    print(f"{'N°':>4}  {'État':<10}  {'Déclencheur':<14}  {'Sur':<22}  {'Vers.':>5}  Nom",
          file=out)
    for w in items:
        trigger = TRIGGER_KINDS.get(w.trigger_kind, w.trigger_kind)
        line = (f"{w.id:>4}  {_state(w.enabled):<10}  {trigger:<14}  "
                f"{_record_label(w.record_type):<22}  {w.current_version:>5}  {w.name}")
        if w.builtin_key:
            line += f"  [modèle : {w.builtin_key}]"
        print(line, file=out)
    enabled = sum(w.enabled for w in items)
    print(f"{len(items)} workflow{'s' if len(items) > 1 else ''}, dont {enabled} "
          f"activé{'s' if enabled > 1 else ''}.", file=out)
    return EXIT_OK


def _as_export_text(text: str) -> str:
    """An export file as is; a bare workflow document (such as a shipped template) is wrapped
    in the export format so both can be imported."""
    try:
        data = json.loads(text)
    except ValueError:
        return text  # import_workflow says it is not JSON
    if isinstance(data, dict) and "format" not in data and "trigger" in data:
        return json.dumps({"format": EXPORT_FORMAT, "format_version": EXPORT_FORMAT_VERSION,
                           "builtin_key": None, "workflow": data}, ensure_ascii=False)
    return text


def workflows_import(ctx, path: str | Path, *, out: TextIO | None = None,  # noqa: ANN001
                     err: TextIO | None = None) -> int:
    """Import a workflow file (always created disabled)."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"Erreur : impossible de lire {path} ({getattr(exc, 'strerror', None) or exc}).",
              file=err)
        return EXIT_REFUSED
    try:
        info = import_workflow(ctx.db, ctx.clock, _as_export_text(text), user_id=_user_id(ctx))
    except (DefinitionError, ThemisiaError) as exc:
        return _refuse(err, exc)
    print(f"Workflow importé : n° {info.id} « {info.name} » (désactivé ; "
          f"« workflows enable {info.id} » pour l'activer).", file=out)
    return EXIT_OK


def workflows_export(ctx, workflow_id: int, path: str | Path | None = None, *,  # noqa: ANN001
                     out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Write the current version to ``path`` (standard output when None or « - »)."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        text = export_workflow(ctx.db, workflow_id)
    except ThemisiaError as exc:
        return _refuse(err, exc)
    if path is None or str(path) == "-":
        out.write(text)
        return EXIT_OK
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"Erreur : impossible d'écrire {path} ({exc.strerror or exc}).", file=err)
        return EXIT_REFUSED
    print(f"Workflow n° {workflow_id} exporté dans {path}.", file=out)
    return EXIT_OK


def _switch(ctx, workflow_id: int, enabled: bool, out: TextIO | None,  # noqa: ANN001
            err: TextIO | None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        info = set_enabled(ctx.db, ctx.clock, workflow_id, enabled, user_id=_user_id(ctx),
                           data_dir=ctx.dirs.data)
    except ThemisiaError as exc:
        return _refuse(err, exc)
    print(f"Workflow n° {info.id} « {info.name} » {_state(info.enabled)}.", file=out)
    return EXIT_OK


def workflows_enable(ctx, workflow_id: int, *, out: TextIO | None = None,  # noqa: ANN001
                     err: TextIO | None = None) -> int:
    return _switch(ctx, workflow_id, True, out, err)


def workflows_disable(ctx, workflow_id: int, *, out: TextIO | None = None,  # noqa: ANN001
                      err: TextIO | None = None) -> int:
    return _switch(ctx, workflow_id, False, out, err)


def _day(iso: Any) -> str:
    try:
        return date.fromisoformat(str(iso)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(iso)


class _Names:
    """User and workflow names for the lines of a dry run."""

    def __init__(self, ctx) -> None:  # noqa: ANN001
        self.users = {u.id: f"{u.first_name} {u.last_name}"
                      for u in list_users(ctx.db, include_inactive=True)}
        self.workflows = _names(ctx)

    def people(self, ids: Any) -> str:
        ids = [i for i in (ids or []) if i]
        return ", ".join(self.users.get(i, f"utilisateur n° {i}") for i in ids) or "personne"


def _describe_action(entry: Any, names: _Names) -> list[str]:
    """French lines for one action of a (dry) run, as the engine describes it; the actions of
    a started workflow follow, indented."""
    if not isinstance(entry, dict):
        return [str(entry)]
    kind = entry.get("action") or entry.get("type") or "action"
    label = ACTION_TYPES.get(kind, kind)
    if "error" in entry:
        return [f"{label} : erreur — {entry['error']}"]
    what = next((v for k, v in entry.items() if k != "action" and isinstance(v, dict)), {})
    if kind == "create_task":
        line = (f"{label} « {what.get('title')} » pour {names.people(what.get('assignee_ids'))}"
                f", à faire le {_day(what.get('due_on'))}")
    elif kind == "create_appointment":
        line = (f"{label} « {what.get('title')} » le {_day(what.get('starts_at'))} "
                f"(participants : {names.people(what.get('attendee_ids'))})")
    elif kind == "create_document":
        line = f"{label} « {what.get('title')} » (modèle {what.get('template')})"
    elif kind == "set_field":
        line = (f"{label} : {what.get('label', what.get('field'))} "
                f"{what.get('from')!s} → {what.get('to')!s}")
    elif kind == "notify":
        channels = " et ".join({"popup": "notification", "email": "e-mail"}.get(c, c)
                               for c in what.get("channels", []))
        line = (f"{label} ({channels}) {names.people(what.get('user_ids'))} : "
                f"« {what.get('subject')} »")
    elif kind == "schedule":
        inner = what.get("action") or {}
        line = (f"{label} au {_day(what.get('due_on'))} : "
                f"{ACTION_TYPES.get(inner.get('type'), inner.get('type'))}"
                + (f" « {inner['title']} »" if inner.get("title") else ""))
    elif kind == "start_workflow" and entry.get("outcome") == "skipped":
        line = f"{label} : {entry.get('message') or what.get('message')}"
    elif kind == "start_workflow":
        target = what.get("workflow_id")
        line = (f"{label} « {names.workflows.get(target, f'n° {target}')} » "
                f"({_outcome_label(what.get('outcome')).lower()})")
        nested = [f"  {sub}" for a in what.get("actions") or []
                  for sub in _describe_action(a, names)]
        return [line, *nested]
    else:
        line = label
    return [line]


def _runs_of(result: Any) -> Iterable[Any]:
    runs = getattr(result, "runs", result)
    return runs if isinstance(runs, list | tuple) else [runs]


def workflows_dry_run(ctx, workflow_id: int, *, out: TextIO | None = None,  # noqa: ANN001
                      err: TextIO | None = None) -> int:
    """What the workflow would do today, without changing anything."""
    from themisia_desktop.core.automation.dry_run import dry_run

    out, err = out or sys.stdout, err or sys.stderr
    try:
        detail = get_workflow(ctx.db, workflow_id)
        result = dry_run(ctx.db, ctx.clock, workflow_id)
    except (DefinitionError, ThemisiaError) as exc:
        return _refuse(err, exc)
    runs = list(_runs_of(result))
    print(f"Simulation de « {detail.info.name} » au {ctx.clock.today():%d/%m/%Y} "
          f"(rien n'est modifié) :", file=out)
    if not runs:
        print("Aucun enregistrement ne déclencherait ce workflow aujourd'hui.", file=out)
        return EXIT_OK
    would_act = 0
    names = _Names(ctx)
    for run in runs:
        outcome = getattr(run, "outcome", None)
        entity = _entity(getattr(run, "entity_type", None), getattr(run, "entity_id", None))
        print(f"- {entity} : {_outcome_label(outcome)}", file=out)
        actions = list(getattr(run, "actions", None) or [])
        would_act += bool(actions) and outcome == RunOutcome.SUCCEEDED
        for action in actions:
            for line in _describe_action(action, names):
                depth = len(line) - len(line.lstrip(" "))
                print(f"    {' ' * depth}→ {line.lstrip(' ')}", file=out)
        error = getattr(run, "error", None)
        if error and outcome != RunOutcome.SUCCEEDED:
            print(f"    {error}", file=out)
    print(f"{len(runs)} enregistrement{'s' if len(runs) > 1 else ''} examiné"
          f"{'s' if len(runs) > 1 else ''}, {would_act} déclencherai"
          f"{'en' if would_act > 1 else ''}t des actions.", file=out)
    return EXIT_OK


# -- sweep and runs -------------------------------------------------------------------------
def _clock_for(ctx, now: datetime | None):  # noqa: ANN001, ANN202
    if now is None:
        return ctx.clock
    if now.tzinfo is None:  # a time typed by a person is Paris time
        now = now.replace(tzinfo=PARIS)
    return FixedClock(now.astimezone(timezone.utc))


def sweep(ctx, now: datetime | None = None, *, out: TextIO | None = None,  # noqa: ANN001
          err: TextIO | None = None) -> int:
    """Run the sweep once (as if at ``now``), then process the pending events."""
    from themisia_desktop.core.automation.sweep import sweep as run_sweep

    out, err = out or sys.stdout, err or sys.stderr
    clock = _clock_for(ctx, now)
    summary = run_sweep(ctx.db, clock)
    names = _names(ctx)
    print(f"Balayage du {date_heure(summary.started_at)} : {summary.workflows} règle"
          f"{'s' if summary.workflows > 1 else ''} surveillée{'s' if summary.workflows > 1 else ''}.",
          file=out)
    print(f"Déclenchements : {len(summary.fired)}", file=out)
    for f in summary.fired:
        line = (f"  - {names.get(f.workflow_id, f'workflow n° {f.workflow_id}')} → "
                f"{_entity(f.entity_type, f.entity_id)} : {_outcome_label(f.outcome)}")
        if f.late_days:
            line += f" (en retard de {f.late_days} jour{'s' if f.late_days > 1 else ''})"
        print(line, file=out)
    if summary.rearmed:
        print(f"Seuils réarmés : {summary.rearmed}", file=out)
    print(f"Actions différées exécutées : {len(summary.scheduled_done)}", file=out)
    events = summary.events
    if events is not None:
        processed = getattr(events, "processed", None)
        runs = getattr(events, "runs", None)
        line = f"Événements traités : {processed if processed is not None else '?'}"
        if isinstance(runs, int) and runs:
            line += f" ({runs} exécution{'s' if runs > 1 else ''} de workflow)"
        print(line, file=out)
        for problem in getattr(events, "errors", ()) or ():
            print(f"Erreur : {problem}", file=err)
    for problem in summary.errors:
        print(f"Erreur : {problem}", file=err)
    failed = bool(summary.errors) or bool(getattr(events, "errors", ()))
    return EXIT_SOME_FAILED if failed else EXIT_OK


def runs(ctx, json_out: bool = False, limit: int = 50, *,  # noqa: ANN001
         out: TextIO | None = None) -> int:
    """The latest workflow runs, newest first."""
    from themisia_desktop.core.automation.traces import list_runs

    out = out or sys.stdout
    items = list_runs(ctx.db, limit=limit)
    if json_out:
        print(json.dumps(_jsonable(list(items)), ensure_ascii=False, indent=2), file=out)
        return EXIT_OK
    if not items:
        print("Aucune exécution de workflow.", file=out)
        return EXIT_OK
    for r in items:
        name = r.workflow_name or "workflow supprimé"
        print(f"n° {r.id}  {date_heure(r.started_at)}  {r.outcome_label:<24}  {name} → "
              f"{_entity(r.entity_type, r.entity_id)}", file=out)
        if r.summary:
            print(f"        {r.summary}", file=out)
    return EXIT_OK
