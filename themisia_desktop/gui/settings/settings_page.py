"""The « Paramètres » area: a list of sections on the left (« Cabinet », « Messagerie »,
« Automatisations et délais »), the chosen section's form on the right. Users who are not
administrators see every setting, read-only, with a word saying why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QStackedWidget, QVBoxLayout,
                               QWidget)

from themisia_desktop.context import AppContext
from themisia_desktop.gui.settings.firm_form import FirmForm
from themisia_desktop.gui.settings.form_base import SettingsForm, notice_frame
from themisia_desktop.gui.settings.general_form import GeneralForm
from themisia_desktop.gui.settings.smtp_form import SmtpForm

TITLE = "Paramètres"
READ_ONLY = ("Seuls les administrateurs du cabinet peuvent modifier ces paramètres. Vous pouvez "
             "les consulter ; adressez-vous à un administrateur pour les faire changer.")
SECTIONS = ("Cabinet", "Messagerie", "Automatisations et délais")


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("area_settings")
        self.ctx = ctx
        user = ctx.current_user
        self.editable = bool(user is not None and user.is_admin and user.is_active)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 12)
        outer.setSpacing(10)
        title = QLabel(TITLE, self)
        title.setObjectName("settings_title")
        title.setProperty("role", "title")
        outer.addWidget(title)
        self.read_only_notice, label = notice_frame(self, "read_only_notice")
        label.setText(READ_ONLY)
        self.read_only_notice.setVisible(not self.editable)
        outer.addWidget(self.read_only_notice)

        body = QHBoxLayout()
        body.setSpacing(16)
        self.section_list = QListWidget(self)
        self.section_list.setObjectName("section_list")
        self.section_list.addItems(list(SECTIONS))
        self.section_list.setFixedWidth(220)
        self.section_list.setStyleSheet("QListWidget::item { padding: 8px 10px; }")
        self.stack = QStackedWidget(self)
        self.firm_form = FirmForm(ctx, editable=self.editable, parent=self.stack)
        self.smtp_form = SmtpForm(ctx, editable=self.editable, parent=self.stack)
        self.general_form = GeneralForm(ctx, editable=self.editable, parent=self.stack)
        for form in self.forms:
            self.stack.addWidget(form)
        self.section_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.section_list.setCurrentRow(0)
        body.addWidget(self.section_list, 0, Qt.AlignmentFlag.AlignTop)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.section_list.setMinimumHeight(40 * len(SECTIONS))

    @property
    def forms(self) -> tuple[SettingsForm, ...]:
        return (self.firm_form, self.smtp_form, self.general_form)

    @property
    def busy(self) -> bool:
        return any(form.busy for form in self.forms)

    def show_section(self, title: str) -> SettingsForm:
        index = SECTIONS.index(title)
        self.section_list.setCurrentRow(index)
        return self.forms[index]


def build_settings_page(ctx: AppContext) -> QWidget:
    return SettingsPage(ctx)
