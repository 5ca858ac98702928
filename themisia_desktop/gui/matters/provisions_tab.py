"""The Provisions tab of a matter: retainers requested and received, what is still due,
« Demander une provision… », « Enregistrer un versement… » and « Annuler »."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from themisia_desktop.core.finance.provisions import (ProvisionList, ProvisionRow,
                                                      cancel_provision, list_provisions)
from themisia_desktop.core.money import format_eur
from themisia_desktop.gui.matters.provision_dialogs import (ProvisionReceiptDialog,
                                                            ProvisionRequestDialog)
from themisia_desktop.gui.matters.time_tab import LedgerTab, fr_date
from themisia_desktop.gui.tables import CENTER, LEFT, RIGHT


class ProvisionsTab(LedgerTab):
    """The Provisions tab of one matter."""

    def __init__(self, ctx, matter_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(
            ctx, matter_id, parent,
            headers=("Demandée le", "Montant demandé", "Reçu", "Reste à recevoir", "Statut",
                     "Dernier versement", "Note"),
            aligns=(CENTER, RIGHT, RIGHT, RIGHT, LEFT, CENTER, LEFT),
            widths=(110, 140, 120, 140, 170, 140, 300), stretch=6)
        self.data: ProvisionList | None = None
        self.request_button = self.add_button("Demander une provision…", self.open_request)
        self.receipt_button = self.add_button("Enregistrer un versement…", self.open_receipt)
        self.cancel_button = self.add_button("Annuler la provision", self.ask_cancel)
        self.end_buttons()
        self.update_buttons()
        self.reload()

    def read(self) -> Callable[[], ProvisionList]:
        ctx, mid = self._ctx, self.matter_id
        return lambda: list_provisions(ctx.db, mid)

    def apply(self, data: ProvisionList) -> None:
        self.data = data
        self.model.set_rows([
            (r.id, (fr_date(r.requested_on), format_eur(r.amount_requested),
                    format_eur(r.amount_received), format_eur(r.outstanding), r.status_label,
                    fr_date(r.received_on), r.note or ""))
            for r in data.rows])
        self.totals_label.setText(
            f"Demandé : {format_eur(data.total_requested)}"
            f"  ·  Reçu : {format_eur(data.total_received)}"
            f"  ·  Reste à recevoir : {format_eur(data.total_outstanding)}"
            "  (hors provisions annulées)")

    def selected_row(self) -> ProvisionRow | None:
        selected = self.selected_id()
        if selected is None or self.data is None:
            return None
        return next((r for r in self.data.rows if r.id == selected), None)

    def update_buttons(self) -> None:
        row = self.selected_row()
        self.receipt_button.setEnabled(row is not None and row.can_receive)
        self.cancel_button.setEnabled(row is not None and row.can_cancel)

    def open_request(self) -> QWidget:
        return self.open_dialog(ProvisionRequestDialog(self._ctx, self.matter_id, parent=self))

    def open_receipt(self) -> QWidget | None:
        row = self.selected_row()
        if row is None or not row.can_receive:
            return None
        return self.open_dialog(ProvisionReceiptDialog(self._ctx, row, parent=self))

    def on_double_click(self) -> None:
        self.open_receipt()

    def ask_cancel(self) -> QMessageBox | None:
        row = self.selected_row()
        if row is None or not row.can_cancel:
            return None
        ctx, actor, pid = self._ctx, self.actor(), row.id
        return self.confirm(
            "Annuler une provision",
            f"Annuler la provision de {format_eur(row.amount_requested)} demandée le "
            f"{fr_date(row.requested_on)} ?", "Annuler la provision",
            lambda: self.run_write(lambda: cancel_provision(ctx.db, ctx.clock, pid, user_id=actor)))


def build_provisions_tab(ctx, matter_id: int, parent: QWidget | None = None) -> ProvisionsTab:  # noqa: ANN001
    return ProvisionsTab(ctx, matter_id, parent)
