"""The conflict-of-interest step of the opening dialog: run the check, see who was found and
why, and decide (« Aucun conflit », « Conflit — ne pas ouvrir », « Passer outre » with a
justification)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QButtonGroup, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from themisia_desktop.core.contacts.conflicts import BLOCKING, ConflictHit
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.gui.tables import LEFT, RowsModel, make_table

DECISIONS = (("cleared", "Aucun conflit"), ("conflict", "Conflit — ne pas ouvrir"),
             ("waived", "Passer outre"))
STALE_TEXT = "Vérification à faire pour la liste actuelle des parties."


class ConflictPanel(QGroupBox):
    """Shows the last check; ``checkRequested`` when « Vérifier les conflits » is clicked."""

    checkRequested = Signal()
    decisionChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Conflits d'intérêts", parent)
        self.hits: list[ConflictHit] = []
        self.current = False
        self.check_button = QPushButton("Vérifier les conflits", self)
        self.check_button.clicked.connect(self.checkRequested)
        self.state_label = QLabel(STALE_TEXT, self)
        self.state_label.setWordWrap(True)
        self.model = RowsModel(("Qui", "Pourquoi", "Gravité", "Partie recherchée"),
                               (LEFT, LEFT, LEFT, LEFT), self)
        self.view = make_table(self, self.model, (130, 250, 80, 120), stretch=1)
        self.view.setWordWrap(True)   # the reason is a sentence: show it whole
        self.view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.view.setMinimumHeight(self.fontMetrics().height() * 5)
        self.view.hide()
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        radios = QHBoxLayout()
        for code, label in DECISIONS:
            radio = QRadioButton(label, self)
            radio.setEnabled(False)
            self.group.addButton(radio)
            self.radios[code] = radio
            radios.addWidget(radio)
            radio.toggled.connect(self._decided)
        radios.addStretch(1)
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText("Justification (obligatoire pour passer outre)")
        self.note_edit.setEnabled(False)
        self.note_edit.textEdited.connect(lambda _t: self.error_label.hide())
        self.error_label = QLabel("", self)
        self.error_label.setObjectName("error_conflict")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a61b1b;")
        self.error_label.hide()
        top = QHBoxLayout()
        top.addWidget(self.check_button)
        top.addWidget(self.state_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(radios)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.error_label)

    # -- state -----------------------------------------------------------------------------
    def set_stale(self) -> None:
        """The parties changed: the last check no longer counts."""
        if not self.current and not self.hits:
            return
        self.current = False
        self.hits = []
        self.model.set_rows([])
        self.view.hide()
        self.state_label.setText(STALE_TEXT)
        self._enable(False)

    def set_running(self) -> None:
        self.check_button.setEnabled(False)
        self.error_label.hide()
        self.state_label.setText("Recherche des conflits…")

    def show_hits(self, hits: list[ConflictHit]) -> None:
        self.check_button.setEnabled(True)
        self.current = True
        self.hits = list(hits)
        self.model.set_rows([(h.contact_id, (h.display_name, h.reason, h.severity.capitalize(), h.party))
                             for h in hits], tips=[h.reason for h in hits])
        self.view.setVisible(bool(hits))
        blocking = sum(1 for h in hits if h.severity == BLOCKING)
        if not hits:
            self.state_label.setText("Aucun conflit trouvé.")
        else:
            self.state_label.setText(
                f"{len(hits)} point(s) relevé(s), dont {blocking} bloquant(s) : décidez de la "
                "suite." if blocking else f"{len(hits)} point(s) à examiner : décidez de la suite.")
        self._enable(True)
        self.group.setExclusive(False)
        for radio in self.radios.values():
            radio.setChecked(False)
        self.group.setExclusive(True)
        if not hits:
            self.radios["cleared"].setChecked(True)

    def show_failure(self, message: str) -> None:
        self.check_button.setEnabled(True)
        self.state_label.setText(STALE_TEXT)
        self.show_error(message)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _enable(self, on: bool) -> None:
        for radio in self.radios.values():
            radio.setEnabled(on)
        self.note_edit.setEnabled(on)

    def _decided(self, _on: bool) -> None:
        self.error_label.hide()
        self.decisionChanged.emit()

    # -- reading ---------------------------------------------------------------------------
    def decision(self) -> str | None:
        for code, radio in self.radios.items():
            if radio.isChecked():
                return code
        return None

    def note(self) -> str:
        return self.note_edit.text().strip()

    def validated_decision(self) -> tuple[str, str]:
        """(decision, note), or ValidationError(field="conflict_check") in French."""
        if not self.current:
            raise ValidationError("Lancez « Vérifier les conflits » pour la liste actuelle des "
                                  "parties avant d'ouvrir le dossier.", field="conflict_check")
        decision = self.decision()
        if decision is None:
            raise ValidationError("Choisissez la suite à donner au contrôle des conflits.",
                                  field="conflict_check")
        if decision == "waived" and not self.note():
            raise ValidationError("Pour passer outre, indiquez la justification.",
                                  field="conflict_check")
        return decision, self.note()
