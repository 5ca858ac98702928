"""« Historique des exécutions »: the runs of the workflows, newest first, filtered by workflow,
record, outcome and period, 200 at a time (« Afficher plus »), and the trace of the chosen run
on the right."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QLabel,
                               QPushButton, QSplitter, QVBoxLayout, QWidget)

from themisia_desktop.core.automation.fields import RECORD_TYPES, WATCHED_RECORD_TYPES
from themisia_desktop.core.automation.run_queries import (
    PAGE_SIZE,
    RunDetail,
    RunFilter,
    RunPage,
    RunRow,
    list_runs_page,
    load_run,
)
from themisia_desktop.core.automation.trace_text import summarize
from themisia_desktop.core.automation.workflows import WorkflowInfo, list_workflows
from themisia_desktop.core.clock import PARIS
from themisia_desktop.core.models.enums import RunOutcome
from themisia_desktop.gui.automation.run_record_picker import RecordPickerDialog
from themisia_desktop.gui.automation.trace_view import TraceView
from themisia_desktop.gui.calendar.task_dialog import MessageLabel
from themisia_desktop.gui.tables import LEFT, RowsModel, error_text, make_table
from themisia_desktop.gui.worker import Worker

NO_DATE = QDate(2000, 1, 1)
BAD_OUTCOMES = (RunOutcome.FAILED, RunOutcome.LOOP_STOPPED)


def short_when(value) -> str:  # noqa: ANN001
    """« 02/03/2026 10:30 » in Paris time."""
    return value.astimezone(PARIS).strftime("%d/%m/%Y %H:%M") if value.tzinfo else \
        value.strftime("%d/%m/%Y %H:%M")


class RunsModel(RowsModel):
    """Runs that failed or were stopped are shown in red."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(["Date", "Workflow", "Enregistrement", "Résultat", "Détail"],
                         [LEFT] * 5, parent)
        self._bad: list[bool] = []

    def set_bad(self, bad: list[bool]) -> None:
        self._bad = bad

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
        if (role == Qt.ItemDataRole.ForegroundRole and index.isValid()
                and index.row() < len(self._bad) and self._bad[index.row()]):
            return QBrush(QColor("#b3261e"))
        return super().data(index, role)


def _date_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("—")
    edit.setDate(NO_DATE)
    return edit


