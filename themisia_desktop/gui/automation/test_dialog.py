"""« Tester le workflow »: what a workflow (saved or still in the editor) would do today, with
nothing written — the records it would concern, and for each one its conditions with the
values found and what each action would do. « Simuler sur cet enregistrement » tries it on one
record chosen by name. A document with mistakes shows them, in French, instead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from themisia_desktop.core.automation.definition import parse_definition
from themisia_desktop.core.automation.dry_run import WouldRun, dry_run
from themisia_desktop.core.automation.record_names import record_names
from themisia_desktop.core.automation.run_queries import TraceNames, trace_names
from themisia_desktop.core.automation.workflows import get_workflow
from themisia_desktop.core.automation.trace_text import (
    TraceLine,
    describe_actions,
    describe_conditions,
    describe_trigger,
    summarize,
)
from themisia_desktop.core.models.enums import RunOutcome
from themisia_desktop.gui.automation.run_record_picker import RecordSearch
from themisia_desktop.gui.automation.trace_view import lines_html
from themisia_desktop.gui.automation.workflow_list import problem_text
from themisia_desktop.gui.calendar.task_dialog import MessageLabel
from themisia_desktop.gui.tables import LEFT, RowsModel, make_table
from themisia_desktop.gui.worker import Worker

WOULD = {RunOutcome.SUCCEEDED.value: "Se déclencherait",
         RunOutcome.CONDITIONS_FALSE.value: "Conditions non remplies",
         RunOutcome.FAILED.value: "Échouerait", RunOutcome.LOOP_STOPPED.value: "Boucle interrompue",
         RunOutcome.SKIPPED_LATE.value: "Ignoré (trop tardif)"}
NOTHING_WRITTEN = ("Simulation : rien n'est enregistré, aucune tâche n'est créée et aucun e-mail "
                   "n'est envoyé.")


@dataclass(frozen=True)
class DryRunResult:
    would: list[WouldRun]
    names: dict[tuple[str, int], str]
    people: TraceNames
    one_record: bool


def would_lines(w: WouldRun, names: TraceNames,
                trigger: dict[str, Any] | None = None) -> list[TraceLine]:
    """What one record would go through, in French (``trigger``: the document's own)."""
    described = {**w.trigger, **(trigger or {})}
    lines = [TraceLine("trigger", f"Déclencheur : {describe_trigger(described, names)}")]
    conditions = describe_conditions(w.conditions, w.entity_type)
    lines += conditions or [TraceLine("info", "Aucune condition supplémentaire")]
    lines += describe_actions(w.actions, w.entity_type, names)
    errors = any(isinstance(a, dict) and "error" in a for a in w.actions)
    if w.outcome == RunOutcome.LOOP_STOPPED:
        lines.append(TraceLine("loop", w.error or "Boucle interrompue", False))
    elif w.error and not errors:
        lines.append(TraceLine("error", w.error, False))
    if w.outcome == RunOutcome.CONDITIONS_FALSE:
        lines.append(TraceLine("info", "Conditions non remplies : aucune action ne serait "
                                       "exécutée", None))
    return lines


class WorkflowTestDialog(QDialog):
    finished_test = Signal()   # a result (or an error) is shown

    def __init__(self, ctx, document: dict[str, Any], parent: QWidget | None = None, *,  # noqa: ANN001
                 workflow_id: int | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.document = document
        self.workflow_id = workflow_id
        self.result: DryRunResult | None = None
        self.errors: list[str] = []
        self._worker = Worker(self)
        name = str(document.get("name") or "workflow sans nom") if isinstance(document, dict) \
            else "workflow"
        self.setWindowTitle(f"Tester « {name} »")
        trigger = document.get("trigger") if isinstance(document, dict) else None
        self.trigger = trigger if isinstance(trigger, dict) else {}
        self.record_type = self.trigger.get("record")
        self._time_trigger = self.trigger.get("kind") in ("threshold", "date")

        intro = QLabel(NOTHING_WRITTEN, self)
        intro.setWordWrap(True)
        intro.setProperty("role", "hint")
        self.heading = QLabel("Recherche des enregistrements concernés aujourd'hui…", self)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.error_label = MessageLabel(self)
        self.error_label.setObjectName("test_errors")
        self.error_label.hide()
        self.model = RowsModel(["Enregistrement", "Résultat", "Ce qui se passerait"],
                               [LEFT] * 3, self)
        self.table = make_table(self, self.model, [300, 170, 400], stretch=2)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("test_detail")
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([220, 260])

        self.box = box = QGroupBox("Simuler sur un enregistrement choisi", self)
        self.search = RecordSearch(ctx, self.record_type, box, rows=4) \
            if self.record_type else None
        self.chosen_label = QLabel("Aucun enregistrement choisi.", box)
        self.simulate_button = QPushButton("Simuler sur cet enregistrement", box)
        self.simulate_button.setEnabled(False)
        self.all_button = QPushButton("Revenir à tous les enregistrements", box)
        self.all_button.setEnabled(False)
        box_layout = QVBoxLayout(box)
        if self.search is not None:
            box_layout.addWidget(self.search)
            self.search.picked.connect(self._chosen)
        row = QHBoxLayout()
        row.addWidget(self.chosen_label, 1)
        row.addWidget(self.simulate_button)
        row.addWidget(self.all_button)
        box_layout.addLayout(row)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Fermer", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.heading)
        layout.addWidget(self.error_label)
        layout.addWidget(split, 1)
        layout.addWidget(box)
        layout.addWidget(buttons)
        self.simulate_button.clicked.connect(self.simulate_chosen)
        self.all_button.clicked.connect(lambda: self.run(None))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.resize(980, 700)
        self.run(None)

    @property
    def busy(self) -> bool:
        return self._worker.busy

    # -- running ---------------------------------------------------------------------------
    def run(self, entity_id: int | None) -> None:
        ctx, doc, wid = self._ctx, self.document, self.workflow_id
        data_dir = getattr(getattr(ctx, "dirs", None), "data", None)

        def work() -> DryRunResult:
            # The saved workflow itself (unchanged in the editor) is tried by id: the dry run
            # then also skips what already fired for the current episode.
            target: Any = wid if wid is not None and _is_saved(ctx, wid, doc) else doc
            would = dry_run(ctx.db, ctx.clock, target, entity_id=entity_id, data_dir=data_dir)
            names = record_names(ctx.db, [(w.entity_type, w.entity_id) for w in would])
            return DryRunResult(would, names, trace_names(ctx.db), entity_id is not None)

        self.simulate_button.setEnabled(False)
        self._worker.submit_latest("run", work, self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.errors = list(getattr(exc, "errors", None) or [problem_text(exc)])
        self.heading.setText("Ce workflow ne peut pas être testé :")
        self.error_label.show_error("\n".join(f"• {e}" for e in self.errors))
        self.error_label.show()
        self.model.set_rows([])
        self.detail.clear()
        self._update_buttons()
        self.finished_test.emit()

    def _show(self, result: DryRunResult) -> None:
        self.result = result
        self.errors = []
        self.error_label.show_info("")
        self.error_label.hide()
        count = len(result.would)
        if result.one_record:
            name = result.names.get((result.would[0].entity_type, result.would[0].entity_id), "")
            self.heading.setText(f"Simulation sur : {name}" + (
                "\n(le déclencheur lui-même — seuil ou date — n'est pas vérifié : on suppose "
                "qu'il se produit)" if self._time_trigger else ""))
        elif not count:
            self.heading.setText("Aucun enregistrement ne déclencherait ce workflow aujourd'hui.")
        else:
            plural = "s" if count > 1 else ""
            self.heading.setText(f"{count} enregistrement{plural} concerné{plural} aujourd'hui :")
        rows = []
        for n, w in enumerate(result.would):
            what = summarize(w.outcome, w.conditions, w.actions, w.error, w.entity_type,
                             result.people, dry=True)
            rows.append((n, (result.names.get((w.entity_type, w.entity_id), ""),
                             WOULD.get(w.outcome, w.outcome), what)))
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        else:
            self.detail.clear()
        self._update_buttons()
        self.finished_test.emit()

    def _show_detail(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        if self.result is None or not selected:
            return
        w = self.result.would[selected[0].row()]
        name = self.result.names.get((w.entity_type, w.entity_id), "")
        self.detail_lines = would_lines(w, self.result.people, self.trigger)
        self.detail.setHtml(f"<h3 style='margin:0 0 6px 0'>{_escape(name)}</h3>"
                            + lines_html(self.detail_lines))

    # -- one record ------------------------------------------------------------------------
    def _chosen(self, record_id: int, name: str) -> None:
        self.chosen_label.setText(f"Choisi : {name}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.search is not None and self.search.record_id is not None
        self.simulate_button.setEnabled(chosen and not self.errors)
        self.box.setEnabled(not self.errors)
        self.all_button.setEnabled(self.result is not None and self.result.one_record)

    def simulate_chosen(self) -> None:
        if self.search is not None and self.search.record_id is not None:
            self.run(self.search.record_id)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


def _is_saved(ctx, workflow_id: int, document: dict[str, Any]) -> bool:  # noqa: ANN001
    """Whether ``document`` is the workflow's current version (raises its DefinitionError if
    it does not parse, so its mistakes are shown)."""
    current = get_workflow(ctx.db, workflow_id).definition.to_json()
    return parse_definition(document, check_template=lambda _t, _f: []).to_json() == current


def open_test_dialog(ctx, document: dict, parent: QWidget, *,  # noqa: ANN001
                     workflow_id: int | None = None) -> QDialog:
    """Open « Tester » for ``document`` (the editor's current one, saved or not)."""
    dialog = WorkflowTestDialog(ctx, document, parent, workflow_id=workflow_id)
    dialog.open()
    return dialog
