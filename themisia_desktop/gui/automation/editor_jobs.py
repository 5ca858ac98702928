"""What the workflow editor runs on its worker: loading, saving, enabling, files. Plain
functions over core services (no widget here); each returns plain data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from themisia_desktop.core.automation.checks import check_references
from themisia_desktop.core.automation.conditions import DefinitionError
from themisia_desktop.core.automation.workflows import (
    EXPORT_FORMAT,
    EXPORT_FORMAT_VERSION,
    create_workflow,
    get_workflow,
    import_workflow,
    save_version,
    set_enabled,
)


@dataclass(frozen=True)
class Loaded:
    workflow_id: int | None
    document: dict[str, Any]
    enabled: bool
    version: int | None


def load_catalogue(ctx: Any) -> Any:
    try:
        from themisia_desktop.core.automation.editor_catalogue import load_catalogue as load
    except ImportError:
        return None
    return load(ctx.db, data_dir=ctx.dirs.data)


def load_workflow(ctx: Any, workflow_id: int) -> Loaded:
    detail = get_workflow(ctx.db, workflow_id)
    return Loaded(workflow_id, detail.definition.to_json(), detail.info.enabled, detail.version)


def references(ctx: Any, document: dict[str, Any]) -> list[str]:
    return check_references(ctx.db, document, data_dir=ctx.dirs.data)


def save(ctx: Any, workflow_id: int | None, document: dict[str, Any]) -> Loaded:
    """A new workflow (version 1) or the next version of this one; refused (DefinitionError)
    when the document names users, groups, templates or workflows this firm lacks."""
    problems = references(ctx, document)
    if problems:
        raise DefinitionError(problems)
    user_id = ctx.current_user.id if ctx.current_user is not None else None
    if workflow_id is None:
        info = create_workflow(ctx.db, ctx.clock, document, user_id=user_id)
    else:
        info = save_version(ctx.db, ctx.clock, workflow_id, document, user_id=user_id)
    return Loaded(info.id, document, info.enabled, info.current_version)


def switch(ctx: Any, workflow_id: int, enabled: bool) -> bool:
    user_id = ctx.current_user.id if ctx.current_user is not None else None
    return set_enabled(ctx.db, ctx.clock, workflow_id, enabled, user_id=user_id,
                       data_dir=ctx.dirs.data).enabled


def export_to(path: Path, document: dict[str, Any]) -> Path:
    payload = {"format": EXPORT_FORMAT, "format_version": EXPORT_FORMAT_VERSION,
               "builtin_key": None, "workflow": document}
    Path(path).write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
    return Path(path)


def import_from(ctx: Any, path: Path) -> Loaded:
    """A valid export file becomes a new (disabled) workflow, opened in the editor; a file
    whose document has mistakes is opened unsaved, so they show on their nodes."""
    text = Path(path).read_text(encoding="utf-8")
    user_id = ctx.current_user.id if ctx.current_user is not None else None
    try:
        info = import_workflow(ctx.db, ctx.clock, text, user_id=user_id)
    except DefinitionError as exc:
        payload = json.loads(text) if exc.field != "file" else None
        document = payload.get("workflow") if isinstance(payload, dict) else None
        if not isinstance(document, dict):
            raise
        return Loaded(None, document, False, None)
    return load_workflow(ctx, info.id)
