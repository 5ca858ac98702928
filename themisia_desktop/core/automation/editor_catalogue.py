"""What the workflow editor's pickers offer: users, groups, document templates, workflows.

Loaded once (on a worker) when the editor opens and handed to the property panels, so the
panels hold no SQL. Everything is plain tuples, sorted the way the pickers show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models import FirmSetting, Group, User

__all__ = ["EMPTY_CATALOGUE", "EditorCatalogue", "load_catalogue"]


@dataclass(frozen=True)
class EditorCatalogue:
    users: tuple[tuple[int, str], ...]                  # active users (id, "Prénom Nom")
    groups: tuple[str, ...]                             # group names
    document_templates: tuple[tuple[str, str], ...]     # (template key, French title)
    workflows: tuple[tuple[int | str, str], ...]        # (id or built-in key, name)

    def user_name(self, user_id: int) -> str | None:
        return next((name for uid, name in self.users if uid == user_id), None)

    def workflow_name(self, key: int | str) -> str | None:
        return next((name for k, name in self.workflows if k == key), None)


EMPTY_CATALOGUE = EditorCatalogue((), (), (), ())


def _users(s: Session) -> tuple[tuple[int, str], ...]:
    rows = s.execute(select(User.id, User.first_name, User.last_name)
                     .where(User.is_active.is_(True))
                     .order_by(User.last_name, User.first_name, User.id))
    return tuple((uid, f"{first} {last}".strip()) for uid, first, last in rows)


def _groups(s: Session) -> tuple[str, ...]:
    return tuple(sorted(s.scalars(select(Group.name)), key=str.casefold))


def _store_root(s: Session, data_dir: Path | None) -> Path | None:
    """The firm's document store: the configured folder, else ``<data_dir>/documents``;
    unknown (None) when neither is given — then only the shipped templates are offered."""
    from themisia_desktop.core.documents.store import store_root_in

    row = s.get(FirmSetting, "document_store")
    configured = row is not None and str(row.value or "").strip()
    if not configured and data_dir is None:
        return None
    return store_root_in(s, data_dir or Path("."))


def _templates(store_root: Path | None) -> tuple[tuple[str, str], ...]:
    from themisia_desktop.core.documents.templates import list_templates

    out = []
    for ref in list_templates(store_root):
        title = ref.title if ref.origin == "default" else f"{ref.title} (modèle du cabinet)"
        out.append((ref.key, title))
    return tuple(out)


def _workflows(db: Database) -> tuple[tuple[int | str, str], ...]:
    """Built-in workflows by key (stable from one firm to another, as the shipped chains name
    them), under the firm's name for them when installed; then the firm's own by id."""
    from themisia_desktop.core.automation.builtins import load_builtins
    from themisia_desktop.core.automation.workflows import list_workflows

    installed = list_workflows(db)
    by_key = {w.builtin_key: w.name for w in installed if w.builtin_key}
    builtins, _problems = load_builtins()
    out: list[tuple[int | str, str]] = [
        (b.key, by_key.get(b.key, b.definition.name))
        for b in sorted(builtins, key=lambda b: by_key.get(b.key, b.definition.name).lower())]
    known = {b.key for b in builtins}
    out += [(w.id, w.name) for w in installed if w.builtin_key not in known]
    return tuple(out)


def load_catalogue(db: Database, *, data_dir: Path | None = None) -> EditorCatalogue:
    """The pickers' data. ``data_dir`` is the application's data folder (it locates the
    document store when the firm did not configure one)."""
    with db.read() as s:
        users, groups = _users(s), _groups(s)
        store_root = _store_root(s, data_dir)
    return EditorCatalogue(users=users, groups=groups,
                           document_templates=_templates(store_root),
                           workflows=_workflows(db))
