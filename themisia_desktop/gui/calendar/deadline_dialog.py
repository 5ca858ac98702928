"""« Nouveau délai » of a matter: title, kind, the event's date and the period (jours / mois), or
a fixed date; the due date and the calculator's explanation are shown while the user types."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from themisia_desktop.core.calendar.deadline_calculator import (UNIT_CHOICES, compute,
                                                                parse_period_value)
from themisia_desktop.core.calendar.deadlines import (KIND_CHOICES, DeadlineInfo, add_deadline,
                                                      firm_alsace_moselle, move_deadline)
from themisia_desktop.core.calendar.holidays_fr import long_date
from themisia_desktop.core.calendar.tasks import assignment_choices
from themisia_desktop.core.contacts.identifiers import parse_date
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.gui.calendar.task_dialog import CalendarDialog, date_edit, fr_day

INCOMPLETE = "Saisissez la date de l'événement et la durée : l'échéance s'affichera ici."


class DeadlineDialog(CalendarDialog):
    """Emits ``saved(DeadlineInfo)`` then closes once core has stored the deadline. Given an
    existing ``deadline``, the dialog moves it (new event date, period or fixed date)."""

    def __init__(self, ctx, matter_id: int, parent: QWidget | None = None, *,  # noqa: ANN001
                 deadline: DeadlineInfo | None = None) -> None:
        super().__init__(ctx, "Déplacer le délai" if deadline else "Nouveau délai", parent)
        self._matter_id = matter_id
        self._deadline = deadline
        self._alsace_moselle = False
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("title_edit")
        self.title_edit.setMaxLength(300)
        self.title_edit.setPlaceholderText("Ex. : Conclusions d'intimé")
        self.kind_combo = QComboBox(self)
        for key, label in KIND_CHOICES:
            self.kind_combo.addItem(label, key)
        self.trigger_edit = date_edit(self, "trigger_edit")
        self.value_edit = QLineEdit(self)
        self.value_edit.setObjectName("value_edit")
        self.value_edit.setMaxLength(4)
        self.value_edit.setFixedWidth(self.fontMetrics().horizontalAdvance("00000") + 20)
        self.unit_combo = QComboBox(self)
        self.unit_combo.setObjectName("unit_combo")
        for key, label in UNIT_CHOICES:
            self.unit_combo.addItem(label, key)
        self.period_box = QWidget(self)
        row = QHBoxLayout(self.period_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.value_edit)
        row.addWidget(self.unit_combo)
        row.addStretch(1)
        self.fixed_check = QCheckBox("Échéance à date fixe (sans calcul)", self)
        self.due_edit = date_edit(self, "due_edit")
        self.due_edit.setEnabled(False)
        self.responsible_combo = QComboBox(self)
        self.responsible_combo.setObjectName("responsible_combo")

        self.form.addRow("Intitulé :", self.title_edit)
        self.form.addRow("Nature :", self.kind_combo)
        self.form.addRow("Événement du :", self.trigger_edit)
        self.form.addRow("Délai :", self.period_box)
        self.form.addRow("", self.fixed_check)
        self.form.addRow("Date d'échéance :", self.due_edit)
        self.form.addRow("Responsable :", self.responsible_combo)

        self.preview = QFrame(self)
        self.preview.setObjectName("deadline_preview")
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.due_label = QLabel(self.preview)
        self.due_label.setObjectName("due_label")
        bold = QFont(self.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self.due_label.setFont(bold)
        self.steps_label = QLabel(self.preview)
        self.steps_label.setObjectName("steps_label")
        self.steps_label.setWordWrap(True)
        self.steps_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QVBoxLayout(self.preview)
        box.addWidget(self.due_label)
        box.addWidget(self.steps_label)
        self.form.addRow(self.preview)
        self.finish_layout({"title": self.title_edit, "kind": self.kind_combo,
                            "trigger_date": self.trigger_edit, "period_value": self.period_box,
                            "due_on": self.due_edit, "responsible": self.responsible_combo})
        for edit in (self.trigger_edit, self.value_edit, self.due_edit):
            edit.textChanged.connect(self.update_preview)
        self.unit_combo.currentIndexChanged.connect(self.update_preview)
        self.fixed_check.toggled.connect(self._fixed_toggled)
        if deadline is not None:
            self._fill(deadline)
        self.resize(620, 0)
        self.loaded = False
        self._set_busy(True)
        db = ctx.db
        self._worker.submit(lambda: (assignment_choices(db)[0], firm_alsace_moselle(db)),
                            self._on_loaded, self._on_failed)
        self.update_preview()

    def _fill(self, d: DeadlineInfo) -> None:
        self.title_edit.setText(d.title)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(d.kind), 0))
        for widget in (self.title_edit, self.kind_combo, self.responsible_combo):
            widget.setEnabled(False)  # moving changes the date only
        if d.period_value is None:
            self.fixed_check.setChecked(True)
            self.due_edit.setText(fr_day(d.due_on))
        else:
            self.trigger_edit.setText(fr_day(d.trigger_date))
            self.value_edit.setText(str(d.period_value))
            self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(d.period_unit), 0))

    def _on_loaded(self, result) -> None:  # noqa: ANN001
        users, self._alsace_moselle = result
        self.responsible_combo.addItem("Responsable du dossier", None)
        for u in users:
            self.responsible_combo.addItem(u.label, u.id)
        if self._deadline is not None:
            index = self.responsible_combo.findData(self._deadline.responsible_id)
            self.responsible_combo.setCurrentIndex(max(index, 0))
        self.loaded = True
        self._set_busy(False)
        self.update_preview()

    def _fixed_toggled(self, fixed: bool) -> None:
        for widget in (self.trigger_edit, self.value_edit, self.unit_combo):
            widget.setEnabled(not fixed)
        self.due_edit.setEnabled(fixed)
        self.update_preview()

    # -- live result ---------------------------------------------------------------------------
    def update_preview(self) -> None:
        """Computed on the GUI thread: the calculator is pure and takes well under a
        millisecond once the year's holidays are known."""
        try:
            if self.fixed_check.isChecked():
                due = parse_date(self.due_edit.text(), field="due_on", label="L'échéance")
                if due is None:
                    raise LookupError
                self.due_label.setText(f"Échéance : {long_date(due)}")
                self.steps_label.setText("Date saisie telle quelle, sans calcul.")
                return
            start = parse_date(self.trigger_edit.text(), field="trigger_date",
                               label="La date de l'événement")
            if start is None or not self.value_edit.text().strip():
                raise LookupError
            result = compute(start, parse_period_value(self.value_edit.text()),
                             self.unit_combo.currentData(), alsace_moselle=self._alsace_moselle)
        except LookupError:
            self.due_label.setText("Échéance : —")
            self.steps_label.setText(INCOMPLETE)
            return
        except ValidationError as exc:
            self.due_label.setText("Échéance : —")
            self.steps_label.setText(exc.message)
            return
        self.due_label.setText(f"Échéance : {long_date(result.due)}")
        self.steps_label.setText("\n".join(result.steps))

    def preview_text(self) -> str:
        return f"{self.due_label.text()}\n{self.steps_label.text()}"

    # -- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        if not self.loaded:
            return
        ctx, user_id, matter_id = self._ctx, self.user_id, self._matter_id
        title, kind = self.title_edit.text(), self.kind_combo.currentData()
        fixed = self.fixed_check.isChecked()
        trigger_text, value_text = self.trigger_edit.text(), self.value_edit.text()
        unit, due_text = self.unit_combo.currentData(), self.due_edit.text()
        responsible = self.responsible_combo.currentData()
        moving = self._deadline.id if self._deadline is not None else None

        def work():  # noqa: ANN202
            if fixed:
                due = parse_date(due_text, field="due_on", label="L'échéance")
                if due is None:
                    raise ValidationError("Indiquez la date d'échéance.", field="due_on")
                if moving is not None:
                    return move_deadline(ctx.db, ctx.clock, moving, due_on=due, user_id=user_id)
                return add_deadline(ctx.db, ctx.clock, matter_id, title, kind, None, None, None,
                                    responsible, due_on=due, user_id=user_id)
            trigger = parse_date(trigger_text, field="trigger_date",
                                 label="La date de l'événement")
            if trigger is None:
                raise ValidationError("Indiquez la date de l'événement qui fait courir le délai.",
                                      field="trigger_date")
            value = parse_period_value(value_text)
            if moving is not None:
                return move_deadline(ctx.db, ctx.clock, moving, trigger_date=trigger,
                                     period_value=value, period_unit=unit, user_id=user_id)
            return add_deadline(ctx.db, ctx.clock, matter_id, title, kind, trigger, value, unit,
                                responsible, user_id=user_id)

        self.submit_save(work)
