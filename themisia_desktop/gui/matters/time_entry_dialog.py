"""« Saisir du temps » / « Modifier le temps »: lawyer, date, duration as typed (« 1h30 »,
« 1,5 »…, echoed as « = 1 h 30 »), description, billable, and the rate that will apply, read
by core on the dialog's worker each time the lawyer or the date changes.

:class:`FormDialog` is the frame shared with the expense and provision dialogs: a form with an
error row under each field, a general error line, « Enregistrer » / « Annuler », and a save
that runs on the worker and closes the dialog once core has written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget)

from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.durations import format_duration, parse_duration
from themisia_desktop.core.finance.rates import ResolvedRate, preview_rate
from themisia_desktop.core.finance.time_entries import (MatterRef, TimeInput, TimeRow, get_time,
                                                        matter_ref, record_time, update_time)
from themisia_desktop.core.money import format_eur
from themisia_desktop.gui.busy_guard import CloseWhenIdle
from themisia_desktop.gui.field_errors import FieldErrors
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker

DATE_FORMAT = "dd/MM/yyyy"


def date_edit(parent: QWidget, today: date) -> QDateEdit:
    """A French date field with a calendar, no later than today, set to today."""
    edit = QDateEdit(parent)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 48)
    edit.setMaximumDate(QDate(today.year, today.month, today.day))
    edit.setDate(QDate(today.year, today.month, today.day))
    return edit


def set_date(edit: QDateEdit, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def date_of(edit: QDateEdit) -> date:
    return edit.date().toPython()


class FormDialog(CloseWhenIdle, QDialog):
    """A small form saved by core on a worker; emits ``saved(result)`` then closes."""

    saved = Signal(object)

    def __init__(self, ctx, title: str, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(title)
        self._worker = Worker(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.error_label = QLabel("", self)
        self.error_label.setObjectName("error_general")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a61b1b;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("Enregistrer", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.errors: FieldErrors | None = None
        self.setMinimumWidth(600)

    def finish_layout(self, fields: dict[str, QWidget]) -> None:
        """Call once the rows are in ``self.form``: adds the error rows and the buttons."""
        self.errors = FieldErrors(self.form, fields)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def actor(self) -> int | None:
        user = getattr(self._ctx, "current_user", None)
        return user.id if user is not None else None

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def field_error(self, name: str) -> str:
        assert self.errors is not None
        return self.errors.message(name)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    # -- saving -------------------------------------------------------------------------------
    def work(self) -> Callable[[], Any]:
        """The job that checks and writes (runs on the worker). Subclasses provide it."""
        raise NotImplementedError

    def save(self) -> None:
        if self.busy or not self.save_button.isEnabled():
            return
        assert self.errors is not None
        self.errors.clear()
        self.show_error("")
        job = self.work()
        self.set_busy(True)
        self._worker.submit(job, self._on_saved, self._on_failed)

    def _on_saved(self, result: Any) -> None:
        self.set_busy(False)
        self.saved.emit(result)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        assert self.errors is not None
        if isinstance(exc, ValidationError) and self.errors.has(exc.field):
            self.errors.show(exc.field, exc.message)
        else:
            self.show_error(error_text(exc))


class TimeEntryDialog(FormDialog):
    """New time on ``matter_id`` (``entry_id`` None) or the correction of an entry."""

    rateShown = Signal(str)

    def __init__(self, ctx, matter_id: int, entry_id: int | None = None,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Saisir du temps" if entry_id is None else "Modifier le temps", parent)
        self.matter_id = matter_id
        self.entry_id = entry_id
        self.matter: MatterRef | None = None
        self._entry: TimeRow | None = None
        self._rate_generation = 0
        today = ctx.clock.today()

        self.lawyer_combo = QComboBox(self)
        self.lawyer_combo.setMinimumWidth(280)
        self.lawyer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.date_edit = date_edit(self, today)
        self.duration_edit = QLineEdit(self)
        self.duration_edit.setPlaceholderText("ex. 1h30, 1,5 ou 90")
        self.duration_edit.setMaxLength(20)
        self.duration_echo = QLabel("", self)
        self.duration_echo.setMinimumWidth(self.fontMetrics().horizontalAdvance("= 24 h 00") + 8)
        duration_row = QWidget(self)  # the field and its echo, one form field
        duration_row.setFocusProxy(self.duration_edit)
        row_layout = QHBoxLayout(duration_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.duration_edit, 1)
        row_layout.addWidget(self.duration_echo)
        self.description_edit = QLineEdit(self)
        self.description_edit.setMaxLength(500)
        self.description_edit.setPlaceholderText("Travail effectué")
        self.billable_check = QCheckBox("Temps facturable", self)
        self.billable_check.setChecked(True)
        self.rate_label = QLabel("Taux appliqué : …", self)
        self.rate_label.setObjectName("rate_line")
        self.rate_label.setMinimumWidth(self.fontMetrics().horizontalAdvance(
            "Taux appliqué : 1 000,00 € HT/h (taux standard de la catégorie)") + 16)
        self.rate_label.setStyleSheet("color: #1d3f73;")

        self.form.addRow("Avocat :", self.lawyer_combo)
        self.form.addRow("Date :", self.date_edit)
        self.form.addRow("Durée :", duration_row)
        self.form.addRow("Description :", self.description_edit)
        self.form.addRow("", self.billable_check)
        self.form.addRow("", self.rate_label)
        self.finish_layout({"lawyer": self.lawyer_combo, "work_date": self.date_edit,
                            "minutes": duration_row, "description": self.description_edit})
        self.duration_edit.textEdited.connect(lambda _t: self.errors.clear("minutes"))

        self.duration_edit.textChanged.connect(self._echo_duration)
        self.lawyer_combo.currentIndexChanged.connect(self.refresh_rate)
        self.date_edit.dateChanged.connect(self.refresh_rate)
        self.date_edit.dateChanged.connect(lambda _d: self.errors.clear("work_date"))
        self.save_button.setEnabled(False)
        self._load()

    # -- loading ------------------------------------------------------------------------------
    def _load(self) -> None:
        ctx, mid, eid = self._ctx, self.matter_id, self.entry_id

        def read() -> tuple[MatterRef, TimeRow | None]:
            return matter_ref(ctx.db, mid), (get_time(ctx.db, eid) if eid is not None else None)

        self.rate_label.setText("Chargement…")
        self._worker.submit(read, self._on_loaded, self._on_load_failed)

    def _on_loaded(self, loaded: tuple[MatterRef, TimeRow | None]) -> None:
        self.matter, entry = loaded
        self._entry = entry
        self.setWindowTitle(f"{self.windowTitle()} — dossier {self.matter.reference}")
        wanted = entry.user_id if entry is not None else self.actor()
        self.lawyer_combo.blockSignals(True)
        self.lawyer_combo.clear()
        for uid, name in self.matter.lawyers:
            self.lawyer_combo.addItem(name, uid)
        if entry is not None and self.lawyer_combo.findData(entry.user_id) < 0:
            self.lawyer_combo.addItem(f"{entry.lawyer} (inactif)", entry.user_id)
        index = self.lawyer_combo.findData(wanted)
        self.lawyer_combo.setCurrentIndex(index if index >= 0 else -1)
        self.lawyer_combo.blockSignals(False)
        if entry is not None:
            self.date_edit.blockSignals(True)
            set_date(self.date_edit, entry.work_date)
            self.date_edit.blockSignals(False)
            self.duration_edit.setText(format_duration(entry.minutes))
            self.description_edit.setText(entry.description)
            self.billable_check.setChecked(entry.billable)
        self.save_button.setEnabled(True)
        self.refresh_rate()

    def _on_load_failed(self, exc: BaseException) -> None:
        self.rate_label.setText("")
        self.show_error(error_text(exc))

    # -- live feedback --------------------------------------------------------------------------
    def _echo_duration(self, text: str) -> None:
        try:
            self.duration_echo.setText("= " + format_duration(parse_duration(text)))
        except ValidationError:
            self.duration_echo.setText("")

    def _rate_unchanged(self, lawyer: int, day: date) -> bool:
        """A correction keeps the entry's own rate as long as lawyer and date stay."""
        entry = self._entry
        return entry is not None and (entry.user_id, entry.work_date) == (lawyer, day)

    def refresh_rate(self) -> None:
        if self.matter is None:
            return
        lawyer, day = self.lawyer_combo.currentData(), date_of(self.date_edit)
        self._rate_generation += 1
        generation = self._rate_generation
        if lawyer is None:
            self._show_rate("Taux appliqué : choisissez l'avocat.")
            return
        if self._rate_unchanged(lawyer, day):
            entry = self._entry
            self._show_rate(rate_line(ResolvedRate(entry.hourly_rate, entry.rate_source)))
            return
        ctx, client = self._ctx, self.matter.client_id

        def shown(rate: ResolvedRate) -> None:
            if generation == self._rate_generation:
                self._show_rate(rate_line(rate))

        def failed(exc: BaseException) -> None:
            if generation == self._rate_generation:
                self._show_rate(f"Taux appliqué : {error_text(exc)}")

        self.rate_label.setText("Taux appliqué : …")
        self._worker.submit(lambda: preview_rate(ctx.db, client_id=client, user_id=lawyer,
                                                 on_date=day), shown, failed)

    def _show_rate(self, text: str) -> None:
        self.rate_label.setText(text)
        self.rateShown.emit(text)

    # -- saving ----------------------------------------------------------------------------------
    def work(self) -> Callable[[], Any]:
        ctx, mid, eid, actor = self._ctx, self.matter_id, self.entry_id, self.actor()
        lawyer, day = self.lawyer_combo.currentData(), date_of(self.date_edit)
        duration, description = self.duration_edit.text(), self.description_edit.text()
        billable = self.billable_check.isChecked()

        def job() -> int:
            minutes = parse_duration(duration)
            if lawyer is None:
                raise ValidationError("Choisissez l'avocat qui a passé ce temps.", field="lawyer")
            data = TimeInput(matter_id=mid, user_id=lawyer, work_date=day, minutes=minutes,
                             description=description, billable=billable)
            if eid is None:
                return record_time(ctx.db, ctx.clock, data, user_id=actor)
            return update_time(ctx.db, ctx.clock, eid, data, user_id=actor).id

        return job


def rate_line(rate: ResolvedRate) -> str:
    """« Taux appliqué : 250,00 € HT/h (taux négocié pour cet avocat) »."""
    label = rate.source_label
    return f"Taux appliqué : {format_eur(rate.rate)} HT/h ({label[:1].lower()}{label[1:]})"
