"""« Workflows »: every workflow of the firm with what it reacts to, whether it is on, its version
and its last run; « Nouveau… », « Ouvrir », « Dupliquer », « Activer » / « Désactiver »,
« Importer… », « Exporter… », « Tester… » and « Historique »."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from themisia_desktop.core.automation.run_queries import WorkflowRow, workflow_rows
from themisia_desktop.core.automation.workflows import (
    WorkflowInfo,
    export_workflow,
    get_workflow,
    import_workflow,
    set_enabled,
)
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.gui.automation.run_history import short_when
from themisia_desktop.gui.automation.workflow_list_new import NewWorkflowDialog
from themisia_desktop.gui.calendar.task_dialog import MessageLabel
from themisia_desktop.gui.tables import CENTER, LEFT, RowsModel, error_text, make_table
from themisia_desktop.gui.worker import Worker

FILE_FILTER = "Workflow Themisia (*.json)"
COPY_SUFFIX = " (copie)"


def load_editor():  # noqa: ANN201
    """``open_workflow_editor`` of the editor window (imported when first needed)."""
    from themisia_desktop.gui.automation.editor_window import open_workflow_editor

    return open_workflow_editor


def load_test_dialog():  # noqa: ANN201
    from themisia_desktop.gui.automation.test_dialog import open_test_dialog

    return open_test_dialog


def problem_text(exc: BaseException) -> str:
    errors = getattr(exc, "errors", None)
    if errors and len(errors) > 1:
        return "\n".join(f"• {e}" for e in errors)
    return error_text(exc)


def duplicate_workflow(db, clock, workflow_id: int, *,  # noqa: ANN001
                       user_id: int | None = None) -> WorkflowInfo:
    """A disabled copy named « … (copie) » (« … (copie) (2) » if that is taken)."""
    payload = json.loads(export_workflow(db, workflow_id))
    payload["builtin_key"] = None
    name = payload["workflow"]["name"]
    payload["workflow"]["name"] = name[:200 - len(COPY_SUFFIX)] + COPY_SUFFIX
    return import_workflow(db, clock, json.dumps(payload, ensure_ascii=False), user_id=user_id)


class WorkflowsModel(RowsModel):
    """Disabled workflows are greyed."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(["Nom", "Porte sur", "Déclencheur", "État", "Version",
                          "Dernière exécution"], [LEFT, LEFT, LEFT, LEFT, CENTER, LEFT], parent)
        self._off: list[bool] = []

    def set_off(self, off: list[bool]) -> None:
        self._off = off

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
        if (role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 3
                and index.row() < len(self._off)):
            return QBrush(QColor("#5f6368" if self._off[index.row()] else "#1e6b34"))
        return super().data(index, role)


