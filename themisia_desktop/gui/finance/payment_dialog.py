"""« Enregistrer un règlement » on one invoice: amount (typed the French way), date, method,
reference; the remaining due is shown and the amount is allocated to that invoice. Errors from
core appear under the field they are about."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QVBoxLayout, QWidget)

from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.invoices import InvoiceSummary
from themisia_desktop.core.finance.payments import PAYMENT_METHODS, record_payment
from themisia_desktop.core.money import format_eur
from themisia_desktop.gui.busy_guard import CloseWhenIdle
from themisia_desktop.gui.field_errors import FieldErrors, error_label
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker


def amount_text(value) -> str:  # noqa: ANN001 - Decimal
    """1234.5 → "1 234,50" (what a user would type, without the currency sign)."""
    return format_eur(value).replace("\u00a0€", "").replace("€", "").strip()


class PaymentDialog(CloseWhenIdle, QDialog):
    """Emits ``saved(payment_id)`` and closes once core has recorded the payment."""

    saved = Signal(int)

    def __init__(self, ctx, invoice: InvoiceSummary, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle("Enregistrer un règlement")
        self.setMinimumWidth(560)
        self._ctx = ctx
        self.invoice = invoice
        self._worker = Worker(self)

        self.invoice_label = QLabel(
            f"Facture {invoice.number} — total {format_eur(invoice.total_incl_tax)} TTC, déjà réglé "
            f"{format_eur(invoice.paid)}", self)
        self.invoice_label.setWordWrap(True)
        self.remaining_label = QLabel(f"Reste à régler : {format_eur(invoice.remaining)}", self)
        font = self.remaining_label.font()
        font.setBold(True)
        self.remaining_label.setFont(font)

        self.amount_edit = QLineEdit(amount_text(invoice.remaining), self)
        self.amount_edit.setPlaceholderText("Ex. : 1 250,50")
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount_edit.setMaximumWidth(180)
        today = ctx.clock.today()
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumWidth(180)
        self.method_combo = QComboBox(self)
        self.method_combo.addItem("— Choisir —", None)
        for code, label in PAYMENT_METHODS.items():
            self.method_combo.addItem(label, code)
        self.method_combo.setCurrentIndex(self.method_combo.findData("transfer"))
        self.reference_edit = QLineEdit(self)
        self.reference_edit.setPlaceholderText("N° de chèque, libellé du virement…")

        form = QFormLayout()
        form.addRow("Montant reçu (€) :", self.amount_edit)
        form.addRow("Reçu le :", self.date_edit)
        form.addRow("Mode de règlement :", self.method_combo)
        form.addRow("Référence :", self.reference_edit)
        self.errors = FieldErrors(form, {"amount": self.amount_edit, "received_on": self.date_edit,
                                         "method": self.method_combo, "reference": self.reference_edit})
        self.date_edit.dateChanged.connect(lambda _d: self.errors.clear("received_on"))
        self.error_label = error_label(self, name="error_label")

        self.save_button = QPushButton("Enregistrer", self)
        self.save_button.setDefault(True)
        self.close_button = QPushButton("Annuler", self)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.invoice_label)
        layout.addWidget(self.remaining_label)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def save(self) -> None:
        if self.busy:
            return
        self.errors.clear()
        self.error_label.setVisible(False)
        ctx, inv = self._ctx, self.invoice
        amount = self.amount_edit.text()
        received = self.date_edit.date().toPython()
        method = self.method_combo.currentData() or ""
        reference = self.reference_edit.text()
        actor = ctx.current_user.id if ctx.current_user else None
        self.save_button.setEnabled(False)
        self._worker.submit(
            lambda: record_payment(ctx.db, ctx.clock, inv.client_id, amount, received, method, reference,
                                   [(inv.id, amount)], user_id=actor),
            self._saved, self._failed)

    def _saved(self, payment_id: int) -> None:
        self.saved.emit(payment_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            field = "amount" if exc.field == "allocations" else exc.field
            if self.errors.has(field):
                self.errors.show(field, exc.message)
                self.adjustSize()
                return
        self.error_label.setText(error_text(exc))
        self.error_label.setVisible(True)
        self.adjustSize()
