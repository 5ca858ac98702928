"""The Temps tab of a matter: its time entries, their totals, « Saisir du temps… »,
« Modifier… » and « Supprimer » (not for invoiced time).

:class:`LedgerTab` is the frame shared with the Frais and Provisions tabs: a table read by core
on the tab's worker, a totals line, a row of buttons, an error line, ``changed`` emitted after
each successful write and :meth:`LedgerTab.reload`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout,
                               QWidget)

from themisia_desktop.core.finance.time_entries import TimeList, delete_time, list_time
from themisia_desktop.core.finance.durations import format_duration
from themisia_desktop.core.money import format_eur
from themisia_desktop.gui.matters.time_entry_dialog import TimeEntryDialog
from themisia_desktop.gui.tables import CENTER, LEFT, RIGHT, RowsModel, error_text, make_table
from themisia_desktop.gui.worker import Worker


def fr_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


class LedgerTab(QWidget):
    """A matter's list of money lines. Subclasses give the columns, the read and the rows."""

    changed = Signal()  # after each successful write
    loaded = Signal()   # each time a reload has been shown

    def __init__(self, ctx, matter_id: int, parent: QWidget | None, *,  # noqa: ANN001
                 headers: Sequence[str], aligns: Sequence[Qt.AlignmentFlag],
                 widths: Sequence[int], stretch: int) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.matter_id = matter_id
        self._worker = Worker(self)
        self.dialog: QWidget | None = None
        self.confirm_box: QMessageBox | None = None
        self.model = RowsModel(headers, aligns, self)
        self.view = make_table(self, self.model, widths, stretch=stretch)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.view.doubleClicked.connect(lambda _i: self.on_double_click())
        self.totals_label = QLabel("", self)
        self.totals_label.setObjectName("totals")
        self.totals_label.setStyleSheet("font-weight: bold;")
        self.error_label = QLabel("", self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a61b1b;")
        self.error_label.hide()
        self.button_row = QHBoxLayout()
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.button_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    def add_button(self, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(lambda _checked=False: slot())
        self.button_row.addWidget(button)
        return button

    def end_buttons(self) -> None:
        self.button_row.addStretch(1)

    # -- state -----------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._worker.busy

    def actor(self) -> int | None:
        user = getattr(self._ctx, "current_user", None)
        return user.id if user is not None else None

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def select_id(self, row_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_id(row) == row_id:
                self.view.selectRow(row)
                return

    # -- reading ---------------------------------------------------------------------------------
    def read(self) -> Callable[[], Any]:
        raise NotImplementedError

    def apply(self, data: Any) -> None:
        raise NotImplementedError

    def update_buttons(self) -> None:
        raise NotImplementedError

    def on_double_click(self) -> None:
        """Double-clicking a row: subclasses open it when that makes sense."""

    def reload(self) -> None:
        selected = self.selected_id()

        def shown(data: Any) -> None:
            self.apply(data)
            if selected is not None:
                self.select_id(selected)
            self.update_buttons()
            self.loaded.emit()

        self._worker.submit_latest("rows", self.read(), shown,
                                   lambda exc: self.show_error(error_text(exc)))

    # -- writing ---------------------------------------------------------------------------------
    def run_write(self, job: Callable[[], Any]) -> None:
        """Run a write on the worker; on success emit ``changed`` and read again."""
        self.show_error("")

        def done(_result: Any) -> None:
            self.changed.emit()
            self.reload()

        def failed(exc: BaseException) -> None:
            self.show_error(error_text(exc))
            self.update_buttons()

        self._worker.submit(job, done, failed)

    def open_dialog(self, dialog: QWidget) -> QWidget:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._after_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _after_dialog(self, _result: Any) -> None:
        self.show_error("")
        self.changed.emit()
        self.reload()

    def confirm(self, title: str, text: str, yes: str, action: Callable[[], None]) -> QMessageBox:
        """Ask before a destructive action (window-modal; the answer comes back by signal)."""
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        self.confirm_yes = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        self.confirm_no = box.addButton("Ne rien faire", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.confirm_no)
        box.buttonClicked.connect(lambda b: b is self.confirm_yes and action())
        self.confirm_box = box
        box.open()
        return box


class TimeTab(LedgerTab):
    """The Temps tab of one matter."""

    def __init__(self, ctx, matter_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(
            ctx, matter_id, parent,
            headers=("Date", "Avocat", "Durée", "Description", "Taux horaire", "Montant HT",
                     "Facturable", "Facturé"),
            aligns=(CENTER, LEFT, RIGHT, LEFT, RIGHT, RIGHT, CENTER, CENTER),
            widths=(90, 160, 80, 380, 110, 110, 90, 110), stretch=3)
        self.data: TimeList | None = None
        self.add_time_button = self.add_button("Saisir du temps…", self.open_new)
        self.edit_button = self.add_button("Modifier…", self.open_edit)
        self.delete_button = self.add_button("Supprimer", self.ask_delete)
        self.end_buttons()
        self.update_buttons()
        self.reload()

    def read(self) -> Callable[[], TimeList]:
        ctx, mid = self._ctx, self.matter_id
        return lambda: list_time(ctx.db, mid)

    def apply(self, data: TimeList) -> None:
        self.data = data
        self.model.set_rows(
            [(r.id, (fr_date(r.work_date), r.lawyer, r.duration, r.description,
                     format_eur(r.hourly_rate), format_eur(r.amount),
                     "Oui" if r.billable else "Non", r.invoice_label or "Non"))
             for r in data.rows],
            tips=[f"{r.description}\n{r.rate_source_label}" for r in data.rows])
        self.totals_label.setText(
            f"Total : {format_duration(data.total_minutes) if data.total_minutes else '0 h'}"
            f"  ·  Facturable : {format_eur(data.billable_amount)} HT"
            f"  ·  Non facturé : {format_eur(data.unbilled_amount)} HT"
            f"  ·  Facturé : {format_eur(data.invoiced_amount)} HT")

    def _selected_row(self):  # noqa: ANN202
        selected = self.selected_id()
        if selected is None or self.data is None:
            return None
        return next((r for r in self.data.rows if r.id == selected), None)

    def update_buttons(self) -> None:
        row = self._selected_row()
        editable = row is not None and not row.invoiced
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(editable)
            button.setToolTip("Ce temps est facturé : il ne peut plus être modifié."
                              if row is not None and row.invoiced else "")

    def open_new(self) -> QWidget:
        return self.open_dialog(TimeEntryDialog(self._ctx, self.matter_id, parent=self))

    def open_edit(self) -> QWidget | None:
        row = self._selected_row()
        if row is None or row.invoiced:
            return None
        return self.open_dialog(TimeEntryDialog(self._ctx, self.matter_id, row.id, parent=self))

    def on_double_click(self) -> None:
        self.open_edit()

    def ask_delete(self) -> QMessageBox | None:
        row = self._selected_row()
        if row is None or row.invoiced:
            return None
        ctx, actor, entry_id = self._ctx, self.actor(), row.id
        return self.confirm(
            "Supprimer du temps",
            f"Supprimer {row.duration} du {fr_date(row.work_date)} ({row.lawyer}) : "
            f"« {row.description} » ?", "Supprimer",
            lambda: self.run_write(lambda: delete_time(ctx.db, ctx.clock, entry_id, user_id=actor)))


def build_time_tab(ctx, matter_id: int, parent: QWidget | None = None) -> TimeTab:  # noqa: ANN001
    return TimeTab(ctx, matter_id, parent)
