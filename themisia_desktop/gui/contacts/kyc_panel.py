"""« KYC »: the current state, the typology's checklist, and « Enregistrer la revue »."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from themisia_desktop.core.contacts.card import fr_date
from themisia_desktop.core.contacts.identifiers import parse_date
from themisia_desktop.core.contacts.kyc import KycState, kyc_state, record_review
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models.enums import KycStatus
from themisia_desktop.gui.contacts.panel_base import CardPanel
from themisia_desktop.gui.field_errors import FieldErrors

CHOICES = (KycStatus.TO_CHECK, KycStatus.IN_PROGRESS, KycStatus.VALIDATED, KycStatus.REFUSED)


def state_text(state: KycState) -> str:
    text = f"Statut actuel : {state.status.label}"
    if state.expires_on is not None:
        verb = "expire le" if state.status == KycStatus.VALIDATED else "expiré le"
        text += f" ({verb} {fr_date(state.expires_on)})"
    count = state.reviews
    return text + (f" · {count} revue{'s' if count > 1 else ''} enregistrée{'s' if count > 1 else ''}"
                   if count else " · aucune revue enregistrée")


class KycPanel(CardPanel):
    def __init__(self, ctx, contact_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, contact_id, parent)
        self.state: KycState | None = None
        self.checks: dict[str, QCheckBox] = {}
        self.state_label = QLabel("Chargement…", self)
        font = self.state_label.font()
        font.setBold(True)
        self.state_label.setFont(font)
        self.checklist_box = QGroupBox("Pièces du dossier KYC", self)
        self._checklist_layout = QVBoxLayout(self.checklist_box)
        self.status_combo = QComboBox(self)
        for status in CHOICES:
            self.status_combo.addItem(status.label, status.value)
        self.expires_edit = QLineEdit(self)
        self.expires_edit.setPlaceholderText("JJ/MM/AAAA — un an par défaut pour une validation")
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setPlaceholderText("Note de la revue (facultatif)")
        self.notes_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.save_button = QPushButton("Enregistrer la revue", self)
        self.save_button.clicked.connect(self.save)

        form_box = QGroupBox("Nouvelle revue", self)
        self.form = QFormLayout(form_box)
        self.form.addRow("Statut :", self.status_combo)
        self.form.addRow("Expire le :", self.expires_edit)
        self.form.addRow("Note :", self.notes_edit)
        self.errors = FieldErrors(self.form, {"kyc_status": self.status_combo,
                                              "kyc_expires_on": self.expires_edit})
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        self.form.addRow(buttons)

        columns = QHBoxLayout()
        columns.addWidget(self.checklist_box, 1)
        columns.addWidget(form_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addLayout(columns)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.reload()

    def reload(self) -> None:
        db, cid, today = self._ctx.db, self.contact_id, self._ctx.clock.today()
        self.run(lambda: kyc_state(db, cid, today), self._apply)

    def _apply(self, state: KycState) -> None:
        self.state = state
        self.state_label.setText(state_text(state))
        for box in self.checks.values():
            self._checklist_layout.removeWidget(box)
            box.deleteLater()
        self.checks = {}
        for item in state.checklist:
            box = QCheckBox(item.label, self.checklist_box)
            box.setChecked(item.done)
            self._checklist_layout.addWidget(box)
            self.checks[item.key] = box
        index = self.status_combo.findData(state.recorded_status.value)
        if index >= 0:
            self.status_combo.setCurrentIndex(index)
        self.loaded.emit()

    def save(self) -> None:
        ctx, cid, actor = self._ctx, self.contact_id, self.actor()
        status = self.status_combo.currentData()
        ticks = {key: box.isChecked() for key, box in self.checks.items()}
        expires_text, notes = self.expires_edit.text(), self.notes_edit.toPlainText()
        self.errors.clear()

        def work() -> KycState:
            expires = parse_date(expires_text, field="kyc_expires_on",
                                 label="La date d'expiration")
            return record_review(ctx.db, ctx.clock, cid, status, checklist=ticks,
                                 expires_on=expires, notes=notes, actor_id=actor)

        def done(_state: KycState) -> None:
            self.save_button.setEnabled(True)
            self.expires_edit.clear()
            self.notes_edit.clear()
            self.changed.emit()
            self.reload()

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            if isinstance(exc, ValidationError) and self.errors.has(exc.field):
                self.errors.show(exc.field, exc.message)
            else:
                self.show_error(str(exc) if isinstance(exc, ValidationError)
                                else f"L'enregistrement a échoué : {exc}")

        self.save_button.setEnabled(False)
        self.run(work, done, failed)
