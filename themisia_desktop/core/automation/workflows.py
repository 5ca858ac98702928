"""Saving, listing, enabling, exporting and importing workflows.

Each save is a new :class:`WorkflowVersion` (the document, validated) and bumps the
workflow's ``current_version``; runs name the version they ran, so older versions stay
readable. The workflow row keeps what lists and the engine need without opening the document:
name, description, ``trigger_kind``, ``enabled`` (outside the versioned document).

Export file (JSON, UTF-8)::

    {"format": "themisia-workflow", "format_version": 1, "builtin_key": null,
     "workflow": <the document, see .definition>}

An imported workflow is always created disabled; if its name is taken, it gets the first
free « (2) », « (3) »… suffix, so importing the same file twice never overwrites anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.definition import (
    DefinitionError,
    TemplateChecker,
    WorkflowDefinition,
    parse_definition,
)
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.models import Workflow, WorkflowVersion
from themisia_desktop.core.text import fold

EXPORT_FORMAT = "themisia-workflow"
EXPORT_FORMAT_VERSION = 1


@dataclass(frozen=True)
class WorkflowInfo:
    id: int
    name: str
    description: str
    enabled: bool
    current_version: int
    builtin_key: str | None
    trigger_kind: str
    record_type: str
    updated_at: datetime


@dataclass(frozen=True)
class WorkflowDetail:
    info: WorkflowInfo
    version: int
    definition: WorkflowDefinition
    saved_at: datetime
    saved_by_id: int | None


@dataclass(frozen=True)
class VersionInfo:
    version: int
    saved_at: datetime
    saved_by_id: int | None
    name: str


def _definition(data: WorkflowDefinition | dict[str, Any] | str,
                check_template: TemplateChecker | None) -> WorkflowDefinition:
    if isinstance(data, WorkflowDefinition):
        # Re-checked from its JSON form: a hand-built object gets the same checks as a file.
        data = data.to_json()
    return parse_definition(data, check_template=check_template)


def _current_definition(session: Session, wf: Workflow) -> WorkflowVersion:
    row = session.scalar(select(WorkflowVersion).where(
        WorkflowVersion.workflow_id == wf.id, WorkflowVersion.version == wf.current_version))
    if row is None:
        raise NotFoundError("La version courante de ce workflow est introuvable.")
    return row


def _info(wf: Workflow, record_type: str) -> WorkflowInfo:
    return WorkflowInfo(id=wf.id, name=wf.name, description=wf.description or "",
                        enabled=wf.enabled, current_version=wf.current_version,
                        builtin_key=wf.builtin_key, trigger_kind=wf.trigger_kind,
                        record_type=record_type, updated_at=wf.updated_at)


def _name_taken(session: Session, name: str, except_id: int | None = None) -> bool:
    """Whether another workflow has this name, ignoring case and accents (« Échéance » and
    « echeance » clash). Compared in Python: databases lower-case differently (SQLite only
    ASCII letters), and a firm has few workflows."""
    wanted = fold(name)
    query = select(Workflow.name)
    if except_id is not None:
        query = query.where(Workflow.id != except_id)
    return any(fold(other) == wanted for other in session.scalars(query))


def _get(session: Session, workflow_id: int) -> Workflow:
    wf = session.get(Workflow, workflow_id)
    if wf is None:
        raise NotFoundError("Ce workflow n'existe pas (ou plus).")
    return wf


# -- writing --------------------------------------------------------------------------------
def create_workflow_in(session: Session, clock: Clock,
                       definition: WorkflowDefinition | dict[str, Any] | str, *,
                       enabled: bool = False, builtin_key: str | None = None,
                       user_id: int | None = None,
                       check_template: TemplateChecker | None = None) -> WorkflowInfo:
    doc = _definition(definition, check_template)
    if _name_taken(session, doc.name):
        raise ValidationError("Un workflow porte déjà ce nom.", field="name")
    now = clock.now()
    wf = Workflow(name=doc.name, description=doc.description, enabled=enabled, current_version=1,
                  builtin_key=builtin_key, trigger_kind=doc.trigger.kind, created_at=now,
                  updated_at=now)
    session.add(wf)
    session.flush()
    session.add(WorkflowVersion(workflow_id=wf.id, version=1, definition=doc.to_json(),
                                created_at=now, created_by_id=user_id))
    session.flush()
    return _info(wf, doc.record_type)


def create_workflow(db: Database, clock: Clock,
                    definition: WorkflowDefinition | dict[str, Any] | str, *,
                    enabled: bool = False, builtin_key: str | None = None,
                    user_id: int | None = None,
                    check_template: TemplateChecker | None = None) -> WorkflowInfo:
    """A new workflow from a document (version 1). Raises DefinitionError listing every
    mistake, or ValidationError(field="name") if the name is taken."""
    with db.write() as s:
        return create_workflow_in(s, clock, definition, enabled=enabled, builtin_key=builtin_key,
                                  user_id=user_id, check_template=check_template)


def save_version_in(session: Session, clock: Clock, workflow_id: int,
                    definition: WorkflowDefinition | dict[str, Any] | str, *,
                    user_id: int | None = None,
                    check_template: TemplateChecker | None = None) -> WorkflowInfo:
    wf = _get(session, workflow_id)
    doc = _definition(definition, check_template)
    if _name_taken(session, doc.name, except_id=wf.id):
        raise ValidationError("Un workflow porte déjà ce nom.", field="name")
    now = clock.now()
    wf.current_version += 1
    wf.name, wf.description, wf.trigger_kind, wf.updated_at = (
        doc.name, doc.description, doc.trigger.kind, now)
    session.add(WorkflowVersion(workflow_id=wf.id, version=wf.current_version,
                                definition=doc.to_json(), created_at=now, created_by_id=user_id))
    session.flush()
    return _info(wf, doc.record_type)


def save_version(db: Database, clock: Clock, workflow_id: int,
                 definition: WorkflowDefinition | dict[str, Any] | str, *,
                 user_id: int | None = None,
                 check_template: TemplateChecker | None = None) -> WorkflowInfo:
    """Save a changed document as the next version (the previous ones are kept)."""
    with db.write() as s:
        return save_version_in(s, clock, workflow_id, definition, user_id=user_id,
                               check_template=check_template)


def set_enabled(db: Database, clock: Clock, workflow_id: int, enabled: bool, *,
                user_id: int | None = None, data_dir: Path | None = None) -> WorkflowInfo:
    """Switch a workflow on or off (not a new version). Switching on is refused while the
    workflow names a user, group, template or workflow that no longer exists (``data_dir``
    locates the firm's document templates when no store is configured)."""
    with db.write() as s:
        wf = _get(s, workflow_id)
        if enabled and not wf.enabled:
            from themisia_desktop.core.automation.checks import check_references_in

            problems = check_references_in(s, _current_definition(s, wf).definition,
                                           data_dir=data_dir)
            if problems:
                raise DefinitionError(problems)
        wf.enabled = bool(enabled)
        wf.updated_at = clock.now()
        record = _current_definition(s, wf).definition.get("trigger", {}).get("record", "")
        return _info(wf, record)


# -- reading --------------------------------------------------------------------------------
def get_workflow_in(session: Session, workflow_id: int, *,
                    version: int | None = None) -> WorkflowDetail:
    wf = _get(session, workflow_id)
    if version is None:
        row = _current_definition(session, wf)
    else:
        row = session.scalar(select(WorkflowVersion).where(
            WorkflowVersion.workflow_id == wf.id, WorkflowVersion.version == version))
        if row is None:
            raise NotFoundError(f"Ce workflow n'a pas de version {version}.")
    # Stored documents were valid when saved; templates are not re-checked on reading.
    doc = parse_definition(row.definition, check_template=lambda _text, _fields: [])
    return WorkflowDetail(info=_info(wf, doc.record_type), version=row.version, definition=doc,
                          saved_at=row.created_at, saved_by_id=row.created_by_id)


def get_workflow(db: Database, workflow_id: int, *, version: int | None = None) -> WorkflowDetail:
    """The workflow and its current (or given) version's document."""
    with db.read() as s:
        return get_workflow_in(s, workflow_id, version=version)


def list_workflows_in(session: Session, *, enabled_only: bool = False) -> list[WorkflowInfo]:
    query = (select(Workflow, WorkflowVersion.definition)
             .join(WorkflowVersion, (WorkflowVersion.workflow_id == Workflow.id)
                   & (WorkflowVersion.version == Workflow.current_version))
             .order_by(Workflow.name, Workflow.id))
    if enabled_only:
        query = query.where(Workflow.enabled.is_(True))
    return [_info(wf, (doc or {}).get("trigger", {}).get("record", ""))
            for wf, doc in session.execute(query)]


def list_workflows(db: Database, *, enabled_only: bool = False) -> list[WorkflowInfo]:
    """Every workflow, by name (the engine asks for the enabled ones)."""
    with db.read() as s:
        return list_workflows_in(s, enabled_only=enabled_only)


def list_versions(db: Database, workflow_id: int) -> list[VersionInfo]:
    """The saved versions of a workflow, newest first."""
    with db.read() as s:
        _get(s, workflow_id)
        rows = s.scalars(select(WorkflowVersion).where(WorkflowVersion.workflow_id == workflow_id)
                         .order_by(WorkflowVersion.version.desc()))
        return [VersionInfo(r.version, r.created_at, r.created_by_id,
                            (r.definition or {}).get("name", "")) for r in rows]


def find_by_builtin_key_in(session: Session, key: str) -> int | None:
    return session.scalar(select(Workflow.id).where(Workflow.builtin_key == key))


# -- files ----------------------------------------------------------------------------------
def export_workflow(db: Database, workflow_id: int) -> str:
    """The current version as the text of an export file."""
    detail = get_workflow(db, workflow_id)
    payload = {"format": EXPORT_FORMAT, "format_version": EXPORT_FORMAT_VERSION,
               "builtin_key": detail.info.builtin_key, "workflow": detail.definition.to_json()}
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _free_name(session: Session, name: str) -> str:
    if not _name_taken(session, name):
        return name
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = name[:200 - len(suffix)] + suffix
        if not _name_taken(session, candidate):
            return candidate
        n += 1


def import_workflow(db: Database, clock: Clock, text: str, *, user_id: int | None = None,
                    check_template: TemplateChecker | None = None) -> WorkflowInfo:
    """Create a (disabled) workflow from an export file's text. A taken name gets a « (2) »
    suffix; a built-in key already present is dropped (the copy is a plain workflow)."""
    try:
        payload = json.loads(text)
    except ValueError:
        raise DefinitionError(["Le fichier n'est pas un document JSON valide"], field="file") \
            from None
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise DefinitionError(["Ce fichier n'est pas un workflow Themisia exporté"], field="file")
    version = payload.get("format_version")
    if not isinstance(version, int) or version > EXPORT_FORMAT_VERSION:
        raise DefinitionError(["Ce fichier vient d'une version plus récente de Themisia ; "
                               "mettez l'application à jour"], field="file")
    doc = parse_definition(payload.get("workflow"), check_template=check_template)
    key = payload.get("builtin_key")
    with db.write() as s:
        doc = replace(doc, name=_free_name(s, doc.name))
        if not isinstance(key, str) or find_by_builtin_key_in(s, key) is not None:
            key = None
        return create_workflow_in(s, clock, doc, enabled=False, builtin_key=key, user_id=user_id,
                                  check_template=lambda _text, _fields: [])
