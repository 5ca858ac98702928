"""Reading a workflow document: every mistake collected, in French, with where it is.

:func:`themisia_desktop.core.automation.definition.parse_definition` is the entry point.
"""

from __future__ import annotations

import json
import re
from typing import Any

from themisia_desktop.core.automation.conditions import (
    ALWAYS,
    DefinitionError,
    parse_condition,
    parse_value,
)
from themisia_desktop.core.automation.definition import (
    ACTION_TYPES,
    CHANNELS,
    LATE_MODES,
    ROLES,
    SCHEMA_VERSION,
    TRIGGER_KINDS,
    VALIDATED_EVENTS,
    Action,
    Assignee,
    CreateAppointment,
    CreateDocument,
    CreateTask,
    LatePolicy,
    Notify,
    Schedule,
    SetField,
    StartWorkflow,
    TemplateChecker,
    Trigger,
    WorkflowDefinition,
    default_template_checker,
)
from themisia_desktop.core.automation.fields import (
    WATCHED_RECORD_TYPES,
    Compute,
    FieldType,
    UnknownField,
    merge_fields,
    resolve,
)

_TOP_KEYS = {"schema_version", "name", "description", "trigger", "conditions", "actions",
             "late_policy"}
_TRIGGER_KEYS: dict[str, set[str]] = {
    "created": set(), "updated": {"field", "from", "to"}, "threshold": {"field", "op", "value"},
    "date": {"field", "offset_days", "working_days"}, "validated": {"workflow"}}
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class _Parser:
    def __init__(self, check_template: TemplateChecker) -> None:
        self.errors: list[str] = []
        self.check_template = check_template
        self.record: str | None = None  # known once the trigger names a valid record type

    def err(self, where: str, message: str) -> None:
        self.errors.append(f"{where} : {message}")

    # trigger
    def trigger(self, data: Any) -> Trigger | None:
        w = "Déclencheur"
        if not isinstance(data, dict):
            self.err(w, "il manque le déclencheur")
            return None
        kind, record = data.get("kind"), data.get("record")
        if kind not in TRIGGER_KINDS:
            self.err(w, f"type de déclencheur inconnu « {kind} » (possibles : "
                        f"{', '.join(TRIGGER_KINDS)})")
            return None
        allowed_records = tuple(VALIDATED_EVENTS) if kind == "validated" else WATCHED_RECORD_TYPES
        if record not in allowed_records:
            self.err(w, f"type d'enregistrement « {record} » impossible ici (possibles : "
                        f"{', '.join(allowed_records)})")
            return None
        self.record = record
        allowed_keys = {"kind", "record"} | _TRIGGER_KEYS[kind]
        for key in sorted(set(data) - allowed_keys):
            self.err(w, f"clé inconnue « {key} » pour ce déclencheur")
        return getattr(self, f"_trigger_{kind}")(data, w)

    def _field(self, data: dict[str, Any], w: str, *, required: bool) -> Any:
        name = data.get("field")
        if name is None:
            if required:
                self.err(w, "il manque le champ surveillé")
            return None
        try:
            return resolve(self.record, name)
        except (UnknownField, TypeError):
            self.err(w, f"champ inconnu « {name} »")
            return None

    def _trigger_created(self, data: dict[str, Any], w: str) -> Trigger:
        return Trigger("created", self.record)

    def _trigger_updated(self, data: dict[str, Any], w: str) -> Trigger | None:
        rf = self._field(data, w, required=False)
        if rf is None:
            return None if "field" in data else Trigger("updated", self.record)
        if rf.hops or rf.field.compute is not Compute.COLUMN:
            self.err(w, f"seul un champ de l'enregistrement lui-même peut être surveillé "
                        f"(pas « {rf.label} »)")
            return None
        values: dict[str, Any] = {}
        for key in ("from", "to"):
            if data.get(key) is None:
                continue
            if rf.type not in (FieldType.ENUM, FieldType.TEXT, FieldType.BOOLEAN):
                self.err(w, f"« {key} » n'est possible que pour un statut, un texte ou un oui/non")
                continue
            try:
                values[key] = parse_value(rf, data[key])
            except ValueError as exc:
                self.err(w, str(exc))
        return Trigger("updated", self.record, rf.path, values.get("from"), values.get("to"))

    def _trigger_threshold(self, data: dict[str, Any], w: str) -> Trigger | None:
        rf = self._field(data, w, required=True)
        if rf is None:
            return None
        if not rf.type.is_numeric:
            self.err(w, f"un seuil porte sur un montant ou un nombre, pas sur « {rf.label} »")
            return None
        op = data.get("op")
        if op not in ("lt", "le", "gt", "ge"):
            self.err(w, "l'opérateur d'un seuil est lt, le, gt ou ge")
            return None
        try:
            value = parse_value(rf, data.get("value"))
        except ValueError as exc:
            self.err(w, str(exc))
            return None
        return Trigger("threshold", self.record, rf.path, op=op, value=value)

    def _trigger_date(self, data: dict[str, Any], w: str) -> Trigger | None:
        rf = self._field(data, w, required=True)
        offset, working = data.get("offset_days", 0), data.get("working_days", False)
        if rf is not None and rf.type is not FieldType.DATE:
            self.err(w, f"« {rf.label} » n'est pas une date")
            rf = None
        if not _is_int(offset) or abs(offset) > 3650:
            self.err(w, "le décalage doit être un nombre entier de jours (négatif = avant la date)")
            return None
        if not isinstance(working, bool):
            self.err(w, "« working_days » vaut true ou false")
            return None
        if rf is None:
            return None
        return Trigger("date", self.record, rf.path, offset_days=offset, working_days=working)

    def _trigger_validated(self, data: dict[str, Any], w: str) -> Trigger | None:
        workflow = data.get("workflow")
        if workflow is not None and not (_is_int(workflow) or isinstance(workflow, str)):
            self.err(w, "« workflow » est un numéro ou une clé de workflow")
            return None
        if workflow is not None and self.record != "workflow_run":
            self.err(w, "« workflow » ne s'emploie qu'avec la fin d'exécution d'un workflow")
            return None
        return Trigger("validated", self.record, workflow=workflow)

    # actions
    def template(self, where: str, what: str, text: Any, *, required: bool = True) -> str | None:
        if text is None and not required:
            return None
        if not isinstance(text, str) or not text.strip():
            self.err(where, f"{what} est obligatoire")
            return None
        for problem in self.check_template(text, merge_fields(self.record)):
            self.err(where, f"{what} : {problem}")
        return text

    def days(self, where: str, value: Any, *, minimum: int) -> int | None:
        if not _is_int(value) or value < minimum or value > 3650:
            self.err(where, "le délai doit être un nombre de jours positif" if minimum > 0 else
                     "le délai doit être un nombre de jours positif ou nul")
            return None
        return value

    def assignee(self, where: str, data: Any) -> Assignee | None:
        if not isinstance(data, dict) or len(data) != 1:
            self.err(where, "destinataire invalide : {\"user\": n°}, {\"group\": nom} ou "
                            "{\"role\": …} attendu")
            return None
        (kind, value), = data.items()
        if kind == "user" and _is_int(value) and value > 0:
            return Assignee("user", value)
        if kind == "group" and isinstance(value, str) and value.strip():
            return Assignee("group", value.strip())
        if kind == "role" and value in ROLES:
            return Assignee("role", value)
        if kind == "role":
            self.err(where, f"rôle inconnu « {value} » (possibles : {', '.join(ROLES)})")
        else:
            self.err(where, "destinataire invalide : {\"user\": n°}, {\"group\": nom} ou "
                            "{\"role\": …} attendu")
        return None

    def assignees(self, where: str, data: Any, what: str) -> tuple[Assignee, ...] | None:
        if not isinstance(data, list) or not data:
            self.err(where, f"il faut au moins un {what}")
            return None
        found = [self.assignee(where, d) for d in data]
        return None if None in found else tuple(found)

    def action(self, data: Any, where: str, *, nested: bool = False) -> Action | None:
        if not isinstance(data, dict) or data.get("type") not in ACTION_TYPES:
            kind = data.get("type") if isinstance(data, dict) else None
            self.err(where, f"type d'action inconnu « {kind} »")
            return None
        before = len(self.errors)
        t = data["type"]
        built: Action | None = None
        if t == "create_task":
            title = self.template(where, "le titre", data.get("title"))
            who = self.assignee(where, data.get("assignee"))
            due = self.days(where, data.get("due_in_days", 0), minimum=0)
            desc = self.template(where, "la description", data.get("description"), required=False)
            if len(self.errors) == before:
                built = CreateTask(title, who, due, desc)
        elif t == "create_appointment":
            title = self.template(where, "le titre", data.get("title"))
            in_days = self.days(where, data.get("in_days", 0), minimum=0)
            time = data.get("time", "09:00")
            if not isinstance(time, str) or not _TIME.match(time):
                self.err(where, "l'heure s'écrit HH:MM (exemple : 14:30)")
            minutes = data.get("duration_minutes", 60)
            if not _is_int(minutes) or not 0 < minutes <= 24 * 60:
                self.err(where, "la durée doit être un nombre de minutes positif")
            who = self.assignees(where, data.get("attendees"), "participant")
            location = data.get("location")
            if location is not None and not isinstance(location, str):
                self.err(where, "le lieu est un texte")
            if len(self.errors) == before:
                built = CreateAppointment(title, in_days, time, minutes, who, location)
        elif t == "create_document":
            template = data.get("template")
            if not isinstance(template, str) or not template.strip():
                self.err(where, "le modèle de document est obligatoire")
            title = self.template(where, "le titre", data.get("title"), required=False)
            if len(self.errors) == before:
                built = CreateDocument(template.strip(), title)
        elif t == "set_field":
            built = self._set_field(data, where)
        elif t == "notify":
            channels = data.get("channels")
            if not isinstance(channels, list) or not channels \
                    or any(c not in CHANNELS for c in channels):
                self.err(where, "les canaux sont « popup » et/ou « email »")
            who = self.assignees(where, data.get("recipients"), "destinataire")
            subject = self.template(where, "l'objet", data.get("subject"))
            body = self.template(where, "le message", data.get("body"))
            if len(self.errors) == before:
                built = Notify(tuple(dict.fromkeys(channels)), who, subject, body)
        elif t == "schedule":
            if nested:
                self.err(where, "une action différée ne peut pas en contenir une autre")
                return None
            in_days = self.days(where, data.get("in_days"), minimum=1)
            inner = self.action(data.get("action"), f"{where} (action différée)", nested=True)
            if len(self.errors) == before:
                built = Schedule(in_days, inner)
        elif t == "start_workflow":
            wf = data.get("workflow")
            if not ((_is_int(wf) and wf > 0) or (isinstance(wf, str) and wf.strip())):
                self.err(where, "le workflow à démarrer est un numéro ou une clé")
            else:
                built = StartWorkflow(wf)
        return built

    def _set_field(self, data: dict[str, Any], where: str) -> SetField | None:
        try:
            rf = resolve(self.record, data.get("field"))
        except (UnknownField, TypeError):
            self.err(where, f"champ inconnu « {data.get('field')} »")
            return None
        if not rf.field.writable:
            self.err(where, f"le champ {rf.label} ne peut pas être modifié par un workflow")
            return None
        try:
            value = parse_value(rf, data.get("value"))
        except ValueError as exc:
            self.err(where, str(exc))
            return None
        return SetField(rf.path, value)

    def late_policy(self, data: Any) -> LatePolicy:
        w = "Retard"
        if data is None:
            return LatePolicy()
        if not isinstance(data, dict) or data.get("mode") not in LATE_MODES:
            self.err(w, "le mode est « fire_late » ou « skip_older_than »")
            return LatePolicy()
        if data["mode"] == "fire_late":
            return LatePolicy()
        days = data.get("days")
        if not _is_int(days) or days < 1:
            self.err(w, "le nombre de jours doit être un nombre de jours positif")
            return LatePolicy()
        return LatePolicy("skip_older_than", days)


