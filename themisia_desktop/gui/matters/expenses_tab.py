"""The Frais tab of a matter: its expenses, their totals, « Nouvelle dépense… »,
« Modifier… » and « Supprimer » (not for invoiced expenses)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from themisia_desktop.core.finance.expenses import ExpenseList, ExpenseRow, delete_expense, list_expenses
from themisia_desktop.core.money import format_eur
from themisia_desktop.gui.matters.expense_dialog import ExpenseDialog
from themisia_desktop.gui.matters.time_tab import LedgerTab, fr_date
from themisia_desktop.gui.tables import CENTER, LEFT, RIGHT


class ExpensesTab(LedgerTab):
    """The Frais tab of one matter."""

    def __init__(self, ctx, matter_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(
            ctx, matter_id, parent,
            headers=("Date", "Description", "Montant HT", "Refacturable", "Saisi par", "Facturé"),
            aligns=(CENTER, LEFT, RIGHT, CENTER, LEFT, CENTER),
            widths=(90, 520, 120, 110, 180, 110), stretch=1)
        self.data: ExpenseList | None = None
        self.add_expense_button = self.add_button("Nouvelle dépense…", self.open_new)
        self.edit_button = self.add_button("Modifier…", self.open_edit)
        self.delete_button = self.add_button("Supprimer", self.ask_delete)
        self.end_buttons()
        self.update_buttons()
        self.reload()

    def read(self) -> Callable[[], ExpenseList]:
        ctx, mid = self._ctx, self.matter_id
        return lambda: list_expenses(ctx.db, mid)

    def apply(self, data: ExpenseList) -> None:
        self.data = data
        self.model.set_rows([
            (r.id, (fr_date(r.spent_on), r.description, format_eur(r.amount),
                    "Oui" if r.billable else "Non", r.user_name or "", r.invoice_label or "Non"))
            for r in data.rows])
        self.totals_label.setText(
            f"Total : {format_eur(data.total_amount)} HT"
            f"  ·  Refacturable : {format_eur(data.billable_amount)} HT"
            f"  ·  Non facturé : {format_eur(data.unbilled_amount)} HT"
            f"  ·  Facturé : {format_eur(data.invoiced_amount)} HT")

    def _selected_row(self) -> ExpenseRow | None:
        selected = self.selected_id()
        if selected is None or self.data is None:
            return None
        return next((r for r in self.data.rows if r.id == selected), None)

    def update_buttons(self) -> None:
        row = self._selected_row()
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(row is not None and not row.invoiced)
            button.setToolTip("Cette dépense est facturée : elle ne peut plus être modifiée."
                              if row is not None and row.invoiced else "")

    def open_new(self) -> QWidget:
        return self.open_dialog(ExpenseDialog(self._ctx, self.matter_id, parent=self))

    def open_edit(self) -> QWidget | None:
        row = self._selected_row()
        if row is None or row.invoiced:
            return None
        return self.open_dialog(ExpenseDialog(self._ctx, self.matter_id, row.id, parent=self))

    def on_double_click(self) -> None:
        self.open_edit()

    def ask_delete(self) -> QMessageBox | None:
        row = self._selected_row()
        if row is None or row.invoiced:
            return None
        ctx, actor, expense_id = self._ctx, self.actor(), row.id
        return self.confirm(
            "Supprimer une dépense",
            f"Supprimer la dépense du {fr_date(row.spent_on)} : « {row.description} » "
            f"({format_eur(row.amount)} HT) ?", "Supprimer",
            lambda: self.run_write(lambda: delete_expense(ctx.db, ctx.clock, expense_id,
                                                          user_id=actor)))


def build_expenses_tab(ctx, matter_id: int, parent: QWidget | None = None) -> ExpensesTab:  # noqa: ANN001
    return ExpensesTab(ctx, matter_id, parent)
