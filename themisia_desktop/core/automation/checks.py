"""What a workflow document names must exist in this firm's base.

:func:`.definition.parse_definition` checks the shape of a document; these checks look at
the data it points to: users named by id exist and are active, groups exist, document
templates exist, workflows to start (or watched) exist. Messages are worded like parse errors
(« Action 1 : l'utilisateur n° 9 n'existe pas ») so the editor shows them on their node.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.models import FirmSetting, Group, User, Workflow

__all__ = ["check_references", "check_references_in"]


class _Checker:
    def __init__(self, session: Session, data_dir: Path | None) -> None:
        self.s = session
        self.data_dir = data_dir
        self.errors: list[str] = []
        self._templates: list[Any] | None = None

    def who(self, where: str, assignee: Any) -> None:
        if not isinstance(assignee, dict) or len(assignee) != 1:
            return
        (kind, value), = assignee.items()
        if kind == "user" and isinstance(value, int) and not isinstance(value, bool):
            user = self.s.get(User, value)
            if user is None:
                self.errors.append(f"{where} : l'utilisateur n° {value} n'existe pas")
            elif not user.is_active:
                self.errors.append(f"{where} : l'utilisateur {user.full_name} (n° {value}) "
                                   "est désactivé")
        elif kind == "group" and isinstance(value, str) and value.strip():
            found = self.s.scalar(select(Group.id).where(
                func.lower(Group.name) == value.strip().lower()))
            if found is None:
                self.errors.append(f"{where} : le groupe « {value.strip()} » n'existe pas")

    def templates(self) -> list[Any]:
        if self._templates is None:
            from themisia_desktop.core.documents.store import store_root_in
            from themisia_desktop.core.documents.templates import list_templates

            row = self.s.get(FirmSetting, "document_store")
            configured = row is not None and str(row.value or "").strip()
            root = store_root_in(self.s, self.data_dir or Path(".")) \
                if configured or self.data_dir is not None else None
            self._templates = list_templates(root)
        return self._templates

    def template(self, where: str, name: Any) -> None:
        if not isinstance(name, str) or not name.strip():
            return
        wanted = name.strip().lower()
        if not any(wanted in (t.key.lower(), t.name.lower(), t.title.lower())
                   for t in self.templates()):
            self.errors.append(f"{where} : le modèle de document « {name.strip()} » est "
                               "introuvable")

    def workflow(self, where: str, target: Any) -> None:
        if isinstance(target, bool):
            return
        if isinstance(target, int):
            if self.s.get(Workflow, target) is None:
                self.errors.append(f"{where} : le workflow n° {target} n'existe pas")
        elif isinstance(target, str) and target.strip():
            found = self.s.scalar(select(Workflow.id).where(Workflow.builtin_key == target))
            if found is None:
                self.errors.append(f"{where} : le workflow « {target} » n'est pas installé "
                                   "dans ce cabinet")

    def action(self, where: str, data: Any) -> None:
        if not isinstance(data, dict):
            return
        t = data.get("type")
        if t == "create_task":
            self.who(where, data.get("assignee"))
        elif t in ("create_appointment", "notify"):
            people = data.get("attendees" if t == "create_appointment" else "recipients")
            for assignee in people if isinstance(people, list) else []:
                self.who(where, assignee)
        elif t == "create_document":
            self.template(where, data.get("template"))
        elif t == "start_workflow":
            self.workflow(where, data.get("workflow"))
        elif t == "schedule":
            self.action(f"{where} (action différée)", data.get("action"))


def check_references_in(session: Session, doc: dict[str, Any], *,
                        data_dir: Path | None = None) -> list[str]:
    """French problems with what ``doc`` names (empty when all is found). ``data_dir`` locates
    the firm's document store when the firm did not configure one."""
    if not isinstance(doc, dict):
        return []
    checker = _Checker(session, data_dir)
    trigger = doc.get("trigger")
    if isinstance(trigger, dict) and trigger.get("kind") == "validated" \
            and trigger.get("workflow") is not None:
        checker.workflow("Déclencheur", trigger["workflow"])
    actions = doc.get("actions")
    for n, action in enumerate(actions if isinstance(actions, list) else [], 1):
        checker.action(f"Action {n}", action)
    return checker.errors


def check_references(db: Database, doc: dict[str, Any], *,
                     data_dir: Path | None = None) -> list[str]:
    with db.read() as s:
        return check_references_in(s, doc, data_dir=data_dir)