def parse(data: dict[str, Any] | str, *,
          check_template: TemplateChecker | None = None) -> WorkflowDefinition:
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            raise DefinitionError(["Le fichier n'est pas un document JSON valide"]) from None
    if not isinstance(data, dict):
        raise DefinitionError(["Le workflow doit être un objet JSON"])
    p = _Parser(check_template or default_template_checker())
    version = data.get("schema_version", SCHEMA_VERSION)
    if not _is_int(version) or version < 1:
        p.err("Document", "« schema_version » invalide")
    elif version > SCHEMA_VERSION:
        p.err("Document", f"ce workflow vient d'une version plus récente de Themisia "
                          f"(schéma {version}) ; mettez l'application à jour")
    for key in sorted(set(data) - _TOP_KEYS):
        p.err("Document", f"clé inconnue « {key} »")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        p.err("Nom", "le nom du workflow est obligatoire")
    elif len(name.strip()) > 200:
        p.err("Nom", "le nom ne doit pas dépasser 200 caractères")
    description = data.get("description") or ""
    if not isinstance(description, str):
        p.err("Description", "la description est un texte")
        description = ""
    trigger = p.trigger(data.get("trigger"))
    conditions = ALWAYS
    if p.record is not None:
        conditions = parse_condition(data.get("conditions"), p.record, errors=p.errors)
    actions_data = data.get("actions")
    actions: list[Action] = []
    if not isinstance(actions_data, list) or not actions_data:
        p.err("Actions", "il faut au moins une action")
    elif p.record is not None:
        for n, item in enumerate(actions_data, 1):
            action = p.action(item, f"Action {n}")
            if action is not None:
                actions.append(action)
    late = p.late_policy(data.get("late_policy"))
    if p.errors:
        raise DefinitionError(p.errors)
    return WorkflowDefinition(name=name.strip(), description=description.strip(), trigger=trigger,
                              conditions=conditions, actions=tuple(actions), late_policy=late)
