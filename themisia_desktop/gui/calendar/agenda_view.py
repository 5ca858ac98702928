"""« Agenda »: the logged-in user's day or week (Monday to Sunday), one block per day with its
deadlines, appointments (Paris time) and tasks due; previous / today / next, and
« Nouveau rendez-vous… »."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from themisia_desktop.core.calendar.agenda import (AgendaDay, AgendaItem, agenda, overdue_items,
                                                   week_start)
from themisia_desktop.core.calendar.appointments import cancel_appointment, get_appointment
from themisia_desktop.core.calendar.holidays_fr import FRENCH_MONTHS, long_date, short_day
from themisia_desktop.gui.calendar.appointment_dialog import AppointmentDialog
from themisia_desktop.gui.calendar.task_dialog import MessageLabel, fr_day
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker

KIND_COLOURS = {"deadline": "#b3261e", "appointment": "#1f4e8c", "task": "#3c3c3c"}
DAY_BACKGROUND = QColor("#eef1f5")
TODAY_BACKGROUND = QColor("#dce8f7")


def period_title(first: date, days: int) -> str:
    if days == 1:
        return long_date(first).capitalize()
    last = first + timedelta(days=days - 1)
    if first.month == last.month:
        return f"Semaine du {first.day} au {last.day} {FRENCH_MONTHS[last.month - 1]} {last.year}"
    return (f"Semaine du {first.day} {FRENCH_MONTHS[first.month - 1]} au {last.day} "
            f"{FRENCH_MONTHS[last.month - 1]} {last.year}")


class AgendaView(QWidget):
    loaded = Signal()
    changed = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("agenda_view")
        self._ctx = ctx
        self._worker = Worker(self)
        self.day = ctx.clock.today()
        self.days: tuple[AgendaDay, ...] = ()
        self.late: tuple[AgendaItem, ...] = ()
        self.dialog: AppointmentDialog | None = None

        self.day_button = QPushButton("Jour", self)
        self.week_button = QPushButton("Semaine", self)
        modes = QButtonGroup(self)
        for button in (self.day_button, self.week_button):
            button.setCheckable(True)
            modes.addButton(button)
        self.week_button.setChecked(True)
        self.previous_button = QPushButton("‹ Précédent", self)
        self.today_button = QPushButton("Aujourd'hui", self)
        self.next_button = QPushButton("Suivant ›", self)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("period_title")
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title_label.setFont(font)
        self.new_button = QPushButton("Nouveau rendez-vous…", self)
        self.move_button = QPushButton("Déplacer…", self)
        self.cancel_button = QPushButton("Annuler le rendez-vous", self)
        self.move_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.confirm_box: QMessageBox | None = None
        self._writer = Worker(self)
        bar = QHBoxLayout()
        for widget in (self.day_button, self.week_button):
            bar.addWidget(widget)
        bar.addSpacing(16)
        for widget in (self.previous_button, self.today_button, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.move_button)
        bar.addWidget(self.cancel_button)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("agenda_tree")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Horaire", "Type", "Intitulé", "Lieu · dossier"])
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        for column, width in enumerate((170, 130, 540)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.resizeSection(3, 300)
        self.message = MessageLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.title_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)

        self.day_button.toggled.connect(lambda _on: self.reload())
        self.previous_button.clicked.connect(lambda: self.shift(-1))
        self.next_button.clicked.connect(lambda: self.shift(1))
        self.today_button.clicked.connect(self.go_today)
        self.new_button.clicked.connect(self.new_appointment)
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.move_button.clicked.connect(self.move_selected)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.reload()

    # -- period --------------------------------------------------------------------------------
    @property
    def week_mode(self) -> bool:
        return self.week_button.isChecked()

    def period(self) -> tuple[date, int]:
        return (week_start(self.day), 7) if self.week_mode else (self.day, 1)

    def shift(self, steps: int) -> None:
        self.day += timedelta(days=steps * (7 if self.week_mode else 1))
        self.reload()

    def go_today(self) -> None:
        self.day = self._ctx.clock.today()
        self.reload()

    def show_day(self, day: date, *, week: bool = True) -> None:
        self.day = day
        (self.week_button if week else self.day_button).setChecked(True)
        self.reload()

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        ctx = self._ctx
        self.message.show_info("")
        first, count = self.period()
        self.title_label.setText(period_title(first, count))
        user_id = ctx.current_user.id if ctx.current_user else 0
        with_overdue = first <= ctx.clock.today() < first + timedelta(days=count)

        def load():  # noqa: ANN202
            late = overdue_items(ctx.db, ctx.clock, user_id) if with_overdue else ()
            return agenda(ctx.db, ctx.clock, user_id, first, count), late

        self._worker.submit_latest("agenda", load, lambda result: self._show(*result),
                                   lambda exc: self.message.show_error(error_text(exc)))

    def _show(self, days: tuple[AgendaDay, ...], late: tuple[AgendaItem, ...]) -> None:
        self.days, self.late = days, late
        today = self._ctx.clock.today()
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        if late:
            top = QTreeWidgetItem(self.tree, [f"En retard ({len(late)})", "", "", ""])
            top.setFirstColumnSpanned(True)
            top.setFont(0, bold)
            top.setForeground(0, QBrush(QColor(KIND_COLOURS["deadline"])))
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for item in late:
                row = self._add_item(top, item)
                since = f"{item.day:%d/%m}" if item.day.year == today.year else fr_day(item.day)
                row.setText(0, f"depuis le {since}")
                row.setText(1, item.kind_label)
        for day in days:
            heading = short_day(day.day).capitalize()
            notes = [n for n in ("aujourd'hui" if day.day == today else "", day.holiday or "") if n]
            if notes:
                heading += " — " + ", ".join(notes)
            top = QTreeWidgetItem(self.tree, [heading, "", "", ""])
            top.setFirstColumnSpanned(True)
            top.setFont(0, bold)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            background = QBrush(TODAY_BACKGROUND if day.day == today else DAY_BACKGROUND)
            for column in range(4):
                top.setBackground(column, background)
            if not day.items:
                empty = QTreeWidgetItem(top, ["", "", "Rien de prévu", ""])
                empty.setForeground(2, QBrush(QColor("#777777")))
                empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for item in day.items:
                self._add_item(top, item)
        self.tree.expandAll()
        self._selection_changed()
        self.loaded.emit()

    def _add_item(self, top: QTreeWidgetItem, item: AgendaItem) -> QTreeWidgetItem:
        kind = item.kind_label + (" (en retard)" if item.overdue else "")
        row = QTreeWidgetItem(top, [item.time_text, kind, item.title, item.detail])
        row.setData(0, Qt.ItemDataRole.UserRole, f"{item.kind}:{item.id}")
        row.setForeground(1, QBrush(QColor(KIND_COLOURS[item.kind])))
        row.setToolTip(2, item.title)
        if item.kind == "deadline" or item.overdue:
            font = QFont(self.tree.font())
            font.setBold(True)
            row.setFont(2, font)
        return row

    def visible_lines(self) -> list[tuple[str, ...]]:
        """(day heading, time, kind, title, detail) of every item shown, for checks and export."""
        lines = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                child = top.child(j)
                lines.append((top.text(0),) + tuple(child.text(c) for c in range(4)))
        return lines

    # -- actions -------------------------------------------------------------------------------
    def selected_appointment(self) -> tuple[int, str] | None:
        """(id, title) of the selected appointment, if an appointment is selected."""
        items = self.tree.selectedItems()
        key = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        if not key or not key.startswith("appointment:"):
            return None
        return int(key.split(":")[1]), items[0].text(2)

    def select_line(self, title: str) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).text(2) == title:
                    self.tree.setCurrentItem(top.child(j))
                    return True
        return False

    def _selection_changed(self) -> None:
        chosen = self.selected_appointment() is not None
        self.cancel_button.setEnabled(chosen)
        self.move_button.setEnabled(chosen)

    def move_selected(self) -> None:
        chosen = self.selected_appointment()
        if chosen is None:
            return
        db = self._ctx.db
        self._worker.submit(lambda: get_appointment(db, chosen[0]), self._open_move,
                            lambda exc: self.message.show_error(error_text(exc)))

    def _open_move(self, info) -> None:  # noqa: ANN001
        self.dialog = AppointmentDialog(self._ctx, parent=self, appointment=info)
        self.dialog.saved.connect(self._created)
        self.dialog.open()

    def ask_cancel(self) -> None:
        chosen = self.selected_appointment()
        if chosen is None:
            return
        appointment_id, title = chosen
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        box = QMessageBox(QMessageBox.Icon.Question, "Annuler le rendez-vous",
                          f"Annuler le rendez-vous « {title} » ? Il sera retiré de l'agenda de "
                          "tous ses participants.", parent=self)
        self.confirm_yes = box.addButton("Annuler le rendez-vous", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Le garder", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.buttonClicked.connect(
            lambda b: b is self.confirm_yes and self._cancel(appointment_id, title))
        self.confirm_box = box
        box.open()

    def _cancel(self, appointment_id: int, title: str) -> None:
        ctx = self._ctx
        user_id = ctx.current_user.id if ctx.current_user else None

        def done(_result: object) -> None:
            self.changed.emit()
            self.reload()
            self.message.show_info(f"Rendez-vous « {title} » annulé.")

        self._writer.submit(
            lambda: cancel_appointment(ctx.db, ctx.clock, appointment_id, user_id=user_id), done,
            lambda exc: self.message.show_error(error_text(exc)))

    def new_appointment(self) -> None:
        self.dialog = AppointmentDialog(self._ctx, day=self.day, parent=self)
        self.dialog.saved.connect(self._created)
        self.dialog.open()

    def _created(self, info) -> None:  # noqa: ANN001
        self.day = info.start_local.date()
        self.changed.emit()
        self.reload()
        self.message.show_info(f"Rendez-vous « {info.title} » enregistré : "
                               f"{short_day(info.start_local.date())} à {info.start_local:%H:%M}.")
