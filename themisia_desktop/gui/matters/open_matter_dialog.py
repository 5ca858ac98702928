"""« Nouveau dossier » : client, intitulé, domaine, responsable, avocats affectés, parties,
then the conflict check and its decision; the KYC warning is a confirmation. Everything is
read and written by core on the dialog's worker; errors are shown next to their field."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from themisia_desktop.core.contacts.conflicts import check_conflicts, record_conflict_check
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.matters.queries import CLIENT_KINDS, form_choices, party_probes
from themisia_desktop.core.matters.schema import FormChoices, KycWarning, MatterInput
from themisia_desktop.core.matters.service import open_matter
from themisia_desktop.core.models.enums import PartyRole
from themisia_desktop.gui.busy_guard import CloseWhenIdle
from themisia_desktop.gui.contacts.contact_search import ContactSearch
from themisia_desktop.gui.field_errors import FieldErrors
from themisia_desktop.gui.matters.conflict_panel import ConflictPanel
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker


@dataclass(frozen=True)
class _Recorded:
    key: tuple
    decision: str
    note: str
    check_id: int


class OpenMatterDialog(CloseWhenIdle, QDialog):
    """Emits ``opened(matter_id)`` then closes (accepted) once the matter is opened."""

    opened = Signal(int)
    choicesLoaded = Signal()
    checked = Signal()
    failed = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self._worker = Worker(self)
        self._client: tuple[int, str] | None = None
        self._parties: list[tuple[int, str, str]] = []   # (contact id, name, role)
        self._checked_key: tuple | None = None
        self._recorded: _Recorded | None = None
        self._kyc_acknowledged = False
        self._probes: list = []
        self.confirm_box: QMessageBox | None = None
        self.setWindowTitle("Nouveau dossier")
        self._build()
        self.resize(1120, 720)
        self._load_choices()

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        db = self._ctx.db
        self.client_picker = ContactSearch(db, self, kinds=CLIENT_KINDS, placeholder=(
            "Tapez le nom du client (personne ou société)…"))
        self.client_picker.picked.connect(self._client_picked)
        self.client_picker.edit.textEdited.connect(lambda _t: self._client_cleared())
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(300)
        self.title_edit.setPlaceholderText("Ex. : Litige commercial c/ Société X")
        self.domain_combo = QComboBox(self)
        self.domain_combo.setEditable(True)
        self.domain_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.domain_combo.lineEdit().setPlaceholderText("Ex. : Droit commercial")
        self.responsible_combo = QComboBox(self)
        self.assignees_list = QListWidget(self)
        self.assignees_list.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        form = QFormLayout()
        form.addRow("Client :", self.client_picker)
        form.addRow("Intitulé :", self.title_edit)
        form.addRow("Domaine :", self.domain_combo)
        form.addRow("Associé responsable :", self.responsible_combo)
        form.addRow("Avocats affectés :", self.assignees_list)
        form.addRow("Description :", self.description_edit)
        self.errors = FieldErrors(form, {
            "client": self.client_picker, "title": self.title_edit, "domain": self.domain_combo,
            "responsible": self.responsible_combo, "assignees": self.assignees_list})

        parties = QGroupBox("Autres parties et intervenants", self)
        self.party_picker = ContactSearch(db, parties, rows=3,
                                          placeholder="Tapez le nom d'une partie…")
        self.role_combo = QComboBox(parties)
        for role in PartyRole:
            if role != PartyRole.CLIENT:
                self.role_combo.addItem(role.label, role.value)
        self.add_party_button = QPushButton("Ajouter la partie", parties)
        self.add_party_button.clicked.connect(self.add_party)
        self.party_picker.picked.connect(lambda _i, _n: self.add_party_button.setFocus())
        self.parties_list = QListWidget(parties)
        self.parties_list.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.remove_party_button = QPushButton("Retirer", parties)
        self.remove_party_button.clicked.connect(self.remove_party)
        self.party_error = QLabel("", parties)
        self.party_error.setObjectName("error_parties")
        self.party_error.setStyleSheet("color: #a61b1b;")
        self.party_error.hide()
        pick = QHBoxLayout()
        pick.addWidget(self.party_picker, 1)
        pick.addWidget(self.role_combo, 0, Qt.AlignmentFlag.AlignTop)
        pick.addWidget(self.add_party_button, 0, Qt.AlignmentFlag.AlignTop)
        listed = QHBoxLayout()
        listed.addWidget(self.parties_list, 1)
        listed.addWidget(self.remove_party_button, 0, Qt.AlignmentFlag.AlignTop)
        box = QVBoxLayout(parties)
        box.addLayout(pick)
        box.addLayout(listed)
        box.addWidget(self.party_error)

        self.conflicts = ConflictPanel(self)
        self.conflicts.checkRequested.connect(self.run_check)

        self.error_label = QLabel("", self)
        self.error_label.setObjectName("error_general")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a61b1b;")
        self.error_label.hide()
        self.open_button = QPushButton("Ouvrir le dossier", self)
        self.open_button.setDefault(False)
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton("Annuler", self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        for button in (self.add_party_button, self.remove_party_button,
                       self.conflicts.check_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_label, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.open_button)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(parties)
        right.addWidget(self.conflicts, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

    @property
    def busy(self) -> bool:
        return self._worker.busy or self.client_picker.busy or self.party_picker.busy

    # -- choices ---------------------------------------------------------------------------
    def _load_choices(self) -> None:
        db = self._ctx.db
        self._worker.submit(lambda: form_choices(db), self._apply_choices,
                            lambda exc: self._show_error(error_text(exc)))

    def _apply_choices(self, choices: FormChoices) -> None:
        me = getattr(self._ctx, "current_user", None)
        for user in choices.users:
            self.responsible_combo.addItem(f"{user.name} ({user.category_label})", user.id)
            item = QListWidgetItem(user.name, self.assignees_list)
            item.setData(Qt.ItemDataRole.UserRole, user.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        if me is not None:
            index = self.responsible_combo.findData(me.id)
            if index >= 0:
                self.responsible_combo.setCurrentIndex(index)
        self.domain_combo.addItems(list(choices.domains))
        self.domain_combo.setCurrentIndex(-1)
        self.domain_combo.setEditText("")
        self.choicesLoaded.emit()

    # -- client and parties ----------------------------------------------------------------
    def _client_picked(self, contact_id: int, name: str) -> None:
        self._client = (contact_id, name)
        self.errors.clear("client")
        self._parties_changed()

    def _client_cleared(self) -> None:
        if self._client is not None:
            self._client = None
            self._parties_changed()

    def add_party(self) -> None:
        contact_id = self.party_picker.contact_id
        role = self.role_combo.currentData()
        self.party_error.hide()
        if contact_id is None:
            return self._party_failed("Choisissez d'abord un contact dans la liste.")
        name = self.party_picker.edit.text()
        if self._client is not None and contact_id == self._client[0]:
            return self._party_failed(f"{name} est le client du dossier.")
        if any(p[0] == contact_id and p[2] == role for p in self._parties):
            return self._party_failed(f"{name} figure déjà comme « {PartyRole(role).label} ».")
        self._parties.append((contact_id, name, role))
        item = QListWidgetItem(f"{name} — {PartyRole(role).label}", self.parties_list)
        item.setData(Qt.ItemDataRole.UserRole, (contact_id, role))
        self.party_picker.clear()
        self._parties_changed()
        return None

    def _party_failed(self, message: str) -> None:
        self.party_error.setText(message)
        self.party_error.show()

    def remove_party(self) -> None:
        row = self.parties_list.currentRow()
        if row < 0:
            return
        self.parties_list.takeItem(row)
        del self._parties[row]
        self._parties_changed()

    def _key(self) -> tuple:
        client = self._client[0] if self._client else None
        return (client, tuple((cid, role) for cid, _name, role in self._parties))

    def _parties_changed(self) -> None:
        if self._key() != self._checked_key:
            self.conflicts.set_stale()

    # -- conflict check --------------------------------------------------------------------
    def run_check(self) -> None:
        self.errors.clear("client")
        if self._client is None:
            self.errors.show("client", "Choisissez d'abord le client dans la liste.")
            return
        key = self._key()
        db = self._ctx.db
        wanted = [(key[0], PartyRole.CLIENT.value), *key[1]]

        def run():  # noqa: ANN202
            probes = party_probes(db, wanted)
            return probes, check_conflicts(db, probes)

        def done(result) -> None:  # noqa: ANN001
            if key != self._key():
                return   # the parties changed meanwhile
            self._probes, hits = result
            self._checked_key = key
            self._recorded = None
            self.conflicts.show_hits(hits)
            self.checked.emit()

        self.conflicts.set_running()
        self._worker.submit(run, done, lambda exc: self.conflicts.show_failure(error_text(exc)))

    # -- opening ---------------------------------------------------------------------------
    def _input(self) -> MatterInput:
        assignees = []
        for row in range(self.assignees_list.count()):
            item = self.assignees_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                assignees.append(item.data(Qt.ItemDataRole.UserRole))
        return MatterInput(
            client_id=self._client[0] if self._client else None,  # type: ignore[arg-type]
            title=self.title_edit.text(), domain=self.domain_combo.currentText(),
            responsible_id=self.responsible_combo.currentData(),
            assignee_ids=tuple(assignees), description=self.description_edit.toPlainText(),
            parties=tuple((cid, role) for cid, _name, role in self._parties))

    def submit(self) -> None:
        """Record the conflict decision (once) and open the matter, on the worker."""
        self._show_error("")
        self.errors.clear()
        if self._client is None:
            self.errors.show("client", "Choisissez le client dans la liste.")
            return
        try:
            decision, note = self.conflicts.validated_decision()
        except ValidationError as exc:
            self.conflicts.show_error(exc.message)
            return
        ctx, data, key = self._ctx, self._input(), self._checked_key
        actor = ctx.current_user.id if getattr(ctx, "current_user", None) else None
        probes, hits = self._probes, self.conflicts.hits
        recorded = self._recorded
        if recorded is not None and (recorded.key, recorded.decision, recorded.note) != (
                key, decision, note):
            recorded = None
        acknowledged = self._kyc_acknowledged

        def run() -> tuple[int, int | None]:
            check_id = recorded.check_id if recorded else record_conflict_check(
                ctx.db, ctx.clock, None, probes, hits, decision, note, actor)
            self._recorded = _Recorded(key, decision, note, check_id)
            if decision == "conflict":
                return check_id, None
            return check_id, open_matter(ctx.db, ctx.clock, data, user_id=actor,
                                         conflict_check_id=check_id,
                                         kyc_acknowledged=acknowledged)

        self.open_button.setEnabled(False)
        self._worker.submit(run, self._done, self._failed)

    def _done(self, result: tuple[int, int | None]) -> None:
        _check_id, matter_id = result
        self.open_button.setEnabled(True)
        if matter_id is None:
            self._show_error("Conflit d'intérêts consigné : le dossier n'est pas ouvert.")
            self.open_button.setEnabled(False)
            return
        self.opened.emit(matter_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.open_button.setEnabled(True)
        if isinstance(exc, KycWarning):
            self._confirm_kyc(exc.message)
            return
        message = error_text(exc)
        field = exc.field if isinstance(exc, ValidationError) else None
        if field in ("conflict_check", "note", "decision"):
            self.conflicts.show_error(message)
        elif field == "parties":
            self._party_failed(message)
        elif self.errors.has(field):
            self.errors.show(field, message)
        else:
            self._show_error(message)
        self.failed.emit(message)

    def _confirm_kyc(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Vérification KYC", message,
                          QMessageBox.StandardButton.NoButton, self)
        go = box.addButton("Ouvrir quand même", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Annuler", QMessageBox.ButtonRole.RejectRole)
        self.confirm_box = box

        def answered(_result: int) -> None:
            self.confirm_box = None
            if box.clickedButton() is go:
                self._kyc_acknowledged = True
                self.submit()
            else:
                self.errors.show("client", "Dossier non ouvert : la vérification KYC du client "
                                           "n'est pas validée.", focus=False)

        box.finished.connect(answered)
        box.open()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
