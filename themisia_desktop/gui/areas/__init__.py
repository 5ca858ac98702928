"""The areas of the main window, in navigation order.

An area's page is built the first time it is shown, by importing ``factory`` ("module:callable",
called with the AppContext and returning a QWidget): a window opens fast and pays only for the
areas the user visits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AreaSpec:
    key: str
    title: str
    summary: str
    factory: str


AREAS: tuple[AreaSpec, ...] = (
    AreaSpec("contacts", "Contacts",
             "La base de toutes vos relations : clients, prospects, parties adverses, confrères, "
             "experts et juridictions. Pour chacun, une fiche complète avec le journal des "
             "échanges, les dossiers, les factures, les règlements et la situation financière, "
             "la détection des doublons, le suivi KYC et la recherche de conflits d'intérêts.",
             "themisia_desktop.gui.contacts.contact_list:build_contacts_page"),
    AreaSpec("matters", "Dossiers",
             "Les dossiers du cabinet : client, associé responsable, parties et intervenants, "
             "temps passés, frais, provisions et factures.",
             "themisia_desktop.gui.matters.matter_list:build_matters_page"),
    AreaSpec("calendar", "Agenda & tâches",
             "Vos rendez-vous, vos tâches et les délais de procédure, calculés en tenant compte "
             "des jours fériés.",
             "themisia_desktop.gui.calendar.calendar_page:build_calendar_page"),
    AreaSpec("automation", "Automatisations",
             "Des règles « quand ceci arrive, faire cela » : un déclencheur, des conditions et des "
             "actions (créer une tâche, un rendez-vous ou un document, prévenir un collègue), "
             "avec l'historique de chaque exécution.",
             "themisia_desktop.gui.automation.automation_page:build_automation_page"),
    AreaSpec("notifications", "Notifications",
             "Les alertes qui vous sont adressées par les automatisations et vos collègues, et le "
             "suivi des e-mails envoyés par Themisia.",
             "themisia_desktop.gui.notify.notification_centre:build_notifications_page"),
    AreaSpec("settings", "Paramètres",
             "Les réglages du cabinet : identité, messagerie, délais de paiement et de créances "
             "douteuses, jours fériés d'Alsace-Moselle et rythme des automatisations.",
             "themisia_desktop.gui.settings.settings_page:build_settings_page"),
)
