"""The workflow document seen as a graph, for the visual editor (no Qt here).

A :class:`WorkflowGraph` is an immutable view over the document of :mod:`.definition`:
trigger → condition tree (a root group all/any/not holding comparisons; no node when there
is no condition) → action 1 → action 2 → … Every edit returns a new graph; the document stays
the source of truth (:meth:`WorkflowGraph.to_document` gives it back key for key).

Node ids are readable and follow the document: ``trigger``, ``cond`` (the root condition),
``cond/0/1`` (second child of the first child), ``action/2`` (third action). A node added from
the palette is a draft (``draft/1``) until it is connected: it is kept in the editor, not in
the document, and reported as an error so a workflow with loose pieces cannot be saved.

A « not » group holds one condition; given several, it means « none of them »
(``{"not": {"any": [...]}}``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from collections.abc import Mapping

from themisia_desktop.core.automation.conditions import DefinitionError
from themisia_desktop.core.automation.definition import (
    ACTION_TYPES,
    ROLES,
    TRIGGER_KINDS,
    TemplateChecker,
    parse_definition,
)
from themisia_desktop.core.automation.fields import FieldType, UnknownField, record_type, resolve
from themisia_desktop.core.money import format_eur

__all__ = ["DETACHED_ACTION", "DETACHED_CONDITION", "GraphEdge", "GraphEditError", "GraphNode",
           "Names", "WorkflowGraph", "blank_document"]

DETACHED_ACTION = "Cette action n'est reliée à aucun déclencheur"
DETACHED_CONDITION = "Cette condition n'est reliée à aucun déclencheur"
GROUP_TITLES = {"all": "Toutes les conditions suivantes", "any": "Au moins une des conditions",
                "not": "Aucune des conditions"}
OP_SIGNS = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥", "in": "parmi",
            "not_in": "hors de", "contains": "contient", "is_empty": "est vide",
            "not_empty": "est renseigné"}
_UNSET: Any = object()
_WHERE = re.compile(r"^(Action (\d+)|Condition ([\d.]+)|Conditions|Déclencheur)\b")


class GraphEditError(ValueError):
    """An edit that makes no sense on this graph (French message for the user)."""


@dataclass(frozen=True)
class GraphNode:
    id: str
    kind: str          # "trigger" | "group" | "condition" | "action"
    data: dict[str, Any]
    title: str         # French one-line summary
    detached: bool = False
    subtitle: str = ""


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str


def blank_document(name: str = "Nouveau workflow") -> dict[str, Any]:
    return {"schema_version": 1, "name": name, "description": "",
            "trigger": {"kind": "created", "record": "matter"}, "conditions": {},
            "actions": [], "late_policy": {"mode": "fire_late"}}


# -- condition tree helpers (on JSON) -------------------------------------------------------
def _group_mode(node: Any) -> str | None:
    if isinstance(node, dict) and len(node) == 1:
        (key,) = node
        if key in ("all", "any", "not"):
            return key
    return None


def _children(node: Any) -> list[Any]:
    mode = _group_mode(node)
    if mode == "not":
        return [node["not"]]
    if mode is not None:
        return list(node[mode]) if isinstance(node[mode], list) else []
    return []


def _with_children(mode: str, items: list[Any]) -> dict[str, Any]:
    if mode != "not":
        return {mode: items}
    return {"not": items[0]} if len(items) == 1 else {"not": {"any": items}}


def _get(node: Any, path: tuple[int, ...]) -> Any:
    for i in path:
        node = _children(node)[i]
    return node


def _replace(node: Any, path: tuple[int, ...], new: Any) -> Any:
    """The tree with the node at ``path`` replaced by ``new`` (None removes it)."""
    if not path:
        return new
    items = _children(node)
    child = _replace(items[path[0]], path[1:], new)
    if child is None:
        del items[path[0]]
    else:
        items[path[0]] = child
    return _with_children(_group_mode(node) or "all", items)


def _has_condition(conditions: Any) -> bool:
    return conditions not in (None, {})


def _cond_path(node_id: str) -> tuple[int, ...]:
    return tuple(int(p) for p in node_id.split("/")[1:])


def _cond_id(path: tuple[int, ...]) -> str:
    return "/".join(("cond", *map(str, path)))


# -- French summaries ------------------------------------------------------------------------
def _value_text(record: str | None, field_path: Any, value: Any) -> str:
    try:
        rf = resolve(record, field_path)
    except (UnknownField, TypeError, KeyError):
        return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    if isinstance(value, list):
        return ", ".join(_value_text(record, field_path, v) for v in value)
    if rf.type is FieldType.MONEY:
        try:
            return format_eur(Decimal(str(value)))
        except (InvalidOperation, ValueError):
            return str(value)
    if rf.type is FieldType.ENUM:
        return dict(rf.field.choices).get(value, str(value))
    if rf.type is FieldType.BOOLEAN:
        return "oui" if value is True else "non" if value is False else str(value)
    if rf.type is FieldType.DATE:
        if isinstance(value, dict) and "days_from_today" in value:
            n = value["days_from_today"]
            return "aujourd'hui" if n == 0 else f"aujourd'hui {'+' if n > 0 else '−'} {abs(n)} j"
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _field_label(record: str | None, path: Any) -> str:
    try:
        return resolve(record, path).label
    except (UnknownField, TypeError, KeyError):
        return str(path) if path else "(champ à choisir)"


def _record_label(record: Any) -> str:
    try:
        return record_type(record).label
    except (KeyError, LookupError, TypeError):
        return str(record) if record else "(enregistrement à choisir)"


def comparison_title(record: str | None, data: Any) -> str:
    if not isinstance(data, dict):
        return "Condition invalide"
    label, op = _field_label(record, data.get("field")), data.get("op")
    if op in ("is_empty", "not_empty"):
        return f"{label} {OP_SIGNS[op]}"
    return f"{label} {OP_SIGNS.get(op, op or '?')} {_value_text(record, data.get('field'), data.get('value'))}"


def trigger_title(data: Any) -> str:
    if not isinstance(data, dict):
        return "Déclencheur à choisir"
    kind, record = data.get("kind"), data.get("record")
    head = TRIGGER_KINDS.get(kind, "Déclencheur")
    if kind == "threshold":
        return f"{head} : {comparison_title(record, data)}"
    if kind == "updated" and data.get("field"):
        text = f"{head} : {_field_label(record, data['field'])}"
        if data.get("to") is not None:
            text += f" → {_value_text(record, data['field'], data['to'])}"
        return text
    if kind == "date":
        n = data.get("offset_days", 0) if isinstance(data.get("offset_days", 0), int) else 0
        unit = "jours ouvrés" if data.get("working_days") else "jours"
        when = "le jour de" if n == 0 else f"{abs(n)} {unit} {'avant' if n < 0 else 'après'}"
        return f"{head} : {when} {_field_label(record, data.get('field'))}"
    return f"{head} : {_record_label(record)}"


@dataclass(frozen=True)
class Names:
    """Display names the editor knows (from its catalogue) for ids in the document."""

    users: Mapping[int, str] = field(default_factory=dict)
    workflows: Mapping[int | str, str] = field(default_factory=dict)


NO_NAMES = Names()


def _who(a: Any, names: Names) -> str:
    if isinstance(a, dict) and len(a) == 1:
        (kind, value), = a.items()
        if kind == "role":
            return ROLES.get(value, str(value))
        if kind == "user":
            return names.users.get(value) or f"utilisateur n° {value}"
        return f"groupe {value}"
    return "?"


def action_title(record: str | None, data: Any, names: Names = NO_NAMES) -> str:
    if not isinstance(data, dict):
        return "Action invalide"
    t = data.get("type")
    if t == "create_task":
        return f"Tâche : {data.get('title') or '(sans titre)'}"
    if t == "create_appointment":
        return f"Rendez-vous : {data.get('title') or '(sans titre)'}"
    if t == "create_document":
        return f"Document : {data.get('title') or data.get('template') or '(modèle à choisir)'}"
    if t == "set_field":
        return f"Modifier : {comparison_title(record, {**data, 'op': 'eq'})}"
    if t == "notify":
        who = ", ".join(_who(r, names) for r in data.get("recipients") or []) or "(destinataire à choisir)"
        return f"Notifier {who} : {data.get('subject') or '(sans objet)'}"
    if t == "schedule":
        inner = action_title(record, data.get("action"), names)
        return f"Dans {data.get('in_days', '?')} jours — {inner}"
    if t == "start_workflow":
        target = data.get("workflow")
        shown = names.workflows.get(target) if isinstance(target, int | str) else None
        return f"Démarrer « {shown or target or '?'} »"
    return f"Action inconnue « {t} »"


def _parse_errors(doc: dict[str, Any], check_template: TemplateChecker | None) -> list[str]:
    try:
        parse_definition(doc, check_template=check_template)
    except DefinitionError as exc:
        return list(exc.errors)
    return []


@lru_cache(maxsize=64)
def _document_errors(text: str) -> tuple[str, ...]:
    """The document's errors with the default template checker (an editor re-checks the same
    documents on undo/redo and on every redraw)."""
    return tuple(_parse_errors(json.loads(text), None))


# -- the graph -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Draft:
    id: str
    kind: str
    text: str  # the action / condition JSON, as text (immutable)


@dataclass(frozen=True)
class WorkflowGraph:
    """Immutable; build with :meth:`from_document`. ``focus`` names the node the last edit
    created or moved (for the view to select), and takes no part in equality."""

    _text: str
    _drafts: tuple[_Draft, ...] = ()
    _next_draft: int = 1
    focus: str | None = field(default=None, compare=False)

    # construction / document
    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> WorkflowGraph:
        if not isinstance(doc, dict):
            raise GraphEditError("Le workflow doit être un objet JSON")
        return cls(json.dumps(doc, ensure_ascii=False))

    def to_document(self) -> dict[str, Any]:
        return json.loads(self._text)

    def _with_doc(self, doc: dict[str, Any], **kw: Any) -> WorkflowGraph:
        return replace(self, _text=json.dumps(doc, ensure_ascii=False), **kw)

    @property
    def record(self) -> str | None:
        trigger = self.to_document().get("trigger")
        return trigger.get("record") if isinstance(trigger, dict) else None

    @property
    def next_draft_id(self) -> str:
        return f"draft/{self._next_draft}"

    def _actions(self, doc: dict[str, Any]) -> list[Any]:
        actions = doc.get("actions")
        return list(actions) if isinstance(actions, list) else []

    # reading
    def nodes(self, names: Names = NO_NAMES) -> list[GraphNode]:
        """Trigger, conditions (depth first), actions, then the drafts; ``names`` gives the
        titles readable names for user and workflow ids."""
        doc, record = self.to_document(), self.record
        out = [GraphNode("trigger", "trigger", dict(doc.get("trigger") or {}),
                         trigger_title(doc.get("trigger")),
                         subtitle=f"Déclencheur · {_record_label(record)}")]
        if _has_condition(doc.get("conditions")):
            out += self._cond_nodes(doc["conditions"], (), record)
        for i, action in enumerate(self._actions(doc)):
            kind = ACTION_TYPES.get(action.get("type") if isinstance(action, dict) else None,
                                    "Action")
            out.append(GraphNode(f"action/{i}", "action",
                                 dict(action) if isinstance(action, dict) else {},
                                 action_title(record, action, names), subtitle=f"Action {i + 1} · {kind}"))
        for d in self._drafts:
            data = json.loads(d.text)
            if d.kind == "action":
                out.append(GraphNode(d.id, "action", data, action_title(record, data, names), True,
                                     f"Non reliée · {ACTION_TYPES.get(data.get('type'), 'Action')}"))
            elif d.kind == "group":
                n = len(_children(data))
                out.append(GraphNode(d.id, "group", {"mode": _group_mode(data)},
                                     GROUP_TITLES[_group_mode(data)], True,
                                     f"Non relié · groupe de {n} condition(s)"))
            else:
                out.append(GraphNode(d.id, "condition", data, comparison_title(record, data), True,
                                     "Non reliée · condition"))
        return out

    def _cond_nodes(self, node: Any, path: tuple[int, ...], record: str | None) -> list[GraphNode]:
        mode = _group_mode(node)
        if mode is None:
            return [GraphNode(_cond_id(path), "condition", dict(node) if isinstance(node, dict)
                              else {}, comparison_title(record, node), subtitle="Condition")]
        out = [GraphNode(_cond_id(path), "group", {"mode": mode}, GROUP_TITLES[mode],
                         subtitle="Groupe de conditions")]
        for i, child in enumerate(_children(node)):
            out += self._cond_nodes(child, (*path, i), record)
        return out

    def node(self, node_id: str) -> GraphNode:
        for n in self.nodes():
            if n.id == node_id:
                return n
        raise GraphEditError(f"Élément inconnu « {node_id} »")

    def edges(self) -> list[GraphEdge]:
        doc = self.to_document()
        out: list[GraphEdge] = []
        head = "trigger"
        conditions = doc.get("conditions")
        if _has_condition(conditions):
            out.append(GraphEdge("trigger", "cond"))
            head = "cond"

            def walk(node: Any, path: tuple[int, ...]) -> None:
                for i, child in enumerate(_children(node)):
                    out.append(GraphEdge(_cond_id(path), _cond_id((*path, i))))
                    walk(child, (*path, i))
            walk(conditions, ())
        for i, _action in enumerate(self._actions(doc)):
            out.append(GraphEdge(head if i == 0 else f"action/{i - 1}", f"action/{i}"))
        return out

    # edits
    def _draft(self, node_id: str) -> _Draft | None:
        return next((d for d in self._drafts if d.id == node_id), None)

    def _without_draft(self, node_id: str) -> tuple[_Draft, ...]:
        return tuple(d for d in self._drafts if d.id != node_id)

    def _check_cond(self, doc: dict[str, Any], node_id: str) -> tuple[int, ...]:
        path = _cond_path(node_id)
        try:
            if not _has_condition(doc.get("conditions")):
                raise IndexError
            _get(doc["conditions"], path)
        except (IndexError, ValueError):
            raise GraphEditError(f"Élément inconnu « {node_id} »") from None
        return path

    def _check_action(self, doc: dict[str, Any], node_id: str) -> int:
        try:
            index = int(node_id.split("/")[1])
            self._actions(doc)[index]
        except (IndexError, ValueError):
            raise GraphEditError(f"Élément inconnu « {node_id} »") from None
        return index

    def with_node_data(self, node_id: str, data: dict[str, Any]) -> WorkflowGraph:
        doc = self.to_document()
        data = json.loads(json.dumps(data))
        if node_id == "workflow":
            return self.set_workflow_props(**{k: data[k] for k in ("name", "description",
                                                                    "late_policy") if k in data})
        if node_id == "trigger":
            doc["trigger"] = data
            return self._with_doc(doc, focus=node_id)
        if node_id.startswith("action/"):
            doc["actions"][self._check_action(doc, node_id)] = data
            return self._with_doc(doc, focus=node_id)
        if node_id.startswith("cond"):
            path = self._check_cond(doc, node_id)
            old = _get(doc["conditions"], path)
            new = _with_children(data["mode"], _children(old)) if _group_mode(old) else data
            doc["conditions"] = _replace(doc["conditions"], path, new)
            return self._with_doc(doc, focus=node_id)
        draft = self._draft(node_id)
        if draft is None:
            raise GraphEditError(f"Élément inconnu « {node_id} »")
        if draft.kind == "group":
            data = _with_children(data["mode"], _children(json.loads(draft.text)))
        drafts = tuple(replace(d, text=json.dumps(data, ensure_ascii=False))
                       if d.id == node_id else d for d in self._drafts)
        return replace(self, _drafts=drafts, focus=node_id)

    def add_node(self, kind: str, data: dict[str, Any]) -> WorkflowGraph:
        """A detached node (``focus`` = its id, also :attr:`next_draft_id` before the call)."""
        if kind not in ("action", "condition", "group"):
            raise GraphEditError("Un workflow n'a qu'un déclencheur")
        if kind == "group":
            data = _with_children(data.get("mode", "all"), [])
        draft = _Draft(self.next_draft_id, kind, json.dumps(data, ensure_ascii=False))
        return replace(self, _drafts=(*self._drafts, draft), _next_draft=self._next_draft + 1,
                       focus=draft.id)

    def connect(self, source: str, target: str) -> WorkflowGraph:
        """Attach the draft ``target`` after ``source``: an action after an action (or first,
        after the trigger or a condition); a condition into a group, as the root, or beside a
        comparison (both then in an « all » group)."""
        draft = self._draft(target)
        if draft is None:
            raise GraphEditError("Cet élément est déjà relié")
        if self._draft(source) is not None:
            raise GraphEditError("Reliez d'abord l'élément de départ au déclencheur")
        doc, item = self.to_document(), json.loads(draft.text)
        if draft.kind == "action":
            if source.startswith("action/"):
                index = self._check_action(doc, source) + 1
            elif source == "trigger" or source.startswith("cond"):
                index = 0
            else:
                raise GraphEditError(f"Élément inconnu « {source} »")
            actions = self._actions(doc)
            actions.insert(index, item)
            doc["actions"] = actions
            new_id = f"action/{index}"
        elif source.startswith("action/"):
            raise GraphEditError("Une condition se place avant les actions")
        elif source == "trigger" and not _has_condition(doc.get("conditions")):
            doc["conditions"], new_id = item, "cond"
        else:
            path = () if source == "trigger" else self._check_cond(doc, source)
            root = doc["conditions"]
            at = _get(root, path)
            if _group_mode(at) is not None and not (source == "trigger" and draft.kind == "group"):
                items = [*_children(at), item]
                doc["conditions"] = _replace(root, path, _with_children(_group_mode(at), items))
                new_id = _cond_id((*path, len(items) - 1))
            elif source == "trigger":  # a new group above the current root
                doc["conditions"] = _with_children(_group_mode(item), [*_children(item), root])
                new_id = "cond"
            else:  # beside a comparison: both in an « all » group
                doc["conditions"] = _replace(root, path, {"all": [at, item]})
                new_id = _cond_id((*path, 1))
        return self._with_doc(doc, _drafts=self._without_draft(target), focus=new_id)

    def disconnect(self, source: str, target: str) -> WorkflowGraph:
        """Detach ``target`` (with its sub-conditions): it leaves the document and becomes a
        draft; the chain closes over the gap."""
        if GraphEdge(source, target) not in self.edges():
            raise GraphEditError("Ces deux éléments ne sont pas reliés")
        doc = self.to_document()
        if target.startswith("action/"):
            item, kind = doc["actions"].pop(self._check_action(doc, target)), "action"
        else:
            path = self._check_cond(doc, target)
            item = _get(doc["conditions"], path)
            kind = "group" if _group_mode(item) else "condition"
            rest = _replace(doc["conditions"], path, None)
            doc["conditions"] = {} if rest is None else rest
        draft = _Draft(self.next_draft_id, kind, json.dumps(item, ensure_ascii=False))
        return self._with_doc(doc, _drafts=(*self._drafts, draft),
                              _next_draft=self._next_draft + 1, focus=draft.id)

    def remove(self, node_id: str) -> WorkflowGraph:
        """Delete a node (a group with its conditions); the trigger stays."""
        if node_id == "trigger":
            raise GraphEditError("Le déclencheur ne peut pas être supprimé")
        if self._draft(node_id) is not None:
            return replace(self, _drafts=self._without_draft(node_id), focus=None)
        doc = self.to_document()
        if node_id.startswith("action/"):
            del doc["actions"][self._check_action(doc, node_id)]
        elif node_id.startswith("cond"):
            rest = _replace(doc["conditions"], self._check_cond(doc, node_id), None)
            doc["conditions"] = {} if rest is None else rest
        else:
            raise GraphEditError(f"Élément inconnu « {node_id} »")
        return self._with_doc(doc, focus=None)

    def move_action(self, node_id: str, index: int) -> WorkflowGraph:
        doc = self.to_document()
        actions = self._actions(doc)
        item = actions.pop(self._check_action(doc, node_id))
        index = max(0, min(index, len(actions)))
        actions.insert(index, item)
        doc["actions"] = actions
        return self._with_doc(doc, focus=f"action/{index}")

    def set_workflow_props(self, *, name: Any = _UNSET, description: Any = _UNSET,
                           late_policy: Any = _UNSET) -> WorkflowGraph:
        doc = self.to_document()
        for key, value in (("name", name), ("description", description),
                           ("late_policy", late_policy)):
            if value is not _UNSET:
                doc[key] = value
        return self._with_doc(doc, focus=None)

    def workflow_data(self) -> dict[str, Any]:
        """The « workflow » panel's data: name, description, late policy."""
        doc = self.to_document()
        return {"name": doc.get("name", ""), "description": doc.get("description", ""),
                "late_policy": doc.get("late_policy") or {"mode": "fire_late"}}

    # errors
    def error_node(self, message: str) -> str:
        """The node a parse error (« Action 2 : … ») belongs to; "workflow" otherwise."""
        m = _WHERE.match(message)
        ids = {n.id for n in self.nodes()}
        if m is None:
            return "workflow"
        if m.group(2):
            node_id = f"action/{int(m.group(2)) - 1}"
        elif m.group(3):
            node_id = _cond_id(tuple(int(p) - 1 for p in m.group(3).split(".")))
            while node_id not in ids and "/" in node_id:
                node_id = node_id.rsplit("/", 1)[0]
        elif m.group(1) == "Conditions":
            node_id = "cond"
        else:
            node_id = "trigger"
        return node_id if node_id in ids else "workflow"

    def errors(self, check_template: TemplateChecker | None = None, *,
               extra: list[str] | None = None) -> dict[str, list[str]]:
        """Node id → French errors (the document's, mapped to their node; then the drafts');
        ``extra`` are more messages worded like parse errors (reference checks)."""
        out: dict[str, list[str]] = {}
        messages = _document_errors(self._text) if check_template is None else \
            _parse_errors(self.to_document(), check_template)
        for message in [*messages, *(extra or [])]:
            out.setdefault(self.error_node(message), []).append(message)
        for d in self._drafts:
            own = [DETACHED_ACTION if d.kind == "action" else DETACHED_CONDITION]
            out[d.id] = own + self._draft_problems(d, check_template)
        return out

    def _draft_problems(self, d: _Draft, check_template: TemplateChecker | None) -> list[str]:
        doc = self.to_document()
        probe = {"name": "x", "trigger": doc.get("trigger"), "conditions": {},
                 "actions": [{"type": "start_workflow", "workflow": 1}]}
        if d.kind == "action":
            probe["actions"] = [json.loads(d.text)]
        else:
            probe["conditions"] = json.loads(d.text)
        try:
            parse_definition(probe, check_template=check_template)
        except DefinitionError as exc:
            return [m.split(" : ", 1)[1] if " : " in m else m for m in exc.errors
                    if _WHERE.match(m) and not m.startswith("Déclencheur")]
        return []

    def error_count(self, check_template: TemplateChecker | None = None) -> int:
        return sum(len(v) for v in self.errors(check_template).values())
