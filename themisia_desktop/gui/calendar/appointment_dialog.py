"""« Nouveau rendez-vous »: subject, day and hours (Paris time, typed the French way), place,
matter, the firm's attendees and notes. The logged-in user organizes it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QWidget)

from themisia_desktop.core.calendar.appointments import (AppointmentInfo, create_appointment,
                                                         local_instant, move_appointment,
                                                         parse_time)
from themisia_desktop.core.calendar.tasks import assignment_choices, matter_choices
from themisia_desktop.core.contacts.identifiers import parse_date
from themisia_desktop.gui.calendar.task_dialog import CalendarDialog, date_edit, fr_day


def time_edit(parent: QWidget, name: str, text: str) -> QLineEdit:
    edit = QLineEdit(text, parent)
    edit.setObjectName(name)
    edit.setPlaceholderText("HH:MM")
    edit.setMaxLength(5)
    edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("00:000") + 20)
    return edit


class AppointmentDialog(CalendarDialog):
    """Emits ``saved(AppointmentInfo)`` then closes once core has stored the appointment. Given
    an existing ``appointment``, only its day and hours can be changed (« Déplacer »)."""

    def __init__(self, ctx, *, day: date | None = None, matter_id: int | None = None,  # noqa: ANN001
                 parent: QWidget | None = None,
                 appointment: AppointmentInfo | None = None) -> None:
        super().__init__(ctx, "Déplacer le rendez-vous" if appointment else "Nouveau rendez-vous",
                         parent)
        self._appointment = appointment
        self._matter_id = matter_id if appointment is None else appointment.matter_id
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("title_edit")
        self.title_edit.setMaxLength(300)
        self.day_edit = date_edit(self, "day_edit")
        self.day_edit.setText(fr_day(day or ctx.clock.today()))
        self.start_edit = time_edit(self, "start_edit", "09:00")
        self.end_edit = time_edit(self, "end_edit", "10:00")
        hours = QWidget(self)
        row = QHBoxLayout(hours)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.day_edit)
        row.addSpacing(12)
        row.addWidget(QLabel("de", hours))
        row.addWidget(self.start_edit)
        row.addWidget(QLabel("à", hours))
        row.addWidget(self.end_edit)
        row.addWidget(QLabel("(heure de Paris)", hours))
        row.addStretch(1)
        self.location_edit = QLineEdit(self)
        self.location_edit.setObjectName("location_edit")
        self.matter_combo = QComboBox(self)
        self.matter_combo.setObjectName("matter_combo")
        self.attendee_list = QListWidget(self)
        self.attendee_list.setObjectName("attendee_list")
        self.attendee_list.setFixedHeight(self.fontMetrics().height() * 5 + 16)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setObjectName("notes_edit")
        self.notes_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.form.addRow("Objet :", self.title_edit)
        self.form.addRow("Le :", hours)
        self.form.addRow("Lieu :", self.location_edit)
        self.form.addRow("Dossier :", self.matter_combo)
        self.form.addRow("Participants :", self.attendee_list)
        self.form.addRow("Notes :", self.notes_edit)
        self.finish_layout({"title": self.title_edit, "starts_at": hours,
                            "matter": self.matter_combo, "attendees": self.attendee_list})
        if appointment is not None:
            self._fill(appointment)
        self.resize(620, 0)
        self.loaded = False
        self._set_busy(True)
        db = ctx.db
        self._worker.submit(lambda: (assignment_choices(db)[0], matter_choices(db)),
                            self._on_choices, self._on_failed)

    def _fill(self, a: AppointmentInfo) -> None:
        self.title_edit.setText(a.title)
        self.day_edit.setText(fr_day(a.start_local.date()))
        self.start_edit.setText(f"{a.start_local:%H:%M}")
        self.end_edit.setText(f"{a.end_local:%H:%M}")
        self.location_edit.setText(a.location or "")
        self.notes_edit.setPlainText(a.notes or "")
        for widget in (self.title_edit, self.location_edit, self.matter_combo,
                       self.attendee_list, self.notes_edit):
            widget.setEnabled(False)  # moving changes the day and hours only

    def _on_choices(self, result) -> None:  # noqa: ANN001
        users, matters = result
        self.matter_combo.addItem("— Aucun —", None)
        for m in matters:
            self.matter_combo.addItem(m.label, m.id)
        if self._matter_id is not None:
            self.matter_combo.setCurrentIndex(max(self.matter_combo.findData(self._matter_id), 0))
        for u in users:
            if u.id == self.user_id:
                continue  # the organizer
            item = QListWidgetItem(u.label, self.attendee_list)
            item.setData(Qt.ItemDataRole.UserRole, u.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            attending = self._appointment is not None and u.id in self._appointment.attendee_ids
            item.setCheckState(Qt.CheckState.Checked if attending else Qt.CheckState.Unchecked)
        if not self.attendee_list.count():
            QListWidgetItem("(aucun autre utilisateur)", self.attendee_list).setFlags(
                Qt.ItemFlag.NoItemFlags)
        self.loaded = True
        self._set_busy(False)
        self.title_edit.setFocus()

    def attendee_ids(self) -> list[int]:
        ids = []
        for row in range(self.attendee_list.count()):
            item = self.attendee_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(item.data(Qt.ItemDataRole.UserRole))
        return ids

    def _on_failed(self, exc: BaseException) -> None:
        # An error on the end time is shown on the hours row, like one on the start.
        if getattr(exc, "field", None) in ("ends_at", "day"):
            exc.field = "starts_at"  # type: ignore[attr-defined]
        super()._on_failed(exc)

    def save(self) -> None:
        if not self.loaded:
            return
        ctx, user_id = self._ctx, self.user_id
        title, location = self.title_edit.text(), self.location_edit.text()
        notes = self.notes_edit.toPlainText()
        day_text, start_text, end_text = (self.day_edit.text(), self.start_edit.text(),
                                          self.end_edit.text())
        matter_id, attendees = self.matter_combo.currentData(), self.attendee_ids()
        moving = self._appointment.id if self._appointment is not None else None

        def work():  # noqa: ANN202
            day = parse_date(day_text, field="day", label="La date")
            starts = local_instant(day, parse_time(start_text, field="starts_at",
                                                   label="L'heure de début"))
            ends = local_instant(day, parse_time(end_text, field="ends_at",
                                                 label="L'heure de fin"))
            if moving is not None:
                return move_appointment(ctx.db, ctx.clock, moving, starts, ends, user_id=user_id)
            return create_appointment(ctx.db, ctx.clock, title, starts, ends, location=location,
                                      notes=notes, matter_id=matter_id, attendee_ids=attendees,
                                      user_id=user_id)

        self.submit_save(work)
