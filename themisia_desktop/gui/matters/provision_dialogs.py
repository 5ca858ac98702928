"""« Demander une provision » (amount, date, note) and « Enregistrer un versement » (amount,
date; proposed: what is still due)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from themisia_desktop.core.finance.provisions import (ProvisionRow, record_provision_receipt,
                                                      request_provision)
from themisia_desktop.core.money import format_eur
from themisia_desktop.gui.matters.expense_dialog import amount_text
from themisia_desktop.gui.matters.time_entry_dialog import FormDialog, date_edit, date_of


def _amount_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setPlaceholderText("ex. 1 500,00")
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    edit.setMaximumWidth(160)
    return edit


class ProvisionRequestDialog(FormDialog):
    def __init__(self, ctx, matter_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, "Demander une provision", parent)
        self.matter_id = matter_id
        self.amount_edit = _amount_edit(self)
        self.date_edit = date_edit(self, ctx.clock.today())
        self.note_edit = QLineEdit(self)
        self.note_edit.setMaxLength(300)
        self.note_edit.setPlaceholderText("ex. Provision d'ouverture, provision pour expertise")
        self.form.addRow("Montant demandé (€) :", self.amount_edit)
        self.form.addRow("Demandée le :", self.date_edit)
        self.form.addRow("Note :", self.note_edit)
        self.finish_layout({"amount": self.amount_edit, "requested_on": self.date_edit,
                            "note": self.note_edit})
        self.date_edit.dateChanged.connect(lambda _d: self.errors.clear("requested_on"))

    def work(self) -> Callable[[], int]:
        ctx, mid, actor = self._ctx, self.matter_id, self.actor()
        amount, day, note = self.amount_edit.text(), date_of(self.date_edit), self.note_edit.text()
        return lambda: request_provision(ctx.db, ctx.clock, mid, amount, day, note, user_id=actor)


class ProvisionReceiptDialog(FormDialog):
    def __init__(self, ctx, provision: ProvisionRow, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, "Enregistrer un versement", parent)
        self.provision = provision
        summary = QLabel(
            f"Provision demandée le {provision.requested_on.strftime('%d/%m/%Y')} : "
            f"{format_eur(provision.amount_requested)} — déjà reçu "
            f"{format_eur(provision.amount_received)}, reste {format_eur(provision.outstanding)}.",
            self)
        summary.setWordWrap(True)
        self.amount_edit = _amount_edit(self)
        self.amount_edit.setText(amount_text(provision.outstanding))
        self.date_edit = date_edit(self, ctx.clock.today())
        self.form.addRow(summary)
        self.form.addRow("Montant reçu (€) :", self.amount_edit)
        self.form.addRow("Reçu le :", self.date_edit)
        self.finish_layout({"amount": self.amount_edit, "received_on": self.date_edit})
        self.date_edit.dateChanged.connect(lambda _d: self.errors.clear("received_on"))

    def work(self) -> Callable[[], ProvisionRow]:
        ctx, pid, actor = self._ctx, self.provision.id, self.actor()
        amount, day = self.amount_edit.text(), date_of(self.date_edit)
        return lambda: record_provision_receipt(ctx.db, ctx.clock, pid, amount, day, user_id=actor)
