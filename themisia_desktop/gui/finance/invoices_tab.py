"""The Factures tab of a matter: its invoices and credit notes, the lines of the selected one,
and the actions a status allows (prepare, validate, send, payment, credit note, doubtful flag,
document). Every read and write runs on the tab's :class:`Worker`; ``changed`` is emitted after
each write so the matter screen can refresh its banner."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QMessageBox, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from themisia_desktop.core.finance.invoice_document import default_file_name, render_invoice_docx
from themisia_desktop.core.finance.invoices import (InvoiceDetail, InvoiceSummary, delete_draft,
                                                    invoice_detail, list_invoices, mark_sent,
                                                    set_doubtful, validate_invoice)
from themisia_desktop.core.firm.settings import get_setting
from themisia_desktop.core.models.enums import InvoiceStatus
from themisia_desktop.core.money import format_eur
from themisia_desktop.gui.finance.invoice_dialog import CancelInvoiceDialog, PrepareInvoiceDialog
from themisia_desktop.gui.finance.payment_dialog import PaymentDialog
from themisia_desktop.gui.tables import CENTER, LEFT, RIGHT, RowsModel, error_text, make_table
from themisia_desktop.gui.worker import Worker

S = InvoiceStatus
HEADERS = ("Numéro", "Date", "Échéance", "Total TTC", "Réglé", "Reste dû", "Statut", "Douteuse",
           "Adressée à")
LINE_HEADERS = ("Désignation", "Quantité", "P.U. HT", "Montant HT")
CONFIRM_TEXT = "Une facture validée ne peut plus être modifiée."


def fr_day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def quantity_text(hundredths: int, description: str = "") -> str:
    """150 → "1,5"; an hours line (« Honoraires … ») gets its unit: "1,5 h"."""
    text = f"{hundredths / 100:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} h" if description.startswith("Honoraires") else text


def open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class InvoicesTab(QWidget):
    changed = Signal()   # after each write
    loaded = Signal()    # after each reload shown

    def __init__(self, ctx, matter_id: int, parent: QWidget | None = None, *,  # noqa: ANN001
                 opener: Callable[[Path], None] = open_file) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.matter_id = matter_id
        self.opener = opener
        self.invoices: list[InvoiceSummary] = []
        self.detail: InvoiceDetail | None = None
        self.last_document: Path | None = None
        self.dialog: QWidget | None = None
        self.confirm_box: QMessageBox | None = None
        self._jobs = 0
        self._worker = Worker(self)

        self.model = RowsModel(HEADERS, (LEFT, CENTER, CENTER, RIGHT, RIGHT, RIGHT, LEFT, CENTER, LEFT),
                               self)
        self.table = make_table(self, self.model, (170, 95, 95, 115, 115, 115, 90, 80, 200), stretch=8)
        self.table.setObjectName("invoices_table")
        self.lines_model = RowsModel(LINE_HEADERS, (LEFT, RIGHT, RIGHT, RIGHT), self)
        self.lines_table = make_table(self, self.lines_model, (520, 90, 120, 130), stretch=0)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.prepare_button = QPushButton("Préparer une facture…", self)
        self.validate_button = QPushButton("Valider", self)
        self.delete_button = QPushButton("Supprimer le brouillon", self)
        self.sent_button = QPushButton("Marquer envoyée", self)
        self.payment_button = QPushButton("Enregistrer un règlement…", self)
        self.cancel_button = QPushButton("Annuler par un avoir…", self)
        self.doubtful_button = QPushButton("Créance douteuse", self)
        self.doubtful_button.setCheckable(True)
        self.document_button = QPushButton("Générer le document…", self)
        self._actions = {
            self.prepare_button: self.prepare, self.validate_button: self.ask_validate,
            self.delete_button: self.ask_delete, self.sent_button: self.send,
            self.payment_button: self.record_payment, self.cancel_button: self.cancel,
            self.doubtful_button: self.toggle_doubtful, self.document_button: self.generate_document}
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        for button, action in self._actions.items():
            button.clicked.connect(action)
            button.setMinimumWidth(210)
            buttons.addWidget(button)
            if button in (self.delete_button, self.doubtful_button):
                buttons.addSpacing(10)
        buttons.addStretch(1)

        self.summary_label = QLabel(self)
        self.totals_label = QLabel(self)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)

        lines_box = QWidget(self)
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        self.lines_title = QLabel("Lignes de la facture sélectionnée", lines_box)
        lines_layout.addWidget(self.lines_title)
        lines_layout.addWidget(self.lines_table)
        lines_layout.addWidget(self.totals_label)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lines_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)

        left = QVBoxLayout()
        left.addWidget(self.summary_label)
        left.addWidget(split, 1)
        left.addWidget(self.error_label)
        left.addWidget(self.status_label)
        root = QHBoxLayout(self)
        root.addLayout(left, 1)
        root.addLayout(buttons)
        self._update_buttons()
        self.reload()

    # -- state -------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._jobs > 0

    @property
    def actor(self) -> int | None:
        return self._ctx.current_user.id if self._ctx.current_user else None

    def selected(self) -> InvoiceSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        wanted = self.model.row_id(rows[0].row())
        return next((i for i in self.invoices if i.id == wanted), None)

    def select_invoice(self, invoice_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_id(row) == invoice_id:
                self.table.selectRow(row)
                return

    def _run(self, fn: Callable, on_success: Callable, busy_text: str = "") -> None:
        self._jobs += 1
        self._show_error("")
        if busy_text:
            self.status_label.setText(busy_text)
        self._update_buttons()

        def done(result) -> None:  # noqa: ANN001
            self._jobs -= 1
            on_success(result)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self._jobs -= 1
            self.status_label.setText("")
            self._show_error(error_text(exc))
            self._update_buttons()

        self._worker.submit(fn, done, failed)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _update_buttons(self) -> None:
        inv = self.selected()
        idle = not self.busy
        status = inv.status if inv else None
        invoice = inv is not None and not inv.is_credit_note
        self.prepare_button.setEnabled(idle)
        self.validate_button.setEnabled(idle and status == S.DRAFT)
        self.delete_button.setEnabled(idle and status == S.DRAFT)
        self.sent_button.setEnabled(idle and status == S.VALIDATED)
        self.payment_button.setEnabled(idle and invoice and status in (S.VALIDATED, S.SENT)
                                       and inv.remaining > 0)
        self.cancel_button.setEnabled(idle and invoice and status in (S.VALIDATED, S.SENT, S.PAID))
        self.doubtful_button.setEnabled(idle and invoice and status in (S.VALIDATED, S.SENT))
        self.doubtful_button.setChecked(bool(inv and inv.is_doubtful))
        self.document_button.setEnabled(idle and inv is not None)

    # -- reading -----------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else (self.selected().id if self.selected() else None)
        db, matter_id = self._ctx.db, self.matter_id
        self._run(lambda: list_invoices(db, matter_id), lambda rows: self._show(rows, keep))

    def _show(self, invoices: list[InvoiceSummary], keep: int | None) -> None:
        self.invoices = invoices
        rows = []
        for inv in invoices:
            draft = inv.status == S.DRAFT
            rows.append((inv.id, (
                inv.display_number, fr_day(inv.issued_on), fr_day(inv.due_on),
                format_eur(inv.total_incl_tax), "—" if draft or inv.is_credit_note else format_eur(inv.paid),
                "—" if draft or inv.is_credit_note else format_eur(inv.remaining),
                inv.status_label, "Oui" if inv.is_doubtful else "", inv.billing_contact_name or "")))
        self.model.set_rows(rows)
        due = sum((i.remaining for i in invoices if i.status != S.DRAFT), Decimal("0.00"))
        count = len(invoices)
        self.summary_label.setText(
            f"{count} facture{'s' if count > 1 else ''} (avoirs compris) — reste dû sur ce dossier : "
            f"{format_eur(due)}" if count else
            "Aucune facture sur ce dossier. « Préparer une facture… » reprend les temps et frais "
            "non facturés.")
        if keep is not None:
            self.select_invoice(keep)
        if self.selected() is None:
            self._show_detail(None)
        self.loaded.emit()

    def _selection_changed(self) -> None:
        self._update_buttons()
        inv = self.selected()
        if inv is None:
            self._show_detail(None)
            return
        db = self._ctx.db
        self._worker.submit(lambda: invoice_detail(db, inv.id), self._show_detail,
                            lambda exc: self._show_error(error_text(exc)))

    def _show_detail(self, detail: InvoiceDetail | None) -> None:
        current = self.selected()
        if detail is not None and (current is None or current.id != detail.invoice.id):
            return  # an older answer for another row
        self.detail = detail
        if detail is None:
            self.lines_model.set_rows([])
            self.lines_title.setText("Lignes de la facture sélectionnée")
            self.totals_label.setText("")
            return
        inv = detail.invoice
        self.lines_title.setText(f"Lignes — {inv.display_number}"
                                 + (f" (avoir de la facture {inv.credit_note_for_number})"
                                    if inv.is_credit_note else "")
                                 + (f" — adressée à {inv.billing_contact_name}" if inv.billing_contact_name else ""))
        self.lines_model.set_rows([(ln.position, (ln.description, quantity_text(ln.quantity_hundredths, ln.description),
                                                  format_eur(ln.unit_price), format_eur(ln.amount)))
                                   for ln in detail.lines])
        rate = f"{inv.vat_rate_bp / 100:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        self.totals_label.setText(f"Total HT : {format_eur(inv.total_excl_tax)}    TVA {rate} % : "
                                  f"{format_eur(inv.total_vat)}    Total TTC : {format_eur(inv.total_incl_tax)}")

    # -- writing -----------------------------------------------------------------------------
    def _written(self, message: str, select_id: int | None = None) -> Callable:
        def after(_result) -> None:  # noqa: ANN001
            self.status_label.setText(message)
            self.changed.emit()
            self.reload(select_id)
        return after

    def prepare(self) -> None:
        dialog = PrepareInvoiceDialog(self._ctx, self.matter_id, self)
        dialog.created.connect(lambda invoice_id: (
            self.status_label.setText("Brouillon de facture créé."), self.changed.emit(),
            self.reload(invoice_id)))
        self._open(dialog)

    def _open(self, dialog: QWidget) -> None:
        """Show a window-modal dialog. The previous one is deleted now, not when it closes:
        deleting a dialog right after its worker's last job has been seen to race with the
        pool thread releasing that job."""
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def ask_validate(self) -> None:
        inv = self.selected()
        if inv is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Valider la facture",
                          f"{CONFIRM_TEXT} Valider ce brouillon de {format_eur(inv.total_incl_tax)} TTC ?",
                          parent=self)
        box.setInformativeText("Elle recevra le prochain numéro et ne pourra plus être corrigée "
                               "que par un avoir.")
        self.confirm_yes = box.addButton("Valider", QMessageBox.ButtonRole.AcceptRole)
        self.confirm_no = box.addButton("Revenir", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.confirm_no)
        box.buttonClicked.connect(lambda b: b is self.confirm_yes and self._validate(inv.id))
        self._replace_box(box)

    def _replace_box(self, box: QMessageBox) -> None:
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        self.confirm_box = box
        box.open()

    def _validate(self, invoice_id: int) -> None:
        ctx, actor = self._ctx, self.actor
        self._run(lambda: validate_invoice(ctx.db, ctx.clock, invoice_id, user_id=actor),
                  lambda number: self._written(f"Facture {number} validée.", invoice_id)(number),
                  "Validation…")

    def ask_delete(self) -> None:
        inv = self.selected()
        if inv is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Supprimer le brouillon",
                          "Supprimer ce brouillon ? Ses temps et frais redeviendront à facturer.",
                          parent=self)
        self.confirm_yes = box.addButton("Supprimer", QMessageBox.ButtonRole.DestructiveRole)
        self.confirm_no = box.addButton("Revenir", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.confirm_no)
        ctx, actor = self._ctx, self.actor
        box.buttonClicked.connect(lambda b: b is self.confirm_yes and self._run(
            lambda: delete_draft(ctx.db, ctx.clock, inv.id, user_id=actor),
            self._written("Brouillon supprimé.")))
        self._replace_box(box)

    def send(self) -> None:
        inv = self.selected()
        if inv is not None:
            ctx, actor = self._ctx, self.actor
            self._run(lambda: mark_sent(ctx.db, ctx.clock, inv.id, user_id=actor),
                      self._written(f"Facture {inv.number} marquée envoyée.", inv.id))

    def toggle_doubtful(self) -> None:
        inv = self.selected()
        if inv is None:
            return
        flag = not inv.is_doubtful
        ctx, actor = self._ctx, self.actor
        text = "déclarée créance douteuse" if flag else "n'est plus une créance douteuse"
        self._run(lambda: set_doubtful(ctx.db, ctx.clock, inv.id, flag, user_id=actor),
                  self._written(f"Facture {inv.number} {text}.", inv.id))

    def record_payment(self) -> None:
        inv = self.selected()
        if inv is None:
            return
        dialog = PaymentDialog(self._ctx, inv, self)
        dialog.saved.connect(lambda _pid: (self.status_label.setText("Règlement enregistré."),
                                           self.changed.emit(), self.reload(inv.id)))
        self._open(dialog)

    def cancel(self) -> None:
        inv = self.selected()
        if inv is None:
            return
        dialog = CancelInvoiceDialog(self._ctx, inv, self)
        dialog.cancelled.connect(lambda credit_id: (
            self.status_label.setText(f"Facture {inv.number} annulée par un avoir."),
            self.changed.emit(), self.reload(credit_id)))
        self._open(dialog)

    def generate_document(self) -> None:
        inv = self.selected()
        if inv is None:
            return
        ctx = self._ctx

        def work() -> Path:
            store = get_setting(ctx.db, "document_store") or ""
            folder = (Path(store) if store else ctx.dirs.data) / "Factures"
            return render_invoice_docx(ctx.db, inv.id, folder / default_file_name(inv.number, inv.id))

        def done(path: Path) -> None:
            self.last_document = path
            self.status_label.setText(f"Document enregistré : {path}")
            self.opener(path)

        self._run(work, done, "Génération du document…")


def build_invoices_tab(ctx, matter_id: int, parent: QWidget | None = None) -> InvoicesTab:  # noqa: ANN001
    """The Factures tab of a matter (``changed`` after each write, ``reload()``)."""
    return InvoicesTab(ctx, matter_id, parent)
