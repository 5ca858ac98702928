"""A run's trace told in French, line by line, for someone who never saw the JSON.

:func:`describe_run` turns a :class:`~.traces.RunInfo` into :class:`TraceLine` s: the trigger
(« Déclencheur : seuil dépassé — Encours du client > 10 000,00 € »), each condition with the
value found and its result (« Condition « Encours du client est supérieur à 10 000,00 € » :
12 450,00 € → vraie »), each action and what it produced (« Tâche créée « … » pour Paul
Durand, à faire le 4 mars 2026 »; in a dry run « Créer la tâche « … » pour … »), errors and
interrupted loops (« Boucle interrompue : « A » → « B » → « A » »), then the outcome.
Amounts and dates are written the French way (:mod:`themisia_desktop.core.notify.formatting`).
Ids of users and workflows are named from a :class:`~.run_queries.TraceNames`-like mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from themisia_desktop.core.automation.conditions import OPERATORS
from themisia_desktop.core.automation.definition import ACTION_TYPES, TRIGGER_KINDS
from themisia_desktop.core.automation.fields import FieldType, UnknownField, resolve
from themisia_desktop.core.automation.record_names import type_label
from themisia_desktop.core.automation.traces import RunInfo
from themisia_desktop.core.models.enums import RunOutcome
from themisia_desktop.core.notify.formatting import FormattingError, date_courte, date_heure, montant

Kind = Literal["trigger", "condition", "action", "error", "loop", "info"]


@dataclass(frozen=True)
class TraceLine:
    kind: Kind
    text: str
    ok: bool | None = None
    depth: int = 0          # indentation (conditions inside groups, nested actions)


@dataclass(frozen=True)
class Names:
    users: Mapping[int, str]
    workflows: Mapping[int, str]


NO_NAMES = Names({}, {})
SYMBOLS = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "eq": "=", "ne": "≠"}
EVENT_KINDS = {"created": "création", "updated": "modification", "deleted": "suppression",
               "status_changed": "changement de statut", "validated": "validation",
               "completed": "tâche terminée", "merged": "fusion",
               "run_finished": "fin d'une exécution de workflow"}
GROUPS = {"all": "Toutes les conditions suivantes", "any": "Au moins une des conditions suivantes",
          "not": "Aucune des conditions suivantes"}


def _names(names: Any) -> Names:
    if names is None:
        return NO_NAMES
    return Names(getattr(names, "users", {}) or {}, getattr(names, "workflows", {}) or {})


def truth(result: bool | None) -> str:
    return "vraie" if result else "fausse"


# -- values ---------------------------------------------------------------------------------
def _field(record_type: str | None, path: str | None) -> Any:
    if not record_type or not path:
        return None
    try:
        return resolve(record_type, path)
    except (UnknownField, KeyError, ValueError):
        return None


def _relative(days: int) -> str:
    if days == 0:
        return "aujourd'hui"
    unit = "jour" if abs(days) == 1 else "jours"
    return f"dans {days} {unit}" if days > 0 else f"il y a {-days} {unit}"


def format_value(value: Any, rf: Any = None) -> str:
    """A JSON value of a trace as a French reader expects it."""
    if value is None or value == "":
        return "vide"
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v, rf) for v in value) or "vide"
    if isinstance(value, dict) and "days_from_today" in value:
        return _relative(int(value["days_from_today"]))
    kind = rf.type if rf is not None else None
    if isinstance(value, bool) or kind is FieldType.BOOLEAN:
        return "Oui" if value else "Non"
    try:
        if kind is FieldType.MONEY:
            return montant(value)
        if kind is FieldType.DATE:
            return date_courte(value)
    except FormattingError:
        return str(value)
    if kind is FieldType.ENUM:
        return dict(rf.field.choices).get(value, str(value))
    if kind is FieldType.INTEGER:
        return f"{value}"
    return f"« {value} »" if isinstance(value, str) else str(value)


def _when(raw: Any) -> str:
    if isinstance(raw, str):
        try:
            return date_heure(datetime.fromisoformat(raw))
        except (ValueError, FormattingError):
            return raw
    return date_heure(raw) if isinstance(raw, datetime) else ""


def _day(raw: Any) -> str:
    try:
        return date_courte(raw)
    except FormattingError:
        return str(raw)


def _people(ids: Any, names: Names) -> str:
    people = [names.users.get(int(i), f"utilisateur n° {i}") for i in ids or ()]
    if not people:
        return "personne"
    return people[0] if len(people) == 1 else ", ".join(people[:-1]) + " et " + people[-1]


def _workflow(ref: Any, names: Names) -> str:
    if isinstance(ref, int):
        return f"« {names.workflows.get(ref, f'workflow n° {ref}')} »"
    return f"« {ref} »"


# -- trigger --------------------------------------------------------------------------------
def describe_trigger(trigger: Mapping[str, Any], names: Any = None) -> str:
    """« Seuil dépassé — Encours du client > 10 000,00 € », « Création — Dossier »… (no
    « Déclencheur : » prefix: the workflow list shows it as is)."""
    nm = _names(names)
    kind = trigger.get("kind", "")
    record = trigger.get("record") or trigger.get("entity_type")
    rf = _field(record, trigger.get("field"))
    label = rf.label if rf is not None else trigger.get("field", "")
    if kind == "threshold":
        op = SYMBOLS.get(trigger.get("op", ""), trigger.get("op", ""))
        return f"Seuil dépassé — {label} {op} {format_value(trigger.get('value'), rf)}"
    if kind == "date":
        offset = int(trigger.get("offset_days") or 0)
        plural = "s" if abs(offset) > 1 else ""
        unit = f"jour{plural} ouvré{plural}" if trigger.get("working_days") else f"jour{plural}"
        when = ("le jour même" if offset == 0 else
                f"{abs(offset)} {unit} {'avant' if offset < 0 else 'après'}")
        text = f"Date limite — {label}, {when}"
        if trigger.get("date"):
            text += f" (date : {_day(trigger['date'])})"
        return text
    if kind == "updated" and ("from" in trigger or "to" in trigger or rf is not None):
        text = f"Modification — {label}" if rf is not None else "Modification"
        if "from" in trigger and "to" in trigger:
            return (f"{text}, de {format_value(trigger['from'], rf)} "
                    f"à {format_value(trigger['to'], rf)}")
        if "to" in trigger:
            return f"{text} passe à {format_value(trigger['to'], rf)}"
        if "from" in trigger:
            return f"{text} quitte {format_value(trigger['from'], rf)}"
        return text
    if kind == "start_workflow":
        text = f"Démarré par le workflow {_workflow(trigger.get('workflow_id'), nm)}"
        return text + (f" (exécution n° {trigger['run_id']})" if trigger.get("run_id") else "")
    if kind == "scheduled":
        return f"Action différée, prévue le {_when(trigger.get('due_at'))}"
    if kind == "validated" and trigger.get("workflow") is not None:
        return f"Fin d'une exécution du workflow {_workflow(trigger['workflow'], nm)}"
    if kind in TRIGGER_KINDS and "event_id" not in trigger:
        return f"{TRIGGER_KINDS[kind]} — {type_label(record)}"
    event = EVENT_KINDS.get(kind, kind or "inconnu")
    text = f"{event[:1].upper()}{event[1:]} — {type_label(record)}"
    if trigger.get("occurred_at"):
        text += f", le {_when(trigger['occurred_at'])}"
    if trigger.get("user_id"):
        text += f", par {_people([trigger['user_id']], nm)}"
    return text


# -- conditions -----------------------------------------------------------------------------
def describe_conditions(conditions: list[Any], record_type: str | None) -> list[TraceLine]:
    """One line per node of an evaluation (``conditions.evaluate`` format)."""
    out: list[TraceLine] = []
    entries = [e for e in conditions if isinstance(e, dict)]
    paths = [str(e.get("path") or "") for e in entries]
    for entry, path in zip(entries, paths, strict=True):
        depth = len(path.split(".")) if path else 0
        result = entry.get("result")
        if "node" in entry:
            prefix = f"{path}." if path else ""
            if not any(p.startswith(prefix) and p != path for p in paths):
                continue  # an empty group (« no condition ») says nothing
            out.append(TraceLine("condition", f"{GROUPS.get(entry['node'], entry['node'])} → "
                                              f"{truth(result)}", bool(result), depth))
            continue
        rf = _field(record_type, entry.get("field"))
        op = entry.get("op", "")
        expected = "" if op in ("is_empty", "not_empty") else \
            f" {format_value(entry.get('expected'), rf)}"
        what = f"{entry.get('label') or entry.get('field')} {OPERATORS.get(op, op)}{expected}"
        actual = format_value(entry.get("actual"), rf)
        out.append(TraceLine("condition", f"Condition « {what} » : {actual} → {truth(result)}",
                             bool(result), depth))
    return out


# -- actions --------------------------------------------------------------------------------
def _task(what: Mapping[str, Any], names: Names, dry: bool) -> str:
    who = (_people(what.get("assignee_ids"), names) if what.get("assignee_ids")
           else "le groupe" if what.get("group_id") else "personne")
    due = f", à faire le {_day(what['due_on'])}" if what.get("due_on") else ""
    head = "Créer la tâche" if dry else "Tâche créée"
    return f"{head} « {what.get('title', '')} » pour {who}{due}"


def _appointment(what: Mapping[str, Any], names: Names, dry: bool) -> str:
    head = "Créer le rendez-vous" if dry else "Rendez-vous créé"
    return (f"{head} « {what.get('title', '')} » le {_when(what.get('starts_at'))} avec "
            f"{_people(what.get('attendee_ids'), names)}")


def _document(what: Mapping[str, Any], dry: bool) -> str:
    head = "Générer le document" if dry else "Document créé"
    return f"{head} « {what.get('title', '')} » (modèle {what.get('template', '')})"


def _set_field(what: Mapping[str, Any], record_type: str | None, verb: str) -> str:
    rf = _field(what.get("record") or record_type, what.get("field"))
    label = what.get("label") or what.get("field", "")
    old, new = format_value(what.get("from"), rf), format_value(what.get("to"), rf)
    if verb == "would_set":
        return f"Passer le champ {label} à {new} (actuellement {old})"
    if verb == "unchanged":
        return f"Champ {label} déjà à {new} : inchangé"
    return f"Champ {label} modifié : {old} → {new}"


def _notify(what: Mapping[str, Any], names: Names, dry: bool) -> str:
    channels = what.get("channels") or []
    who = _people(what.get("user_ids"), names)
    subject = what.get("subject", "")
    if dry:
        verb = {("email",): "Envoyer un e-mail à", ("popup",): "Afficher une alerte à"}.get(
            tuple(channels), "Prévenir (alerte et e-mail)")
        return f"{verb} {who} : {subject}"
    mails, popups = len(what.get("mail_ids") or []), len(what.get("notification_ids") or [])
    parts = []
    if popups:
        parts.append(f"alerte affichée à {who}")
    if mails:
        parts.append(f"e-mail mis en file d'envoi pour {who}" if not popups
                     else f"{mails} e-mail(s) mis en file d'envoi")
    if not parts:
        parts.append(f"rien n'a pu être envoyé à {who}")
    text = " ; ".join(parts)
    return f"{text[:1].upper()}{text[1:]} : « {subject} »"


def _inner(action: Mapping[str, Any]) -> str:
    kind = ACTION_TYPES.get(action.get("type", ""), action.get("type", ""))
    title = action.get("title") or action.get("subject") or action.get("field") or ""
    return f"{kind.lower()} « {title} »" if title else kind.lower()


def describe_action(entry: Mapping[str, Any], record_type: str | None = None,
                    names: Any = None, depth: int = 0) -> list[TraceLine]:
    """What one action did (or would do), and what it started, as lines."""
    nm = _names(names)
    kind = entry.get("action", "")
    label = ACTION_TYPES.get(kind, kind or "Action")
    rolled = " — annulée (une action suivante a échoué)" if entry.get("rolled_back") else ""
    if "error" in entry:
        return [TraceLine("error", f"Échec de l'action « {label} » : {entry['error']}", False,
                          depth)]
    lines: list[TraceLine] = []
    for verb, what in entry.items():
        if not isinstance(what, dict):
            continue
        dry = verb.startswith("would")
        if kind == "create_task":
            text = _task(what, nm, dry)
        elif kind == "create_appointment":
            text = _appointment(what, nm, dry)
        elif kind == "create_document":
            text = _document(what, dry)
        elif kind == "set_field":
            text = _set_field(what, record_type, verb)
        elif kind == "notify":
            text = _notify(what, nm, dry)
        elif kind == "schedule":
            head = "Prévoir pour le" if dry else "Action différée au"
            text = f"{head} {_day(what.get('due_on'))} : {_inner(what.get('action') or {})}"
        elif kind == "start_workflow":
            target = _workflow(what.get("workflow_id"), nm)
            if verb == "skipped":
                text = what.get("message") or f"Workflow {target} désactivé : non lancé"
            elif dry:
                text = f"Démarrer le workflow {target}"
            else:
                outcome = _outcome_label(what.get("outcome", ""))
                run = f"exécution n° {what['run_id']} : " if what.get("run_id") else ""
                text = f"Workflow {target} démarré ({run}{outcome.lower()})"
        else:
            text = f"{label} : {what}"
        ok = None if verb == "skipped" else not rolled
        lines.append(TraceLine("action", text + rolled, ok, depth))
        if kind == "notify" and what.get("problems"):
            lines += [TraceLine("info", f"Attention : {p}", False, depth + 1)
                      for p in what["problems"]]
        if kind == "start_workflow" and dry:
            for inner in what.get("actions") or []:
                if isinstance(inner, dict):
                    lines += describe_action(inner, record_type, nm, depth + 1)
        break
    if not lines:
        lines.append(TraceLine("action", label + rolled, None, depth))
    return lines


def describe_actions(actions: list[Any], record_type: str | None,
                     names: Any = None) -> list[TraceLine]:
    out: list[TraceLine] = []
    for entry in actions:
        if isinstance(entry, dict):
            out += describe_action(entry, record_type, names)
    return out


# -- the whole run --------------------------------------------------------------------------
def _outcome_label(outcome: str) -> str:
    try:
        return RunOutcome(outcome).label
    except ValueError:
        return outcome or "inconnue"


def describe_run(run: RunInfo, names: Any = None) -> list[TraceLine]:
    """The trace of ``run`` in French. ``names`` (``users``/``workflows`` mappings, see
    :func:`.run_queries.trace_names`) turns ids into names; without it ids are shown."""
    nm = _names(names)
    record_type = run.entity_type
    lines = [TraceLine("trigger", f"Déclencheur : {describe_trigger(run.trigger, nm)}")]
    if run.trigger.get("late"):
        lines.append(TraceLine("info", str(run.trigger["late"])))
    if run.outcome == RunOutcome.LOOP_STOPPED:
        lines.append(TraceLine("loop", run.error or "Boucle interrompue", False))
        lines.append(TraceLine("info", "Le workflow n'a pas été exécuté : il aurait relancé une "
                                       "chaîne déjà en cours."))
        return lines
    conditions = describe_conditions(run.conditions, record_type)
    if conditions:
        lines += conditions
    elif run.outcome in (RunOutcome.SUCCEEDED, RunOutcome.FAILED):
        lines.append(TraceLine("info", "Aucune condition supplémentaire"))
    lines += describe_actions(run.actions, record_type, nm)
    action_errors = any(isinstance(a, dict) and "error" in a for a in run.actions)
    if run.error and not action_errors:
        kind: Kind = "info" if run.outcome == RunOutcome.SKIPPED_LATE else "error"
        lines.append(TraceLine(kind, run.error, False))
    if run.outcome == RunOutcome.CONDITIONS_FALSE:
        lines.append(TraceLine("info", "Conditions non remplies : aucune action exécutée", False))
    elif run.outcome == RunOutcome.SUCCEEDED and not run.actions:
        lines.append(TraceLine("info", "Aucune action"))
    ok = run.outcome == RunOutcome.SUCCEEDED
    lines.append(TraceLine("info", f"Résultat : {_outcome_label(run.outcome)}",
                           ok if run.outcome != RunOutcome.CONDITIONS_FALSE else None))
    return lines


def summarize(outcome: str, conditions: list[Any], actions: list[Any], error: str | None,
              record_type: str | None, names: Any = None, *, dry: bool = False) -> str:
    """One French sentence for a list: the failed conditions with the values found (labels,
    not codes), what the actions did or would do, or the error."""
    if outcome == RunOutcome.CONDITIONS_FALSE:
        misses = [line.text.removeprefix("Condition ").removesuffix(" → fausse")
                  for line in describe_conditions(conditions, record_type)
                  if line.ok is False and line.text.startswith("Condition ")]
        return ("Condition non remplie : " + " ; ".join(misses)) if misses \
            else "Conditions non remplies"
    if outcome in (RunOutcome.FAILED, RunOutcome.LOOP_STOPPED, RunOutcome.SKIPPED_LATE):
        return error or _outcome_label(outcome)
    done = [line.text for line in describe_actions(actions, record_type, names)
            if line.depth == 0 and line.kind == "action"]
    if dry:
        return " ; ".join(done) if done else "Aucune action"
    count = len(done)
    return (f"{count} action{'s' if count > 1 else ''} : " + " ; ".join(done)) if done \
        else "Aucune action"
