"""« Modifier le dossier » : intitulé, domaine, responsable, avocats affectés, description."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
                               QVBoxLayout, QWidget)

from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.matters.queries import form_choices, load_matter
from themisia_desktop.core.matters.schema import MatterDetails
from themisia_desktop.core.matters.service import update_matter
from themisia_desktop.gui.busy_guard import CloseWhenIdle
from themisia_desktop.gui.field_errors import FieldErrors
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker


class EditMatterDialog(CloseWhenIdle, QDialog):
    """Emits ``saved()`` then closes once core has saved the changes."""

    saved = Signal()
    loaded = Signal()

    def __init__(self, ctx, matter_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self.matter_id = matter_id
        self._worker = Worker(self)
        self.setWindowTitle("Modifier le dossier")
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(300)
        self.domain_combo = QComboBox(self)
        self.domain_combo.setEditable(True)
        self.domain_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.responsible_combo = QComboBox(self)
        self.assignees_list = QListWidget(self)
        self.assignees_list.setFixedHeight(self.fontMetrics().height() * 5 + 12)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        form = QFormLayout()
        form.addRow("Intitulé :", self.title_edit)
        form.addRow("Domaine :", self.domain_combo)
        form.addRow("Associé responsable :", self.responsible_combo)
        form.addRow("Avocats affectés :", self.assignees_list)
        form.addRow("Description :", self.description_edit)
        self.errors = FieldErrors(form, {
            "title": self.title_edit, "domain": self.domain_combo,
            "responsible": self.responsible_combo, "assignees": self.assignees_list})
        self.error_label = QLabel("", self)
        self.error_label.setStyleSheet("color: #a61b1b;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.save_button = QPushButton("Enregistrer", self)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton("Annuler", self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_label, 1)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resize(620, 380)
        ctx_db, today = ctx.db, ctx.clock.today()
        self._worker.submit(lambda: (form_choices(ctx_db), load_matter(ctx_db, matter_id, today)),
                            self._fill, lambda exc: self._show_error(error_text(exc)))

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _fill(self, loaded) -> None:  # noqa: ANN001
        choices, view = loaded
        team = {uid for uid, _name in view.assignees}
        users = list(choices.users)
        for user in users:
            self.responsible_combo.addItem(f"{user.name} ({user.category_label})", user.id)
        if self.responsible_combo.findData(view.responsible_id) < 0:
            self.responsible_combo.addItem(view.responsible_name, view.responsible_id)
        self.responsible_combo.setCurrentIndex(self.responsible_combo.findData(view.responsible_id))
        shown = {u.id for u in users}
        for uid, name in [(u.id, u.name) for u in users] + [
                a for a in view.assignees if a[0] not in shown]:
            item = QListWidgetItem(name, self.assignees_list)
            item.setData(Qt.ItemDataRole.UserRole, uid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if uid in team else Qt.CheckState.Unchecked)
        self.domain_combo.addItems(list(choices.domains))
        self.domain_combo.setEditText(view.domain or "")
        self.title_edit.setText(view.title)
        self.description_edit.setPlainText(view.description or "")
        self.save_button.setEnabled(True)
        self.loaded.emit()

    def _details(self) -> MatterDetails:
        team = [self.assignees_list.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self.assignees_list.count())
                if self.assignees_list.item(r).checkState() == Qt.CheckState.Checked]
        return MatterDetails(title=self.title_edit.text(), domain=self.domain_combo.currentText(),
                             responsible_id=self.responsible_combo.currentData(),
                             assignee_ids=tuple(team),
                             description=self.description_edit.toPlainText())

    def save(self) -> None:
        ctx, mid, data = self._ctx, self.matter_id, self._details()
        actor = ctx.current_user.id if getattr(ctx, "current_user", None) else None
        self.errors.clear()
        self._show_error("")
        self.save_button.setEnabled(False)

        def done(_changes) -> None:  # noqa: ANN001
            self.saved.emit()
            self.accept()

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            field = exc.field if isinstance(exc, ValidationError) else None
            if self.errors.has(field):
                self.errors.show(field, error_text(exc))
            else:
                self._show_error(error_text(exc))

        self._worker.submit(lambda: update_matter(ctx.db, ctx.clock, mid, data, user_id=actor),
                            done, failed)
