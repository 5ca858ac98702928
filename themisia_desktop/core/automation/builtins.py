"""The built-in workflows shipped with Themisia (``resources/workflows/*.json``).

Each file is a workflow document (see :mod:`.definition`); its name without ``.json`` is the
workflow's ``builtin_key`` (the name ``start_workflow`` actions use to chain them).
:func:`install_builtins` is called when a firm is created (and by the demo generator):

* a missing built-in is created **disabled** (the firm switches on what it wants);
* installing again changes nothing when the files did not change (idempotent);
* when a shipped file changed, a new version is saved — but only for a workflow the firm has
  not edited. The installer saves its versions with no author (``created_by_id`` NULL), while
  every save from the application names the user who made it. So a workflow whose current
  version has an author was edited by the firm and is left alone (document, name and on/off
  state); one whose current version has no author is still the shipped one and follows the
  shipped file. The on/off switch is never touched: switching a built-in on is not an edit of
  its document, and an upgrade keeps it on;
* a built-in the firm deleted is not known any more and is created again (disabled) by the
  next installation — the installer is meant for firm creation, not for every start-up;
* if a workflow of the firm already uses a built-in's name, the built-in gets « (2) »…

A shipped file that does not parse (a bug caught by the tests) is reported in the summary and
skipped, so a firm can still be created.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.definition import (
    DefinitionError,
    WorkflowDefinition,
    parse_definition,
)
from themisia_desktop.core.automation.workflows import (
    create_workflow_in,
    find_by_builtin_key_in,
    save_version_in,
)
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models import Workflow, WorkflowVersion
from themisia_desktop.core.paths import resources_dir

log = logging.getLogger(__name__)

__all__ = ["BuiltinTemplate", "InstallSummary", "builtins_dir", "install_builtins",
           "install_builtins_in", "load_builtins"]


@dataclass(frozen=True)
class BuiltinTemplate:
    key: str
    path: Path
    definition: WorkflowDefinition

    @property
    def document(self) -> dict[str, Any]:
        """The normalised document, as it is stored in a workflow version."""
        return self.definition.to_json()


@dataclass(frozen=True)
class InstallSummary:
    created: tuple[str, ...] = ()     # built-in keys
    updated: tuple[str, ...] = ()     # a new version from a changed file
    unchanged: tuple[str, ...] = ()
    kept_edited: tuple[str, ...] = ()  # edited by the firm: left as they are
    problems: tuple[str, ...] = ()     # French: files that could not be read

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def builtins_dir() -> Path:
    return resources_dir() / "workflows"


def load_builtins(directory: Path | None = None) -> tuple[list[BuiltinTemplate], list[str]]:
    """The shipped templates, by key, and a French line for each file that does not parse."""
    directory = directory or builtins_dir()
    found: list[BuiltinTemplate] = []
    problems: list[str] = []
    for path in sorted(directory.glob("*.json")):
        try:
            definition = parse_definition(path.read_text(encoding="utf-8"))
        except DefinitionError as exc:
            problems.append(f"Modèle {path.name} : {' ; '.join(exc.errors)}")
            continue
        except OSError as exc:
            problems.append(f"Modèle {path.name} illisible : {exc.strerror or exc}")
            continue
        found.append(BuiltinTemplate(path.stem, path, definition))
    return found, problems


def _same_document(stored: dict[str, Any], shipped: dict[str, Any]) -> bool:
    """The stored document is the shipped one (its name may carry a « (2) » suffix)."""
    def rest(doc: dict[str, Any]) -> str:
        return json.dumps({k: v for k, v in doc.items() if k != "name"}, sort_keys=True)

    name, shipped_name = str(stored.get("name", "")), shipped["name"]
    same_name = name == shipped_name or (name.startswith(shipped_name[:180] + " (")
                                         and name.endswith(")"))
    return same_name and rest(stored) == rest(shipped)


def _free_name(session: Session, name: str, except_id: int | None = None) -> str:
    def taken(candidate: str) -> bool:
        query = select(Workflow.id).where(func.lower(Workflow.name) == func.lower(candidate))
        if except_id is not None:
            query = query.where(Workflow.id != except_id)
        return session.scalar(query) is not None

    n, candidate = 2, name
    while taken(candidate):
        suffix = f" ({n})"
        candidate = name[:200 - len(suffix)] + suffix
        n += 1
    return candidate


def _no_template_check(_text: str, _fields: Any) -> list[str]:
    return []  # already checked by load_builtins


def install_builtins_in(session: Session, clock: Clock, *,
                        directory: Path | None = None) -> InstallSummary:
    """:func:`install_builtins` inside the caller's transaction."""
    templates, problems = load_builtins(directory)
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    kept: list[str] = []
    for tpl in templates:
        shipped = tpl.document
        workflow_id = find_by_builtin_key_in(session, tpl.key)
        if workflow_id is None:
            doc = replace(tpl.definition, name=_free_name(session, tpl.definition.name))
            create_workflow_in(session, clock, doc, enabled=False, builtin_key=tpl.key,
                               check_template=_no_template_check)
            created.append(tpl.key)
            continue
        wf = session.get(Workflow, workflow_id)
        current = session.scalar(select(WorkflowVersion).where(
            WorkflowVersion.workflow_id == wf.id, WorkflowVersion.version == wf.current_version))
        stored = dict(current.definition) if current is not None else {}
        if current is not None and current.created_by_id is not None:
            kept.append(tpl.key)
            continue
        if _same_document(stored, shipped):
            unchanged.append(tpl.key)
            continue
        doc = replace(tpl.definition,
                      name=_free_name(session, tpl.definition.name, except_id=wf.id))
        save_version_in(session, clock, wf.id, doc, check_template=_no_template_check)
        updated.append(tpl.key)
    for line in problems:
        log.warning("built-in workflow skipped: %s", line)
    return InstallSummary(tuple(created), tuple(updated), tuple(unchanged), tuple(kept),
                          tuple(problems))


def install_builtins(db: Database, clock: Clock, *,
                     directory: Path | None = None) -> InstallSummary:
    """Create the missing built-in workflows (disabled) and bring the untouched ones up to date
    with the shipped files, in one transaction. Safe to call again."""
    with db.write() as s:
        return install_builtins_in(s, clock, directory=directory)
