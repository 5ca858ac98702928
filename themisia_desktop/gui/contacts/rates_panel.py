"""« Tarifs négociés »: the client's negotiated hourly rates (for everyone, a lawyer or a
category, each from a date), « Ajouter un tarif… » and « Supprimer »."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from themisia_desktop.core.contacts.card import fr_date
from themisia_desktop.core.contacts.identifiers import parse_date
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.rates import RateInfo, add_negotiated_rate, list_rates, remove_negotiated_rate
from themisia_desktop.core.firm.users import list_users
from themisia_desktop.core.models.enums import UserCategory
from themisia_desktop.core.money import format_eur
from themisia_desktop.gui.contacts.panel_base import CardPanel
from themisia_desktop.gui.field_errors import FieldErrors, error_label
from themisia_desktop.gui.tables import CENTER, LEFT, RIGHT, RowsModel, make_table
from themisia_desktop.gui.worker import Worker

RULE = "Un tarif s'applique au temps saisi à partir de sa date ; le temps déjà saisi ne change pas."
SCOPES = (("client", "Tous les intervenants"), ("user", "Un avocat"), ("category", "Une catégorie"))


def scope_text(rate: RateInfo) -> str:
    if rate.scope == "user":
        return f"Avocat : {rate.lawyer_name or ''}"
    if rate.scope == "category" and rate.category is not None:
        return f"Catégorie : {rate.category.label}"
    return "Client : tous les intervenants"


class AddRateDialog(QDialog):
    """« Ajouter un tarif »: emits ``saved(RateInfo)`` and closes once core has saved it."""

    saved = Signal(object)

    def __init__(self, ctx, client_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self.client_id = client_id
        self._worker = Worker(self)
        self.setWindowTitle("Ajouter un tarif négocié")
        self.scope_combo = QComboBox(self)
        for value, label in SCOPES:
            self.scope_combo.addItem(label, value)
        self.lawyer_combo = QComboBox(self)
        self.category_combo = QComboBox(self)
        for category in UserCategory:
            self.category_combo.addItem(category.label, category.value)
        self.rate_edit = QLineEdit(self)
        self.rate_edit.setPlaceholderText("ex. 250,00")
        self.from_edit = QLineEdit(ctx.clock.today().strftime("%d/%m/%Y"), self)
        self.from_edit.setPlaceholderText("JJ/MM/AAAA")
        self.form = QFormLayout()
        self.form.addRow("Portée :", self.scope_combo)
        self.form.addRow("Avocat :", self.lawyer_combo)
        self.form.addRow("Catégorie :", self.category_combo)
        self.form.addRow("Taux horaire HT (€) :", self.rate_edit)
        self.form.addRow("À partir du :", self.from_edit)
        self.errors = FieldErrors(self.form, {
            "lawyer": self.lawyer_combo, "category": self.category_combo,
            "hourly_rate": self.rate_edit, "effective_from": self.from_edit})
        rule = QLabel(RULE, self)
        rule.setWordWrap(True)
        rule.setProperty("role", "hint")
        self.error_label = error_label(self)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("Enregistrer", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(rule)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.scope_combo.currentIndexChanged.connect(lambda _i: self._scope_changed())
        self._scope_changed()
        self.setMinimumWidth(480)
        self._worker.submit(lambda: list_users(ctx.db), self._users_loaded,
                            lambda exc: self.error_label.setText(str(exc)))

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def _users_loaded(self, users) -> None:  # noqa: ANN001
        for user in users:
            self.lawyer_combo.addItem(f"{user.first_name} {user.last_name} ({user.category.label})",
                                      user.id)

    def _scope_changed(self) -> None:
        scope = self.scope_combo.currentData()
        self.form.setRowVisible(self.lawyer_combo, scope == "user")
        self.form.setRowVisible(self.category_combo, scope == "category")
        self.errors.clear()

    def save(self) -> None:
        if self.busy:
            return
        ctx, cid = self._ctx, self.client_id
        scope = self.scope_combo.currentData()
        lawyer = self.lawyer_combo.currentData() if scope == "user" else None
        category = self.category_combo.currentData() if scope == "category" else None
        rate, start = self.rate_edit.text(), self.from_edit.text()
        actor = ctx.current_user.id if getattr(ctx, "current_user", None) else None
        self.errors.clear()
        self.error_label.hide()

        def work() -> RateInfo:
            if scope == "user" and lawyer is None:
                raise ValidationError("Choisissez l'avocat.", field="lawyer")
            day = parse_date(start, field="effective_from", label="La date d'application")
            return add_negotiated_rate(ctx.db, ctx.clock, cid, hourly_rate=rate,
                                       effective_from=day, lawyer_id=lawyer, category=category,
                                       actor_id=actor)

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            if isinstance(exc, ValidationError) and self.errors.has(exc.field):
                self.errors.show(exc.field, exc.message)
                return
            self.error_label.setText(str(exc) if isinstance(exc, ValidationError)
                                     else f"L'enregistrement a échoué : {exc}")
            self.error_label.show()

        def done(info: RateInfo) -> None:
            self.saved.emit(info)
            self.accept()

        self.save_button.setEnabled(False)
        self._worker.submit(work, done, failed)


class RatesPanel(CardPanel):
    def __init__(self, ctx, contact_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, contact_id, parent)
        self.rates: list[RateInfo] = []
        self.dialog: AddRateDialog | None = None
        rule = QLabel(RULE, self)
        rule.setWordWrap(True)
        rule.setProperty("role", "hint")
        self.model = RowsModel(("À partir du", "Taux horaire HT", "Portée"), (CENTER, RIGHT, LEFT),
                               self)
        self.view = make_table(self, self.model, (130, 160, 420), stretch=2)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.add_button = QPushButton("Ajouter un tarif…", self)
        self.add_button.clicked.connect(self.open_add_dialog)
        self.remove_button = QPushButton("Supprimer", self)
        self.remove_button.clicked.connect(self.remove_selected)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addStretch(1)
        actions.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(rule)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error_label)
        self._update()
        self.reload()

    def selected(self) -> RateInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.rates[rows[0].row()] if rows else None

    def _update(self) -> None:
        self.remove_button.setEnabled(self.selected() is not None)

    def reload(self) -> None:
        db, cid = self._ctx.db, self.contact_id
        self.run(lambda: list_rates(db, cid), self._apply)

    def _apply(self, rates: list[RateInfo]) -> None:
        self.rates = rates
        self.model.set_rows([(r.id, (fr_date(r.effective_from), format_eur(r.hourly_rate),
                                     scope_text(r))) for r in rates])
        self._update()
        self.loaded.emit()

    def open_add_dialog(self) -> AddRateDialog:
        dialog = AddRateDialog(self._ctx, self.contact_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _info: (self.changed.emit(), self.reload()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def remove_selected(self) -> None:
        rate = self.selected()
        if rate is None:
            return
        ctx, actor = self._ctx, self.actor()
        self.write(lambda: remove_negotiated_rate(ctx.db, ctx.clock, rate.id, actor_id=actor))
