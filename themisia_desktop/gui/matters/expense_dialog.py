"""« Nouvelle dépense » / « Modifier la dépense »: date, description, amount HT, billable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from themisia_desktop.core.finance.expenses import (ExpenseInput, ExpenseRow, get_expense,
                                                    record_expense, update_expense)
from themisia_desktop.gui.matters.time_entry_dialog import (FormDialog, date_edit, date_of,
                                                            set_date)
from themisia_desktop.gui.tables import error_text


def amount_text(amount) -> str:  # noqa: ANN001
    """Decimal → what a French user types back: 1234.5 → "1 234,50"."""
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",")


class ExpenseDialog(FormDialog):
    def __init__(self, ctx, matter_id: int, expense_id: int | None = None,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Nouvelle dépense" if expense_id is None else "Modifier la dépense",
                         parent)
        self.matter_id = matter_id
        self.expense_id = expense_id
        self.date_edit = date_edit(self, ctx.clock.today())
        self.description_edit = QLineEdit(self)
        self.description_edit.setMaxLength(500)
        self.description_edit.setPlaceholderText("ex. Frais d'huissier, frais de greffe, déplacement")
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setPlaceholderText("ex. 1 234,50")
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount_edit.setMaximumWidth(160)
        self.billable_check = QCheckBox("Refacturable au client", self)
        self.billable_check.setChecked(True)
        self.form.addRow("Date :", self.date_edit)
        self.form.addRow("Description :", self.description_edit)
        self.form.addRow("Montant HT (€) :", self.amount_edit)
        self.form.addRow("", self.billable_check)
        self.finish_layout({"spent_on": self.date_edit, "description": self.description_edit,
                            "amount": self.amount_edit})
        self.date_edit.dateChanged.connect(lambda _d: self.errors.clear("spent_on"))
        if expense_id is not None:
            self.save_button.setEnabled(False)
            self._worker.submit(lambda: get_expense(ctx.db, expense_id), self._on_loaded,
                                lambda exc: self.show_error(error_text(exc)))

    def _on_loaded(self, row: ExpenseRow) -> None:
        set_date(self.date_edit, row.spent_on)
        self.description_edit.setText(row.description)
        self.amount_edit.setText(amount_text(row.amount))
        self.billable_check.setChecked(row.billable)
        self.save_button.setEnabled(True)

    def work(self) -> Callable[[], int]:
        ctx, mid, eid, actor = self._ctx, self.matter_id, self.expense_id, self.actor()
        data = ExpenseInput(matter_id=mid, spent_on=date_of(self.date_edit),
                            description=self.description_edit.text(),
                            amount=self.amount_edit.text(), billable=self.billable_check.isChecked())

        def job() -> int:
            if eid is None:
                return record_expense(ctx.db, ctx.clock, data, user_id=actor)
            return update_expense(ctx.db, ctx.clock, eid, data, user_id=actor).id

        return job
