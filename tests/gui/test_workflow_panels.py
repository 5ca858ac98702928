"""The workflow editor's property panels, driven as a user would: the dict each panel emits
is exactly the node the workflow document holds."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
)

from themisia_desktop.core.automation.builtins import builtins_dir
from themisia_desktop.core.automation.definition import parse_definition
from themisia_desktop.core.automation.editor_catalogue import EditorCatalogue, load_catalogue
from themisia_desktop.gui.automation.panels import NodePanel, build_panel
from tests.gui.helpers import click, save_shot, type_into

CATALOGUE = EditorCatalogue(
    users=((2, "Paul Durand"), (1, "Hélène Lefèvre")),
    groups=("Associés", "Secrétariat"),
    document_templates=(("default:convention_honoraires", "Convention d'honoraires"),
                        ("default:lettre_mission", "Lettre de mission")),
    workflows=(("chaine_relance_facturation", "Chaîne 3/3 : relance facturation"),
               (12, "Relance des impayés")),
)


def builtin(name: str) -> dict:
    return json.loads((builtins_dir() / f"{name}.json").read_text(encoding="utf-8"))


class Panel:
    """A shown panel and every dict it emitted."""

    def __init__(self, qtbot, kind: str, data: dict, record_type: str | None,
                 catalogue: EditorCatalogue = CATALOGUE) -> None:
        self.qtbot = qtbot
        self.widget = build_panel(kind, data, record_type=record_type, catalogue=catalogue)
        assert isinstance(self.widget, NodePanel)
        qtbot.addWidget(self.widget)
        self.widget.resize(380, 700)
        self.widget.show()
        self.emitted: list[dict] = []
        self.widget.changed.connect(self.emitted.append)

    def find(self, cls, name: str):
        found = self.widget.findChild(cls, name)
        assert found is not None, f"no {cls.__name__} named {name!r}"
        return found

    def choose(self, name: str, text: str) -> None:
        """Pick an item of the combo ``name`` by the French text the user reads."""
        combo = self.find(QComboBox, name)
        assert combo.isVisible() and combo.isEnabled(), f"{name} cannot be used"
        shown = [combo.itemText(i) for i in range(combo.count())]
        assert text in shown, f"{text!r} not offered by {name}: {shown}"
        combo.setCurrentIndex(shown.index(text))

    def texts(self, name: str) -> list[str]:
        combo = self.find(QComboBox, name)
        return [combo.itemText(i) for i in range(combo.count()) if combo.itemText(i)]

    def type(self, name: str, text: str, *, replace: bool = False, cls=QLineEdit) -> None:
        """Type ``text``; in a multi-line box each new line is the Return key."""
        edit = self.find(cls, name)
        for n, line in enumerate(text.split("\n")):
            if n:
                self.qtbot.keyClick(edit, Qt.Key.Key_Return)
            type_into(self.qtbot, edit, line, replace=replace and n == 0)

    def spin(self, name: str, value: int) -> None:
        box = self.find(QSpinBox, name)
        assert box.isVisible()
        box.setFocus()
        self.qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        self.qtbot.keyClicks(box, str(value))

    def click(self, cls, name: str) -> None:
        click(self.qtbot, self.find(cls, name))

    @property
    def last(self) -> dict:
        assert self.emitted, "the panel emitted nothing"
        assert self.emitted[-1] == self.widget.data()
        return self.emitted[-1]


def test_encours_client_eleve_is_built_with_the_widgets_only(qtbot):
    doc = builtin("encours_client_eleve")

    trigger = Panel(qtbot, "trigger", {"kind": "created", "record": "matter"}, "matter")
    trigger.choose("trigger_kind", "Seuil dépassé")
    trigger.choose("trigger_record", "Contact / client")
    trigger.choose("trigger_field", "Encours du client")
    trigger.choose("trigger_op", "est supérieur à")
    trigger.type("trigger_value", "10 000,00")
    assert trigger.last == doc["trigger"]

    notify = Panel(qtbot, "action", {"type": "notify"}, "contact")
    assert notify.find(QCheckBox, "notify_popup").isChecked()  # on by default
    notify.click(QCheckBox, "notify_email")
    notify.choose("notify_recipients_choice", "Rôle : le responsable du dossier")
    notify.click(QPushButton, "notify_recipients_add")
    notify.type("notify_subject", doc["actions"][0]["subject"])
    notify.type("notify_body", doc["actions"][0]["body"], cls=QPlainTextEdit)
    assert notify.last == doc["actions"][0]

    set_field = Panel(qtbot, "action", {"type": "set_field"}, "contact")
    assert set_field.texts("set_field_field") == ["Suivi renforcé"]  # the only writable one
    set_field.choose("set_field_value", "non")
    set_field.choose("set_field_value", "oui")
    assert set_field.last == doc["actions"][1]

    built = {**doc, "trigger": trigger.last, "actions": [notify.last, set_field.last]}
    assert built == doc
    assert parse_definition(built).to_json() == parse_definition(doc).to_json()


def test_insert_a_merge_field_at_the_cursor(qtbot):
    notify = Panel(qtbot, "action", {"type": "notify"}, "contact")
    notify.type("notify_subject", "Encours :  !")
    subject = notify.find(QLineEdit, "notify_subject")
    subject.setCursorPosition(len("Encours : "))
    menu = notify.find(QToolButton, "notify_subject_insert_field").field_actions()
    assert set(menu) >= {"Contact / client", "Suivi par"}
    menu["Contact / client"]["Encours du client"].trigger()
    assert subject.text() == "Encours : {{ contact.encours | montant }} !"
    assert notify.last["subject"] == "Encours : {{ contact.encours | montant }} !"
    subject.setCursorPosition(0)
    menu["Contact / client"]["Nom du client"].trigger()
    assert notify.last["subject"].startswith("{{ contact.display_name }}Encours : ")

    body = notify.find(QPlainTextEdit, "notify_body")
    type_into(qtbot, body, "KYC valable jusqu'au ")
    notify.find(QToolButton, "notify_body_insert_field").field_actions()[
        "Contact / client"]["Expiration du KYC"].trigger()
    type_into(qtbot, body, ".")
    assert notify.last["body"] == "KYC valable jusqu'au {{ contact.kyc_expires_on | date_longue }}."


def test_merge_fields_follow_the_records_relations(qtbot):
    task = Panel(qtbot, "action", {"type": "create_task"}, "matter")
    menu = task.find(QToolButton, "task_title_insert_field").field_actions()
    assert {"Dossier", "Client", "Responsable du dossier"} <= set(menu)
    menu["Client"]["Encours du client"].trigger()
    assert task.last["title"] == "{{ client.encours | montant }}"
    menu["Dossier"]["Référence du dossier"].trigger()
    assert task.last["title"] == "{{ client.encours | montant }}{{ matter.reference }}"


def test_switching_the_trigger_kind_resets_its_own_keys(qtbot):
    panel = Panel(qtbot, "trigger", builtin("encours_client_eleve")["trigger"], "contact")
    panel.choose("trigger_kind", "Date limite")
    assert panel.last == {"kind": "date", "record": "contact", "field": "contact.kyc_expires_on",
                          "offset_days": 0, "working_days": False}
    assert not panel.find(QComboBox, "trigger_op").isVisible()
    panel.choose("trigger_record", "Échéance")
    panel.spin("trigger_offset_days", 3)
    panel.choose("trigger_offset_direction", "avant la date")
    panel.click(QCheckBox, "trigger_working_days")
    assert panel.last == builtin("echeance_j_moins_3")["trigger"]
    panel.choose("trigger_offset_direction", "après la date")
    assert panel.last["offset_days"] == 3

    panel.choose("trigger_kind", "Validation")
    assert panel.texts("trigger_record") == ["Tâche terminée", "Facture validée",
                                             "Fin d'exécution d'un workflow"]
    assert panel.last == {"kind": "validated", "record": "task"}
    panel.choose("trigger_record", "Fin d'exécution d'un workflow")
    panel.choose("trigger_workflow", "Chaîne 3/3 : relance facturation")
    assert panel.last == {"kind": "validated", "record": "workflow_run",
                          "workflow": "chaine_relance_facturation"}
    panel.choose("trigger_kind", "Création")
    assert panel.last == {"kind": "created", "record": "workflow_run"}  # no "workflow" left
    assert "Fin d'exécution d'un workflow" not in panel.texts("trigger_record")
    assert not panel.find(QComboBox, "trigger_field").isVisible()


def test_modification_trigger_on_a_status_with_its_new_value(qtbot):
    panel = Panel(qtbot, "trigger", {"kind": "created", "record": "matter"}, "matter")
    panel.choose("trigger_kind", "Modification")
    assert panel.last == {"kind": "updated", "record": "matter"}
    fields = panel.texts("trigger_field")
    assert fields[0] == "(n'importe quel champ)" and "Statut du dossier" in fields
    assert "Encours du dossier" not in fields  # computed: cannot be watched for a change
    panel.choose("trigger_field", "Statut du dossier")
    panel.choose("trigger_to", "Clôturé")
    assert panel.last == builtin("chaine_relance_facturation")["trigger"]
    panel.choose("trigger_from", "Ouvert")
    assert panel.last["from"] == "open"
    panel.choose("trigger_field", "Intitulé du dossier")
    assert panel.last == {"kind": "updated", "record": "matter", "field": "matter.title"}
    panel.type("trigger_to", "Clos")
    assert panel.last["to"] == "Clos"


def test_threshold_on_a_number_and_a_wrong_amount(qtbot):
    panel = Panel(qtbot, "trigger", {"kind": "threshold", "record": "matter",
                                     "field": "matter.encours", "op": "gt", "value": "20000.00"},
                  "matter")
    assert panel.find(QLineEdit, "trigger_value").text() == "20 000,00"
    assert "Statut du dossier" not in panel.texts("trigger_field")  # numbers only
    assert "Client › Encours du client" in panel.texts("trigger_field")
    panel.type("trigger_value", "2O 000", replace=True)
    error = panel.find(QLabel, "trigger_value_error")
    assert error.isVisible() and "n'est pas un montant valide" in error.text()
    panel.type("trigger_value", "15 000,5", replace=True)
    assert not error.isVisible()
    assert panel.last["value"] == "15000.50"
    panel.choose("trigger_field", "Jours depuis la dernière provision reçue")
    panel.spin("trigger_value", 60)
    panel.choose("trigger_op", "est supérieur ou égal à")
    assert panel.last == {"kind": "threshold", "record": "matter",
                          "field": "matter.jours_depuis_derniere_provision", "op": "ge",
                          "value": 60}


def test_condition_value_editor_follows_the_field_type(qtbot):
    panel = Panel(qtbot, "condition", {"field": "matter.status", "op": "eq", "value": "open"},
                  "matter")
    assert panel.texts("condition_op") == ["est égal à", "est différent de", "est parmi",
                                           "n'est pas parmi", "est vide", "est renseigné"]
    panel.choose("condition_op", "est parmi")
    values = panel.find(QListWidget, "condition_value")
    for label in ("Ouvert", "En attente"):
        values.findItems(label, Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Checked)
    assert panel.last == {"field": "matter.status", "op": "in", "value": ["open", "pending"]}

    panel.choose("condition_field", "Client › Encours du client")
    assert "est supérieur à" in panel.texts("condition_op")
    assert "contient" not in panel.texts("condition_op")
    panel.choose("condition_op", "est supérieur à")
    panel.type("condition_value", "20 000,00")
    assert panel.last == {"field": "client.encours", "op": "gt", "value": "20000.00"}
    panel.choose("condition_op", "est vide")
    assert panel.last == {"field": "client.encours", "op": "is_empty"}
    assert not panel.widget.row_visible(panel.widget.value)  # nothing to type for « vide »

    panel.choose("condition_field", "Date d'ouverture du dossier")
    panel.choose("condition_op", "est inférieur à")
    panel.choose("condition_value_mode", "il y a … jours")
    panel.spin("condition_value_days", 30)
    assert panel.last == {"field": "matter.opened_on", "op": "lt",
                          "value": {"days_from_today": -30}}

    panel.choose("condition_field", "Client › Suivi renforcé")
    assert panel.texts("condition_op") == ["est égal à", "est différent de"]
    panel.choose("condition_value", "non")
    assert panel.last == {"field": "client.close_monitoring", "op": "eq", "value": False}


def test_group_and_workflow_panels(qtbot):
    group = Panel(qtbot, "group", {"mode": "all"}, "matter")
    group.choose("group_mode", "aucune des conditions (NON)")
    assert group.last == {"mode": "not"}
    group.choose("group_mode", "au moins une condition (OU)")
    assert group.last == {"mode": "any"}

    wf = Panel(qtbot, "workflow", {"name": "", "description": "",
                                   "late_policy": {"mode": "fire_late"}}, "deadline")
    assert not wf.find(QSpinBox, "late_days").isVisible()
    wf.type("workflow_name", "Échéance à J−3")
    wf.type("workflow_description", "Rappel", cls=QPlainTextEdit)
    wf.choose("late_mode", "ignorer au-delà de N jours de retard")
    wf.spin("late_days", 3)
    assert wf.last == {"name": "Échéance à J−3", "description": "Rappel",
                       "late_policy": {"mode": "skip_older_than", "days": 3}}
    wf.choose("late_mode", "déclencher en retard et le signaler")
    assert wf.last["late_policy"] == {"mode": "fire_late"}


def test_recipients_are_added_and_removed(qtbot):
    panel = Panel(qtbot, "action", {"type": "notify", "channels": ["popup"],
                                    "recipients": [{"role": "responsible"}],
                                    "subject": "s", "body": "b"}, "matter")
    assert panel.texts("notify_recipients_choice") == [
        "Rôle : le responsable du dossier", "Rôle : les intervenants du dossier",
        "Rôle : l'utilisateur à l'origine de l'événement", "Groupe : Associés",
        "Groupe : Secrétariat", "Utilisateur : Paul Durand", "Utilisateur : Hélène Lefèvre"]
    for who in ("Groupe : Associés", "Utilisateur : Paul Durand"):
        panel.choose("notify_recipients_choice", who)
        panel.click(QPushButton, "notify_recipients_add")
    assert panel.last["recipients"] == [{"role": "responsible"}, {"group": "Associés"},
                                        {"user": 2}]
    panel.find(QListWidget, "notify_recipients").setCurrentRow(0)
    panel.click(QPushButton, "notify_recipients_remove")
    assert panel.last["recipients"] == [{"group": "Associés"}, {"user": 2}]
    panel.click(QCheckBox, "notify_email")
    assert panel.last["channels"] == ["popup", "email"]


def test_schedule_holds_a_nested_action_chosen_by_type(qtbot):
    doc = builtin("chaine_relance_facturation")["actions"][0]
    panel = Panel(qtbot, "action", doc, "matter")
    assert panel.widget.data() == doc
    panel.spin("schedule_in_days", 15)
    assert panel.last["in_days"] == 15 and panel.last["action"] == doc["action"]
    panel.choose("schedule_type", "Démarrer un workflow")
    panel.choose("start_workflow_workflow", "Relance des impayés")
    assert panel.last == {"type": "schedule", "in_days": 15,
                          "action": {"type": "start_workflow", "workflow": 12}}
    assert "Différer une action" not in panel.texts("schedule_type")


def test_task_appointment_and_document_actions(qtbot):
    task = Panel(qtbot, "action", {"type": "create_task"}, "matter")
    task.type("task_title", "Appeler le client")
    task.choose("task_assignee", "Groupe : Secrétariat")
    task.spin("task_due_in_days", 5)
    assert task.last == {"type": "create_task", "title": "Appeler le client",
                         "assignee": {"group": "Secrétariat"}, "due_in_days": 5}
    task.type("task_description", "Fixer un rendez-vous", cls=QPlainTextEdit)
    assert task.last["description"] == "Fixer un rendez-vous"

    appt = Panel(qtbot, "action", {"type": "create_appointment"}, "matter")
    appt.type("appointment_title", "Point d'étape")
    appt.spin("appointment_in_days", 7)
    appt.choose("appointment_attendees_choice", "Utilisateur : Hélène Lefèvre")
    appt.click(QPushButton, "appointment_attendees_add")
    appt.type("appointment_location", "Salle Portalis")
    assert appt.last == {"type": "create_appointment", "title": "Point d'étape", "in_days": 7,
                         "time": "09:00", "duration_minutes": 60, "attendees": [{"user": 1}],
                         "location": "Salle Portalis"}

    document = Panel(qtbot, "action", {"type": "create_document"}, "matter")
    document.choose("document_template", "Lettre de mission")
    assert document.last == {"type": "create_document", "template": "default:lettre_mission"}
    document.type("document_title", "Lettre de mission signée")
    assert document.last["title"] == "Lettre de mission signée"


def test_workflow_pickers_come_from_the_firms_catalogue(qtbot, firm_ctx):
    catalogue = load_catalogue(firm_ctx.db, data_dir=firm_ctx.dirs.data)
    panel = Panel(qtbot, "action", builtin("chaine_onboarding_client")["actions"][2], "matter",
                  catalogue)
    combo = panel.find(QComboBox, "start_workflow_workflow")
    assert combo.currentText() == "Chaîne 2/3 : planification de la procédure"
    panel.choose("start_workflow_workflow", "Chaîne 3/3 : relance facturation")
    assert panel.last == {"type": "start_workflow", "workflow": "chaine_relance_facturation"}


@pytest.mark.parametrize("name, kind, data, record", [
    ("trigger_threshold", "trigger", builtin("encours_client_eleve")["trigger"], "contact"),
    ("notify", "action", builtin("encours_client_eleve")["actions"][0], "contact"),
    ("set_field", "action", builtin("encours_client_eleve")["actions"][1], "contact"),
    ("condition", "condition", {"field": "client.encours", "op": "gt", "value": "20000.00"},
     "matter"),
    ("schedule", "action", builtin("chaine_relance_facturation")["actions"][0], "matter"),
])
def test_panels_fit_an_editor_side_panel(qtbot, name, kind, data, record):
    panel = build_panel(kind, data, record_type=record, catalogue=CATALOGUE)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(panel)
    qtbot.addWidget(area)
    area.resize(380, 700)
    area.show()
    qtbot.waitExposed(area)
    assert panel.minimumSizeHint().width() <= area.viewport().width()  # nothing cut off
    qtbot.waitUntil(lambda: panel.width() <= area.viewport().width())  # no sideways scrolling
    assert not area.horizontalScrollBar().isVisible()
    assert panel.data() == data
    save_shot(area, f"panel_{name}.png")
