"""« Messagerie »: the firm's SMTP server, its password (OS keyring) and « Envoyer un e-mail
de test » showing the server's own answer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from themisia_desktop.context import AppContext
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.firm.preferences import (SECURITY_LABELS, SmtpInput, SmtpSaveResult,
                                                     SmtpSettings, get_smtp_settings,
                                                     update_smtp_settings)
from themisia_desktop.core.notify.test_mail import TestMailResult, send_test_mail
from themisia_desktop.gui.field_errors import FieldErrors
from themisia_desktop.gui.settings.form_base import FORM_WIDTH, SettingsForm, line_edit
from themisia_desktop.gui.tables import error_text

TITLE = "Messagerie"
LEAD = ("Le serveur d'envoi (SMTP) utilisé pour les e-mails du cabinet : relances, "
        "notifications et documents. Le mot de passe est conservé dans le trousseau du système, "
        "jamais dans la base.")
NO_KEYRING = ("Aucun trousseau de mots de passe n'est disponible sur ce poste : le mot de passe "
              "saisi sera gardé pour cette session seulement et devra être saisi à nouveau au "
              "prochain démarrage.")
PASSWORD_KEPT = "Inchangé (mot de passe enregistré)"
PASSWORD_NONE = "Mot de passe du compte"
TEST_BUTTON = "Envoyer un e-mail de test"
TEST_HINT = ("Le test utilise les paramètres enregistrés (et le mot de passe saisi ci-dessus, "
             "s'il y en a un) et affiche la réponse du serveur.")
SENDING = "Envoi en cours…"


class SmtpForm(SettingsForm):
    def __init__(self, ctx: AppContext, *, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(ctx, TITLE, LEAD, editable=editable, parent=parent)
        box = self.form_box
        self.host_edit = line_edit(box, "host_edit", max_length=253, placeholder="smtp.cabinet.fr")
        self.port_edit = line_edit(box, "port_edit", max_length=5, width=90, placeholder="587")
        self.security_combo = QComboBox(box)
        self.security_combo.setObjectName("security_combo")
        for key, label in SECURITY_LABELS.items():
            self.security_combo.addItem(label, key)
        self.security_combo.setMaximumWidth(220)
        self.user_edit = line_edit(box, "user_edit", max_length=254,
                                   placeholder="accueil@cabinet.fr")
        self.password_edit = line_edit(box, "password_edit", max_length=1000)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.sender_edit = line_edit(box, "sender_edit", max_length=320,
                                     placeholder="Cabinet Martin <accueil@cabinet.fr>")
        self.timeout_edit = line_edit(box, "timeout_edit", max_length=3, width=90)
        for label, widget in (("Serveur *", self.host_edit), ("Port *", self.port_edit),
                              ("Sécurité", self.security_combo), ("Compte", self.user_edit),
                              ("Mot de passe", self.password_edit),
                              ("Adresse d'expédition *", self.sender_edit),
                              ("Délai d'attente (secondes)", self.timeout_edit)):
            self.add_row(label, widget)
        self.finish({"host": self.host_edit, "port": self.port_edit,
                     "security": self.security_combo, "user": self.user_edit,
                     "password": self.password_edit, "sender": self.sender_edit,
                     "timeout_seconds": self.timeout_edit})
        self._build_test_box(ctx)
        self.load()

    # -- « Envoyer un e-mail de test » --------------------------------------------------------
    def _build_test_box(self, ctx: AppContext) -> None:
        self.test_box = QFrame(self.body)
        self.test_box.setObjectName("test_box")
        self.test_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.test_box.setMaximumWidth(FORM_WIDTH)
        layout = QVBoxLayout(self.test_box)
        layout.setContentsMargins(14, 10, 14, 12)
        heading = QLabel("E-mail de test", self.test_box)
        heading.setStyleSheet("font-weight: 600;")
        hint = QLabel(TEST_HINT, self.test_box)
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.test_to_edit = line_edit(self.test_box, "test_to_edit", max_length=254)
        user = ctx.current_user
        self.test_to_edit.setText((user.email or "") if user else "")
        row = QWidget(self.test_box)
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.test_button = QPushButton(TEST_BUTTON, row)
        self.test_button.setObjectName("test_button")
        self.test_button.clicked.connect(self.send_test)
        row_layout.addWidget(self.test_button)
        row_layout.addStretch(1)
        form.addRow("Destinataire", self.test_to_edit)
        form.addRow("", row)
        self.test_errors = FieldErrors(form, {"to": self.test_to_edit})
        self.test_answer = QLabel(self.test_box)
        self.test_answer.setObjectName("test_answer")
        self.test_answer.setWordWrap(True)
        self.test_answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_answer.setVisible(False)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.test_answer)
        self.column.insertWidget(self.column.count() - 1, self.test_box)  # above the stretch
        self.test_box.setVisible(self.editable)

    def test_answer_text(self) -> str:
        return self.test_answer.text() if self.test_answer.isVisible() else ""

    def send_test(self) -> None:
        if self.busy:
            return
        self.test_errors.clear()
        to = self.test_to_edit.text()
        password = self.password_edit.text() or None
        ctx = self.ctx
        self.test_button.setEnabled(False)
        self._show_answer(SENDING, None)
        self.worker.submit(lambda: send_test_mail(ctx.db, ctx.secrets, to, password=password,
                                                  clock=ctx.clock),
                           self._on_test_done, self._on_test_failed)

    def _show_answer(self, text: str, ok: bool | None) -> None:
        color = {True: "#1e6b34", False: "#b3261e", None: "#5c6778"}[ok]
        self.test_answer.setStyleSheet(f"color: {color};")
        self.test_answer.setText(text)
        self.test_answer.setVisible(bool(text))

    def _on_test_done(self, result: TestMailResult) -> None:
        self.test_button.setEnabled(True)
        if result.ok:
            self._show_answer(f"E-mail envoyé. Réponse du serveur : « {result.answer} »", True)
        else:
            self._show_answer(f"Échec de l'envoi. {result.answer}", False)

    def _on_test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        if isinstance(exc, ValidationError) and exc.field == "to":
            self._show_answer("", None)
            self.test_errors.show("to", exc.message)
        else:
            self._show_answer(error_text(exc), False)

    # -- settings ----------------------------------------------------------------------------
    def set_editable(self, editable: bool) -> None:
        super().set_editable(editable)
        if hasattr(self, "test_box"):
            self.test_box.setVisible(editable)

    def fetch(self) -> SmtpSettings:
        return get_smtp_settings(self.ctx.db, self.ctx.secrets)

    def fill(self, value: SmtpSettings | SmtpSaveResult) -> None:
        settings = value.settings if isinstance(value, SmtpSaveResult) else value
        self.host_edit.setText(settings.host)
        self.port_edit.setText(str(settings.port))
        index = self.security_combo.findData(settings.security)
        self.security_combo.setCurrentIndex(max(index, 0))
        self.user_edit.setText(settings.user)
        self.password_edit.clear()
        self.password_edit.setPlaceholderText(PASSWORD_KEPT if settings.password_known
                                              else PASSWORD_NONE)
        self.sender_edit.setText(settings.sender)
        self.timeout_edit.setText(str(settings.timeout_seconds))
        self.show_notice(None if settings.keyring_available else NO_KEYRING)

    def collect(self) -> tuple[SmtpInput, str]:
        data = SmtpInput(host=self.host_edit.text(), port=self.port_edit.text(),
                         security=str(self.security_combo.currentData()),
                         user=self.user_edit.text(), sender=self.sender_edit.text(),
                         timeout_seconds=self.timeout_edit.text())
        return data, self.password_edit.text()

    def store(self, data: tuple[SmtpInput, str]) -> SmtpSaveResult:
        smtp, password = data
        user = self.ctx.current_user
        return update_smtp_settings(self.ctx.db, self.ctx.clock, self.ctx.secrets, smtp,
                                    password=password or None, user_id=user.id if user else None)

    def saved_message(self, result: SmtpSaveResult) -> str:
        if result.password == "keyring":
            return "Paramètres enregistrés ; mot de passe conservé dans le trousseau du système."
        if result.password == "session":
            return "Paramètres enregistrés ; mot de passe gardé pour cette session seulement."
        return "Paramètres de messagerie enregistrés."

    def _on_saved(self, result: SmtpSaveResult) -> None:
        super()._on_saved(result)
        if result.notice:
            self.show_notice(result.notice)