class WorkflowList(QWidget):
    """``historyRequested(workflow_id)``: show that workflow's runs; ``changed()`` after a
    write; ``loaded()`` after each reload."""

    historyRequested = Signal(int)
    changed = Signal()
    loaded = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("workflow_list")
        self._ctx = ctx
        self._worker = Worker(self)
        self._writer = Worker(self)
        self.rows: list[WorkflowRow] = []
        self.editors: list[Any] = []
        self.dialog: Any = None

        self.new_button = QPushButton("Nouveau…", self)
        self.open_button = QPushButton("Ouvrir", self)
        self.duplicate_button = QPushButton("Dupliquer", self)
        self.toggle_button = QPushButton("Activer", self)
        self.import_button = QPushButton("Importer…", self)
        self.export_button = QPushButton("Exporter…", self)
        self.test_button = QPushButton("Tester…", self)
        self.history_button = QPushButton("Historique", self)
        bar = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.duplicate_button,
                       self.toggle_button, self.test_button, self.history_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.import_button)
        bar.addWidget(self.export_button)
        self.model = WorkflowsModel(self)
        self.table = make_table(self, self.model, [390, 130, 330, 90, 65, 210], stretch=2)
        self.message = MessageLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

        self.new_button.clicked.connect(self.new_workflow)
        self.open_button.clicked.connect(self.open_selected)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.import_button.clicked.connect(self._ask_import)
        self.export_button.clicked.connect(self._ask_export)
        self.test_button.clicked.connect(self.test_selected)
        self.history_button.clicked.connect(self._history)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()
        self.reload()

    # -- list ------------------------------------------------------------------------------
    def reload(self) -> None:
        db = self._ctx.db
        self._worker.submit_latest("rows", lambda: workflow_rows(db), self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.message.show_error(problem_text(exc))
        self._update_buttons()
        self.loaded.emit()

    def _show(self, rows: list[WorkflowRow]) -> None:
        selected = self.selected()
        self.rows = rows
        self.model.set_rows([(r.info.id, self._cells(r)) for r in rows],
                            tips=[r.info.description or r.info.name for r in rows])
        self.model.set_off([not r.info.enabled for r in rows])
        if selected is not None:
            self.select(selected.info.id)
        self._update_buttons()
        self.loaded.emit()

    @staticmethod
    def _cells(r: WorkflowRow) -> tuple[str, ...]:
        last = (f"{short_when(r.last_run.started_at)} — {r.last_run.outcome_label}"
                if r.last_run is not None else "Jamais")
        return (r.info.name, r.record_label, r.trigger_text,
                "Activé" if r.info.enabled else "Désactivé", str(r.info.current_version), last)

    def selected(self) -> WorkflowRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def select(self, workflow_id: int) -> bool:
        for row, r in enumerate(self.rows):
            if r.info.id == workflow_id:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.open_button, self.duplicate_button, self.toggle_button,
                       self.export_button, self.test_button, self.history_button):
            button.setEnabled(row is not None)
        self.toggle_button.setText("Désactiver" if row is not None and row.info.enabled
                                   else "Activer")

    # -- editor ----------------------------------------------------------------------------
    def _open_editor(self, **kwargs: Any) -> Any:
        try:
            opener = load_editor()
        except ImportError:
            self.message.show_error("L'éditeur de workflows n'est pas disponible.")
            return None
        editor = opener(self._ctx, parent=self, **kwargs)
        editor.saved.connect(self._saved)
        self.editors.append(editor)
        editor.show()
        return editor

    def _saved(self, workflow_id: int) -> None:
        self.message.show_info("Workflow enregistré.")
        self.changed.emit()
        self._after_reload_select(workflow_id)
        self.reload()

    def new_workflow(self) -> None:
        self.dialog = NewWorkflowDialog(self)
        self.dialog.accepted.connect(lambda: self._open_editor(document=self.dialog.document))
        self.dialog.open()

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._open_editor(workflow_id=row.info.id)

    # -- writes ----------------------------------------------------------------------------
    def _write(self, fn, done_text, *, select: bool = False) -> None:  # noqa: ANN001
        if self._writer.busy:
            return

        def done(result: Any) -> None:
            self.message.show_info(done_text(result))
            self.changed.emit()
            if select and isinstance(result, WorkflowInfo):
                self._after_reload_select(result.id)
            self.reload()

        def failed(exc: BaseException) -> None:
            self.message.show_error(problem_text(exc))
            self._update_buttons()

        self._writer.submit(fn, done, failed)

    def _after_reload_select(self, workflow_id: int) -> None:
        def once() -> None:
            self.loaded.disconnect(once)
            self.select(workflow_id)
        self.loaded.connect(once)

    def _user_id(self) -> int | None:
        return self._ctx.current_user.id if self._ctx.current_user else None

    def duplicate_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        ctx, wid, uid = self._ctx, row.info.id, self._user_id()
        self._write(lambda: duplicate_workflow(ctx.db, ctx.clock, wid, user_id=uid),
                    lambda info: f"Copie « {info.name} » créée (désactivée).", select=True)

    def toggle_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        ctx, wid, on, uid = self._ctx, row.info.id, not row.info.enabled, self._user_id()
        name = row.info.name

        def act() -> WorkflowInfo:
            try:
                return set_enabled(ctx.db, ctx.clock, wid, on, user_id=uid,
                                   data_dir=ctx.dirs.data)
            except ValidationError as exc:
                verb = "d'activer" if on else "de désactiver"
                raise ValidationError(f"Impossible {verb} « {name} » : {exc}",
                                      field=exc.field) from None

        self.toggle_button.setEnabled(False)
        self._write(act, lambda info: f"« {info.name} » "
                                      f"{'activé' if info.enabled else 'désactivé'}.")

    def import_from(self, path: str | Path) -> None:
        ctx, uid, file = self._ctx, self._user_id(), Path(path)

        def act() -> WorkflowInfo:
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ValidationError(f"Le fichier « {file.name} » n'a pas pu être lu : "
                                      f"{getattr(exc, 'strerror', None) or exc}",
                                      field="file") from None
            return import_workflow(ctx.db, ctx.clock, text, user_id=uid)

        self._write(act, lambda info: f"Workflow « {info.name} » importé (désactivé).",
                    select=True)

    def export_to(self, workflow_id: int, path: str | Path) -> None:
        db, file = self._ctx.db, Path(path)

        def act() -> str:
            text = export_workflow(db, workflow_id)
            try:
                file.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise ValidationError(f"Le fichier « {file.name} » n'a pas pu être écrit : "
                                      f"{exc.strerror or exc}", field="file") from None
            return file.name

        self._write(act, lambda name: f"Workflow exporté dans « {name} ».")

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Importer un workflow", "", FILE_FILTER)
        if path:
            self.import_from(path)

    def _ask_export(self) -> None:
        row = self.selected()
        if row is None:
            return
        suggested = f"{row.info.name}.json".replace("/", "-")
        path, _ = QFileDialog.getSaveFileName(self, "Exporter le workflow", suggested, FILE_FILTER)
        if path:
            self.export_to(row.info.id, path)

    # -- test and history ------------------------------------------------------------------
    def test_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        db, wid = self._ctx.db, row.info.id
        self._worker.submit(lambda: get_workflow(db, wid).definition.to_json(),
                            lambda doc: self._open_test(doc, wid),
                            lambda exc: self.message.show_error(problem_text(exc)))

    def _open_test(self, document: dict[str, Any], workflow_id: int) -> None:
        self.dialog = load_test_dialog()(self._ctx, document, self, workflow_id=workflow_id)

    def _history(self) -> None:
        row = self.selected()
        if row is not None:
            self.historyRequested.emit(row.info.id)