class RunHistory(QWidget):
    loaded = Signal()
    traceShown = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("run_history")
        self._ctx = ctx
        self._worker = Worker(self)
        self.rows: list[RunRow] = []
        self.has_more = False
        self.page_size = PAGE_SIZE
        self.summaries: list[str] = []
        self.record_id: int | None = None
        self._pending_workflow: int | None = None
        self.picker: RecordPickerDialog | None = None

        self.workflow_combo = QComboBox(self)
        self.workflow_combo.addItem("Tous les workflows", None)
        self.workflow_combo.setMinimumWidth(240)
        self.outcome_combo = QComboBox(self)
        self.outcome_combo.addItem("Tous les résultats", None)
        for value, label in RunOutcome.choices():
            self.outcome_combo.addItem(label, value)
        self.type_combo = QComboBox(self)
        self.type_combo.addItem("Tous les types", None)
        for key in WATCHED_RECORD_TYPES:
            self.type_combo.addItem(RECORD_TYPES[key].label, key)
        self.record_button = QPushButton("Choisir…", self)
        self.record_button.setToolTip("Ne montrer que les exécutions d'un enregistrement précis")
        self.record_label = QLabel("Tous les enregistrements", self)
        self.record_label.setMinimumWidth(220)
        self.clear_record_button = QPushButton("Retirer", self)
        self.clear_record_button.setToolTip("Montrer les exécutions de tous les enregistrements")
        self.since_edit = _date_edit(self, "since")
        self.until_edit = _date_edit(self, "until")
        self.reset_button = QPushButton("Effacer les filtres", self)

        grid = QGridLayout()
        grid.addWidget(QLabel("Workflow :", self), 0, 0)
        grid.addWidget(self.workflow_combo, 0, 1)
        grid.addWidget(QLabel("Résultat :", self), 0, 2)
        grid.addWidget(self.outcome_combo, 0, 3)
        grid.addWidget(QLabel("Du", self), 0, 4, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.since_edit, 0, 5)
        grid.addWidget(QLabel("au", self), 0, 6, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.until_edit, 0, 7)
        grid.addWidget(QLabel("Enregistrement :", self), 1, 0)
        grid.addWidget(self.type_combo, 1, 1)
        record = QHBoxLayout()
        record.addWidget(self.record_button)
        record.addWidget(self.clear_record_button)
        record.addWidget(self.record_label, 1)
        grid.addLayout(record, 1, 2, 1, 4)
        grid.addWidget(self.reset_button, 1, 6, 1, 2)
        grid.setColumnStretch(8, 1)

        self.model = RunsModel(self)
        self.table = make_table(self, self.model, [118, 190, 250, 135, 200], stretch=4)
        self.more_button = QPushButton(f"Afficher {PAGE_SIZE} de plus", self)
        self.count_label = QLabel(self)
        self.count_label.setProperty("role", "hint")
        self.message = MessageLabel(self)
        self.trace = TraceView(self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        foot = QHBoxLayout()
        foot.addWidget(self.count_label, 1)
        foot.addWidget(self.more_button)
        left_layout.addLayout(foot)
        left_layout.addWidget(self.message)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.trace)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([840, 500])
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.splitter, 1)

        for combo in (self.workflow_combo, self.outcome_combo):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.since_edit.dateChanged.connect(lambda _d: self.reload())
        self.until_edit.dateChanged.connect(lambda _d: self.reload())
        self.record_button.clicked.connect(self.choose_record)
        self.clear_record_button.clicked.connect(lambda: self.set_record(None, ""))
        self.reset_button.clicked.connect(self.reset_filters)
        self.more_button.clicked.connect(self.load_more)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self._type_changed()
        self.reload_workflows()

    # -- filters ---------------------------------------------------------------------------
    def reload_workflows(self) -> None:
        db = self._ctx.db
        self._worker.submit_latest("workflows", lambda: list_workflows(db), self._fill_workflows,
                                   lambda exc: self.message.show_error(error_text(exc)))

    def _fill_workflows(self, infos: list[WorkflowInfo]) -> None:
        wanted = self._pending_workflow if self._pending_workflow is not None \
            else self.workflow_combo.currentData()
        self.workflow_combo.blockSignals(True)
        self.workflow_combo.clear()
        self.workflow_combo.addItem("Tous les workflows", None)
        for info in infos:
            self.workflow_combo.addItem(info.name, info.id)
        index = self.workflow_combo.findData(wanted) if wanted is not None else 0
        self.workflow_combo.setCurrentIndex(max(index, 0))
        self.workflow_combo.blockSignals(False)
        self._pending_workflow = None
        self.reload()

    def show_workflow(self, workflow_id: int) -> None:
        """Filter on one workflow (from the « Historique » button of the list)."""
        index = self.workflow_combo.findData(workflow_id)
        if index < 0:  # a workflow created since the combo was filled
            self._pending_workflow = workflow_id
            self.reload_workflows()
            return
        if index == self.workflow_combo.currentIndex():
            self.reload()
        self.workflow_combo.setCurrentIndex(index)

    def _type_changed(self) -> None:
        has_type = self.type_combo.currentData() is not None
        self.record_button.setEnabled(has_type)
        self.set_record(None, "", reload=False)
        self.reload()

    def set_record(self, record_id: int | None, name: str, *, reload: bool = True) -> None:
        self.record_id = record_id
        kind = self.type_combo.currentData()
        self.record_label.setText(name if record_id is not None else
                                  "Tous les enregistrements" + (
                                      " de ce type" if kind else ""))
        self.clear_record_button.setEnabled(record_id is not None)
        if reload:
            self.reload()

    def choose_record(self) -> None:
        kind = self.type_combo.currentData()
        if kind is None:
            return
        self.picker = RecordPickerDialog(self._ctx, kind, self)
        self.picker.picked.connect(lambda rid, name: self.set_record(rid, name))
        self.picker.open()

    def reset_filters(self) -> None:
        for widget in (self.workflow_combo, self.outcome_combo, self.type_combo,
                       self.since_edit, self.until_edit):
            widget.blockSignals(True)
        self.workflow_combo.setCurrentIndex(0)
        self.outcome_combo.setCurrentIndex(0)
        self.type_combo.setCurrentIndex(0)
        self.since_edit.setDate(NO_DATE)
        self.until_edit.setDate(NO_DATE)
        for widget in (self.workflow_combo, self.outcome_combo, self.type_combo,
                       self.since_edit, self.until_edit):
            widget.blockSignals(False)
        self._type_changed()

    @staticmethod
    def _day(edit: QDateEdit) -> date | None:
        value = edit.date()
        return None if value == NO_DATE else date(value.year(), value.month(), value.day())

    def current_filter(self) -> RunFilter:
        return RunFilter(workflow_id=self.workflow_combo.currentData(),
                         entity_type=self.type_combo.currentData(), entity_id=self.record_id,
                         outcome=self.outcome_combo.currentData(),
                         since=self._day(self.since_edit), until=self._day(self.until_edit))

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        db, flt, size = self._ctx.db, self.current_filter(), self.page_size
        self.more_button.setEnabled(False)
        self._worker.submit_latest("runs", lambda: list_runs_page(db, flt, limit=size),
                                   lambda page: self._show(page, append=False), self._failed)

    def load_more(self) -> None:
        if not self.rows:
            return
        db, flt, before = self._ctx.db, self.current_filter(), self.rows[-1].run.id
        size = self.page_size
        self.more_button.setEnabled(False)
        self._worker.submit_latest("runs", lambda: list_runs_page(db, flt, before_id=before,
                                                                  limit=size),
                                   lambda page: self._show(page, append=True), self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.rows, self.has_more, self.summaries = [], False, []
        self.model.set_rows([])
        self.count_label.setText("")
        self.more_button.hide()
        self.trace.clear_run()
        self.message.show_error(error_text(exc))
        self.loaded.emit()

    def _show(self, page: RunPage, *, append: bool) -> None:
        selected = self.selected_run_id()
        self.rows = (self.rows if append else []) + list(page.rows)
        self.has_more = page.has_more
        texts = [summarize(r.run.outcome, r.run.conditions, r.run.actions, r.run.error,
                           r.run.entity_type, page.names) for r in page.rows]
        self.summaries = (self.summaries if append else []) + texts
        self.model.set_rows([(r.run.id, (short_when(r.run.started_at), r.run.workflow_name
                                         or "Workflow supprimé", r.record_name or "—",
                                         r.run.outcome_label, text))
                             for r, text in zip(self.rows, self.summaries, strict=True)],
                            tips=[f"{r.record_name}\n{text}"
                                  for r, text in zip(self.rows, self.summaries, strict=True)])
        self.model.set_bad([r.run.outcome in BAD_OUTCOMES for r in self.rows])
        count = len(self.rows)
        self.count_label.setText("Aucune exécution pour ces critères." if not count else
                                 f"{count} exécution{'s' if count > 1 else ''} affichée"
                                 f"{'s' if count > 1 else ''}" + (" (il y en a d'autres)"
                                                                 if page.has_more else ""))
        self.more_button.setEnabled(page.has_more)
        self.more_button.setVisible(page.has_more)
        self.message.show_info("")
        ids = [r.run.id for r in self.rows]
        if selected in ids:
            self.table.selectRow(ids.index(selected))
        elif not append:
            self.trace.clear_run()
        self.loaded.emit()

    # -- the trace -------------------------------------------------------------------------
    def selected_run_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def select_run(self, run_id: int) -> bool:
        for row, r in enumerate(self.rows):
            if r.run.id == run_id:
                self.table.selectRow(row)
                return True
        return False

    def _selected(self) -> None:
        run_id = self.selected_run_id()
        if run_id is None:
            return
        if self.trace.detail is not None and self.trace.detail.run.id == run_id:
            return
        db = self._ctx.db
        self._worker.submit_latest("trace", lambda: load_run(db, run_id), self._show_trace,
                                   lambda exc: self.trace.show_message(error_text(exc),
                                                                       error=True))

    def _show_trace(self, detail: RunDetail) -> None:
        self.trace.show_run(detail)
        self.traceShown.emit()
