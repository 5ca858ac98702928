"""« Préparer une facture » (unbilled time and expenses to tick, live totals, billing contact)
and « Annuler par un avoir » (the reason). Both read and write through core on a Worker."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.invoices import (InvoiceSummary, UnbilledWork, cancel_invoice,
                                                    create_draft, format_minutes, totals,
                                                    unbilled_work)
from themisia_desktop.core.money import format_eur
from themisia_desktop.gui.busy_guard import CloseWhenIdle
from themisia_desktop.gui.field_errors import FieldErrors, error_label
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker

TIME_HEADERS = ("", "Date", "Intervenant", "Durée", "Taux", "Montant HT", "Description")
EXPENSE_HEADERS = ("", "Date", "Description", "Montant HT")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _checkable_table(parent: QWidget, headers: tuple[str, ...], widths: tuple[int, ...],
                     stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(parent.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[tuple[int, Decimal, tuple[str, ...]]], right: set[int]) -> None:
    table.blockSignals(True)  # itemChanged is for the user's ticks, not for filling
    table.setRowCount(len(rows))
    for r, (item_id, amount, texts) in enumerate(rows):
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked)
        check.setData(Qt.ItemDataRole.UserRole, item_id)
        check.setData(Qt.ItemDataRole.UserRole + 1, str(amount))
        table.setItem(r, 0, check)
        for c, text in enumerate(texts, start=1):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setToolTip(text)
            if c in right:
                item.setTextAlignment(_RIGHT)
            table.setItem(r, c, item)
    table.blockSignals(False)


def _checked(table: QTableWidget) -> list[tuple[int, Decimal]]:
    out = []
    for r in range(table.rowCount()):
        item = table.item(r, 0)
        if item.checkState() == Qt.CheckState.Checked:
            out.append((int(item.data(Qt.ItemDataRole.UserRole)),
                        Decimal(item.data(Qt.ItemDataRole.UserRole + 1))))
    return out


class PrepareInvoiceDialog(CloseWhenIdle, QDialog):
    """Emits ``created(invoice_id)`` and closes once the draft is saved."""

    created = Signal(int)

    def __init__(self, ctx, matter_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle("Préparer une facture")
        self.resize(980, 620)
        self._ctx = ctx
        self.matter_id = matter_id
        self.work: UnbilledWork | None = None
        self._worker = Worker(self)
        self._busy = False

        intro = QLabel("Cochez les temps passés et les frais à facturer. Les éléments non cochés "
                       "restent dans l'encours du dossier.", self)
        intro.setWordWrap(True)
        self.time_title = QLabel("Temps passés non facturés", self)
        self.time_table = _checkable_table(self, TIME_HEADERS, (28, 90, 160, 70, 95, 105, 200), 6)
        self.expense_title = QLabel("Frais non facturés", self)
        self.expense_table = _checkable_table(self, EXPENSE_HEADERS, (28, 90, 300, 105), 2)
        for table in (self.time_table, self.expense_table):
            table.itemChanged.connect(lambda _item: self._update_totals())

        self.billing_combo = QComboBox(self)
        self.billing_combo.setMinimumWidth(320)
        form = QFormLayout()
        form.addRow("Adresser la facture à :", self.billing_combo)
        self.errors = FieldErrors(form, {"billing_contact": self.billing_combo})

        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("totals_label")
        font = self.totals_label.font()
        font.setBold(True)
        self.totals_label.setFont(font)
        self.error_label = error_label(self, name="error_label")
        self.busy_label = QLabel("Chargement…", self)

        self.create_button = QPushButton("Créer le brouillon", self)
        self.create_button.setDefault(True)
        self.close_button = QPushButton("Annuler", self)
        self.create_button.clicked.connect(self.create)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy_label)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.time_title)
        layout.addWidget(self.time_table, 3)
        layout.addWidget(self.expense_title)
        layout.addWidget(self.expense_table, 2)
        layout.addLayout(form)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self._set_busy(True)
        db = ctx.db
        self._worker.submit(lambda: unbilled_work(db, matter_id), self._loaded, self._failed)

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool, text: str = "Chargement…") -> None:
        self._busy = busy
        self.busy_label.setText(text if busy else "")
        self.create_button.setEnabled(not busy and self.work is not None)

    def _loaded(self, work: UnbilledWork) -> None:
        self.work = work
        _fill(self.time_table, [(t.id, t.amount, (t.work_date.strftime("%d/%m/%Y"), t.user_name,
                                                  format_minutes(t.minutes), format_eur(t.hourly_rate),
                                                  format_eur(t.amount), t.description))
                                for t in work.time], {3, 4, 5})
        _fill(self.expense_table, [(x.id, x.amount, (x.spent_on.strftime("%d/%m/%Y"), x.description,
                                                     format_eur(x.amount)))
                                   for x in work.expenses], {3})
        self.time_title.setText(f"Temps passés non facturés ({len(work.time)})")
        self.expense_title.setText(f"Frais non facturés ({len(work.expenses)})")
        for choice in work.billing_choices:
            label = f"{choice.name} (le client)" if choice.is_client_itself else choice.name
            self.billing_combo.addItem(label, choice.contact_id)
        self._set_busy(False)
        self._update_totals()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError) and self.errors.has(exc.field):
            self.errors.show(exc.field, exc.message)
        else:
            self.error_label.setText(error_text(exc))
            self.error_label.setVisible(True)

    def selected_ids(self) -> tuple[list[int], list[int]]:
        return ([i for i, _ in _checked(self.time_table)], [i for i, _ in _checked(self.expense_table)])

    def current_totals(self) -> tuple[Decimal, Decimal, Decimal]:
        amount = sum((a for _, a in _checked(self.time_table) + _checked(self.expense_table)), Decimal("0"))
        return totals(amount, self.work.vat_rate_bp if self.work else 2000)

    def _update_totals(self) -> None:
        if self.work is None:
            return
        ht, vat, ttc = self.current_totals()
        rate = f"{self.work.vat_rate_bp / 100:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        self.totals_label.setText(f"Total HT : {format_eur(ht)}     TVA {rate} % : {format_eur(vat)}"
                                  f"     Total TTC : {format_eur(ttc)}")
        self.create_button.setEnabled(not self.busy and ttc > 0)

    def create(self) -> None:
        if self.busy or self.work is None:
            return
        self.errors.clear()
        self.error_label.setVisible(False)
        time_ids, expense_ids = self.selected_ids()
        contact = self.billing_combo.currentData()
        ctx, matter_id = self._ctx, self.matter_id
        actor = ctx.current_user.id if ctx.current_user else None
        self._set_busy(True, "Création du brouillon…")
        self._worker.submit(
            lambda: create_draft(ctx.db, ctx.clock, matter_id, time_ids=time_ids,
                                 expense_ids=expense_ids, billing_contact_id=contact, user_id=actor),
            self._created, self._failed)

    def _created(self, invoice_id: int) -> None:
        self._set_busy(False)
        self.created.emit(invoice_id)
        self.accept()


class CancelInvoiceDialog(CloseWhenIdle, QDialog):
    """« Annuler par un avoir »: the reason, then ``cancelled(credit_note_id)``."""

    cancelled = Signal(int)

    def __init__(self, ctx, invoice: InvoiceSummary, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle("Annuler par un avoir")
        self.setMinimumWidth(520)
        self._ctx = ctx
        self.invoice = invoice
        self._worker = Worker(self)
        text = QLabel(f"La facture {invoice.number} ({format_eur(invoice.total_incl_tax)} TTC) sera "
                      "annulée par un avoir du même montant, numéroté à la suite. Ses temps et frais "
                      "redeviendront à facturer.", self)
        text.setWordWrap(True)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText("Ex. : erreur sur le client facturé")
        form = QFormLayout()
        form.addRow("Motif :", self.reason_edit)
        self.errors = FieldErrors(form, {"reason": self.reason_edit})
        self.error_label = error_label(self)
        self.ok_button = QPushButton("Émettre l'avoir", self)
        self.back_button = QPushButton("Revenir", self)
        self.ok_button.clicked.connect(self.confirm)
        self.back_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def confirm(self) -> None:
        if self.busy:
            return
        self.errors.clear()
        reason, ctx, invoice_id = self.reason_edit.text(), self._ctx, self.invoice.id
        actor = ctx.current_user.id if ctx.current_user else None
        self.ok_button.setEnabled(False)
        self._worker.submit(lambda: cancel_invoice(ctx.db, ctx.clock, invoice_id, reason, user_id=actor),
                            self._done, self._failed)

    def _done(self, credit_id: int) -> None:
        self.cancelled.emit(credit_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError) and self.errors.has(exc.field):
            self.errors.show(exc.field, exc.message)
        else:
            self.error_label.setText(error_text(exc))
            self.error_label.setVisible(True)
